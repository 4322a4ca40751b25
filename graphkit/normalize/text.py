"""Text values: missing cells, width folding, matching keys, legal forms, multi-value cells.

Every cell is read as text first. Only an empty or blank cell is missing: ``NA``, ``None``,
``null`` and ``N/A`` are names (a person may be called Na, a company N/A Ltd.).

The *folded* text (:func:`fold`) is what graphkit shows and stores as a name; the raw spelling
is kept by the caller as an alias. Lookups of words rather than identities use three keys
built on it, one per meaning: :func:`caseless_key` (a cell in a value map),
:func:`word_key` (a kind or relation word, a column header: hyphens and underscores are
spaces) and :func:`spaceless_key` (what a user typed to find a name, spaces ignored).
The *matching key* (:func:`match_key`) decides identity: two names with the same key and
kind are the same entity. It never merges distinct kanji
(``髙橋`` and ``高橋`` keep different keys: a human decides, not the normaliser).

>>> fold("ｿﾆｰ　株式会社 ")
'ソニー 株式会社'
>>> match_key("ソニー株式会社", "Company") == match_key("ｿﾆｰ(株)", "Company")
True
>>> match_key("Yamada, Taro") == match_key("taro yamada")
True
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

__all__ = [
    "is_missing",
    "fold",
    "caseless_key",
    "word_key",
    "spaceless_key",
    "match_key",
    "legal_form_stripped",
    "split_multi",
    "LEGAL_FORMS",
]

_WHITESPACE = re.compile(r"\s+")  # Python's \s covers every Unicode space, U+3000 included.

# Legal-form tokens, ignored for matching only. Written as they look *after* fold() (NFKC
# turns ㈱ and （株） into "(株)", ＫＫ into KK). Longest alternatives first.
_CJK_ANYWHERE = ["株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)", "(同)"]
_CJK_SUFFIX = ["股份有限公司", "有限公司", "公司"]
_LATIN_ANYWHERE = [
    r"co\.?\s*,?\s*ltd\.?",
    r"pte\.?\s*ltd\.?",
    r"pvt\.?\s*ltd\.?",
    r"pty\.?\s*ltd\.?",
    r"sdn\.?\s*bhd\.?",
    r"k\.\s?k\.",
    r"kk",
    r"kabushiki\s+kaisha",
    r"ltd\.?",
    r"limited",
    r"inc\.?",
    r"incorporated",
    r"corp\.?",
    r"corporation",
    r"co\.",
    r"l\.?l\.?c\.?",
    r"gmbh",
    r"s\.a\.",
    r"plc\.?",
]
# Short forms that are also ordinary words or initials: stripped only at the end of a name.
_LATIN_SUFFIX = [r"ag", r"se", r"sa", r"nv", r"n\.v\.", r"bv", r"b\.v\.", r"oy", r"ab", r"sarl", r"s\.p\.a\.", r"spa"]

#: Every legal-form pattern, for documentation and tests.
LEGAL_FORMS: tuple[str, ...] = tuple(_CJK_ANYWHERE + _CJK_SUFFIX + _LATIN_ANYWHERE + _LATIN_SUFFIX)

_LATIN_EDGE_BEFORE = r"(?<![0-9a-z])"
_LATIN_EDGE_AFTER = r"(?![0-9a-z])"
def _cjk_token(token: str) -> str:
    """A CJK legal form as a pattern; bracketed ones allow inner spaces: ( 株 )."""
    if token.startswith("(") and token.endswith(")"):
        return r"\(\s*" + re.escape(token[1:-1]) + r"\s*\)"
    return re.escape(token)


_LEGAL_ANYWHERE = re.compile(
    "|".join(_cjk_token(t) for t in _CJK_ANYWHERE)
    + "|" + _LATIN_EDGE_BEFORE + "(?:" + "|".join(_LATIN_ANYWHERE) + ")" + _LATIN_EDGE_AFTER,
    re.IGNORECASE,
)
_LEGAL_SUFFIX = re.compile(
    "(?:" + "|".join(re.escape(t) for t in _CJK_SUFFIX)
    + "|" + _LATIN_EDGE_BEFORE + "(?:" + "|".join(_LATIN_SUFFIX) + "))"
    + r"[\s.,]*$",
    re.IGNORECASE,
)

# Name punctuation dropped from matching keys. Dashes and slashes separate words, so they
# become spaces ("Jean-Pierre" == "Jean Pierre"); the rest (. , ・ ' " ( ) 「 」 ...) goes.
_SEPARATOR_CATEGORIES = frozenset({"Pd"})
_SEPARATORS = frozenset({"/", "\\", "_", "|", "~"})


def is_missing(raw: object) -> bool:
    """True only for ``None``, ``''`` and blank text (any Unicode space, U+3000 included).

    >>> is_missing("　"), is_missing("NA"), is_missing("null")
    (True, False, False)
    """
    if raw is None:
        return True
    if isinstance(raw, float) and raw != raw:  # NaN: a numeric cell a reader left empty
        return True
    return isinstance(raw, str) and raw.strip() == ""


def fold(text: str) -> str:
    """NFKC width folding, every run of Unicode whitespace to one ASCII space, stripped.

    Full-width Latin letters and digits become ASCII, half-width katakana become full-width,
    ``㈱`` becomes ``(株)``. Letter case and kanji variants are kept.

    >>> fold("  ＡＢＣ\\u3000ﾃｸﾉﾛｼﾞｰ\\t１２３ ")
    'ABC テクノロジー 123'
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def caseless_key(text: str) -> str:
    """The folded text, case-folded: how a cell is looked up in a map of values.

    >>> caseless_key("  Ｇｏ-Between\u3000Agent ")
    'go-between agent'
    """
    return fold(text).casefold()


