"""Hostile record files (issue 12): each input is built here, and each must be refused with one
clear reason or have its bad rows rejected, never a traceback and never a silent change."""
from __future__ import annotations

import os
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


# -- item 2: Excel hidden sheets and formulas without saved values -----------------------------


def _book(tmp_path: Path, sheets: list[tuple[str, str, list[list]]], name: str = "b.xlsx") -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    path = tmp_path / name
    book.save(path)
    return path


def test_a_hidden_first_sheet_is_skipped_with_a_note(tmp_path: Path):
    path = _book(tmp_path, [("old", "hidden", [["from_name", "to_name"], ["Hidden", "Row"]]),
                            ("contacts", "visible", [["from_name", "to_name"], ["Li Wei", "Yamada"]])])
    table = open_table(path)
    assert table.sheet == "contacts"
    assert all_rows(table) == [(2, {"from_name": "Li Wei", "to_name": "Yamada"}, None)]
    assert table.notes == ["sheet 'contacts' read: the sheets before it are hidden ('old' hidden); "
                           "choose another with --sheet"]
    assert open_table(path, sheet="old").sheet == "old"  # a hidden sheet may still be named


def test_several_visible_sheets_read_the_first_and_say_so(tmp_path: Path):
    path = _book(tmp_path, [("a", "visible", [["from_name", "to_name"], ["A", "B"]]),
                            ("b", "visible", [["from_name", "to_name"], ["C", "D"]]),
                            ("c", "veryHidden", [["x"]])])
    table = open_table(path)
    assert table.sheet == "a"
    assert table.notes == ["sheet 'a' read, the first of 2 visible sheets ('a', 'b'; 'c' very hidden); "
                           "choose another with --sheet"]


def test_a_workbook_with_no_visible_sheet_is_refused(tmp_path: Path):
    import zipfile

    path = _book(tmp_path, [("a", "visible", [["from_name"]]), ("b", "hidden", [["from_name"]])])
    with zipfile.ZipFile(path) as zin:  # openpyxl will not save such a workbook: hide 'a' by hand
        parts = {n: zin.read(n) for n in zin.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b'name="a" sheetId="1" state="visible"', b'name="a" sheetId="1" state="hidden"')
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    with pytest.raises(FileFormatError, match=r"has no visible sheet \(.a. hidden, .b. hidden\); choose one with --sh"):
        open_table(path)


def test_a_formula_without_a_saved_value_rejects_its_row(tmp_path: Path):
    path = _book(tmp_path, [("s", "visible", [["from_name", "to_name"], ["Li Wei", "=A2&\"x\""], ["A", "B"]])])
    rows = all_rows(open_table(path))
    assert rows[0][0] == 2 and rows[0][2] == (
        "to_name: cell B2 holds a formula (=A2&\"x\") with no saved value; open the file in Excel and save it "
        "so the values are stored, or paste the values in place of the formulas")
    assert rows[1] == (3, {"from_name": "A", "to_name": "B"}, None)


def test_a_formula_with_a_saved_value_reads_the_value(tmp_path: Path):
    import zipfile

    path = _book(tmp_path, [("s", "visible", [["from_name", "to_name"], ["Li Wei", "=A2"]])])
    # write the cached value Excel would have saved: <f>A2</f><v>Li Wei</v> as an inline string
    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    xml = parts[sheet].decode()
    assert "<f>A2</f><v></v>" in xml or "<f>A2</f><v />" in xml
    xml = xml.replace('<c r="B2"', '<c r="B2" t="str"').replace("<f>A2</f><v></v>", "<f>A2</f><v>Li Wei</v>")
    xml = xml.replace("<f>A2</f><v />", "<f>A2</f><v>Li Wei</v>")
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    assert all_rows(open_table(path)) == [(2, {"from_name": "Li Wei", "to_name": "Li Wei"}, None)]


