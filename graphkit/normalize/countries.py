"""Countries to ISO 3166-1 alpha-2, and foreign/domestic against a home country.

Two packaged data files (read once through importlib.resources):

- ``data/iso3166_1.csv``: every ISO 3166-1 country (249) with alpha-2, alpha-3, numeric code,
  ISO short name, official name and common name (generated from the iso-codes database as
  packaged by pycountry 26.2.16; graphkit does not need pycountry at run time).
- ``data/country_names.csv``: the names people write that ISO does not list (``PRC``,
  ``South Korea``, ``UK``) and Japanese names (``中国``, ``中華人民共和国``, ``韓国``, ``米国``, ...).

Matching folds width and case and ignores spaces, dots, apostrophes and middle dots, and a
leading "the": ``U.S.A.``, ``usa`` and ``ＵＳＡ`` are one name.

>>> normalize_country("中華人民共和国"), normalize_country("PRC"), normalize_country("chn")
('CN', 'CN', 'CN')
>>> is_foreign("中国"), is_foreign("日本"), is_foreign(None)
(True, False, None)
"""
from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from importlib import resources

from graphkit.errors import BadValue
from graphkit.normalize.text import fold, is_missing

__all__ = ["normalize_country", "is_foreign", "country_name", "country_table"]

_DROPPED = re.compile(r"[\s.'’`・･,()\-]+")


def _name_key(text: str) -> str:
    key = _latin_accents_dropped(fold(text)).casefold()
    if key.startswith("the "):
        key = key[4:]
    return _DROPPED.sub("", key)


def _latin_accents_dropped(text: str) -> str:
    """Côte -> Cote, Türkiye -> Turkiye; Japanese kana keep their voicing marks (ド stays ド)."""
    if text.isascii():
        return text
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFKC", "".join(out))


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("graphkit.normalize").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@functools.cache
def country_table() -> dict[str, dict[str, str]]:
    """The ISO 3166-1 rows keyed by alpha-2 (alpha2, alpha3, numeric, name, official_name, common_name)."""
    return {row["alpha2"]: row for row in _read_csv("iso3166_1.csv")}


@functools.cache
def _lookup() -> dict[str, str]:
    """Every accepted spelling's key -> alpha-2. Raises if one key would mean two countries."""
    table: dict[str, str] = {}

    def add(name: str, alpha2: str) -> None:
        if not name:
            return
        key = _name_key(name)
        known = table.setdefault(key, alpha2)
        if known != alpha2:
            raise ValueError(f"country name {name!r} maps to both {known} and {alpha2}")

    for alpha2, row in country_table().items():
        for column in ("alpha2", "alpha3", "name", "official_name", "common_name"):
            add(row[column], alpha2)
    for row in _read_csv("country_names.csv"):
        if row["alpha2"] not in country_table():
            raise ValueError(f"country_names.csv names unknown code {row['alpha2']!r}")
        add(row["name"], row["alpha2"])
    return table


def normalize_country(raw: object) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as a code or an English or Japanese name.

    None when the cell is missing.

    Raises
    ------
    BadValue
        When the text names no known country.

    >>> normalize_country("Korea, Republic of"), normalize_country("ＵＳＡ"), normalize_country("英国")
    ('KR', 'US', 'GB')
    """
    if is_missing(raw):
        return None
    return _code_of(str(raw))


@functools.lru_cache(maxsize=4096)
def _code_of(raw: str) -> str:
    key = _name_key(raw)
    code = _lookup().get(key)
    if code is None:
        numeric = key.zfill(3) if key.isdigit() else None
        code = next((a2 for a2, row in country_table().items() if row["numeric"] == numeric), None)
    if code is None:
        raise BadValue(
            "unknown country: give an ISO 3166 code (JP, CHN) or a country name in English or Japanese",
            value=raw,
        )
    return code


def country_name(alpha2: str) -> str:
    """The display name of an alpha-2 code: ISO common name where there is one, else ISO name.

    >>> country_name("KR")
    'South Korea'
    """
    row = country_table()[alpha2.upper()]
    return row["common_name"] or row["name"]


def is_foreign(country: str | None, home: str = "JP") -> bool | None:
    """Whether a country differs from the home country; None when the country is unknown.

    Both may be codes or names (``is_foreign("中国", home="日本")``). A missing or unreadable
    country gives None here (the loader reports it through :func:`normalize_country`); an
    unreadable *home* country is a configuration mistake and raises BadValue.

    >>> is_foreign("CN"), is_foreign("JPN"), is_foreign("US", home="US")
    (True, False, False)
    """
    home_code = normalize_country(home)
    if home_code is None:
        raise BadValue("the home country is missing", value=home)
    try:
        code = normalize_country(country)
    except BadValue:
        return None
    if code is None:
        return None
    return code != home_code
