"""The embedded workspace: idempotent merges, provenance, rejects, errors."""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.store_records import dump, edge, evidence, person, record, small_batch
from graphkit.errors import StoreError, StoreUnavailable
from graphkit.model import Batch, Node, Reject
from graphkit.store import open_store
from graphkit.store.base import Store
from graphkit.store.workspace import Workspace
from graphkit.store.workspace_tables import FORMAT_VERSION


def test_workspace_is_a_store(ws):
    assert isinstance(ws, Store)
    assert (ws.path / "graph.sqlite").is_file()


def test_write_counts_distinct_new_entries(ws):
    stats = ws.write(small_batch())
    # small_batch names Wang twice: 4 distinct nodes, 5 edges, 2 records
    assert (stats.nodes_new, stats.nodes_merged) == (4, 0)
    assert (stats.edges_new, stats.edges_merged) == (5, 0)
    assert (stats.records_new, stats.records_merged) == (2, 0)
    assert ws.counts() == {"Intermediary": 1, "Person": 2, "Technology": 1,
                           "CONTACTED": 2, "HOLDS": 1, "INTRODUCED": 1, "SOUGHT": 1}


def test_writing_the_same_batch_twice_changes_nothing(ws):
    ws.write(small_batch())
    before = dump(ws)
    stats = ws.write(small_batch())
    assert (stats.nodes_new, stats.edges_new, stats.records_new) == (0, 0, 0)
    assert (stats.nodes_merged, stats.edges_merged, stats.records_merged) == (4, 5, 2)
    assert dump(ws) == before


def test_nodes_merge_aliases_evidence_and_missing_properties(ws):
    ws.write(Batch(nodes=[Node("p-1", "Person", "Wang Lei", {"Wang Lei"}, {"country": "CN", "identifiers": ["a@x"]},
                               {"contacts:C1"})]))
    stats = ws.write(Batch(nodes=[Node("p-1", "Person", "王磊", {"王磊"},
                                       {"country": "JP", "org": "Apex", "identifiers": ["b@y"], "foreign": None},
                                       {"contacts:C2"})]))
    assert (stats.nodes_new, stats.nodes_merged) == (0, 1)
    node = ws.get_node("p-1")
    assert node.name == "Wang Lei"  # the first display name stays
    assert node.aliases == {"Wang Lei", "王磊"}
    assert node.evidence == {"contacts:C1", "contacts:C2"}
    # country kept (first non-empty), org filled, identifiers unioned, None never stored
    assert node.properties == {"country": "CN", "identifiers": ["a@x", "b@y"], "org": "Apex"}
    assert ws.conflicts() == [("p-1", "country", '"CN"', '"JP"')]


def test_an_empty_value_never_overwrites_a_present_one(ws):
    ws.write(Batch(nodes=[Node("p-1", "Person", "A", properties={"org": "Apex"})]))
    ws.write(Batch(nodes=[Node("p-1", "Person", "A", properties={"org": ""})]))
    assert ws.get_node("p-1").properties == {"org": "Apex"}


def test_edge_evidence_is_a_union_by_record(ws):
    ws.write(Batch(edges=[edge("a", "CONTACTED", "b", evidence(1, date="2024"))]))
    stats = ws.write(Batch(edges=[edge("a", "CONTACTED", "b", evidence(1, date="2024"), evidence(2))]))
    assert (stats.edges_new, stats.edges_merged) == (0, 1)
    [stored] = list(ws.iter_edges())
    assert [e.record_id for e in stored.evidence] == ["contacts:C1", "contacts:C2"]
    assert stored.evidence[0] == evidence(1, date="2024")


def test_the_same_record_in_another_file_adds_a_location(ws):
    ws.write(Batch(records=[record(1)]))
    stats = ws.write(Batch(records=[record(1, file="copy.csv")]))
    assert (stats.records_new, stats.records_merged) == (0, 1)
    assert ws.record_count() == 1
    assert ws.record_locations(["contacts:C1"]) == {"contacts:C1": [("contacts.csv", 2), ("copy.csv", 2)]}
    assert ws.get_records(["contacts:C1", "nope"])["contacts:C1"].file == "contacts.csv"


def test_a_failing_batch_writes_nothing(ws):
    ws.write(Batch(records=[record(1)]))
    before = dump(ws)
    bad = Batch(records=[record(2)], nodes=[Node("p-x", "Person", None)])  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        ws.write(bad)
    assert dump(ws) == before  # record C2 was rolled back with the bad node


def test_iter_filters_by_kind_and_relation(ws):
    ws.write(small_batch())
    assert [n.id for n in ws.iter_nodes(["Person"])] == ["p-sato", "p-wang"]
    assert sorted(e.relation for e in ws.iter_edges(["CONTACTED", "HOLDS"])) == ["CONTACTED", "CONTACTED", "HOLDS"]
    [holds] = list(ws.iter_edges(["HOLDS"]))
    assert holds.properties == {"inferred": True}


