"""Time-respecting paths: hand graphs where the most likely path runs backwards in time, the
period rule for month/year dates, the maximum gap, standing relations, and brute force."""
from __future__ import annotations

import itertools
import math
from datetime import date

import networkx as nx
import pytest

from graphkit.analysis.likelihood import LikelihoodModel, period
from graphkit.analysis.paths import likely_paths
from graphkit.analysis.temporal import DEFAULT_STANDING
from tests.helpers.paths_graphs import actor, allowed_arcs, days_feasible, link, random_actor_graph, record_days

PLAIN = LikelihoodModel(half_life_days=None, reliability_weight=0.0)


def backwards_graph(with_forward_route: bool = True) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    # most likely route F -> B -> D (0.875 * 0.875), but B met D in January, F met B in June
    link(G, "f", "b", dates=["2024-06-01"] * 3)
    link(G, "b", "d", dates=["2024-01-10"] * 3)
    if with_forward_route:  # weaker route F -> C -> D in time order (0.5 * 0.5)
        link(G, "f", "c", dates=["2024-02-01"])
        link(G, "c", "d", dates=["2024-03-15"])
    return G


def test_most_likely_path_runs_backwards_so_time_respecting_differs():
    G = backwards_graph()
    plain = likely_paths(G, "F", "D", k=1, model=PLAIN)
    assert plain[0].names == ("F", "B", "D")
    timed = likely_paths(G, "F", "D", k=5, model=PLAIN, time_respecting=True)
    assert [p.names for p in timed] == [("F", "C", "D")]
    assert [h.date for h in timed[0].hops] == ["2024-02-01", "2024-03-15"]
    assert timed[0].probability == pytest.approx(0.25)


def test_none_when_no_time_respecting_path():
    G = backwards_graph(with_forward_route=False)
    assert likely_paths(G, "F", "D", model=PLAIN)  # a path exists ...
    assert likely_paths(G, "F", "D", model=PLAIN, time_respecting=True) == []  # ... not in time


def test_month_precision_may_follow_a_day_in_that_month():
    G = nx.MultiDiGraph()
    link(G, "a", "b", dates=["2024-05-20"])
    link(G, "b", "c", dates=["2024-05"])     # may be 2024-05-25: allowed
    link(G, "c", "d", dates=["2024-04"])     # wholly before: not allowed
    assert likely_paths(G, "A", "C", model=PLAIN, time_respecting=True)[0].names == ("A", "B", "C")
    assert likely_paths(G, "A", "D", model=PLAIN, time_respecting=True) == []
    # the same day twice is allowed (no earlier than)
    link(G, "c", "e", dates=["2024-05-20"])
    assert likely_paths(G, "A", "E", model=PLAIN, time_respecting=True)


def test_maximum_gap():
    G = backwards_graph()
    # F -> C 2024-02-01, C -> D 2024-03-15: 43 days apart
    assert likely_paths(G, "F", "D", model=PLAIN, time_respecting=True, max_gap_days=42) == []
    assert likely_paths(G, "F", "D", model=PLAIN, time_respecting=True, max_gap_days=43)
    # month precision: 2024-02 then 2024-03-20 are at least 20 days apart (02-29 to 03-20)
    H = nx.MultiDiGraph()
    link(H, "a", "b", dates=["2024-02"])
    link(H, "b", "c", dates=["2024-03-20"])
    assert likely_paths(H, "A", "C", model=PLAIN, time_respecting=True, max_gap_days=20)
    assert likely_paths(H, "A", "C", model=PLAIN, time_respecting=True, max_gap_days=19) == []


def test_gap_needs_a_later_record_not_the_earliest():
    # earliest-first would take January and miss July (gap 60); June works
    G = nx.MultiDiGraph()
    link(G, "a", "b", dates=["2024-01-01", "2024-06-01"])
    link(G, "b", "c", dates=["2024-07-01"])
    (path,) = likely_paths(G, "A", "C", model=PLAIN, time_respecting=True, max_gap_days=60)
    assert [h.date for h in path.hops] == ["2024-06-01", "2024-07-01"]
    (path,) = likely_paths(G, "A", "C", model=PLAIN, time_respecting=True)
    assert [h.date for h in path.hops] == ["2024-01-01", "2024-07-01"]


def test_undated_records_cannot_take_part():
    G = nx.MultiDiGraph()
    link(G, "a", "b", dates=[None])
    link(G, "b", "c", dates=["2024-01-01"])
    assert likely_paths(G, "A", "C", model=PLAIN)
    assert likely_paths(G, "A", "C", model=PLAIN, time_respecting=True) == []


