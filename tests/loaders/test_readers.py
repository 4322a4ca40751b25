"""Reading record files as text rows: encodings, Excel, JSON Lines, row numbers, chunks."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import openpyxl
import pytest

from graphkit.errors import FileFormatError
from graphkit.loaders.readers import open_table


def all_rows(table, size=10_000):
    return [(r.number, r.cells, r.problem) for chunk in table.chunks(size) for r in chunk]


JAPANESE = [["from_name", "to_name", "date"], ["李 偉", "山田　太郎", "令和6年5月1日"], ["ｱｸﾒ", "髙橋", "R6.5.1"]]


def test_utf8_bom_and_cp932_read_the_same_text(write_csv):
    plain = open_table(write_csv("u.csv", JAPANESE, "utf-8"))
    bom = open_table(write_csv("b.csv", JAPANESE, "utf-8-sig"))
    sjis = open_table(write_csv("s.csv", JAPANESE, "cp932"))
    assert (plain.encoding, bom.encoding, sjis.encoding) == ("utf-8", "utf-8-sig", "cp932")
    # the BOM must not stick to the first header
    assert bom.columns == ["from_name", "to_name", "date"]
    expected = all_rows(plain)
    assert expected[0] == (2, {"from_name": "李 偉", "to_name": "山田　太郎", "date": "令和6年5月1日"}, None)
    assert all_rows(bom) == expected
    assert all_rows(sjis) == expected


def test_cp932_only_characters_are_read(write_csv):
    # ① and ㈱ exist in CP932 (Windows) but not in plain Shift_JIS: decoding must use cp932
    path = write_csv("s.csv", [["name"], ["㈱アクメ①"]], "cp932")
    table = open_table(path)
    assert table.encoding == "cp932"
    assert all_rows(table) == [(2, {"name": "㈱アクメ①"}, None)]


def test_encoding_override(write_csv):
    path = write_csv("s.csv", JAPANESE, "cp932")
    # 髙 is a Windows (CP932) extension that plain Shift_JIS lacks: a user who says shift_jis
    # means what Windows writes, so the name is read as CP932, with a note (issue 11 item 9)
    table = open_table(path, encoding="shift_jis")
    assert table.encoding == "cp932" and all_rows(table)[1][1]["to_name"] == "髙橋"
    assert table.notes == ["encoding 'shift_jis' read as CP932, the superset of Shift_JIS that Windows writes"]
    latin = write_csv("l.csv", [["name"], ["Renée Müller"]], "latin-1")
    table = open_table(latin, encoding="latin-1")
    assert table.encoding == "iso8859-1"
    assert all_rows(table) == [(2, {"name": "Renée Müller"}, None)]
    # a decode error is given as row and column, not a byte offset (issue 11 item 9)
    with pytest.raises(FileFormatError, match=r"s\.csv, row 2, column from_name: cannot be read as utf-8: "
                                              r"bytes not valid UTF-8"):
        open_table(path, encoding="utf-8")
    with pytest.raises(FileFormatError, match="unknown encoding 'klingon'"):
        open_table(path, encoding="klingon")


def test_undecodable_random_bytes_name_the_encodings_tried(tmp_path: Path):
    path = tmp_path / "noise.csv"
    # bytes 0x80-0x9f then 0xff: invalid UTF-8, and 0x85 0xff / 0xa0 are invalid CP932 sequences
    path.write_bytes(bytes(range(0x80, 0x100)) * 50 + b"\x00\x01\x02" * 10)
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    message = str(err.value)
    assert message.startswith(f"{path}: cannot be decoded as text; tried utf-8, cp932")
    assert "--encoding" in message


def test_utf16_is_read_with_its_bom_and_refused_with_advice_without(tmp_path: Path):
    # UTF-16 is one of graphkit's strict decodes only when its byte-order mark says so
    path = tmp_path / "u16.csv"
    path.write_text("from_name,to_name\nA,B\n", encoding="utf-16")
    assert open_table(path).encoding == "utf-16"
    path.write_bytes("from_name,to_name\nA,B\n".encode("utf-16-le"))
    with pytest.raises(FileFormatError, match="UTF-16"):
        open_table(path)


def test_every_cell_is_text_na_and_leading_zeros_stay(write_csv):
    path = write_csv("c.csv", [["from_name", "to_name", "contact_id", "notes"],
                               ["NA", "None", "007", "null"], ["N/A", "nan", "0123", ""]])
    rows = all_rows(open_table(path))
    assert rows[0][1] == {"from_name": "NA", "to_name": "None", "contact_id": "007", "notes": "null"}
    assert rows[1][1] == {"from_name": "N/A", "to_name": "nan", "contact_id": "0123", "notes": ""}


def test_row_numbers_count_as_a_spreadsheet_does(tmp_path: Path):
    # header row 1; a quoted cell spanning two lines is still one row (row 2); the blank line
    # is row 3 and skipped; the next record is row 4
    path = tmp_path / "c.csv"
    path.write_text('from_name,to_name,notes\nA,B,"two\nlines"\n\nC,D,x\n', encoding="utf-8")
    rows = all_rows(open_table(path))
    assert [(n, c["from_name"]) for n, c, _ in rows] == [(2, "A"), (4, "C")]
    assert rows[0][1]["notes"] == "two\nlines"


def test_extra_cells_are_a_row_problem_short_rows_are_padded(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text("from_name,to_name\nA,B,oops\nC\nD,E,,\n", encoding="utf-8")
    rows = all_rows(open_table(path))
    assert rows[0][2] == "row has 3 cells but the header has 2"
    assert rows[1] == (3, {"from_name": "C", "to_name": ""}, None)
    assert rows[2] == (4, {"from_name": "D", "to_name": "E"}, None)  # empty trailing cells are fine


def test_chunks_split_rows_without_losing_any(write_csv):
    path = write_csv("c.csv", [["from_name", "to_name"]] + [[f"a{i}", f"b{i}"] for i in range(25)])
    chunks = list(open_table(path).chunks(10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert chunks[2][-1].number == 26  # 25 data rows after the header (row 1)


def test_empty_file_and_separator_mistakes(tmp_path: Path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(FileFormatError, match="empty"):
        open_table(empty)
    semi = tmp_path / "semi.csv"
    semi.write_text("from_name;to_name\nA;B\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="separated by ';'"):
        open_table(semi)


def test_unknown_suffix_and_missing_file(tmp_path: Path):
    odd = tmp_path / "c.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(FileFormatError, match="unknown file type '.pdf'"):
        open_table(odd)
    with pytest.raises(FileFormatError, match="file not found"):
        open_table(tmp_path / "missing.csv")


def make_workbook(path: Path, sheet_title: str = "contacts") -> Path:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "notes"
    first.append(["not the data"])
    ws = book.create_sheet(sheet_title)
    ws.append(["contact_id", "from_name", "to_name", "date", "reliability", "when"])
    ws.append([42, "NA", "山田 太郎", dt.datetime(2024, 5, 1), 0.8, dt.datetime(2024, 5, 1, 9, 30)])
    ws.append([7.0, "Li Wei", "007", dt.date(2023, 1, 2), 1, None])
    ws.append([None, None, None, None, None, None])  # an empty row is skipped
    ws.append([123, "Zhang", "B", "令和6年5月", "A", True])
    ws.cell(row=5, column=1).number_format = "00000"  # shows as 00123 in Excel
    book.save(path)
    return path


def test_excel_cells_become_the_text_excel_shows(tmp_path: Path):
    path = make_workbook(tmp_path / "c.xlsx")
    table = open_table(path, sheet="contacts")
    assert table.format == "xlsx" and table.sheet == "contacts"
    assert table.columns == ["contact_id", "from_name", "to_name", "date", "reliability", "when"]
    rows = all_rows(table)
    assert rows[0] == (2, {"contact_id": "42", "from_name": "NA", "to_name": "山田 太郎",
                           "date": "2024-05-01", "reliability": "0.8", "when": "2024-05-01 09:30:00"}, None)
    # 7.0 is written 7 (no spurious .0); a text "007" keeps its zeros; a blank cell is ''
    assert rows[1] == (3, {"contact_id": "7", "from_name": "Li Wei", "to_name": "007",
                           "date": "2023-01-02", "reliability": "1", "when": ""}, None)
    # row 4 is empty and skipped; row 5 keeps its sheet row number and its 00000 format
    assert rows[2][0] == 5
    assert rows[2][1]["contact_id"] == "00123"
    assert rows[2][1]["when"] == "TRUE"


def test_excel_first_sheet_by_default_and_missing_sheet(tmp_path: Path):
    path = make_workbook(tmp_path / "c.xlsx")
    assert open_table(path).columns == ["not the data"]
    with pytest.raises(FileFormatError, match="has no sheet 'Sheet9'; its sheets are notes, contacts"):
        open_table(path, sheet="Sheet9")


def test_corrupt_excel_file(tmp_path: Path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(FileFormatError, match="cannot be opened as an Excel .xlsx workbook"):
        open_table(path)


def test_json_lines_values_as_text_and_bad_lines_as_row_problems(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"from_name": "NA", "to_name": "null", "reliability": 0.5, "contact_id": 7,
                    "technology": ["EUV", "AI"], "notes": None}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"from_name": "山田", "to_name": "B", "extra": True}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = open_table(path)
    assert table.format == "jsonl"
    assert table.columns == ["from_name", "to_name", "reliability", "contact_id", "technology", "notes", "extra"]
    rows = all_rows(table)
    assert rows[0] == (1, {"from_name": "NA", "to_name": "null", "reliability": "0.5", "contact_id": "7",
                           "technology": "EUV;AI", "notes": ""}, None)
    assert rows[1][0] == 3 and rows[1][2].startswith("not valid JSON")
    assert rows[2][0] == 4 and rows[2][2] == "line is not a JSON object"
    assert rows[3] == (5, {"from_name": "山田", "to_name": "B", "extra": "true"}, None)


def test_json_lines_without_objects_is_a_file_error(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    path.write_text("[1]\n\"x\"\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="no JSON object lines"):
        open_table(path)


def test_large_file_reads_in_bounded_chunks(tmp_path: Path):
    # 50k rows read with chunk 1000: every chunk at most 1000 rows, row numbers continuous
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("from_name,to_name\n")
        for i in range(50_000):
            fh.write(f"a{i},b{i}\n")
    numbers = []
    for chunk in open_table(path).chunks(1000):
        assert len(chunk) <= 1000
        numbers.append((chunk[0].number, chunk[-1].number))
    assert numbers[0] == (2, 1001) and numbers[-1] == (49_002, 50_001) and len(numbers) == 50
    assert os.path.getsize(path) > 0


def test_euc_jp_is_not_misread_as_cp932_but_half_width_cp932_stays_cp932(tmp_path: Path):
    # EUC-JP bytes also decode as CP932, into half-width katakana (mojibake); graphkit's rules
    # judge both strict readings by what they look like (loaders/encodings.py)
    euc = tmp_path / "euc.csv"
    euc.write_bytes(("from_name,to_name\n" + "山田太郎,佐藤花子\n鈴木一郎,高橋健\n" * 10).encode("euc_jp"))
    table = open_table(euc)
    assert table.encoding.startswith("euc")
    assert all_rows(table)[0][1] == {"from_name": "山田太郎", "to_name": "佐藤花子"}
    # an old-system CP932 file written all in half-width katakana is really CP932
    hw = tmp_path / "hw.csv"
    hw.write_bytes(("from_name,to_name\n" + "ﾔﾏﾀﾞ ﾀﾛｳ,ｻﾄｳ ﾊﾅｺ\nｽｽﾞｷ ｲﾁﾛｳ,ﾀｶﾊｼ ｹﾝ\n" * 10).encode("cp932"))
    table = open_table(hw)
    assert table.encoding == "cp932"
    assert all_rows(table)[0][1] == {"from_name": "ﾔﾏﾀﾞ ﾀﾛｳ", "to_name": "ｻﾄｳ ﾊﾅｺ"}


def test_header_below_title_rows_keeps_spreadsheet_row_numbers(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text("接触記録 2024年度,,\n作成: 外事課,,\nfrom_name,to_name,date\nA,B,2024\n", encoding="utf-8")
    table = open_table(path, header_row=3)
    assert table.columns == ["from_name", "to_name", "date"]
    assert all_rows(table) == [(4, {"from_name": "A", "to_name": "B", "date": "2024"}, None)]
    book = openpyxl.Workbook()
    book.active.append(["接触記録"])
    book.active.append([])
    book.active.append(["from_name", "to_name"])
    book.active.append(["A", "B"])
    book.save(tmp_path / "c.xlsx")
    table = open_table(tmp_path / "c.xlsx", header_row=3)
    assert table.columns == ["from_name", "to_name"]
    assert all_rows(table) == [(4, {"from_name": "A", "to_name": "B"}, None)]
    with pytest.raises(FileFormatError, match="has no header in row 2"):
        open_table(tmp_path / "c.xlsx", header_row=2)
