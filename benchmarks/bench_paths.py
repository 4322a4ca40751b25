"""Benchmark: likely transfer paths and communities on a generated actor graph.

Builds an actor graph of N actors and M contact records (default 100k / 400k) following the
projection contract (MultiDiGraph keyed by relation, Evidence per record, dates 2020-2024,
reliability grades), then measures in one run:

* graphkit ``likely_paths`` (k = 10) between two actors vs plain
  ``networkx.shortest_simple_paths`` on the same cost graph (ratio; same costs checked);
* the time-respecting query;
* graphkit ``communities`` (engine) vs ``networkx.community.louvain_communities`` (ratio);
* the DNC part (``--dnc``, on by default when the data set is there): the real 2016 DNC e-mail
  network (../shared/datasets/dnc_email_2016, 37k e-mails dated to the second) as a dated actor
  graph; for ``--dnc-pairs`` random pairs that a time-respecting walk connects (and a count of
  pairs it does not), the time-respecting search at k = 1 and k = 3 beside an independent brute
  force (networkx Dijkstra on the time-expanded graph), whose least cost must equal rank 1's.

Run from the checkout: ``PYTHONPATH=. python benchmarks/bench_paths.py [--actors 100000]
[--contacts 400000] [--pairs 5] [--nx-limit 120] [--skip-nx-louvain] [--dnc PATH]
[--dnc-pairs 20] [--dnc-only]``. Times are printed as
wall seconds with CPU seconds of this process in brackets (CPU time is steadier on a shared
machine).
"""
from __future__ import annotations

import argparse
import gc
import itertools
import math
import os
import random
import signal
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.analysis.paths import likely_paths
from graphkit.analysis.transfer import transfer_graph
from graphkit.model import Evidence

RELATIONS = ["CONTACTED"] * 70 + ["INTRODUCED"] * 20 + ["TRANSFERRED"] * 5 + ["EMPLOYED_BY"] * 5


def generated_actor_graph(actors: int, contacts: int, seed: int = 7) -> nx.MultiDiGraph:
    """A heavy-tailed random actor graph: endpoints drawn in proportion to Pareto weights, so a
    few actors (brokers) have many contacts; one Evidence record per contact."""
    rng = np.random.default_rng(seed)
    weights = rng.pareto(2.0, actors) + 1.0
    weights /= weights.sum()
    heads = rng.choice(actors, size=contacts, p=weights)
    tails = rng.choice(actors, size=contacts, p=weights)
    days = rng.integers(0, 5 * 365, size=contacts)
    grades = rng.choice([0.2, 0.5, 0.8, 1.0], size=contacts)
    kinds = rng.choice(len(RELATIONS), size=contacts)
    start = 737425  # 2020-01-01
    from datetime import date
    G = nx.MultiDiGraph()
    for i in range(actors):
        G.add_node(f"a{i}", kind="Person", name=f"Actor {i}", aliases=[], country=None,
                   foreign=bool(i % 10 == 0), org=None, cases=[], evidence=[])
    for row, (u, v, d, r, kind) in enumerate(zip(heads, tails, days, grades, kinds), start=2):
        if u == v:
            continue
        relation = RELATIONS[kind]
        ev = Evidence(record_id=f"r{row}", file="contacts.csv", row=row, case_id=None,
                      date=date.fromordinal(start + int(d)).isoformat(), reliability=float(r))
        a, b = f"a{u}", f"a{v}"
        if G.has_edge(a, b, key=relation):
            data = G[a][b][relation]
            data["evidence"].append(ev)
            data["contacts"] += 1
        else:
            G.add_edge(a, b, key=relation, relation=relation, contacts=1, inferred=False,
                       evidence=[ev], cases=[])
    for _, _, data in G.edges(data=True):
        dates = sorted(e.date for e in data["evidence"])
        data.update(dates=dates, first_date=dates[0], last_date=dates[-1],
                    reliability=sum(e.reliability for e in data["evidence"]) / len(dates))
    return G


class TooSlow(Exception):
    pass


def timed(func, *args, limit: float | None = None, **kwargs):
    """(wall seconds, CPU seconds, result); with ``limit``, stop after that many wall seconds
    (SIGALRM) and return result None."""
    def stop(signum, frame):
        raise TooSlow()

    if limit:
        signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, limit)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        result = func(*args, **kwargs)
    except TooSlow:
        result = None
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - wall, time.process_time() - cpu, result


