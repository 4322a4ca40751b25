"""k most likely paths: against brute-force enumeration of every simple path, against
networkx.shortest_simple_paths (Yen) on the same cost graph, and on hand-checked graphs."""
from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest

from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.analysis.paths import likely_paths, paths_frame
from graphkit.analysis.transfer import transfer_graph
from graphkit.errors import AnalysisError, NotFound
from tests.helpers.paths_graphs import actor, allowed_arcs, link, random_actor_graph

PLAIN = LikelihoodModel(half_life_days=None, reliability_weight=0.0)


def brute_force(G, sources, targets, model):
    """Every simple path from a source to a target (not passing another source or target),
    with the product of the best allowed relation probability per hop, computed here from
    the edges and the documented direction table, independently of transfer_graph."""
    best: dict[tuple, float] = {}
    for pair, _, p, _ in allowed_arcs(G, model):
        best[pair] = max(best.get(pair, 0.0), p)
    U = nx.Graph(list(best))
    found = []
    for s in sources:
        for t in targets:
            if s not in U or t not in U:
                continue
            for path in nx.all_simple_paths(U, s, t):
                inner = set(path[1:-1])
                if inner & (set(sources) | set(targets)):
                    continue
                hops = list(zip(path, path[1:]))
                if all(h in best for h in hops):
                    found.append((math.prod(best[h] for h in hops), tuple(path)))
    found.sort(key=lambda x: -x[0])
    return found


@pytest.mark.parametrize("seed", range(12))
def test_k_paths_equal_brute_force(seed):
    G = random_actor_graph(seed)
    model = LikelihoodModel()
    expected = brute_force(G, ["n0"], ["n7"], model)
    got = likely_paths(G, "n0", "n7", k=1000, model=model)
    assert len(got) == len(expected)
    assert [p.probability for p in got] == pytest.approx([e[0] for e in expected], rel=1e-9)
    # path by path wherever probabilities are distinct
    probs = [e[0] for e in expected]
    for i, (prob, path) in enumerate(expected):
        if probs.count(prob) == 1:
            assert got[i].nodes == path
    assert [p.rank for p in got] == list(range(1, len(got) + 1))


@pytest.mark.parametrize("seed", range(8))
def test_sets_equal_brute_force(seed):
    G = random_actor_graph(100 + seed, nodes=9, edges=20)
    model = LikelihoodModel()
    sources, targets = ["n0", "n1"], ["n7", "n8"]
    expected = brute_force(G, sources, targets, model)
    got = likely_paths(G, sources, targets, k=1000, model=model, distinct_evidence=False)
    assert [p.probability for p in got] == pytest.approx([e[0] for e in expected], rel=1e-9)
    assert {p.nodes for p in got} == {e[1] for e in expected}


@pytest.mark.parametrize("seed", range(8))
def test_astar_agrees_with_networkx_yen(seed):
    G = random_actor_graph(200 + seed, nodes=12, edges=30)
    H = transfer_graph(G, LikelihoodModel())
    reference = list(itertools.islice(nx.shortest_simple_paths(H, "n0", "n11", "cost"), 6)) \
        if nx.has_path(H, "n0", "n11") else []
    ref_costs = [nx.path_weight(H, p, "cost") for p in reference]
    ours = likely_paths(H, "n0", "n11", k=6)
    yen = likely_paths(H, "n0", "n11", k=6, method="yen")
    assert [p.cost for p in ours] == pytest.approx(ref_costs, rel=1e-9, abs=1e-12)
    assert [p.cost for p in yen] == pytest.approx(ref_costs, rel=1e-9, abs=1e-12)
    assert [math.exp(-p.cost) for p in ours] == pytest.approx([p.probability for p in ours])


def test_hand_graph_ranks_and_evidence():
    # A -CONTACTED-> B -INTRODUCED-> D : 0.5 * 0.7 = 0.35
    # A -CONTACTED-> C (3 records: 1 - 0.5**3 = 0.875) -CONTACTED-> D : 0.875 * 0.5 = 0.4375
    G = nx.MultiDiGraph()
    link(G, "a", "b", file="x.csv")
    link(G, "b", "d", "INTRODUCED", file="y.csv")
    link(G, "a", "c", dates=[None, None, None], case="C9")
    link(G, "c", "d")
    paths = likely_paths(G, "A", "D", k=5, model=PLAIN)
    assert [p.names for p in paths] == [("A", "C", "D"), ("A", "B", "D")]
    assert [p.probability for p in paths] == pytest.approx([0.4375, 0.35])
    first = paths[0].hops[0]
    assert first.relation == "CONTACTED" and not first.reversed and first.p == pytest.approx(0.875)
    assert len(first.evidence) == 3 and {e["case"] for e in first.evidence} == {"C9"}
    hop = paths[1].hops[1]
    assert hop.relation == "INTRODUCED" and [e["file"] for e in hop.evidence] == ["y.csv"]
    frame = paths_frame(paths)
    assert list(frame["rank"]) == [1, 1, 2, 2] and list(frame["hop"]) == [1, 2, 1, 2]
    assert frame.loc[2, "evidence"] == [f"x.csv:{G['a']['b']['CONTACTED']['evidence'][0].row}"]


