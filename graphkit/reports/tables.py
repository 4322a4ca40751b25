"""The report's tables: as rows for the manifest, as frames for CSV and XLSX.

Every CSV and the workbook go through :mod:`graphkit.safe_output`: text cells that a
spreadsheet could run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR, also full width) are
neutralised, XLSX text cells are stored as text, and each file is written atomically.

>>> import pandas as pd
>>> rows = broker_rows(pd.DataFrame([{"rank": 1, "node_id": "n1", "name": "A", "betweenness": 0.5,
...                                   "reason": "r", "records": ["rec-1"]}]))
>>> rows[0]["score"], rows[0]["records"]
(0.5, ['rec-1'])
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from graphkit.analysis.paths import TransferPath
from graphkit.projection import ActorArrays
from graphkit.reports import collect
from graphkit.safe_output import json_value, write_csv, write_xlsx

SCORE_COLUMN = "betweenness"
DECIMALS = 12
"""Scores are written rounded to this many decimals: the engine sums in parallel, so the last
bits of a float can differ from run to run; rounded, the same input gives the same bytes."""


def _round(value: Any) -> Any:
    return round(value, DECIMALS) if isinstance(value, float) else value


def broker_rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Ranked actors as JSON-ready dicts: rank, node_id, name, score, reason, records."""
    rows = []
    for item in table.to_dict("records"):
        rows.append({
            "rank": int(item["rank"]),
            "node_id": str(item["node_id"]),
            "name": str(item.get("name", item["node_id"])),
            "score": _round(json_value(item.get(SCORE_COLUMN))),
            "reason": item.get("reason"),
            "records": sorted(item.get("records") or []),
        })
    return rows


def node_name(arrays: ActorArrays, node: Any) -> str:
    """A node's name in the projection (its id when it has none)."""
    index = arrays.index()
    return str(arrays.names[index[node]]) if node in index else str(node)


def path_rows(arrays: ActorArrays, paths: Mapping[Any, list[TransferPath]]) -> list[dict[str, Any]]:
    """Paths as JSON-ready dicts, each hop with the record ids behind it."""
    rows = []
    for tech, found in paths.items():
        for path in found:
            rows.append({
                "technology_id": str(tech),
                "technology": node_name(arrays, tech),
                "rank": path.rank,
                "probability": path.probability,
                "nodes": [str(n) for n in path.nodes],
                "names": list(path.names),
                "hops": [{"from": str(h.source), "to": str(h.target), "relation": h.relation,
                          "reversed": h.reversed, "p": h.p, "date": h.date,
                          "records": [e["record_id"] for e in h.evidence]} for h in path.hops],
            })
    return rows


def brokers_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The broker table as written to CSV/XLSX (lists kept; the writers join them)."""
    columns = [c for c in ("rank", "name", "kind", "country", "foreign", "betweenness", "degree",
                           "foreign_neighbours", "domestic_neighbours", "pagerank", "constraint",
                           "effective_size", "coordinator", "itinerant", "representative",
                           "gatekeeper", "liaison", "brokerage", "z_brokerage", "articulation",
                           "community", "reason", "cases", "node_id", "records")
               if c in table.columns]
    out = table[columns].copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(DECIMALS)
    return out


def paths_frame(arrays: ActorArrays, paths: Mapping[Any, list[TransferPath]]) -> pd.DataFrame:
    """One row per hop of every path: technology, rank, probability, hop, ends, evidence."""
    rows = []
    for tech, found in paths.items():
        for path in found:
            for i, hop in enumerate(path.hops, start=1):
                rows.append({
                    "technology": node_name(arrays, tech),
                    "rank": path.rank,
                    "probability": round(path.probability, 6),
                    "path": " → ".join(path.names),
                    "hop": i,
                    "from": hop.source_name,
                    "relation": hop.relation + (" (reversed)" if hop.reversed else ""),
                    "to": hop.target_name,
                    "p": round(hop.p, 6),
                    "date": hop.date or "",
                    "evidence": [f"{e['file']}:{e['row']}" for e in hop.evidence],
                    "cases": sorted({e["case"] for e in hop.evidence if e["case"]}),
                    "records": [e["record_id"] for e in hop.evidence],
                })
    columns = ["technology", "rank", "probability", "path", "hop", "from", "relation", "to", "p",
               "date", "evidence", "cases", "records"]
    return pd.DataFrame(rows, columns=columns)


def write_tables(directory: Path, brokers: pd.DataFrame, case_brokers: Mapping[str, pd.DataFrame],
                 paths: Mapping[Any, list[TransferPath]], arrays: ActorArrays,
                 approaches: Iterable[tuple[str | None, str | None]],
                 changes: pd.DataFrame | None, marking: str = "") -> list[str]:
    """Write every table as CSV and all of them as one workbook; return the file names.

    ``arrays`` is the selection's projection, ``approaches`` its approach events' (date,
    channel) (:func:`graphkit.reports.collect.approach_dates`).

    ``marking`` goes into every sheet's printed header and footer; the CSVs stay plain tables
    (machine-readable), the marking for them is ``MARKING.txt`` beside them (see build)."""
    by_case = [brokers_frame(t).assign(case=case) for case, t in case_brokers.items() if not t.empty]
    case_frame = (pd.concat(by_case, ignore_index=True) if by_case
                  else pd.DataFrame(columns=["case", *brokers_frame(brokers).columns]))
    case_frame = case_frame[["case", *[c for c in case_frame.columns if c != "case"]]]
    frames = {
        "brokers": brokers_frame(brokers),
        "brokers_by_case": case_frame,
        "paths": paths_frame(arrays, paths),
        "approaches_by_month": collect.approaches_by_month(approaches),
        "contacts_by_side": collect.contact_mix(arrays),
    }
    if changes is not None:
        frames["changes"] = changes
    names = []
    for name, frame in frames.items():
        write_csv(frame, directory / f"{name}.csv")  # with a BOM, as every user-facing CSV
        names.append(f"{name}.csv")
    write_xlsx(frames, directory / "report.xlsx", marking=marking)
    names.append("report.xlsx")
    return names
