"""What every row loader shares: the row's context, typed cell readers, ids, evidence, edges.

A row loader reads a row's fields (layout field -> text), raises
:class:`~graphkit.errors.BadValue` (with the column) or :class:`~graphkit.errors.SchemaError`
for a bad row, and otherwise returns a :class:`RowResult`. The cell readers here add the
column to the normalisers' errors so a reject says which cell was wrong.

>>> ctx = RowContext(file="c.csv", layout="contacts")
>>> ctx.kind({"from_kind": "法人"}, "from_kind", default="Person")
'Company'
>>> ctx.date({"date": "令和6年5月"}, "date").iso
'2024-05'
>>> ctx.term({"channel": "ビジネスSNS"}, "channel"), ctx.term({"channel": "pigeon"}, "channel")
('networking_site', 'pigeon')
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphkit import schema
from graphkit.errors import BadValue, GraphkitError
from graphkit.loaders.identity import Resolver
from graphkit.loaders.mapping import EPOCH_FORMATS, Mapping
from graphkit.model import Edge, Evidence, Node, Record, edge_id, stable_id
from graphkit.normalize import PartialDate, fold, is_foreign, is_missing
from graphkit.normalize.text import clear_match_key_cache
from graphkit.normalize.dates import from_epoch

# Typed cells are cleaned by their property type's normaliser (graphkit.schema.PROPERTY_TYPES).
# Cell values repeat heavily across rows (the same countries, dates, grades, names), so the
# normalisers are cached here; a value that raises BadValue is simply not cached.
_CACHE = 100_000
_country_cached = functools.lru_cache(maxsize=_CACHE)(schema.cleaner("country"))
_date_cached = functools.lru_cache(maxsize=_CACHE)(schema.cleaner("date"))
_reliability_cached = functools.lru_cache(maxsize=_CACHE)(schema.cleaner("reliability"))
_fold_cached = functools.lru_cache(maxsize=_CACHE)(schema.cleaner("text"))
_foreign_cached = functools.lru_cache(maxsize=4_096)(is_foreign)
_edge_id_cached = functools.lru_cache(maxsize=50_000)(edge_id)


def clear_chunk_caches() -> None:
    """Empty the loaders' caches of normalised values, as each chunk ends: a value is
    normalised once per chunk, and memory is bounded by the chunk, not by the file."""
    from graphkit.loaders import identity

    clear_match_key_cache()
    for cached in (_country_cached, _date_cached, _reliability_cached, _fold_cached, _edge_id_cached,
                   identity._fold, identity.cached_match_key, identity._name_id):
        cached.cache_clear()


REPEATING_RELATIONS = frozenset({"CONTACTED", "INTRODUCED", "SOUGHT", "HOLDS", "PART_OF", "EMPLOYED_BY", "AFFILIATED_WITH"})
"""Relations whose edges recur across rows (actor to actor, technology, case, org): their ids are cached."""


def blank(raw: str | None) -> bool:
    """True for None and empty or blank text (what :func:`graphkit.normalize.is_missing` says for text)."""
    return raw is None or not raw.strip()


_MULTI_SEPARATOR = re.compile(r"[;；]")


def split_raw(raw: str | None) -> list[str]:
    """The values of a ``;``-separated cell as written (stripped), duplicates by folded text
    dropped; :func:`graphkit.normalize.split_multi` gives the folded values.

    >>> split_raw("ＥＵＶ露光； quantum sensing;;EUV露光")
    ['ＥＵＶ露光', 'quantum sensing']
    """
    if blank(raw):
        return []
    seen: dict[str, str] = {}
    for part in _MULTI_SEPARATOR.split(raw):  # type: ignore[arg-type]
        value = part.strip()
        if value:
            seen.setdefault(_fold_cached(value) if len(value) <= 64 else fold(value), value)
    return list(seen.values())


KEPT_CONFLICTS = 100
"""Rows sharing an id with other content that a file's load report lists (all are counted)."""


