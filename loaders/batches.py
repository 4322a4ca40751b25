"""Turn chunks of raw rows into :class:`~graphkit.model.Batch` objects, bad rows into Rejects.

>>> from graphkit.loaders.common import RowContext
>>> from graphkit.loaders.readers import RawRow
>>> ctx = RowContext(file="c.csv", layout="contacts")
>>> binding = {"from_name": "from_name", "to_name": "to_name", "date": "date"}
>>> rows = [RawRow(2, {"from_name": "A", "to_name": "B", "date": "2024-02-30"}),
...         RawRow(3, {"from_name": "A", "to_name": "B", "date": "2024-02-29"})]
>>> batch = rows_to_batch(rows, ctx, binding)
>>> len(batch.records), [(r.row, r.reason) for r in batch.rejects]
(1, [(2, 'date: February 2024 has 29 days (value: 2024-02-30)')])
"""
from __future__ import annotations

from typing import Any, Callable

from graphkit import schema
from graphkit.errors import GraphkitError
from graphkit.loaders.cases import case_row
from graphkit.loaders.common import RowContext, RowResult, clear_chunk_caches, reject_reason, split_raw
from graphkit.loaders.contacts import ContactCells, contact_into, contact_row
from graphkit.loaders.entities import entity_row
from graphkit.loaders.layouts import get_layout
from graphkit.loaders.ftm import ftm_pass, ftm_row
from graphkit.loaders.mapping import Mapping, row_fields
from graphkit.loaders.readers import RawRow
from graphkit.loaders.relations import relation_row
from graphkit.model import Batch, Edge, Evidence, Node, Reject

RowLoader = Callable[[dict[str, str], int, RowContext, dict[str, str] | None], RowResult]
ROW_LOADERS: dict[str, RowLoader] = {
    "contacts": contact_row,
    "entities": entity_row,
    "relations": relation_row,
    "cases": case_row,
    "ftm": ftm_row,
}
ROW_PASSES: dict[str, Callable[[RawRow], int]] = {"ftm": ftm_pass}
"""Layouts whose rows name rows further down the file: the pass each row is read in."""


NAME_FIELDS = frozenset({"name", "aliases", "org", "technology", "from_name", "to_name", "via_name",
                         "from_org", "to_org", "via_org"})
"""Fields whose values (``;``-separated for several) are names the resolver looks up."""
CONTACT_NAME_FIELDS = ("from_name", "to_name", "via_name", "from_org", "to_org", "via_org")
"""A contacts row's single-name fields (its ``technology`` cell holds several)."""


def rows_to_batch(rows: list[RawRow], ctx: RowContext, binding: dict[str, str],
                  mapping: Mapping | None = None) -> Batch:
    """Load each row with its layout's row loader; a row that fails becomes a Reject.

    The chunk is one unit of memory: the names and own ids of its rows are read from what the
    load knows in one query each before the rows (:meth:`Resolver.prefetch`), and what the
    chunk taught is written out and forgotten after them, with the normalisers' caches.
    Contacts rows are read column-wise (:class:`~graphkit.loaders.contacts.ContactCells`: each
    distinct cell value once) straight into the batch, without per-row objects.
    """
    batch = Batch()
    sink = BatchSink(batch)
    read = [(raw, None if raw.problem else row_fields(raw.cells, binding, mapping)) for raw in rows]
    _prefetch(ctx, [fields for _, fields in read if fields is not None])
    cells = ContactCells(ctx) if ctx.layout == "contacts" else None
    loader = ROW_LOADERS[ctx.layout]
    for raw, fields in read:
        if fields is None:
            batch.rejects.append(Reject(ctx.file, raw.number, raw.problem or "", ctx.layout, dict(raw.cells)))
            continue
        try:
            if cells is not None:
                batch.records.append(contact_into(fields, raw.number, ctx, cells, sink, raw.cells))
                continue
            result = loader(fields, raw.number, ctx, raw.cells)
        except GraphkitError as err:
            batch.rejects.append(Reject(ctx.file, raw.number, reject_reason(err), ctx.layout, dict(raw.cells)))
            continue
        batch.records.append(result.record)
        for node in result.nodes:
            sink.add_node(node)
        for edge in result.edges:
            sink.add_edge(edge)
    ctx.resolver.end_chunk()
    ctx.first_rows.end_chunk()
    clear_chunk_caches()
    return batch


