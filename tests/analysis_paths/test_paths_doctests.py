"""The docstring examples of the path and community modules run and hold."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["likelihood", "selection", "transfer", "temporal", "paths", "communities"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"graphkit.analysis.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
