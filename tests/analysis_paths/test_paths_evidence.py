"""Paths rest on distinct evidence per hop and paths that link records rank first (issue 11,
item 4): against a brute force that applies the same rules by plain enumeration, and on the
demo (graphkit/demo/STORY.md) where the story path must lead for every foreign source."""
from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest

from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.analysis.paths import likely_paths
from graphkit.analysis.temporal import DEFAULT_STANDING
from tests.helpers.paths_graphs import actor, allowed_arcs, days_feasible, link, random_shared_records_graph, record_days

PLAIN = LikelihoodModel(half_life_days=None, reliability_weight=0.0)


def distinct_records(record_sets) -> bool:
    """Whether each hop can cite a record of its own: every choice of one record per hop."""
    return any(len(set(choice)) == len(choice) for choice in itertools.product(*record_sets))


def evidence_brute_force(G, sources, targets, model, *, temporal=False, gap=None):
    """Every simple path from a source to a target (no other target inside), each with its
    most likely choice of relation per hop among those whose hops can cite pairwise distinct
    records (and, when ``temporal``, be dated in order); a path through another source only
    where the part from it is stated by one record and the hops before it run as recorded.
    Sorted: paths that link records (no one record supports every hop of a 2+ hop path)
    first, then by probability. Returns (probability, nodes, restates) triples."""
    arcs: dict[tuple, list] = {}
    for pair, reversed_, p, data in allowed_arcs(G, model):
        records = frozenset(e.record_id for e in data["evidence"])
        days = record_days([e.date for e in data["evidence"] if e.date])
        standing = data["relation"] in DEFAULT_STANDING
        arcs.setdefault(pair, []).append((p, records, reversed_, standing, days))
    U = nx.Graph(list(arcs))
    found = []
    for s in sources:
        for t in targets:
            if s not in U or t not in U:
                continue
            for path in nx.all_simple_paths(U, s, t):
                if set(path[1:-1]) & set(targets):
                    continue
                hops = list(zip(path, path[1:]))
                if not all(h in arcs for h in hops):
                    continue
                best = None
                for combo in itertools.product(*(arcs[h] for h in hops)):
                    if not distinct_records([c[1] for c in combo]):
                        continue
                    if temporal and not days_feasible([(c[3], c[4]) for c in combo], gap):
                        continue
                    p = math.prod(c[0] for c in combo)
                    if best is None or p > best[0]:
                        best = (p, combo)
                if best is None:
                    continue
                p, combo = best

                def one_record(part):
                    return bool(frozenset.intersection(*(c[1] for c in part)))

                if any(node in sources and not (one_record(combo[j:])
                                                and not any(c[2] for c in combo[:j]))
                       for j, node in enumerate(path[1:-1], start=1)):
                    continue
                found.append((p, tuple(path), len(combo) >= 2 and one_record(combo)))
    found.sort(key=lambda x: (x[2], -x[0]))
    return found


@pytest.mark.parametrize("seed", range(12))
def test_distinct_evidence_equals_brute_force(seed):
    G = random_shared_records_graph(seed)
    model = LikelihoodModel()
    expected = evidence_brute_force(G, ["n0", "n1"], ["t"], model)
    got = likely_paths(G, ["n0", "n1"], ["t"], k=1000, model=model)
    assert [p.probability for p in got] == pytest.approx([e[0] for e in expected], rel=1e-9)
    assert {p.nodes for p in got} == {e[1] for e in expected}
    # k-best: the first k of the same order
    top = likely_paths(G, ["n0", "n1"], ["t"], k=3, model=model)
    assert [p.probability for p in top] == pytest.approx([e[0] for e in expected[:3]], rel=1e-9)


@pytest.mark.parametrize("gap", [None, 90])
@pytest.mark.parametrize("seed", range(8))
def test_distinct_evidence_time_respecting_equals_brute_force(seed, gap):
    G = random_shared_records_graph(50 + seed, rows=16)
    model = LikelihoodModel()
    expected = evidence_brute_force(G, ["n0", "n1"], ["t"], model, temporal=True, gap=gap)
    got = likely_paths(G, ["n0", "n1"], ["t"], k=1000, model=model, time_respecting=True,
                       max_gap_days=gap)
    assert [p.probability for p in got] == pytest.approx([e[0] for e in expected], rel=1e-9)


def test_the_rules_bite_on_the_random_graphs():
    """The brute force differs from plain ranking on these graphs (the tests above can fail)."""
    bites = 0
    for seed in range(12):
        G = random_shared_records_graph(seed)
        plain = likely_paths(G, ["n0", "n1"], ["t"], k=1000, distinct_evidence=False)
        ruled = likely_paths(G, ["n0", "n1"], ["t"], k=1000)
        bites += [p.nodes for p in plain] != [p.nodes for p in ruled]
    assert bites >= 6


def test_a_hop_resting_only_on_the_previous_hops_record_is_not_taken():
    G = nx.MultiDiGraph()
    actor(G, "x", foreign=True)
    actor(G, "y")
    actor(G, "q", kind="Technology")
    link(G, "x", "y", dates=["2024-01-10"])                     # one contact row ...
    G["x"]["y"]["CONTACTED"]["evidence"][0]
    row = G["x"]["y"]["CONTACTED"]["evidence"]
    G.add_edge("y", "q", key="HOLDS", relation="HOLDS", contacts=1, inferred=True,
               evidence=list(row), dates=["2024-01-10"])      # ... and the HOLDS it implies
    assert likely_paths(G, "x", "q", model=PLAIN) == []
    assert [p.names for p in likely_paths(G, "x", "q", model=PLAIN, distinct_evidence=False)
            ] == [("X", "Y", "q")]
    link(G, "x", "y", dates=["2024-02-01"])                     # a second row: X met Y again
    (path,) = likely_paths(G, "x", "q", model=PLAIN)
    assert path.names == ("X", "Y", "q")
