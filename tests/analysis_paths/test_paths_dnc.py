"""Time-respecting search on the real DNC e-mail network (issue 11, item 8c) and times below
a day: rank 1 equals an independent brute force (networkx Dijkstra on the time-expanded
graph), pairs no walk connects are proved so at once, and paths found before the search
stops are returned, not thrown away."""
from __future__ import annotations

import math
import time
from pathlib import Path

import networkx as nx
import pytest

from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.analysis.paths import PathSearchStopped, likely_paths
from graphkit.analysis.transfer import transfer_graph
from graphkit.model import Evidence
from tests.helpers.paths_graphs import actor, dnc_email_graph, time_expanded_best_cost, time_expanded_graph

DNC = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "dnc_email_2016" / \
    "dnc_temporal_edges.csv"
PLAIN = LikelihoodModel(half_life_days=None, reliability_weight=0.0)


def email(G, u, v, when, row):
    for n in (u, v):
        if n not in G:
            actor(G, n)
    ev = Evidence(record_id=f"e{row}", file="mail.csv", row=row, date=when)
    G.add_edge(u, v, key="CONTACTED", relation="CONTACTED", contacts=1, dates=[when],
               first_date=when, last_date=when, reliability=None, inferred=False, cases=[],
               evidence=[ev])


def test_two_emails_of_one_day_are_ordered_by_their_time():
    G = nx.MultiDiGraph()
    email(G, "a", "b", "2016-05-17T10:00:00+00:00", 2)
    email(G, "b", "c", "2016-05-17T09:30:00+00:00", 3)   # earlier that day: cannot follow
    assert likely_paths(G, "a", "c", model=PLAIN, time_respecting=True) == []
    email(G, "b", "c", "2016-05-17T11:15:00+02:00", 4)   # 09:15 UTC: still earlier
    assert likely_paths(G, "a", "c", model=PLAIN, time_respecting=True) == []
    email(G, "b", "c", "2016-05-17T12:15:00+02:00", 5)   # 10:15 UTC: later
    (path,) = likely_paths(G, "a", "c", model=PLAIN, time_respecting=True)
    assert [h.when for h in path.hops] == ["2016-05-17T10:00:00+00:00", "2016-05-17T12:15:00+02:00"]
    # a record dated to the day stands for any second of it: it may follow 10:00
    G2 = nx.MultiDiGraph()
    email(G2, "a", "b", "2016-05-17T10:00:00+00:00", 2)
    email(G2, "b", "c", "2016-05-17", 3)
    (path,) = likely_paths(G2, "a", "c", model=PLAIN, time_respecting=True)
    assert path.hops[1].when == "2016-05-17"


def test_a_stopped_search_returns_what_it_found():
    G = nx.MultiDiGraph()
    for i, mid in enumerate(["b", "c", "d"]):
        email(G, "a", mid, f"2016-05-0{i + 1}T10:00:00", 10 + i)
        email(G, mid, "z", f"2016-05-0{i + 2}T10:00:00", 20 + i)
    assert len(likely_paths(G, "a", "z", k=3, model=PLAIN)) == 3
    with pytest.warns(PathSearchStopped, match="1 of 3 paths"):
        found = likely_paths(G, "a", "z", k=3, model=PLAIN, max_expansions=2)
    assert len(found) == 1


@pytest.fixture(scope="module")
def dnc():
    if not DNC.exists():
        pytest.fail(f"the DNC data set is missing: {DNC}")
    G = dnc_email_graph(DNC)
    model = LikelihoodModel()
    return G, transfer_graph(G, model), time_expanded_graph(G, model)


# reachable pairs measured in benchmarks/bench_paths.py (seed 11), and two pairs no walk joins
REACHABLE = [("284", "891"), ("729", "1925"), ("128", "1177"), ("958", "55"), ("889", "339")]
UNREACHABLE = [("1266", "301"), ("1505", "1233")]


@pytest.mark.parametrize("source, target", REACHABLE)
def test_dnc_rank_one_equals_the_time_expanded_brute_force(dnc, source, target):
    G, H, X = dnc
    best = time_expanded_best_cost(X, source, target)
    assert best is not None
    started = time.perf_counter()
    found = likely_paths(H, source, target, k=3, time_respecting=True)
    assert time.perf_counter() - started < 60
    assert math.isclose(found[0].cost, best, rel_tol=1e-9, abs_tol=1e-9)
    assert [p.cost for p in found] == sorted(p.cost for p in found)
    for path in found:  # each hop's chosen e-mail is no earlier than the one before
        instants = [h.evidence and h.when for h in path.hops]
        from datetime import datetime
        moments = [datetime.fromisoformat(w) for w in instants]
        assert moments == sorted(moments)


@pytest.mark.parametrize("source, target", UNREACHABLE)
def test_dnc_no_path_is_proved_at_once(dnc, source, target):
    G, H, X = dnc
    assert time_expanded_best_cost(X, source, target) is None
    started = time.perf_counter()
    assert likely_paths(H, source, target, k=3, time_respecting=True) == []
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("distinct", [True, False])
@pytest.mark.parametrize("seed", range(10))
def test_temporal_yen_equals_the_partial_path_enumeration(seed, distinct):
    """Without a gap or hop limit, time-respecting paths come from Yen over the temporal
    Dijkstra; the A* enumeration (forced here by a hop limit no path reaches) is the reference,
    for sets of sources and targets (paths may pass another source, see _Collector)."""
    from tests.helpers.paths_graphs import random_actor_graph

    G = random_actor_graph(700 + seed, nodes=9, edges=24)
    for sources, targets in ((["n0", "n1"], ["n7", "n8"]), (["n0"], ["n7"])):
        yen = likely_paths(G, sources, targets, k=1000, time_respecting=True,
                           distinct_evidence=distinct)
        enumerated = likely_paths(G, sources, targets, k=1000, time_respecting=True,
                                  distinct_evidence=distinct, max_hops=100)
        assert [p.cost for p in yen] == pytest.approx([p.cost for p in enumerated], rel=1e-9)
        assert {p.nodes for p in yen} == {p.nodes for p in enumerated}
        top = likely_paths(G, sources, targets, k=3, time_respecting=True,
                           distinct_evidence=distinct)
        assert [p.cost for p in top] == pytest.approx([p.cost for p in enumerated[:3]], rel=1e-9)