def word_key(text: str) -> str:
    """A word or label as a key: :func:`caseless_key` with hyphens and underscores as spaces.

    For kind and relation words and column headers, where ``go-between``, ``go_between`` and
    ``Go Between`` are the same word.

    >>> word_key(" From-Name_ＩＤ ")
    'from name id'
    """
    return " ".join(caseless_key(text).replace("-", " ").replace("_", " ").split())


def spaceless_key(text: str) -> str:
    """:func:`caseless_key` with every space removed: lenient lookup of a name a user typed.

    >>> spaceless_key("ＹＡＭＡＤＡ　 Taro") == spaceless_key("yamada taro")
    True
    """
    return "".join(caseless_key(str(text)).split())


def legal_form_stripped(name: str) -> str:
    """The folded name without company legal-form tokens (for matching and display keys).

    Japanese forms (株式会社, 有限会社, 合同会社, (株), ㈱, ...) and Latin forms (K.K., Co., Ltd.,
    Inc., Corp., LLC, GmbH, S.A., PLC, ...) go wherever they stand; ambiguous short forms
    (AG, SA, BV, ...) and Chinese 公司 forms only at the end. A name that is nothing but a
    legal form is returned folded, unchanged.

    >>> legal_form_stripped("株式会社 山田製作所")
    '山田製作所'
    >>> legal_form_stripped("Acme Precision Co., Ltd.")
    'Acme Precision'
    """
    folded = fold(name)
    stripped = _LEGAL_ANYWHERE.sub(" ", folded)
    previous = None
    while previous != stripped:  # "Foo Holdings Pte Ltd SA" may end in several forms
        previous = stripped
        stripped = _LEGAL_SUFFIX.sub("", stripped.rstrip())
    stripped = _WHITESPACE.sub(" ", stripped).strip(" ,.&")
    return stripped or folded


def match_key(name: str, kind: str | None = None) -> str:
    """The key that decides identity for a name of a node kind (default: the schema's
    ``default_actor`` kind, Person).

    Steps: fold; for kinds whose schema ``name_match`` has ``legal_forms`` (Company,
    Intermediary) strip legal forms; for those with ``comma_form`` (Person, Intermediary)
    turn one comma form ``Last, First`` (Latin letters only) into
    ``first last``; casefold; drop punctuation and middle dots (・ . , ' ...), dashes and
    slashes become spaces; remove spaces between CJK characters; collapse spaces.

    Word order is otherwise kept: ``Taro Yamada`` and ``Yamada Taro`` are different keys,
    because without a comma nothing says which is the family name. Kanji variants are
    never merged.

    >>> match_key("山田 太郎") == match_key("山田太郎")
    True
    >>> match_key("髙橋一郎") == match_key("高橋一郎")
    False
    >>> match_key("Yamada, Taro")
    'taro yamada'
    """
    legal_forms, comma_form = _name_rules(kind)
    return _cached_match_key(name, legal_forms, comma_form)


