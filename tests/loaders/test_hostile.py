"""Hostile record files (issue 12): each input is built here, and each must be refused with one
clear reason or have its bad rows rejected, never a traceback and never a silent change."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import FileFormatError
from graphkit.loaders.readers import open_table


def all_rows(table, size=10_000):
    return [(r.number, r.cells, r.problem) for chunk in table.chunks(size) for r in chunk]


# -- item 3: duplicate headers ---------------------------------------------------------------


def test_duplicate_headers_are_refused_naming_them(write_csv):
    path = write_csv("dup.csv", [["from_name", "to_name", "from_name", " to_name ", "notes", "NOTES"],
                                 ["A", "B", "C", "D", "e", "f"]])
    with pytest.raises(FileFormatError) as caught:
        open_table(path)
    message = str(caught.value)
    assert "dup.csv" in message and "duplicate column" in message
    assert "'from_name' (columns 1 and 3)" in message
    assert "'to_name' (columns 2 and 4)" in message
    assert "'notes' (columns 5 and 6)" in message


def test_duplicate_excel_headers_are_refused(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["from_name", "to_name", "From_Name"])
    book.active.append(["A", "B", "C"])
    path = tmp_path / "dup.xlsx"
    book.save(path)
    with pytest.raises(FileFormatError, match=r"duplicate column.*'from_name' \(columns 1 and 3\)"):
        open_table(path)


def test_distinct_headers_and_blank_headers_still_load(write_csv):
    table = open_table(write_csv("ok.csv", [["from_name", "to_name", "", ""], ["A", "B", "", ""]]))
    assert table.columns == ["from_name", "to_name", "column 3", "column 4"]
