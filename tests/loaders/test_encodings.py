"""Japanese encodings decided by graphkit's own rules (issue 11 blocker 2 and item 9, issue 12 item 1).

Every file is built here byte by byte; the expected decisions follow the rules in
loaders/encodings.py (and docs/record-layouts.md, "Encodings").
"""
from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.cli import main
from graphkit.errors import FileFormatError
from graphkit.ingest import load_files
from graphkit.loaders.readers import open_table

DATASETS = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "export_control_lists"

NAMES = ["山田太郎", "佐藤花子", "鈴木一郎", "高橋健", "田中美咲", "渡辺翔", "伊藤さくら", "中村アキラ"]


def rows_of(table):
    return [(r.number, r.cells, r.problem) for chunk in table.chunks() for r in chunk]


def names_csv(names: list[str]) -> str:
    return "from_name,to_name,date\n" + "".join(f"{a},{b},2024-05-01\n" for a, b in zip(names, names[1:]))


# -- the file is one Japanese encoding ---------------------------------------------------------


def test_euc_jp_names_load_as_euc_jp_and_the_summary_names_it(tmp_path, workspace):
    # charset-normalizer 3.5.3 called this file cp874 (Thai): 山田太郎 -> ฮ๋ฬฺฐ์ฯบ
    path = tmp_path / "euc.csv"
    path.write_bytes(names_csv(NAMES).encode("euc_jp"))
    table = open_table(path)
    assert (table.encoding, table.encoding_label) == ("euc_jp", "EUC-JP")
    assert [r[1]["from_name"] for r in rows_of(table)] == NAMES[:-1]
    report = load_files([path], workspace)
    assert report.files[0].encoding == "EUC-JP"
    assert report.total.loaded == len(NAMES) - 1 and report.total.rejected == 0
    stored = {n.name for n in workspace.iter_nodes()}
    assert set(NAMES) <= stored
    assert not any(re.search("[\u0e00-\u0e7f\u0400-\u04ff]", name) for name in stored)


def test_cp932_half_width_katakana_stays_cp932_and_is_named(tmp_path):
    text = "from_name,to_name\n" + "ﾔﾏﾀﾞ ﾀﾛｳ,ｻﾄｳ ﾊﾅｺ\nｽｽﾞｷ ｲﾁﾛｳ,ﾀｶﾊｼ ｹﾝ\nｶﾌﾞｼｷｶﾞｲｼｬ ﾊﾟﾙ,ｱｸﾒ\n" * 5
    path = tmp_path / "hw.csv"
    path.write_bytes(text.encode("cp932"))
    table = open_table(path)
    assert (table.encoding, table.encoding_label) == ("cp932", "CP932")
    assert rows_of(table)[2][1] == {"from_name": "ｶﾌﾞｼｷｶﾞｲｼｬ ﾊﾟﾙ", "to_name": "ｱｸﾒ"}
    assert table.notes == []


def test_labels_of_utf8_bom_and_utf16_bom(tmp_path):
    text = names_csv(NAMES)
    for codec, label in [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("cp932", "CP932")]:
        path = tmp_path / f"{codec}.csv"
        path.write_bytes(text.encode(codec))
        table = open_table(path)
        assert table.encoding_label == label
        assert table.columns == ["from_name", "to_name", "date"]
        assert [r[1]["from_name"] for r in rows_of(table)] == NAMES[:-1]
    for bom, codec in [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]:
        path = tmp_path / f"{codec}.csv"
        path.write_bytes(bom + text.encode(codec))
        table = open_table(path)
        assert table.encoding_label == "UTF-16 (BOM)"
        assert table.columns == ["from_name", "to_name", "date"]
        assert [r[1]["from_name"] for r in rows_of(table)] == NAMES[:-1]


