"""Contacts rows: one approach event each, kept faithfully and projected onto the actors.

A row becomes an **Approach** node with role edges ``(from)-[:MADE]->(approach)``,
``(approach)-[:TARGETED]->(to)``, ``(approach)-[:VIA]->(via)``,
``(approach)-[:CONCERNS]->(technology)`` and ``(approach)-[:PART_OF]->(case)``, plus the actor
edges analysis uses, each citing the row:

- no intermediary: ``from -CONTACTED-> to``;
- with one: ``from -CONTACTED-> via`` and ``via -INTRODUCED-> to``;
- each technology: ``from -SOUGHT-> technology`` and ``to -HOLDS-> technology`` (inferred);
- each party's org (``from_org``, ``to_org``, ``via_org``): a node of the schema's organisation
  kind (or of the one actor kind the name is already known as, e.g. a declared intermediary
  firm), tied by ``party -EMPLOYED_BY-> org`` (``AFFILIATED_WITH`` for a party that is not a
  person; :func:`graphkit.schema.org_relation`). The org is resolved like any name, so
  ``東都精機株式会社`` in a row and ``(株)東都精機`` in the entity register are one node.

>>> from graphkit.loaders.common import RowContext
>>> ctx = RowContext(file="c.csv", layout="contacts")
>>> result = contact_row({"from_name": "Li Wei", "from_country": "中国", "to_name": "山田 太郎",
...                       "technology": "EUV; 量子センサ", "date": "R6.5.1"}, 2, ctx)
>>> sorted(e.relation for e in result.edges)
['CONCERNS', 'CONCERNS', 'CONTACTED', 'HOLDS', 'HOLDS', 'MADE', 'SOUGHT', 'SOUGHT', 'TARGETED']
>>> result.edges[0].evidence[0].date
'2024-05-01'
>>> with_org = contact_row({"from_name": "Li Wei", "to_name": "山田 太郎", "to_org": "東都精機株式会社"}, 3, ctx)
>>> [(e.relation, n.kind, n.name) for e in with_org.edges for n in with_org.nodes
...  if e.relation == "EMPLOYED_BY" and n.id == e.target]
[('EMPLOYED_BY', 'Company', '東都精機株式会社')]
"""
from __future__ import annotations

from typing import Any, Callable, Protocol

from graphkit import schema
from graphkit.errors import BadValue
from graphkit.loaders.common import REPEATING_RELATIONS, RowContext, RowResult, case_node_id, split_raw
from graphkit.model import Edge, Evidence, Node, Record, edge_id, id_maker
from graphkit.normalize import fold, is_missing

ID_FIELD = "contact_id"


class Sink(Protocol):
    """Where a contacts row puts its nodes and edges (:class:`RowSink` for one row's objects,
    :class:`graphkit.loaders.batches.BatchSink` folding a chunk's repeats as they come)."""

    def node(self, node_id: str, kind: str, name: str, alias: str | None, properties: dict[str, Any],
             record_id: str) -> None: ...

    def edge(self, edge_id: str, source: str, relation: str, target: str, evidence: Evidence,
             inferred: bool = False) -> None: ...

    def own_node(self, node: Node) -> None:
        """A node only this row names (its approach): nothing to fold it into."""

    def own_edge(self, edge: Edge) -> None:
        """An edge only this row names (a role edge of its approach): nothing to fold it into."""


