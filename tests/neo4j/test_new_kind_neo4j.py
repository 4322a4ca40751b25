"""A kind added only in a schema file is stored in the real Neo4j server: loaded into a
workspace, pushed, read back, projected, charted and exported from Neo4j (the workspace half is
tests/test_new_kind.py; both run the same check_vessel_store)."""
from __future__ import annotations

import pytest

from graphkit import schema
from graphkit.ingest import load_files
from graphkit.store.neo4j import open_neo4j_store
from graphkit.workflows.sync import push
from graphkit.store.workspace import Workspace

pytestmark = pytest.mark.neo4j


def test_a_kind_added_in_the_schema_file_is_stored_in_neo4j(vessel_schema, vessel_records, neo4j_env, tmp_path,
                                                            wiper, check_vessel_store):
    wipe = wiper
    with schema.use_schema(vessel_schema), Workspace(tmp_path / "ws") as ws:
        report = load_files(vessel_records, ws)
        assert not report.rejects, report.rejects
        neo = open_neo4j_store()
        try:
            wipe(neo)
            push(ws, neo)
            labels = neo.runner.driver.execute_query(
                "MATCH (n:Vessel) RETURN n.name AS name", database_=neo.settings.database).records
            assert [r["name"] for r in labels] == ["Ocean Pioneer"]
            assert neo.counts() == ws.counts()
            check_vessel_store(neo, tmp_path)
            # and loading straight into Neo4j gives the same Vessel
            wipe(neo)
            assert not load_files(vessel_records, neo).rejects
            check_vessel_store(neo, tmp_path)
        finally:
            wipe(neo)
            neo.close()
