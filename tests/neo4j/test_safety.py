"""Hostile values, bad rows, wrong passwords and a stopped server, against the real Neo4j.

Every expected value here is written out by hand from the input the test builds.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.errors import AuthenticationError, SchemaError, StoreError, StoreUnavailable
from graphkit.model import Batch, Edge, Evidence, Node, Record
from graphkit.store.cypher import query, query_names
from graphkit.store.neo4j import open_neo4j_store

HOSTILE = "x'}) DETACH DELETE n //"

pytestmark = pytest.mark.neo4j


def person(node_id: str, name: str, record: str = "r1", **props) -> Node:
    return Node(id=node_id, kind="Person", name=name, properties=props, evidence={record})


def records(*ids: str) -> list[Record]:
    return [Record(rid, "contacts", "t.csv", i + 2, case_id="K1") for i, rid in enumerate(ids)]


def test_hostile_name_loads_as_text_and_deletes_nothing(store, tmp_path):
    store.write(Batch(records=records("r1"), nodes=[person("p-a", "Alice"), person("p-b", "Bob")]))
    csv = tmp_path / "hostile.csv"
    csv.write_text(f"contact_id,from_name,to_name,date\nh1,\"{HOSTILE}\",Alice,2024-05-01\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["load", str(csv), "--neo4j"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    names = {n.name for n in store.iter_nodes(["Person"])}
    assert names == {"Alice", "Bob", HOSTILE}  # Bob survives; the text is a plain name
    assert store.counts()["Person"] == 3


def test_unknown_relation_is_rejected_before_any_query(store):
    with pytest.raises(SchemaError):
        query("merge_edges", rel_type=HOSTILE)
    with pytest.raises(SchemaError):
        query("merge_nodes", label="Person)-[:X]->(m")
    batch = Batch(
        records=records("r1"),
        nodes=[person("p-a", "Alice"), person("p-b", "Bob")],
        edges=[Edge("e1", "p-a", "p-b", HOSTILE, evidence=[Evidence("r1", "t.csv", 2)]),
               Edge("e2", "p-a", "p-b", "CONTACTED", evidence=[Evidence("r1", "t.csv", 2)])],
    )
    stats = store.write(batch)
    assert stats.edges_new == 1 and stats.nodes_new == 2
    assert store.counts() == {"Person": 2, "CONTACTED": 1}
    assert [(r.file, r.row) for r in store.rejected] == [("t.csv", 2)]
    assert "unknown relation" in store.rejected[0].reason
    kept = store.read_rejects()
    assert len(kept) == 1 and kept[0].reason == store.rejected[0].reason


def test_every_query_file_has_its_header():
    for name in query_names():
        if "{label}" in (Path(__file__).parents[2] / "cypher" / f"{name}.cypher").read_text():
            q = query(name, label="Person")
        elif "{type}" in (Path(__file__).parents[2] / "cypher" / f"{name}.cypher").read_text():
            q = query(name, rel_type="CONTACTED")
        else:
            q = query(name)
        assert q.name == name and q.mode in ("read", "write")


def test_a_bad_row_does_not_sink_its_batch(store):
    # Ten people; the fifth has a property Neo4j cannot store (a list mixing text and numbers).
    # Checked rows pass the client-side checks, so Neo4j itself refuses the chunk; the store
    # splits it, rejects that one row (with its record's file and row) and commits the other nine.
    recs = records(*[f"r{i}" for i in range(10)])
    nodes = [person(f"p{i}", f"P{i}", f"r{i}") for i in range(10)]
    nodes[4] = person("p4", "P4", "r4", identifiers=["a", 1])
    edges = [Edge(f"e{i}", f"p{i}", f"p{i + 1}", "CONTACTED", evidence=[Evidence(f"r{i}", "t.csv", i + 2)])
             for i in range(9)]
    stats = store.write(Batch(records=recs, nodes=nodes, edges=edges))
    assert stats.nodes_new == 9
    assert store.counts() == {"Person": 9, "CONTACTED": 7}  # e3 (p3->p4) and e4 (p4->p5) lost their end
    # records(...) puts record r<i> on t.csv row i + 2: p4 (r4) is row 6; e3 cites r3 (row 5), e4 r4 (row 6)
    rejected = sorted((r.file, r.row, r.reason.split(" (")[0]) for r in store.rejected)
    assert rejected == [
        ("t.csv", 5, "CONTACTED edge to or from a node that is not stored"),
        ("t.csv", 6, "CONTACTED edge to or from a node that is not stored"),
        ("t.csv", 6, "Neo4j could not store it"),
    ]
    assert any("Neo.ClientError" in r.reason for r in store.rejected)
    assert {n.id for n in store.iter_nodes()} == {f"p{i}" for i in range(10)} - {"p4"}


def test_client_side_checks_reject_unstorable_values(store):
    batch = Batch(records=records("r1", "r2"),
                  nodes=[person("p1", "A", "r1", notes={"nested": "map"}), person("p2", "B", "r2")])
    stats = store.write(batch)
    assert stats.nodes_new == 1
    assert [(r.row, "notes is a dict" in r.reason) for r in store.rejected] == [(2, True)]


def test_driver_debug_logs_hold_no_values_and_no_password(neo4j_env, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="neo4j")
    secret_value = "SECRET-RECORD-VALUE-7731"
    with open_neo4j_store() as s:
        s.write(Batch(records=records("r1"), nodes=[person("p-secret", secret_value)]))
        assert any(n.name == secret_value for n in s.iter_nodes(["Person"]))
    text = caplog.text
    assert "C: RUN" in text  # the driver did log its protocol at DEBUG: the check below means something
    assert secret_value not in text
    assert neo4j_env["NEO4J_PASSWORD"] not in text


def test_wrong_password_is_a_clear_error_without_the_password(neo4j_env, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-password-5521"
    with pytest.raises(AuthenticationError) as err:
        open_neo4j_store(password=wrong)
    assert "refused the credentials" in str(err.value)
    assert wrong not in str(err.value) and wrong not in caplog.text
    assert neo4j_env["NEO4J_PASSWORD"] not in str(err.value)
    result = CliRunner().invoke(main, ["info", "--neo4j"], env={"NEO4J_PASSWORD": wrong})
    assert result.exit_code == 1 and "refused the credentials" in result.output
    assert wrong not in result.output and "Traceback" not in result.output
    time.sleep(1)


def test_server_not_running_fails_fast_with_the_way_out(neo4j_env):
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as err:
        open_neo4j_store(uri="bolt://127.0.0.1:1")
    assert time.monotonic() - started < 10
    assert "scripts/neo4j start" in str(err.value)
    result = CliRunner().invoke(main, ["info", "--neo4j"], env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert result.exit_code == 1 and "not reachable" in result.output and "Traceback" not in result.output


def test_config_file_and_tls_uri(neo4j_env, monkeypatch, tmp_path):
    config = tmp_path / "neo4j.toml"
    config.write_text(f'uri = "{neo4j_env["NEO4J_URI"]}"\nusername = "neo4j"\n'
                      f'password = "{neo4j_env["NEO4J_PASSWORD"]}"\ndatabase = "neo4j"\n', encoding="utf-8")
    for key in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USERNAME", "NEO4J_DATABASE"):
        monkeypatch.delenv(key)
    with open_neo4j_store(config=config) as s:
        assert s.settings.source == str(config)
        assert isinstance(s.counts(), dict)
    # TLS URIs go to the driver as given: the test server offers TLS with a self-signed
    # certificate, so bolt+ssc:// and neo4j+ssc:// connect once the user opts in to accepting
    # any certificate (issue 12.11), and bolt+s:// (CA-verified) is refused saying why.
    for scheme in ("bolt+ssc://", "neo4j+ssc://"):
        tls = neo4j_env["NEO4J_URI"].replace("bolt://", scheme)
        with pytest.raises(StoreError, match="accepts any TLS certificate.*--trust-any-certificate"):
            open_neo4j_store(uri=tls, config=config)
        with open_neo4j_store(uri=tls, config=config, trust_any_certificate=True) as s:
            assert s.settings.uri.startswith(scheme) and isinstance(s.counts(), dict)
    monkeypatch.setenv("GRAPHKIT_NEO4J_TRUST_ANY_CERT", "1")
    with open_neo4j_store(uri=neo4j_env["NEO4J_URI"].replace("bolt://", "bolt+ssc://"), config=config) as s:
        assert isinstance(s.counts(), dict)
    monkeypatch.delenv("GRAPHKIT_NEO4J_TRUST_ANY_CERT")
    with pytest.raises(StoreUnavailable, match="certificate could not be verified") as refused:
        open_neo4j_store(uri=neo4j_env["NEO4J_URI"].replace("bolt://", "bolt+s://"), config=config)
    assert "scripts/neo4j start" not in str(refused.value)
    with pytest.raises(StoreError, match="bad Neo4j settings|not reachable"):
        open_neo4j_store(uri="http+nothing://127.0.0.1:1", config=config)
