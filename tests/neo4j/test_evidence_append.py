"""Node evidence on the Neo4j store: ids of records created by the same write are appended
without scanning the stored list; the stored list stays a set (no duplicates) on reloads,
later loads and a re-run of an already committed node write (a retried transaction).

Expected values are hand-counted from the tiny batches below.
"""
from __future__ import annotations

import pytest

from graphkit.model import Batch, Node, Record
from graphkit.store.cypher import query
from graphkit.store.neo4j_rows import node_row, prepare

pytestmark = pytest.mark.neo4j


def _case_batch(record_ids: list[str]) -> Batch:
    records = [Record(rid, "contacts", "c.csv", i + 2, rid, "K1") for i, rid in enumerate(record_ids)]
    return Batch(records=records, nodes=[Node("case-k1", "Case", "K1", evidence=set(record_ids))])


def _stored_evidence(store) -> list[str]:
    rows = store.runner.read(query("nodes_by_id"), ids=["case-k1"])
    return list(rows[0]["evidence"])


def test_new_old_and_reloaded_evidence_stays_a_set(store):
    store.write(_case_batch(["r1", "r2"]))
    assert sorted(_stored_evidence(store)) == ["r1", "r2"]
    # r2 is stored already (checked), r3 is new (appended): 3 distinct ids
    stats = store.write(_case_batch(["r2", "r3"]))
    assert (stats.records_new, stats.records_merged) == (1, 1)
    assert sorted(_stored_evidence(store)) == ["r1", "r2", "r3"]
    # a reload of everything changes nothing
    store.write(_case_batch(["r1", "r2", "r3"]))
    assert sorted(_stored_evidence(store)) == ["r1", "r2", "r3"]
    assert store.get_node("case-k1").evidence == {"r1", "r2", "r3"}


def test_rerun_of_a_committed_node_write_adds_no_duplicate(store):
    # the records r4, r5 were created by this load, so their ids travel as evidence_new;
    # running the same node row twice (a retried transaction whose first commit went
    # through) must not append them twice
    store.write(_case_batch(["r1"]))
    prepared = prepare(_case_batch(["r4", "r5"]))
    store.runner.write(query("merge_records"), rows=prepared.records, load_id=None)
    entry = prepared.nodes["Case"][0]
    row = node_row(entry, entry.properties, entry.aliases, created={"r4", "r5"})
    assert row["evidence"] == [] and row["evidence_new"] == ["r4", "r5"]
    for _ in range(2):
        store.runner.write(query("merge_nodes", label="Case"), rows=[row])
    assert sorted(_stored_evidence(store)) == ["r1", "r4", "r5"]


def test_merge_records_returns_the_created_ids(store):
    prepared = prepare(_case_batch(["r1", "r2"]))
    first = store.runner.write(query("merge_records"), rows=prepared.records, load_id=None)[0]
    assert (first["new"], sorted(first["created"])) == (2, ["r1", "r2"])
    again = store.runner.write(query("merge_records"), rows=prepared.records, load_id=None)[0]
    assert (again["new"], again["created"]) == (0, [])
