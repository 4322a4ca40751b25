"""Without the compiled engine (macOS has no NetworKit wheel) every measure falls back to networkx.

``GRAPHKIT_ENGINE=networkx`` selects the fallback path of the real code; results must equal
the engine's (and networkx's, which is what the fallback calls).
"""
from __future__ import annotations

import networkx as nx
import pytest

from graphkit.analysis import engine
from graphkit.analysis.brokers import broker_table
from graphkit.analysis.centrality import betweenness, pagerank

from tests.helpers.cut_graphs import approach_graph


@pytest.fixture
def fallback(monkeypatch):
    monkeypatch.setenv("GRAPHKIT_ENGINE", "networkx")
    assert not engine.available()
    assert engine.describe().endswith("(fallback)")


def test_betweenness_fallback_exact_and_sampled(fallback):
    G = nx.karate_club_graph()
    scores, info = betweenness(G, exact=True)
    assert info["method"] == "exact" and info["engine"].startswith("networkx")
    assert max(abs(scores[n] - nx.betweenness_centrality(G)[n]) for n in G) < 1e-12
    D = nx.gnp_random_graph(60, 0.08, seed=1, directed=True)
    _, info = betweenness(D, exact=False, seed=2)
    assert info["method"] == "sources" and info["sample"] == 60 and info["seed"] == 2


def test_pagerank_louvain_articulation_fallback_match_engine(monkeypatch):
    G = nx.karate_club_graph()
    with_engine = (pagerank(G), engine.articulation_points(G))
    monkeypatch.setenv("GRAPHKIT_ENGINE", "networkx")
    without = (pagerank(G), engine.articulation_points(G))
    assert max(abs(with_engine[0][n] - without[0][n]) for n in G) < 1e-8
    assert with_engine[1] == without[1] == set(nx.articulation_points(G))
    two_cliques = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    two_cliques.add_edge(0, 5)
    assert sorted(map(sorted, engine.louvain(two_cliques, seed=3))) == [list(range(5)), list(range(5, 10))]


def test_broker_table_without_engine(fallback):
    table = broker_table(approach_graph())
    assert table.iloc[0]["id"] == "fixer"
    assert table.attrs["engine"].endswith("(fallback)")
