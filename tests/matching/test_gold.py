"""Precision and recall on the real gold sets in shared/datasets, and blocking completeness."""
from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from graphkit.matching import LIKELY, QUESTION, NameRecord, candidate_pairs, compare_records, find_candidates, token_weights
from graphkit.matching.gold import GoldSet, load_gold_sets, pair_scores, true_pairs

@pytest.fixture(scope="module")
def gold_sets(shared_datasets: Path) -> dict[str, GoldSet]:
    """The gold sets; a missing ../shared/datasets fails (shared_datasets asserts), never skips."""
    return {g.name: g for g in load_gold_sets(shared_datasets)}


def scores(gold: GoldSet, min_score: float):
    found = find_candidates(list(gold.items), gold.kind, min_score=min_score)
    return pair_scores(gold, [(c.left, c.right) for c in found])


def test_gold_sets_have_the_documented_sizes(gold_sets):
    # Counts from each dataset's SOURCE.md.
    assert len(gold_sets["patent_assignees"].items) == 66
    assert len(set(gold_sets["patent_assignees"].entity)) == 22
    assert len(gold_sets["dod_1260h_parents"].items) == 33
    assert len(gold_sets["ndaa_1286"].items) == 197
    assert len(set(gold_sets["putin"].entity)) == 1


# Thresholds: the figures measured in docs/benchmarks.md ("Name matching"), rounded down.
@pytest.mark.parametrize("name, precision, recall", [
    ("nine_eleven", 0.95, 0.90),
    ("ndaa_1286_records", 0.95, 0.95),
    ("dod_1260h_parents", 0.95, 0.85),
    ("putin_latin", 0.95, 0.50),
])
def test_likely_pairs_on_latin_sets(gold_sets, name, precision, recall):
    result = scores(gold_sets[name], LIKELY)
    assert result.precision >= precision
    assert result.recall >= recall


def test_candidates_on_patent_assignees(gold_sets):
    # Subsidiaries of one group: found as questions (shared distinctive word), never likely.
    result = scores(gold_sets["patent_assignees"], QUESTION)
    assert result.precision >= 0.95
    assert result.recall >= 0.35


def test_japanese_english_pairs_are_found_where_rapidfuzz_finds_none(gold_sets):
    from rapidfuzz import fuzz, utils

    gold = gold_sets["meti_jp_en"]
    result = scores(gold, LIKELY)
    assert result.precision >= 0.9
    assert result.correct >= 60
    # rapidfuzz on the same true pairs: not one reaches 90.
    by_entity: dict[str, list[str]] = {}
    for item, entity in zip(gold.items, gold.entity):
        by_entity.setdefault(entity, []).append(item)
    assert not any(fuzz.token_sort_ratio(a, b, processor=utils.default_process) >= 90
                   for names in by_entity.values() for a, b in combinations(names, 2))


def test_simplified_traditional_pairs(gold_sets):
    result = scores(gold_sets["zh_simplified_traditional"], LIKELY)
    assert result.precision >= 0.99 and result.recall >= 0.75


# Gold pairs the full comparison finds but blocking may miss, each explained:
# putin: "Wladimir Putin" and "Władimir Putin" against the Hebrew ולדימיר פוטין, which anyascii
# writes "vldymyr fvtyn" (פ as f): no word, skeleton or one-letter deletion in common.
KNOWN_BLOCKING_MISSES = {"putin": 2}


@pytest.mark.parametrize("name", ["nine_eleven", "dod_1260h_parents", "patent_assignees", "putin", "ndaa_1286"])
def test_blocking_returns_every_gold_pair_the_full_comparison_would(gold_sets, name):
    gold = gold_sets[name]
    records = [NameRecord((item,), (), gold.kind) if isinstance(item, str) else item for item in gold.items]
    weights = token_weights((n for r in records for n in r.names), gold.kind)
    full = {(i, j) for i, j in true_pairs(gold)
            if compare_records(records[i], records[j], weights=weights).score >= QUESTION}
    blocked = candidate_pairs([r.names for r in records], gold.kind)
    assert full, "the full comparison finds gold pairs"
    missed = full - blocked
    assert len(missed) <= KNOWN_BLOCKING_MISSES.get(name, 0), sorted(missed)[:5]
