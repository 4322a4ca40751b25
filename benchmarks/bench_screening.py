"""Screening at scale: 100,000 actors against every list in shared/datasets/export_control_lists.

The actors get the synthetic names of ``bench_matching.synthetic_names`` (Japanese, Chinese
and Latin persons, firms with legal forms, the load generator's actors), each with three
random contacts; 40 of them are renamed to listed firms written in other scripts or
spellings. Every list is read (:func:`graphkit.lists.read_lists`), indexed
(:class:`graphkit.lists.NameIndex`) and screened (:func:`graphkit.analysis.screening.screen_graph`,
hops = 2). Printed: wall and CPU seconds beside the 30 s limit, peak memory (max RSS), the
hits, and the peer: comparing every actor with every listed name, estimated from the measured
cost of one comparison (run on a sample: the full product is what the index avoids).

Run: python3 benchmarks/bench_screening.py [--actors 100000]
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402

from bench_matching import synthetic_names  # noqa: E402
from graphkit import schema  # noqa: E402
from graphkit.analysis.screening import screen_graph  # noqa: E402
from graphkit.lists import NameIndex, read_lists  # noqa: E402
from graphkit.matching import NameRecord, compare_records  # noqa: E402
from graphkit.model import Evidence  # noqa: E402

LISTS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "export_control_lists"
PLANTED = ["中航重机股份有限公司", "华为技术有限公司", "中芯国际集成电路制造有限公司", "海康威视", "大疆创新",
           "アルファトレーディングインベストメンツ", "Laserchips FZCO", "I JET GLOBAL DMCC", "JSC Sirius",
           "Joint Stock Company Scientific Research Institute of Computing Machinery"]


def actor_graph(n: int, seed: int = 11) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    names = synthetic_names(n)
    for i in range(40):
        names[rng.randrange(n)] = PLANTED[i % len(PLANTED)] + ("" if i < len(PLANTED) else f" {i}")
    G = nx.MultiDiGraph()
    organisation = schema.ORGANISATION_KIND
    for i, name in enumerate(names):
        firm = any(w in name for w in ("Ltd", "LLC", "Inc", "GmbH", "株式会社", "有限公司", "Limited", "(株)", "JSC",
                                       "FZCO", "DMCC", "海康", "大疆", "インベストメンツ"))
        G.add_node(i, kind=organisation if firm else schema.DEFAULT_ACTOR_KIND, name=name, aliases=[])
    for i in range(n):
        for _ in range(3):
            j = rng.randrange(n)
            if j != i:
                G.add_edge(i, j, key="CONTACTED", relation="CONTACTED",
                           evidence=[Evidence(f"r{i}-{j}", "contacts.csv", i + 2)])
    return G


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actors", type=int, default=100_000)
    args = parser.parse_args()
    files = [p for p in sorted(LISTS.iterdir()) if p.suffix in {".csv", ".txt"} and "page" not in p.name]
    G = actor_graph(args.actors)
    start, cpu = time.perf_counter(), time.process_time()
    entries = [e for parsed in read_lists(files) for e in parsed.entries]
    index = NameIndex(entries)
    hits = screen_graph(G, index, hops=2)
    wall, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    direct = sum(1 for h in hits if h.distance == 0)
    distinct = len({data["name"] for _, data in G.nodes(data=True)})
    print(f"screening: {args.actors:,} actors ({distinct:,} distinct names), {G.number_of_edges():,} contacts, {len(entries):,} list entries "
          f"({sum(len(e.names) for e in entries):,} names) -> {len(hits):,} hits ({direct} direct)")
    print(f"  {wall:.1f} s wall, {cpu_s:.1f} s CPU; limit 30 s: ratio {wall / 30:.2f} (CPU {cpu_s / 30:.2f}); "
          f"peak RSS {peak_mb:,.0f} MB; load average {os.getloadavg()[0]:.1f}")
    # The peer: every actor against every listed name, from the cost of sampled comparisons.
    rng = random.Random(3)
    nodes = list(G.nodes)
    sample = [(G.nodes[rng.choice(nodes)], rng.choice(entries)) for _ in range(2000)]
    t0 = time.process_time()
    for data, entry in sample:
        compare_records(NameRecord((data["name"],), (), data["kind"]), NameRecord(entry.names, (), data["kind"]),
                        weights=index.weights)
    per_pair = (time.process_time() - t0) / len(sample)
    all_pairs = per_pair * args.actors * len(entries)
    print(f"  peer (all pairs, no index): {args.actors:,} x {len(entries):,} comparisons x {per_pair * 1e6:.0f} µs "
          f"= {all_pairs / 3600:.1f} CPU hours (estimated); the index is {all_pairs / max(cpu_s, 1e-9):,.0f}x faster")


if __name__ == "__main__":
    main()
