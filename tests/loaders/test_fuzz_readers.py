"""Fuzzing the record readers and the mapping parser (issue 12): for any input they give rows or
graphkit's own error, never another traceback, and cells written to a file read back unchanged.

Bounded (a few hundred examples, seconds in all) so that it runs in every suite run.
"""
from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from graphkit.errors import FileFormatError, GraphkitError, MappingError
from graphkit.loaders.mapping import load_mapping, mapping_from_dict
from graphkit.loaders.readers import open_table
from graphkit.normalize.text import caseless_key

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# printable text of any script, with the characters that stress CSV: separators, quotes, line ends
CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list(',";\n\r\t \u3000'))
CELL = st.text(CHARS, max_size=12)


def _headers(width_min: int = 1):
    name = st.text(CHARS, min_size=1, max_size=10).map(str.strip).filter(lambda h: h and "\ufeff" not in h)
    return st.lists(name, min_size=width_min, max_size=5, unique_by=caseless_key)


def _read(path: Path):
    table = open_table(path)
    return table, [(r.cells, r.problem) for chunk in table.chunks(7) for r in chunk]


@FUZZ
@given(data=st.data())
def test_csv_cells_read_back_as_written(data):
    header = data.draw(_headers())
    rows = data.draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=8))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
        try:
            table, read = _read(path)
        except FileFormatError as err:  # graphkit's own refusal (e.g. a ';'-separated-looking header)
            assert "seems separated by" in str(err) or "blank" in str(err), err
            return
    assert table.columns == header
    expected = [dict(zip(header, row)) for row in rows if not (len(row) == 1 and not row[0].strip())]
    assert read == [(cells, None) for cells in expected]


@FUZZ
@given(data=st.data())
def test_xlsx_cells_read_back_as_written(data):
    import openpyxl

    # "=..." is a formula to openpyxl, "\r" becomes "\n" in XML: neither is a cell as written
    text = st.text(CHARS.filter(lambda c: c != "\r"), max_size=12).filter(lambda t: not t.startswith("="))
    header = data.draw(_headers().filter(lambda h: all(not n.startswith("=") and "\r" not in n for n in h)))
    rows = data.draw(st.lists(st.lists(text, min_size=len(header), max_size=len(header)), max_size=8))
    book = openpyxl.Workbook()
    for row in [header, *rows]:
        book.active.append([cell or None for cell in row])
    # openpyxl writes U+FFFE and U+FFFF as they are, which XML 1.0 forbids: such a file opens
    # nowhere, and graphkit says so in its own words (graphkit's writer drops them instead)
    unreadable = any(c in "\ufffe\uffff" for row in [header, *rows] for cell in row for c in cell)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.xlsx"
        book.save(path)
        try:
            table, read = _read(path)
        except FileFormatError as err:
            assert unreadable and "cannot be opened as an Excel .xlsx workbook" in str(err), err
            return
    assert not unreadable
    assert table.columns == header
    expected = [dict(zip(header, row)) for row in rows if any(cell.strip() for cell in row)]
    assert read == [(cells, None) for cells in expected]


@FUZZ
@given(objects=st.lists(st.dictionaries(st.text(CHARS, min_size=1, max_size=8), CELL, min_size=1, max_size=4),
                        min_size=1, max_size=8))
def test_json_lines_cells_read_back_as_written(objects):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
        table, read = _read(path)
    assert read == [(o, None) for o in objects]


@FUZZ
@given(line=st.text(st.sampled_from(list('{}[]",:0123456789.eE-+ nulltrueNaInfity\\x')), max_size=40))
def test_any_json_line_is_a_row_or_a_row_problem(line):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_text('{"a": "b"}\n' + line + "\n", encoding="utf-8")
        table, read = _read(path)
    assert read[0] == ({"a": "b"}, None) and len(read) <= 2


VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                     max_leaves=8)
KEYS = st.sampled_from(["layout", "encoding", "sheet", "header_row", "home_country", "columns", "defaults",
                        "constants", "dates", "values", "other"])


@FUZZ
@given(data=st.dictionaries(KEYS, VALUE | st.sampled_from(["contacts", "entities", "cp932", "JP"]), max_size=5))
def test_the_mapping_parser_accepts_or_says_what_is_wrong(data):
    try:
        mapping_from_dict(data)
    except MappingError:
        pass


@FUZZ
@given(text=st.text(max_size=80), suffix=st.sampled_from([".toml", ".yaml"]))
def test_any_mapping_file_text_parses_or_is_a_mapping_error(text, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"m{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_mapping(path)
        except GraphkitError:
            pass
