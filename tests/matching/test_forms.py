"""Each name form on hand-checked examples; the source of each expectation is noted."""
from __future__ import annotations

import pytest

from graphkit.matching import name_forms, script_of
from graphkit.matching.readings import (
    chinese_pinyin,
    chinese_variant,
    hepburn_folded,
    japanese_reading,
    sound_skeleton,
)


def forms(name: str, kind: str = "Person") -> dict[str, str]:
    return {f.derivation: f.form for f in name_forms(name, kind)}


def test_width_case_and_punctuation_are_folded():
    # NFKC: full-width Latin is ASCII, half-width katakana full-width (Unicode UAX #15).
    assert forms("ＳＡＴＯ　Ｍｉｓａｋｉ")["folded"] == "sato misaki"
    assert forms("ｿﾆｰ")["folded"] == "ソニー"
    assert forms("Jean-Marc Grandvisir")["folded"] == forms("Jean Marc Grandvisir")["folded"]


@pytest.mark.parametrize("name, stripped", [
    ("株式会社 山田製作所", "山田製作所"),          # 株式会社 prefix (会社法 trade-name rule)
    ("山田製作所(株)", "山田製作所"),
    ("㈱山田製作所", "山田製作所"),                 # ㈱ U+3231 folds to (株) under NFKC
    ("Huawei Technologies Co., Ltd.", "huawei technologies"),
    ("TENCENT AMERICA LLC", "tencent america"),
    ("Siemens GmbH", "siemens"),
    ("华为技术有限公司", "华为技术"),
])
def test_legal_forms_are_stripped_for_organisations(name, stripped):
    assert forms(name, "Company")["legal_form_stripped"] == stripped


def test_comma_form_is_reordered_for_persons():
    # "SURNAME, Given" is the sanctions-list convention (OpenSanctions putin_names.txt).
    assert forms("PUTIN, Vladimir Vladimirovich")["comma_reordered"] == "vladimir vladimirovich putin"


def test_bracketed_abbreviation_is_dropped():
    # Section 1286 writes "Moscow Institute of Physics and Technology (MIPT)" and without it.
    assert forms("Moscow Institute of Physics and Technology (MIPT)", "Company")["abbreviation_dropped"] \
        == "moscow institute of physics and technology"


def test_other_scripts_are_transliterated():
    # ISO 9-style Cyrillic: Владимир Путин is "Vladimir Putin" (putin_names.txt lists both).
    assert forms("Владимир Путин")["transliterated"] == "vladimir putin"


@pytest.mark.parametrize("kanji, reading", [
    ("佐藤 美咲", ("sato", "misaki")),   # 佐藤 さとう, 美咲 みさき (common readings)
    ("サトウ ミサキ", ("sato", "misaki")),
    ("佐藤美咲", ("sato", "misaki")),     # no space: the reader's segmentation
    ("髙橋 一郎", ("takahashi", "ichiro")),  # 髙 is read as 高 (法務省 戸籍統一文字 variant)
])
def test_japanese_readings(kanji, reading):
    assert japanese_reading(kanji) == reading


@pytest.mark.parametrize("spelling", ["Satō", "Sato", "Satou", "Satoo", "SATOH", "Satô"])
def test_hepburn_variants_fold_together(spelling):
    # Long-vowel spellings of さとう in modified Hepburn, passport (oh) and wāpuro romaji.
    assert hepburn_folded(spelling) == "sato"


def test_ohno_and_ono_fold_together():
    assert hepburn_folded("Ohno") == hepburn_folded("Ono") == hepburn_folded("Ōno") == "ono"


@pytest.mark.parametrize("a, b", [
    ("李伟", "李偉"),        # 伟 is the simplified form of 偉 (通用规范汉字表 / OpenCC STCharacters)
    ("国", "國"),
    ("华为", "華為"),
    ("広", "廣"),            # Japanese shinjitai 広 of 廣 (常用漢字表)
])
def test_simplified_traditional_and_shinjitai_variants_meet(a, b):
    assert chinese_variant(a) == chinese_variant(b)


def test_itaiji_stay_distinct():
    # 髙 and 高 are different registered characters: the matcher must not fold them.
    assert chinese_variant("髙橋") != chinese_variant("高橋")


@pytest.mark.parametrize("name, pinyin", [
    ("李伟", ("li", "wei")),        # 李 lǐ, 伟 wěi (现代汉语词典)
    ("李偉", ("li", "wei")),
    ("王小明", ("wang", "xiaoming")),
    ("欧阳娜娜", ("ouyang", "nana")),  # 欧阳 is a two-character family name
])
def test_pinyin_without_tones(name, pinyin):
    assert chinese_pinyin(name) == pinyin
    assert " ".join(pinyin) in forms(name).values()


def test_known_renderings_come_from_the_data_file():
    # renderings.toml: Huawei annual report (华为) and huawei.com/jp (ファーウェイ).
    assert forms("華為技術", "Company")["known_rendering"] == "huawei technologies"
    assert forms("ファーウェイ", "Company")["known_rendering"] == "huawei technologies"
    assert forms("中芯国际", "Company")["known_rendering"] == "semiconductor manufacturing international"
    assert forms("SMIC", "Company")["known_rendering"] == "semiconductor manufacturing international"


