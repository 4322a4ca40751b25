"""Progress on a terminal (issue 11.14): the load bar's total, percent, rate and time left from
the bytes read, its last line kept; the brokers bar; nothing when stderr is not a terminal; and
`view` refusing a store too big to draw from its counts, before reading the graph."""
from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit
from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.model import Batch, Edge, Node
from graphkit.store.workspace import Workspace
from graphkit.views.chartdata import MAX_NODES, ViewTooLarge
from graphkit.workflows.chart import view
from graphkit.workflows.generate import generate

SOURCE_ROOT = str(Path(graphkit.__file__).resolve().parents[1])
CLI = "import sys, graphkit.progress as p; p.DELAY_S = float(sys.argv.pop(1)); from graphkit.cli import main; main()"


def run_in_pty(args: list[str], cwd: Path, delay: float = 0.0) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal; the exit status and what stderr showed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # 40 rows, 120 columns
    env = {**os.environ, "PYTHONPATH": SOURCE_ROOT, "COLUMNS": "120"}
    process = subprocess.Popen([sys.executable, "-c", CLI, str(delay), *args], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = bytearray()
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        shown += data
    os.close(master)
    return process.wait(timeout=600), shown.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def contacts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("progress")
    generate(3000, folder / "contacts.csv", seed=1)
    return folder / "contacts.csv"


def test_load_bar_shows_total_percent_rate_and_keeps_its_last_line(contacts):
    status, shown = run_in_pty(["load", contacts.name, "-w", "ws"], contacts.parent)
    assert status == 0, shown
    size_kib = contacts.stat().st_size / 1024
    # what stays on the screen: each line as the last carriage return left it
    visible = [line.rstrip("\r").split("\r")[-1] for line in shown.split("\n")]
    bars = [line for line in visible if line.startswith("contacts.csv: ") and "%|" in line]
    assert bars, shown
    last = bars[-1]
    assert last.startswith("contacts.csv: 100%|"), shown
    assert f"{size_kib:.0f}k/{size_kib:.0f}k" in last or f"/{size_kib:.0f}k" in last, last
    assert "B/s" in last and "3,000 rows" in last and "<00:00" in last, last


def test_brokers_shows_its_steps_on_a_terminal(contacts):
    run_in_pty(["load", contacts.name, "-w", "ws-brokers"], contacts.parent)
    status, shown = run_in_pty(["brokers", "-w", "ws-brokers", "--top", "3"], contacts.parent)
    assert status == 0, shown
    assert "brokers: 100%|" in shown and "10/10 steps" in shown and "done" in shown, shown


def test_no_bar_when_stderr_is_not_a_terminal(contacts, tmp_path):
    env = {**os.environ, "PYTHONPATH": SOURCE_ROOT}
    done = subprocess.run([sys.executable, "-c", CLI, "0", "load", str(contacts), "-w", str(tmp_path / "ws")],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0 and "%|" not in done.stderr


@pytest.fixture
def oversized(tmp_path) -> Path:
    """A workspace with one person more than a chart can show (written directly: no records)."""
    path = tmp_path / "big"
    people = [Node(id=f"p{i}", kind="Person", name=f"P{i}") for i in range(MAX_NODES + 1)]
    with Workspace(path) as store:
        store.write(Batch(nodes=people, edges=[Edge("e", "p0", "p1", "CONTACTED")]))
    return path


def test_view_refuses_an_oversized_store_before_reading_the_graph(oversized, tmp_path, monkeypatch):
    def must_not_read(*args, **kwargs):
        raise AssertionError("the whole graph was read before the size check")

    monkeypatch.setattr("graphkit.projection.selected_actor_graph", must_not_read)
    with Workspace(oversized) as store, pytest.raises(ViewTooLarge, match="20,001 nodes"):
        view(store, output=tmp_path / "chart.html")
    result = CliRunner().invoke(main, ["view", "-w", str(oversized), "-o", str(tmp_path / "c.html")])
    assert result.exit_code == 1 and "more than a link chart can show" in result.output
    assert not (tmp_path / "c.html").exists()


def test_a_seeded_view_of_an_oversized_store_still_reads_the_graph(oversized, tmp_path, monkeypatch):
    read = []

    def counting(*args, **kwargs):
        read.append(1)
        raise GraphkitError("stop here")

    monkeypatch.setattr("graphkit.projection.selected_actor_graph", counting)
    with Workspace(oversized) as store, pytest.raises(GraphkitError, match="stop here"):
        view(store, seed="P1", output=tmp_path / "chart.html")
    assert read == [1]
