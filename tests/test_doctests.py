"""Docstring examples are part of the suite.

``python -m pytest`` runs every example in ``graphkit/`` (``--doctest-modules`` and
``testpaths`` in pyproject.toml; the loaders and the command line through their ``graphkit``
names). This module keeps that configuration honest: the modules whose examples document the
API still have examples, and pytest is still told to run them.
"""
from __future__ import annotations

import doctest
import importlib
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Modules whose docstring examples are their API's documentation (each must keep at least one).
DOCUMENTED = [
    "graphkit.datasets",
    *(f"graphkit.analysis.{name}" for name in [
        "brokerage", "brokers", "centrality", "cuts", "engine", "structural_holes",
        "likelihood", "selection", "transfer", "temporal", "paths", "communities"]),
    "graphkit.normalize",
    *(f"graphkit.normalize.{name}" for name in [
        "text", "dates", "countries", "identifiers", "reliability", "names"]),
    *(f"graphkit.reports.{name}" for name in [
        "ranking", "collect", "charts", "compare", "tables", "page", "build"]),
    "graphkit.loaders.mapping",
    "graphkit.loaders.layouts",
]


@pytest.mark.parametrize("name", DOCUMENTED)
def test_module_has_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    examples = sum(len(test.examples) for test in doctest.DocTestFinder().find(module))
    assert examples > 0, f"{name} lost its docstring examples"


def test_pytest_runs_the_package_examples() -> None:
    options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert "graphkit" in options["testpaths"]
