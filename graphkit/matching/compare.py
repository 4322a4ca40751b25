"""Compare two names (or two records of names and identifiers): a verdict, a score, reasons.

The matcher never merges. It says how alike two names are and why, as a :class:`Match` with
a verdict among ``likely``, ``question`` and ``unlikely``; a human (or a stored decision)
says "same". Each :class:`Reason` has a stable code (for translation and for tests) and an
English text.

Rules that never fire on their own (each caps the score at ``question``):

- a reading match between two different kanji spellings (髙橋 / 高橋 are often two families);
- the same pinyin for different Chinese characters (homophones are common);
- an acronym against a full name (SMIC / Semiconductor Manufacturing International Corp.;
  a known rendering in the data file is what makes such a pair ``likely``);
- a shared phone number or address with names that do not match;
- two firm names whose rarest word is the same (Alibaba Cloud / Alibaba Singapore).

Two different corporate numbers (法人番号) or LEIs make a pair ``unlikely`` whatever the names.

>>> compare_names("佐藤 美咲", "Misaki Sato").verdict
'likely'
>>> m = compare_names("髙橋 一郎", "高橋 一郎")
>>> m.verdict, m.reasons[0].code
('question', 'same_reading_different_kanji')
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from graphkit.matching.forms import PLACE_WORDS, NameForm, is_organisation, name_forms

__all__ = [
    "LIKELY",
    "QUESTION",
    "REASON_TEXTS",
    "Match",
    "Reason",
    "NameRecord",
    "compare_names",
    "compare_records",
    "token_weights",
    "verdict_for",
]

#: Scores at or above these give the verdicts ``likely`` and ``question``.
LIKELY = 0.85
QUESTION = 0.6

#: Reason codes and their English text (a translation table can key on the code).
REASON_TEXTS: dict[str, str] = {
    "same_spelling": "same name after width, case and punctuation folding",
    "same_without_legal_form": "same name once the legal form is removed",
    "same_comma_form": 'same name, one written "SURNAME, Given"',
    "same_without_abbreviation": "same name once the bracketed abbreviation is removed",
    "same_transliteration": "same name in Latin letters (transliterated)",
    "same_words_other_order": "same words in another order (family/given swapped)",
    "traditional_simplified_variant": "traditional/simplified (or shinjitai) variant of the same characters",
    "known_rendering": "known English rendering of the same firm",
    "same_kana_reading": "same kana reading",
    "same_reading_different_kanji": "same reading, different kanji: often different people, a human must decide",
    "same_romanised_reading": "Latin spelling is the Japanese reading (Hepburn variants folded)",
    "same_romanised_reading_order_swapped": "Latin spelling is the Japanese reading, word order swapped",
    "same_pinyin": "same pinyin",
    "same_pinyin_order_swapped": "same pinyin, word order swapped",
    "same_pinyin_different_characters": "same pinyin, different characters: homophones are common",
    "katakana_transcription": "the katakana sounds like the Latin name (consonant skeleton)",
    "acronym": "one name is the initials of the other",
    "shared_distinctive_word": "the firms' rarest word is the same: often one group, a human must decide",
    "similar_spelling": "similar spelling",
    "shared_corporate_number": "shared 法人番号 (corporate number)",
    "shared_lei": "shared LEI",
    "shared_email": "shared e-mail address",
    "shared_phone": "shared phone number",
    "shared_address": "shared address",
    "different_corporate_number": "different 法人番号: two registered companies",
    "different_lei": "different LEIs: two legal entities",
}

# Derivations whose forms are spellings of the name itself (not readings or guesses), with
# the reason a match between them gives and its score.
_SPELLINGS = {
    "folded": ("same_spelling", 1.0),
    "legal_form_stripped": ("same_without_legal_form", 0.97),
    "comma_reordered": ("same_comma_form", 0.96),
    "abbreviation_dropped": ("same_without_abbreviation", 0.95),
    "transliterated": ("same_transliteration", 0.93),
}
_LATIN_BASES = frozenset(_SPELLINGS)
_CAP_QUESTION = 0.7  # the score of a rule that must not decide on its own

Found = Callable[[str, float, NameForm, NameForm], None]
"""How a rule reports a reason: (code, score, the two forms that met)."""


@dataclass(frozen=True)
class Reason:
    """Why two names match: a stable ``code``, its English ``text``, the forms that met, and
    the score this reason alone gives."""

    code: str
    text: str
    forms: tuple[str, str]
    score: float


@dataclass(frozen=True)
class Match:
    """The verdict (``likely``, ``question`` or ``unlikely``), the score in [0, 1] and the
    reasons, strongest first. Never a merge: a human decides."""

    verdict: str
    score: float
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class NameRecord:
    """A node as the matcher sees it: its names (name and aliases) and identifier tokens as
    :func:`graphkit.normalize.parse_identifiers` writes them (``jp-corp:...``,
    ``email:...``, ``phone:...``), plus ``lei:...`` and ``address:...``."""

    names: tuple[str, ...]
    identifiers: tuple[str, ...] = ()
    kind: str | None = None
    key: str = field(default="", compare=False)


def verdict_for(score: float) -> str:
    """``likely`` from :data:`LIKELY`, ``question`` from :data:`QUESTION`, else ``unlikely``."""
    return "likely" if score >= LIKELY else "question" if score >= QUESTION else "unlikely"


def token_weights(names: Iterable[str], kind: str | None = None) -> dict[str, float]:
    """Inverse document frequency of each Latin token over a corpus of names.

    Rare tokens (a family name) weigh more than common ones ("university", "mohamed"), so two
    names that share only common words score low.

    >>> w = token_weights(["Air Force Medical University", "Sichuan University", "Sun Yat-sen University"])
    >>> w["sichuan"] > w["university"]
    True
    """
    counts: dict[str, int] = {}
    total = 0
    for name in names:
        total += 1
        for token in set(_latin_tokens_of(name, kind)):
            counts[token] = counts.get(token, 0) + 1
    return {token: math.log(1 + total / n) for token, n in counts.items()}


def compare_names(a: str, b: str, kind: str | None = None, *,
                  weights: Mapping[str, float] | None = None) -> Match:
    """Compare two names of one node kind.

    ``weights`` (from :func:`token_weights`) make rare shared words count more; without it
    every word counts alike.

    >>> compare_names("李伟", "Wei Li").reasons[0].code
    'same_pinyin_order_swapped'
    >>> compare_names("華為技術", "Huawei Technologies Co., Ltd.", "Company").reasons[0].code
    'known_rendering'
    """
    return _compare_forms(a, b, kind, weights)


def compare_records(a: NameRecord, b: NameRecord, *,
                    weights: Mapping[str, float] | None = None) -> Match:
    """Compare two records: the best pair of their names, then the identifiers.

    >>> a = NameRecord(("東都精機株式会社",), ("jp-corp:7000012050002",), "Company")
    >>> b = NameRecord(("Toto Seiki K.K.",), ("jp-corp:7000012050002",), "Company")
    >>> m = compare_records(a, b)
    >>> m.verdict, m.reasons[0].code
    ('likely', 'shared_corporate_number')
    """
    from graphkit.matching.blocking import blocking_keys

    best = Match("unlikely", 0.0)
    single = len(a.names) == 1 and len(b.names) == 1
    for name_a in a.names:
        keys_a = blocking_keys(name_a, a.kind)
        for name_b in b.names:
            if not single and keys_a.isdisjoint(blocking_keys(name_b, a.kind)):
                continue  # two of many names that share no key: not worth comparing
            match = _compare_forms(name_a, name_b, a.kind, weights)
            if match.score > best.score:
                best = match
    if not single and best.score > _CAP_QUESTION and a.names and b.names:
        # the rule holds for records too: two different kanji spellings of the display names
        # (高橋 健一 / 髙橋 健一) stay a question even when a kana alias of one reads as the other
        own = _compare_forms(a.names[0], b.names[0], a.kind, weights)
        if own.reasons and own.reasons[0].code == "same_reading_different_kanji":
            best = Match(verdict_for(_CAP_QUESTION), _CAP_QUESTION, (own.reasons[0], *best.reasons))
    return _with_identifiers(best, a.identifiers, b.identifiers)


def _compare_forms(a: str, b: str, kind: str | None, weights: Mapping[str, float] | None) -> Match:
    forms_a, forms_b = name_forms(a, kind), name_forms(b, kind)
    reasons: dict[str, Reason] = {}

    def found(code: str, score: float, fa: NameForm, fb: NameForm) -> None:
        if code not in reasons or reasons[code].score < score:
            reasons[code] = Reason(code, REASON_TEXTS[code], (fa.form, fb.form), round(score, 3))

    cjk_a = any(f.script in {"han", "japanese"} for f in forms_a[:1])
    cjk_b = any(f.script in {"han", "japanese"} for f in forms_b[:1])
    han_a, han_b = _has_han(forms_a[0].form), _has_han(forms_b[0].form)
    for fa in forms_a:
        for fb in forms_b:
            da, db = fa.derivation, fb.derivation
            if da in _SPELLINGS and db in _SPELLINGS:
                if fa.form == fb.form:
                    code, score = min((_SPELLINGS[da], _SPELLINGS[db]), key=lambda cs: cs[1])
                    found(code, score, fa, fb)
                elif fa.script == fb.script == "latin" and sorted(fa.form.split()) == sorted(fb.form.split()):
                    found("same_words_other_order", 0.9, fa, fb)
            elif da == db == "chinese_variant" and fa.form == fb.form:
                found("traditional_simplified_variant", 0.93, fa, fb)
            elif da == db == "known_rendering" and fa.form == fb.form:
                found("known_rendering", 0.92, fa, fb)
            elif da == db == "japanese_reading" and _joined(fa) == _joined(fb):
                if han_a and han_b:
                    found("same_reading_different_kanji", _CAP_QUESTION, fa, fb)
                else:
                    found("same_kana_reading", 0.9, fa, fb)
            elif {da, db} == {"japanese_reading", "hepburn"}:
                _romanised(fa, fb, found)
            elif da == db == "pinyin" and fa.form == fb.form:
                found("same_pinyin_different_characters", 0.65, fa, fb)
            elif da == "pinyin" and db in _LATIN_BASES and fb.script == "latin":
                _pinyin(fa, fb, found)
            elif db == "pinyin" and da in _LATIN_BASES and fa.script == "latin":
                _pinyin(fb, fa, found)
            elif da == db == "sound_skeleton" and cjk_a != cjk_b:
                _transcription(fa, fb, found)
            elif da == db == "acronym" and fa.form == fb.form and len(fa.form) >= 2 \
                    and (" " not in fa.form):
                if _is_initials_pair(forms_a, forms_b):
                    found("acronym", _CAP_QUESTION, fa, fb)
    if is_organisation(kind) and weights and not cjk_a and not cjk_b:
        _distinctive_word(forms_a, forms_b, weights, found)
    if "traditional_simplified_variant" in reasons:
        reasons.pop("same_pinyin_different_characters", None)  # a variant, not a homophone
    if not cjk_a and not cjk_b and max((r.score for r in reasons.values()), default=0.0) < 0.9:
        similarity, pair = _latin_similarity(forms_a, forms_b, kind, weights)
        if similarity >= 0.5 and pair:
            found("similar_spelling", similarity * 0.98, pair[0], pair[1])
    return _match_of(reasons.values())


def _match_of(reasons: Iterable[Reason]) -> Match:
    ordered = tuple(sorted(reasons, key=lambda r: -r.score))
    score = ordered[0].score if ordered else 0.0
    return Match(verdict_for(score), score, ordered)


@functools.lru_cache(maxsize=131072)
def _has_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def _joined(form: NameForm) -> str:
    return form.form.replace(" ", "")


def _romanised(fa: NameForm, fb: NameForm, found: Found) -> None:
    reading, latin = (fa, fb) if fa.derivation == "japanese_reading" else (fb, fa)
    words_r, words_l = reading.form.split(), latin.form.split()
    if "".join(words_r) == "".join(words_l):
        found("same_romanised_reading", 0.88, fa, fb)
    elif len(words_r) > 1 and "".join(reversed(words_r)) == "".join(words_l):
        found("same_romanised_reading_order_swapped", 0.86, fa, fb)


def _pinyin(pinyin: NameForm, latin: NameForm, found: Found) -> None:
    words = pinyin.form.split()
    joined = latin.form.replace(" ", "")
    if "".join(words) == joined:
        found("same_pinyin", 0.88, pinyin, latin)
    elif "".join(reversed(words)) == joined:
        found("same_pinyin_order_swapped", 0.86, pinyin, latin)


def _transcription(fa: NameForm, fb: NameForm, found: Found) -> None:
    a, b = _joined(fa), _joined(fb)
    if len(a) < 3 or len(b) < 3:
        return
    similarity = max(fuzz.ratio(a, b) / 100, _soft_dice(fa.form.split(), fb.form.split(), None))
    if similarity >= 0.7:
        # 0.95 alike (one consonant of twenty off) is "likely"; the rule is coarse, so
        # a weaker likeness stays a question.
        found("katakana_transcription", similarity - 0.1 if similarity < 0.95 else 0.87, fa, fb)


def _is_initials_pair(forms_a: Sequence[NameForm], forms_b: Sequence[NameForm]) -> bool:
    """True when one name is a single short word and the other has several words."""
    words_a = len(forms_a[0].form.split())
    words_b = len(forms_b[0].form.split())
    return (words_a == 1) != (words_b == 1)


def _distinctive_word(forms_a: Sequence[NameForm], forms_b: Sequence[NameForm],
                      weights: Mapping[str, float], found: Found) -> None:
    """Two firm names that lead with the same word, their rarest (Alibaba Cloud Computing /
    Alibaba Singapore Holding; place names skipped: Beijing ByteDance / ByteDance Ltd.):
    often one group, never on its own the same legal entity."""
    base_a, base_b = _latin_base(forms_a), _latin_base(forms_b)
    if base_a is None or base_b is None:
        return
    def rarest(form: NameForm) -> set[str]:
        words = [t for t in form.form.split() if t not in _STOP]
        while words and words[0] in _PLACES:
            words = words[1:]  # Beijing ByteDance, Tencent (Shenzhen): the place is not the firm
        if not words or len(words[0]) < 3 or words[0] in _BUSINESS_WORDS:
            return set()
        tokens = [t for t in words if len(t) >= 3 and t not in _PLACES and t not in _BUSINESS_WORDS]
        top = max(weights.get(t, 0.0) for t in tokens)
        return {words[0]} if weights.get(words[0], 0.0) == top else set()
    shared = rarest(base_a) & rarest(base_b)
    if shared:
        found("shared_distinctive_word", 0.62, base_a, base_b)


# Words of firm names that say where or what, not who (never a firm's distinctive word).
_PLACES = PLACE_WORDS
_BUSINESS_WORDS = frozenset("""
international global national technology technologies tech network networks science sciences
scientific research institute university academy group holding holdings cloud computing online
software systems system electronics electronic communications communication information
industries industry trading trade services service engineering development manufacturing
company corporation enterprise enterprises federal state joint stock public open plant factory
""".split())
_STOP = frozenset("of the and for".split())


# ---- Latin similarity ---------------------------------------------------------------------

_PARTICLES = frozenset("al el bin ben ibn abu abd de da di del van von der la le".split())


def _latin_tokens_of(name: str, kind: str | None) -> list[str]:
    forms = name_forms(name, kind)
    base = _latin_base(forms)
    return base.form.split() if base else []


def _latin_base(forms: Sequence[NameForm]) -> NameForm | None:
    """The most cleaned Latin spelling among the forms (transliterated if need be)."""
    best = None
    for form in forms:
        if form.derivation in _LATIN_BASES and form.form.isascii():
            best = form  # later spelling forms are more cleaned
    return best


def _glued(tokens: list[str]) -> list[str]:
    """Tokens with runs of short particles glued to the next word: bin al shibh -> binalshibh."""
    out: list[str] = []
    pending = ""
    for token in tokens:
        if token in _PARTICLES:
            pending += token
        else:
            out.append(pending + token)
            pending = ""
    if pending:
        out.append(pending)
    return out


_PHONETIC = [("w", "v"), ("ou", "u"), ("oe", "u"), ("y", "i"), ("ph", "f"), ("ck", "k"),
             ("tsch", "ch"), ("tch", "ch"), ("sch", "sh"), ("dh", "d"), ("kh", "k")]


@functools.lru_cache(maxsize=65536)
def _phonetic(token: str) -> str:
    for old, new in _PHONETIC:
        token = token.replace(old, new)
    return token


@functools.lru_cache(maxsize=262144)
def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1:
        return 0.6 if a == b[0] else 0.0  # an initial explained by a name: V. for Vladimir
    if len(b) == 1:
        return 0.3 if a[0] == b else 0.0  # a name only an initial stands for: weak
    ratio = max(fuzz.ratio(a, b), fuzz.ratio(_phonetic(a), _phonetic(b))) / 100
    return ratio if ratio >= 0.75 else 0.0


def _coverage(ta: list[str], tb: list[str], weights: Mapping[str, float] | None) -> tuple[float, float]:
    """How much of each name's word weight the other name's words match (0..1 each way)."""
    if not ta or not tb:
        return 0.0, 0.0
    unseen = _unseen_weight(weights)

    def weight(token: str) -> float:
        if token in _TITLES:
            return 0.0
        if weights is None:
            return 0.3 if token in _PARTICLES or len(token) == 1 else 1.0
        return weights.get(token, unseen)

    wa = [weight(t) for t in ta]
    wb = [weight(t) for t in tb]
    matched_a = sum(w * max(_token_similarity(t, u) for u in tb) for t, w in zip(ta, wa))
    matched_b = sum(w * max(_token_similarity(t, u) for u in ta) for t, w in zip(tb, wb))
    return matched_a / (sum(wa) or 1.0), matched_b / (sum(wb) or 1.0)


_UNSEEN_CACHE: list[tuple[Mapping[str, float], int, float]] = []


def _unseen_weight(weights: Mapping[str, float] | None) -> float:
    """The weight of a word the corpus never saw: the largest weight (the rarest word).

    Computed once per weights table (screening compares with one table thousands of times;
    taking the maximum on every word was most of the matcher's time).
    """
    if not weights:
        return 1.0
    if _UNSEEN_CACHE and _UNSEEN_CACHE[0][0] is weights and _UNSEEN_CACHE[0][1] == len(weights):
        return _UNSEEN_CACHE[0][2]
    value = max(weights.values())
    _UNSEEN_CACHE[:] = [(weights, len(weights), value)]
    return value


def _soft_dice(ta: list[str], tb: list[str], weights: Mapping[str, float] | None) -> float:
    cover_a, cover_b = _coverage(ta, tb, weights)
    return (cover_a + cover_b) / 2


def _latin_similarity(forms_a: Sequence[NameForm], forms_b: Sequence[NameForm], kind: str | None,
                      weights: Mapping[str, float] | None) -> tuple[float, tuple[NameForm, NameForm] | None]:
    """Word-weighted similarity of the Latin spellings.

    Organisations: the square of the *smaller* of the two coverages, so a word only one side
    has (the sub-unit in "..., Institute of Basic Medicine") counts heavily against the pair
    (measured on Section 1286, where sibling institutes share most words). Persons:
    the mean of the coverages, or 0.92 x the coverage of the shorter name when it has two or
    more words (a middle name or patronymic left out: Vladimir Putin / Vladimir V. Putin).
    """
    base_a, base_b = _latin_base(forms_a), _latin_base(forms_b)
    if base_a is None or base_b is None:
        return 0.0, None
    is_org = is_organisation(kind)
    best = 0.0
    ta, tb = base_a.form.split(), base_b.form.split()
    variants = [(ta, tb)]
    glued_a, glued_b = _glued(ta), _glued(tb)
    if glued_a != ta or glued_b != tb:
        variants.append((glued_a, glued_b))
    for xa, xb in variants:
        cover_a, cover_b = _coverage(xa, xb, weights)
        if is_org:
            score = min(cover_a, cover_b) ** 2
        else:
            score = (cover_a + cover_b) / 2
            shorter = [t for t in (xa if len(xa) <= len(xb) else xb) if t not in _TITLES]
            if len(shorter) >= 2:
                score = max(score, 0.92 * (cover_a if len(xa) <= len(xb) else cover_b))
        best = max(best, score)
    return best, (base_a, base_b)


# Titles and honorifics that say nothing about who a person is (President Putin, Frau Dr.).
_TITLES = frozenset("""mr mrs ms miss dr prof herr frau sir president prasident presidente presiden
predsjednik presedintele elnok prezident general gen col colonel sheikh shaikh""".split())


# ---- identifiers ---------------------------------------------------------------------------

_STRONG = {"jp-corp": ("shared_corporate_number", 0.97), "lei": ("shared_lei", 0.97),
           "email": ("shared_email", 0.9)}
_WEAK = {"phone": ("shared_phone", 0.65), "address": ("shared_address", 0.6)}
_UNIQUE = {"jp-corp": "different_corporate_number", "lei": "different_lei"}
_LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")


def _identifier_tokens(identifiers: Iterable[str]) -> dict[str, set[str]]:
    by_type: dict[str, set[str]] = {}
    for token in identifiers:
        kind, _, value = token.partition(":")
        if kind == "id" and _LEI.match(value.upper()) and int(
                "".join(str(int(c, 36)) for c in value.upper())) % 97 == 1:
            kind, value = "lei", value.upper()  # ISO 17442 check digits (ISO 7064 mod 97-10)
        by_type.setdefault(kind, set()).add(value.casefold() if kind in {"email", "address"} else value)
    return by_type


def _with_identifiers(match: Match, ids_a: Sequence[str], ids_b: Sequence[str]) -> Match:
    if not ids_a or not ids_b:
        return match
    a, b = _identifier_tokens(ids_a), _identifier_tokens(ids_b)
    reasons = list(match.reasons)
    strongest = 0.0
    for kind, (code, score) in {**_STRONG, **_WEAK}.items():
        shared = a.get(kind, set()) & b.get(kind, set())
        if shared:
            value = sorted(shared)[0]
            reasons.append(Reason(code, f"{REASON_TEXTS[code]} ({value})", (value, value), score))
            strongest = max(strongest, score)
    for kind, code in _UNIQUE.items():
        if a.get(kind) and b.get(kind) and not (a[kind] & b[kind]):
            pair = (sorted(a[kind])[0], sorted(b[kind])[0])
            conflict = Reason(code, REASON_TEXTS[code], pair, 0.0)
            return Match("unlikely", min(match.score, 0.3), (conflict, *match.reasons))
    if strongest == 0.0:
        return match
    name_score = match.score
    score = max(name_score, strongest)
    if name_score >= QUESTION:
        score = min(1.0, score + 0.05)  # two independent kinds of evidence agree
    ordered = tuple(sorted(reasons, key=lambda r: -r.score))
    return Match(verdict_for(score), round(score, 3), ordered)
