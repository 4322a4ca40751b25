"""Cut points on hand graphs (expected values worked out by hand, networkx cross-checks)."""
from __future__ import annotations

import networkx as nx
import pytest

from graphkit.analysis import cuts
from graphkit.errors import AnalysisError
from tests.helpers.cut_graphs import approach_graph


def test_holders_and_foreign_sets():
    G = approach_graph()
    assert cuts.technology_holders(G) == {"lab1", "lab2"}
    assert cuts.technology_holders(G, ["other"]) == set()
    assert cuts.foreign_actors(G) == {"agent1", "agent2"}


def test_minimum_vertex_cut_is_the_fixer():
    result = cuts.minimum_vertex_cut(approach_graph())
    # Every chain from an agent passes the fixer; no single other actor separates both labs.
    assert result.cut == {"fixer"} and result.connected


def test_cut_needs_two_actors_when_a_second_route_exists():
    G = approach_graph()
    G.add_edge("agent2", "prof", key="CONTACTED", relation="CONTACTED")
    # Routes: agent1-fixer-..., agent2-prof-lab2 avoids the fixer. By hand: {fixer, prof}
    # or {fixer, lab2} or {fixer, agent2} all have size 2; the size is what is certain.
    result = cuts.minimum_vertex_cut(G)
    assert len(result.cut) == 2
    H = cuts.contact_graph(G)
    H.remove_nodes_from(result.cut)
    assert not any(nx.has_path(H, a, h) for a in ("agent1", "agent2") if a in H for h in ("lab1", "lab2") if h in H)


def test_no_chain_means_no_cut_and_overlap_is_reported():
    G = approach_graph()
    G.nodes["lab1"]["foreign"] = True  # a foreign-owned lab holding the technology
    result = cuts.minimum_vertex_cut(G)
    assert result.overlap == {"lab1"}
    G2 = nx.DiGraph()
    G2.add_node("a", foreign=True)
    G2.add_node("b", foreign=False)
    assert cuts.minimum_vertex_cut(G2, ["a"], ["b"]).connected is False


def test_unknown_actor_is_an_error():
    with pytest.raises(AnalysisError):
        cuts.minimum_vertex_cut(approach_graph(), ["nobody"], ["lab1"])


def test_articulation_points_and_bridges_match_networkx():
    G = approach_graph()
    # Technology left out: the undirected actor graph is agent1-fixer, agent2-fixer,
    # fixer-lab1, fixer-prof, prof-lab2, fixer-lab2: only the fixer is a cut vertex.
    assert cuts.articulation_points(G) == {"fixer"}
    assert cuts.bridges(G) == [("agent1", "fixer"), ("agent2", "fixer"), ("fixer", "lab1")]
    for graph in (nx.karate_club_graph(), nx.florentine_families_graph(), nx.barabasi_albert_graph(300, 1, seed=2)):
        assert cuts.articulation_points(graph) == set(nx.articulation_points(graph))


def test_split_off_counts_the_separated_actors():
    G = approach_graph()
    parts = cuts.split_off(G, "fixer")
    assert sorted(map(sorted, parts)) == [["agent1"], ["agent2"], ["lab1"]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_split_off_with_a_shared_contact_matrix_equals_networkx_components(seed):
    from graphkit.analysis.cuts import contact_matrix, split_off

    G = nx.MultiDiGraph(nx.gnp_random_graph(120, 0.02, seed=seed, directed=True))
    G.add_node("tech", kind="Technology")
    G.add_edge(0, "tech", key="HOLDS", relation="HOLDS")  # a technology is not a contact
    contacts = contact_matrix(G)
    U = nx.Graph(G.to_undirected())
    U.remove_node("tech")
    U.remove_edges_from(nx.selfloop_edges(U))
    for node in list(U)[:40]:
        rest = U.copy()
        rest.remove_node(node)
        touching = [c for c in nx.connected_components(rest) if c & set(U[node])]
        want = sorted(map(sorted, sorted(touching, key=len, reverse=True)[1:]))
        got = split_off(G, node, contacts)
        assert sorted(map(sorted, got)) == want or len(touching) > 1 and sorted(map(len, got)) == sorted(map(len, sorted(touching, key=len, reverse=True)[1:]))
        assert split_off(G, node) == got
