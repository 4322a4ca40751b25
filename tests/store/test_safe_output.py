"""Safe output: formula neutralising, atomic writes, Excel cells, safe file names."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from graphkit.loaders.readers import open_table
from graphkit.safe_output import (
    atomic_write_bytes, atomic_write_text, atomic_writer, neutralise, neutralise_frame, safe_filename, safe_path,
    write_csv, write_xlsx,
)


@pytest.mark.parametrize("text", ["=1+1", "+81", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1+1", "＋1", "－1", "＠x"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Wang Lei", "a=b", "", "佐藤", 3, -3, 0.5, -0.5, True, None])
def test_other_values_are_unchanged(value):
    assert neutralise(value) == value and type(neutralise(value)) is type(value)


def test_neutralise_frame_keeps_numbers_and_joins_lists():
    frame = pd.DataFrame({"=col": ["=x", "y"], "n": [-1, 2], "l": [["-a", "b"], []]})
    out = neutralise_frame(frame)
    assert list(out.columns) == ["'=col", "n", "l"]
    assert out["=col" if "=col" in out else "'=col"].tolist() == ["'=x", "y"]
    assert out["n"].tolist() == [-1, 2] and out["n"].dtype == frame["n"].dtype
    assert out["l"].tolist() == ["'-a; b", ""]
    assert frame.loc[0, "=col"] == "=x"  # the input frame is not changed


def test_atomic_write_leaves_the_old_file_when_encoding_fails(tmp_path: Path):
    path = atomic_write_text(tmp_path / "out.csv", "old\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(path, "新しい\n", encoding="ascii")
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.csv"]  # no temporary file left behind


def test_atomic_writer_leaves_the_old_file_when_the_block_fails(tmp_path: Path):
    path = atomic_write_bytes(tmp_path / "out.bin", b"old")
    with pytest.raises(RuntimeError):
        with atomic_writer(path, "wb") as fh:
            fh.write(b"half written")
            raise RuntimeError("disk vanished")
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["out.bin"]


def test_write_csv_round_trip(tmp_path: Path):
    path = write_csv(pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "佐藤"], "n": [1, 2]}), tmp_path / "a.csv")
    back = pd.read_csv(path, dtype=str)
    assert back["name"].tolist() == ["'=cmd|' /C calc'!A0", "佐藤"] and back["n"].tolist() == ["1", "2"]


def test_write_xlsx_never_stores_a_formula(tmp_path: Path):
    frames = {"nodes/edges": pd.DataFrame({"name": ["=1+1", "＝SUM(A1)", "ok\x01"], "n": [1, 2.5, None],
                                           "l": [["a", "b"], [], ["@x"]]})}
    path = write_xlsx(frames, tmp_path / "r.xlsx")
    sheet = load_workbook(path)["nodes_edges"]
    assert [c.value for c in sheet[1]] == ["name", "n", "l"]
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["A3"].data_type == "s" and sheet["A4"].value == "ok"  # control character dropped
    assert sheet["B2"].value == 1 and sheet["B3"].value == 2.5 and sheet["B4"].value is None
    assert sheet["C2"].value == "a; b" and sheet["C4"].data_type == "s"


def test_write_xlsx_drops_what_xml_cannot_hold_and_graphkit_reads_it_back(tmp_path: Path):
    """A record value with U+FFFE, U+FFFF or a lone surrogate made a workbook no reader (Excel,
    openpyxl, graphkit's own loader) could open; those characters are dropped like controls."""
    values = ["x\ufffey", "z\uffff", "a\ud800b", "\x0bk", "佐藤\u3000太郎", "tab\tok"]
    path = write_xlsx(pd.DataFrame({"name\ufffe": values}), tmp_path / "r.xlsx")
    table = open_table(path)
    assert table.columns == ["name"]
    assert [r.cells["name"] for chunk in table.chunks(10) for r in chunk] == [
        "xy", "z", "ab", "k", "佐藤\u3000太郎", "tab\tok"]


def test_a_cell_longer_than_excel_holds_is_cut_in_the_workbook_with_a_note_and_kept_whole_in_the_csv(tmp_path: Path):
    """A national report's busiest broker cites ~45,000 records (over a million characters in
    its `records` cell); Excel holds 32,767 UTF-16 units per cell and cuts or refuses more."""
    records = "; ".join(f"record-{i:020x}" for i in range(5000))  # 134,998 characters
    kanji = "𠮷" * 16_384  # outside the BMP: 2 units each, 32,768 units in 16,384 characters
    frame = pd.DataFrame({"name": ["Wang", "佐藤"], "records": [records, kanji], "n": [1, 2]})
    sheet = load_workbook(write_xlsx(frame, tmp_path / "r.xlsx"))["Sheet1"]
    long, astral = sheet["B2"].value, sheet["B3"].value
    for cell in (long, astral):
        assert len(cell.encode("utf-16-le")) // 2 <= 32_767 and "more characters cut" in cell
    assert records.startswith(long[:long.index("…")]) and long.index("…") > 32_000
    assert long.endswith(f"[{len(records) - long.index('…'):,} more characters cut: an Excel cell holds 32,767]")
    assert set(astral[:astral.index("…")]) == {"𠮷"}  # no half of a surrogate pair left
    assert [sheet["A3"].value, sheet["C3"].value] == ["佐藤", 2]  # the row's other cells as they were
    csv = write_csv(frame, tmp_path / "r.csv")
    assert pd.read_csv(csv, encoding="utf-8-sig")["records"].tolist() == [records, kanji]


def test_write_csv_writes_the_same_bytes_in_chunks(tmp_path: Path):
    """write_csv streams the table into the file (no whole text held): one byte-order mark,
    then exactly what pandas writes as one text."""
    from graphkit.safe_output import display_frame

    frame = pd.DataFrame({"name": [f"=名{i}" for i in range(250_000)], "n": range(250_000)})
    data = write_csv(frame, tmp_path / "big.csv").read_bytes()
    assert data == display_frame(neutralise_frame(frame)).to_csv(index=False).encode("utf-8-sig")
    assert data.count("\ufeff".encode()) == 1


@pytest.mark.parametrize("text", ["../../etc/passwd", "a/b\\c", "..", ".hidden", "CON", "nul.txt", "x\x00y", "ｋ:1?"])
def test_safe_filename_cannot_escape(tmp_path: Path, text: str):
    name = safe_filename(text)
    assert name and "/" not in name and "\\" not in name and ".." not in name and not name.startswith(".")
    assert all(ord(ch) >= 32 for ch in name) and name.split(".")[0].upper() not in {"CON", "NUL"}
    assert safe_path(tmp_path, text, ".html").parent == tmp_path.resolve()


def test_safe_filename_keeps_plain_ids_and_keeps_different_ids_apart():
    assert safe_filename("K-2024-001") == "K-2024-001"
    assert safe_filename("K/1") != safe_filename("K_1")
    assert len(safe_filename("長" * 500)) <= 80


def test_atomic_writes_get_ordinary_file_modes(tmp_path):
    """mkstemp's private 0600 must not leak into written files: a new file gets 0666 less the
    umask, a replaced file keeps its mode."""
    import os
    import stat

    from graphkit.safe_output import atomic_write_text

    mask = os.umask(0o022)
    try:
        fresh = atomic_write_text(tmp_path / "fresh.txt", "a")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        os.chmod(fresh, 0o640)
        atomic_write_text(fresh, "b")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    finally:
        os.umask(mask)


def test_one_json_conversion_for_every_json_output():
    import json

    import numpy as np

    from graphkit.safe_output import json_value
    from graphkit.render import render

    # numpy scalars -> Python, NaN -> null, sets sorted, tuples -> lists, keys -> text,
    # omitted keys gone at every depth
    value = {"a": np.float64("nan"), 2: (np.int64(4), {"z", "y"}), "run": {"wall_s": 1.5, "k": np.bool_(True)}}
    assert json_value(value, omit_keys={"wall_s"}) == {"a": None, "2": [4, ["y", "z"]], "run": {"k": True}}
    assert json_value({3, "x"}) == ["x", 3]  # mixed types: ordered by repr ("'x'" < "3")
    frame = pd.DataFrame({"n": [np.int64(1)], "cells": [{"b", "a"}], "score": [float("nan")]})
    assert json.loads(render(frame, "json")) == [{"n": 1, "cells": ["a", "b"], "score": None}]
