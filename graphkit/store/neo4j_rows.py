"""Turn a :class:`~graphkit.model.Batch` into checked parameter rows for the Cypher writes.

Everything that could reach Neo4j is checked here first: node kinds and relation kinds must be
the schema's (they become labels and types), ids must be text, property names plain
identifiers and values plain scalars or lists. A node or edge that fails becomes a
:class:`~graphkit.model.Reject` citing the file and row of a record behind it; the rest go on.
Repeats inside the batch are merged first, as the workspace merges them.

>>> from graphkit.model import Batch, Node, Record
>>> rec = Record("contacts:1", "contacts", "c.csv", 2)
>>> p = prepare(Batch(records=[rec], nodes=[Node("p1", "Person", "A", evidence={"contacts:1"}),
...                                          Node("x1", "Spy", "B", evidence={"contacts:1"})]))
>>> list(p.nodes), [(r.file, r.row, r.reason) for r in p.rejects]
(['Person'], [('c.csv', 2, "unknown node kind 'Spy'; the schema has Person, Company, Intermediary, Technology, Case, Approach, Sanction")])
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields as dataclass_fields
from typing import Any

from graphkit import schema
from graphkit.errors import SchemaError
from graphkit.model import Batch, Edge, Evidence, Record, Reject
from graphkit.store.cypher import relation_name
from graphkit.store.merging import canonical_json, merge_properties

RESERVED = frozenset({"id", "kind", "name", "aliases", "evidence", "property_keys", "evidence_ids",
                      "cases", "dates"})
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCALARS = (str, bool, int, float)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # keys come in sorted order
INDEX_KEY_LIMIT_BYTES = 8_000
"""The longest indexed text (UTF-8 bytes) sent to Neo4j. Neo4j 5's range indexes refuse a key
over about 8 kB (8,167 bytes less the key's own header); node ids and names, record ids and case
ids and edge ids are indexed, so a longer value is rejected here, before writing, instead of
failing its whole chunk on the server (docs/neo4j.md, Limits)."""


@dataclass
class NodeEntry:
    """One node of the batch after in-batch merging, and where it came from."""

    id: str
    kind: str
    name: str
    aliases: set[str]
    properties: dict[str, Any]
    evidence: set[str]
    origin: Reject  # the file/row/layout to cite if Neo4j refuses it (reason filled then)


@dataclass
class EdgeEntry:
    """One edge of the batch after in-batch merging, and where it came from."""

    id: str
    source: str
    target: str
    relation: str
    properties: dict[str, Any]
    evidence: dict[str, Evidence]
    origin: Reject
    texts: dict[str, str] = field(default_factory=dict)  # record id -> evidence_json of its item


@dataclass
class Prepared:
    """A batch made ready: records rows, nodes by kind, edges by relation, and the rejects."""

    records: list[dict[str, Any]] = field(default_factory=list)
    nodes: dict[str, list[NodeEntry]] = field(default_factory=dict)
    edges: dict[str, list[EdgeEntry]] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)


def dumps(value: Any) -> str:
    """Canonical JSON text (sorted keys, UTF-8 kept): :func:`graphkit.store.merging.canonical_json`,
    the same text the workspace stores."""
    return canonical_json(value)


_EVIDENCE_KEYS = tuple(sorted(f.name for f in dataclass_fields(Evidence) if f.name != "weight"))
"""Evidence's fields but ``weight``, in sorted order: the keys of its canonical JSON text."""


def evidence_json(item: Evidence) -> str:
    """One evidence item as the JSON text stored on a relationship (no ``weight`` key when the
    record states none, so evidence stored before weights existed stays the same text).

    The text is :func:`dumps` of the item's fields (sorted keys), built from the fields read in
    sorted order rather than through ``dataclasses.asdict`` (a deep copy per item: 17% of a
    load's client time before).

    >>> from dataclasses import asdict
    >>> item = Evidence("contacts:1", "c.csv", 2, case_id="K", date="2024-05", reliability=0.7)
    >>> evidence_json(item) == dumps({k: v for k, v in asdict(item).items() if k != "weight"})
    True
    >>> evidence_json(Evidence("r", "f", 1, weight=2.0))
    '{"case_id":null,"channel":null,"date":null,"file":"f","outcome":null,"record_id":"r","reliability":null,"row":1,"source_id":null,"weight":2.0}'
    """
    fields = {key: getattr(item, key) for key in _EVIDENCE_KEYS}
    if item.weight is not None:
        fields["weight"] = item.weight
    return _JSON.encode(fields)


def evidence_from_json(text: str) -> Evidence:
    """The inverse of :func:`evidence_json`."""
    return Evidence(**json.loads(text))


def check_properties(properties: dict[str, Any]) -> dict[str, Any]:
    """Properties as Neo4j can store them; raise SchemaError naming the first bad one.

    >>> check_properties({"country": "CN", "identifiers": {"b", "a"}, "x": None})
    {'country': 'CN', 'identifiers': ['a', 'b']}
    """
    out: dict[str, Any] = {}
    for key, value in (properties or {}).items():
        if not isinstance(key, str) or not _KEY.match(key) or key in RESERVED:
            raise SchemaError(f"property name {key!r} cannot be stored")
        if value is None or value == "" or (isinstance(value, (list, set, tuple)) and not value):
            continue
        if isinstance(value, (set, tuple)):
            value = sorted(value, key=str)
        if isinstance(value, list):
            if not all(isinstance(v, _SCALARS) for v in value):
                raise SchemaError(f"property {key} holds a list with a value that is not text or a number")
        elif not isinstance(value, _SCALARS):
            raise SchemaError(f"property {key} is a {type(value).__name__}, not text, a number or a list")
        out[key] = value
    return dict(sorted(out.items()))


def check_index_size(field_name: str, value: Any) -> None:
    """Raise SchemaError when ``value`` is too long for a Neo4j index (see
    :data:`INDEX_KEY_LIMIT_BYTES`); ``field_name`` names it in the reason.

    >>> check_index_size("name", "ok")
    >>> check_index_size("name", "x" * 9000)
    Traceback (most recent call last):
    ...
    graphkit.errors.SchemaError: name longer than Neo4j's index limit of 8,000 bytes (9,000 bytes); shorten it or load into the workspace
    """
    if not isinstance(value, str):
        return
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > INDEX_KEY_LIMIT_BYTES:
        raise SchemaError(f"{field_name} longer than Neo4j's index limit of {INDEX_KEY_LIMIT_BYTES:,} bytes "
                          f"({size:,} bytes); shorten it or load into the workspace")


def _origin_for(record_ids: Any, records: dict[str, Record]) -> Reject:
    for rid in sorted(record_ids):
        rec = records.get(rid)
        if rec is not None:
            return Reject(file=rec.file, row=rec.row, reason="", layout=rec.layout, raw=dict(rec.raw))
    first = sorted(record_ids)[0] if record_ids else "(no record)"
    return Reject(file="(batch)", row=0, reason="", layout="unknown", raw={"record_id": str(first)})


def _edge_origin(edge: Edge, records: dict[str, Record]) -> Reject:
    for item in sorted(edge.evidence, key=lambda e: e.record_id):
        rec = records.get(item.record_id)
        layout = rec.layout if rec else "unknown"
        return Reject(file=item.file, row=item.row, reason="", layout=layout,
                      raw=dict(rec.raw) if rec else {"record_id": item.record_id})
    return Reject(file="(batch)", row=0, reason="", layout="unknown", raw={"edge": edge.id})


def reject(origin: Reject, reason: str) -> Reject:
    """``origin`` with its reason filled in."""
    return Reject(file=origin.file, row=origin.row, reason=reason, layout=origin.layout, raw=origin.raw)


def prepare(batch: Batch) -> Prepared:
    """Check and merge ``batch`` into rows per query; invalid entries become rejects."""
    out = Prepared()
    records: dict[str, Record] = {}
    for rec in batch.records:  # a record read twice keeps its first reading's fields, as in the workspace
        records.setdefault(rec.record_id, rec)
    locations: dict[str, set[tuple[str, int]]] = {}
    for rec in batch.records:
        locations.setdefault(rec.record_id, set()).add((rec.file, rec.row))
    too_long: set[str] = set()  # records refused for an indexed value too long for Neo4j
    for rid, rec in records.items():
        try:
            check_index_size("record id", rid)
            check_index_size("case id", rec.case_id)
        except SchemaError as err:
            too_long.add(rid)
            out.rejects.append(Reject(file=rec.file, row=rec.row, reason=str(err), layout=rec.layout,
                                      raw=dict(rec.raw)))
            continue
        out.records.append({
            "record_id": rid, "layout": rec.layout, "file": rec.file, "row": rec.row,
            "source_id": rec.source_id, "case_id": rec.case_id, "raw": dumps(rec.raw or {}),
            "locations": sorted(dumps([f, r]) for f, r in locations[rid]),
        })

    merged: dict[str, NodeEntry] = {}
    origins: dict[Any, Reject] = {}  # the rows of one record share one origin (built once, not per entry)
    for node in batch.nodes:
        first = min(node.evidence) if node.evidence else None
        origin = origins.get(("n", first)) if first in records else None
        if origin is None:
            origin = _origin_for(node.evidence, records)
            if first in records:  # then the origin is that record's, whatever else the node cites
                origins[("n", first)] = origin
        try:
            kind = schema.check_node_kind(node.kind)
            if not isinstance(node.id, str) or not node.id.strip():
                raise SchemaError("a node without an id")
            check_index_size("id", node.id)
            check_index_size("name", str(node.name))
            if too_long and too_long & set(node.evidence):
                raise SchemaError("its record was refused (an indexed value too long for Neo4j)")
            properties = check_properties(node.properties)
        except SchemaError as err:
            out.rejects.append(reject(origin, str(err)))
            continue
        entry = merged.get(node.id)
        if entry is None:
            merged[node.id] = NodeEntry(node.id, kind, str(node.name), set(node.aliases), properties,
                                        set(node.evidence), origin)
            continue
        entry.aliases.update(node.aliases)
        entry.evidence.update(node.evidence)
        if str(node.name) != entry.name:
            entry.aliases.add(str(node.name))
        entry.properties, _ = merge_properties(entry.properties, properties)
    for entry in merged.values():
        out.nodes.setdefault(entry.kind, []).append(entry)

    kinds = {node_id: entry.kind for node_id, entry in merged.items()}
    edges: dict[str, EdgeEntry] = {}
    texts: dict[int, str] = {}  # id(evidence item) -> its JSON text: a row's item is shared by its ~7 edges
    for edge in batch.edges:
        first_item = min(edge.evidence, key=lambda e: e.record_id) if len(edge.evidence) > 1 else (
            edge.evidence[0] if edge.evidence else None)
        key = ("e", id(first_item)) if first_item is not None else ("e", edge.id)
        origin = origins.get(key)
        if origin is None:
            origin = origins[key] = _edge_origin(edge, records)
        try:
            relation = relation_name(edge.relation)
            if relation != edge.relation:
                raise SchemaError(f"relation {edge.relation!r} is not a schema relation name")
            for end in (edge.id, edge.source, edge.target):
                if not isinstance(end, str) or not end.strip():
                    raise SchemaError("an edge without an id, source or target")
            check_index_size("edge id", edge.id)
            if too_long and any(item.record_id in too_long for item in edge.evidence):
                raise SchemaError("its record was refused (an indexed value too long for Neo4j)")
            if edge.source in kinds and edge.target in kinds:
                spec = schema.RELATION_KINDS[relation]
                if kinds[edge.source] not in spec.from_kinds or kinds[edge.target] not in spec.to_kinds:
                    raise SchemaError(f"{relation} cannot join a {kinds[edge.source]} to a {kinds[edge.target]}")
            properties = check_properties(edge.properties)
        except SchemaError as err:
            out.rejects.append(reject(origin, str(err)))
            continue
        edge_entry = edges.get(edge.id)
        if edge_entry is None:
            edge_entry = edges[edge.id] = EdgeEntry(edge.id, edge.source, edge.target, relation, properties, {},
                                                    origin)
        else:
            edge_entry.properties, _ = merge_properties(edge_entry.properties, properties)
        for item in edge.evidence:
            if item.record_id not in edge_entry.evidence:
                edge_entry.evidence[item.record_id] = item
                text = texts.get(id(item))
                if text is None:
                    text = texts[id(item)] = evidence_json(item)
                edge_entry.texts[item.record_id] = text
    for edge_entry in edges.values():
        out.edges.setdefault(edge_entry.relation, []).append(edge_entry)
    return out


def edge_row(entry: EdgeEntry, properties: dict[str, Any]) -> dict[str, Any]:
    """The ``merge_edges`` parameter row for an edge with its final properties."""
    ids = sorted(entry.evidence)
    items = [entry.evidence[k] for k in ids]
    texts = entry.texts
    return {
        "id": entry.id, "source": entry.source, "target": entry.target,
        "props": properties, "keys": sorted(properties),
        "ev_ids": ids, "ev": [texts.get(k) or evidence_json(entry.evidence[k]) for k in ids],
        "cases": sorted({e.case_id for e in items if e.case_id}),
        "dates": sorted({e.date for e in items if e.date}),
    }


def node_row(entry: NodeEntry, properties: dict[str, Any], aliases: set[str],
             created: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """The ``merge_nodes`` parameter row for a node with its final properties and aliases.

    ``created``: ids of the records this load has just created; the node's evidence from them
    goes in ``evidence_new`` (appended without a scan of the stored list), the rest in
    ``evidence`` (checked one by one).

    >>> e = NodeEntry("c1", "Case", "K1", set(), {}, {"r1", "r2", "r3"}, Reject("f", 1, "", "contacts"))
    >>> row = node_row(e, {}, set(), created={"r2", "r3"})
    >>> row["evidence"], row["evidence_new"]
    (['r1'], ['r2', 'r3'])
    """
    return {
        "id": entry.id, "kind": entry.kind, "name": entry.name, "props": properties,
        "keys": sorted(properties), "aliases": sorted(a for a in aliases if a),
        "evidence": sorted(e for e in entry.evidence if e not in created),
        "evidence_new": sorted(e for e in entry.evidence if e in created),
    }
