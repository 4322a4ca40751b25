"""Fixtures for the store tests: a fresh workspace (the hand-built batches are in
tests/helpers/store_records.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.store.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path):
    with Workspace(tmp_path / "ws") as workspace:
        yield workspace
