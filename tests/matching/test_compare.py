"""Verdicts and reasons on the examples of issue 13, and the rules that never fire alone."""
from __future__ import annotations

import pytest

from graphkit.matching import NameRecord, compare_names, compare_records, find_candidates


def codes(a: str, b: str, kind: str = "Person") -> tuple[str, list[str]]:
    match = compare_names(a, b, kind)
    return match.verdict, [r.code for r in match.reasons]


# Issue 13: "佐藤 美咲 / サトウ ミサキ / Sato Misaki / Misaki Sato / SATOH Misaki" name one person.
@pytest.mark.parametrize("other, reason", [
    ("サトウ ミサキ", "same_kana_reading"),
    ("Sato Misaki", "same_romanised_reading"),
    ("Misaki Sato", "same_romanised_reading_order_swapped"),
    ("SATOH Misaki", "same_romanised_reading"),
    ("Satō Misaki", "same_romanised_reading"),
])
def test_sato_misaki_in_every_script(other, reason):
    verdict, reasons = codes("佐藤 美咲", other)
    assert verdict == "likely"
    assert reasons[0] == reason


def test_kana_against_latin():
    assert codes("サトウ ミサキ", "Misaki Sato") == ("likely", ["same_romanised_reading_order_swapped"])


# Issue 13: "李伟 / 李偉 / Li Wei / Wei Li".
def test_li_wei():
    assert codes("李伟", "李偉") == ("likely", ["traditional_simplified_variant"])
    assert codes("李伟", "Li Wei")[1][0] == "same_pinyin"
    assert codes("李偉", "Wei Li") == ("likely", ["same_pinyin_order_swapped"])
    assert compare_names("李偉", "Wei Li").reasons[0].text == "same pinyin, word order swapped"


# Issue 13: "華為技術 / ファーウェイ / Huawei Technologies Co., Ltd."; "中芯国际 / SMIC".
@pytest.mark.parametrize("a, b", [
    ("華為技術", "ファーウェイ"),
    ("華為技術", "Huawei Technologies Co., Ltd."),
    ("ファーウェイ", "Huawei Technologies Co., Ltd."),
    ("中芯国际", "SMIC"),
    ("中芯國際", "Semiconductor Manufacturing International Corp."),
])
def test_firms_across_scripts(a, b):
    assert codes(a, b, "Company")[0] == "likely"
    assert "known_rendering" in codes(a, b, "Company")[1]


def test_plain_string_similarity_finds_none_of_the_issue_pairs():
    from rapidfuzz import fuzz, utils

    for a, b in [("李伟", "李偉"), ("華為技術", "ファーウェイ"), ("佐藤 美咲", "Sato Misaki"), ("中芯国际", "SMIC")]:
        assert fuzz.token_sort_ratio(a, b, processor=utils.default_process) < 90


# Issue 13: "髙橋 / 高橋 stays a question for a human, with the reason shown".
def test_takahashi_variants_stay_a_question():
    match = compare_names("髙橋", "高橋")
    assert match.verdict == "question"
    assert match.reasons[0].code == "same_reading_different_kanji"
    assert "human" in match.reasons[0].text


def test_a_reading_match_between_kanji_spellings_never_says_likely():
    # 東海林 and 庄司 are both read しょうじ (shoji): two families.
    match = compare_names("東海林 太郎", "庄司 太郎")
    assert match.verdict != "likely"


def test_homophone_chinese_names_stay_a_question():
    # 李伟 and 李维 are both "li wei" in pinyin.
    verdict, reasons = codes("李伟", "李维")
    assert verdict == "question" and reasons == ["same_pinyin_different_characters"]


def test_acronym_alone_is_a_question():
    verdict, reasons = codes("CASIC", "China Aerospace Science and Industry Corporation", "Company")
    assert verdict == "question" and reasons == ["acronym"]


def test_different_people_sharing_a_family_name_are_unlikely():
    # 9/11 Commission Report: Ahmed and Hamza al-Ghamdi are two hijackers.
    assert compare_names("Ahmed Alghamdi", "Hamza Alghamdi").verdict == "unlikely"


def test_spelling_variants_of_one_person():
    # 9/11: "Nabil Almarabh" (Krebs) and "Nabil al-Marabh" (UCINET) are one man.
    assert compare_names("Nabil Almarabh", "Nabil al-Marabh").verdict == "likely"
    assert compare_names("Ramzi Bin al-Shibh", "Ramzi Binalshibh").verdict == "likely"


def test_shared_corporate_number_is_strong_evidence():
    a = NameRecord(("東都精機株式会社",), ("jp-corp:7000012050002",), "Company")
    b = NameRecord(("Toto Seiki K.K.",), ("jp-corp:7000012050002",), "Company")
    match = compare_records(a, b)
    assert match.verdict == "likely"
    assert match.reasons[0].code == "shared_corporate_number"
    assert "法人番号" in match.reasons[0].text


def test_different_corporate_numbers_make_a_pair_unlikely():
    # Same name, two registered companies (check digits valid: 7000012050002 is the NTA's,
    # 4011001098993 from graphkit.normalize.identifiers' doctest).
    a = NameRecord(("山田製作所",), ("jp-corp:7000012050002",), "Company")
    b = NameRecord(("山田製作所",), ("jp-corp:4011001098993",), "Company")
    match = compare_records(a, b)
    assert match.verdict == "unlikely"
    assert match.reasons[0].code == "different_corporate_number"


def test_a_shared_phone_alone_is_only_a_question():
    a = NameRecord(("Taro Yamada",), ("phone:+81312345678",))
    b = NameRecord(("Ivan Petrov",), ("phone:+81312345678",))
    assert compare_records(a, b).verdict == "question"


def test_shared_email_and_similar_name_is_likely():
    a = NameRecord(("Taro Yamada",), ("email:taro@example.jp",))
    b = NameRecord(("YAMADA, Taro",), ("email:taro@example.jp",))
    match = compare_records(a, b)
    assert match.verdict == "likely"
    assert {r.code for r in match.reasons} >= {"shared_email", "same_comma_form"}


def test_the_api_never_returns_same():
    verdicts = {c.match.verdict for c in find_candidates(["佐藤 美咲", "佐藤 美咲", "Sato Misaki", "髙橋", "高橋"],
                                                         min_score=0.0)}
    assert verdicts <= {"likely", "question", "unlikely"}


def test_find_candidates_orders_best_first_with_reasons():
    found = find_candidates(["佐藤 美咲", "Misaki Sato", "髙橋 一郎", "高橋 一郎", "Ivan Petrov"])
    assert [(c.left, c.right, c.match.verdict) for c in found] == [(0, 1, "likely"), (2, 3, "question")]