class FirstRows:
    """The first row of a file to give each own id (``contact_id`` ...): its content and row.

    Held for the current chunk only; older chunks' ids are in a private temporary SQLite file,
    read a chunk at a time (:meth:`prefetch`), so memory is bounded by the chunk, not the file.

    >>> seen = FirstRows()
    >>> seen.setdefault("C-1", ("abc", 2)), seen.setdefault("C-1", ("xyz", 9))
    (('abc', 2), ('abc', 2))
    >>> seen.end_chunk(); seen.prefetch(["C-1"]); seen.setdefault("C-1", ("xyz", 9))
    ('abc', 2)
    """

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self._hot: dict[str, tuple[str, int] | None] = {}
        self._new: dict[str, tuple[str, int]] = {}

    def prefetch(self, ids: list[str]) -> None:
        """Read the first rows of these ids (a chunk's) from disk in one query."""
        wanted = [i for i in set(ids) if i not in self._hot]
        if self._db is None or not wanted:
            self._hot.update(dict.fromkeys(wanted))
            return
        self._hot.update(dict.fromkeys(wanted))
        for source_id, content, row in self._db.execute(
                "SELECT id, content, row FROM first_rows WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted, ensure_ascii=False),)):
            self._hot[source_id] = (content, row)

    def setdefault(self, source_id: str, first: tuple[str, int]) -> tuple[str, int]:
        """The first row's (content, row) for ``source_id``; ``first`` when none came before."""
        if source_id not in self._hot:
            self.prefetch([source_id])
        found = self._hot[source_id]
        if found is None:
            found = self._hot[source_id] = self._new[source_id] = first
        return found

    def end_chunk(self) -> None:
        """Write this chunk's new ids to disk and forget the chunk."""
        if self._new:
            if self._db is None:
                self._db = sqlite3.connect("", isolation_level=None)  # "": a private temporary file
                self._db.execute("CREATE TABLE first_rows (id TEXT PRIMARY KEY, content TEXT, row INTEGER) WITHOUT ROWID")
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR IGNORE INTO first_rows VALUES (?, ?, ?)",
                                 [(i, c, r) for i, (c, r) in self._new.items()])
            self._db.execute("COMMIT")
        self._hot.clear()
        self._new.clear()


