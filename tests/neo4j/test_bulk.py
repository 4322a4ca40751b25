"""`graphkit push --bulk`: the database rebuilt through `neo4j-admin database import full` holds
the same graph as a transactional push into an empty database (issue 16, section 1).

On the real test server (scripts/neo4j manages it, so the bulk path stops and restarts it): the
demo case set plus generated contacts are loaded into a workspace with the real loaders, pushed
transactionally and exported (through the Store interface and as raw labels and properties),
then pushed again with --bulk --overwrite and exported again; the two exports must be equal.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.errors import StoreError
from graphkit.ingest import load_files
from graphkit.store.neo4j_bulk import managed_home, node_total
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files
from graphkit.workflows.generate import generate_contacts
from graphkit.workflows.sync import push, push_bulk

pytestmark = pytest.mark.neo4j


def export(store) -> dict:
    """Everything a store holds, through the Store interface and as raw Neo4j properties."""
    nodes = {n.id: (n.kind, n.name, sorted(n.aliases), n.properties, sorted(n.evidence)) for n in store.iter_nodes()}
    edges = {e.id: (e.source, e.target, e.relation, e.properties, sorted(e.evidence, key=lambda x: x.record_id))
             for e in store.iter_edges()}
    record_ids = {r for n in nodes.values() for r in n[4]} | {x.record_id for e in edges.values() for x in e[4]}
    driver, db = store.runner.driver, store.settings.database

    def bare(props: dict) -> dict:  # an empty list and an absent list are the same to graphkit (module doc)
        return {k: v for k, v in props.items() if v != []}

    raw_nodes = sorted((sorted(r["labels"]), sorted(bare(r["props"]).items()))
                       for r in driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props",
                                                     database_=db).records)
    raw_edges = sorted((r["type"], r["a"], r["b"], sorted(bare(r["props"]).items()))
                       for r in driver.execute_query(
                           "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props",
                           database_=db).records)
    return {"nodes": nodes, "edges": edges, "records": store.get_records(record_ids),
            "locations": store.record_locations(record_ids), "counts": store.counts(),
            "record_count": store.record_count(), "raw_nodes": raw_nodes, "raw_edges": raw_edges,
            "snapshot": store.snapshot_hash()}


@pytest.fixture()
def workspace(tmp_path):
    contacts = tmp_path / "contacts.csv"
    generate_contacts(400, seed=16, path=contacts)
    ws = Workspace(tmp_path / "ws")
    load_files([*demo_files(), contacts], ws)
    yield ws
    ws.close()


def test_bulk_push_equals_transactional_push(store, workspace, server_control, monkeypatch, tmp_path):
    monkeypatch.setenv("GRAPHKIT_NEO4J_HOME", str(server_control.home))
    pushed = push(workspace, store)
    assert pushed.nodes_new > 500 and pushed.edges_new > 1500 and pushed.records_new > 800
    transactional = export(store)
    assert transactional["counts"] == workspace.counts()

    with pytest.raises(StoreError, match=r"is not empty \([\d,]+ nodes\).*--overwrite"):
        push_bulk(workspace, store)
    assert node_total(store) > 0 and store.snapshot_hash() == transactional["snapshot"]  # untouched

    result = push_bulk(workspace, store, overwrite=True)
    assert (result.stats.nodes_new, result.stats.edges_new, result.stats.records_new) == (
        pushed.nodes_new, pushed.edges_new, pushed.records_new)
    assert result.rejects == []
    assert {"write files", "stop", "import", "start", "constraints"} <= set(result.phases)
    assert {"write files", "import", "start", "constraints"} <= set(result.cpu)
    assert all(seconds >= 0 for seconds in result.cpu.values()) and result.cpu["write files"] > 0
    bulk = export(store)
    for key in transactional:
        assert bulk[key] == transactional[key], key

    # constraints are back: a duplicate id is refused, and a transactional push merges onto the
    # bulk graph without changing it
    constraints = {r["name"] for r in store.runner.driver.execute_query(
        "SHOW CONSTRAINTS YIELD name", database_=store.settings.database).records}
    assert len(constraints) >= 3
    again = push(workspace, store)
    assert (again.nodes_new, again.edges_new, again.records_new) == (0, 0, 0)
    assert export(store)["snapshot"] == transactional["snapshot"]


def test_bulk_cli_refuses_without_overwrite_and_for_unmanaged_server(store, workspace, server_control,
                                                                     monkeypatch, tmp_path):
    monkeypatch.setenv("GRAPHKIT_NEO4J_HOME", str(server_control.home))
    push(workspace, store)
    before = node_total(store)
    workspace.close()
    ws_path = str(tmp_path / "ws")
    refused = CliRunner().invoke(main, ["push", "--workspace", ws_path, "--bulk"])
    assert refused.exit_code != 0 and "not empty" in refused.output and "--overwrite" in refused.output
    assert "Traceback" not in refused.output
    assert node_total(store) == before
    misuse = CliRunner().invoke(main, ["push", "--workspace", ws_path, "--overwrite"])
    assert misuse.exit_code == 2 and "--overwrite goes with --bulk" in misuse.output

    # a server graphkit does not manage (here: another home, as a shared remote server would be)
    monkeypatch.setenv("GRAPHKIT_NEO4J_HOME", str(tmp_path / "elsewhere"))
    with pytest.raises(StoreError, match="neo4j-admin.*server's own machine.*graphkit push"):
        managed_home(store)
    remote = CliRunner().invoke(main, ["push", "--workspace", ws_path, "--bulk", "--overwrite"])
    assert remote.exit_code != 0 and "scripts/neo4j manages" in remote.output
    assert node_total(store) == before
