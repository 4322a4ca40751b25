"""An index of listed names: which entries could a name be, without comparing every pair.

Each entry's names get their blocking keys (:func:`graphkit.matching.blocking_keys`, the
matcher's own keys: whole forms, readings, pinyin, Latin words and their sound skeletons,
katakana skeletons) and its identifiers a key each; a name looked up meets only the entries
sharing a key with it, and :func:`graphkit.matching.compare_records` scores those. Keys held by
more than ``max_block`` entries ("company", "trading") are dropped, as blocking does.
The cost of a look-up is its keys times the (bounded) entries behind each, so screening grows
with the number of actors, not actors times entries.

>>> from graphkit.lists.model import ListEntry
>>> index = NameIndex([ListEntry("l", "l:1", "organisation", ("Semiconductor Manufacturing International Corporation", "SMIC", "中芯国际集成电路制造有限公司"))])
>>> [(e.entry_id, m.verdict) for e, m in index.match(("中芯國際集成電路製造有限公司",), "organisation")]
[('l:1', 'likely')]
"""
from __future__ import annotations

from typing import Iterable, Sequence

from graphkit import schema
from graphkit.lists.model import ListEntry
from graphkit.matching import QUESTION, Match, NameRecord, blocking_keys, compare_records, token_weights

__all__ = ["NameIndex", "WORD_KEYS_NEEDED", "matcher_kind", "kinds_meet"]

_WHOLE_KEYS = ("x:", "r:", "p:", "id:")
WORD_KEYS_NEEDED = 2
"""Words an entry must share with a name to be compared, unless it shares a whole-name key or
a key (a word, its sound skeleton, a spelling variant) that at most two entries hold."""


def matcher_kind(entry_kind: str) -> str | None:
    """The schema kind the matcher compares an entry as (persons and organisations differ in
    legal forms and the comma form); None for vessels and other assets."""
    if entry_kind == "person":
        return str(schema.DEFAULT_ACTOR_KIND)
    if entry_kind == "organisation":
        return str(schema.ORGANISATION_KIND)
    return None


def kinds_meet(actor_kind: str | None, entry_kind: str) -> bool:
    """Whether an actor of ``actor_kind`` may be the listed entity: a person entry is never a
    company node and an organisation entry never a person node; vessels and assets are not
    actors. Other actor kinds (intermediaries) may be either."""
    if entry_kind == "person":
        return actor_kind != schema.ORGANISATION_KIND
    if entry_kind == "organisation":
        return actor_kind != schema.DEFAULT_ACTOR_KIND
    return False


class NameIndex:
    """Blocking keys of every entry's names and identifiers -> the entries holding them."""

    def __init__(self, entries: Sequence[ListEntry], *, max_block: int = 100) -> None:
        self.entries = list(entries)
        keys: dict[str, set[int]] = {}
        for position, entry in enumerate(self.entries):
            kind = matcher_kind(entry.kind)
            if kind is None:
                continue
            for name in entry.names:
                for key in blocking_keys(name, kind):
                    keys.setdefault(key, set()).add(position)
            for identifier in entry.identifiers:
                keys.setdefault("id:" + identifier, set()).add(position)
        fuzzy_cap = max(2, max_block // 5)  # as blocking caps its spelling-variant keys
        self._keys = {key: tuple(sorted(found)) for key, found in keys.items()
                      if len(found) <= (fuzzy_cap if key.startswith(("d:", "e:", "s:", "kp:")) else max_block)}
        self.weights = token_weights(name for entry in self.entries for name in entry.names)

    def candidates(self, names: Iterable[str], kind: str | None, identifiers: Iterable[str] = ()) -> set[int]:
        """Positions of the entries worth comparing with ``names``: sharing an identifier or a
        whole-name key (the whole form, a reading, a pinyin), or at least
        :data:`WORD_KEYS_NEEDED` words, or one key that at most two entries hold.

        One shared common word ("technology", "trading") is not enough: comparing every actor
        with every entry that shares a word would make screening 100,000 actors take an hour.
        """
        found: set[int] = set()
        word_hits: dict[int, int] = {}
        for name in names:
            for key in blocking_keys(name, kind):
                block = self._keys.get(key)
                if not block:
                    continue
                if key.startswith(_WHOLE_KEYS) or len(block) <= 2:
                    found.update(block)
                elif key.startswith(("t:", "k:")):  # a word, or a katakana word's sound (variants not counted again)
                    for position in block:
                        word_hits[position] = word_hits.get(position, 0) + 1
        found.update(p for p, hits in word_hits.items() if hits >= WORD_KEYS_NEEDED)
        for identifier in identifiers:
            found.update(self._keys.get("id:" + identifier, ()))
        return found

    def match(self, names: Sequence[str], entry_kind_or_actor_kind: str | None, identifiers: Sequence[str] = (), *,
              min_score: float = QUESTION) -> list[tuple[ListEntry, Match]]:
        """The entries ``names`` may be, scored by the matcher, best first.

        The second argument is an actor's schema kind (or an entry kind, as in the example).
        """
        kind = matcher_kind(entry_kind_or_actor_kind or "") or entry_kind_or_actor_kind
        record = NameRecord(tuple(names), tuple(identifiers), kind)
        found = []
        for position in self.candidates(names, kind, identifiers):
            entry = self.entries[position]
            if not kinds_meet(kind, entry.kind):
                continue
            match = compare_records(record, NameRecord(entry.names, entry.identifiers, kind), weights=self.weights)
            if match.score >= min_score:
                found.append((entry, match))
        found.sort(key=lambda pair: (-pair[1].score, pair[0].entry_id))
        return found
