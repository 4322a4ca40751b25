"""The demo's transfer paths, found by graphkit.analysis.paths with its default model.

Expected paths and probabilities are those in graphkit/demo/STORY.md ("The most likely
transfer path, and the one that runs backwards"); the backwards path's dates are checked
independently in test_demo_story.py.
"""
from __future__ import annotations

import pytest

from graphkit.analysis.paths import likely_paths

ZHENHAI = "Zhenhai Frontier Technologies Co., Ltd."
MAIN = (ZHENHAI, "Sakura Advanced Materials K.K.", "Leon Varga", "佐藤 美咲", "quantum sensing")
BACKWARDS = (ZHENHAI, "松井 秀樹", "佐藤 美咲", "quantum sensing")


def test_time_respecting_top_path_is_the_main_path(graph):
    paths = likely_paths(graph, "Zhenhai Frontier Technologies", "technology:quantum sensing",
                         k=10, time_respecting=True)
    assert paths[0].names == MAIN
    assert paths[0].probability == pytest.approx(0.739, abs=5e-4)
    assert paths[1].probability == pytest.approx(0.691, abs=5e-4)
    assert [h.when for h in paths[0].hops[1:3]] == ["2023-03-14", "2023-03-14"]
    assert all(p.names[1] != "松井 秀樹" for p in paths)  # the backwards path is gone


def test_without_time_order_the_backwards_path_ranks_first(graph):
    paths = likely_paths(graph, "Zhenhai Frontier Technologies", "technology:quantum sensing", k=3)
    assert paths[0].names == BACKWARDS
    assert paths[0].probability == pytest.approx(0.778, abs=5e-4)
    assert paths[1].names == MAIN


def test_each_main_path_hop_cites_its_rows(graph):
    top = likely_paths(graph, "振海前沿科技有限公司", "technology:quantum sensing", k=1,
                       time_respecting=True)[0]
    cited = [{(ev["file"].rsplit("/", 1)[-1], ev["row"]) for ev in hop.evidence} for hop in top.hops]
    assert cited[0] == {("relations.jsonl", 1), ("relations.jsonl", 2)}
    assert {("contacts.csv", 100), ("contacts_jp.csv", 21)} <= cited[1]
    assert cited[2] == {("contacts.csv", 100), ("contacts.csv", 113), ("contacts.csv", 127),
                        ("contacts_jp.csv", 21)}
    assert len(cited[3]) == 13


def test_every_foreign_source_leads_with_the_story_path(graph):
    """Issue 11.4: from every foreign actor the top path is the story's, not only from Zhenhai;
    each listed path's hops cite pairwise distinct rows, and no path that one row states in
    full ranks above one that links rows."""
    import itertools

    paths = likely_paths(graph, "foreign", "technology:quantum sensing", k=10,
                         time_respecting=True, max_hops=6)
    assert paths[0].names == MAIN
    assert paths[0].probability == pytest.approx(0.739, abs=5e-4)
    restated = []
    for path in paths:
        rows = [{(ev["file"], ev["row"]) for ev in hop.evidence} for hop in path.hops]
        assert any(len(set(c)) == len(c) for c in itertools.product(*rows)), path.names
        restated.append(len(rows) >= 2 and bool(set.intersection(*rows)))
    assert restated == sorted(restated)  # linking paths first
    plain = likely_paths(graph, "foreign", "technology:quantum sensing", k=10,
                         time_respecting=True, max_hops=6, distinct_evidence=False)
    assert len(plain[0].hops) == 2 and plain[0].names != MAIN  # what the issue saw
