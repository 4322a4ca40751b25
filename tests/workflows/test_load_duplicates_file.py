"""`graphkit load` lists 20 possible duplicates and stores all of them (issue 12 item 19).

Thirty pairs of kanji-variant names give thirty possible duplicates: stderr shows the first 20,
then "… and 10 more in <workspace>/possible-duplicates.csv", and that file holds all thirty,
spreadsheet-safe (a name that starts like a formula is quoted).
"""
from __future__ import annotations

import csv

from click.testing import CliRunner

from graphkit.cli import main
from graphkit.workflows.load import DUPLICATES_FILE

PAIRS = 30


def test_every_possible_duplicate_is_stored_and_the_message_says_where(tmp_path):
    rows = [["from_name", "to_name"]]
    for i in range(PAIRS):  # 髙 / 高 are kanji variants: listed, never merged
        rows.append([f"Contact {i:02d}", f"髙橋 {chr(0x4E00 + i)}郎"])
        rows.append([f"Contact {i:02d}", f"高橋 {chr(0x4E00 + i)}郎"])
    rows += [["Alpha One", "=cmd Sato Taro"], ["Beta Two", "=cmd Satoh Taro"]]
    path = tmp_path / "c.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    ws = tmp_path / "ws"
    result = CliRunner().invoke(main, ["load", str(path), "--workspace", str(ws), "--no-progress"])
    assert result.exit_code == 0, result.output
    stored = ws / DUPLICATES_FILE
    with stored.open(newline="", encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    kanji = [r for r in listed if r["reason"] == "kanji variants"]
    assert len(kanji) == PAIRS
    assert len(listed) > 20
    assert f"… and {len(listed) - 20} more in {stored}" in result.stderr
    formula = [r for r in listed if "=cmd Sato Taro" in (r["name_a"], r["name_b"])]
    assert formula == []  # stored quoted, so a spreadsheet shows it as text
    assert any("'=cmd Sato Taro" in (r["name_a"], r["name_b"]) for r in listed)
    assert not any(value.startswith("=") for row in listed for value in row.values())
