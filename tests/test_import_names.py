"""Every file has one import name (docs/architecture.md, "One import name per file")."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_in_checkout(code: str) -> subprocess.CompletedProcess:
    """Python run from the checkout's root, where ``loaders`` and ``cli`` are reachable names."""
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)


@pytest.mark.parametrize("name, one_name", [("loaders", "graphkit.loaders"),
                                            ("loaders.mapping", "graphkit.loaders"),
                                            ("cli", "graphkit.cli")])
def test_top_level_names_refuse_to_import(name: str, one_name: str) -> None:
    done = run_in_checkout(f"import {name}")
    assert done.returncode != 0
    assert f"ImportError: import {one_name}, not {name.split('.')[0]}" in done.stderr


@pytest.mark.parametrize("name", ["graphkit.graphkit", "graphkit.tests", "graphkit.benchmarks"])
def test_no_second_copy_of_the_package(name: str) -> None:
    done = run_in_checkout(f"import {name}")
    assert "ModuleNotFoundError" in done.stderr, done.stderr


def test_loaders_cli_and_cypher_are_inside_the_package() -> None:
    done = run_in_checkout(
        "import graphkit, graphkit.cli, graphkit.loaders.mapping as m, graphkit.resources as r;"
        "print(r.cypher_dir().relative_to(r.cypher_dir().parent.parent));"
        "print(m.Mapping.__module__, graphkit.cli.main.name)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["graphkit/cypher", "graphkit.loaders.mapping", "main"]
