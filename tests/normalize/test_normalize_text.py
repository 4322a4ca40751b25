"""Missing cells, width folding, matching keys, legal forms, multi-value cells.

Expected values are hand-derived from Unicode NFKC (U+3000 -> space, half-width katakana ->
full-width, ㈱ U+3231 -> "(株)", （ U+FF08 -> "("), and from the rules in docs/normalisation.md.
"""
from __future__ import annotations

import unicodedata

import pytest

from graphkit.normalize import (caseless_key, fold, is_missing, legal_form_stripped, match_key, spaceless_key,
                                split_multi, word_key)


@pytest.mark.parametrize("raw", [None, "", " ", "\u3000", " \t\u3000\n ", float("nan")])
def test_missing_cells(raw: object) -> None:
    assert is_missing(raw)


@pytest.mark.parametrize("raw", ["NA", "N/A", "None", "null", "NULL", "nan", "-", "0", "00123"])
def test_words_that_look_missing_are_values(raw: str) -> None:
    assert not is_missing(raw)


def test_na_is_a_name_with_its_own_key() -> None:
    assert match_key("NA") == "na"
    assert match_key("None") == "none"
    assert match_key("null", "Company") == "null"
    assert match_key("N/A") == "n a"  # the slash separates words, it does not vanish


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("ＡＢＣ　ﾃｸﾉﾛｼﾞｰ", "ABC テクノロジー"),
        ("  山田\u3000\u3000太郎 ", "山田 太郎"),
        ("Acme\u00a0\u2003Ltd", "Acme Ltd"),
        ("㈱山田", "(株)山田"),
        ("（株）山田", "(株)山田"),
        ("００１２３", "00123"),  # leading zeros stay
        ("Yamada Taro", "Yamada Taro"),  # case is kept by fold
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("山田 太郎", "山田太郎"),
        ("山田\u3000太郎", "山田太郎"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ・タロウ"),
        ("ヤマダ･タロウ", "ヤマダタロウ"),
        ("Yamada, Taro", "Taro Yamada"),
        ("YAMADA, TARO", "taro yamada"),
        ("Ｔａｒｏ　Ｙａｍａｄａ", "Taro Yamada"),
        ("Dr. Li Wei", "Dr Li Wei"),
        ("Jean-Pierre Dupont", "Jean Pierre Dupont"),
    ],
)
def test_person_keys_that_match(a: str, b: str) -> None:
    assert match_key(a, "Person") == match_key(b, "Person")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("髙橋一郎", "高橋一郎"),  # 髙 U+9AD9 and 高 U+9AD8 are distinct kanji
        ("髙橋 一郎", "高橋 一郎"),
        ("齋藤", "斎藤"),
        ("渡邊", "渡辺"),
        ("山\ufa11", "山崎"),  # 﨑 U+FA11 is its own character, not a duplicate of 崎 U+5D0E
        ("Taro Yamada", "Yamada Taro"),  # order without a comma is not knowable
        ("Li Wei", "Li Wen"),
    ],
)
def test_keys_that_must_stay_different(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_nfkc_itself_does_not_merge_kanji_variants() -> None:
    # The guard behind the rule above: if a future Unicode version folded them, this fails.
    assert unicodedata.normalize("NFKC", "髙") != unicodedata.normalize("NFKC", "高")


def test_unicode_duplicate_encodings_of_one_kanji_do_match() -> None:
    # U+FA19 is a compatibility *duplicate* of 神 U+795E: Unicode defines them canonically
    # equal (even NFC merges them), so they are one spelling, not a variant.
    assert match_key("\ufa19田") == match_key("\u795e田")


def test_comma_reordering_is_for_latin_names_only() -> None:
    assert match_key("山田, 太郎") == "山田太郎"  # no reorder, the comma is dropped
    assert match_key("Smith, John, Jr") == "smith john jr"  # two commas: not a Last, First form


@pytest.mark.parametrize(
    "spelling",
    [
        "山田製作所",
        "株式会社山田製作所",
        "株式会社 山田製作所",
        "山田製作所株式会社",
        "(株)山田製作所",
        "㈱山田製作所",
        "（株）山田製作所",
        "山田製作所(株)",
        "ﾔﾏﾀﾞ製作所".replace("ﾔﾏﾀﾞ", "山田"),
        "有限会社山田製作所",
        "(有)山田製作所",
        "㈲山田製作所",
        "合同会社山田製作所",
        "（ 株 ）山田製作所",
        "山田製作所 ( 有 )",
    ],
)
def test_japanese_legal_forms_are_ignored_for_matching(spelling: str) -> None:
    assert match_key(spelling, "Company") == "山田製作所"


@pytest.mark.parametrize(
    "spelling",
    [
        "Acme Precision",
        "Acme Precision Co., Ltd.",
        "Acme Precision Co.,Ltd.",
        "Acme Precision Co. Ltd",
        "ACME PRECISION LTD",
        "Acme Precision Limited",
        "Acme Precision Inc.",
        "Acme Precision, Inc.",
        "Acme Precision Incorporated",
        "Acme Precision Corp.",
        "Acme Precision Corporation",
        "Acme Precision LLC",
        "Acme Precision GmbH",
        "Acme Precision S.A.",
        "Acme Precision PLC",
        "Acme Precision Pte. Ltd.",
        "Acme Precision K.K.",
        "Acme Precision KK",
        "Ａｃｍｅ　Ｐｒｅｃｉｓｉｏｎ　Ｃｏ．，Ｌｔｄ．",
    ],
)
def test_latin_legal_forms_are_ignored_for_matching(spelling: str) -> None:
    assert match_key(spelling, "Company") == "acme precision"


def test_legal_forms_count_for_intermediaries_too() -> None:
    assert match_key("Bridge Consulting Ltd.", "Intermediary") == match_key("Bridge Consulting", "Intermediary")


def test_legal_forms_are_not_stripped_from_people() -> None:
    assert match_key("Kk Lee", "Person") == "kk lee"


def test_chinese_company_forms_only_as_suffix() -> None:
    assert legal_form_stripped("华为技术有限公司") == "华为技术"
    assert legal_form_stripped("深圳某某科技股份有限公司") == "深圳某某科技"
    assert legal_form_stripped("某某贸易公司") == "某某贸易"
    assert legal_form_stripped("公司法研究会") == "公司法研究会"  # 公司 not at the end


def test_legal_form_words_inside_names_are_kept() -> None:
    assert legal_form_stripped("Incubator Partners") == "Incubator Partners"
    assert legal_form_stripped("Corporate Ventures") == "Corporate Ventures"
    assert legal_form_stripped("Cobalt Limitless") == "Cobalt Limitless"
    assert legal_form_stripped("Saga Optics") == "Saga Optics"  # 'sa' only as a whole final word


def test_a_name_that_is_only_a_legal_form_is_kept() -> None:
    assert legal_form_stripped("株式会社") == "株式会社"
    assert match_key("Ltd.", "Company") != ""


def test_legal_form_stripped_keeps_case_and_folds() -> None:
    assert legal_form_stripped("ｿﾆｰ株式会社") == "ソニー"
    assert legal_form_stripped("Acme Precision Co., Ltd.") == "Acme Precision"
    assert legal_form_stripped("Smith & Co.") == "Smith"


def test_company_and_person_with_same_text_differ_only_by_legal_form_rule() -> None:
    assert match_key("Acme Ltd", "Person") == "acme ltd"
    assert match_key("Acme Ltd", "Company") == "acme"


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("EUV lithography;quantum sensing", ["EUV lithography", "quantum sensing"]),
        ("EUV lithography； quantum sensing ;", ["EUV lithography", "quantum sensing"]),
        ("a;;b; ;a", ["a", "b"]),
        ("ＡＩアクセラレータ；量子センサ", ["AIアクセラレータ", "量子センサ"]),
        ("半導体、露光装置", ["半導体、露光装置"]),  # 、 does not split
        ("Acme Co., Ltd.", ["Acme Co., Ltd."]),  # , does not split
        ("", []),
        (None, []),
        ("  ", []),
    ],
)
def test_split_multi(raw: str | None, parts: list[str]) -> None:
    assert split_multi(raw) == parts


def test_one_key_per_meaning() -> None:
    # fold keeps case (display); caseless_key folds case, keeps hyphens (value maps);
    # word_key also reads - and _ as spaces (kind words, headers); spaceless_key drops spaces
    # (typed names); match_key decides identity (legal forms dropped, kanji kept).
    raw = "  Ｇｏ-Between_Ａｇｅｎｔ　Co. "
    assert fold(raw) == "Go-Between_Agent Co."
    assert caseless_key(raw) == "go-between_agent co."
    assert word_key(raw) == "go between agent co."
    assert spaceless_key(raw) == "go-between_agentco."
    assert spaceless_key("ＹＡＭＡＤＡ　 Taro") == spaceless_key("yamadataro")
    assert match_key("(株)ソニー", "Company") == match_key("ソニー株式会社", "Company") == "ソニー"
