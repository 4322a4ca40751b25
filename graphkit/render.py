"""Print results as a table, CSV or JSON: the one place the CLI formats data for a terminal.

A result is a pandas DataFrame or a plain :class:`Rows` (column names and row tuples, for the
commands that should not load pandas, such as ``graphkit info``). Cells are neutralised for
spreadsheets in CSV (see :mod:`graphkit.safe_output`), so a CSV printed by any command is safe
to open in Excel.

Every printed cell and line goes through one sanitiser, :func:`terminal_text`
(:func:`graphkit.safe_text.for_display`): a control or bidi character in a record is printed
as a visible ``\\uXXXX`` escape, never sent to the terminal raw.

The table fits a width (the terminal's, or ``COLUMNS``): text columns are left-aligned and
cut with an ellipsis, numbers are right-aligned and never cut; ``wide`` shows every cell whole.

>>> rows = Rows(["name", "score", "reason"], [("A", 0.5, "links 3 foreign actors to 2 domestic actors")])
>>> print(render(rows, "table", width=30))
name     score  reason
A     0.500000  links 3 forei…
>>> print(render(rows, "json"))
[
  {
    "name": "A",
    "score": 0.5,
    "reason": "links 3 foreign actors to 2 domestic actors"
  }
]
"""
from __future__ import annotations

import json
import math
import os
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence, Union

from graphkit.safe_text import for_display

if TYPE_CHECKING:  # the CLI imports this module at start-up; pandas loads with the first frame
    import pandas as pd

FORMATS = ("table", "csv", "json")
ELLIPSIS = "…"
#: Text columns are cut no narrower than this (or their header, when shorter).
MIN_TEXT_WIDTH = 10
GAP = "  "


