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

from typing import Callable

from graphkit.errors import GraphkitError
from graphkit.loaders.cases import case_row
from graphkit.loaders.common import RowContext, RowResult, reject_reason
from graphkit.loaders.contacts import contact_row
from graphkit.loaders.entities import entity_row
from graphkit.loaders.ftm import ftm_pass, ftm_row
from graphkit.loaders.mapping import Mapping, row_fields
from graphkit.loaders.readers import RawRow
from graphkit.loaders.relations import relation_row
from graphkit.model import Batch, Edge, Node, Reject

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


def rows_to_batch(rows: list[RawRow], ctx: RowContext, binding: dict[str, str],
                  mapping: Mapping | None = None) -> Batch:
    """Load each row with its layout's row loader; a row that fails becomes a Reject."""
    loader = ROW_LOADERS[ctx.layout]
    batch = Batch()
    nodes: dict[str, Node] = {}
    edges: dict[str, Edge] = {}
    for raw in rows:
        if raw.problem:
            batch.rejects.append(Reject(ctx.file, raw.number, raw.problem, ctx.layout, dict(raw.cells)))
            continue
        fields = row_fields(raw.cells, binding, mapping)
        try:
            result = loader(fields, raw.number, ctx, raw.cells)
        except GraphkitError as err:
            batch.rejects.append(Reject(ctx.file, raw.number, reject_reason(err), ctx.layout, dict(raw.cells)))
            continue
        batch.records.append(result.record)
        for node in result.nodes:
            _add_node(batch, nodes, node)
        for edge in result.edges:
            _add_edge(batch, edges, edge)
    return batch


def _add_node(batch: Batch, seen: dict[str, Node], node: Node) -> None:
    """Fold a repeat mention of a node into the batch's first one when nothing differs but
    aliases and evidence (fewer objects per chunk); anything else goes to the store as is,
    which merges it and records property conflicts."""
    first = seen.get(node.id)
    if first is None:
        seen[node.id] = node
    elif first.name == node.name and first.kind == node.kind and (
        not node.properties or node.properties == first.properties
    ):
        first.aliases |= node.aliases
        first.evidence |= node.evidence
        return
    batch.nodes.append(node)


def _add_edge(batch: Batch, seen: dict[str, Edge], edge: Edge) -> None:
    """Fold a repeat of an edge with the same properties into the batch's first one."""
    first = seen.get(edge.id)
    if first is None:
        seen[edge.id] = edge
    elif first.properties == edge.properties:
        first.evidence.extend(edge.evidence)
        return
    batch.edges.append(edge)
