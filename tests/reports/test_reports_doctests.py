"""The docstring examples of graphkit.reports are part of the suite (they document the API)."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["ranking", "collect", "charts", "compare", "tables", "page", "build"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"graphkit.reports.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