def test_rejects_file_is_appended_and_spreadsheet_safe(ws):
    ws.write_rejects([Reject("c.csv", 3, "no to_name", "contacts", {"from_name": "=HYPERLINK(\"x\")"})])
    ws.write_rejects([Reject("c.csv", 9, "bad date", "contacts", {"date": "R6.2.30"})])
    raw = ws.rejects_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1  # one BOM, at the start
    with open(ws.rejects_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["file", "row", "layout", "reason", "raw"]
    assert rows[1][:4] == ["c.csv", "3", "contacts", "no to_name"]
    assert rows[1][4].startswith("{") and json.loads(rows[1][4])["from_name"].startswith("=")
    assert rows[2][3] == "bad date"
    assert ws.rejects_count() == 2


def test_formula_in_a_reject_reason_is_neutralised(ws):
    ws.write_rejects([Reject("=cmd.csv", 2, "@SUM(A1)", "contacts", {})])
    with open(ws.rejects_path, encoding="utf-8-sig", newline="") as fh:
        row = list(csv.reader(fh))[1]
    assert row[0] == "'=cmd.csv" and row[3] == "'@SUM(A1)"


def test_missing_workspace_is_an_error_when_not_creating(tmp_path: Path):
    with pytest.raises(StoreUnavailable, match="no workspace at"):
        Workspace(tmp_path / "nowhere", create=False)
    assert not (tmp_path / "nowhere").exists()


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path: Path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "graph.sqlite").write_text("not a database at all" * 100)
    with pytest.raises(StoreError, match="not a graphkit workspace"):
        Workspace(tmp_path / "ws")


def test_a_newer_format_is_refused(tmp_path: Path):
    with Workspace(tmp_path / "ws") as ws:
        ws.connection.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
    with pytest.raises(StoreError, match="format 99"):
        Workspace(tmp_path / "ws")


def test_an_older_format_is_refused_with_advice(tmp_path: Path):
    with Workspace(tmp_path / "ws") as ws:
        ws.connection.execute("UPDATE meta SET value = '1' WHERE key = 'format_version'")
    with pytest.raises(StoreError, match="older workspace format 1"):
        Workspace(tmp_path / "ws")


def test_sqlite_views_show_names(ws):
    ws.write(small_batch())
    ws.close()
    conn = sqlite3.connect(ws.db_path)
    rows = conn.execute(
        "SELECT source_name, relation, target_name, contacts, first_date FROM v_edges ORDER BY 1, 2, 3").fetchall()
    assert ("Wang Lei", "SOUGHT", "EUV lithography", 2, "2024-05") in rows
    # evidence items in small_batch: 1 + 1 + 1 + 2 (SOUGHT) + 1 (HOLDS)
    assert conn.execute("SELECT count(*) FROM v_edge_evidence").fetchone() == (6,)
    assert conn.execute("SELECT country, \"foreign\" FROM v_nodes WHERE name = 'Wang Lei'").fetchone() == ("CN", 1)
    assert conn.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone() == (str(FORMAT_VERSION),)


def test_open_store_opens_the_workspace(tmp_path: Path):
    store = open_store(tmp_path / "ws")
    try:
        assert isinstance(store, Workspace)
    finally:
        store.close()
    with pytest.raises(StoreUnavailable):
        open_store(tmp_path / "other", create=False)


def test_find_node_ids_by_id_name_and_alias(ws):
    ws.write(Batch(nodes=[person("p-1", "Wang Lei"), Node("p-2", "Person", "王磊", {"Wang Lei"})]))
    assert ws.find_node_ids("p-2") == ["p-2"]
    assert ws.find_node_ids("Wang Lei") == ["p-1", "p-2"]
    assert ws.find_node_ids("nobody") == []


def test_streamed_reads_pair_every_node_and_edge_with_its_own_aliases_and_evidence(ws):
    # ids chosen so that nodes without aliases or evidence sit between nodes that have them
    ws.write(Batch(nodes=[Node("n1", "Person", "A", {"a1", "a2"}, {}, {"r1"}), Node("n2", "Person", "B"),
                          Node("n3", "Person", "C", {"c1"}, {}, {"r2", "r3"}), Node("n4", "Company", "D", set(), {}, {"r4"})],
                   edges=[edge("n1", "CONTACTED", "n3", evidence(1)), edge("n1", "OWNS", "n4"),
                          edge("n3", "CONTACTED", "n1", evidence(2), evidence(3))]))
    nodes = {n.id: (n.aliases, n.evidence) for n in ws.iter_nodes()}
    assert nodes == {"n1": ({"a1", "a2"}, {"r1"}), "n2": (set(), set()), "n3": ({"c1"}, {"r2", "r3"}),
                     "n4": (set(), {"r4"})}
    assert [n.id for n in ws.iter_nodes(["Company"])] == ["n4"] and ws.get_node("n3").evidence == {"r2", "r3"}
    edges = {e.id: [v.record_id for v in e.evidence] for e in ws.iter_edges()}
    assert edges == {"n1-CONTACTED-n3": ["contacts:C1"], "n1-OWNS-n4": [],
                     "n3-CONTACTED-n1": ["contacts:C2", "contacts:C3"]}
    assert [e.id for e in ws.edges_between("n1", "n3")] == ["n1-CONTACTED-n3", "n3-CONTACTED-n1"]
