"""Benchmark: graphkit's broker measures against plain networkx, in one run.

Parts (run all, or name some with --parts):

- ``exact``: exact betweenness on a 10k-actor / 40k-contact graph (``--exact-nodes``), graphkit (compiled engine)
  vs ``networkx.betweenness_centrality``; prints both times, the ratio and the largest
  difference (target: >= 30x, equal to 1e-9). networkx takes many minutes here.
- ``table``: the full broker table on a generated 100k-actor / 400k-contact graph, each
  measure timed, in a child process whose peak memory (max RSS) is reported
  (target: < 15 s, < 2 GB).
- ``agreement``: top-50 agreement of the approximate betweenness (1,024 sampled sources, the
  default, with two seeds; KADABRA; 256 sources) with the exact one computed by the kernel,
  on a generated graph of --agree-nodes actors (default 100k; the exact run takes about 8
  minutes on 2 cores).
- ``holes``: Burt's constraint, graphkit sparse vs networkx, on the 10k graph.

Usage: PYTHONPATH=. python benchmarks/bench_brokers.py [--parts exact,table,agreement,holes]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np



def actor_network(n: int, m_per_node: int, seed: int, foreign_share: float = 0.15,
                  technologies: int = 50, holders: int = 2000) -> nx.MultiDiGraph:
    """A generated approach network: clustered scale-free contacts (Holme–Kim), random
    directions, ~15% foreign actors, technology nodes with HOLDS edges from some actors."""
    rng = np.random.default_rng(seed)
    base = nx.powerlaw_cluster_graph(n, m_per_node, 0.3, seed=seed)
    G = nx.MultiDiGraph()
    kinds = np.array(["Person", "Company", "Intermediary"])[rng.choice(3, size=n, p=[0.6, 0.3, 0.1])]
    foreign = rng.random(n) < foreign_share
    countries = np.where(foreign, rng.choice(["CN", "RU", "KP", "IR"], size=n), "JP")
    for i in range(n):
        G.add_node(i, kind=str(kinds[i]), name=f"actor {i}", country=str(countries[i]), foreign=bool(foreign[i]))
    for u, v in base.edges():
        if rng.random() < 0.5:
            u, v = v, u
        G.add_edge(u, v, key="CONTACTED", relation="CONTACTED", contacts=int(rng.integers(1, 5)))
    for t in range(technologies):
        G.add_node(f"tech {t}", kind="Technology", name=f"technology {t}", country=None, foreign=None)
    for actor in rng.choice(np.flatnonzero(~foreign), size=min(holders, int((~foreign).sum())), replace=False):
        G.add_edge(int(actor), f"tech {int(rng.integers(technologies))}", key="HOLDS", relation="HOLDS", contacts=1)
    return G


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def part_exact(args) -> dict:
    from graphkit.analysis.centrality import betweenness

    G = nx.barabasi_albert_graph(args.exact_nodes, 4, seed=1)  # default 10k actors, ~40k contacts, hubs
    print(f"exact betweenness: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges", flush=True)
    start, cpu = time.perf_counter(), time.process_time()
    ours, info = betweenness(G, exact=True)
    t_ours, c_ours = time.perf_counter() - start, time.process_time() - cpu
    print(f"  graphkit ({info['engine']}): {t_ours:.2f} s wall, {c_ours:.2f} s CPU", flush=True)
    start, cpu = time.perf_counter(), time.process_time()
    theirs = nx.betweenness_centrality(G)
    t_nx, c_nx = time.perf_counter() - start, time.process_time() - cpu
    diff = max(abs(ours[k] - theirs[k]) for k in G)
    print(f"  networkx: {t_nx:.1f} s wall, {c_nx:.1f} s CPU; ratio {t_nx / t_ours:.1f}x wall, "
          f"{c_nx / c_ours:.1f}x CPU; max |diff| {diff:.2e}", flush=True)
    return {"nodes": len(G), "edges": G.number_of_edges(), "graphkit_s": t_ours, "networkx_s": t_nx,
            "graphkit_cpu_s": c_ours, "networkx_cpu_s": c_nx,
            "ratio": t_nx / t_ours, "cpu_ratio": c_nx / c_ours, "max_diff": diff}


def part_holes(args) -> dict:
    from graphkit.analysis.structural_holes import constraint

    G = nx.barabasi_albert_graph(10_000, 4, seed=1)
    start = time.perf_counter()
    ours = constraint(G)
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    theirs = nx.constraint(G)
    t_nx = time.perf_counter() - start
    diff = max(abs(ours[k] - theirs[k]) for k in G)
    print(f"constraint 10k: graphkit {t_ours:.2f} s, networkx {t_nx:.1f} s, ratio {t_nx / t_ours:.0f}x, max |diff| {diff:.1e}", flush=True)
    return {"graphkit_s": t_ours, "networkx_s": t_nx, "ratio": t_nx / t_ours, "max_diff": diff}


def table_child(n: int, seed: int) -> dict:
    """Runs in a child process: build the graph, then the whole table with each step timed."""
    from graphkit.analysis import brokers

    G = actor_network(n, 4, seed)
    rss_graph = peak_rss_mb()
    cpu0 = time.process_time()
    start = time.perf_counter()
    table = brokers.broker_table(G, seed=seed, top_reasons=20)
    total = time.perf_counter() - start
    return {"actors": int(table.attrs["actors"]), "directed_ties": int(table.attrs["contacts"]),
            "broker_table_total_s": total, "broker_table_cpu_s": time.process_time() - cpu0,
            "peak_rss_after_graph_mb": rss_graph, "peak_rss_after_table_mb": peak_rss_mb(),
            "steps": table.attrs["timings"], "betweenness": table.attrs["betweenness"],
            "top5": table.head(5)[["id", "betweenness", "brokerage", "reason"]].to_dict("records")}


def part_table(args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child-table", str(args.table_nodes)],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print("broker table:", json.dumps(result, indent=1, default=str), flush=True)
    return result


def _top(scores: dict, k: int = 50) -> set:
    return set(sorted(scores, key=lambda n: (-scores[n], n))[:k])


def part_agreement(args) -> dict:
    from graphkit.analysis.brokers import actor_digraph
    from graphkit.analysis.centrality import betweenness

    G = actor_network(args.agree_nodes, 4, 5)
    U = actor_digraph(G).to_undirected()
    print(f"agreement: {U.number_of_nodes()} actors, {U.number_of_edges()} contacts", flush=True)
    start, cpu = time.perf_counter(), time.process_time()
    exact, _ = betweenness(U, exact=True)
    t_exact = time.perf_counter() - start
    print(f"  exact (engine): {t_exact:.1f} s wall, {time.process_time() - cpu:.1f} s CPU", flush=True)
    result = {"nodes": len(U), "exact_s": t_exact, "exact_cpu_s": time.process_time() - cpu}
    truth = _top(exact)
    for label, kwargs in [("kadabra", {"method": "kadabra"}), ("sources_1024", {"sample": 1024}),
                          ("sources_1024_seed2", {"sample": 1024, "seed": 2}), ("sources_256", {"sample": 256})]:
        start, cpu = time.perf_counter(), time.process_time()
        approx, info = betweenness(U, exact=False, **{"seed": 1, **kwargs})
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        overlap = len(truth & _top(approx)) / 50
        worst = max(abs(approx[k] - exact[k]) for k in U)
        print(f"  {label}: {elapsed:.1f} s wall, {cpu:.1f} s CPU, sample {info['sample']}, top-50 agreement {overlap:.2f}, "
              f"max |error| {worst:.4f} (bound {info['error_bound']})", flush=True)
        result[label] = {"seconds": elapsed, "cpu_seconds": cpu, "sample": info["sample"], "top50": overlap, "max_error": worst,
                         "error_bound": info["error_bound"]}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default="holes,table,agreement,exact")
    parser.add_argument("--table-nodes", type=int, default=100_000)
    parser.add_argument("--agree-nodes", type=int, default=100_000)
    parser.add_argument("--exact-nodes", type=int, default=10_000,
                        help="Actors of the exact betweenness comparison (4 contacts each).")
    parser.add_argument("--child-table", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures to this file.")
    args = parser.parse_args()
    if args.child_table:
        print(json.dumps(table_child(args.child_table, 7), default=str))
        return
    import networkit

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"networkx {nx.__version__}, networkit {networkit.__version__}; load average {os.getloadavg()}", flush=True)
    results = {}
    for part in args.parts.split(","):
        results[part] = {"holes": part_holes, "table": part_table, "agreement": part_agreement, "exact": part_exact}[part](args)
    results["load_average_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
