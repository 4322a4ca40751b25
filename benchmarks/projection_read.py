"""How fast the actor projection reads a workspace: 100k actors, 400k edges, 800k evidence.

Baseline (same run): building the same MultiDiGraph with plain networkx from Python lists
already in memory (no store), so the ratio is the price of reading from SQLite.

    PYTHONPATH=. python benchmarks/projection_read.py --nodes 100000 --edges 400000
"""
from __future__ import annotations

import argparse
import resource
import random
import tempfile
import time
from pathlib import Path


import networkx as nx  # noqa: E402

from graphkit.model import Batch, Edge, Evidence, Node, Record  # noqa: E402
from graphkit.projection import actor_graph, simple_graph  # noqa: E402
from graphkit.store.workspace import Workspace  # noqa: E402

RELATIONS = ["CONTACTED", "INTRODUCED", "EMPLOYED_BY", "OWNS"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=400_000)
    args = parser.parse_args()
    rng = random.Random(3)
    edges_spec = []
    for i in range(args.edges):
        a, b = rng.randrange(args.nodes), rng.randrange(args.nodes)
        rel = RELATIONS[i % 4]
        edges_spec.append((f"p{a:07d}", f"p{b:07d}", rel, f"e{i:08d}"))
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp) / "ws")
        t0 = time.process_time()
        ws.write(Batch(nodes=[Node(f"p{i:07d}", "Person", f"Person {i}", {f"Person {i}"},
                                   {"country": "CN" if i % 3 == 0 else "JP", "foreign": i % 3 == 0},
                                   {f"r{i % 50_000:07d}"}) for i in range(args.nodes)]))
        for start in range(0, args.edges, 50_000):
            batch = Batch()
            for source, target, rel, eid in edges_spec[start:start + 50_000]:
                n = int(eid[1:])
                batch.records.append(Record(f"r{n:08d}", "relations", "rel.csv", n + 2, None, f"K{n % 20}", {}))
                evidence = [Evidence(f"r{n:08d}", "rel.csv", n + 2, None, f"K{n % 20}", f"20{10 + n % 15}-0{1 + n % 9}", 0.5),
                            Evidence(f"r{(n + 1) % args.edges:08d}", "rel.csv", 3, None, "K1", None, None)]
                batch.edges.append(Edge(eid, source, target, rel, {}, evidence))
            ws.write(batch)
        load_cpu = time.process_time() - t0

        t0 = time.perf_counter()
        c0 = time.process_time()
        g = actor_graph(ws)
        read_wall, read_cpu = time.perf_counter() - t0, time.process_time() - c0
        c0 = time.process_time()
        g_case = actor_graph(ws, case="K3", since="2015")
        filtered_cpu = time.process_time() - c0
        c0 = time.process_time()
        simple_graph(g)
        simple_cpu = time.process_time() - c0

        c0 = time.process_time()
        base = nx.MultiDiGraph()
        base.add_nodes_from((f"p{i:07d}", {"kind": "Person"}) for i in range(args.nodes))
        for source, target, rel, eid in edges_spec:
            base.add_edge(source, target, key=rel, relation=rel, contacts=2)
        base_cpu = time.process_time() - c0
        ws.close()
    print(f"workspace: {args.nodes:,} persons, {args.edges:,} edges, {2 * args.edges:,} evidence items"
          f" (written in {load_cpu:.1f} s CPU)")
    print(f"actor_graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges in {read_cpu:.1f} s CPU"
          f" ({read_wall:.1f} s wall); case+since filter: {filtered_cpu:.1f} s CPU ({g_case.number_of_edges():,} edges)")
    print(f"simple_graph: {simple_cpu:.1f} s CPU")
    print(f"baseline, plain networkx from lists in memory: {base_cpu:.1f} s CPU; ratio {read_cpu / base_cpu:.1f}x")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
