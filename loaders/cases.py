"""Cases rows: one investigation case each (``case_id, title, opened, status, summary``).

>>> from graphkit.loaders.common import RowContext
>>> r = case_row({"case_id": "C-01", "title": "EUV 流出", "opened": "令和5年4月"}, 2,
...              RowContext(file="cases.csv", layout="cases"))
>>> r.nodes[0].name, r.nodes[0].properties["opened"]
('EUV 流出', '2023-04')
"""
from __future__ import annotations

from graphkit import schema
from graphkit.loaders.common import RowContext, RowResult, case_node_id
from graphkit.model import Node
from graphkit.normalize import fold

ID_FIELD = "case_id"


def case_row(fields: dict[str, str], row: int, ctx: RowContext,
             raw: dict[str, str] | None = None) -> RowResult:
    """Turn one cases row into its record and Case node."""
    case_id = fold(ctx.required(fields, "case_id"))
    opened = ctx.date(fields, "opened")
    record = ctx.record(fields, row, raw if raw is not None else fields, ID_FIELD, case_id)
    properties: dict[str, object] = {"case_id": case_id}
    for name in ("title", "status", "summary"):
        value = ctx.text(fields, name)
        if value is not None:
            properties[name] = value
    if opened:
        properties["opened"] = opened.iso
    node = Node(id=case_node_id(case_id), kind=schema.CASE_KIND, name=properties.get("title") or case_id,  # type: ignore[arg-type]
                properties=properties, evidence={record.record_id})
    return RowResult(record, nodes=[node])
