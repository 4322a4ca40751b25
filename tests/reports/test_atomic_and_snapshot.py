"""A failed run leaves the previous report whole; the snapshot hash follows the data only."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import graphkit.reports.build as build_module
from graphkit.model import Batch, Edge, Evidence, Node, edge_id
from graphkit.reports import ReportError, build_report
from graphkit.store.snapshot import CANONICAL_METHOD, canonical_snapshot_hash

ROWS = [
    {"case_id": "K1", "date": "2024-01-05", "from_name": "Li Wei", "from_country": "CN",
     "to_name": "Bridge", "to_kind": "intermediary", "to_country": "HK", "channel": "email"},
    {"case_id": "K1", "date": "2024-01-09", "from_name": "Bridge", "from_kind": "intermediary",
     "from_country": "HK", "to_name": "山田 太郎", "to_country": "JP", "technology": "lasers"},
]


def tree(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` with the SHA-256 of its bytes."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


@pytest.mark.parametrize("stage", ["tables", "page"])
def test_failure_mid_run_keeps_the_previous_report(make_workspace, tmp_path, monkeypatch, stage):
    ws = make_workspace(ROWS)
    out = tmp_path / "report"
    build_report(ws, out)
    before = tree(out)
    assert "report.html" in before and "manifest.json" in before

    if stage == "tables":  # the disk fills after the first tables were written
        real = build_module.write_tables

        def failing(directory, *args, **kwargs):
            real(directory, *args, **kwargs)
            assert (directory / "brokers.csv").exists()  # part of the new report exists ...
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(build_module, "write_tables", failing)
    else:  # rendering the page fails after the charts and tables are written
        import graphkit.reports.page as page_module

        def failing_page(**kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(page_module, "render_report", failing_page)
    ws.write(Batch(nodes=[Node(id="person-x", kind="Person", name="New Person",
                               properties={"country": "CN", "foreign": True})]))
    with pytest.raises(OSError, match="No space"):
        build_report(ws, out)
    assert tree(out) == before  # ... but the previous report is untouched
    assert leftovers(tmp_path, "report") == []  # and no staging directory is left behind


def test_failure_on_a_first_run_leaves_nothing(make_workspace, tmp_path, monkeypatch):
    ws = make_workspace(ROWS)

    def failing(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "write_tables", failing)
    with pytest.raises(OSError):
        build_report(ws, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()
    assert leftovers(tmp_path, "fresh") == []


def test_a_directory_that_is_not_a_report_is_refused(make_workspace, tmp_path):
    ws = make_workspace(ROWS)
    target = tmp_path / "documents"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(ReportError, match="not empty"):
        build_report(ws, target)
    assert (target / "notes.txt").read_text() == "mine"
    empty = tmp_path / "empty"
    empty.mkdir()
    build_report(ws, empty)  # an empty directory is fine
    assert (empty / "report.html").is_file()


def test_rebuilding_replaces_the_report_as_a_whole(make_workspace, tmp_path):
    ws = make_workspace(ROWS)
    out = tmp_path / "report"
    build_report(ws, out)
    (out / "stale.csv").write_text("from an older version")
    build_report(ws, out)
    assert not (out / "stale.csv").exists()
    assert (out / "report.html").is_file()
    assert leftovers(tmp_path, "report") == []


def test_snapshot_hash_follows_the_data_only(make_workspace, tmp_path):
    ws = make_workspace(ROWS)
    first = ws.snapshot_hash()
    assert first == ws.snapshot_hash()  # same data, same hash
    from graphkit.ingest import load_files
    from graphkit.store.workspace import Workspace

    with Workspace(tmp_path / "other") as other:  # the same file in another workspace
        load_files([tmp_path / "ws-contacts.csv"], other)
        assert other.snapshot_hash() == first
    # loading the same records again changes nothing (idempotent store), so neither does the hash
    load_files([tmp_path / "ws-contacts.csv"], ws)
    assert ws.snapshot_hash() == first
    # one more evidence record on an existing edge changes it
    (bridge,) = [n.id for n in ws.iter_nodes(["Intermediary"])]
    (li,) = [n.id for n in ws.iter_nodes(["Person"]) if n.name == "Li Wei"]
    ws.write(Batch(edges=[Edge(edge_id(li, "CONTACTED", bridge), li, bridge, "CONTACTED",
                               evidence=[Evidence("extra:1", "extra.csv", 2, case_id="K1", date="2024-02-01")])]))
    second = ws.snapshot_hash()
    assert second != first
    # a changed property changes it too
    ws.write(Batch(nodes=[Node(id=li, kind="Person", name="Li Wei", properties={"org": "Acme"})]))
    assert ws.snapshot_hash() not in (first, second)


def test_manifest_snapshot_changes_with_the_data(make_workspace, tmp_path):
    ws = make_workspace(ROWS)
    a = build_report(ws, tmp_path / "a").manifest["input"]["snapshot"]
    b = build_report(ws, tmp_path / "b").manifest["input"]["snapshot"]
    assert a == b == ws.snapshot_hash()
    ws.write(Batch(nodes=[Node(id="person-y", kind="Person", name="Y", properties={"country": "JP"})]))
    assert build_report(ws, tmp_path / "c").manifest["input"]["snapshot"] != a


class StoreInterfaceOnly:
    """A real workspace seen only through its nodes and edges (as the Neo4j store hashes
    itself): canonical_snapshot_hash, the store-independent hash, reads nothing else."""

    def __init__(self, ws):
        self._ws = ws

    def iter_nodes(self, kinds=None):
        return self._ws.iter_nodes(kinds)

    def iter_edges(self, relations=None):
        return self._ws.iter_edges(relations)


def test_snapshot_hash_through_the_store_interface(make_workspace, tmp_path):
    ws = make_workspace(ROWS)
    generic = StoreInterfaceOnly(ws)
    assert "canonical JSON" in CANONICAL_METHOD and "tables" in ws.snapshot_method()
    first = canonical_snapshot_hash(generic)
    assert first != ws.snapshot_hash()  # a different canonical form, as documented
    from graphkit.ingest import load_files
    from graphkit.store.workspace import Workspace

    with Workspace(tmp_path / "other") as other:  # the same file in another workspace
        load_files([tmp_path / "ws-contacts.csv"], other)
        assert canonical_snapshot_hash(StoreInterfaceOnly(other)) == first
    (li,) = [n.id for n in ws.iter_nodes(["Person"]) if n.name == "Li Wei"]
    ws.write(Batch(nodes=[Node(id=li, kind="Person", name="Li Wei", aliases={"李偉"})]))
    assert canonical_snapshot_hash(generic) != first  # a new alias changes it


def test_kill_9_leftovers_are_cleaned_at_the_next_run(make_workspace, tmp_path, capsys):
    """A report process killed with SIGKILL mid-write leaves its hidden staging folder (named
    with its process id); the next run into the same parent removes it and says so in one line.
    A folder of a live process is kept."""
    import os
    import signal
    import subprocess
    import sys


    ws = make_workspace(ROWS)
    out = tmp_path / "R"
    code = ("import time, graphkit.reports.build as b\n"
            "from graphkit.ingest import load_files\nfrom graphkit.store.workspace import Workspace\n"
            "def hang(*a, **k):\n    print('writing', flush=True); time.sleep(120)\n"
            "b.write_tables = hang\n"
            f"w = Workspace({str(tmp_path / 'child-ws')!r}); load_files([{str(tmp_path / 'ws-contacts.csv')!r}], w)\n"
            f"b.build_report(w, {str(out)!r})\n")
    repo = Path(build_module.__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=str(repo)))
    try:
        assert child.stdout.readline().strip() == "writing"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    left = leftovers(tmp_path, "R")
    assert len(left) == 1 and left[0].startswith(f".R.{child.pid}.") and left[0].endswith(".tmp")
    live = tmp_path / f".R.{os.getppid()}.keepme.tmp"  # a running process's folder: not touched
    live.mkdir()
    capsys.readouterr()
    build_report(ws, out)
    err = capsys.readouterr().err
    assert leftovers(tmp_path, "R") == [live.name]
    lines = [line for line in err.splitlines() if "interrupted report run" in line]
    assert len(lines) == 1 and left[0] in lines[0]
    build_report(ws, out)  # nothing left to clean: nothing said
    assert "interrupted report run" not in capsys.readouterr().err


def test_the_manifest_is_written_streamed_with_the_same_bytes(tmp_path):
    """_write_manifest streams the manifest about a million characters at a time, escaping each
    part: the file is byte for byte json.dumps(indent=2) with control and bidi characters
    escaped and a final newline, for a manifest of several parts with unsafe characters
    throughout (and at part boundaries)."""
    import json

    from graphkit.reports.build import _write_manifest
    from graphkit.safe_text import for_display

    rows = [{"name": f"東都精機 {i}\u202e\x00\x1b", "note": "a\nb\tc" * (i % 7), "score": i / 7}
            for i in range(60_000)]
    manifest = {"brokers": rows, "dates": [None, True, 1e-9], "other": {"x": object.__name__}}
    path = tmp_path / "manifest.json"
    _write_manifest(path, manifest)
    expected = for_display(json.dumps(manifest, ensure_ascii=False, indent=2, default=str),
                           keep_newlines=True) + "\n"
    assert len(expected) > 3 * 2**20
    assert path.read_bytes() == expected.encode("utf-8")
    assert "\\u202e" in expected and "\u202e" not in path.read_text(encoding="utf-8")


def test_snapshot_lines_keep_column_boundaries_and_types():
    """Each row's line is unambiguous: a comma or quote inside a value, text against a number,
    NULL against the text 'null' all give different lines (so different hashes)."""
    import sqlite3

    from graphkit.store.workspace_tables import snapshot_sql

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, a, b)")
    rows = [("a,b", "c"), ("a", "b,c"), ('a","b', None), ("a", '"b'), ("1", 1), (1, "1"), (None, "x"),
            ("null", "x"), (1.5, "x"), ("1.5", "x"), ("日本", "x")]
    conn.executemany("INSERT INTO t (a, b) VALUES (?, ?)", rows)
    lines = [line for (line,) in conn.execute(snapshot_sql("t", ("a", "b"), "k"))]
    assert len(set(lines)) == len(rows)
    assert lines[-1] == '["日本","x"]'  # UTF-8 as is, not escaped


def test_snapshot_hash_is_every_table_in_its_key_order(demo_workspace):
    """The hash is each table's rows in the order of its key (``rec`` left out), whatever plan
    SQLite picks to produce that order (edges are sorted after a scan, not read through their
    index): recomputed here from the rows read unordered and sorted in Python by their key
    columns (SQLite's text order is the UTF-8 byte order, Python's the code point order: the same)."""
    import sqlite3

    from graphkit.store.workspace import Workspace
    from graphkit.store.workspace_tables import SNAPSHOT_TABLES

    key_of = {"records": ["record_id"], "nodes": ["id"], "node_aliases": ["node_id", "alias"],
              "node_evidence": ["node_id", "record_id"], "edges": ["id"], "edge_evidence": ["edge_id", "record_id"]}
    digest = hashlib.sha256()
    conn = sqlite3.connect(demo_workspace / "graph.sqlite")
    for table, columns, _ in SNAPSHOT_TABLES:
        keys = key_of[table]
        rows = conn.execute(f"SELECT json_array({', '.join(columns)}), {', '.join(keys)} FROM {table}").fetchall()
        assert rows or table == "node_aliases"
        rows.sort(key=lambda row: row[1:])
        digest.update(f"\x1e{table}\n".encode())
        if rows:
            digest.update(("\n".join(row[0] for row in rows) + "\n").encode("utf-8"))
    conn.close()
    with Workspace(demo_workspace) as ws:
        assert ws.snapshot_hash() == "sha256:" + digest.hexdigest()
