"""The demo case set loaded into a fresh workspace, as the actor graph (one per test module)."""
from __future__ import annotations

import pytest

from graphkit.workflows.demo import demo_files
from graphkit.ingest import load_files
from graphkit.projection import actor_graph
from graphkit.store.workspace import Workspace


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    with Workspace(tmp_path_factory.mktemp("demo") / "ws") as store:
        load_files(demo_files(), store)
        return actor_graph(store)