def test_the_load_summary_says_which_sheet_was_read(tmp_path: Path, workspace):
    from graphkit.ingest import encoding_lines, load_files

    path = _book(tmp_path, [("old", "hidden", [["from_name", "to_name"], ["Hidden", "Row"]]),
                            ("contacts", "visible", [["from_name", "to_name"], ["Li Wei", "Yamada"],
                                                     ["=\"x\"", "B"]])])
    report = load_files([path], workspace)
    assert (report.files[0].loaded, report.files[0].rejected) == (1, 1)
    assert "formula" in report.rejects[0].reason and report.rejects[0].row == 3
    assert encoding_lines(report) == [f"{path}: sheet 'contacts' read: the sheets before it are hidden ('old' hidden); "
                                      "choose another with --sheet"]


# -- item 12: Excel bombs ----------------------------------------------------------------------

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                    for i in range(1, 10))
          + "]>")


def _replace_parts(path: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> None:
    import zipfile

    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    parts.update(replace)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)


def test_openpyxl_parses_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("part", ["sheet", "sharedStrings"])
def test_an_entity_expansion_bomb_is_refused_in_one_line(tmp_path: Path, part: str):
    path = _book(tmp_path, [("s", "visible", [["from_name", "to_name"], ["A", "B"]])])
    body = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    if part == "sheet":
        _replace_parts(path, {"xl/worksheets/sheet1.xml": (LAUGHS + body).encode()})
    else:  # openpyxl writes inline strings: declare a shared strings part as Excel does
        import zipfile

        with zipfile.ZipFile(path) as book:
            types = book.read("[Content_Types].xml").replace(b"</Types>", (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/></Types>').encode())
        _replace_parts(path, {"[Content_Types].xml": types, "xl/sharedStrings.xml": (
            LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si>'
            '</sst>').encode()})
    with pytest.raises(FileFormatError, match=r"declares XML entities .*refuses such files"):
        open_table(path)


def test_a_workbook_that_expands_too_far_is_refused_before_parsing(tmp_path: Path):
    import zipfile

    from graphkit.loaders.readers import MAX_COMPRESSION_RATIO

    path = _book(tmp_path, [("s", "visible", [["from_name", "to_name"], ["A", "B"]])])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book, book.open("xl/sharedStrings2.xml", "w") as part:
        for _ in range(32):
            part.write(b"<si><t>" + b"a" * (1 << 20) + b"</t></si>")
    with pytest.raises(FileFormatError, match=rf"xl/sharedStrings2.xml expands .* more than {MAX_COMPRESSION_RATIO} "
                                              r"times its compressed size.*zip bomb"):
        open_table(path)


def test_a_workbook_larger_than_the_limit_is_refused(tmp_path: Path, monkeypatch):
    import zipfile

    from graphkit.loaders import readers

    path = _book(tmp_path, [("s", "visible", [["from_name", "to_name"], ["A", "B"]])])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/media/photo.bin", os.urandom(3 << 20))  # incompressible: ratio is fine
    assert open_table(path).columns == ["from_name", "to_name"]
    monkeypatch.setattr(readers, "MAX_XLSX_UNCOMPRESSED", 2 << 20)
    with pytest.raises(FileFormatError, match=r"unpacks to 3\.\d MiB, more than graphkit's limit of 2\.0 MiB"):
        open_table(path)


# -- item 6: a column of corporate numbers (法人番号) -------------------------------------------


def test_a_corporate_number_column_validates_as_corporate_numbers(write_csv, workspace):
    from graphkit.ingest import load_files
    from graphkit.loaders.mapping import mapping_from_dict

    path = write_csv("e.csv", [["名称", "法人番号"],
                               ["国税庁", "7000012050002"],
                               ["十二桁", "000012050002"],      # 12 digits: was phone:+8112050002
                               ["ゼロ始まり", "0000012050002"],  # 13 digits from 0: was phone:+81...
                               ["空欄", ""]])
    mapping = mapping_from_dict({"layout": "entities", "columns": {"name": "名称", "identifiers": "法人番号"},
                                "constants": {"kind": "company"}})
    report = load_files([path], workspace, mapping=mapping)
    assert (report.files[0].loaded, report.files[0].rejected) == (2, 2)
    reasons = {r.row: r.reason for r in report.rejects}
    assert reasons == {
        3: "identifiers: a corporate number (法人番号) has 13 digits, not 12 (value: 法人番号:000012050002)",
        4: "identifiers: corporate number check digit is 0, expected 7 (a digit is wrong) (value: 法人番号:0000012050002)"}
    assert report.rejects[0].raw["法人番号"] == "000012050002"  # the cell as written stays the evidence
    nta = workspace.get_node(workspace.find_node_ids("国税庁")[0])
    assert nta.properties["corporate_number"] == "7000012050002"
    assert not any(i.startswith("phone:") for n in workspace.iter_nodes() for i in n.properties.get("identifiers", []))


def test_only_a_corporate_number_header_declares_corporate_numbers():
    from graphkit.normalize.identifiers import is_corporate_number_header

    assert all(map(is_corporate_number_header, ["法人番号", " 法人番号 ", "Corporate Number", "houjin bangou", "ＪＰ-ＣＯＲＰ"]))
    assert not any(map(is_corporate_number_header, ["identifiers", "電話番号", "法人番号等", "corporate"]))


# -- item 5: the same id with different attributes ----------------------------------------------


def test_rows_sharing_an_id_but_saying_different_things_are_each_kept(write_csv, workspace):
    from graphkit.ingest import conflict_lines, load_files

    path = write_csv("e.csv", [["entity_id", "kind", "name", "country", "org"],
                               ["E1", "person", "Li Wei", "CN", "Org1"],
                               ["E1", "person", "Li Wei", "JP", "Org2"],
                               ["E1", "person", "Li Wei", "CN", "Org1"]])  # the first row again: no conflict
    report = load_files([path], workspace)
    (file_report,) = report.files
    assert (file_report.read, file_report.loaded, file_report.merged, file_report.rejected) == (3, 2, 1, 0)
    assert workspace.record_count() == 2
    said = {}
    for node in workspace.iter_nodes():
        if node.kind == "Person":
            for record in workspace.get_records(node.evidence).values():
                said.setdefault(node.properties.get("country"), []).append((record.row, record.raw["country"]))
    # each node's evidence is the row that said what the node holds
    assert sorted(said["JP"]) == [(3, "JP")] and (2, "CN") in said["CN"]
    assert file_report.id_conflicts == ["entity_id 'E1': row 3 differs from row 2 (both rows kept as evidence)"]
    assert conflict_lines(report) == [f"{path}: entity_id 'E1': row 3 differs from row 2 (both rows kept as evidence)"]
    again = load_files([path], workspace)  # a reload still changes nothing
    assert (again.files[0].loaded, again.files[0].merged) == (0, 3) and workspace.record_count() == 2


def test_graphkit_load_prints_id_conflicts_and_sheet_choice_on_stderr(tmp_path: Path, write_csv):
    from click.testing import CliRunner

    from graphkit.cli import main

    entities = write_csv("e.csv", [["entity_id", "name", "country"], ["E1", "Li Wei", "CN"], ["E1", "Li Wei", "JP"]])
    book = _book(tmp_path, [("old", "hidden", [["x"]]), ("c", "visible", [["from_name", "to_name"], ["A", "B"]])])
    result = CliRunner().invoke(main, ["load", str(entities), str(book), "-w", str(tmp_path / "ws")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{entities}: entity_id 'E1': row 3 differs from row 2 (both rows kept as evidence)" in result.stderr
    assert f"{book}: sheet 'c' read: the sheets before it are hidden ('old' hidden)" in result.stderr