DNC = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "dnc_email_2016" / \
    "dnc_temporal_edges.csv"


def dnc_part(csv_path: str, pairs: int, seed: int = 11) -> None:
    """Time-respecting paths on the DNC e-mail network beside the time-expanded brute force."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.helpers.paths_graphs import dnc_email_graph, time_expanded_best_cost, time_expanded_graph

    wall, _, G = timed(dnc_email_graph, csv_path)
    model = LikelihoodModel()
    print(f"DNC: {G.number_of_nodes()} actors, {G.number_of_edges()} sender->recipient edges, "
          f"{sum(len(d['evidence']) for _, _, d in G.edges(data=True))} e-mails, built in "
          f"{wall:.1f} s", flush=True)
    wall, _, H = timed(transfer_graph, G, model)
    b_wall, _, X = timed(time_expanded_graph, G, model)
    print(f"  transfer graph {wall:.1f} s; brute force's time-expanded graph "
          f"{X.number_of_nodes()} nodes, {X.number_of_edges()} arcs, {b_wall:.1f} s", flush=True)
    rng = random.Random(seed)
    nodes = sorted(G.nodes)
    reachable, unreachable, rows = 0, [], []
    while reachable < pairs:
        s, t = rng.sample(nodes, 2)
        b_wall, b_cpu, best = timed(time_expanded_best_cost, X, s, t)
        w1, c1, one = timed(likely_paths, H, s, t, k=1, time_respecting=True)
        if best is None:
            assert one == [], f"{s} -> {t}: graphkit found a path the brute force did not"
            unreachable.append((w1, b_wall))
            continue
        reachable += 1
        w3, c3, three = timed(likely_paths, H, s, t, k=3, time_respecting=True)
        assert one and math.isclose(one[0].cost, best, rel_tol=1e-9, abs_tol=1e-9), \
            f"{s} -> {t}: rank 1 costs {one[0].cost if one else None}, brute force {best}"
        assert three[0].cost == one[0].cost and len(three) == 3 or len(three) < 3
        rows.append((w1, w3, b_wall))
        print(f"  {s} -> {t}: k=1 {w1:.2f} ({c1:.2f}) s, k=3 {w3:.2f} ({c3:.2f}) s, "
              f"{len(three)} paths of {', '.join(str(len(p.hops)) for p in three)} hops; "
              f"brute force {b_wall:.2f} ({b_cpu:.2f}) s, same least cost", flush=True)
    med = lambda values: float(np.median(values))
    print(f"DNC, {pairs} reachable pairs: k=1 median {med([r[0] for r in rows]):.2f} s, max "
          f"{max(r[0] for r in rows):.2f} s; k=3 median {med([r[1] for r in rows]):.2f} s, max "
          f"{max(r[1] for r in rows):.2f} s; brute force median {med([r[2] for r in rows]):.2f} s"
          f"; {len(unreachable)} unreachable pairs met on the way, proved so in median "
          f"{med([u[0] for u in unreachable]) if unreachable else 0:.2f} s (brute force "
          f"{med([u[1] for u in unreachable]) if unreachable else 0:.2f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=400_000)
    parser.add_argument("--pairs", type=int, default=5, help="source/target pairs to query")
    parser.add_argument("--nx-limit", type=float, default=120.0,
                        help="stop a networkx Yen query after this many seconds")
    parser.add_argument("--skip-nx-louvain", action="store_true")
    parser.add_argument("--dnc", default=str(DNC), help="the DNC temporal e-mail edges CSV")
    parser.add_argument("--dnc-pairs", type=int, default=20)
    parser.add_argument("--dnc-only", action="store_true", help="run only the DNC part")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
          f"times are wall (CPU) seconds", flush=True)
    if os.path.exists(args.dnc):
        dnc_part(args.dnc, args.dnc_pairs)
    if args.dnc_only:
        return

    wall, cpu, G = timed(generated_actor_graph, args.actors, args.contacts)
    print(f"generated {G.number_of_nodes()} actors, {G.number_of_edges()} relation edges "
          f"from {args.contacts} contacts in {wall:.1f} s", flush=True)
    def build():
        H = transfer_graph(G, LikelihoodModel())
        gc.collect()  # the collector's debt for the objects just built, paid here once
        return H

    wall, cpu, H = timed(build)
    print(f"transfer cost graph (once per graph): {H.number_of_edges()} arcs in {wall:.1f} "
          f"({cpu:.1f}) s", flush=True)

    rng = random.Random(3)
    giant = max(nx.weakly_connected_components(H), key=len)
    pool = sorted(giant)
    pairs = [tuple(rng.sample(pool, 2)) for _ in range(args.pairs)]
    ours, theirs, temporal = [], [], []
    for s, t in pairs:
        wall, cpu, found = timed(likely_paths, H, s, t, k=10)
        ours.append((wall, cpu))
        nx_wall, nx_cpu, ref = timed(lambda: list(itertools.islice(
            nx.shortest_simple_paths(H, s, t, weight="cost"), 10)), limit=args.nx_limit)
        if ref is not None:
            theirs.append((nx_wall, nx_cpu))
            ref_costs = [nx.path_weight(H, p, "cost") for p in ref]
            assert all(math.isclose(a.cost, b, rel_tol=1e-9, abs_tol=1e-12)
                       for a, b in zip(found, ref_costs)), "graphkit and networkx disagree"
            shown = f"{nx_wall:.2f} ({nx_cpu:.2f}) s"
        else:
            theirs.append((math.inf, math.inf))
            shown = f"stopped after {args.nx_limit:.0f} s"
        t_wall, t_cpu, timed_paths = timed(likely_paths, H, s, t, k=10, time_respecting=True,
                                           limit=args.nx_limit)
        if timed_paths is None:
            t_wall = t_cpu = math.inf
            timed_paths = []
        if s == pairs[0][0] and not temporal:
            print(f"  (the first time-respecting query also builds the dated-arc table: "
                  f"{t_wall:.2f} ({t_cpu:.2f}) s)", flush=True)
            t_wall, t_cpu, timed_paths = timed(likely_paths, H, s, t, k=10,
                                               time_respecting=True, limit=args.nx_limit)
        temporal.append((t_wall, t_cpu))
        print(f"  {s} -> {t}: graphkit {wall:.2f} ({cpu:.2f}) s, {len(found[0].hops)} hops; "
              f"networkx {shown}; time-respecting {t_wall:.2f} ({t_cpu:.2f}) s, "
              f"{len(timed_paths)} paths", flush=True)
    med = lambda rows, i: float(np.median([r[i] for r in rows]))
    print(f"10 most likely paths: graphkit median {med(ours, 0):.2f} ({med(ours, 1):.2f}) s, max "
          f"{max(r[0] for r in ours):.2f} s; networkx shortest_simple_paths median "
          f"{med(theirs, 0):.2f} ({med(theirs, 1):.2f}) s; ratio of medians "
          f"{med(theirs, 0) / med(ours, 0):.1f}x wall, {med(theirs, 1) / med(ours, 1):.1f}x CPU")
    print(f"time-respecting, 10 paths: median {med(temporal, 0):.2f} ({med(temporal, 1):.2f}) s, "
          f"max {max(r[0] for r in temporal):.2f} s", flush=True)

    from graphkit.analysis.communities import louvain, louvain_input

    wall, cpu, result = timed(louvain, G, seed=0)
    how = result.engine + (", 1 thread" if result.engine == "networkit" else "")
    print(f"Louvain graphkit ({how}): {wall:.2f} ({cpu:.2f}) s, "
          f"{result.count} communities, modularity {result.modularity:.4f}", flush=True)
    if not args.skip_nx_louvain:
        U = louvain_input(G)
        nx_wall, nx_cpu, parts = timed(nx.community.louvain_communities, U, weight="weight",
                                       seed=0)
        q = nx.community.modularity(U, parts, weight="weight")
        print(f"Louvain networkx: {nx_wall:.2f} ({nx_cpu:.2f}) s, {len(parts)} communities, "
              f"modularity {q:.4f}; ratio {nx_wall / wall:.1f}x wall, {nx_cpu / cpu:.1f}x CPU")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
