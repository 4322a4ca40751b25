"""What a loaded list holds: :class:`ListEntry` (one listed entity) and :class:`ListInfo` (one list).

Entries are reference data, never case evidence: they are stored beside the case graph
(``Store.replace_list``) and read by screening, never turned into nodes. Everything is plain,
frozen and JSON-ready, so both stores keep an entry as one JSON document.

>>> e = ListEntry("us_5949", "x1", "organisation", ("Semiconductor Manufacturing International Corporation", "SMIC"),
...               program="Section 5949", sources=("us_ndaa_section_5949_semiconductors.csv:3",))
>>> ListEntry.from_dict(e.to_dict()) == e, e.name
(True, 'Semiconductor Manufacturing International Corporation')
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = ["ENTRY_KINDS", "ListEntry", "ListInfo", "Owner", "entry_id"]

ENTRY_KINDS = ("person", "organisation", "vessel", "other")
"""What a listed entity is, in the lists' own words (the layouts map each list's types here);
screening compares persons and organisations with the actors of the matching schema kind."""


def entry_id(list_name: str, *natural_key: str) -> str:
    """A stable id from the list and the entry's natural key (a reload gives the same ids).

    >>> entry_id("us_5949", "SMIC")
    'us_5949:d1b5e85229c8'
    """
    digest = hashlib.sha256("\x1f".join((list_name, *natural_key)).encode("utf-8")).hexdigest()
    return f"{list_name}:{digest[:12]}"


@dataclass(frozen=True)
class Owner:
    """An ownership link the list states: the owner's name as written, the entry of the same
    list it was resolved to (None: no entry carries that name), the link's dates and source."""

    name: str
    entry_id: str | None = None
    start: str | None = None
    end: str | None = None
    source: str = ""


@dataclass(frozen=True)
class ListEntry:
    """One listed entity: every name form (first the main one), dates, places, identifiers.

    ``owners`` are the entity's owners or parents the list states (1260H ``Parent Name``,
    an FtM Ownership), as :class:`Owner` links. ``sources`` are
    ``file:line`` (the line as a text editor counts it; a CSV header is line 1).
    """

    list_name: str
    entry_id: str
    kind: str
    names: tuple[str, ...]
    program: str = ""
    listed: str | None = None
    ended: str | None = None
    countries: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    owners: tuple[Owner, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.names[0]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ListEntry":
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for f in fields(cls):
            if isinstance(values.get(f.name), list):
                values[f.name] = tuple(values[f.name])
        values["owners"] = tuple(o if isinstance(o, Owner) else Owner(**o) for o in values.get("owners", ()))
        return cls(**values)


@dataclass(frozen=True)
class ListInfo:
    """One loaded list: its name, where it came from and when.

    ``edition``: the list's own date (its last update, else its latest listing date);
    ``loaded``: when it was loaded (UTC, ISO); ``digest``: a hash of its entries, so a reload
    of the same edition is recognised.
    """

    name: str
    title: str
    authority: str
    files: tuple[str, ...]
    entries: int
    edition: str | None = None
    loaded: str = ""
    digest: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ListInfo":
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        values["files"] = tuple(values.get("files", ()))
        return cls(**values)
