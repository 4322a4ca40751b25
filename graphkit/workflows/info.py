"""Summarise a store: what `graphkit info` prints.

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Node
>>> from graphkit.store.workspace import Workspace
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> _ = ws.write(Batch(nodes=[Node(id="p1", kind="Person", name="A", properties={"country": "CN", "foreign": True})]))
>>> summarise(ws)["actors"]
{'foreign': 1, 'domestic': 0, 'unknown': 0}
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit import schema
from graphkit.normalize.dates import first_last
from graphkit.render import Rows
from graphkit.store.base import Store

if TYPE_CHECKING:  # `graphkit info` prints Rows: pandas loads only for summary_frame
    import pandas as pd


def _cases(store: Store) -> list[dict[str, Any]]:
    counts = store.record_counts_by_case()
    cases: dict[str, dict[str, Any]] = {}
    for node in store.iter_nodes([schema.CASE_KIND]):
        case_id = str(node.properties.get("case_id") or node.name)
        cases[case_id] = {"case_id": case_id, "title": node.properties.get("title"),
                          "status": node.properties.get("status"), "records": counts.get(case_id, 0)}
    for counted_id, n in counts.items():
        if counted_id is not None and counted_id not in cases:
            cases[counted_id] = {"case_id": counted_id, "title": None, "status": None, "records": n}
    return [cases[k] for k in sorted(cases)]


def summarise(store: Store) -> dict[str, Any]:
    """Counts by node kind and relation, foreign/domestic actors, the evidence date range, cases.

    Returns a dict with ``nodes`` ({kind: n}), ``edges`` ({relation: n}), ``records``,
    ``rejects``, ``actors`` ({"foreign", "domestic", "unknown"}), ``first_date`` and
    ``last_date`` (ISO at their precision; the earliest start and latest end) and ``cases``
    (a list of {case_id, title, status, records}).
    """
    counts = store.counts()
    nodes = {k: v for k, v in counts.items() if k in schema.NODE_KINDS}
    edges = {k: v for k, v in counts.items() if k not in schema.NODE_KINDS}
    first, last = first_last(store.evidence_dates())
    return {
        "store": store.location,
        "nodes": nodes,
        "edges": edges,
        "records": store.record_count(),
        "rejects": store.rejects_count(),
        "actors": store.foreign_counts(schema.ACTOR_KINDS),
        "first_date": first,
        "last_date": last,
        "cases": _cases(store),
    }


def summary_rows(summary: dict[str, Any]) -> Rows:
    """The summary as rows of (section, item, value) for a table or CSV (without pandas)."""
    rows: list[tuple[str, str, Any]] = [("store", "location", summary["store"])]
    rows += [("nodes", kind, n) for kind, n in summary["nodes"].items()]
    rows += [("edges", relation, n) for relation, n in summary["edges"].items()]
    rows += [("records", "records", summary["records"]), ("records", "rejected rows", summary["rejects"])]
    rows += [("actors", origin, n) for origin, n in summary["actors"].items()]
    rows += [("dates", "first", summary["first_date"]), ("dates", "last", summary["last_date"])]
    rows += [("cases", c["case_id"], f"{c['records']} records" + (f": {c['title']}" if c["title"] else ""))
             for c in summary["cases"]]
    return Rows(["section", "item", "value"], list(rows))


def summary_frame(summary: dict[str, Any]) -> "pd.DataFrame":
    """The summary as a DataFrame of (section, item, value) rows."""
    import pandas as pd

    table = summary_rows(summary)
    return pd.DataFrame(table.rows, columns=table.columns)