def test_directions_contacts_both_ways_holds_forward_sought_never():
    G = nx.MultiDiGraph()
    actor(G, "q", kind="Technology")
    link(G, "b", "a")               # recorded b -> a, walked a -> b (reversed)
    link(G, "b", "q", "HOLDS", inferred=True)
    link(G, "a", "q", "SOUGHT")     # never walked: otherwise a one-hop "path"
    paths = likely_paths(G, "A", "technology:q", model=PLAIN)
    assert [p.names for p in paths] == [("A", "B", "q")]
    assert paths[0].hops[0].reversed is True
    assert paths[0].probability == pytest.approx(0.5 * 0.63)
    # a technology is a sink: nothing runs from it
    assert likely_paths(G, "technology:q", "A", model=PLAIN) == []
    # SOUGHT can be switched on, and contacts made one-way
    sought = likely_paths(G, "A", "technology:q", model=PLAIN, directions={"SOUGHT": "forward"})
    assert sought[0].names == ("A", "q")
    assert likely_paths(G, "A", "B", model=PLAIN, directions={"CONTACTED": "forward"}) == []


def test_best_relation_per_pair():
    G = nx.MultiDiGraph()
    link(G, "a", "b", "CONTACTED")
    link(G, "a", "b", "TRANSFERRED")
    (path,) = likely_paths(G, "A", "B", model=PLAIN)
    assert path.hops[0].relation == "TRANSFERRED" and path.probability == pytest.approx(0.9)


def test_max_hops_and_errors():
    G = nx.MultiDiGraph()
    for u, v in [("a", "b"), ("b", "c"), ("c", "d"), ("a", "e"), ("e", "d")]:
        link(G, u, v)
    assert [p.names for p in likely_paths(G, "A", "D", model=PLAIN, max_hops=2)] == [("A", "E", "D")]
    assert len(likely_paths(G, "A", "D", model=PLAIN)) == 2
    with pytest.raises(NotFound, match="did you mean 'A'"):
        likely_paths(G, "Aa", "D")
    with pytest.raises(AnalysisError):
        likely_paths(G, "A", "A")
    with pytest.raises(AnalysisError):
        likely_paths(G, "A", "D", k=0)
    with pytest.raises(AnalysisError):
        likely_paths(G, "A", "D", max_gap_days=3)
    with pytest.raises(AnalysisError):
        likely_paths(G, "A", "D", time_respecting=True, method="yen")
    with pytest.raises(AnalysisError, match="gave up"):
        likely_paths(G, "A", "D", max_expansions=1)


def test_selectors():
    from graphkit.analysis.selection import resolve_selector

    G = nx.MultiDiGraph()
    actor(G, "li", foreign=True, aliases=["李 伟"], cases=["K1"])
    actor(G, "sony", kind="Company", foreign=False, cases=["K1", "K2"])
    G.nodes["sony"]["name"] = "ソニー"
    actor(G, "yamada", foreign=False, cases=["K2"])
    G.nodes["yamada"]["name"] = "Yamada Taro"
    actor(G, "quantum sensing", kind="Technology")
    assert resolve_selector(G, "foreign") == {"li"}
    assert resolve_selector(G, "domestic") == {"sony", "yamada"}
    assert resolve_selector(G, "case:K2") == {"sony", "yamada"}
    assert resolve_selector(G, 'technology:"QUANTUM  sensing"') == {"quantum sensing"}
    assert resolve_selector(G, "technology:*") == {"quantum sensing"}
    assert resolve_selector(G, "李伟") == {"li"}                 # alias, spaces folded
    assert resolve_selector(G, "ｿﾆｰ(株)") == {"sony"}            # the loaders' identity key
    assert resolve_selector(G, "ＹＡＭＡＤＡ　taro") == {"yamada"}
    assert resolve_selector(G, '"Yamada Taro",li') == {"yamada", "li"}
    assert resolve_selector(G, "company:ソニー") == {"sony"}
    with pytest.raises(NotFound, match="no Person node|no node"):
        resolve_selector(G, "person:ソニー")
    with pytest.raises(NotFound, match="did you mean 'K2', 'K1'"):
        resolve_selector(G, "case:K3")
    with pytest.raises(NotFound, match="did you mean 'Yamada Taro'"):
        resolve_selector(G, "Yamada Tar")


@pytest.mark.parametrize("seed", range(6))
def test_yen_on_sets_and_max_hops_equal_brute_force(seed):
    G = random_actor_graph(400 + seed, nodes=9, edges=22)
    model = LikelihoodModel()
    sources, targets = ["n0", "n1"], ["n7", "n8"]
    expected = brute_force(G, sources, targets, model)
    yen = likely_paths(G, sources, targets, k=1000, model=model, method="yen",
                       distinct_evidence=False)
    assert [p.probability for p in yen] == pytest.approx([e[0] for e in expected], rel=1e-9)
    short = [e for e in expected if len(e[1]) - 1 <= 3]
    capped = likely_paths(G, sources, targets, k=1000, model=model, max_hops=3,
                          distinct_evidence=False)
    assert [p.probability for p in capped] == pytest.approx([e[0] for e in short], rel=1e-9)
    assert all(len(p.hops) <= 3 for p in capped)