def test_standing_holds_needs_no_order_unless_made_an_event():
    G = nx.MultiDiGraph()
    actor(G, "quantum sensing", kind="Technology")
    link(G, "f", "r", dates=["2024-06-01"])
    link(G, "r", "quantum sensing", "HOLDS", dates=["2024-01-01"], inferred=True)
    to = 'technology:"Quantum Sensing"'
    (path,) = likely_paths(G, "F", to, model=PLAIN, time_respecting=True)
    assert path.names == ("F", "R", "quantum sensing") and path.hops[1].date is None
    assert likely_paths(G, "F", to, model=PLAIN, time_respecting=True,
                        standing_relations=()) == []


def temporal_brute_force(G, s, t, model, gap):
    arcs: dict[tuple, list] = {}
    for pair, _, p, data in allowed_arcs(G, model):
        item = (p, data["relation"] in DEFAULT_STANDING,
                record_days([e.date for e in data["evidence"] if e.date]))
        arcs.setdefault(pair, []).append(item)
    U = nx.Graph(list(arcs))
    best = []
    if s in U and t in U:
        for path in nx.all_simple_paths(U, s, t):
            hops = list(zip(path, path[1:]))
            if not all(h in arcs for h in hops):
                continue
            probs = [math.prod(c[0] for c in combo)
                     for combo in itertools.product(*(arcs[h] for h in hops))
                     if days_feasible([(c[1], c[2]) for c in combo], gap)]
            if probs:
                best.append(max(probs))
    return sorted(best, reverse=True)


@pytest.mark.parametrize("gap", [None, 30, 200])
@pytest.mark.parametrize("seed", range(10))
def test_time_respecting_equals_brute_force(seed, gap):
    check_time_respecting(seed, gap)


def check_time_respecting(seed, gap):
    relations = ("CONTACTED", "INTRODUCED", "TRANSFERRED", "EMPLOYED_BY")
    G = random_actor_graph(300 + seed, nodes=8, edges=20, relations=relations)
    model = LikelihoodModel()
    expected = temporal_brute_force(G, "n0", "n7", model, gap)
    got = likely_paths(G, "n0", "n7", k=1000, model=model, time_respecting=True,
                       max_gap_days=gap)
    assert [p.probability for p in got] == pytest.approx(expected, rel=1e-9)
    for path in got:  # every reported schedule is non-decreasing, within the gap and the records
        days = [date.fromisoformat(h.when).toordinal() for h in path.hops if h.when]
        assert len(days) == sum(1 for h in path.hops if h.relation not in DEFAULT_STANDING)
        assert days == sorted(days)
        if gap is not None:
            assert all(b - a <= gap for a, b in zip(days, days[1:]))
        for hop in path.hops:
            if hop.when:
                a, b = period(hop.date)
                assert a <= date.fromisoformat(hop.when).toordinal() <= b
    return len(got)


def test_latest_departures_by_hand():
    from graphkit.analysis.transfer import transfer_graph
    from graphkit.analysis.temporal import latest_departures

    G = nx.MultiDiGraph()
    actor(G, "tech", kind="Technology")
    link(G, "a", "b", dates=["2024-01-05", "2024-03"])
    link(G, "b", "c", dates=["2024-02-10"])
    link(G, "c", "tech", "HOLDS", dates=[None])
    link(G, "x", "a", "TRANSFERRED", dates=["2024-04-01"])
    H = transfer_graph(G, PLAIN)
    nodes, index, _, _ = H.graph["_reverse_csr"]
    latest = latest_departures(H, set(), {"tech"}, DEFAULT_STANDING, index, nodes)
    day = lambda text: period(text)[0]
    # c holds tech (standing): any time; b leaves by 2024-02-10 (its only record to c);
    # a must reach b by 02-10: its 2024-01-05 record works (March is too late), so a leaves by
    # 01-05; x's only record (04-01) is after that, so x cannot reach tech in time.
    assert latest[index["tech"]] == math.inf and latest[index["c"]] == math.inf
    # instants are days with the time of day as a fraction: "leaves by" = within that day
    assert math.floor(latest[index["b"]]) == day("2024-02-10")
    assert math.floor(latest[index["a"]]) == day("2024-01-05")
    assert latest[index["x"]] == -math.inf
    assert likely_paths(G, "X", "technology:tech", model=PLAIN, time_respecting=True) == []
    assert likely_paths(G, "A", "technology:tech", model=PLAIN, time_respecting=True)