def test_the_renderings_file_has_no_spelling_twice_or_shared_between_firms():
    # the shipped file reads without error (a repeated or shared spelling is refused) ...
    import tomllib
    from importlib import resources

    from graphkit.matching.forms import known_renderings, renderings_table
    firms = tomllib.loads(resources.files("graphkit.matching").joinpath("data/renderings.toml")
                          .read_text("utf-8"))["firm"]
    assert known_renderings() == renderings_table(firms)
    assert known_renderings()["中興通訊"] == "zte"
    # ... and both mistakes are caught, naming the spelling and the firms
    with pytest.raises(ValueError, match="'中興通訊' is written twice for ZTE"):
        renderings_table([{"english": "ZTE", "renderings": ["中興通訊", "中興通訊"]}])
    with pytest.raises(ValueError, match="'華為' of ZTE is also a spelling of Huawei"):
        renderings_table([{"english": "Huawei", "renderings": ["华为"]},
                          {"english": "ZTE", "renderings": ["華為"]}])


def test_acronym_of_a_firm():
    assert forms("China Aerospace Science and Industry Corporation", "Company")["acronym"] == "casic"


def test_sound_skeleton_of_katakana_and_english():
    # アルファ・トレーディング (METI third-country list entry 7) / Alpha Trading.
    assert [sound_skeleton(w) for w in japanese_reading("アルファ・トレーディング")] == \
        [sound_skeleton("alpha"), sound_skeleton("trading")]


def test_scripts():
    assert [script_of(n) for n in ("佐藤", "サトウ", "Sato", "Путин")] == ["han", "japanese", "latin", "other"]


def test_every_form_says_how_it_was_derived():
    from graphkit.matching import DERIVATIONS

    for name, kind in [("佐藤 美咲", "Person"), ("Huawei Technologies Co., Ltd.", "Company"), ("Путин", "Person")]:
        for form in name_forms(name, kind):
            assert form.derivation in DERIVATIONS
            assert form.script in {"latin", "han", "japanese", "other"}


def test_a_stray_comma_is_not_a_comma_form():
    # madrid_train_bombing_nodes.csv writes "OM. Othman Abu Qutada, " (SOURCE.md: a trailing comma).
    assert "comma_reordered" not in forms("OM. Othman Abu Qutada, ")


def test_a_trailing_company_is_a_legal_form_in_matching():
    # NDAA Section 889 (Public Law 115-232, shared/datasets/export_control_lists/
    # us_ndaa_section_889_telecom.csv row 4) names "Huawei Technologies Company"; the 1260H
    # list writes the same firm "Huawei Technologies Co., Ltd." and its Chinese name is
    # 華為技術有限公司 (renderings.toml). "Company" goes only at the end of a firm's name.
    from graphkit.matching import compare_names
    assert forms("Huawei Technologies Company", "Company")["legal_form_stripped"] == "huawei technologies"
    assert forms("AVIC Heavy Machinery Company Limited", "Company")["legal_form_stripped"] == "avic heavy machinery"
    assert forms("Company", "Company")["folded"] == "company"
    assert "legal_form_stripped" not in forms("Company", "Company")
    assert "legal_form_stripped" not in forms("Company Huawei", "Company")
    match = compare_names("Huawei Technologies Company", "華為技術有限公司", "Company")
    assert (match.verdict, match.reasons[0].code) == ("likely", "known_rendering")
    assert compare_names("Huawei Technologies Company", "Huawei Technologies Co., Ltd.", "Company").score >= 0.95
    # A person is never stripped: "Company" is not a legal form of a personal name.
    assert "legal_form_stripped" not in forms("Jack Company", "Person")


def test_a_bracketed_place_is_kept_a_bracketed_abbreviation_dropped():
    # SMIC's subsidiaries are registered by place: "Semiconductor Manufacturing International
    # (Beijing) Corporation" is SMIC Beijing (SMIC annual report 2020, list of principal
    # subsidiaries), not SMIC itself; "(SMIC)" after the full name is its abbreviation.
    from graphkit.matching import compare_names
    assert forms("SMIC (Beijing)", "Company")["folded"] == "smic beijing"
    assert "abbreviation_dropped" not in forms("SMIC (Beijing)", "Company")
    assert forms("Tencent Technology (Shenzhen) Co., Ltd.", "Company")["legal_form_stripped"] == "tencent technology shenzhen"
    assert forms("Semiconductor Manufacturing International Corporation (SMIC)", "Company")["abbreviation_dropped"] == \
        "semiconductor manufacturing international"
    assert compare_names("SMIC (Beijing)", "SMIC", "Company").score < 0.85
    assert compare_names("SMIC (Beijing)", "SMIC", "Company").reasons[:1] == () or \
        compare_names("SMIC (Beijing)", "SMIC", "Company").reasons[0].code != "same_without_abbreviation"
