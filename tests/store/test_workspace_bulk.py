"""The bulk path's CSV files written from the workspace's tables by SQL hold exactly the lines
the transactional path's rows give (issue 16, section 1), odd values included.

A workspace is loaded with the real loaders (the demo case set and generated contacts), then
entries with every awkward value the fast path must get right or hand to the checked way are
written into it: quotes, commas and newlines in names, aliases, properties and evidence; numbers
Python and SQLite write differently (1e-05, 0.30000000000000004, 1e+16, 0.0); a record read in
two places; values the import cannot hold (the array delimiter U+001F, an index key over 8 kB,
a nested property, a bad property name); an edge to a missing node and one to a refused node.
:func:`write_workspace_files` must write the same lines, counts and rejects as
:func:`write_store_files` (the object path the bulk push used before). No server is needed;
tests/neo4j/test_bulk.py imports such files into the real Neo4j.
"""
from __future__ import annotations

import json
import random
import sqlite3

import pytest

from graphkit.ingest import load_files
from graphkit.model import Batch, Edge, Evidence, Node, Record
from graphkit.store import workspace_bulk
from graphkit.store.neo4j_bulk import import_lines, write_store_files, write_workspace_files
from graphkit.store.neo4j_rows import INDEX_KEY_LIMIT_BYTES
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files
from graphkit.workflows.generate import generate_contacts


def odd_batch() -> Batch:
    def rec(n: int, file: str = "odd.csv", **kw) -> Record:
        return Record(f"odd:{n}", "contacts", file, n + 1, source_id=f"O{n}", raw={"note": f'row "{n}"\nnext'}, **kw)

    records = [rec(1, case_id='K "q", 1'), rec(2), rec(2, file="copy of odd.csv"), rec(3), rec(4),
               rec(5, case_id="K" * 8100), rec(6, file='we"ird,\nname.csv'), rec(7)]
    nodes = [
        Node("odd-p1", "Person", 'Smith, "Bob"\nJr', aliases={'B. "S"', "Bob\nSmith", ""},
             properties={"country": "GB", "score": 0.30000000000000004, "tiny": 1e-05, "big": 1e16,
                         "zero": 0.0, "whole": 3.0, "flags": [1, 2, 3], "note": 'a "b", c\nd', "ok": True},
             evidence={"odd:1", "odd:2"}),
        Node("odd-p2", "Person", "Plain", properties={"identifiers": ["x,y", 'q"z']}, evidence={"odd:3"}),
        Node("odd-p3", "Person", "Unit\x1fSep", aliases={"a\x1fb"}, evidence={"odd:4"}),  # alias refused
        Node("odd-p4", "Person", "Nested", properties={"deep": {"a": 1}}, evidence={"odd:4"}),  # refused
        Node("odd-p5", "Person", "Long case", evidence={"odd:5"}),
        Node("odd-c1", "Company", "Weird file Ltd", evidence={"odd:6"}),
        Node("odd-x1", "Person", "x" * 8100, evidence={"odd:7"}),  # name too long for an index
    ]

    def ev(n: int, **kw) -> Evidence:
        return Evidence(f"odd:{n}", "odd.csv", n + 1, source_id=f"O{n}", **kw)

    edges = [
        Edge("odd-e1", "odd-p1", "odd-p2", "CONTACTED", {"note": "x\ny"},
             [ev(1, case_id='K "q", 1', date="2024-05", reliability=1e-05, channel='ph"one', outcome="a\nb"),
              ev(2, date="2023", reliability=0.30000000000000004, weight=2.0),
              ev(3, reliability=1e16, weight=1e-07)]),
        Edge("odd-e2", "odd-p1", "odd-c1", "EMPLOYED_BY", {}, [ev(6, reliability=0.0)]),
        Edge("odd-e3", "odd-p1", "odd-missing", "CONTACTED", {}, [ev(1)]),  # end node missing
        Edge("odd-e4", "odd-p4", "odd-p1", "CONTACTED", {}, [ev(4)]),  # end node refused
        Edge("odd-e5", "odd-p2", "odd-p1", "CONTACTED", {}, [ev(3, date="2024\x1f01")]),  # date refused
        Edge("odd-e6", "odd-p2", "odd-c1", "EMPLOYED_BY", {"bad-key": 1}, [ev(3)]),  # property refused
    ]
    return Batch(records=records, nodes=nodes, edges=edges)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bulk")
    contacts = folder / "contacts.csv"
    generate_contacts(300, seed=16, path=contacts)
    ws = Workspace(folder / "ws")
    load_files([*demo_files(), contacts], ws)
    ws.write(odd_batch())
    yield ws
    ws.close()


def test_sql_files_equal_object_files(workspace, tmp_path):
    fast = write_workspace_files(workspace, tmp_path / "sql")
    slow = write_store_files(workspace, tmp_path / "objects")
    assert fast.stats == slow.stats
    assert fast.stats.nodes_new > 500 and fast.stats.edges_new > 1500 and fast.stats.records_new > 600
    assert import_lines(fast.nodes) == import_lines(slow.nodes)
    assert import_lines(fast.relationships) == import_lines(slow.relationships)
    assert import_lines(fast.multiline) == import_lines(slow.multiline) and fast.multiline  # newlines are there
    assert sorted((r.file, r.row, r.reason, r.layout) for r in fast.rejects) == sorted(
        (r.file, r.row, r.reason, r.layout) for r in slow.rejects)
    reasons = " | ".join(r.reason for r in fast.rejects)
    for expected in ("U+001F", "index limit", "not text, a number or a list", "not stored", "cannot be stored"):
        assert expected in reasons
    # the files without a newline in a value are read by neo4j-admin's fast single-line parser
    for path in set(fast.nodes + fast.relationships) - set(fast.multiline):
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") == sum(import_lines([path]).values()) + 1 and "\r" not in text


def test_odd_values_land_as_the_transactional_rows_say(workspace, tmp_path):
    fast = write_workspace_files(workspace, tmp_path / "sql")
    lines = import_lines(fast.nodes + fast.relationships)
    edge = next(line for (_, line) in lines if ',"odd-e1",' in line)
    assert '""reliability"":1e-05' in edge and '""reliability"":0.30000000000000004' in edge
    assert '""reliability"":1e+16' in edge and '""weight"":1e-07' in edge and '""weight"":2.0' in edge
    records = import_lines(fast.nodes)
    copied = next(line for (_, line) in records if line.startswith('"odd:2"'))
    assert '""copy of odd.csv"",3' in copied and '""odd.csv"",3' in copied  # both places, sorted


def test_sql_json_is_pythons_json():
    conn = sqlite3.connect(":memory:")
    workspace_bulk.register_functions(conn)
    text = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)
    assert conn.execute("SELECT " + workspace_bulk.json_text("?1"), (text,)).fetchone()[0] == json.dumps(
        text, ensure_ascii=False)
    rng = random.Random(16)
    numbers = [0.0, -0.0, 1.0, 100.0, 1e14, 1e15, 1e16, 1e-4, 9.99e-5, 0.1 + 0.2, 1 / 3, -2.5, 123456.789,
               *(rng.uniform(-1, 1) * 10 ** rng.randint(-8, 18) for _ in range(3000)),
               *(round(rng.random(), rng.randint(1, 4)) for _ in range(3000))]
    for value in numbers:
        got = conn.execute("SELECT " + workspace_bulk.json_value("?1"), (value,)).fetchone()[0]
        assert got == json.dumps(value), value
    assert workspace_bulk.INDEX_KEY_LIMIT_SQL == INDEX_KEY_LIMIT_BYTES
