"""Schema-typed entities: what loaders produce and stores keep.

Loaders turn each source row into a :class:`Record` (the provenance: file, row, record id,
case id) and the :class:`Node` and :class:`Edge` objects that row supports. Every node and
edge carries the ids of the records behind it; every edge also carries one :class:`Evidence`
item per supporting record with that record's date, reliability, channel and outcome, so
analysis can weigh and date an edge and a path hop can cite its records.

IDs are deterministic hashes of natural keys (:func:`stable_id`), so loading the same records
twice, or the same entity from many files, always lands on the same node.

>>> n = Node(id=stable_id("Person", "yamada taro"), kind="Person", name="山田 太郎")
>>> n.id
'person-1e33a041c1969e6e68a8'
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from graphkit.normalize.dates import date_period

DatePrecision = str  # "day" | "month" | "year"


def stable_id(kind: str, *key_parts: object) -> str:
    """A deterministic id for a node kind and its natural key parts.

    The same kind and key always give the same id, across runs and machines.

    >>> stable_id("Company", "jp-corp:7010001008844") == stable_id("company", "jp-corp:7010001008844")
    True
    """
    prefix = kind.casefold()
    text = "\x1f".join([prefix, *("" if p is None else str(p) for p in key_parts)])
    return f"{prefix}-{_sha1(text.encode('utf-8')).hexdigest()[:20]}"


_sha1 = hashlib.sha1


def id_maker(kind: str, *leading: str) -> Callable[..., str]:
    """``stable_id(kind, *leading, *parts)`` as a function of text ``parts``, the fixed head
    joined once: for a loader's loop that makes one such id per row (the same ids, one owner of
    their format).

    >>> make = id_maker("Record", "contacts", "id")
    >>> make("c-1") == stable_id("Record", "contacts", "id", "c-1"), make() == stable_id("record", "contacts", "id")
    (True, True)
    """
    prefix = kind.casefold()
    head = "\x1f".join([prefix, *leading])

    def make(*parts: str) -> str:
        digest = _sha1("\x1f".join([head, *parts]).encode("utf-8")).hexdigest()
        return f"{prefix}-{digest[:20]}"
    return make


@dataclass(frozen=True)
class Record:
    """One source row: the unit of evidence.

    ``record_id`` is deterministic (the layout plus the row's own id such as ``contact_id``,
    else the layout plus the row's normalised content), so the same row read from a renamed
    copy of a file is the same record. ``file`` and ``row`` say where it was read (row counted
    as a spreadsheet user counts it: header = row 1). ``raw`` keeps the cells as read.
    """

    record_id: str
    layout: str  # "contacts" | "entities" | "relations" | "cases"
    file: str
    row: int
    source_id: str | None = None  # contact_id / entity_id / case_id from the row itself
    case_id: str | None = None
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One record's support for an edge, with what analysis needs to weigh and date it.

    (Slots: a national graph holds millions of these; without a ``__dict__`` each takes about
    a third of the memory.)"""

    record_id: str
    file: str
    row: int
    source_id: str | None = None
    case_id: str | None = None
    date: str | None = None  # ISO 8601 at its precision: "2024", "2024-05", "2024-05-01", "2016-05-17T23:38:02Z"
    reliability: float | None = None  # in [0, 1]
    channel: str | None = None
    outcome: str | None = None
    weight: float | None = None
    """What the record says the tie weighs: a count of contacts or a tie strength from a
    ``weight`` column (None: the record counts as one contact)."""


class RecordKey(NamedTuple):
    """What a light read of an edge's evidence needs per item: enough to filter it
    (:func:`keeps_evidence`) and to weigh and date it, without its file, row or cells (the
    rows :meth:`EdgeRecords.of_rows <graphkit.store.base.EdgeRecords.of_rows>` puts in
    columns)."""

    record_id: str
    case_id: str | None
    date: str | None
    reliability: float | None


@dataclass
class Node:
    """A node of a schema kind. ``properties`` hold the kind's declared properties
    (country, foreign, org, identifiers, ...); ``aliases`` every raw spelling seen;
    ``evidence`` the ids of the records that mention it."""

    id: str
    kind: str
    name: str
    aliases: set[str] = field(default_factory=set)
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: set[str] = field(default_factory=set)


@dataclass
class Edge:
    """A relation of a schema kind between two node ids, with its supporting records.

    ``id`` is deterministic: ``stable_id("edge", source, relation, target)`` for a plain
    relation, so every record that supports the same relation lands on the same edge.
    ``properties`` may hold ``inferred: True`` when the edge is implied rather than stated
    (an approached researcher is taken to hold the technology the approach concerned).
    """

    id: str
    source: str
    target: str
    relation: str
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


def edge_id(source: str, relation: str, target: str) -> str:
    """The deterministic id of the ``relation`` edge from ``source`` to ``target``:
    ``stable_id("edge", source, relation, target)``, spelt out (a load computes millions).

    >>> edge_id("a", "KNOWS", "b") == stable_id("edge", "a", "KNOWS", "b")
    True
    """
    return "edge-" + _sha1(f"edge\x1f{source}\x1f{relation}\x1f{target}".encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Reject:
    """A row set aside: where it was, why, and its cells as read (to fix and reload)."""

    file: str
    row: int
    reason: str
    layout: str
    raw: dict[str, str] = field(default_factory=dict)


@dataclass
class Batch:
    """What a loader yields for one chunk of rows: records, nodes, edges, rejects.

    A batch may name the same node or edge several times; stores merge them.
    """

    records: list[Record] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def keeps_evidence(item: Evidence | RecordKey, case: str | None, start: str | None, end: str | None) -> bool:
    """Whether one evidence item is of ``case`` (when given) and its date period overlaps the
    window [``start``, ``end``] of :func:`graphkit.projection.evidence_window` (undated items only when there is none).

    >>> keeps_evidence(Evidence("r", "f", 1, case_id="K1", date="2024"), "K1", "2024-05-01", None)
    True
    """
    if case is not None and item.case_id != case:
        return False
    if start is None and end is None:
        return True
    if not item.date:
        return False
    first, last = date_period(item.date)
    return (start is None or last >= start) and (end is None or first <= end)
