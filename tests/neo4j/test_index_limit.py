"""A name too long for Neo4j's index (issue 12 item 8): one bad row must not block the load.

A 40,000-character name among good rows: the good rows load, the one row is rejected with a
reason naming the index limit, and a re-run changes nothing. The row is caught before it is sent
(:func:`graphkit.store.neo4j_rows.prepare`); the server's own refusal of such a value
(``Neo.DatabaseError.Statement.ExecutionFailed``) is also split down to the bad rows.
"""
from __future__ import annotations

import csv

import pytest

from graphkit.ingest import load_files
from graphkit.model import Batch, Node, Record
from graphkit.store.neo4j_rows import INDEX_KEY_LIMIT_BYTES
from graphkit.workflows.generate import generate_contacts

pytestmark = pytest.mark.neo4j

ROWS = 60
LONG = "L" * 40_000


def _contacts_with_long_name(path):
    generate_contacts(ROWS, seed=3, bad_rows=0, path=path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[20]["to_name"] = LONG
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def test_long_name_rejected_good_rows_load_rerun_is_noop(store, tmp_path):
    path = tmp_path / "contacts.csv"
    _contacts_with_long_name(path)
    load_files([path], store)
    counts = store.counts()
    assert counts.get("Person", 0) + counts.get("Company", 0) > 0
    assert store.record_count() == ROWS
    reasons = [r for r in store.read_rejects() if "index limit" in r.reason]
    assert len(reasons) == 1, [r.reason for r in store.read_rejects()]
    assert reasons[0].row == 22  # header is row 1, rows[20] is file row 22
    assert reasons[0].reason.startswith(f"name longer than Neo4j's index limit of {INDEX_KEY_LIMIT_BYTES:,} bytes")
    assert not any(n.name == LONG for n in store.iter_nodes())

    before = (store.counts(), store.record_count(), store.rejects_count())
    again = load_files([path], store)
    assert (store.counts(), store.record_count(), store.rejects_count()) == before
    assert again.total.nodes_new == 0 and again.total.edges_new == 0


def test_server_refusal_of_a_too_large_value_is_split_to_the_row(store):
    """Past the check (a value that slips it), Neo4j's DatabaseError for an index key too large
    is bisected like a client error: the bad node is rejected, the others are stored."""
    from graphkit.store import neo4j_rows

    recs = [Record(f"t:{i}", "contacts", "t.csv", i + 2) for i in range(5)]
    nodes = [Node(f"p{i}", "Person", f"Good {i}", evidence={f"t:{i}"}) for i in range(5)]
    nodes[3] = Node("p3", "Person", "X" * 40_000, evidence={"t:3"})
    original = neo4j_rows.INDEX_KEY_LIMIT_BYTES
    neo4j_rows.INDEX_KEY_LIMIT_BYTES = 10**9  # switch the check off to reach the server's refusal
    try:
        stats = store.write(Batch(records=recs, nodes=nodes))
    finally:
        neo4j_rows.INDEX_KEY_LIMIT_BYTES = original
    assert stats.nodes_new == 4
    assert [(r.row, r.reason.startswith("Neo4j could not store it")) for r in store.rejected] == [(5, True)]