def plain_key(name: str) -> str:
    """The identity key of a name without any kind's name rules: :func:`match_key`'s folding,
    casefolding, punctuation and CJK spacing, with no legal form stripped and no comma form
    turned round (for comparing name forms whatever the node kind).

    >>> plain_key("Yamada, Taro"), plain_key("東都精機 株式会社")
    ('yamada taro', '東都精機株式会社')
    """
    return _cached_match_key(name, False, False)


_rules_of: tuple[object, dict[str | None, tuple[bool, bool]]] = (None, {})
_schema: Any = None


def _name_rules(kind: str | None) -> tuple[bool, bool]:
    """(strip legal forms, turn "Last, First" round) for ``kind``: its ``name_match`` in the
    schema in use, remembered per schema (match_key runs for every name of every row)."""
    global _rules_of, _schema
    if _schema is None:  # imported on first use, not at the top: the schema's types import this module
        from graphkit import schema as _schema
    schema = _schema
    current, known = _rules_of
    if current is not schema.current():
        current, known = _rules_of = (schema.current(), {})
    found = known.get(kind)
    if found is None:
        rules = schema.name_match(schema.DEFAULT_ACTOR_KIND if kind is None else kind)
        found = known[kind] = ("legal_forms" in rules, "comma_form" in rules)
    return found


def clear_match_key_cache() -> None:
    """Empty :func:`match_key`'s cache of names (a load empties it as each chunk ends, so its
    memory is bounded by the chunk, not by every name of the file)."""
    _cached_match_key.cache_clear()


@functools.lru_cache(maxsize=262144)
def _cached_match_key(name: str, legal_forms: bool, comma_form: bool) -> str:
    text = legal_form_stripped(name) if legal_forms else fold(name)
    if comma_form:
        text = _comma_form_reordered(text)
    text = text.casefold()
    text = "".join(map(_key_char, text))
    text = _WHITESPACE.sub(" ", text).strip()
    text = _join_cjk(text)
    return text if text else fold(name).casefold()


def split_multi(raw: str | None) -> list[str]:
    """Split a multi-value cell on ``;`` or full-width ``；``; fold, drop empties, dedupe.

    ``、`` and ``,`` do not split: they occur inside single values (``Co., Ltd.``,
    ``半導体、露光装置の研究``). Order of first appearance is kept; duplicates are decided on
    the folded text.

    >>> split_multi("EUV lithography； quantum sensing;;EUV lithography")
    ['EUV lithography', 'quantum sensing']
    """
    if is_missing(raw):
        return []
    seen: dict[str, None] = {}
    for part in re.split(r"[;；]", str(raw)):
        value = fold(part)
        if value and value not in seen:
            seen[value] = None
    return list(seen)


@functools.lru_cache(maxsize=None)
def _key_char(ch: str) -> str:
    """What one character becomes in a matching key (memoised: names reuse few characters)."""
    category = unicodedata.category(ch)
    if ch.isspace() or ch in _SEPARATORS or category in _SEPARATOR_CATEGORIES:
        return " "
    if category.startswith("P") or ch in "·‧･":
        return ""
    return ch


_LATIN_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$")


def _comma_form_reordered(text: str) -> str:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        return text
    if not all(_LATIN_NAME.match(p) and _is_latin(p) for p in parts):
        return text
    return f"{parts[1]} {parts[0]}"


def _is_latin(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


# Han (incl. extensions and compatibility ideographs), kana, the iteration and prolonged
# sound marks, and hangul: scripts written without spaces between words.
_CJK = (
    "\u3005\u3006\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\U00020000-\U0003134f"
)
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def _join_cjk(text: str) -> str:
    return _SPACE_BETWEEN_CJK.sub("", text) if " " in text else text
