"""The Neo4j tests' own fixture: an open store on an emptied test database.

The test server itself (``neo4j_server``, ``neo4j_env``, ``wiper``, ``server_control``) is
started by the fixtures in tests/conftest.py, shared with the store conformance tests.
"""
from __future__ import annotations

import pytest


@pytest.fixture()
def store(neo4j_env: dict[str, str], wiper):
    """An open Neo4jStore on an empty test database."""
    from graphkit.store.neo4j import open_neo4j_store

    opened = open_neo4j_store()
    wiper(opened)
    yield opened
    opened.close()