def test_utf16_without_bom_is_not_guessed(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("from_name,to_name\nA,B\n".encode("utf-16-le"))
    with pytest.raises(FileFormatError, match="UTF-16 text without a byte-order mark"):
        open_table(path)
    assert open_table(path, encoding="utf-16-le").columns == ["from_name", "to_name"]


def test_real_meti_names_are_detected_in_each_encoding(tmp_path):
    # names of METI's specified entities (official Japanese text), as far as each code page has them
    names = []
    for source in sorted(DATASETS.glob("jp_meti_*specified_entities*.txt")):
        for line in source.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^[0-9０-９]+\s+(\S.*)$", line.strip())
            if match and re.search("[\u3040-\u30ff\u4e00-\u9fff]", match.group(1)):
                names.append(match.group(1).replace(",", "、").replace('"', "”"))
    assert len(names) > 500
    for codec, label in [("utf-8", "UTF-8"), ("cp932", "CP932"), ("euc_jp", "EUC-JP")]:
        usable = [n for n in names if n.encode(codec, errors="ignore").decode(codec) == n]
        assert len(usable) > 500
        path = tmp_path / f"meti_{codec}.csv"
        path.write_bytes(("name,country\n" + "".join(f"{n},RU\n" for n in usable)).encode(codec))
        table = open_table(path)
        assert table.encoding_label == label, codec
        assert [r[1]["name"] for r in rows_of(table)] == usable
        assert table.notes == []


def test_real_replacement_characters_are_noted_not_stored_silently():
    # the published Madrid train-bombing node list already carries U+FFFD where accents were
    # lost upstream (Al� Amrous): it loads as UTF-8, and the load says where to look
    path = DATASETS.parent / "madrid_train_bombing" / "madrid_train_bombing_nodes.csv"
    table = open_table(path)
    assert table.encoding_label == "UTF-8"
    assert table.notes == ["3 character(s) read as UTF-8 look out of place (mojibake or an unexpected script), "
                           "first at row 18, column name: 'Al\ufffd Amrous'; check the file"]


# -- a file that is not one encoding -------------------------------------------------------------


def mixed_utf8_file(tmp_path: Path) -> Path:
    """51 UTF-8 contact rows, row 14 (file row 15) written in CP932 instead."""
    lines = ["from_name,to_name,date".encode()]
    for i in range(51):
        line = f"Li Wei,山田 太郎{i},2024-05-01"
        lines.append(line.encode("cp932" if i == 13 else "utf-8"))
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_utf8_with_one_cp932_row_is_refused_naming_row_and_column(tmp_path):
    path = mixed_utf8_file(tmp_path)
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (15, "to_name")
    message = str(err.value)
    assert message.startswith(f"{path}, row 15, column to_name: bytes not valid UTF-8")
    assert "byte " not in message.replace("bytes not", "")  # a row and column, not a byte offset
    assert "--on-bad-bytes reject-rows" in message
    assert "(reads as CP932: 山田 太郎13)" in message  # what the stray row most likely is


def test_utf8_with_one_cp932_row_loads_the_good_rows_with_reject_rows(tmp_path, workspace):
    path = mixed_utf8_file(tmp_path)
    table = open_table(path, on_bad_bytes="reject-rows")
    assert table.encoding_label == "UTF-8"
    rows = rows_of(table)
    bad = [r for r in rows if r[2]]
    assert [(n, p.split(":")[0]) for n, _, p in bad] == [(15, "to_name")]
    assert "bytes not valid UTF-8" in bad[0][2] and "\\x8eR" in bad[0][1]["to_name"]
    report = load_files([path], workspace, on_bad_bytes="reject-rows")
    assert (report.total.loaded, report.total.rejected) == (50, 1)
    assert [(r.file, r.row) for r in report.rejects] == [(str(path), 15)]
    stored = {n.name for n in workspace.iter_nodes()}
    assert "山田 太郎12" in stored and "山田 太郎14" in stored
    assert not any(re.search("[\u0400-\u04ff\udc80-\udcff]", name) for name in stored)


def test_ascii_ending_in_ff_fe_is_not_read_as_cp932_placeholders(tmp_path):
    # Python's cp932 "decodes" FF and FE into private-use placeholders: not text
    path = tmp_path / "ascii.csv"
    path.write_bytes(b"from_name,to_name\nA,B\n\xff\xfe")
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (3, "from_name")
    rows = rows_of(open_table(path, on_bad_bytes="reject-rows"))
    assert rows[0] == (2, {"from_name": "A", "to_name": "B"}, None)
    assert rows[1][0] == 3 and rows[1][2].startswith("from_name: bytes not valid")


def test_utf8_ending_in_ff_fe_is_refused_or_its_row_rejected(tmp_path, workspace):
    path = tmp_path / "tail.csv"
    path.write_bytes(names_csv(NAMES).encode("utf-8") + b"\xff\xfe")
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (len(NAMES) + 1, "from_name")
    report = load_files([path], workspace, on_bad_bytes="reject-rows")
    assert report.files[0].encoding == "UTF-8"
    assert (report.total.loaded, report.total.rejected) == (len(NAMES) - 1, 1)
    assert {n.name for n in workspace.iter_nodes() if n.kind == "Person"} == set(NAMES)


def test_a_bom_file_with_a_cp932_row_is_refused_with_row_and_column(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + names_csv(NAMES[:3]).encode() + "佐藤,髙橋,2024\n".encode("cp932"))
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (4, "from_name")
    assert "UTF-8 (BOM)" in str(err.value)


def test_cp932_file_with_one_euc_row_is_not_stored_silently(tmp_path):
    cp932 = names_csv(NAMES).encode("cp932")
    # this EUC-JP row is not valid CP932: refused by row and column
    path = tmp_path / "c.csv"
    path.write_bytes(cp932 + "鈴木花子,佐藤一郎,2024\n".encode("euc_jp"))
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (len(NAMES) + 1, "from_name")
    # this one is valid CP932 (half-width katakana ｻｳﾅﾄﾂﾀﾏｺ) in a file written full-width:
    # refused too, saying what it reads as in EUC-JP; with reject-rows that row is set aside
    path.write_bytes(cp932 + "山田太郎,佐藤花子,2024\n".encode("euc_jp"))
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (len(NAMES) + 1, "from_name")
    assert "reads as 'ｻｳﾅﾄﾂﾀﾏｺ' in CP932 but as '山田太郎' in EUC-JP" in str(err.value)
    rows = rows_of(open_table(path, on_bad_bytes="reject-rows"))
    assert [(n, p) for n, _, p in rows if p] == [
        (len(NAMES) + 1, "from_name: in another encoding: reads as 'ｻｳﾅﾄﾂﾀﾏｺ' in CP932 but as '山田太郎' in EUC-JP")]
    assert len(rows) == len(NAMES)


def test_cp932_file_with_one_utf8_row_is_refused_or_the_row_rejected(tmp_path, workspace):
    path = tmp_path / "c.csv"
    cp932 = names_csv(NAMES).encode("cp932")
    # UTF-8 山田 太郎 is not valid CP932 (its last byte): refused, saying what the cell reads as
    path.write_bytes(cp932 + "Li Wei,山田 太郎,2024-05-01\n".encode("utf-8"))
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (len(NAMES) + 1, "to_name")
    assert "bytes not valid CP932" in str(err.value) and "(reads as UTF-8: 山田 太郎)" in str(err.value)
    # UTF-8 山田 decodes as CP932 too, into 螻ｱ逕ｰ: the row is in another encoding
    path.write_bytes(cp932 + "Li Wei,山田,2024-05-01\n".encode("utf-8"))
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (len(NAMES) + 1, "to_name")
    assert "reads as '螻ｱ逕ｰ' in CP932 but as '山田' in UTF-8" in str(err.value)
    report = load_files([path], workspace, on_bad_bytes="reject-rows")
    assert report.files[0].encoding == "CP932"
    assert (report.total.loaded, report.total.rejected) == (len(NAMES) - 1, 1)
    assert report.rejects[0].row == len(NAMES) + 1


def test_a_legacy_reading_in_an_unexpected_script_is_refused(tmp_path):
    # Cyrillic and box drawing exist in CP932, so these bytes decode: but not as Japanese records
    path = tmp_path / "ru.csv"
    path.write_bytes(("from_name,to_name\n" + "Иванов,Петров\n┌─┐,└─┘\n" * 5).encode("cp932"))
    with pytest.raises(FileFormatError, match=r"decodes as CP932 but does not read as Japanese text \(row 2, "
                                              r"column from_name: 'Иванов'\); .*--encoding cp932"):
        open_table(path)
    table = open_table(path, encoding="cp932")  # named explicitly: loaded, with a note
    assert rows_of(table)[0][1] == {"from_name": "Иванов", "to_name": "Петров"}
    assert table.notes and "row 2, column from_name" in table.notes[0]


def test_double_encoded_utf8_is_warned_with_row_and_column(tmp_path):
    mojibake = "山田太郎".encode("utf-8").decode("cp1252", errors="replace")  # å±±ç”°å¤ªéƒŽ
    path = tmp_path / "m.csv"
    path.write_text(f"from_name,to_name\nLi Wei,佐藤\nLi Wei,{mojibake}\n", encoding="utf-8")
    table = open_table(path)
    assert table.encoding_label == "UTF-8"
    assert len(table.notes) == 1 and "row 3, column to_name" in table.notes[0]


def test_json_lines_with_a_cp932_line(tmp_path):
    path = tmp_path / "c.jsonl"
    good = [json.dumps({"from_name": "Li", "to_name": n}, ensure_ascii=False).encode() for n in NAMES]
    bad = json.dumps({"from_name": "Li", "to_name": "髙橋"}, ensure_ascii=False).encode("cp932")
    path.write_bytes(b"\n".join(good[:2] + [bad] + good[2:]) + b"\n")
    with pytest.raises(FileFormatError) as err:
        open_table(path)
    assert (err.value.row, err.value.column) == (3, "to_name")
    rows = rows_of(open_table(path, on_bad_bytes="reject-rows"))
    assert [(n, p is not None) for n, _, p in rows][:4] == [(1, False), (2, False), (3, True), (4, False)]


# -- encoding names ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sjis", "SJIS", "shift-jis", "shift_jis", "Shift_JIS", "ms932",
                                  "windows-31j", "cp932"])
