"""Benchmark: the batch report's "finding transfer paths" stage on a workspace, two codes side by side.

Runs the stage as the report runs it with its whole graph no longer held (``_all_paths``: the regions
read from the store) in a fresh process per code: the actor arrays are
read first (not timed), then the stage is timed: CPU seconds of the process, wall seconds, the
resident memory at the stage's start and the process's peak (ru_maxrss) at its end. Each
process writes its paths (nodes, cost, hops with relation, date, day and cited records) to a
JSON file; the script compares them and prints each figure with the other code's beside it,
as ratios.

Run from the checkout::

    PYTHONPATH=. python3 benchmarks/bench_path_stage.py --workspace W [--before /work/measure/base]
        [--profile DIR]

``--before`` is a checkout (or ``git archive``) of the code to compare with; without it only
this checkout runs (``--before-only``: only that code). ``--profile DIR`` also writes a cProfile of each stage (``DIR/<code>.prof``)
and prints its top functions by own time. Copy a measurement workspace first: opening it
writable may build indexes.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import cProfile, gc, json, os, resource, sys, time, pstats, io
from graphkit.store.workspace import Workspace
from graphkit.projection import actor_arrays
from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.reports.build import _all_paths

ws_dir, out, prof = sys.argv[1], sys.argv[2], sys.argv[3]

def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

with Workspace(ws_dir) as store:
    arrays = actor_arrays(store)
    gc.collect()
    start_rss = rss_mib()
    profile = cProfile.Profile() if prof else None
    c0, w0 = time.process_time(), time.perf_counter()
    if profile:
        profile.enable()
    paths, notes, info = _all_paths(store, arrays, LikelihoodModel(), 3, True, 6, False,
                                    case=None, since=None, until=None)
    if profile:
        profile.disable()
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if profile:
        profile.dump_stats(prof)
    found = {str(t): [{"nodes": list(p.nodes), "cost": p.cost, "probability": p.probability,
                       "hops": [{"relation": h.relation, "reversed": h.reversed, "p": h.p,
                                 "cost": h.cost, "date": h.date, "when": h.when,
                                 "evidence": [dict(e) for e in h.evidence]} for h in p.hops]}
                      for p in ps] for t, ps in paths.items()}
    json.dump({"cpu": cpu, "wall": wall, "start_rss": start_rss, "peak": peak,
               "actors": len(arrays), "edges": arrays.edge_count, "paths": found,
               "notes": {str(k): v for k, v in notes.items()}}, open(out, "w"), sort_keys=True)
"""


def run(code: Path, workspace: str, out: Path, profile: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    subprocess.run([sys.executable, "-c", CHILD, workspace, str(out), str(profile or "")],
                   env=env, check=True, cwd=str(code))
    return json.loads(out.read_text())


def top_functions(profile: Path, n: int = 12) -> list[str]:
    import pstats

    stats = pstats.Stats(str(profile))
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:n]  # type: ignore[attr-defined]
    return [f"{v[2]:7.1f} s own {100 * v[2] / total:5.1f}%  {v[3]:7.1f} s cum  "
            f"{Path(f).name}:{line} {name}" for (f, line, name), v in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--before", help="the code to compare with (a checkout)")
    parser.add_argument("--profile", help="write cProfile files here")
    parser.add_argument("--before-only", action="store_true", help="run only the --before code")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent
    print(f"paths stage on {args.workspace}: {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at start", flush=True)
    codes = [("before", Path(args.before).resolve())] if args.before else []
    if not args.before_only:
        codes.append(("now", here))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, code in codes:
            prof = Path(args.profile) / f"{name}.prof" if args.profile else None
            if prof:
                prof.parent.mkdir(parents=True, exist_ok=True)
            results[name] = run(code, args.workspace, Path(tmp) / f"{name}.json", prof)
            r = results[name]
            print(f"  {name:6}: {r['cpu']:8.1f} CPU s {r['wall']:8.1f} wall s   RSS at start "
                  f"{r['start_rss']:7.0f} MiB, peak {r['peak']:7.0f} MiB "
                  f"(+{r['peak'] - r['start_rss']:.0f})  ({r['actors']} nodes, {r['edges']} edges)",
                  flush=True)
            if prof:
                print("\n".join("      " + line for line in top_functions(prof)), flush=True)
    if "before" in results and "now" in results:
        b, n = results["before"], results["now"]
        print(f"  before / now: CPU {b['cpu'] / n['cpu']:.1f}x, peak {b['peak'] / n['peak']:.2f}x, "
              f"stage's growth {(b['peak'] - b['start_rss']) / max(n['peak'] - n['start_rss'], 1):.1f}x")
        same = b["paths"] == n["paths"] and b["notes"] == n["notes"]
        print(f"  same paths, costs, dates and records: {same} "
              f"({sum(len(v) for v in n['paths'].values())} paths, {len(n['paths'])} technologies)")
        if not same:
            for t in sorted(set(b["paths"]) | set(n["paths"])):
                if b["paths"].get(t) != n["paths"].get(t):
                    print(f"    differs: {t}")
            sys.exit(1)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
