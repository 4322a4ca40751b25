"""The docstring examples of graphkit.normalize are part of the suite (they document the API)."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["__init__", "text", "dates", "countries", "identifiers", "reliability", "names"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module("graphkit.normalize" + ("" if name == "__init__" else f".{name}"))
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
