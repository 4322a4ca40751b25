"""Benchmark: ranking brokers over a workspace on arrays against the same ranking on the
networkx projection, each in its own process (CPU seconds, wall seconds, peak memory).

    PYTHONPATH=. python benchmarks/bench_arrays.py --workspace /tmp/bench-100k/workspace

Variants, run in the same invocation on the same workspace:

- ``graph``: ``actor_graph`` (every evidence item as a Python object) + ``broker_table`` on it
  (what ``graphkit brokers`` did before issue 16);
- ``arrays``: ``actor_arrays`` (one aggregate query: ids, CSR, contacts, weights, dates) +
  ``broker_table`` on the arrays (what ``graphkit brokers`` does now).

Each variant prints the read and the ranking separately, and the ratios graph / arrays. Peak
memory is the child process's ru_maxrss (the whole run, interpreter included). The tables are
compared (same ids in the same order, same scores to 1e-9) so a faster wrong answer fails.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

CHILD = r'''
import json, resource, sys, time
from graphkit.store.workspace import Workspace
from graphkit.projection import actor_arrays, actor_graph
from graphkit.analysis.brokers import broker_table
variant, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
cpu, wall = time.process_time(), time.perf_counter()
with Workspace(path, create=False) as ws:
    projection = actor_arrays(ws) if variant == "arrays" else actor_graph(ws)
read_cpu, read_wall = time.process_time() - cpu, time.perf_counter() - wall
read_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
table = broker_table(projection, seed=0, top_reasons=20)
table[["id", "betweenness", "pagerank", "constraint", "brokerage"]].to_json(out)
print(json.dumps({"read_cpu": read_cpu, "read_wall": read_wall, "read_rss": read_rss,
                  "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "actors": len(table)}))
'''


def run(variant: str, workspace: Path, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", CHILD, variant, str(workspace), str(out)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--variants", default="graph,arrays")
    args = parser.parse_args()
    import pandas as pd

    results = {}
    for variant in args.variants.split(","):
        out = args.workspace.parent / f"brokers-{variant}.json"
        results[variant] = run(variant, args.workspace, out)
        r = results[variant]
        print(f"{variant:<7} read {r['read_cpu']:6.1f} CPU s ({r['read_wall']:5.1f} s wall, {r['read_rss']:6.0f} MiB)"
              f" | read + rank {r['cpu']:6.1f} CPU s ({r['wall']:5.1f} s wall), peak {r['peak']:6.0f} MiB;"
              f" {r['actors']:,} actors", flush=True)
    if {"graph", "arrays"} <= set(results):
        g, a = results["graph"], results["arrays"]
        print(f"graph / arrays: read CPU {g['read_cpu'] / a['read_cpu']:.1f}x, read + rank CPU "
              f"{g['cpu'] / a['cpu']:.1f}x, peak memory {g['peak'] / a['peak']:.1f}x")
        left = pd.read_json(args.workspace.parent / "brokers-graph.json")
        right = pd.read_json(args.workspace.parent / "brokers-arrays.json")
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True),
                                      check_exact=False, rtol=1e-9)
        print("same table: yes (ids in order, betweenness, PageRank, constraint, brokerage)")
    print(f"machine: {os.cpu_count()} cores shared by 7 helpers (wall times pessimistic; compare CPU s)")


if __name__ == "__main__":
    main()
