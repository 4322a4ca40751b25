"""CLI start-up and demo-sized commands: wall and CPU seconds, against `python -c "import click"`.

Each command runs as a fresh process (as a user types it) ``--repeat`` times after one warm-up
run (which also fills Numba's cache if a large graph needs it); the table gives the median
wall-clock and CPU (user + system of the child) seconds, and the same for the peer: a Python
that only imports click, the floor any click CLI pays. Targets (issue 11.12): ``--help`` under
0.3 s, ``info`` under 0.5 s, warm ``brokers`` on the 66-actor demo under 1.5 s.

Usage: python benchmarks/bench_cli.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRAPHKIT = [sys.executable, "-c", "from graphkit.cli import main; main()"]


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv`` (CPU from the child's resource usage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(argv: list[str], cwd: Path, repeat: int) -> tuple[float, float]:
    timed(argv, cwd)  # warm-up: file cache, bytecode, Numba cache
    runs = [timed(argv, cwd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        subprocess.run([*GRAPHKIT, "demo", "--out", "demo"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
        ws = str(work / "demo" / "workspace")
        cases = [
            ('python -c "import click" (peer)', [sys.executable, "-c", "import click"]),
            ("graphkit --help", [*GRAPHKIT, "--help"]),
            ("graphkit info", [*GRAPHKIT, "info", "-w", ws]),
            ("graphkit brokers", [*GRAPHKIT, "brokers", "-w", ws]),
            ("graphkit paths", [*GRAPHKIT, "paths", "-w", ws, "--from", "foreign",
                                "--to", 'technology:"quantum sensing"', "-k", "3"]),
        ]
        print(f"{'command':34} {'wall s':>8} {'cpu s':>8} {'wall - peer':>12}")
        peer_wall = None
        for name, argv in cases:
            wall, cpu = measure(argv, work, args.repeat)
            peer_wall = wall if peer_wall is None else peer_wall
            print(f"{name:34} {wall:8.3f} {cpu:8.3f} {wall - peer_wall:12.3f}")
    print(f"(median of {args.repeat} runs; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