@dataclass
class Rows:
    """A result table without pandas: column names and one tuple per row."""

    columns: list[str]
    rows: list[Sequence[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """One dict per row (column -> value)."""
        return [dict(zip(self.columns, row)) for row in self.rows]


Result = Union["pd.DataFrame", Rows]


def terminal_text(text: str) -> str:
    """``text`` safe to print: controls and bidi characters as ``\\uXXXX`` (line breaks kept).

    >>> terminal_text("Li Wei\\x1b]0;pwned\\x07")
    'Li Wei\\\\u001b]0;pwned\\\\u0007'
    """
    return for_display(str(text), keep_newlines=True)


def terminal_width() -> int | None:
    """The width to fit: ``COLUMNS`` when set, else the terminal's when stdout is one, else
    None (output piped to a file or a program is never cut)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: East Asian wide characters take two, combining marks none.

    >>> display_width("佐藤 美咲"), display_width("Varga")
    (9, 5)
    """
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells, ending in an ellipsis when cut.

    >>> cut("Hokuriku Advanced University", 12)
    'Hokuriku Ad…'
    """
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        size = display_width(ch)
        if used + size > width - 1:
            break
        out.append(ch)
        used += size
    return "".join(out) + ELLIPSIS


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) or (
        hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iuf")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, set, tuple)):
        return "; ".join(map(str, sorted(value) if isinstance(value, set) else value))
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f"):
        number = float(value)
        if math.isnan(number):
            return ""
        return f"{number:.6f}" if abs(number) < 1e6 else f"{number:.6g}"
    text = str(value)
    text = " ".join(text.split()) if ("\n" in text or "\t" in text) else text
    return for_display(text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _columns_and_rows(result: Result) -> tuple[list[str], list[Sequence[Any]]]:
    if isinstance(result, Rows):
        return [str(c) for c in result.columns], list(result.rows)
    return [str(c) for c in result.columns], list(result.itertuples(index=False, name=None))


def _fit(natural: list[int], shrinkable: list[bool], width: int) -> list[int]:
    """Column widths for ``width`` cells: the long text columns are cut, the widest first, to
    one cap no lower than :data:`MIN_TEXT_WIDTH` (the sum may still exceed ``width``)."""
    widths = list(natural)
    budget = width - len(GAP) * (len(widths) - 1)
    text = [i for i, can in enumerate(shrinkable) if can]
    if sum(widths) <= budget or not text:
        return widths
    room = budget - sum(w for i, w in enumerate(widths) if not shrinkable[i])
    low, high = MIN_TEXT_WIDTH, max(widths[i] for i in text)
    while low < high:  # the largest cap whose columns fit the room
        cap = (low + high + 1) // 2
        if sum(min(widths[i], cap) for i in text) <= room:
            low = cap
        else:
            high = cap - 1
    for i in text:
        widths[i] = min(widths[i], low)
    return widths


def table_text(result: Result, *, width: int | None = None, wide: bool = False) -> str:
    """``result`` as aligned text fitting ``width`` terminal cells (all of it when ``wide``
    or ``width`` is None).

    To fit, long text cells are cut with an ellipsis; when that is not enough, columns are
    left out from the right (short ones first, never the first column) and a last line names
    them.
    """
    columns, rows = _columns_and_rows(result)
    columns = [for_display(c) for c in columns]
    if not rows:
        return "(no rows)"
    numeric = [all(_is_number(row[i]) or _cell_text(row[i]) == "" for row in rows)
               and any(_is_number(row[i]) for row in rows) for i in range(len(columns))]
    cells = [[_cell_text(value) for value in row] for row in rows]
    for i in range(len(columns)):  # a count column with gaps (floats in pandas) prints as counts
        values = [row[i] for row in rows if _is_number(row[i]) and _cell_text(row[i]) != ""]
        if numeric[i] and values and all(float(v).is_integer() and abs(float(v)) < 1e15 for v in values):
            for row, line in zip(rows, cells):
                if line[i]:
                    line[i] = str(int(float(row[i])))
    natural = [max(display_width(columns[i]), *(display_width(row[i]) for row in cells))
               for i in range(len(columns))]
    # a column of short cells (flags, codes) is not cut: its header alone is long
    shrinkable = [not numeric[i] and max(display_width(row[i]) for row in cells) > MIN_TEXT_WIDTH
                  for i in range(len(columns))]
    shown = list(range(len(columns)))
    widths = natural
    if width is not None and not wide:
        def fitted(keep: list[int]) -> list[int]:
            return _fit([natural[i] for i in keep], [shrinkable[i] for i in keep], width)

        widths = fitted(shown)
        # short columns go first, from the right; then long text ones (never the first column)
        droppable = [i for i in reversed(shown[1:]) if not shrinkable[i]] + [
            i for i in reversed(shown[1:]) if shrinkable[i]]
        while sum(widths) + len(GAP) * (len(widths) - 1) > width and droppable:
            shown.remove(droppable.pop(0))
            widths = fitted(shown)
        widths = [0] * len(columns) if not shown else widths
    lines = [GAP.join(_pad(cut(columns[i], w), w, numeric[i]) for i, w in zip(shown, widths)).rstrip()]
    for row in cells:
        lines.append(GAP.join(_pad(cut(row[i], w), w, numeric[i]) for i, w in zip(shown, widths)).rstrip())
    hidden = [columns[i] for i in range(len(columns)) if i not in shown]
    if hidden:
        lines.append(cut(f"(--wide shows {len(hidden)} more column(s): {', '.join(hidden)})", width or 10**6))
    return "\n".join(lines)


def render(frame: Result, fmt: str = "table", *, width: int | None = None, wide: bool = False) -> str:
    """Render ``frame`` (a DataFrame or :class:`Rows`) as ``table`` (aligned text fitting
    ``width``; every cell whole when ``wide``), ``csv`` or ``json`` (a list of objects)."""
    if fmt == "json":
        from graphkit.safe_output import json_value  # the one JSON conversion (loads pandas)

        records = frame.records() if isinstance(frame, Rows) else frame.to_dict("records")
        rows = [json_value(row) for row in records]
        return terminal_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    if fmt == "csv":
        from graphkit.safe_output import neutralise_frame

        if isinstance(frame, Rows):
            import pandas as pd

            frame = pd.DataFrame(list(frame.rows), columns=frame.columns)
        return terminal_text(neutralise_frame(frame).to_csv(index=False).rstrip("\n"))
    if fmt == "table":
        return table_text(frame, width=width, wide=wide)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
