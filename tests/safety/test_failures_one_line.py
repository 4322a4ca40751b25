"""Issue 12.14 and 12.17: disk full, read-only places, damaged or foreign workspaces, too many
rows for Excel, a non-UTF-8 console, a python without the Neo4j driver: one clear line each,
never a traceback. Disk full and read-only folders are real (a tiny tmpfs in a private mount
namespace made with `unshare`), not simulated."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.safe_output import EXCEL_MAX_ROWS, write_xlsx

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, str(REPO / "cli.py")]


def _contacts(path: Path, rows: int = 3) -> Path:
    lines = [f"C{i},K1,2024-01-0{1 + i % 9},Li Wei {i},CN,Sato {i},JP" for i in range(rows)]
    path.write_text("contact_id,case_id,date,from_name,from_country,to_name,to_country\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    done = CliRunner().invoke(main, ["load", str(_contacts(tmp_path / "c.csv")), "-w", str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    return tmp_path / "ws"


def _in_mount_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run a bash script as root of a private mount namespace (it may mount a tmpfs)."""
    assert shutil.which("unshare"), "these tests need util-linux unshare"
    return subprocess.run(["unshare", "--map-root-user", "--mount", "bash", "-c", script], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO), "CLI": " ".join(CLI)})


def _one_line(done: subprocess.CompletedProcess, *expected: str) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().count("\n") == 0, done.stderr
    for text in expected:
        assert text in done.stderr, done.stderr


@pytest.mark.parametrize("command", [
    "report -o disk/report -w ws --no-progress",
    "export nodes -w ws -o disk/nodes.csv",
    "export nodes -w ws --format graphml -o disk/g.graphml",
    "view -w ws -o disk/chart.html",
])
def test_disk_full_on_output_is_one_line(workspace, tmp_path, command):
    done = _in_mount_namespace(
        "mkdir -p disk && mount -t tmpfs -o size=16k tmpfs disk && "
        "{ cat /dev/zero > disk/filler 2>/dev/null; true; } && $CLI " + command, tmp_path)
    assert done.returncode == 1, (done.stdout, done.stderr)
    _one_line(done, "no space left on the disk")


def test_disk_full_on_load_is_one_line(tmp_path):
    _contacts(tmp_path / "big.csv", rows=4000)
    done = _in_mount_namespace(
        "mkdir -p disk && mount -t tmpfs -o size=160k tmpfs disk && $CLI load big.csv -w disk/ws --no-progress",
        tmp_path)
    assert done.returncode == 1, (done.stdout, done.stderr)
    _one_line(done, "disk is full")
    assert "cannot rollback" not in done.stderr


def test_read_only_output_folder_is_one_line(workspace, tmp_path):
    done = _in_mount_namespace(
        "mkdir -p ro && mount -t tmpfs -o size=1m,ro tmpfs ro && $CLI export nodes -w ws -o ro/n.csv", tmp_path)
    assert done.returncode == 1, done.stderr
    _one_line(done, "ro/n.csv")


def test_read_only_workspace_reads_and_refuses_writes_in_one_line(workspace, tmp_path):
    done = _in_mount_namespace(
        "mkdir -p ro && mount -t tmpfs -o size=8m tmpfs ro && cp -r ws ro/ws && mount -o remount,ro ro && "
        "$CLI info -w ro/ws && $CLI explain 'Li Wei 1' -w ro/ws && $CLI brokers -w ro/ws && "
        "{ $CLI load c.csv -w ro/ws; echo load-exit=$?; }", tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert "Person" in done.stdout and "Li Wei 1" in done.stdout, (done.stdout, done.stderr)
    assert "load-exit=1" in done.stdout and "read-only" in done.stderr, (done.stdout, done.stderr)


def test_damaged_empty_and_foreign_workspaces(tmp_path):
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "graph.sqlite").write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "graph.sqlite").write_bytes(b"")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    with sqlite3.connect(foreign / "graph.sqlite") as conn:
        conn.execute("CREATE TABLE invoices (n INTEGER)")
    runner = CliRunner()
    for ws, expected in ((damaged, "damaged"), (empty, "empty (0 bytes)"), (foreign, "not a graphkit workspace")):
        for command in (["info"], ["brokers"], ["explain", "x"]):
            done = runner.invoke(main, [*command, "-w", str(ws)])
            assert done.exit_code == 1 and expected in done.output, (ws, command, done.output)
            assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    with sqlite3.connect(foreign / "graph.sqlite") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert tables == {"invoices"} and journal == "delete"  # untouched: no tables, no WAL switch


def test_too_many_rows_for_excel_are_refused_up_front(tmp_path):
    frame = pd.DataFrame({"n": range(EXCEL_MAX_ROWS)})  # + the header row = one too many
    with pytest.raises(Exception) as refused:
        write_xlsx(frame, tmp_path / "big.xlsx")
    assert "1,048,576" in str(refused.value) and "1,048,577" in str(refused.value)
    assert not (tmp_path / "big.xlsx").exists()


@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
def test_printing_to_a_non_utf8_stdout_never_crashes(tmp_path, encoding):
    contacts = tmp_path / "c.csv"
    contacts.write_text("contact_id,case_id,from_name,from_country,to_name,to_country\n"
                        "C1,K1,张伟,CN,山田 太郎,JP\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": encoding, "LANG": "C", "LC_ALL": "C"}
    load = subprocess.run([*CLI, "load", str(contacts), "-w", "ws"], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    assert load.returncode == 0, load.stderr.decode("utf-8", "replace")
    shown = subprocess.run([*CLI, "explain", "张伟", "-w", "ws"], cwd=tmp_path, env=env,
                           capture_output=True, timeout=120)
    assert shown.returncode == 0 and b"Traceback" not in shown.stderr, shown.stderr
    if encoding == "cp932":  # (click itself writes UTF-8 to a stream it finds to be ASCII)
        assert "?".encode() in shown.stdout and "山田".encode("cp932") in shown.stdout  # 张 has no cp932 form


def test_neo4j_start_without_the_driver_starts_nothing(tmp_path):
    venv = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    assert subprocess.run([str(python), "-c", "import neo4j"], capture_output=True).returncode != 0
    home = tmp_path / "home"
    env = {**os.environ, "PYTHON": str(python), "GRAPHKIT_NEO4J_HOME": str(home), "NEO4J_BOLT_PORT": "17719"}
    done = subprocess.run([str(REPO / "scripts" / "neo4j"), "start"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "no Neo4j Python driver" in done.stdout + done.stderr and "nothing was started" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not (home / "run").exists()  # no pid file: Java never started
