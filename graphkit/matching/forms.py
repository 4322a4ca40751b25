"""Comparable forms of a name, each kept with how it was derived.

A name is compared through several *forms*: the folded spelling, the spelling without its legal
form, the Latin transliteration, the Japanese reading, the pinyin, the simplified-Chinese
spelling, a known English rendering, an acronym. Each :class:`NameForm` says which script the
form is written in and how it was derived, so a match can say *why* two names match
("same kana reading") and the rules in :mod:`graphkit.matching.compare` can refuse matches
that rest on a weak form alone.

Cleaning comes from :mod:`graphkit.normalize.text` (NFKC width folding, legal forms, the comma
form of personal names); this module adds the cross-script forms.

>>> [(f.derivation, f.form) for f in name_forms("佐藤 美咲")]
[('folded', '佐藤美咲'), ('chinese_variant', '佐藤美咲'), ('japanese_reading', 'sato misaki'), ('pinyin', 'zuo tengmeixiao')]

A kanji-only name may be Japanese or Chinese, so it gets both the Japanese reading and the
pinyin; each is compared only with forms it can meet (see :mod:`graphkit.matching.compare`).

>>> forms = {f.derivation: f.form for f in name_forms("華為技術有限公司", "Company")}
>>> forms["legal_form_stripped"], forms["chinese_variant"], forms["known_rendering"]
('華為技術', '华为技术', 'huawei technologies')
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from graphkit.matching.readings import (
    chinese_pinyin,
    chinese_variant,
    has_han,
    has_kana,
    hepburn_folded,
    is_latin,
    japanese_reading,
    latin_transliteration,
    sound_skeleton,
)
from graphkit.normalize.text import fold, legal_form_stripped, match_key, plain_key
from graphkit import schema

__all__ = ["PLACE_WORDS", "TRAILING_LEGAL_WORDS", "firm_name_stripped", "NameForm", "name_forms", "script_of", "is_organisation", "DERIVATIONS", "known_renderings", "renderings_table"]

#: What each derivation code means, in words (shown with a match's reasons).
DERIVATIONS: dict[str, str] = {
    "folded": "NFKC width folding, case and punctuation removed",
    "legal_form_stripped": "legal form removed (株式会社, Co., Ltd., ...)",
    "comma_reordered": '"SURNAME, Given" turned into "given surname"',
    "abbreviation_dropped": "bracketed abbreviation removed: (SMIC)",
    "transliterated": "written in Latin letters without accents (anyascii)",
    "chinese_variant": "simplified-Chinese spelling (OpenCC: shinjitai and traditional to simplified)",
    "japanese_reading": "Japanese reading, Hepburn with long vowels folded (cutlet + unidic-lite)",
    "hepburn": "Latin spelling with Hepburn variants folded (ō/ou/oh -> o, SATOH -> sato)",
    "pinyin": "pinyin without tones, family name first (pypinyin)",
    "known_rendering": "known English rendering of a firm (graphkit/matching/data/renderings.toml)",
    "acronym": "initials of the words",
    "sound_skeleton": "consonant skeleton (katakana transcription vs the foreign word)",
}



def _rules(kind: str | None) -> frozenset[str]:
    """The schema's ``name_match`` rules of ``kind`` (None: the schema's default actor kind)."""
    return schema.name_match(schema.DEFAULT_ACTOR_KIND if kind is None else kind)


def is_organisation(kind: str | None) -> bool:
    """True for kinds whose names carry legal forms (the schema's ``name_match``: Company,
    Intermediary): they are matched as firm names (legal forms, acronyms, renderings).

    >>> is_organisation("Company"), is_organisation("Person")
    (True, False)
    """
    return "legal_forms" in _rules(kind)


@dataclass(frozen=True)
class NameForm:
    """One comparable form of a name: the text, its script and how it was derived.

    ``script`` is ``latin``, ``han``, ``japanese`` (has kana), or ``other``; ``derivation``
    is a key of :data:`DERIVATIONS`.
    """

    form: str
    script: str
    derivation: str


@functools.lru_cache(maxsize=262144)
def script_of(text: str) -> str:
    """The script of a name: ``japanese`` (has kana), ``han``, ``latin`` or ``other``.

    >>> script_of("サトウ ミサキ"), script_of("李偉"), script_of("Li Wei"), script_of("Путин")
    ('japanese', 'han', 'latin', 'other')
    """
    if has_kana(text):
        return "japanese"
    if has_han(text):
        return "han"
    return "latin" if is_latin(text) else "other"


_BRACKETED_ABBREVIATION = re.compile(r"\s*[(（]\s*([A-Z][A-Za-z0-9&.\-]{1,9})\s*[)）]")

#: Place words of firm names: they say where, not who. A bracketed place is kept as a word
#: (``SMIC (Beijing)`` is a subsidiary, not SMIC) and is never a firm's distinctive word.
PLACE_WORDS = frozenset("""
beijing shanghai shenzhen hangzhou tianjin guangzhou nanjing wuhan chengdu xian harbin zhejiang
chongqing suzhou xiamen dalian qingdao shenyang changsha jiangsu guangdong sichuan shandong hubei
hunan fujian liaoning shaanxi anhui hebei henan jiangxi yunnan guizhou hainan jilin heilongjiang
macau macao taiwan moscow
china chinese american america usa japan japanese russia russian singapore israel india hong kong
""".split())

#: Trailing words that are a legal form in matching only ("Huawei Technologies Company" is
#: Huawei Technologies); not in :func:`graphkit.normalize.legal_form_stripped`, whose keys
#: also decide node identity at ingestion.
TRAILING_LEGAL_WORDS = ("company",)
_TRAILING_LEGAL = re.compile(r"\s+(?:" + "|".join(TRAILING_LEGAL_WORDS) + r")[\s.,]*$", re.IGNORECASE)


def firm_name_stripped(name: str) -> str:
    """A firm's folded name without its legal forms, a trailing ``Company`` included.

    >>> firm_name_stripped("Huawei Technologies Company"), firm_name_stripped("AVIC Heavy Machinery Company Limited")
    ('Huawei Technologies', 'AVIC Heavy Machinery')
    >>> firm_name_stripped("Company")
    'Company'
    """
    stripped = legal_form_stripped(name)
    shorter = _TRAILING_LEGAL.sub("", stripped).strip(" ,.&")
    return shorter or stripped


def _drop_abbreviation(match: re.Match[str]) -> str:
    """A bracketed abbreviation goes; a bracketed place stays as a word."""
    return " " + match.group(1) if match.group(1).casefold() in PLACE_WORDS else ""
_STOP_WORDS = frozenset("of the and for & de du des la le der die und an at in on".split())


@functools.lru_cache(maxsize=131072)
def name_forms(name: str, kind: str | None = None) -> tuple[NameForm, ...]:
    """Every comparable form of ``name`` for a node kind, without duplicates, in a fixed order.

    Organisations (Company, Intermediary) lose legal forms and get acronyms and known
    renderings; persons get the comma form reordered and, for CJK names, readings and pinyin.

    >>> [(f.derivation, f.form) for f in name_forms("PUTIN, Vladimir Vladimirovich")][:2]
    [('folded', 'putin vladimir vladimirovich'), ('comma_reordered', 'vladimir vladimirovich putin')]
    >>> {f.derivation: f.form for f in name_forms("李偉")}["pinyin"]
    'li wei'
    """
    is_org = is_organisation(kind)
    comma_form = "comma_form" in _rules(kind)
    forms: dict[tuple[str, str], NameForm] = {}

    def add(text: str, derivation: str) -> None:
        if text and (text, derivation) not in forms:
            forms[(text, derivation)] = NameForm(text, script_of(text), derivation)

    folded_name = fold(name)
    add(plain_key(folded_name), "folded")
    base = folded_name
    if is_org:
        stripped = firm_name_stripped(folded_name)
        if stripped != folded_name:
            add(plain_key(stripped), "legal_form_stripped")
        base = stripped
    if comma_form and "," in base and _reordered(base) != base:
        add(_reordered(base), "comma_reordered")
        base = _reordered(base)
    without_abbreviation = _BRACKETED_ABBREVIATION.sub(_drop_abbreviation, base).strip()
    if without_abbreviation and plain_key(without_abbreviation) != plain_key(base):
        add(plain_key(without_abbreviation), "abbreviation_dropped")
        base = without_abbreviation
    base_key = plain_key(base)
    script = script_of(base)
    if script == "other" or (script == "latin" and not base_key.isascii()):
        add(plain_key(latin_transliteration(base)), "transliterated")
    if script in {"han", "japanese"}:
        add(chinese_variant(base_key), "chinese_variant")
        reading = japanese_reading(base)
        if reading:
            add(" ".join(reading), "japanese_reading")
            if script == "japanese":
                add(" ".join(sound_skeleton(w) for w in reading if sound_skeleton(w)), "sound_skeleton")
        if script == "han" and not is_org:
            pinyin = chinese_pinyin(base)
            if pinyin:
                add(" ".join(pinyin), "pinyin")
    elif script == "latin":
        latin = plain_key(latin_transliteration(base))
        add(" ".join(hepburn_folded(w) for w in latin.split()), "hepburn")
        if is_org:
            add(" ".join(s for s in (sound_skeleton(w) for w in latin.split()) if s), "sound_skeleton")
    rendering = known_renderings().get(chinese_variant(base_key)) or known_renderings().get(base_key)
    if rendering:
        add(rendering, "known_rendering")
    if is_org and script == "latin":
        # Initials with and without the legal form: CASIC keeps its Corporation's C, SMI(C) too.
        for text in (plain_key(base), plain_key(folded_name)):
            acronym = _acronym(text)
            if acronym:
                add(acronym, "acronym")
    return tuple(forms.values())


def _reordered(text: str) -> str:
    """``Last, First`` as ``first last`` (match_key of a comma-form kind), else the text."""
    key = match_key(text)
    return key if key != plain_key(text) else text


def _acronym(key: str) -> str | None:
    """Initials of a multi-word name (stop words skipped), or the name itself when it is one
    short word that could be an acronym (SMIC, ZTE, BGI)."""
    words = [w for w in key.split() if w not in _STOP_WORDS]
    if len(words) >= 3:
        return "".join(w[0] for w in words)
    if len(words) == 1 and 2 <= len(words[0]) <= 6:
        return words[0]
    return None


@functools.lru_cache(maxsize=1)
def known_renderings() -> dict[str, str]:
    """Each known spelling (as a matching key, also simplified) -> the firm's English key.

    Read from ``graphkit/matching/data/renderings.toml`` (each entry cites its source).

    >>> known_renderings()["ファーウェイ"]
    'huawei technologies'
    """
    text = resources.files("graphkit.matching").joinpath("data/renderings.toml").read_text("utf-8")
    return renderings_table(tomllib.loads(text)["firm"])


def renderings_table(firms: list[dict[str, Any]]) -> dict[str, str]:
    """Each spelling of each firm entry (as a matching key, also simplified) -> its English key.

    A spelling written twice, or one that two firms claim, is a mistake in the data: it would
    make one firm's name match another's, so it is refused with both entries named.

    >>> renderings_table([{"english": "ZTE", "renderings": ["中興通訊"]}])["中兴通讯"]
    'zte'
    >>> renderings_table([{"english": "ZTE", "renderings": ["中興通訊", "中興通訊"]}])
    Traceback (most recent call last):
    ...
    ValueError: renderings.toml: '中興通訊' is written twice for ZTE
    """
    table: dict[str, str] = {}
    owner: dict[str, str] = {}
    for firm in firms:
        english = plain_key(firm_name_stripped(firm["english"]))
        seen: set[str] = set()
        for spelling in [firm["english"], *firm["renderings"]]:
            key = plain_key(firm_name_stripped(spelling))
            if spelling in seen:
                raise ValueError(f"renderings.toml: {spelling!r} is written twice for {firm['english']}")
            seen.add(spelling)
            for variant in (key, chinese_variant(key)):
                claimed = owner.get(variant)
                if claimed is not None and table[variant] != english:
                    raise ValueError(f"renderings.toml: {spelling!r} of {firm['english']} is also a "
                                     f"spelling of {claimed}")
                owner.setdefault(variant, firm["english"])
                table[variant] = english
    return table
