"""Countries to ISO 3166-1 alpha-2 from codes, English and Japanese names.

Expected codes from ISO 3166-1 (iso.org Online Browsing Platform); Japanese names as the
Ministry of Foreign Affairs of Japan lists them (mofa.go.jp 国・地域) plus press short forms.
"""
from __future__ import annotations

import pytest

from graphkit.errors import BadValue
from graphkit.normalize import country_name, is_foreign, normalize_country
from graphkit.normalize.countries import _lookup, country_table

SPELLINGS = {
    "CN": ["中国", "中華人民共和国", "中国本土", "China", "PRC", "People's Republic of China", "CN", "CHN", "cn", "ｃｈｉｎａ", "156"],
    "JP": ["日本", "Japan", "JPN", "JP", "日本国", "ＪＰ"],
    "KR": ["韓国", "大韓民国", "South Korea", "Korea, Republic of", "Republic of Korea", "ROK", "Korea", "KOR"],
    "KP": ["北朝鮮", "DPRK", "North Korea", "朝鮮民主主義人民共和国", "Korea, Democratic People's Republic of", "PRK"],
    "TW": ["台湾", "Taiwan", "TW", "TWN", "Taiwan, Province of China"],
    "HK": ["香港", "Hong Kong", "HK", "HKG"],
    "US": ["米国", "アメリカ", "ｱﾒﾘｶ", "アメリカ合衆国", "USA", "U.S.A.", "US", "United States", "United States of America", "usa"],
    "RU": ["ロシア", "Russia", "Russian Federation", "RUS", "ロシア連邦"],
    "IR": ["イラン", "Iran", "Iran, Islamic Republic of", "IRN", "イラン・イスラム共和国", "イランイスラム共和国"],
    "SG": ["シンガポール", "Singapore", "SGP"],
    "DE": ["ドイツ", "Germany", "DEU"],
    "FR": ["フランス", "France"],
    "GB": ["イギリス", "英国", "UK", "GB", "GBR", "United Kingdom", "Great Britain"],
    "IN": ["インド", "India", "IND"],
    "VN": ["ベトナム", "Viet Nam", "Vietnam"],
    "NL": ["オランダ", "Netherlands", "the Netherlands"],
    "TR": ["トルコ", "Turkey", "Türkiye", "Turkiye"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"],
    "AE": ["UAE", "アラブ首長国連邦", "United Arab Emirates"],
}


@pytest.mark.parametrize(("code", "raw"), [(c, r) for c, names in SPELLINGS.items() for r in names])
def test_spellings_map_to_one_code(code: str, raw: str) -> None:
    assert normalize_country(raw) == code


def test_every_iso_country_by_codes_and_name() -> None:
    table = country_table()
    assert len(table) == 249  # ISO 3166-1 officially assigned codes
    for alpha2, row in table.items():
        assert normalize_country(alpha2) == alpha2
        assert normalize_country(row["alpha3"]) == alpha2
        assert normalize_country(row["name"]) == alpha2
        assert normalize_country(row["name"].upper()) == alpha2


def test_japanese_table_covers_at_least_sixty_countries() -> None:
    from graphkit.normalize.countries import _read_csv

    japanese = {row["alpha2"] for row in _read_csv("country_names.csv") if row["lang"] == "ja"}
    assert len(japanese) >= 60
    assert {"CN", "KR", "KP", "TW", "HK", "US", "RU", "IR", "SG", "DE", "FR", "GB", "IN"} <= japanese


def test_no_name_means_two_countries() -> None:
    assert len(_lookup()) > 600  # building the table raises on a conflicting name


@pytest.mark.parametrize("raw", ["Atlantis", "EU", "Europe", "XX", "中", "Korea North South", "NA?"])
def test_unknown_countries_are_rejected(raw: str) -> None:
    with pytest.raises(BadValue) as info:
        normalize_country(raw)
    assert "unknown country" in info.value.reason
    assert info.value.value == raw


def test_na_is_namibia_not_missing() -> None:
    assert normalize_country("NA") == "NA"


@pytest.mark.parametrize("raw", [None, "", "\u3000"])
def test_missing_country_is_none(raw: object) -> None:
    assert normalize_country(raw) is None


def test_country_display_name() -> None:
    assert country_name("KR") == "South Korea"
    assert country_name("jp") == "Japan"


def test_is_foreign_against_home() -> None:
    assert is_foreign("中国") is True
    assert is_foreign("CN") is True
    assert is_foreign("日本") is False
    assert is_foreign("JPN") is False
    assert is_foreign(None) is None
    assert is_foreign("") is None
    assert is_foreign("Atlantis") is None
    assert is_foreign("US", home="US") is False
    assert is_foreign("Japan", home="USA") is True
    assert is_foreign("CN", home="中国") is False


@pytest.mark.parametrize("home", ["Atlantis", "", None])
def test_unreadable_home_country_is_a_mistake_not_unknown(home: object) -> None:
    with pytest.raises(BadValue):
        is_foreign("CN", home=home)  # type: ignore[arg-type]
