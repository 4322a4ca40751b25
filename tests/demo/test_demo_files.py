"""The shipped demo files: encodings, layouts, reproducibility, corporate numbers, counts.

Expected counts are those documented in graphkit/demo/STORY.md ("Contacts per case").
"""
from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graphkit.resources import demo_dir

REPO = Path(__file__).resolve().parents[2]
CONTACT_COLUMNS = ["contact_id", "case_id", "date", "from_name", "from_kind", "from_country",
                   "from_org", "to_name", "to_kind", "to_country", "to_org", "via_name",
                   "via_kind", "via_country", "technology", "channel", "outcome",
                   "reliability", "notes"]
DEMO = demo_dir()


def nta_check_digit_ok(number: str) -> bool:
    """The NTA rule (法人番号の指定等に関する省令 第二条): check = 9 - (sum P_n*Q_n mod 9),
    P_n the n-th digit of the 12-digit base from the least significant, Q_n = 1 (odd n) or 2."""
    base = number[1:]
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), 1))
    return len(number) == 13 and number.isdigit() and int(number[0]) == 9 - total % 9


def read_csv(name: str, encoding: str) -> list[dict[str, str]]:
    with open(DEMO / name, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def test_check_digit_rule_matches_published_examples():
    # 7123456789012: the worked example of the NTA rule; 4011001098993 and 2120901007402:
    # worked examples in public write-ups of the same rule.
    assert nta_check_digit_ok("7123456789012")
    assert nta_check_digit_ok("4011001098993")
    assert nta_check_digit_ok("2120901007402")
    assert not nta_check_digit_ok("8123456789012")


def test_jp_file_is_cp932_and_not_utf8():
    raw = (DEMO / "contacts_jp.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp932")
    assert "令和5年8月" in text and "H31.4.1" in text and "令和５年" in text
    assert "中華人民共和国" in text and "ＳＡＴＯ　Ｍｉｓａｋｉ" in text
    assert "令和6年2月30日" in text and "平成31年5月10日" in text


def test_utf8_files_decode_and_have_the_layouts():
    assert list(read_csv("contacts.csv", "utf-8")[0]) == CONTACT_COLUMNS
    assert list(read_csv("contacts_jp.csv", "cp932")[0]) == CONTACT_COLUMNS
    assert list(read_csv("cases.csv", "utf-8")[0]) == ["case_id", "title", "opened", "status",
                                                       "summary"]
    lines = (DEMO / "relations.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        row = json.loads(line)
        assert {"from_name", "to_name", "relation", "date", "case_id", "reliability",
                "notes"} <= set(row)
    assert len(lines) == 33


def test_entities_workbook_layout_and_corporate_numbers():
    ws = load_workbook(DEMO / "entities.xlsx", read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == ["entity_id", "kind", "name", "aliases", "country", "org",
                             "identifiers"]
    assert len(rows) - 1 == 66
    assert {r[1] for r in rows[1:]} == {"person", "company", "intermediary"}
    numbers = [tok for r in rows[1:] for tok in (r[6] or "").split(";")
               if tok.isdigit() and len(tok) == 13]
    assert len(numbers) == 7
    assert all(nta_check_digit_ok(n) for n in numbers)
    assert all(n[1:5] == "9999" for n in numbers)  # the invented registry-office code
    phones = [tok for r in rows[1:] for tok in (r[6] or "").split(";") if tok.startswith("0")]
    assert phones and all(isinstance(p, str) for p in phones)  # leading zeros kept as text


def test_contacts_per_case_match_the_story():
    main = Counter(r["case_id"] for r in read_csv("contacts.csv", "utf-8"))
    jp = Counter(r["case_id"] for r in read_csv("contacts_jp.csv", "cp932"))
    assert main == {"C-2023-01": 87, "C-2023-02": 51, "C-2024-03": 82, "C-2024-04": 44,
                    "C-2024-05": 22}
    assert jp == {"C-2023-02": 33, "C-2024-04": 15, "C-2024-05": 15}


def test_the_generator_script_reproduces_the_files_byte_for_byte(tmp_path: Path):
    spec = importlib.util.spec_from_file_location("make_demo", REPO / "scripts" / "make_demo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("make_demo", None)
    bad = module.main(tmp_path)
    for name in ("cases.csv", "contacts.csv", "contacts_jp.csv", "relations.jsonl", "entities.xlsx"):
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name
    assert sorted((b["file"], b["row"]) for b in bad) == [
        ("contacts.csv", 23), ("contacts.csv", 171), ("contacts.csv", 227),
        ("contacts_jp.csv", 15), ("contacts_jp.csv", 55), ("relations.jsonl", 33)]
