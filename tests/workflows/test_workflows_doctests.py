"""The examples in the workflows' docstrings run (each is a notebook-style call)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import graphkit.workflows

MODULES = ["graphkit.render", "graphkit.workflows",
           *(f"graphkit.workflows.{m.name}" for m in pkgutil.iter_modules(graphkit.workflows.__path__))]


def test_every_workflow_module_is_listed() -> None:
    assert {"graphkit.workflows.analyse", "graphkit.workflows.inspect", "graphkit.workflows.load",
            "graphkit.workflows.stores", "graphkit.workflows.sync"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, name
