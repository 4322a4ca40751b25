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
from graphkit.loaders.mapping import Mapping, row_fields
from graphkit.loaders.readers import RawRow
from graphkit.loaders.relations import relation_row
from graphkit.model import Batch, Reject

RowLoader = Callable[[dict[str, str], int, RowContext, dict[str, str] | None], RowResult]
ROW_LOADERS: dict[str, RowLoader] = {
    "contacts": contact_row,
    "entities": entity_row,
    "relations": relation_row,
    "cases": case_row,
}


def rows_to_batch(rows: list[RawRow], ctx: RowContext, binding: dict[str, str],
                  mapping: Mapping | None = None) -> Batch:
    """Load each row with its layout's row loader; a row that fails becomes a Reject."""
    loader = ROW_LOADERS[ctx.layout]
    batch = Batch()
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
        batch.nodes.extend(result.nodes)
        batch.edges.extend(result.edges)
    return batch
