"""The record layouts as data: their fields (default column names) and required columns.

A layout says what a row means. ``contacts`` rows are approach events, ``entities`` rows declare
people, companies, intermediaries and technologies with their aliases and identifiers,
``relations`` rows state a relation directly, ``cases`` rows describe investigation cases,
``ftm`` rows are FollowTheMoney entities (docs/exchange.md).
Column headers match a field when they are equal after width folding, case folding and
treating spaces and hyphens as underscores (``From Name`` is ``from_name``).

>>> guess_layout(["contact_id", "from_name", "to_name", "date"]).name
'contacts'
>>> LAYOUTS["relations"].missing_required(["from_id", "to_name"])
['relation']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from graphkit.errors import FileFormatError
from graphkit.normalize.text import word_key


@dataclass(frozen=True)
class Layout:
    """A record layout: its name, fields in order, required fields and the row's own id field.

    ``required`` holds groups of alternatives: the row needs at least one field of each group
    (relations need ``from_name`` or ``from_id``).
    """

    name: str
    fields: tuple[str, ...]
    required: tuple[tuple[str, ...], ...]
    id_field: str | None
    description: str

    def missing_required(self, fields: Iterable[str]) -> list[str]:
        """The required groups not covered by ``fields``, each written as ``a`` or ``a|b``."""
        present = set(fields)
        return ["|".join(group) for group in self.required if not present.intersection(group)]


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            name="cases",
            fields=("case_id", "title", "opened", "status", "summary"),
            required=(("case_id",),),
            id_field="case_id",
            description="Investigation cases.",
        ),
        Layout(
            name="entities",
            fields=("entity_id", "kind", "name", "aliases", "country", "org", "identifiers"),
            required=(("name",),),
            id_field="entity_id",
            description="People, companies, intermediaries and technologies with aliases and identifiers.",
        ),
        Layout(
            name="contacts",
            fields=(
                "contact_id", "case_id", "date",
                "from_name", "from_kind", "from_country", "from_org",
                "to_name", "to_kind", "to_country", "to_org",
                "via_name", "via_kind", "via_country", "via_org",
                "technology", "channel", "outcome", "reliability", "weight", "notes",
            ),
            required=(("from_name",), ("to_name",)),
            id_field="contact_id",
            description="Approach and contact events: who approached whom, through whom, about what.",
        ),
        Layout(
            name="relations",
            fields=(
                "from_id", "from_name", "from_kind", "to_id", "to_name", "to_kind",
                "relation", "date", "case_id", "reliability", "weight", "notes",
            ),
            required=(("from_name", "from_id"), ("to_name", "to_id"), ("relation",)),
            id_field=None,
            description="Relations stated directly: employed by, owns, introduced, transferred, ...",
        ),
        Layout(
            name="ftm",
            fields=("id", "schema", "properties", "caption", "datasets", "referents",
                    "first_seen", "last_seen", "last_change", "target"),
            required=(("id",), ("schema",), ("properties",)),
            id_field="id",
            description="FollowTheMoney entities (JSON Lines: id, schema, properties), links included.",
        ),
    )
}

LOAD_ORDER: tuple[str, ...] = ("cases", "entities", "contacts", "relations", "ftm")
"""Layouts load in this order within one load, so contacts can join the entities declared."""


def header_key(column: str) -> str:
    """A column header as a field-name key: width- and case-folded, spaces and hyphens as ``_``.

    >>> header_key(" From-Name ")
    'from_name'
    """
    return word_key(str(column)).replace(" ", "_")


def get_layout(name: str) -> Layout:
    """The layout called ``name``; a :class:`FileFormatError` naming the known ones otherwise."""
    layout = LAYOUTS.get(header_key(name))
    if layout is None:
        raise FileFormatError(f"unknown record layout {name!r}; choose one of {', '.join(LAYOUTS)}")
    return layout


def layout_fit(columns: Sequence[str]) -> dict[str, tuple[bool, int]]:
    """How well a header fits each layout: (has every required column, columns it shares).

    >>> layout_fit(["contact_id", "case_id", "from_name", "to_name"])["contacts"]
    (True, 4)
    >>> layout_fit(["contact_id", "case_id", "from_name", "to_name"])["cases"]
    (True, 1)
    """
    keys = {header_key(c) for c in columns}
    return {name: (not layout.missing_required(keys), len(keys & set(layout.fields)))
            for name, layout in LAYOUTS.items()}


def better_layout(columns: Sequence[str], chosen: str) -> Layout | None:
    """A layout the header fits better than ``chosen``, or None when ``chosen`` fits best.

    Another layout fits better when it has every required column and shares more columns
    with the header than ``chosen`` does (a contacts file with a ``case_id`` column has
    what the cases layout requires, but shares far more with contacts).

    >>> better_layout(["contact_id", "case_id", "date", "from_name", "to_name"], "cases").name
    'contacts'
    >>> better_layout(["case_id", "title"], "cases") is None
    True
    """
    fit = layout_fit(columns)
    own = fit[get_layout(chosen).name]
    better = [name for name, (complete, shared) in fit.items()
              if complete and (shared > own[1] or not own[0] and shared >= own[1])
              and name != get_layout(chosen).name]
    if not better:
        return None
    return LAYOUTS[max(better, key=lambda name: fit[name][1])]


def guess_layout(columns: Sequence[str]) -> Layout | None:
    """The layout a header most likely belongs to, or None when it fits none.

    A JSON Lines file of objects with ``id``, ``schema`` and ``properties`` is FollowTheMoney
    (``ftm``); a header with a ``relation`` column and both ends is relations; one with ``from_name`` and
    ``to_name`` is contacts; one with ``name`` is entities; one with ``case_id`` and a case
    field is cases. A header that fits no layout fully is taken as the layout sharing most of
    its columns (contacts first on a tie), so the load names the required columns missing.

    >>> guess_layout(["name", "kind", "aliases"]).name
    'entities'
    >>> guess_layout(["case_id", "title"]).name
    'cases'
    >>> guess_layout(["from_name", "date"]).name
    'contacts'
    >>> guess_layout(["foo", "bar"]) is None
    True
    >>> guess_layout(["id", "schema", "properties", "caption"]).name
    'ftm'
    """
    keys = {header_key(c) for c in columns}
    if not LAYOUTS["ftm"].missing_required(keys):
        return LAYOUTS["ftm"]
    if not LAYOUTS["relations"].missing_required(keys):
        return LAYOUTS["relations"]
    if not LAYOUTS["contacts"].missing_required(keys):
        return LAYOUTS["contacts"]
    if "name" in keys:
        return LAYOUTS["entities"]
    if "case_id" in keys and keys & {"title", "opened", "status", "summary"}:
        return LAYOUTS["cases"]
    preference = ("contacts", "relations", "entities", "cases")
    shared = {name: len(keys & set(LAYOUTS[name].fields)) for name in preference}
    best = max(preference, key=lambda name: shared[name])  # max keeps the first on ties
    return LAYOUTS[best] if shared[best] else None
