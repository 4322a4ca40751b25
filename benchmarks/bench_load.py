"""Benchmark: generate contacts with graphkit.workflows.generate and load them into a fresh workspace.

For each size (default 100,000 and 1,000,000 contacts) it prints, all measured in this run on
the same generated file:

- **generate**: ``graphkit.workflows.generate.generate_contacts`` writing the CSV (rows/s);
- **peer: pandas read_csv + networkx build** (one combined figure, the hand-written analyst
  script): ``pd.read_csv(dtype=str, keep_default_na=False)`` of the whole file, then an
  ``nx.MultiDiGraph`` of the actor graph graphkit's load also builds: a CONTACTED edge per
  contact (from -> via and via -> INTRODUCED -> to when there is an intermediary), SOUGHT and
  HOLDS per technology and EMPLOYED_BY per org cell, each edge with the row's contact id,
  date, channel, outcome and reliability; no normalisation, identity resolution, approach
  nodes, provenance or persistence;
- **graphkit load**: ``graphkit.ingest.load_files`` into a new embedded workspace (normalise
  every cell, resolve identities, write records, nodes, edges and evidence to SQLite).

Each measurement runs in a fresh child process, so the peak memory it reports (ru_maxrss of
that process) is its own; libraries are imported before the clock starts. The ratio is
graphkit's load CPU seconds over the peer's (issue 16.1's target: within 3x).

    PYTHONPATH=. python benchmarks/bench_load.py                       # 100k and 1M
    PYTHONPATH=. python benchmarks/bench_load.py --sizes 100000 --json out.json
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
    elif phase == "peer":
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        G = nx.MultiDiGraph()
        columns = [df[c].tolist() for c in ("contact_id", "date", "from_name", "from_org", "to_name", "to_org",
                                            "via_name", "technology", "channel", "outcome", "reliability")]
        for cid, date, a, a_org, b, b_org, via, tech, channel, outcome, reliability in zip(*columns):
            attrs = {"contact_id": cid, "date": date, "channel": channel, "outcome": outcome,
                     "reliability": reliability}
            if via:
                G.add_edge(a, via, "CONTACTED", **attrs)
                G.add_edge(via, b, "INTRODUCED", **attrs)
            else:
                G.add_edge(a, b, "CONTACTED", **attrs)
            for t in tech.split(";") if tech else ():
                G.add_edge(a, t, "SOUGHT", **attrs)
                G.add_edge(b, t, "HOLDS", **attrs)
            for party, org in ((a, a_org), (b, b_org)):
                if org:
                    G.add_edge(party, org, "EMPLOYED_BY", contact_id=cid)
        rows = len(df)
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
            peer = measure("peer", path, Path(tmp), size)
            load = measure("graphkit", path, Path(tmp), size)
            ws_mib = sum(f.stat().st_size for f in (Path(tmp) / "ws").rglob("*") if f.is_file()) / 2**20
        result = {"rows": size, "file_mib": mib, "generate": gen, "peer": peer,
                  "graphkit": load, "workspace_mib": ws_mib, "load_average": os.getloadavg()[1]}
        results.append(result)
        print(
            f"{size:>9,} contacts ({mib:.0f} MiB CSV): "
            f"generate {gen['cpu_seconds']:.1f} CPU s; "
            f"peer pandas read_csv + networkx build {peer['cpu_seconds']:.2f} CPU s "
            f"({peer['seconds']:.1f} s wall, peak {peer['peak_mib']:.0f} MiB, {peer['edges']:,} edges); "
            f"graphkit load {load['cpu_seconds']:.2f} CPU s ({load['seconds']:.1f} s wall, "
            f"{size / load['cpu_seconds']:,.0f} rows per CPU second, peak {load['peak_mib']:.0f} MiB, "
            f"workspace {ws_mib:.0f} MiB); "
            f"load CPU / peer CPU {load['cpu_seconds'] / peer['cpu_seconds']:.1f}x (target 3x); "
            f"machine load average {os.getloadavg()[1]:.1f}",
            flush=True,
        )
    return results


def markdown(results: list[dict], where: str) -> str:
    lines = [
        "| contacts | CSV | peer: pandas read_csv + networkx build | graphkit load | load peak memory "
        "| load CPU / peer CPU | load average |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        n = r["rows"]
        p, g = r["peer"], r["graphkit"]
        lines.append(
            f"| {n:,} | {r['file_mib']:.0f} MiB "
            f"| {p['cpu_seconds']:.2f} CPU s ({p['seconds']:.1f} s wall), {p['peak_mib']:.0f} MiB "
            f"| {g['cpu_seconds']:.2f} CPU s ({g['seconds']:.1f} s wall, {n / g['cpu_seconds']:,.0f} rows per CPU s) "
            f"| {g['peak_mib']:.0f} MiB | **{g['cpu_seconds'] / p['cpu_seconds']:.1f}x** | {r['load_average']:.1f} |"
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