class RowSink:
    """Collects one row's nodes and edges as objects (:func:`contact_row`)."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []

    def node(self, node_id: str, kind: str, name: str, alias: str | None, properties: dict[str, Any],
             record_id: str) -> None:
        self.nodes.append(Node(node_id, kind, name, {alias} if alias else set(), properties, {record_id}))

    def edge(self, edge_id: str, source: str, relation: str, target: str, evidence: Evidence,
             inferred: bool = False) -> None:
        self.edges.append(Edge(edge_id, source, target, relation, {"inferred": True} if inferred else {},
                               [evidence]))

    def own_node(self, node: Node) -> None:
        self.nodes.append(node)

    def own_edge(self, edge: Edge) -> None:
        self.edges.append(edge)


class ContactCells:
    """A chunk's contacts rows read column-wise: each distinct cell value of a field is
    normalised once (kinds, countries, dates, grades, terms, names repeat heavily), its
    error kept so every row with that value is rejected for the same reason; each recurring
    edge id is computed once. One per chunk (memory is bounded by the chunk)."""

    def __init__(self, ctx: RowContext) -> None:
        self.ctx = ctx
        self._cells: dict[tuple[str, str], Any] = {}
        self._pieces: dict[tuple[str, str], str] = {}
        self._edge_ids: dict[tuple[str, str, str], str] = {}
        self._org_relation: dict[str, str] = {}
        self._reachable: dict[str, tuple[str, ...]] = {}
        self._folded: dict[str, str] = {}
        self._case_ids: dict[str, str] = {}
        self._mapped: dict[tuple[str, str], bool] = {}
        # the schema's kinds, read once (a module attribute of graphkit.schema is a lookup)
        self.actor_kinds: tuple[str, ...] = schema.ACTOR_KINDS
        self.default_kind: str = schema.DEFAULT_ACTOR_KIND
        self.go_between_kind: str = schema.GO_BETWEEN_KIND
        self.organisation_kind: str = schema.ORGANISATION_KIND
        self.approach_kind: str = schema.APPROACH_KIND
        self.technology_kind: str = schema.TECHNOLOGY_KIND
        self.case_kind: str = schema.CASE_KIND
        # stable_id of the row's record (by its content, by its own id) and of its approach
        self._content_id = id_maker("record", ctx.layout, "content")
        self._own_id = id_maker("record", ctx.layout, "id")
        self.approach_id: Callable[[str], str] = id_maker(self.approach_kind)

    def fold(self, raw: str) -> str:
        """:func:`graphkit.normalize.fold`, once per distinct text of the chunk."""
        found = self._folded.get(raw)
        if found is None:
            found = self._folded[raw] = fold(raw)
        return found

    def case_node_id(self, case_id: str) -> str:
        found = self._case_ids.get(case_id)
        if found is None:
            found = self._case_ids[case_id] = case_node_id(case_id)
        return found

    def note_unmapped(self, name: str, value: str | None) -> None:
        """:meth:`RowContext.note_unmapped`, the vocabulary asked once per distinct word."""
        if value is None:
            return
        mapped = self._mapped.get((name, value))
        if mapped is None:
            mapped = self._mapped[(name, value)] = schema.term_code(name, value) is not None
        if not mapped:
            self.ctx.unmapped[(name, value)] += 1

    def _cell(self, fields: dict[str, str], name: str, read: Callable[[dict[str, str], str], Any]) -> Any:
        """``read(fields, name)`` once per distinct non-blank value of the field (None when blank)."""
        raw = fields.get(name)
        if raw is None or not raw.strip():
            return None
        key = (name, raw)
        found = self._cells.get(key, key)
        if found is key:
            try:
                found = read(fields, name)
            except BadValue as err:
                found = err
            self._cells[key] = found
        if isinstance(found, BadValue):
            raise found
        return found

    def kind(self, fields: dict[str, str], name: str) -> str | None:
        """The kind a non-blank kind cell names (BadValue for an unknown word), None when blank."""
        return self._cell(fields, name, lambda f, n: self.ctx.kind(f, n, default=""))

    def text(self, fields: dict[str, str], name: str) -> str | None:
        return self.ctx.text(fields, name)

    def term(self, fields: dict[str, str], name: str) -> str | None:
        return self._cell(fields, name, self.ctx.term)

    def country(self, fields: dict[str, str], name: str) -> str | None:
        return self._cell(fields, name, self.ctx.country)

    def date(self, fields: dict[str, str], name: str) -> Any:
        return self._cell(fields, name, self.ctx.date)

    def reliability(self, fields: dict[str, str]) -> float | None:
        return self._cell(fields, "reliability", self.ctx.reliability)

    def weight(self, fields: dict[str, str]) -> float | None:
        return self._cell(fields, "weight", self.ctx.weight)

    def record_ids(self, fields: dict[str, str], source_id: str | None) -> tuple[str, str | None]:
        """The row's record id and, when it has its own id, its content id
        (:func:`graphkit.loaders.common.record_id`, each field's folded value read once per chunk)."""
        known, piece = self._pieces.get, self._piece
        pieces = [p if (p := known(item)) is not None else piece(item) for item in fields.items()]
        pieces.sort()
        del pieces[:pieces.count("")]  # blank cells ("" sorts first)
        content = self._content_id(*pieces)
        if source_id:
            return self._own_id(source_id), content
        return content, None

    def _piece(self, item: tuple[str, str]) -> str:
        """``name=folded value`` of a cell, "" for a blank one."""
        name, value = item
        piece = self._pieces[item] = "" if is_missing(value) else f"{name}={fold(value)}"
        return piece

    def edge_id(self, source: str, relation: str, target: str) -> str:
        """The edge id, computed once per chunk for relations whose edges recur."""
        if relation not in REPEATING_RELATIONS:
            return edge_id(source, relation, target)
        key = (source, relation, target)
        found = self._edge_ids.get(key)
        if found is None:
            found = self._edge_ids[key] = edge_id(source, relation, target)
        return found

    def org_relation(self, kind: str) -> str:
        found = self._org_relation.get(kind)
        if found is None:
            found = self._org_relation[kind] = schema.org_relation(kind)
        return found

    def org_kinds(self, kind: str) -> tuple[str, ...]:
        """The kinds the org relation of a party of ``kind`` may reach."""
        found = self._reachable.get(kind)
        if found is None:
            found = self._reachable[kind] = tuple(schema.relation_kind(self.org_relation(kind)).to_kinds)
        return found


def contact_row(fields: dict[str, str], row: int, ctx: RowContext,
                raw: dict[str, str] | None = None) -> RowResult:
    """Turn one contacts row (layout field -> text) into its record, nodes and edges.

    Raises :class:`BadValue` for a bad cell (the reject's reason) before anything is learnt.
    A chunk of rows goes through :func:`contact_into` with one :class:`ContactCells`.
    """
    sink = RowSink()
    record = contact_into(fields, row, ctx, ContactCells(ctx), sink, raw)
    return RowResult(record, nodes=sink.nodes, edges=sink.edges)


def contact_into(fields: dict[str, str], row: int, ctx: RowContext, cells: ContactCells, out: Sink,
                 raw: dict[str, str] | None = None) -> Record:
    """Read one contacts row into ``out`` (its nodes and edges, in a fixed order); return its record.

    Every cell is read and checked first, so a bad row raises :class:`BadValue` (the reject's
    reason) before the resolver learns anything or ``out`` receives anything.
    """
    resolver = ctx.resolver
    # read and check every cell first, so a bad row teaches the resolver nothing
    parties: list[tuple[str, str, str | None, str | None]] = []  # (role, raw name, kind cell, country)
    for role in ("from", "to", "via"):
        name_field = role + "_name"
        if role == "via":
            via_raw = fields.get(name_field)
            if via_raw is None or not via_raw.strip():
                break
        raw_name = ctx.required(fields, name_field)
        parties.append((role, raw_name, cells.kind(fields, role + "_kind"), cells.country(fields, role + "_country")))
    date = cells.date(fields, "date")
    reliability = cells.reliability(fields)
    weight = cells.weight(fields)
    case_id = cells.text(fields, "case_id")
    channel = cells.term(fields, "channel")  # a vocabulary code (or an unmapped word as given)
    outcome = cells.term(fields, "outcome")
    technologies = split_raw(fields.get("technology"))
    source_id = cells.text(fields, ID_FIELD)
    rid, content = cells.record_ids(fields, source_id)
    record = ctx.record_with(row, raw if raw is not None else fields, ID_FIELD, source_id, case_id, rid, content)
    rid = record.record_id

    # the parties: (role, id, kind, folded name, raw name, properties, org cell, country)
    nodes = []
    for role, raw_name, kind_cell, country in parties:
        kind = kind_cell
        if kind is None:
            kind = resolver.known_kind(raw_name, cells.actor_kinds) or (
                cells.go_between_kind if role == "via" else cells.default_kind)
        org = cells.text(fields, role + "_org")
        node_id = resolver.find_name(kind, raw_name, org, country)
        properties = ctx.actor_properties(country, org)
        nodes.append((role, node_id, kind, cells.fold(raw_name), raw_name, properties, org, country))
    ends = [n[1] for n in nodes]
    if len(set(ends)) < len(ends):
        same_to = ends[0] == ends[1]
        raise BadValue(
            "from, to and via name the same entity; a contact needs two different parties",
            column="to_name" if same_to else "via_name",
            value=fields.get("to_name") if same_to else fields.get("via_name"),
        )

    # each party's org cell: a node of the one actor kind the name is known as among those
    # the party's org relation may reach, else the organisation kind (no country: a person's
    # country says nothing of the firm's)
    orgs = []
    for role, party_id, party_kind, *_ in nodes:
        raw_org = fields.get(role + "_org")
        if raw_org is None or not raw_org.strip():
            continue
        raw_org = raw_org.strip()
        org_kind = resolver.known_kind(raw_org, cells.org_kinds(party_kind)) or cells.organisation_kind
        orgs.append((party_id, party_kind, resolver.find_name(org_kind, raw_org, None, None), org_kind, raw_org))
    for _, node_id, kind, name, raw_name, _, org, country in nodes:
        resolver.learn_spelling(node_id, kind, name, raw_name, org=org, country=country)
    for _, _, org_id, org_kind, raw_org in orgs:
        resolver.learn_spelling(org_id, org_kind, cells.fold(raw_org), raw_org)

    file, source = record.file, record.source_id
    evidence = Evidence(rid, file, row, source, case_id, date.iso if date else None, reliability,
                        channel, outcome, weight)
    # an affiliation is stated by the row, not a contact: its evidence keeps the row, date and
    # reliability, not the channel, outcome or weight (those count contacts)
    stated = Evidence(rid, file, row, source, case_id, date.iso if date else None, reliability)
    approach_props: dict[str, object] = {
        key: value for key, value in (
            ("contact_id", source), ("case_id", case_id), ("date", date.iso if date else None),
            ("channel", channel), ("outcome", outcome), ("reliability", reliability),
            ("notes", cells.text(fields, "notes")),
        ) if value is not None
    }
    from_id, to_id = nodes[0][1], nodes[1][1]
    label = source or f"{nodes[0][3]} → {nodes[1][3]}" + (f" {date.iso}" if date else "")
    # the approach and its role edges are this row's alone: made as objects straight into
    # the batch (no folding), their ids made here (approach_id, edge_id)
    approach = cells.approach_id(rid)
    for _, node_id, kind, name, raw_name, properties, _, _ in nodes[:2]:
        out.node(node_id, kind, name, raw_name, properties, rid)
    out.own_node(Node(approach, cells.approach_kind, label, set(), approach_props, {rid}))
    own_edge, edge = out.own_edge, cells.edge_id
    own_edge(Edge(edge_id(from_id, "MADE", approach), from_id, approach, "MADE", {}, [evidence]))
    own_edge(Edge(edge_id(approach, "TARGETED", to_id), approach, to_id, "TARGETED", {}, [evidence]))
    if len(nodes) == 3:
        _, via_id, kind, name, raw_name, properties, _, _ = nodes[2]
        out.node(via_id, kind, name, raw_name, properties, rid)
        own_edge(Edge(edge_id(approach, "VIA", via_id), approach, via_id, "VIA", {}, [evidence]))
        out.edge(edge(from_id, "CONTACTED", via_id), from_id, "CONTACTED", via_id, evidence)
        out.edge(edge(via_id, "INTRODUCED", to_id), via_id, "INTRODUCED", to_id, evidence)
    else:
        out.edge(edge(from_id, "CONTACTED", to_id), from_id, "CONTACTED", to_id, evidence)
    for raw_tech in technologies:
        tech_id = resolver.resolve(cells.technology_kind, raw_tech)
        out.node(tech_id, cells.technology_kind, cells.fold(raw_tech), raw_tech, {}, rid)
        own_edge(Edge(edge_id(approach, "CONCERNS", tech_id), approach, tech_id, "CONCERNS", {}, [evidence]))
        out.edge(edge(from_id, "SOUGHT", tech_id), from_id, "SOUGHT", tech_id, evidence)
        out.edge(edge(to_id, "HOLDS", tech_id), to_id, "HOLDS", tech_id, evidence, True)
    for party_id, party_kind, org_id, org_kind, raw_org in orgs:
        if org_id != party_id:
            out.node(org_id, org_kind, cells.fold(raw_org), raw_org, {}, rid)
            relation = cells.org_relation(party_kind)
            out.edge(edge(party_id, relation, org_id), party_id, relation, org_id, stated)
    if case_id:
        # the approach is part of the case; its parties and technologies reach the case
        # through it (and every edge's evidence carries the case id)
        case = cells.case_node_id(case_id)
        out.node(case, cells.case_kind, case_id, None, {"case_id": case_id}, rid)
        own_edge(Edge(edge_id(approach, "PART_OF", case), approach, case, "PART_OF", {}, [evidence]))
    cells.note_unmapped("channel", channel)
    cells.note_unmapped("outcome", outcome)
    return record
