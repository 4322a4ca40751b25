"""Benchmark: load generated contacts CSVs into the workspace; rows/s and peak memory.

Baseline, measured in the same run on the same file: pandas reading the CSV in chunks with
every cell as text (``pd.read_csv(dtype=str, keep_default_na=False, chunksize=10_000)``),
which only parses. graphkit's load also decodes-checks the file, normalises every cell,
resolves identities, and writes records, nodes, edges and evidence to SQLite; the ratio says
what all that costs over parsing alone.

Each measurement runs in a fresh child process, so its peak memory (ru_maxrss) is its own.

    PYTHONPATH=. python benchmarks/load_contacts.py --rows 100000 1000000
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


FAMILY = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "Li", "Wang", "Zhang",
          "Chen", "Liu", "Kim", "Park", "Smith", "Müller", "Nguyen"]
GIVEN = ["太郎", "花子", "一郎", "健", "美咲", "Wei", "Fang", "Hao", "Min", "Jun", "Anna", "John"]
COUNTRIES = ["JP", "JP", "JP", "日本", "CN", "中国", "KR", "US", "SG", "HK", "DE", "TW"]
TECH = ["EUV lithography", "量子センサ", "AI accelerator", "photoresist", "GaN power devices", "MEMS gyroscope"]
CHANNELS = ["professional networking site", "conference", "headhunter", "email", "university visit"]
DATES = ["2023-04-01", "令和6年5月1日", "R6.5", "2024-02", "2022", "H30.11.3", "2024-06-30"]
HEADER = ("contact_id,case_id,date,from_name,from_kind,from_country,from_org,to_name,to_kind,to_country,"
          "to_org,via_name,via_kind,via_country,technology,channel,outcome,reliability,notes\n")


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """A contacts CSV with heavy-tailed actor activity (a few approachers make many contacts)."""
    rng = random.Random(seed)
    people = max(50, rows // 10)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for i in range(rows):
            a = int(rng.paretovariate(1.2)) % people
            b = rng.randrange(people)
            via = f"Agency {rng.randrange(max(5, people // 200))}" if rng.random() < 0.3 else ""
            fh.write(",".join([
                f"C{i:07d}", f"K-{i % 50:03d}", rng.choice(DATES),
                f"{FAMILY[a % 20]} {GIVEN[a % 12]} {a}", "person", COUNTRIES[a % 12], "",
                f"{FAMILY[b % 20]} {GIVEN[(b + 3) % 12]} {b}", "person", COUNTRIES[b % 3], "Tohto University",
                via, "intermediary" if via else "", "SG" if via else "",
                ";".join(rng.sample(TECH, rng.randint(0, 2))), rng.choice(CHANNELS), "", rng.choice("ABCD"), "",
            ]) + "\n")


def child(phase: str, path: str, workdir: str) -> None:
    start = time.perf_counter()
    if phase == "pandas":
        import pandas as pd

        rows = sum(len(c) for c in pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=10_000))
    else:
        from graphkit.ingest import load_files
        from graphkit.store.workspace import Workspace

        with Workspace(Path(workdir) / "ws") as ws:
            report = load_files([path], ws)
        rows = report.total.read
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mib": peak}))


def measure(phase: str, path: Path, workdir: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", phase, str(path), str(workdir)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    import psutil

    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}; "
          f"load average at start {os.getloadavg()[0]:.1f} (other processes share the cpus)")
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "contacts.csv"
            generate(path, rows)
            size = path.stat().st_size / 2**20
            base = measure("pandas", path, Path(tmp))
            load = measure("graphkit", path, Path(tmp))
            print(f"{rows:>9,} rows ({size:.0f} MiB): pandas read {base['seconds']:.1f} s "
                  f"({rows / base['seconds']:,.0f} rows/s, peak {base['peak_mib']:.0f} MiB); "
                  f"graphkit load {load['seconds']:.1f} s ({rows / load['seconds']:,.0f} rows/s, "
                  f"peak {load['peak_mib']:.0f} MiB); load/read time ratio {load['seconds'] / base['seconds']:.1f}x; "
                  f"load average now {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
