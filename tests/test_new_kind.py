"""A kind added only in a schema file loads, is stored, charted and exported (workspace).

The same assertions run against the real Neo4j server in tests/neo4j/test_new_kind_neo4j.py.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graphkit import schema
from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace


def test_a_kind_added_in_the_schema_file_loads_and_is_stored_charted_exported(vessel_schema, vessel_records, tmp_path,
                                                                             check_vessel_store):
    with schema.use_schema(vessel_schema):
        assert "Vessel" in schema.ACTOR_KINDS and schema.kind_from_word("船舶") == "Vessel"
        with Workspace(tmp_path / "ws") as ws:
            report = load_files(vessel_records, ws)
            assert not report.rejects, report.rejects
            check_vessel_store(ws, tmp_path)
    assert "Vessel" not in schema.NODE_KINDS  # the test schema was used only inside the block


def test_without_the_kind_in_the_schema_the_rows_are_rejected(vessel_records, tmp_path):
    with Workspace(tmp_path / "ws") as ws:
        report = load_files(vessel_records, ws)
        assert "Vessel" not in ws.counts()
    reasons = " | ".join(r.reason for r in report.rejects)
    assert "kind: unknown kind; use person, company, intermediary, technology (or 個人, 法人, 仲介, 技術)" in reasons
    assert "to_kind: unknown kind" in reasons


def test_the_schema_file_can_be_named_by_the_environment(vessel_schema):
    code = "from graphkit import schema; print(schema.ACTOR_KINDS, schema.current().source)"
    env = {**os.environ, schema.SCHEMA_ENV: str(vessel_schema)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], check=True)
    assert done.stdout.strip() == f"('Person', 'Company', 'Intermediary', 'Vessel') {vessel_schema}"
