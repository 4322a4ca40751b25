"""Fixtures for the analysis tests: the shared datasets and R's sna as the reference."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parents[2]


def _datasets_dir() -> Path:
    """../shared/datasets beside the checkout (a worktree sits one level deeper)."""
    candidates = [Path(os.environ["GRAPHKIT_DATASETS"])] if "GRAPHKIT_DATASETS" in os.environ else []
    candidates += [parent / "shared" / "datasets" for parent in REPO.parents]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise AssertionError(f"shared datasets not found (looked in {[str(c) for c in candidates]})")


@pytest.fixture(scope="session")
def datasets() -> Path:
    return _datasets_dir()


def _sna_ready() -> bool:
    if shutil.which("Rscript") is None:
        return False
    return subprocess.run(["Rscript", "-e", "suppressMessages(library(sna))"], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def sna() -> Callable[[nx.Graph, list[Any]], dict]:
    """Run R's ``sna::brokerage`` on a graph and a class vector (in ``list(G)`` order).

    Installs Debian's r-cran-sna when it is missing (the reference must be there: a missing
    R fails the tests instead of skipping them).
    """
    if not _sna_ready():
        subprocess.run(["apt-get", "install", "-y", "r-cran-sna"], capture_output=True)
    assert _sna_ready(), "R's sna is required: apt-get install -y r-cran-sna"
    script = REPO / "tests" / "analysis" / "sna_brokerage.R"

    def run(G: nx.Graph, classes: list[Any], tmp: Path) -> dict:
        nodes = list(G)
        index = {node: i + 1 for i, node in enumerate(nodes)}
        edges = tmp / "edges.csv"
        with edges.open("w") as handle:
            handle.write("from,to\n")
            for u, v in G.edges():
                if u == v:
                    continue
                handle.write(f"{index[u]},{index[v]}\n")
                if not G.is_directed():
                    handle.write(f"{index[v]},{index[u]}\n")
        labels = tmp / "classes.txt"
        labels.write_text("\n".join("<none>" if c is None else str(c) for c in classes) + "\n", encoding="utf-8")
        out = tmp / "sna.json"
        done = subprocess.run(
            ["Rscript", str(script), str(edges), str(labels), str(len(nodes)), str(out)],
            capture_output=True, text=True,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(out.read_text())

    return run
