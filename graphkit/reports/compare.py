"""What changed between two reports: new and dropped brokers, risers and fallers, new paths.

The previous report is read from its ``manifest.json`` only (the ranked actors with their
node ids and ranks, the paths with their node sequences), so any earlier report directory
made by graphkit can be compared, wherever it was moved.

>>> old = {"brokers": {"overall": [{"node_id": "a", "name": "A", "rank": 1},
...                                {"node_id": "b", "name": "B", "rank": 2}]}, "paths": []}
>>> new = {"brokers": {"overall": [{"node_id": "b", "name": "B", "rank": 1},
...                                {"node_id": "c", "name": "C", "rank": 2}]}, "paths": []}
>>> compare_manifests(old, new)[["change", "subject", "previous_rank", "rank"]].values.tolist()
[['new broker', 'C', None, 2], ['riser', 'B', 2, 1], ['dropped broker', 'A', 1, None]]
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from graphkit.errors import InputError
from graphkit.language import message

CHANGE_COLUMNS = ["change", "subject", "node_id", "previous_rank", "rank", "detail"]
_ORDER = {"new broker": 0, "riser": 1, "faller": 2, "dropped broker": 3, "new path": 4, "gone path": 5}


def read_manifest(report_dir: Path | str) -> dict[str, Any]:
    """The manifest of an earlier report; a clear error when ``report_dir`` is not one."""
    path = Path(report_dir) / "manifest.json"
    if not path.is_file():
        raise InputError("not a graphkit report directory (no manifest.json)", file=str(report_dir))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"cannot read the previous report's manifest: {err}", file=str(path)) from None
    if not isinstance(manifest, dict) or "brokers" not in manifest or "paths" not in manifest:
        raise InputError("the manifest has no brokers or paths (not a graphkit report)", file=str(path))
    return manifest


def compare_manifests(previous: Mapping[str, Any], current: Mapping[str, Any],
                      lang: str = "en") -> pd.DataFrame:
    """The changes from ``previous`` to ``current`` (two report manifests), one row each;
    ``detail`` in ``lang`` (``change`` stays the English code the CSV and the page key on).

    ``change`` is one of: new broker (in the current top list only), riser / faller (rank
    moved), dropped broker (in the previous top list only), new path / gone path (a node
    sequence from a foreign actor to a technology present in one report only).
    """
    rows: list[dict[str, Any]] = []
    before = {b["node_id"]: b for b in previous["brokers"]["overall"]}
    now = {b["node_id"]: b for b in current["brokers"]["overall"]}
    for node, item in now.items():
        old = before.get(node)
        if old is None:
            rows.append(_row("new broker", item["name"], node, None, item["rank"],
                             message("report.detail.new_broker", lang)))
        elif old["rank"] != item["rank"]:
            moved = old["rank"] - item["rank"]
            rows.append(_row("riser" if moved > 0 else "faller", item["name"], node, old["rank"],
                             item["rank"], message("report.detail.up" if moved > 0 else "report.detail.down",
                                                   lang, n=abs(moved))))
    for node, item in before.items():
        if node not in now:
            rows.append(_row("dropped broker", item["name"], node, item["rank"], None,
                             message("report.detail.dropped_broker", lang)))
    old_paths = {_path_key(p): p for p in previous["paths"]}
    new_paths = {_path_key(p): p for p in current["paths"]}
    for key, path in new_paths.items():
        if key not in old_paths:
            rows.append(_row("new path", " → ".join(path["names"]), None, None, path["rank"],
                             message("report.detail.new_path", lang, technology=path["technology"],
                                     p=f"{path['probability']:.4f}")))
    for key, path in old_paths.items():
        if key not in new_paths:
            rows.append(_row("gone path", " → ".join(path["names"]), None, path["rank"], None,
                             message("report.detail.gone_path", lang, technology=path["technology"])))
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    if not frame.empty:
        frame = frame.assign(_o=frame["change"].map(_ORDER), _r=frame["rank"].fillna(frame["previous_rank"]))
        frame = frame.sort_values(["_o", "_r", "subject"], kind="stable").drop(columns=["_o", "_r"])
        frame = frame.reset_index(drop=True)
    for column in ("previous_rank", "rank"):
        frame[column] = pd.Series([None if pd.isna(v) else int(v) for v in frame[column]],
                                  index=frame.index, dtype=object)
    return frame


def _path_key(path: Mapping[str, Any]) -> tuple:
    return (path["technology_id"], tuple(path["nodes"]))


def _row(change: str, subject: str, node: str | None, previous: int | None, rank: int | None,
         detail: str) -> dict[str, Any]:
    return {"change": change, "subject": subject, "node_id": node, "previous_rank": previous,
            "rank": rank, "detail": detail}
