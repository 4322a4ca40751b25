"""Rejected rows, kept the same way by every store: one CSV format, one key per row.

A rejects file has the columns ``file, row, layout, reason, raw`` (``raw``: the row's cells
as canonical JSON), a UTF-8 byte-order mark at its start so Excel reads Japanese text, and
every text cell neutralised so a spreadsheet never runs it as a formula
(:func:`graphkit.safe_output.neutralise`). Loads append to it; the same row rejected twice
for the same reason is one rejected row (:func:`distinct_rejects`), and is written once: a
reload of the same files appends nothing.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "rejects.csv"
>>> append_rejects_csv(path, [Reject("c.csv", 3, "=bad", "contacts", {"to_name": ""})])
>>> append_rejects_csv(path, [Reject("c.csv", 3, "=bad", "contacts", {"to_name": ""})])
>>> [(r.file, r.row, r.reason, r.raw) for r in read_rejects_csv(path)]
[('c.csv', 3, '=bad', {'to_name': ''})]
>>> len(path.read_text(encoding="utf-8-sig").splitlines())  # the header and one row
2
"""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Iterable

from graphkit.model import Reject
from graphkit.store.merging import canonical_json

REJECT_COLUMNS = ("file", "row", "layout", "reason", "raw")


def reject_key(reject: Reject) -> str:
    """The deterministic id of a rejected row: a hash of its file, row and reason.

    >>> reject_key(Reject("c.csv", 3, "no to_name", "contacts"))
    '7871e3bb418b820d5bd1f520'
    """
    text = canonical_json([reject.file, reject.row, reject.reason])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]


def distinct_rejects(rejects: Iterable[Reject]) -> list[Reject]:
    """One reject per (file, row, reason), the first kept, sorted by file, row and reason."""
    seen: dict[tuple[str, int, str], Reject] = {}
    for item in rejects:
        seen.setdefault((item.file, item.row, item.reason), item)
    return [seen[k] for k in sorted(seen)]


def append_rejects_csv(path: Path, rejects: Iterable[Reject]) -> None:
    """Append rejected rows to the CSV file at ``path`` (created with its header and a BOM).

    A row already in the file for the same (file, row, reason) is not written again.
    """
    from graphkit.safe_output import neutralise

    written = {(r.file, r.row, r.reason) for r in read_rejects_csv(path)}
    new = [r for r in distinct_rejects(rejects) if (r.file, r.row, r.reason) not in written]
    rows = [[neutralise(r.file), r.row, neutralise(r.layout), neutralise(r.reason),
             neutralise(canonical_json(r.raw or {}))] for r in new]
    if not rows:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists() or path.stat().st_size == 0
    # A BOM at the start lets Excel read the Japanese text; appends add none.
    with open(path, "a", encoding="utf-8-sig" if fresh else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        if fresh:
            writer.writerow(REJECT_COLUMNS)
        writer.writerows(rows)


def _restored(cell: str) -> str:
    """A cell as it was before :func:`~graphkit.safe_output.neutralise` prefixed an apostrophe."""
    from graphkit.safe_output import is_formula_like

    return cell[1:] if cell.startswith("'") and is_formula_like(cell[1:]) else cell


def read_rejects_csv(path: Path) -> list[Reject]:
    """The distinct rejected rows of a rejects file (none when it does not exist), sorted."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return distinct_rejects(
        Reject(file=_restored(r["file"]), row=int(r["row"]), reason=_restored(r["reason"]),
               layout=_restored(r["layout"]), raw=json.loads(_restored(r["raw"]) or "{}"))
        for r in rows
    )
