"""Louvain communities and ego networks: hand graphs, networkx agreement, reproducibility, and
Padgett's Florentine marriage network (../shared/datasets/padgett_florentine)."""
from __future__ import annotations

import csv

import networkx as nx
import pytest

from graphkit.analysis.communities import (communities, communities_frame, ego_network,
                                           ego_frame, louvain, louvain_input)
from graphkit.errors import AnalysisError, NotFound
from tests.helpers.paths_graphs import actor, link


def florentine(shared_datasets) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    with open(shared_datasets / "padgett_florentine" / "flo_marriage_edges.csv", newline="") as f:
        for row in csv.DictReader(f):
            for n in (row["source"], row["target"]):
                G.add_node(n, kind="Company", name=n)
            G.add_edge(row["source"], row["target"], key="CONTACTED", relation="CONTACTED",
                       contacts=1)
    return G


def two_triangles() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for u, v in [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"),
                 ("c", "x")]:
        link(G, u, v)
    actor(G, "tech", kind="Technology")
    link(G, "a", "tech", "HOLDS")
    link(G, "x", "tech", "HOLDS")
    return G


@pytest.mark.parametrize("engine", ["networkx", "networkit"])
def test_two_triangles_split_at_the_bridge(engine):
    result = louvain(two_triangles(), seed=0, engine=engine)
    m = result.membership
    assert m["a"] == m["b"] == m["c"] != m["x"] == m["y"] == m["z"]
    assert "tech" not in m  # technologies are left out by default
    # modularity by hand: 7 edges, each triangle: L_c = 3, degree sum 7 ->
    # 2 * (3/7 - (7/14)**2) = 6/7 - 1/2 = 0.357142...
    assert result.modularity == pytest.approx(6 / 7 - 0.5)
    assert result.count == 2 and result.engine == engine


def test_weights_are_contacts_summed_over_relations_and_directions():
    G = nx.MultiDiGraph()
    link(G, "a", "b", dates=[None, None])
    link(G, "b", "a", "INTRODUCED")
    U = louvain_input(G)
    assert U["a"]["b"]["weight"] == 3


def test_reproducible_and_equal_to_networkx(shared_datasets):
    G = florentine(shared_datasets)
    first = louvain(G, seed=0, engine="networkx")
    assert louvain(G, seed=0, engine="networkx").membership == first.membership
    assert louvain(G, seed=0, engine="networkit").membership == louvain(
        G, seed=0, engine="networkit").membership
    U = louvain_input(G)
    reference = nx.community.louvain_communities(U, weight="weight", seed=0)
    assert {frozenset(p) for p in reference} == {
        frozenset(n for n, c in first.membership.items() if c == k) for k in range(first.count)}
    assert first.modularity == pytest.approx(nx.community.modularity(U, reference))
    assert communities(G, seed=0, engine="networkx") == first.membership


def test_florentine_oligarchs_apart_from_the_medici(shared_datasets):
    # Padgett & Ansell (1993): the oligarch core (Strozzi, Peruzzi, Castellani, Bischeri) and
    # the Medici party are separate blocs; Louvain on the marriage network finds that core.
    G = florentine(shared_datasets)
    for engine in ("networkx", "networkit"):
        m = louvain(G, seed=0, engine=engine).membership
        core = {n for n in m if m[n] == m["Strozzi"]}
        assert core == {"Strozzi", "Peruzzi", "Castellani", "Bischeri"}
        assert m["Medici"] != m["Strozzi"]


def test_engines_reach_similar_modularity_on_planted_partition():
    P = nx.planted_partition_graph(4, 25, 0.5, 0.01, seed=4)
    G = nx.MultiDiGraph()
    for u, v in P.edges:
        link(G, str(u), str(v))
    planted = {frozenset(str(n) for n in range(25 * i, 25 * i + 25)) for i in range(4)}
    for engine in ("networkx", "networkit"):
        m = louvain(G, seed=0, engine=engine).membership
        found = {frozenset(n for n in m if m[n] == c) for c in set(m.values())}
        assert found == planted


def test_frame_and_bad_parameters():
    result = louvain(two_triangles(), seed=0)
    frame = communities_frame(two_triangles(), result)
    assert list(frame["community"]) == [0, 0, 0, 1, 1, 1] and set(frame["size"]) == {3}
    with pytest.raises(AnalysisError):
        louvain(two_triangles(), resolution=0)
    with pytest.raises(AnalysisError):
        louvain(two_triangles(), engine="igraph")


def test_ego_network_depths_and_directions():
    G = nx.MultiDiGraph()
    link(G, "a", "b")
    link(G, "c", "b")        # reached from a at depth 2 against the edge direction
    link(G, "c", "d")
    link(G, "d", "e")
    assert set(ego_network(G, "A", depth=0)) == {"a"}
    assert set(ego_network(G, "A", depth=1)) == {"a", "b"}
    ego = ego_network(G, "A", depth=2)
    assert set(ego) == {"a", "b", "c"}
    assert dict(ego.nodes(data="ego_distance")) == {"a": 0, "b": 1, "c": 2}
    assert ego.number_of_edges() == 2 and isinstance(ego, nx.MultiDiGraph)
    assert ego["a"]["b"]["CONTACTED"]["evidence"] == G["a"]["b"]["CONTACTED"]["evidence"]
    both = ego_network(G, ["A", "E"], depth=1)
    assert set(both) == {"a", "b", "d", "e"}
    assert list(ego_frame(ego)["distance"]) == [0, 1, 2]
    with pytest.raises(NotFound):
        ego_network(G, "Nobody")
    with pytest.raises(AnalysisError):
        ego_network(G, "A", depth=-1)


def test_florentine_ego_of_medici_matches_networkx(shared_datasets):
    G = florentine(shared_datasets)
    for depth in (1, 2):
        expected = nx.ego_graph(G.to_undirected(), "Medici", radius=depth)
        assert set(ego_network(G, "Medici", depth=depth)) == set(expected)


@pytest.mark.parametrize("resolution", [0.5, 1.0, 2.0])
def test_modularity_equals_networkx(shared_datasets, resolution):
    from graphkit.analysis.communities import modularity

    G = florentine(shared_datasets)
    U = louvain_input(G)
    U["Medici"]["Tornabuoni"]["weight"] = 3.0  # a weighted edge too
    membership = louvain(G, seed=0, resolution=resolution, engine="networkx").membership
    parts = [{n for n in membership if membership[n] == c} for c in set(membership.values())]
    expected = nx.community.modularity(U, parts, weight="weight", resolution=resolution)
    assert modularity(U, membership, resolution) == pytest.approx(expected, abs=1e-12)


def test_technologies_join_only_when_asked():
    G = two_triangles()
    assert "tech" not in louvain_input(G)
    U = louvain_input(G, include_technology=True)
    assert U["a"]["tech"]["weight"] == 1 and U["x"]["tech"]["weight"] == 1
    assert "tech" in louvain(G, include_technology=True).membership
