"""Candidate pairs without comparing every name with every other: blocking on form keys.

Each name gets a handful of *blocking keys* from its forms (:mod:`graphkit.matching.forms`):

- the whole form, spaces removed, for spellings, simplified-Chinese variants, known
  renderings and acronyms (``x:...``);
- the reading in both word orders, for Japanese readings and Hepburn-folded Latin spellings
  (``r:...``), and the pinyin against Latin spellings (``p:...``);
- each Latin word, each word's consonant skeleton and its first three consonants, each word
  with one letter deleted, and short particles glued to the next word (``t:``, ``s:``,
  ``d:``), so spelling variants (Zubeida / Zubaidah, Putin / Putsin) still meet;
- the consonant skeleton of katakana words against Latin words (``k:...``).

Two names are a candidate pair when they share a key. A key shared by more than
``max_block`` names (``university``, ``mohamed``) says little and would make the work
quadratic, so it is dropped (in lists of more than 10,000 names, keys for spelling variants
already above ``max_block // 5``);
names are still paired through their rarer keys. The work is
linear in the number of names times the keys each has, bounded by ``max_block``: 200,000
names take well under a minute (``benchmarks/bench_matching.py``).

>>> names = ["李伟", "Wei Li", "Li Wei", "佐藤 美咲", "Misaki Sato", "Nawaf Alhazmi", "Salem Alhazmi"]
>>> sorted(candidate_pairs(names))
[(0, 1), (0, 2), (1, 2), (3, 4), (5, 6)]
"""
from __future__ import annotations

import functools
from typing import Iterable, Sequence

import numpy as np

from graphkit.matching.compare import _glued
from graphkit.matching.forms import is_organisation, name_forms
from graphkit.matching.readings import sound_skeleton

__all__ = ["blocking_keys", "candidate_pairs"]

_WHOLE = frozenset({"folded", "legal_form_stripped", "comma_reordered", "abbreviation_dropped",
                    "transliterated", "chinese_variant", "known_rendering", "acronym"})
_LATIN_WORDS = frozenset({"folded", "legal_form_stripped", "comma_reordered",
                          "abbreviation_dropped", "transliterated"})
_PARTICLES = frozenset("al el bin ben ibn abu abd de da di del van von der la le".split())


@functools.lru_cache(maxsize=262144)
def blocking_keys(name: str, kind: str | None = None) -> frozenset[str]:
    """The blocking keys of one name.

    >>> sorted(blocking_keys("Li Wei"))[:4]
    ['p:liwei', 'r:liwei', 'r:weili', 't:li']
    """
    keys: set[str] = set()
    forms = name_forms(name, kind)
    cjk = forms[0].script in {"han", "japanese"}
    for form in forms:
        derivation, text = form.derivation, form.form
        joined = text.replace(" ", "")
        if derivation in _WHOLE:
            keys.add("x:" + joined)
        if derivation in {"japanese_reading", "hepburn"}:
            words = text.split()
            keys.add("r:" + joined)
            keys.add("r:" + "".join(reversed(words)))
        if derivation == "pinyin":
            words = text.split()
            keys.add("p:" + joined)
            keys.add("p:" + "".join(reversed(words)))
        if derivation in _LATIN_WORDS and form.script == "latin" and text.isascii():
            keys.add("p:" + joined)
            words = text.split()
            for word in words:
                if len(word) >= 2 and word not in _PARTICLES:
                    keys.add("t:" + word)
                    skeleton = sound_skeleton(word)
                    if len(skeleton) >= 2:
                        keys.add("s:" + skeleton)
                    if len(skeleton) >= 4:
                        keys.add("s:" + skeleton[:3])  # Putin / Putinas / Putins
                        # one consonant deleted: Vladimir (brdmr) / Uladzimir (rdsmr) -> rdmr
                        keys.update("e:" + skeleton[:i] + skeleton[i + 1:] for i in range(len(skeleton)))
                    if len(skeleton) >= 3:
                        keys.add("e:" + skeleton)
                    if 5 <= len(word) <= 10:
                        # one letter deleted (SymSpell-style): Putin / Putsin, Khemais / Khemail
                        keys.add("d:" + word)
                        keys.update("d:" + word[:i] + word[i + 1:] for i in range(len(word)))
            for glued in _glued(words):
                keys.add("t:" + glued)
        if derivation == "sound_skeleton" and (cjk or is_organisation(kind)):
            for word in text.split():
                if len(word) >= 2:
                    keys.add("k:" + word)
            if len(joined) >= 3:
                keys.add("k:" + joined)  # スーパーチップ (sp kp) / Superchip (spkp)
                keys.add("kp:" + joined[:4])
    return frozenset(keys)


def candidate_pairs(names: Sequence[str] | Sequence[Iterable[str]], kind: str | None = None, *,
                    max_block: int = 100) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of names that share a blocking key.

    ``names`` holds one name per item, or an iterable of names (name and aliases) per item.
    Keys shared by more than ``max_block`` items are dropped.
    """
    blocks: dict[str, list[int]] = {}
    for index, item in enumerate(names):
        item_names = [item] if isinstance(item, str) else list(item)
        keys: set[str] = set()
        for name in item_names:
            keys |= blocking_keys(name, kind)
        for key in keys:
            blocks.setdefault(key, []).append(index)
    return _pairs_of(blocks.items(), len(names), max_block)


# Keys made for spelling variants (a letter deleted, a consonant skeleton) collide more
# often than real words: in lists of more than _SMALL_LIST names their blocks are capped five
# times tighter (at 200,000 names this halves the time and cuts the pairs threefold; in a
# small list every block is cheap, and one person's eighty spellings all stay paired).
_FUZZY_KEY_PREFIXES = ("d:", "e:", "s:", "kp:")
_SMALL_LIST = 10_000


def _pairs_of(blocks: Iterable[tuple[str, list[int]]], n: int, max_block: int) -> set[tuple[int, int]]:
    codes: list[np.ndarray] = []
    triangles: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    fuzzy_cap = max_block if n <= _SMALL_LIST else max(2, max_block // 5)
    for key, members in blocks:
        size = len(members)
        if size < 2 or size > max_block or (size > fuzzy_cap and key.startswith(_FUZZY_KEY_PREFIXES)):
            continue
        if size not in triangles:
            triangles[size] = np.triu_indices(size, k=1)
        first, second = triangles[size]
        ids = np.asarray(members, dtype=np.int64)  # members are appended in ascending order
        codes.append(ids[first] * n + ids[second])
    if not codes:
        return set()
    unique = np.unique(np.concatenate(codes))
    return set(zip((unique // n).tolist(), (unique % n).tolist()))
