"""Peak memory of `graphkit load` by file size (issue 12 item 18).

Generates contacts files (graphkit.workflows.generate, CP932 like an agency export) of each
size, loads each into a fresh workspace in its own process and prints the process's peak RSS.
A load is meant to be bounded by its chunk, not by the file: compare the rows.

    python3 benchmarks/bench_load_memory.py            # 20,000 and 200,000 rows
    python3 benchmarks/bench_load_memory.py 5000 50000
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CHILD = """
import resource, sys
from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace
ws = Workspace(sys.argv[2])
report = load_files([sys.argv[1]], ws, encoding="cp932")
ws.close()
print(report.total.read, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_mib(rows: int, folder: Path) -> tuple[int, float]:
    """Load a generated file of ``rows`` rows in a child process; return (rows read, peak MiB)."""
    from graphkit.workflows.generate import generate_contacts

    utf8 = folder / f"contacts-{rows}.csv"
    generate_contacts(rows, seed=1, bad_rows=0, path=utf8)
    cp932 = folder / f"contacts-{rows}-cp932.csv"
    cp932.write_bytes(utf8.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    done = subprocess.run([sys.executable, "-c", CHILD, str(cp932), str(folder / f"ws-{rows}")],
                          capture_output=True, text=True, check=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    read, kib = done.stdout.split()
    return int(read), int(kib) / 1024


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print("rows,peak_rss_mib")
        for rows in sizes:
            read, mib = peak_rss_mib(rows, Path(tmp))
            print(f"{read},{mib:.0f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20_000, 200_000])