def test_shift_jis_names_read_as_cp932_with_a_note(tmp_path, name):
    path = tmp_path / "s.csv"
    path.write_bytes("name\n髙橋①㈱\n".encode("cp932"))  # CP932-only characters
    table = open_table(path, encoding=name)
    assert (table.encoding, table.encoding_label) == ("cp932", "CP932")
    assert rows_of(table) == [(2, {"name": "髙橋①㈱"}, None)]
    if name != "cp932":
        assert table.notes == [f"encoding {name!r} read as CP932, the superset of Shift_JIS that Windows writes"]


@pytest.mark.parametrize("name", ["eucjp", "euc_jp", "EUC-JP", "ujis"])
def test_euc_names(tmp_path, name):
    path = tmp_path / "e.csv"
    path.write_bytes("name\n山田太郎\n".encode("euc_jp"))
    table = open_table(path, encoding=name)
    assert (table.encoding, table.encoding_label) == ("euc_jp", "EUC-JP")


def test_unknown_encoding_name_is_a_clear_error(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name\nA\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"unknown encoding 'shiftjs'; give utf-8, cp932 \(also sjis"):
        open_table(path, encoding="shiftjs")


def test_an_explicit_encoding_that_fails_names_row_and_column(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("from_name,to_name\nA,B\nC,髙橋\n".encode("cp932"))
    with pytest.raises(FileFormatError) as err:
        open_table(path, encoding="utf-8")
    assert (err.value.row, err.value.column) == (3, "to_name")
    assert "cannot be read as utf-8" in str(err.value)


# -- the CLI -----------------------------------------------------------------------------------


def test_cli_load_names_the_encoding_and_takes_on_bad_bytes(tmp_path):
    euc = tmp_path / "euc.csv"
    euc.write_bytes(names_csv(NAMES).encode("euc_jp"))
    runner = CliRunner()
    result = runner.invoke(main, ["load", str(euc), "-w", str(tmp_path / "ws")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{euc}: read as EUC-JP" in result.stderr
    mixed = mixed_utf8_file(tmp_path)
    refused = runner.invoke(main, ["load", str(mixed), "-w", str(tmp_path / "ws")], catch_exceptions=False)
    assert refused.exit_code == 1
    assert f"Error: {mixed}, row 15, column to_name: bytes not valid UTF-8" in refused.stderr
    loaded = runner.invoke(main, ["load", str(mixed), "-w", str(tmp_path / "ws"), "--on-bad-bytes", "reject-rows",
                                  "--format", "json"], catch_exceptions=False)
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout)[-1]["rejected"] == 1
    assert f"{mixed}, row 15: to_name: bytes not valid UTF-8" in loaded.stderr
    sjis = tmp_path / "s.csv"
    sjis.write_bytes(names_csv(NAMES).encode("cp932"))
    noted = runner.invoke(main, ["load", str(sjis), "-w", str(tmp_path / "ws2"), "--encoding", "sjis"],
                          catch_exceptions=False)
    assert noted.exit_code == 0, noted.output
    assert f"{sjis}: read as CP932 (encoding 'sjis' read as CP932" in noted.stderr


# -- property: random Japanese text round-trips in each encoding --------------------------------

JAPANESE_CHARS = st.one_of(
    st.characters(min_codepoint=0x3041, max_codepoint=0x3096),  # hiragana
    st.characters(min_codepoint=0x30A1, max_codepoint=0x30FA),  # katakana
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA0),  # kanji (filtered per code page)
    st.sampled_from(list("　、。ー・「」（）ＡＢＣ０１２３")),
    st.sampled_from(list("abcXYZ0129 -.")),
)


def _in_repertoire(text: str, codec: str) -> str:
    return text.encode(codec, errors="ignore").decode(codec)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(JAPANESE_CHARS, min_size=2, max_size=12), min_size=2, max_size=12),
       codec=st.sampled_from(["utf-8", "cp932", "euc_jp"]))
def test_random_japanese_text_decodes_back_exactly(tmp_path_factory, cells, codec):
    values = [_in_repertoire(c, codec).strip() for c in cells]
    values = [v for v in values if re.search("[^\x00-\x7f]", v)]
    if len(values) < 2:
        return
    path = tmp_path_factory.mktemp("prop") / "p.csv"
    path.write_bytes(("name\n" + "".join(f"{v}\n" for v in values)).encode(codec))
    table = open_table(path)
    assert table.encoding == codec
    assert [r[1]["name"] for r in rows_of(table)] == values


def test_the_encoding_rules_doctests_pass():
    import doctest

    import graphkit.loaders.encodings as rules

    assert doctest.testmod(rules).failed == 0