def _prefetch(ctx: RowContext, rows: list[dict[str, str]]) -> None:
    """Read the chunk's names and own ids from what the load already knows, in bulk."""
    names: set[str] = set()
    technologies: set[str] = set()
    contacts = ctx.layout == "contacts"  # its names are actors' and orgs', and technologies
    if contacts:  # column by column: a contacts row has six name cells and one technology cell
        for name in CONTACT_NAME_FIELDS:
            names.update([value.strip() for fields in rows if (value := fields.get(name))])
        for value in {fields.get("technology") for fields in rows}:
            if value:
                technologies.update(split_raw(value))
    for fields in () if contacts else rows:
        for name, value in fields.items():
            if name in NAME_FIELDS and value:
                names.update(split_raw(value) if name in ("aliases", "technology") else (value.strip(),))
    if contacts:
        ctx.resolver.prefetch(names, schema.ACTOR_KINDS)
        ctx.resolver.prefetch(technologies, (schema.TECHNOLOGY_KIND,))
    else:
        ctx.resolver.prefetch(names)
    id_field = get_layout(ctx.layout).id_field
    if id_field:
        ids = [ctx.text(fields, id_field) for fields in rows]
        ctx.first_rows.prefetch([i for i in ids if i])


class BatchSink:
    """Puts a chunk's nodes and edges into its batch, folding a repeat mention into the first
    one when nothing differs but aliases and evidence (fewer objects per chunk); anything else
    goes to the store as is, which merges it and records property conflicts. What only one
    row names (a contact's approach and its role edges) goes in as is (:meth:`own_node`,
    :meth:`own_edge`): nothing could fold into it.

    >>> from graphkit.model import Evidence
    >>> batch = Batch(); sink = BatchSink(batch)
    >>> sink.node("person-1", "Person", "Li Wei", "Li Wei", {}, "r1")
    >>> sink.node("person-1", "Person", "Li Wei", "Ｌｉ Ｗｅｉ", {}, "r2")
    >>> [(n.aliases == {"Li Wei", "Ｌｉ Ｗｅｉ"}, sorted(n.evidence)) for n in batch.nodes]
    [(True, ['r1', 'r2'])]
    """

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self._nodes: dict[str, Node] = {}
        self._edges: dict[str, Edge] = {}

    def node(self, node_id: str, kind: str, name: str, alias: str | None, properties: dict[str, Any],
             record_id: str) -> None:
        """A row's mention of a node (``alias``: the name as written, when it has one)."""
        first = self._nodes.get(node_id)
        if first is not None and first.name == name and first.kind == kind and (
                not properties or properties == first.properties):
            if alias:
                first.aliases.add(alias)
            first.evidence.add(record_id)
            return
        node = Node(node_id, kind, name, {alias} if alias else set(), properties, {record_id})
        if first is None:
            self._nodes[node_id] = node
        self.batch.nodes.append(node)

    def edge(self, edge_id: str, source: str, relation: str, target: str, evidence: Evidence,
             inferred: bool = False) -> None:
        """A row's support for an edge (``inferred``: implied rather than stated)."""
        first = self._edges.get(edge_id)
        if first is not None and bool(first.properties) == inferred:
            first.evidence.append(evidence)
            return
        edge = Edge(edge_id, source, target, relation, {"inferred": True} if inferred else {}, [evidence])
        if first is None:
            self._edges[edge_id] = edge
        self.batch.edges.append(edge)

    def own_node(self, node: Node) -> None:
        """A node only its row names (a contact's approach): into the batch as it is."""
        self.batch.nodes.append(node)

    def own_edge(self, edge: Edge) -> None:
        """An edge only its row names (an approach's role edge): into the batch as it is."""
        self.batch.edges.append(edge)

    def add_node(self, node: Node) -> None:
        """Fold a node object a row loader made (see :meth:`node`)."""
        first = self._nodes.get(node.id)
        if first is None:
            self._nodes[node.id] = node
        elif first.name == node.name and first.kind == node.kind and (
            not node.properties or node.properties == first.properties
        ):
            first.aliases |= node.aliases
            first.evidence |= node.evidence
            return
        self.batch.nodes.append(node)

    def add_edge(self, edge: Edge) -> None:
        """Fold an edge object a row loader made into the first with the same properties."""
        first = self._edges.get(edge.id)
        if first is None:
            self._edges[edge.id] = edge
        elif first.properties == edge.properties:
            first.evidence.extend(edge.evidence)
            return
        self.batch.edges.append(edge)
