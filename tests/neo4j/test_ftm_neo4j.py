"""FollowTheMoney through the real Neo4j server: a redacted package of the demo loads into
Neo4j with the structure of the workspace it came from, and Neo4j exports the same entities
(ids, schemata, properties) as the workspace does; an OpenSanctions fixture loads into Neo4j
with the workspace's counts, dangling references rejected."""
from __future__ import annotations

import json

import pytest

from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files
from graphkit.workflows.ftm_export import ENTITIES_FILE, export_ftm
from graphkit.workflows.redaction import load_policy
from tests.helpers.ftm_check import ftm_problems

pytestmark = pytest.mark.neo4j


def structure(store) -> dict[str, int]:
    return {k: v for k, v in store.counts().items() if v}


def test_redacted_package_round_trips_through_neo4j(store, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_PSEUDONYM_KEY", "neo4j-test-key")
    policy = load_policy("default")
    with Workspace(tmp_path / "ws") as workspace:
        load_files(demo_files(), workspace)
        want = structure(workspace)
        from_workspace = export_ftm(workspace, tmp_path / "pkg", policy=policy)
    report = load_files([tmp_path / "pkg" / ENTITIES_FILE], store)
    assert report.total.rejected == 0 and report.files[0].layout == "ftm"
    assert structure(store) == want
    # the package read back from Neo4j goes out again with the same structure
    again = export_ftm(store, tmp_path / "again")
    assert ftm_problems(tmp_path / "again" / ENTITIES_FILE) == []
    schemata = sorted(e["schema"] for e in from_workspace.entities)
    assert sorted(e["schema"] for e in again.entities) == schemata


def test_neo4j_and_the_workspace_export_the_same_entities(store, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_PSEUDONYM_KEY", "neo4j-test-key")
    policy = load_policy("default")
    load_files(demo_files(), store)
    with Workspace(tmp_path / "ws") as workspace:
        load_files(demo_files(), workspace)
        from_workspace = export_ftm(workspace, tmp_path / "ws-pkg", policy=policy)
    from_neo4j = export_ftm(store, tmp_path / "neo-pkg", policy=policy)
    assert from_neo4j.entities == from_workspace.entities
    assert from_neo4j.manifest["withheld"] == from_workspace.manifest["withheld"]
    assert from_neo4j.manifest["input"]["snapshot_hash"] == store.snapshot_hash()


def test_an_opensanctions_fixture_loads_into_neo4j_as_into_the_workspace(store, tmp_path, shared_datasets):
    path = shared_datasets / "opensanctions_ftm_fixtures" / "zala_aero_cluster.entities.ftm.json"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    cut = tmp_path / "cut.ftm.json"  # one company left out: the links naming it dangle
    gone = next(e["id"] for e in rows if e.get("caption") == "LLC CST")
    cut.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in rows if e["id"] != gone),
                   encoding="utf-8")
    report = load_files([cut], store)
    with Workspace(tmp_path / "ws") as workspace:
        reference = load_files([cut], workspace)
        assert structure(store) == structure(workspace)
    assert report.total.rejected == reference.total.rejected > 0
    assert sorted((r.row, r.reason) for r in report.rejects) == sorted((r.row, r.reason) for r in reference.rejects)
    assert load_files([cut], store).total.loaded == 0  # reloading changes nothing
