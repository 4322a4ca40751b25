"""Fixtures for the store tests: a fresh workspace, and empty stores of both kinds (the
hand-built batches are in tests/helpers/store_records.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest

from graphkit.store.base import Store
from graphkit.store.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path):
    with Workspace(tmp_path / "ws") as workspace:
        yield workspace


STORES = [pytest.param("workspace", id="workspace"),
          pytest.param("neo4j", id="neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=STORES)
def open_empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """A function that opens an empty store of the parameter's kind; all are closed at the end.

    Each Neo4j store also appends its rejects to a CSV file, as ``graphkit load --neo4j`` does.
    """
    opened: list[Store] = []
    if request.param == "neo4j":
        request.getfixturevalue("neo4j_env")
        wipe = request.getfixturevalue("wiper")
        from graphkit.store.neo4j import open_neo4j_store

        def make() -> Store:
            store = open_neo4j_store(rejects_path=tmp_path / f"neo4j-rejects-{len(opened)}.csv")
            wipe(store)
            opened.append(store)
            return store
    else:
        def make() -> Store:
            store = Workspace(tmp_path / f"ws-{len(opened)}")
            opened.append(store)
            return store
    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(open_empty: Callable[[], Store]) -> Store:
    """An empty store of each kind."""
    return open_empty()
