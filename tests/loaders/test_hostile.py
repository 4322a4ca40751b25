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


# -- item 4: JSON Lines that json.loads accepts but should not --------------------------------


def test_json_lines_nan_duplicate_keys_and_deep_nesting_are_rejected_per_row(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    deep = '{"from_name": "A", "to_name": ' + "[" * 10_000 + "]" * 10_000 + "}"
    lines = [
        '{"from_name": "Li Wei", "to_name": "B"}',
        '{"from_name": NaN, "to_name": "B"}',
        '{"from_name": "A", "to_name": Infinity}',
        '{"from_name": "A", "to_name": "B", "from_name": "C"}',
        deep,
        '{"from_name": "A", "to_name": ' + "1" * 5000 + "}",
        '{"from_name": "Yamada", "to_name": "B"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = open_table(path)
    assert table.columns == ["from_name", "to_name"]
    rows = all_rows(table)
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert rows[0][2] is None and rows[6] == (7, {"from_name": "Yamada", "to_name": "B"}, None)
    assert rows[1][2] == "not valid JSON: NaN is not a JSON value (write null or a quoted text)"
    assert rows[2][2] == "not valid JSON: Infinity is not a JSON value (write null or a quoted text)"
    assert rows[3][2] == "key 'from_name' appears twice in the object; keep one"
    assert rows[4][2] == "nested more than 100 levels deep (graphkit's limit for a JSON line)"
    assert rows[5][2].startswith("not valid JSON: ")
    assert all(set(r[1]) == {"line"} for r in rows[1:6])  # the line itself is kept as evidence


def test_json_lines_header_sample_skips_rejected_lines(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"a": NaN, "b": 1}\n' + "[" * 50_000 + "\n" + '{"from_name": "A", "to_name": "B"}\n',
                    encoding="utf-8")
    table = open_table(path)
    assert table.columns == ["from_name", "to_name"]
    assert [r[2] is None for r in all_rows(table)] == [False, False, True]


# -- item 7: a cell too large for one row ------------------------------------------------------


def _contacts_with_big_cell(path: Path, big_row: int, big: str, rows: int, quoted_lines: bool = False) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("from_name,to_name,notes\r\n")
        for number in range(2, rows + 2):
            if number == big_row:
                cell = f'"{big}\r\nsecond line ""quoted"" {big[:10]}"' if quoted_lines else big
                handle.write(f"P{number},Q,{cell}\r\n")
            else:
                handle.write(f"P{number},Q,n\r\n")


def test_a_70_mib_cell_rejects_its_row_and_the_load_goes_on(tmp_path: Path):
    from graphkit.loaders.readers import MAX_CELL_CHARS

    path = tmp_path / "big.csv"
    _contacts_with_big_cell(path, 15_002, "x" * (70 << 20), rows=15_100)
    table = open_table(path)
    numbers, problems = [], {}
    for chunk in table.chunks(10_000):
        for row in chunk:
            numbers.append(row.number)
            if row.problem:
                problems[row.number] = (row.problem, row.cells)
    assert numbers == list(range(2, 15_102))  # every row, none lost after the big one
    (problem, cells) = problems.pop(15_002)
    assert not problems
    assert problem.startswith(f"notes: cell is larger than {MAX_CELL_CHARS:,} characters")
    assert "split the text" in problem
    assert cells["from_name"] == "P15002" and len(cells["notes"]) < 1000  # the evidence is bounded


@pytest.mark.parametrize("size", [(1 << 20) + 1, 70 << 20])
def test_an_oversized_quoted_cell_over_several_lines_is_read_around(tmp_path: Path, size: int):
    path = tmp_path / "big.csv"
    _contacts_with_big_cell(path, 3, "y" * size, rows=4, quoted_lines=True)
    rows = all_rows(open_table(path))
    assert [r[0] for r in rows] == [2, 3, 4, 5]
    assert rows[1][2].startswith("notes: cell is larger than")
    assert rows[2] == (4, {"from_name": "P4", "to_name": "Q", "notes": "n"}, None)


def test_oversized_cells_are_rejected_in_a_load(tmp_path: Path, workspace):
    from graphkit.ingest import load_files

    path = tmp_path / "big.csv"
    _contacts_with_big_cell(path, 3, "z" * (2 << 20), rows=3)
    report = load_files([path], workspace)
    assert (report.files[0].read, report.files[0].rejected, report.files[0].loaded) == (3, 1, 2)
    assert report.rejects[0].row == 3 and "cell is larger than" in report.rejects[0].reason


def test_oversized_json_cell_is_rejected(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    path.write_text('{"from_name": "A", "to_name": "B"}\n{"from_name": "' + "w" * (2 << 20) + '", "to_name": "B"}\n',
                    encoding="utf-8")
    rows = all_rows(open_table(path))
    assert rows[0][2] is None and rows[1][2].startswith("from_name: cell is larger than")