@dataclass
class RowContext:
    """Everything a row loader needs beyond the row: where it comes from and what is known."""

    file: str
    layout: str
    mapping: Mapping | None = None
    home_country: str = "JP"
    resolver: Resolver = field(default_factory=Resolver)
    id_conflicts: list[str] = field(default_factory=list)
    """Rows whose own id an earlier row of the file used with other content (first :data:`KEPT_CONFLICTS`)."""
    id_conflict_count: int = 0
    first_rows: FirstRows = field(default_factory=FirstRows, repr=False)
    """The first row of the file to give each own id (on disk beyond the chunk)."""
    unmapped: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(field, word) -> rows: channel and outcome words no vocabulary term knows, kept as given."""
    memo: dict[str, Any] = field(default_factory=dict)
    """What a layout's loader keeps from row to row of one file beyond the resolver (the
    FollowTheMoney loader: the entities read so far by id, the addresses)."""

    # -- typed cells -------------------------------------------------------------------
    def text(self, fields: dict[str, str], name: str) -> str | None:
        """The folded text of a field, None when blank."""
        raw = fields.get(name)
        if raw is None or blank(raw):
            return None
        # short values (names, countries, channels) recur and are cached; notes are not
        return _fold_cached(raw) if len(raw) <= 64 else fold(raw)

    def required(self, fields: dict[str, str], name: str) -> str:
        """The raw text of a required field (stripped); BadValue when blank."""
        raw = fields.get(name)
        if raw is None or blank(raw):
            raise BadValue("required value is missing", column=name)
        return raw.strip()

    def kind(self, fields: dict[str, str], name: str, *, default: str,
             kinds: tuple[str, ...] | None = None,
             known_as: tuple[str, str | None, tuple[str, ...]] | None = None) -> str:
        """A node kind from a kind word (person, company, intermediary, 個人, 法人, 仲介, ...):
        any word the schema gives one of ``kinds`` (default: the actor kinds).

        A blank cell gives ``default``, unless ``known_as`` = (name field, name, kinds) and
        that name is already known under exactly one of those kinds (a declared entity).
        """
        raw = fields.get(name)
        if raw is None or blank(raw):
            if known_as is not None and known_as[1]:
                found = self.resolver.known_kind(known_as[1], known_as[2])
                if found is not None:
                    return found
            return default
        allowed = schema.ACTOR_KINDS if kinds is None else kinds
        found = schema.kind_from_word(raw, allowed)
        if found is None:
            words = [schema.node_kind(k) for k in allowed]
            english = ", ".join(k.word("en") for k in words)
            japanese = ", ".join(k.word("ja") for k in words)
            raise BadValue(f"unknown kind; use {english} (or {japanese})", column=name, value=raw)
        return found

    def country(self, fields: dict[str, str], name: str) -> str | None:
        """An ISO 3166-1 alpha-2 code, None when blank; BadValue for an unknown country."""
        return self._typed(fields, name, _country_cached)

    def date(self, fields: dict[str, str], name: str) -> PartialDate | None:
        """A date at its precision: the mapping's formats for this field first (strptime
        formats, or ``epoch`` / ``epoch-ms`` for Unix timestamps), then the general reader
        (ISO 8601 dates and datetimes, era dates, ...)."""
        raw = fields.get(name)
        if blank(raw):
            return None
        formats = self.mapping.dates.get(name, ()) if self.mapping else ()
        text = fold(raw).strip()  # type: ignore[arg-type]
        for fmt in formats:
            if fmt in EPOCH_FORMATS:
                if len(formats) > 1 and not _NUMBER.match(text):
                    continue  # another format may read it
                try:
                    return from_epoch(text, EPOCH_FORMATS[fmt])
                except BadValue as err:
                    raise BadValue(err.reason, column=name, value=raw) from None
            try:
                parsed = _dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
            precision = _format_precision(fmt)
            if precision == "second":
                return PartialDate.of_datetime(parsed)
            iso = parsed.date().isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]
            return PartialDate(iso, precision)
        return self._typed(fields, name, _date_cached)

    def term(self, fields: dict[str, str], name: str, vocabulary: str | None = None) -> str | None:
        """The vocabulary code of a channel or outcome cell (``vocabulary`` defaults to the
        field's name), any register or synonym; a word no term knows is kept as given (folded).
        The word as written stays in the record's raw cells."""
        text = self.text(fields, name)
        if text is None:
            return None
        return schema.term_code(vocabulary or name, text) or text

    def note_unmapped(self, name: str, value: str | None, vocabulary: str | None = None) -> None:
        """Count ``value`` of field ``name`` as unmapped when no term of the vocabulary knows it
        (call it once the row is accepted, so rejected rows are not counted)."""
        if value is not None and schema.term_code(vocabulary or name, value) is None:
            self.unmapped[(name, value)] += 1

    def weight(self, fields: dict[str, str], name: str = "weight") -> float | None:
        """A row's weight (how many contacts it stands for, or the tie strength it states):
        a number of 0 or more, None when blank; BadValue otherwise."""
        raw = fields.get(name)
        if blank(raw):
            return None
        try:
            value = float(fold(raw).strip().replace(",", ""))  # type: ignore[arg-type]
        except ValueError:
            raise BadValue("weight must be a number (a count of contacts or a tie strength)",
                           column=name, value=raw) from None
        if not value > 0 or value == float("inf"):
            raise BadValue("weight must be a number above 0", column=name, value=raw)
        return int(value) if value.is_integer() else value

    def reliability(self, fields: dict[str, str], name: str = "reliability") -> float | None:
        """A reliability in [0, 1] from a number, a percentage or a grade A-F."""
        return self._typed(fields, name, _reliability_cached)

    def foreign(self, country: str | None) -> bool | None:
        """Whether ``country`` differs from the home country (None when unknown)."""
        return _foreign_cached(country, self.home_country) if country else None

    def actor_properties(self, country: str | None, org: str | None) -> dict[str, object]:
        """The properties every actor row gives: country with its foreign flag, and org."""
        properties: dict[str, object] = {}
        if country:
            properties["country"] = country
            properties["foreign"] = self.foreign(country)
        if org:
            properties["org"] = org
        return properties

    def _typed(self, fields: dict[str, str], name: str, reader):  # type: ignore[no-untyped-def]
        raw = fields.get(name)
        if blank(raw):
            return None
        try:
            return reader(raw)
        except BadValue as err:
            raise BadValue(err.reason, column=name, value=raw) from None

    # -- provenance --------------------------------------------------------------------
    def record(self, fields: dict[str, str], row: int, raw: dict[str, str], id_field: str | None,
               case_id: str | None) -> Record:
        """The row's :class:`Record` with its deterministic id (see :func:`record_id`).

        When an earlier row of the file gave the same id with other content, this row's record
        id also holds its content, so both rows are kept as evidence of what each said, and the
        clash is noted in :attr:`id_conflicts`."""
        source_id = self.text(fields, id_field) if id_field else None
        rid = record_id(self.layout, fields, source_id)
        content = record_id(self.layout, fields, None) if source_id and id_field else None
        return self.record_with(row, raw, id_field, source_id, case_id, rid, content)

    def record_with(self, row: int, raw: dict[str, str], id_field: str | None, source_id: str | None,
                    case_id: str | None, rid: str, content: str | None) -> Record:
        """:meth:`record` from the ids already computed: ``rid`` the row's :func:`record_id`,
        ``content`` its content id (``record_id(layout, fields, None)``) when it has its own id."""
        if source_id and id_field and content is not None:
            first_content, first_row = self.first_rows.setdefault(source_id, (content, row))
            if first_content != content:
                rid = stable_id("record", self.layout, "id", source_id, content)
                self.id_conflict_count += 1
                if len(self.id_conflicts) < KEPT_CONFLICTS:
                    self.id_conflicts.append(f"{id_field} {source_id!r}: row {row} differs from row {first_row} "
                                             "(both rows kept as evidence)")
        return Record(
            record_id=rid,
            layout=self.layout, file=self.file, row=row, source_id=source_id, case_id=case_id,
            raw=dict(raw),
        )

    def evidence(self, record: Record, *, date: PartialDate | None = None,
                 reliability: float | None = None, channel: str | None = None,
                 outcome: str | None = None, weight: float | None = None) -> Evidence:
        """The :class:`Evidence` a record gives each edge it supports."""
        return Evidence(
            record_id=record.record_id, file=record.file, row=record.row,
            source_id=record.source_id, case_id=record.case_id,
            date=date.iso if date else None, reliability=reliability,
            channel=channel, outcome=outcome, weight=weight,
        )


@dataclass
class RowResult:
    """What one good row gives: its record and the nodes and edges it supports."""

    record: Record
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def record_id(layout: str, fields: dict[str, str], source_id: str | None) -> str:
    """Layout + the row's own id when it has one, else layout + its normalised content.

    The content form uses field names, not column headers, and folded values, so the same
    row read from a renamed or re-saved copy of a file gets the same id.

    >>> record_id("contacts", {"from_name": "Ａ ", "to_name": "B"}, None) == record_id(
    ...     "contacts", {"to_name": "B", "from_name": "A", "notes": ""}, None)
    True
    """
    if source_id:
        return stable_id("record", layout, "id", source_id)
    content = sorted(
        f"{name}={fold(value)}" for name, value in fields.items() if not is_missing(value)
    )
    return stable_id("record", layout, "content", *content)


def case_node_id(case_id: str) -> str:
    """The id of the Case node for a case id (width- and case-folded)."""
    return stable_id(schema.CASE_KIND, fold(case_id).casefold())


def case_node(case_id: str, record: Record) -> Node:
    """A Case node named by its id, as a contacts or relations row mentions it."""
    return Node(id=case_node_id(case_id), kind=schema.CASE_KIND, name=case_id,
                properties={"case_id": case_id}, evidence={record.record_id})


def make_edge(source: str, relation: str, target: str, evidence: Evidence, *, inferred: bool = False) -> Edge:
    """An edge with one evidence item; ``inferred`` marks an implied relation."""
    make_id = _edge_id_cached if relation in REPEATING_RELATIONS else edge_id
    return Edge(
        id=make_id(source, relation, target), source=source, target=target, relation=relation,
        properties={"inferred": True} if inferred else {}, evidence=[evidence],
    )


def reject_reason(err: GraphkitError) -> str:
    """A reject's reason: the column, what is wrong, and the value as read."""
    column = getattr(err, "column", None)
    value = getattr(err, "value", None)
    text = (f"{column}: " if column else "") + getattr(err, "reason", err.message)
    if value is not None and not is_missing(str(value)):
        text += f" (value: {value})"
    return text


_NUMBER = re.compile(r"^-?\d+(?:\.\d*)?$")


def _format_precision(fmt: str) -> str:
    if re.search(r"%[HIMSTXcsz]", fmt):
        return "second"
    if re.search(r"%[dj]", fmt):
        return "day"
    if re.search(r"%[mbB]", fmt):
        return "month"
    return "year"
