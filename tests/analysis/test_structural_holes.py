"""Burt's constraint and effective size against a per-node reference written from the definition.

Reference: Burt (1992), *Structural Holes*, ch. 2, as written in networkx's docstrings:
p_ij = (a_ij + a_ji) / sum_k (a_ik + a_ki); m_jq = (a_jq + a_qj) / max_k (a_jk + a_kj);
c_i = sum_{j in N(i)} (p_ij + sum_{q != i,j} p_iq p_qj)^2;
e_i = sum_{j in N(i)} (1 - sum_{q != i,j} p_iq m_jq).
"""
from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graphkit.analysis import structural_holes as sh


def _a(G, u, v, weight):
    if not G.has_edge(u, v):
        return 0.0
    return float(G[u][v].get(weight, 1)) if weight else 1.0


def reference(G, weight=None):
    """Slow, obviously-correct: loops over the definition for every node."""
    nodes = list(G)

    def s(i, j):
        return 0.0 if i == j else _a(G, i, j, weight) + _a(G, j, i, weight)

    def neighbours(i):
        return [j for j in nodes if j != i and s(i, j) > 0]

    def p(i, j):
        total = sum(s(i, k) for k in nodes)
        return s(i, j) / total if total else 0.0

    def m(j, q):
        largest = max(s(j, k) for k in nodes)
        return s(j, q) / largest if largest else 0.0

    constraint, effective = {}, {}
    for i in nodes:
        N = neighbours(i)
        if not N:
            constraint[i] = effective[i] = math.nan
            continue
        constraint[i] = sum(
            (p(i, j) + sum(p(i, q) * p(q, j) for q in nodes if q not in (i, j))) ** 2 for j in N
        )
        effective[i] = sum(1 - sum(p(i, q) * m(j, q) for q in nodes if q not in (i, j)) for j in N)
    return constraint, effective


def weighted(G, seed):
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["contacts"] = rng.randint(1, 6)
    return G


GRAPHS = {
    "undirected": lambda: nx.gnp_random_graph(25, 0.2, seed=1),
    "directed": lambda: nx.gnp_random_graph(25, 0.15, seed=2, directed=True),
    "weighted undirected": lambda: weighted(nx.gnp_random_graph(25, 0.2, seed=3), 3),
    "weighted directed": lambda: weighted(nx.gnp_random_graph(25, 0.15, seed=4, directed=True), 4),
    "with isolate": lambda: nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)]).copy(),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_matches_the_definition(name):
    G = GRAPHS[name]()
    G.add_node("isolated")
    weight = "contacts" if name.startswith("weighted") else None
    ours = sh.structural_holes(G, weight=weight)
    c_ref, e_ref = reference(G, weight)
    for node in G:
        for got, want in ((ours["constraint"][node], c_ref[node]), (ours["effective_size"][node], e_ref[node])):
            if math.isnan(want):
                assert math.isnan(got)
            else:
                assert got == pytest.approx(want, abs=1e-12), node


def test_hand_checked_star_and_triangle():
    # Star centre with 3 leaves: p = 1/3 each, no indirect ties -> c = 3 * (1/3)^2 = 1/3,
    # effective size = 3 (no redundancy); a leaf: c = 1, e = 1 (Burt 1992, p. 55).
    star = sh.structural_holes(nx.star_graph(3))
    assert star["constraint"][0] == pytest.approx(1 / 3)
    assert star["effective_size"][0] == pytest.approx(3.0)
    assert star["constraint"][1] == pytest.approx(1.0)
    # Triangle: p = 1/2, indirect 1/4 -> c = 2 * (3/4)^2 = 1.125; e = 2 - 2*(1/2) = 1.
    tri = sh.structural_holes(nx.complete_graph(3))
    assert tri["constraint"][0] == pytest.approx(1.125)
    assert tri["effective_size"][0] == pytest.approx(1.0)


@pytest.mark.parametrize("G", [nx.karate_club_graph(), nx.florentine_families_graph()], ids=["karate", "florentine"])
def test_agrees_with_networkx_unweighted(G):
    ours = sh.structural_holes(G)
    want_c = nx.constraint(G)
    want_e = nx.effective_size(G)
    for node in G:
        assert ours["constraint"][node] == pytest.approx(want_c[node], abs=1e-12)
        assert ours["effective_size"][node] == pytest.approx(want_e[node], abs=1e-12)


def test_networkx_weighted_effective_size_deviates_from_the_definition():
    # networkx 3.x divides m_jq by the maximum of the wrong node (column instead of row) on
    # its all-nodes path; on a weighted graph its result leaves the definition, ours does not.
    G = nx.Graph()
    G.add_edge("a", "b", contacts=1)
    G.add_edge("b", "c", contacts=5)
    G.add_edge("a", "c", contacts=1)
    G.add_edge("c", "d", contacts=1)
    _, e_ref = reference(G, "contacts")
    ours = sh.effective_size(G, weight="contacts")
    theirs = nx.effective_size(G, weight="contacts")
    worst_ours = max(abs(ours[n] - e_ref[n]) for n in G)
    worst_theirs = max(abs(theirs[n] - e_ref[n]) for n in G)
    assert worst_ours < 1e-12
    assert worst_theirs > 0.05, theirs


def test_multigraph_relations_add_up():
    M = nx.MultiDiGraph()
    M.add_edge("a", "b", key="CONTACTED", contacts=2)
    M.add_edge("a", "b", key="INTRODUCED", contacts=1)
    M.add_edge("b", "c", key="CONTACTED", contacts=1)
    D = nx.DiGraph([("a", "b", {"contacts": 3}), ("b", "c", {"contacts": 1})])
    assert sh.constraint(M, weight="contacts") == pytest.approx(sh.constraint(D, weight="contacts"))


def test_no_dense_matrix_on_a_large_sparse_graph():
    # 50k nodes: a dense float matrix would need 20 GB; the sparse path runs in little memory.
    import tracemalloc

    G = nx.barabasi_albert_graph(50_000, 2, seed=1)
    tracemalloc.start()
    sh.structural_holes(G)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 500 * 2**20, peak
