"""Fixtures for issue 15's sharing outputs (the brief, the timeline, the two languages): the
demo case set and a generated case set, each loaded by the real loaders into a workspace."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files
from graphkit.workflows.generate import generate


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the demo case set (loaded once; tests only read it)."""
    path = tmp_path_factory.mktemp("sharing-demo") / "ws"
    with Workspace(path) as ws:
        load_files(demo_files(), ws)
    return path


@pytest.fixture(scope="session")
def generated_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding 3,000 generated contacts (``graphkit generate``, seed 5)."""
    root = tmp_path_factory.mktemp("sharing-generated")
    contacts = root / "contacts.csv"
    generate(3_000, contacts, seed=5)
    with Workspace(root / "ws") as ws:
        load_files([contacts], ws)
    return root / "ws"
