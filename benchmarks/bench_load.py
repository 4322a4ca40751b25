"""Benchmark: generate contacts with graphkit.workflows.generate and load them into a fresh workspace.

For each size (default 100,000 and 1,000,000 contacts) it prints, all measured in this run on
the same generated file:

- **generate**: ``graphkit.workflows.generate.generate_contacts`` writing the CSV (rows/s);
- **pandas read** (baseline, the parsing floor): ``pd.read_csv(dtype=str,
  keep_default_na=False, chunksize=10_000)`` over the file;
- **networkx build** (baseline, plain networkx): reading the file with the csv module and
  adding every contact to an in-memory ``nx.MultiDiGraph`` (from -> via -> to), with no
  normalisation, identity resolution, provenance or persistence;
- **graphkit load**: ``graphkit.ingest.load_files`` into a new embedded workspace (normalise
  every cell, resolve identities, write records, nodes, edges and evidence to SQLite).

Each measurement runs in a fresh child process, so the peak memory it reports (ru_maxrss of
that process) is its own. The ratios say what graphkit's load costs over each baseline.

    PYTHONPATH=. python benchmarks/bench_load.py                       # 100k and 1M
    PYTHONPATH=. python benchmarks/bench_load.py --sizes 100000 --markdown docs/benchmarks.md
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path



def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(phase: str, path: str, workdir: str, size: int) -> dict:
    """Run one phase in this (child) process; return rows, seconds and peak memory.

    Libraries are imported before the clock starts: the figures are the work, not start-up.
    """
    import csv

    import networkx as nx
    import pandas as pd

    from graphkit.workflows.generate import generate_contacts
    from graphkit.ingest import load_files
    from graphkit.store.workspace import Workspace

    start = time.perf_counter()
    cpu_start = _cpu_seconds()
    extra: dict = {}
    if phase == "generate":
        rows = generate_contacts(size, seed=0, path=path).rows
    elif phase == "pandas":
        rows = sum(len(c) for c in pd.read_csv(path, dtype=str, keep_default_na=False,
                                               chunksize=10_000))
    elif phase == "networkx":
        G = nx.MultiDiGraph()
        rows = 0
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                rows += 1
                if row["via_name"]:
                    G.add_edge(row["from_name"], row["via_name"], date=row["date"])
                    G.add_edge(row["via_name"], row["to_name"], date=row["date"])
                else:
                    G.add_edge(row["from_name"], row["to_name"], date=row["date"])
        extra = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    elif phase == "graphkit":
        with Workspace(Path(workdir) / "ws") as store:
            report = load_files([path], store)
        rows = report.total.read
        extra = {"loaded": report.total.loaded, "rejected": report.total.rejected}
    else:
        raise SystemExit(f"unknown phase {phase}")
    return {"rows": rows, "seconds": time.perf_counter() - start,
            "cpu_seconds": _cpu_seconds() - cpu_start, "peak_mib": _peak_mib(), **extra}


def measure(phase: str, path: Path, workdir: Path, size: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(path), str(workdir), str(size)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"{mem:.0f} GB RAM, Python {platform.python_version()}")


def run(sizes: list[int]) -> list[dict]:
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "contacts.csv"
            gen = measure("generate", path, Path(tmp), size)
            mib = path.stat().st_size / 2**20
            base = measure("pandas", path, Path(tmp), size)
            nxb = measure("networkx", path, Path(tmp), size)
            load = measure("graphkit", path, Path(tmp), size)
            ws_mib = sum(f.stat().st_size for f in (Path(tmp) / "ws").rglob("*") if f.is_file()) / 2**20
        result = {"rows": size, "file_mib": mib, "generate": gen, "pandas": base, "networkx": nxb,
                  "graphkit": load, "workspace_mib": ws_mib, "load_average": os.getloadavg()[1]}
        results.append(result)
        print(
            f"{size:>9,} contacts ({mib:.0f} MiB CSV): "
            f"generate {gen['seconds']:.1f} s ({size / gen['seconds']:,.0f} rows/s, "
            f"{size / gen['cpu_seconds']:,.0f} rows per CPU second); "
            f"pandas read {base['seconds']:.1f} s ({size / base['seconds']:,.0f} rows/s, "
            f"peak {base['peak_mib']:.0f} MiB); "
            f"networkx build {nxb['seconds']:.1f} s ({size / nxb['seconds']:,.0f} rows/s, "
            f"peak {nxb['peak_mib']:.0f} MiB); "
            f"graphkit load {load['seconds']:.1f} s ({size / load['seconds']:,.0f} rows/s, "
            f"{size / load['cpu_seconds']:,.0f} rows per CPU second, "
            f"peak {load['peak_mib']:.0f} MiB, workspace {ws_mib:.0f} MiB); "
            f"load time / pandas {load['seconds'] / base['seconds']:.1f}x, "
            f"/ networkx {load['seconds'] / nxb['seconds']:.1f}x; "
            f"machine load average {os.getloadavg()[1]:.1f}",
            flush=True,
        )
    return results


def markdown(results: list[dict], where: str) -> str:
    lines = [
        "| contacts | CSV | generate | pandas read (baseline) | networkx build (baseline) "
        "| graphkit load | load peak memory | load CPU time vs pandas / networkx | load average |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        n = r["rows"]
        g, p, x, l = r["generate"], r["pandas"], r["networkx"], r["graphkit"]
        lines.append(
            f"| {n:,} | {r['file_mib']:.0f} MiB "
            f"| {n / g['seconds']:,.0f} rows/s ({n / g['cpu_seconds']:,.0f} per CPU s) "
            f"| {n / p['seconds']:,.0f} rows/s ({n / p['cpu_seconds']:,.0f} per CPU s), "
            f"{p['peak_mib']:.0f} MiB "
            f"| {n / x['seconds']:,.0f} rows/s ({n / x['cpu_seconds']:,.0f} per CPU s), "
            f"{x['peak_mib']:.0f} MiB "
            f"| {l['seconds']:.1f} s, {n / l['seconds']:,.0f} rows/s "
            f"({n / l['cpu_seconds']:,.0f} per CPU s) "
            f"| {l['peak_mib']:.0f} MiB | {l['cpu_seconds'] / p['cpu_seconds']:.1f}x / "
            f"{l['cpu_seconds'] / x['cpu_seconds']:.1f}x | {r['load_average']:.1f} |"
        )
    lines.append("")
    lines.append(f"Machine: {where}.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        phase, path, workdir, size = args.child
        print(json.dumps(child(phase, path, workdir, int(size))))
        return
    where = machine()
    print(f"machine: {where}")
    results = run(args.sizes)
    print()
    print(markdown(results, where))
    if args.json:
        args.json.write_text(json.dumps({"machine": where, "results": results}, indent=2))


if __name__ == "__main__":
    main()
