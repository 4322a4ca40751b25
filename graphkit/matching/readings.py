"""Readings of CJK names: Japanese romaji, Hepburn folding, Chinese variants, pinyin, sounds.

The libraries behind each reading, and why (measured in ``benchmarks/bench_readings.py``,
recorded in docs/matching.md):

- Japanese readings: **cutlet** over fugashi (MeCab) with the bundled **unidic-lite**
  dictionary (all MIT/BSD). On forty public names it read 34 right against pykakasi's 31, at
  about a third of the time per name (112 vs 322 µs); the price is a 50 MB dictionary wheel.
- Chinese character variants: **OpenCC** (the maintained ``opencc`` wheels; ``t2s`` and the
  Japanese shinjitai table ``jp2t``).
- Pinyin: **pypinyin** (``lazy_pinyin``, tones dropped).
- Other scripts (Cyrillic, Greek, Arabic, Hangul, ...) to Latin letters: **anyascii**.

A reading is a guess: 佐藤 is almost always "sato", but 東海林 may be "shoji" or "tokairin".
That is why a reading match alone never makes two different kanji spellings "likely" (see
:mod:`graphkit.matching.compare`).

>>> japanese_reading("佐藤 美咲")
('sato', 'misaki')
>>> hepburn_folded("SATOH"), hepburn_folded("Ohno"), hepburn_folded("Ōno"), hepburn_folded("shimbun")
('sato', 'ono', 'ono', 'shinbun')
>>> chinese_variant("李偉"), chinese_variant("國"), chinese_variant("広") == chinese_variant("廣")
('李伟', '国', True)
>>> chinese_pinyin("李伟")
('li', 'wei')
"""
from __future__ import annotations

import functools
import re
import unicodedata

import anyascii
import opencc
import cutlet  # type: ignore[import-untyped]
import pypinyin

__all__ = [
    "hepburn_folded",
    "japanese_reading",
    "chinese_variant",
    "chinese_pinyin",
    "latin_transliteration",
    "sound_skeleton",
    "has_han",
    "has_kana",
    "is_latin",
]

_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# Itaiji (異体字) that readers do not know but that are read exactly like a common character.
# Used for readings only; the spellings themselves stay different (髙橋 is not 高橋).
# Source: JIS X 0213 name variants as listed in 法務省 戸籍統一文字 (the usual family-name forms).
_READING_ONLY_VARIANTS = str.maketrans({
    "髙": "高", "﨑": "崎", "𠮷": "吉", "邉": "辺", "邊": "辺", "濵": "浜", "槗": "橋",
    "德": "徳", "栁": "柳", "祐": "祐", "冨": "富", "塚": "塚", "曻": "昇",
})


def has_kana(text: str) -> bool:
    """True when the text has hiragana or katakana (so it is Japanese)."""
    return bool(_KANA.search(text))


def has_han(text: str) -> bool:
    """True when the text has a Han character (kanji / hanzi)."""
    return bool(_HAN.search(text))


