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


def _foreign_counts(store: Store) -> dict[str, int]:
    fast = getattr(store, "foreign_counts", None)
    if fast is not None:
        return fast(schema.ACTOR_KINDS)
    out = {"foreign": 0, "domestic": 0, "unknown": 0}
    for node in store.iter_nodes(schema.ACTOR_KINDS):
        flag = node.properties.get("foreign")
        out["unknown" if flag is None else "foreign" if flag else "domestic"] += 1
    return out


def _dates(store: Store) -> list[str]:
    fast = getattr(store, "evidence_dates", None)
    if fast is not None:
        return fast()
    return sorted({e.date for edge in store.iter_edges() for e in edge.evidence if e.date})


def _cases(store: Store) -> list[dict[str, Any]]:
    counts_of = getattr(store, "record_counts_by_case", None)
    counts = counts_of() if counts_of else {}
    cases: dict[str, dict[str, Any]] = {}
    for node in store.iter_nodes([schema.CASE_KIND]):
        case_id = str(node.properties.get("case_id") or node.name)
        cases[case_id] = {"case_id": case_id, "title": node.properties.get("title"),
                          "status": node.properties.get("status"), "records": counts.get(case_id, 0)}
    for case_id, n in counts.items():
        if case_id is not None and case_id not in cases:
            cases[case_id] = {"case_id": case_id, "title": None, "status": None, "records": n}
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
    first, last = first_last(_dates(store))
    record_count = getattr(store, "record_count", None)
    rejects_count = getattr(store, "rejects_count", None)
    return {
        "store": str(getattr(store, "path", "") or type(store).__name__),
        "nodes": nodes,
        "edges": edges,
        "records": record_count() if record_count else None,
        "rejects": rejects_count() if rejects_count else None,
        "actors": _foreign_counts(store),
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
