"""Betweenness, degree and PageRank against networkx (the reference)."""
from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graphkit.analysis import engine
from graphkit.analysis.centrality import betweenness, contact_cost, degree, pagerank
from graphkit.errors import AnalysisError


def _max_diff(a, b):
    assert a.keys() == b.keys()
    return max(abs(a[k] - b[k]) for k in a)


def _weighted(G, seed, attr="cost"):
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v][attr] = rng.choice([0.5, 1.0, 1.5, 2.0, 1 / 3])
    return G


GRAPHS = {
    "karate": lambda: nx.karate_club_graph(),
    "directed": lambda: nx.gnp_random_graph(150, 0.03, seed=1, directed=True),
    "disconnected": lambda: nx.disjoint_union(nx.path_graph(7), nx.star_graph(5)),
    "weighted": lambda: _weighted(nx.gnp_random_graph(120, 0.05, seed=2), 2),
    "weighted directed": lambda: _weighted(nx.gnp_random_graph(120, 0.05, seed=3, directed=True), 3),
    "string nodes": lambda: nx.relabel_nodes(nx.les_miserables_graph(), str),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("normalized", [True, False])
def test_exact_betweenness_equals_networkx(name, normalized):
    G = GRAPHS[name]()
    weight = "cost" if name.startswith("weighted") else None
    ours, info = betweenness(G, weight=weight, normalized=normalized, exact=True)
    want = nx.betweenness_centrality(G, weight=weight, normalized=normalized)
    assert info["method"] == "exact"
    assert _max_diff(ours, want) < 1e-9


def test_exact_is_default_on_small_graphs_and_tiny_graphs_are_zero():
    scores, info = betweenness(nx.path_graph(5))
    assert info["method"] == "exact" and scores[2] == pytest.approx(4 / 6)
    assert betweenness(nx.Graph([(1, 2)]))[0] == {1: 0.0, 2: 0.0}


def test_multigraph_uses_the_cheapest_parallel_edge():
    M = nx.MultiGraph()
    M.add_edge("a", "b", cost=5.0)
    M.add_edge("a", "b", cost=1.0)
    M.add_edge("b", "c", cost=1.0)
    M.add_edge("a", "c", cost=2.5)
    ours, _ = betweenness(M, weight="cost", exact=True)
    assert _max_diff(ours, nx.betweenness_centrality(M, weight="cost")) < 1e-12
    assert ours["b"] == pytest.approx(1.0)  # a-b-c costs 2 < 2.5


def test_undirected_view_of_a_directed_graph():
    D = nx.DiGraph([(1, 2), (3, 2)])
    ours, info = betweenness(D, directed=False, exact=True)
    assert ours[2] == pytest.approx(1.0) and info["directed"] is False
    assert betweenness(D, exact=True)[0][2] == 0.0


def test_contact_cost_makes_frequent_contacts_closer():
    G = nx.Graph()
    G.add_edge("a", "b", contacts=10)
    G.add_edge("b", "c", contacts=10)
    G.add_edge("a", "c", contacts=1)
    ours, _ = betweenness(G, weight=contact_cost, exact=True)
    assert ours["b"] == pytest.approx(1.0)  # 0.1 + 0.1 < 1


def _top(scores, k=50):
    return set(sorted(scores, key=lambda n: (-scores[n], str(n)))[:k])


@pytest.mark.parametrize("kwargs", [{}, {"method": "kadabra"}], ids=["sources", "kadabra"])
def test_approximate_top50_agrees_with_exact(kwargs):
    G = nx.barabasi_albert_graph(3000, 3, seed=11)
    exact, _ = betweenness(G, exact=True)
    approx, info = betweenness(G, exact=False, seed=5, **kwargs)
    assert info["method"] == kwargs.get("method", "sources")
    assert info["sample"] >= 1024 and info["seed"] == 5 and info["delta"] == 0.1
    if kwargs:
        assert info["error_bound"] == pytest.approx(0.01 * 3000 / 2998)  # KADABRA bounds the pair fraction f; networkx scale is f n/(n-2)
        assert info["epsilon"] == 0.01
    else:
        # Hoeffding + union bound over 3,000 nodes for 1,024 sources: 3000/2999 * sqrt(ln(6e4/0.1)/2048)
        assert info["error_bound"] == pytest.approx(3000 / 2999 * math.sqrt(math.log(2 * 3000 / 0.1) / 2048))
    assert _max_diff(approx, exact) <= info["error_bound"]
    overlap = len(_top(exact) & _top(approx)) / 50
    assert overlap >= 0.9, overlap
    # Scores are on networkx's scale, not merely in the same order.
    top = max(exact, key=exact.get)
    assert approx[top] == pytest.approx(exact[top], rel=0.15)


def test_source_sampling_is_unbiased():
    # The mean over many seeds of the sampled estimate approaches the exact score.
    G = nx.les_miserables_graph()
    exact, _ = betweenness(G, exact=True)
    runs = [betweenness(G, exact=False, sample=10, seed=seed)[0] for seed in range(400)]
    mean = {n: sum(run[n] for run in runs) / len(runs) for n in G}
    top = max(exact, key=exact.get)
    assert mean[top] == pytest.approx(exact[top], rel=0.05)
    assert _max_diff(mean, exact) < 0.03


def test_approximation_repeats_for_a_seed_and_changes_with_it():
    G = nx.barabasi_albert_graph(2000, 2, seed=3)
    first, info = betweenness(G, exact=False, sample=200, seed=9)
    again, _ = betweenness(G, exact=False, sample=200, seed=9)
    other, _ = betweenness(G, exact=False, sample=200, seed=10)
    assert first == again and first != other and info["sample"] == 200


def test_directed_graphs_sample_sources_in_the_kernel_weighted_ones_in_networkit():
    D = nx.gnp_random_graph(300, 0.02, seed=4, directed=True)
    _, info = betweenness(D, exact=False)
    assert info["method"] == "sources" and info["sample"] == 300 and info["error_bound"] == 0.0
    assert info["engine"].startswith("graphkit Brandes kernel")
    W = _weighted(nx.gnp_random_graph(300, 0.02, seed=4), 4)
    _, info = betweenness(W, weight="cost", exact=False, sample=100)
    assert info["method"] == "sources" and info["error_bound"] is None and info["engine"].startswith("networkit")


def test_bad_approximation_requests_are_clear_errors():
    G = nx.path_graph(5)
    with pytest.raises(AnalysisError, match="unknown approximation"):
        betweenness(G, method="rk")
    with pytest.raises(AnalysisError, match="KADABRA needs"):
        betweenness(nx.DiGraph(G), method="kadabra")
    with pytest.raises(AnalysisError, match="positive number"):
        betweenness(G, sample=0)
    with pytest.raises(AnalysisError, match="undirected graph"):
        betweenness(G, directed=True)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_kernel_thread_counts_agree(threads):
    G = nx.barabasi_albert_graph(600, 3, seed=8)
    want = nx.betweenness_centrality(G)
    before = engine.threads()
    engine.configure_threads(threads)
    try:
        ours, _ = betweenness(G, exact=True)
    finally:
        engine.configure_threads(before)
    assert _max_diff(ours, want) < 1e-12


def test_degree_counts_distinct_neighbours():
    M = nx.MultiDiGraph([(1, 2), (1, 2), (3, 1), (1, 1)])
    assert degree(M)[1] == {"degree": 2, "in_degree": 1, "out_degree": 1}


@pytest.mark.parametrize("directed", [True, False])
def test_pagerank_matches_networkx(directed):
    G = nx.gnp_random_graph(200, 0.03, seed=7, directed=directed)
    for u, v in G.edges():
        G[u][v]["contacts"] = (u + v) % 4 + 1
    for weight in (None, "contacts"):
        ours = pagerank(G, weight=weight)
        want = nx.pagerank(G, weight=weight, tol=1e-12)
        assert _max_diff(ours, want) < 1e-8


def test_pagerank_adds_parallel_relations_like_networkx():
    M = nx.MultiDiGraph([(1, 2), (1, 2), (2, 3), (3, 1), (1, 3)])
    assert _max_diff(pagerank(M), nx.pagerank(M, tol=1e-12)) < 1e-8


def test_engine_maps_nodes_back():
    G = nx.DiGraph([("z", "a"), ("a", "m")])
    g, nodes = engine.to_networkit(G)
    assert nodes == ["z", "a", "m"] and g.hasEdge(0, 1) and g.hasEdge(1, 2) and not g.hasEdge(1, 0)


def test_louvain_is_seeded_and_finds_planted_groups():
    G = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    G.add_edge(0, 6)
    first = engine.louvain(G, seed=1)
    assert first == engine.louvain(G, seed=1)
    assert sorted(map(sorted, first)) == [list(range(6)), list(range(6, 12))]
