"""Start-up cost of the CLI (issue 11.12): what each command imports, and the compile notice.

Timings are measured by benchmarks/bench_cli.py, not asserted here; these tests pin down the
causes: `--help` and `info` load none of pandas, numpy, networkx, NetworKit or Numba, a small
graph's analysis never loads Numba, and the one-off compile of the kernels is announced.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import graphkit
from graphkit.analysis.kernels import COMPILE_NOTICE
from graphkit.workflows.demo import run_demo

HEAVY = ("pandas", "numpy", "networkx", "networkit", "numba", "scipy")
SOURCE_ROOT = str(Path(graphkit.__file__).resolve().parents[1])


def run_python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": SOURCE_ROOT, **(env or {})}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=full_env, timeout=600)


CLI_THEN_MODULES = """
import sys
from graphkit.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    assert not stop.code, stop.code
print("LOADED:" + ",".join(sorted({m.split('.')[0] for m in sys.modules} & set(%r))))
""" % (HEAVY,)


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory) -> Path:
    return run_demo(tmp_path_factory.mktemp("demo"), write_report=False).workspace


def loaded_modules(*args: str) -> list[str]:
    done = run_python(CLI_THEN_MODULES, *args)
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("LOADED:")
    return [name for name in line[len("LOADED:"):].split(",") if name]


def test_help_loads_no_heavy_library():
    assert loaded_modules("--help") == []


def test_info_loads_no_heavy_library(demo_workspace):
    assert loaded_modules("info", "-w", str(demo_workspace)) == []


def test_brokers_on_the_demo_does_not_load_numba(demo_workspace):
    loaded = loaded_modules("brokers", "-w", str(demo_workspace), "--top", "3")
    assert "pandas" in loaded and "networkx" in loaded  # the check sees what is loaded
    assert "numba" not in loaded


COMPILE = """
import networkx as nx
from graphkit.analysis import kernels, structural_holes
kernels.SMALL_WORK = 0  # force the compiled kernel on a tiny graph
print(structural_holes.structural_holes(nx.path_graph(3))["constraint"][1])
"""


def test_the_first_compile_is_announced_once_and_later_runs_are_silent(tmp_path):
    env = {"NUMBA_CACHE_DIR": str(tmp_path / "numba-cache")}
    first = run_python(COMPILE, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "0.5"
    assert first.stderr.count(COMPILE_NOTICE) == 1
    second = run_python(COMPILE, env=env)
    assert second.returncode == 0 and second.stdout.strip() == "0.5"
    assert COMPILE_NOTICE not in second.stderr
