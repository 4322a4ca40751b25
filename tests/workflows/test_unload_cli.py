"""`graphkit loads` and `graphkit unload` (issue 11.10): a load can be listed and taken out
again, leaving exactly what was there before it."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from graphkit.cli import main
from graphkit.store.workspace import Workspace

DEMO = Path("graphkit/demo")


def run(*args: object):
    return CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)


def exported(ws: Path) -> tuple[str, str]:
    nodes = run("export", "nodes", "--kind", "Person", "--kind", "Company", "--kind", "Case", "-w", ws, "--format", "json")
    edges = run("export", "edges", "-w", ws, "--format", "json")
    assert nodes.exit_code == 0 and edges.exit_code == 0, nodes.output + edges.output
    return nodes.stdout, edges.stdout


def test_unload_a_file_leaves_the_earlier_loads_export(tmp_path: Path) -> None:
    only_a, ws = tmp_path / "a", tmp_path / "ws"
    for target in (only_a, ws):
        assert run("load", DEMO / "entities.xlsx", DEMO / "cases.csv", "-w", target).exit_code == 0
    loaded = run("load", DEMO / "contacts.csv", "-w", ws)
    assert loaded.exit_code == 0 and "Load id " in loaded.stderr
    listed = json.loads(run("loads", "-w", ws, "--format", "json").stdout)
    assert [len(row["files"].split("; ")) for row in listed] == [2, 1]
    assert listed[1]["files"] == str((DEMO / "contacts.csv").resolve()) and listed[1]["read"] == 286
    assert listed[1]["load_id"] in loaded.stderr

    # a file of a two-file load is refused: its other file would go too
    refused = run("unload", DEMO / "cases.csv", "-w", ws)
    assert refused.exit_code == 1
    assert f"load {listed[0]['load_id']} also read {(DEMO / 'entities.xlsx').resolve()}" in refused.stderr

    done = run("unload", DEMO / "contacts.csv", "-w", ws, "--format", "json")
    assert done.exit_code == 0, done.output
    (row,) = json.loads(done.stdout)
    assert row["load_id"] == listed[1]["load_id"] and row["records_removed"] == 283
    assert exported(ws) == exported(only_a)
    with Workspace(ws) as a, Workspace(only_a) as b:
        assert a.snapshot_hash() == b.snapshot_hash()

    done = run("unload", "--load-id", listed[0]["load_id"], "-w", ws)
    assert done.exit_code == 0
    with Workspace(ws) as left:
        assert left.counts() == {} and left.record_count() == 0 and left.list_loads() == []


def test_unload_errors_are_one_line(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert run("load", DEMO / "cases.csv", "-w", ws).exit_code == 0
    unknown = run("unload", "--load-id", "nope", "-w", ws)
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == f"Error: no load with id 'nope' in {ws}; `graphkit loads` lists the loads"
    never = run("unload", DEMO / "contacts.csv", "-w", ws)
    assert never.exit_code == 1 and "no load of " in never.stderr
    assert run("unload", "-w", ws).exit_code == 2  # neither FILES nor --load-id


def test_a_file_loaded_twice_is_unloaded_by_name_once(tmp_path: Path) -> None:
    ws, copy = tmp_path / "ws", tmp_path / "cases.csv"
    shutil.copy(DEMO / "cases.csv", copy)
    assert run("load", copy, "-w", ws).exit_code == 0
    again = run("load", copy, "-w", ws, "--format", "json")
    assert json.loads(again.stdout)[-1]["loaded"] == 0  # idempotent: nothing new
    done = run("unload", copy, "-w", ws, "--format", "json")
    assert len(json.loads(done.stdout)) == 2  # both loads of the file
    with Workspace(ws) as left:
        assert left.counts() == {} and left.list_loads() == []


def test_a_format_2_workspace_opens_and_is_upgraded(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert run("load", DEMO / "cases.csv", "-w", ws).exit_code == 0
    with Workspace(ws) as opened:  # make it what graphkit wrote before loads were recorded
        conn = opened.connection
        for table in ("loads", "load_records", "load_changes"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'format_version'")
        counts = opened.counts()
    info = run("info", "-w", ws)
    assert info.exit_code == 0, info.output
    with Workspace(ws) as opened:
        assert opened.counts() == counts and opened.list_loads() == []
        version = opened.connection.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()
        assert version == ("3",)
