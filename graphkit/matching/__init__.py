"""Name matching across Japanese, Chinese and Latin scripts: forms, reasons, candidates.

One owner for "are these two names the same actor?", used by ``graphkit duplicates`` and by
screening. It never merges: it proposes candidate pairs with a verdict (``likely``,
``question``, ``unlikely``), a score and the reasons, and a human decides. docs/matching.md
describes the forms, the reasons, the rules and the limits.

>>> from graphkit.matching import find_candidates
>>> [(c.left, c.right, c.match.verdict, c.match.reasons[0].code)
...  for c in find_candidates(["佐藤 美咲", "Misaki Sato", "髙橋 一郎", "高橋 一郎"])]
[(0, 1, 'likely', 'same_romanised_reading_order_swapped'), (2, 3, 'question', 'same_reading_different_kanji')]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from graphkit.matching.blocking import blocking_keys, candidate_pairs
from graphkit.matching.compare import (
    LIKELY,
    QUESTION,
    REASON_TEXTS,
    Match,
    NameRecord,
    Reason,
    compare_names,
    compare_records,
    token_weights,
    verdict_for,
)
from graphkit.matching.forms import DERIVATIONS, NameForm, name_forms, script_of

__all__ = [
    "Candidate",
    "DERIVATIONS",
    "LIKELY",
    "Match",
    "NameForm",
    "NameRecord",
    "QUESTION",
    "REASON_TEXTS",
    "Reason",
    "blocking_keys",
    "candidate_pairs",
    "compare_names",
    "compare_records",
    "find_candidates",
    "name_forms",
    "script_of",
    "token_weights",
    "verdict_for",
]


@dataclass(frozen=True)
class Candidate:
    """A candidate pair: the indexes of the two items and how they match."""

    left: int
    right: int
    match: Match


def find_candidates(items: Sequence[str] | Sequence[NameRecord], kind: str | None = None, *,
                    min_score: float = QUESTION, max_block: int = 100) -> list[Candidate]:
    """Candidate pairs among names or records, scored, with reasons; best first.

    Blocking (:func:`candidate_pairs`) proposes the pairs, :func:`compare_records` scores them
    with word weights from the whole list (:func:`token_weights`); pairs scoring below
    ``min_score`` are left out. Records carry their own kind; plain names get ``kind``.
    """
    records = [NameRecord((item,), (), kind) if isinstance(item, str) else item for item in items]
    weights = token_weights((name for r in records for name in r.names), kind)
    pairs = candidate_pairs([r.names for r in records], kind, max_block=max_block)
    # Records sharing an identifier are compared even when their names share no key.
    by_identifier: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        for token in record.identifiers:
            by_identifier.setdefault(token, []).append(index)
    for members in by_identifier.values():
        if 2 <= len(members) <= max_block:
            pairs |= {(a, b) for i, a in enumerate(members) for b in members[i + 1:]}
    found = []
    for left, right in sorted(pairs):
        match = compare_records(records[left], records[right], weights=weights)
        if match.score >= min_score:
            found.append(Candidate(left, right, match))
    found.sort(key=lambda c: (-c.match.score, c.left, c.right))
    return found
