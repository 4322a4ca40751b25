"""Print results as a table, CSV or JSON: the one place the CLI formats data for a terminal.

Cells are neutralised for spreadsheets in CSV (see :mod:`graphkit.safe_output`), so a CSV
printed by any command is safe to open in Excel.

>>> import pandas as pd
>>> print(render(pd.DataFrame({"name": ["A"], "score": [0.5]}), "json"))
[
  {
    "name": "A",
    "score": 0.5
  }
]
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module at start-up; pandas loads with the first frame
    import pandas as pd

FORMATS = ("table", "csv", "json")


def render(frame: "pd.DataFrame", fmt: str = "table") -> str:
    """Render ``frame`` as ``table`` (aligned text), ``csv`` or ``json`` (a list of objects)."""
    if fmt == "json":
        from graphkit.safe_output import json_value  # loads pandas: only when a frame is printed

        rows = [json_value(row) for row in frame.to_dict("records")]
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        from graphkit.safe_output import neutralise_frame

        return neutralise_frame(frame).to_csv(index=False).rstrip("\n")
    if fmt == "table":
        if frame.empty:
            return "(no rows)"
        shown = frame.map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, set, tuple)) else v)
        return shown.to_string(index=False)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
