"""Print results as a table, CSV or JSON: the one place the CLI formats data for a terminal.

Cells are neutralised for spreadsheets in CSV (see :mod:`graphkit.safe_output`), so a CSV
printed by any command is safe to open in Excel. Every printed cell and line goes through one
sanitiser, :func:`terminal_text` (:func:`graphkit.safe_text.for_display`): a control or bidi
character in a record (``ESC ] 0 ;`` retitling the terminal, ``U+202E`` reversing text) is
printed as a visible ``\\uXXXX`` escape, never sent to the terminal raw.

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
from typing import TYPE_CHECKING, Any

from graphkit.safe_text import for_display

if TYPE_CHECKING:  # the CLI imports this module at start-up; pandas loads with the first frame
    import pandas as pd

FORMATS = ("table", "csv", "json")


def terminal_text(text: str) -> str:
    """``text`` safe to print: controls and bidi characters as ``\\uXXXX`` (line breaks kept).

    >>> terminal_text("Li Wei\\x1b]0;pwned\\x07")
    'Li Wei\\\\u001b]0;pwned\\\\u0007'
    """
    return for_display(str(text), keep_newlines=True)


def _table_cell(value: Any) -> Any:
    if isinstance(value, (list, set, tuple)):
        value = "; ".join(map(str, value))
    return for_display(value) if isinstance(value, str) else value


def render(frame: "pd.DataFrame", fmt: str = "table") -> str:
    """Render ``frame`` as ``table`` (aligned text), ``csv`` or ``json`` (a list of objects).

    Every text cell (and column name) is cleaned by :func:`terminal_text`'s sanitiser; in JSON
    the escapes are JSON's own, so a JSON reader gets the original characters back.
    """
    if fmt == "json":
        from graphkit.safe_output import json_value  # loads pandas: only when a frame is printed

        rows = [json_value(row) for row in frame.to_dict("records")]
        return terminal_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    if fmt == "csv":
        from graphkit.safe_output import neutralise_frame

        return terminal_text(neutralise_frame(frame).to_csv(index=False).rstrip("\n"))
    if fmt == "table":
        if frame.empty:
            return "(no rows)"
        shown = frame.map(_table_cell)
        shown.columns = [_table_cell(c) for c in shown.columns]
        return shown.to_string(index=False)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