def is_latin(text: str) -> bool:
    """True when every letter of the text is a Latin letter (accents allowed).

    >>> is_latin("Vladímir Putin"), is_latin("Путин")
    (True, False)
    """
    return text.isascii() or all(not ch.isalpha() or _is_latin_letter(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _is_latin_letter(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


_MACRONS = str.maketrans({"ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "oo", "â": "aa",
                          "î": "ii", "û": "uu", "ê": "ee", "ô": "oo"})


_HEPBURN_RULES = [(re.compile(p), r) for p, r in [
    (r"(?<![sc])hu", "fu"), (r"(?<![sc])si", "shi"), (r"(?<!c)ti", "chi"), (r"tu", "tsu"),
    (r"(?<![ts])zi", "ji"), (r"sy", "sh"), (r"ty", "ch"), (r"zy", "j"), (r"m(?=[bmp])", "n"),
]]
_OH_BEFORE_CONSONANT = re.compile(r"oh(?=[^aeiouy]|$)")
_LONG_O = re.compile(r"o[ou]")


@functools.lru_cache(maxsize=262144)
def hepburn_folded(word: str) -> str:
    """One romanised Japanese word with the spelling variants of long vowels folded away.

    ō, ô, ou, oo and oh before a consonant or at the end become o; ū and uu become u
    (Sato, Satō, Satou, Satoo, Satoh, SATOH all fold to sato; Inoue folds to inoe on
    both sides, which is all a matching key needs); m before
    b, m, p becomes n (Shimbun/Shinbun, Namba/Nanba, Homma/Honma); Kunrei spellings
    (si, ti, tu, hu, zi, sya) become Hepburn.

    >>> [hepburn_folded(w) for w in ("Satō", "Satou", "Satoo", "Itou", "Yuuki", "Honma")]
    ['sato', 'sato', 'sato', 'ito', 'yuki', 'honma']
    """
    text = word.casefold().translate(_MACRONS)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = text.replace("'", "").replace("-", "")
    # Kunrei-shiki / Nihon-shiki to Hepburn (ISO 3602): si ti tu hu zi sy ty zy.
    for pattern, replacement in _HEPBURN_RULES:
        text = pattern.sub(replacement, text)
    if len(text) > 3:
        text = _OH_BEFORE_CONSONANT.sub("o", text)
    text = _LONG_O.sub("o", text)
    text = text.replace("uu", "u")
    return text


_cutlet: cutlet.Cutlet | None = None


def _reader() -> cutlet.Cutlet:
    global _cutlet
    if _cutlet is None:
        # Foreign spellings off: ファーウェイ is read "faauei", not guessed back to English;
        # the known renderings (data/renderings.toml) do that job with a source.
        _cutlet = cutlet.Cutlet(use_foreign_spelling=False)
    return _cutlet


@functools.lru_cache(maxsize=65536)
def japanese_reading(text: str) -> tuple[str, ...] | None:
    """The Hepburn-folded reading of a Japanese name as words, or None when unreadable.

    Words follow the name's own spaces and middle dots where it has them, else the reader's
    segmentation (佐藤美咲 -> sato, misaki). Latin letters and digits inside the name are kept as words.

    >>> japanese_reading("サトウ ミサキ"), japanese_reading("髙橋")
    (('sato', 'misaki'), ('takahashi',))
    """
    parts = [p for p in re.split(r"[\s・･·=＝]+", text.translate(_READING_ONLY_VARIANTS)) if p]
    words: list[str] = []
    for part in parts:
        romaji = _reader().romaji(part)
        if "?" in romaji:
            return None  # a character the dictionary cannot read
        pieces = [w for w in re.split(r"[^0-9a-zA-Z]+", romaji) if w]
        if len(parts) > 1:
            # The writer's own word breaks win over the reader's (ミサキ is one word).
            pieces = ["".join(pieces)]
        words.extend(hepburn_folded(w) for w in pieces if w)
    return tuple(words) or None


_to_traditional_jp = opencc.OpenCC("jp2t")
_to_simplified = opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)
def chinese_variant(text: str) -> str:
    """One spelling for simplified, traditional and Japanese shinjitai forms of the same text.

    Japanese shinjitai go to traditional first (広 -> 廣), then traditional to simplified
    (廣 -> 广). Characters OpenCC treats as distinct (髙 and 高) stay distinct.

    >>> chinese_variant("華為技術") == chinese_variant("华为技术")
    True
    """
    return _to_simplified.convert(_to_traditional_jp.convert(text))


# Two-character Chinese family names (复姓) that pinyin must keep together.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 夏侯 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 澹台 端木 轩辕".split()
)


@functools.lru_cache(maxsize=65536)
def chinese_pinyin(text: str) -> tuple[str, ...] | None:
    """Pinyin of a Chinese personal name, without tones: (family, given) as written in Latin.

    The given name's syllables are joined (王小明 -> wang, xiaoming), as passports and
    papers write them. Returns None unless the name is 2-4 Han characters (a person's name).

    >>> chinese_pinyin("王小明"), chinese_pinyin("欧阳娜娜")
    (('wang', 'xiaoming'), ('ouyang', 'nana'))
    """
    han = "".join(ch for ch in text if not ch.isspace())
    if not 2 <= len(han) <= 4 or not all(_HAN.match(ch) for ch in han):
        return None
    simplified = chinese_variant(han)
    split = 2 if simplified[:2] in _COMPOUND_SURNAMES and len(han) > 2 else 1
    family = "".join(pypinyin.lazy_pinyin(simplified[:split], v_to_u=False))
    given = "".join(pypinyin.lazy_pinyin(simplified[split:], v_to_u=False))
    return (family, given)


@functools.lru_cache(maxsize=262144)
def latin_transliteration(text: str) -> str:
    """Text in Latin letters without accents (anyascii), for names in other scripts.

    >>> latin_transliteration("Владимир Путин"), latin_transliteration("Vladímír")
    ('Vladimir Putin', 'Vladimir')
    """
    return anyascii.anyascii(text)


_SKELETON_RULES = [
    ("ph", "f"), ("th", "s"), ("ck", "k"), ("ch", "c"), ("sh", "s"), ("ts", "s"), ("tz", "s"),
    ("q", "k"), ("x", "ks"), ("w", "u"), ("v", "b"), ("l", "r"), ("c", "k"), ("z", "s"),
    ("j", "g"), ("y", ""),
]


@functools.lru_cache(maxsize=262144)
def sound_skeleton(word: str) -> str:
    """A coarse consonant skeleton of a romanised word, shared by a katakana transcription
    and the foreign word it transcribes (アルファ arufa / alpha -> rf; サービス saabisu /
    service -> sbs).

    Soft c (ce, ci) is s and "tion" is "shon"; an r before a consonant or at the end goes
    (katakana writes English non-rhotically: サービス, コンピューター); m before b/p is n;
    then vowels and h go, l/r, v/b, c/k, ph/f, th/s fold together, doubled letters collapse.

    >>> sound_skeleton("toreedingu"), sound_skeleton("trading")
    ('trdng', 'trdng')
    >>> sound_skeleton("saabisu"), sound_skeleton("services")
    ('sbs', 'sbs')
    """
    text = word.casefold()
    for pattern, replacement in _SKELETON_PREPARE:
        text = pattern.sub(replacement, text)
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    return _DOUBLED.sub(r"\1", _VOWELS_AND_H.sub("", text))


_SKELETON_PREPARE = [(re.compile(p), r) for p, r in [
    (r"c(?=[eiy])", "s"), (r"ti(?=[oa])", "sh"), (r"(?<=[aeiou])r(?=[^aeiouy]|$)", ""), (r"m(?=[bp])", "n"),
]]
_VOWELS_AND_H = re.compile(r"[aeiouh]")
_DOUBLED = re.compile(r"(.)\1+")
