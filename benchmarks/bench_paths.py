"""Benchmark: likely transfer paths and communities on a generated actor graph.

Builds an actor graph of N actors and M contact records (default 100k / 400k) following the
projection contract (MultiDiGraph keyed by relation, Evidence per record, dates 2020-2024,
reliability grades), then measures in one run:

* graphkit ``likely_paths`` (k = 10) between two actors vs plain
  ``networkx.shortest_simple_paths`` on the same cost graph (ratio; same costs checked);
* the time-respecting query;
* graphkit ``communities`` (engine) vs ``networkx.community.louvain_communities`` (ratio).

Run: ``python benchmarks/bench_paths.py [--actors 100000] [--contacts 400000] [--skip-nx-louvain]``
"""
from __future__ import annotations

import argparse
import itertools
import math
import random
import time

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


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=400_000)
    parser.add_argument("--pairs", type=int, default=5, help="source/target pairs to query")
    parser.add_argument("--skip-nx-louvain", action="store_true")
    args = parser.parse_args()

    t, G = timed(generated_actor_graph, args.actors, args.contacts)
    print(f"generated {G.number_of_nodes()} actors, {G.number_of_edges()} relation edges "
          f"from {args.contacts} contacts in {t:.1f} s")
    t, H = timed(transfer_graph, G, LikelihoodModel())
    print(f"transfer cost graph: {H.number_of_edges()} arcs in {t:.1f} s (once per graph)")

    rng = random.Random(3)
    giant = max(nx.weakly_connected_components(H), key=len)
    pool = sorted(giant)
    pairs = [tuple(rng.sample(pool, 2)) for _ in range(args.pairs)]
    ours_t, nx_t, temporal_t = [], [], []
    for s, t_ in pairs:
        dt, ours = timed(likely_paths, H, s, t_, k=10)
        ours_t.append(dt)
        print(f"  {s} -> {t_}: graphkit {dt:.3f} s ...", flush=True)
        dt, ref = timed(lambda: list(itertools.islice(
            nx.shortest_simple_paths(H, s, t_, weight="cost"), 10)))
        nx_t.append(dt)
        ref_costs = [nx.path_weight(H, p, "cost") for p in ref]
        assert all(math.isclose(a.cost, b, rel_tol=1e-9, abs_tol=1e-12)
                   for a, b in zip(ours, ref_costs)), "graphkit and networkx disagree"
        dt, timed_paths = timed(likely_paths, H, s, t_, k=10, time_respecting=True)
        temporal_t.append(dt)
        print(f"  {s} -> {t_}: graphkit {ours_t[-1]:.3f} s, networkx {nx_t[-1]:.3f} s, "
              f"hops {len(ours[0].hops)}, time-respecting {dt:.3f} s ({len(timed_paths)} paths)")
    print(f"10 most likely paths: graphkit median {np.median(ours_t):.3f} s (max "
          f"{max(ours_t):.3f}), networkx shortest_simple_paths median {np.median(nx_t):.3f} s; "
          f"ratio {np.median(nx_t) / np.median(ours_t):.1f}x")
    print(f"time-respecting, 10 paths: median {np.median(temporal_t):.3f} s, max "
          f"{max(temporal_t):.3f} s")

    try:
        from graphkit.analysis.communities import louvain
    except ImportError:
        print("communities: graphkit.analysis.communities not available")
        return
    t_ours, result = timed(louvain, G, seed=0)
    print(f"Louvain graphkit ({result.engine}): {t_ours:.2f} s, {result.count} communities, "
          f"modularity {result.modularity:.4f}")
    if not args.skip_nx_louvain:
        from graphkit.analysis.communities import louvain_input
        U = louvain_input(G)
        t_nx, parts = timed(nx.community.louvain_communities, U, weight="weight", seed=0)
        q = nx.community.modularity(U, parts, weight="weight")
        print(f"Louvain networkx: {t_nx:.2f} s, {len(parts)} communities, modularity {q:.4f}; "
              f"ratio {t_nx / t_ours:.1f}x")


if __name__ == "__main__":
    main()
