"""`graphkit brokers` on a real embedded workspace (no mocks)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from graphkit.cli import main
from graphkit.model import Batch, Edge, Evidence, Node, Record
from graphkit.store.workspace import Workspace


def _evidence(n: int, date: str, case: str = "K1") -> Evidence:
    return Evidence(f"contacts:C{n}", "contacts.csv", n + 1, f"C{n}", case, date, 0.8, "email", "met")


def _workspace(path):
    people = [
        Node("p-wang", "Person", "Wang Lei", {"Wang Lei"}, {"country": "CN", "foreign": True}, {"contacts:C1"}),
        Node("p-li", "Person", "Li Na", {"Li Na"}, {"country": "CN", "foreign": True}, {"contacts:C2"}),
        Node("i-apex", "Intermediary", "Apex Consulting", {"Apex Consulting"}, {"country": "JP", "foreign": False}, {"contacts:C1"}),
        Node("p-sato", "Person", "Sato Ken", {"Sato Ken"}, {"country": "JP", "foreign": False}, {"contacts:C1"}),
        Node("c-lab", "Company", "Lab Corp", {"Lab Corp"}, {"country": "JP", "foreign": False}, {"contacts:C3"}),
        Node("t-q", "Technology", "Quantum sensing", {"Quantum sensing"}, {}, {"contacts:C1"}),
    ]
    edges = [
        ("p-wang", "CONTACTED", "i-apex", 1, "2024-05-01", "K1"),
        ("p-li", "CONTACTED", "i-apex", 2, "2024-06-01", "K1"),
        ("i-apex", "INTRODUCED", "p-sato", 1, "2024-05-01", "K1"),
        ("i-apex", "INTRODUCED", "c-lab", 3, "2025-01-10", "K2"),
        ("p-sato", "HOLDS", "t-q", 1, "2024-05-01", "K1"),
    ]
    records = [Record(f"contacts:C{n}", "contacts", "contacts.csv", n + 1, f"C{n}", case, {"contact_id": f"C{n}"})
               for n, case in ((1, "K1"), (2, "K1"), (3, "K2"))]
    batch = Batch(records=records, nodes=people, edges=[
        Edge(f"{s}-{r}-{t}", s, t, r, {}, [_evidence(n, d, c)]) for s, r, t, n, d, c in edges
    ])
    with Workspace(path) as ws:
        ws.write(batch)


def test_brokers_command_table_json_and_filters(tmp_path):
    _workspace(tmp_path / "ws")
    runner = CliRunner()
    result = runner.invoke(main, ["brokers", "-w", str(tmp_path / "ws"), "--top", "3"])
    assert result.exit_code == 0, result.output
    first_row = result.output.splitlines()[1]
    assert "Apex Consulting" in first_row and "gatekeeper 4x" in result.output
    assert "betweenness: exact" in result.output

    result = runner.invoke(main, ["brokers", "-w", str(tmp_path / "ws"), "--format", "json"])
    rows = json.loads(result.output)
    assert rows[0]["name"] == "Apex Consulting" and rows[0]["gatekeeper"] == 4
    assert {r["name"] for r in rows} == {"Wang Lei", "Li Na", "Apex Consulting", "Sato Ken", "Lab Corp"}

    # Case K1 only: the Lab Corp introduction (case K2) disappears.
    rows = json.loads(runner.invoke(main, ["brokers", "-w", str(tmp_path / "ws"), "--case", "K1", "--format", "json"]).output)
    assert rows[0]["gatekeeper"] == 2 and "Lab Corp" not in {r["name"] for r in rows}
    # Time window up to 2024-05: only Wang -> Apex -> Sato.
    rows = json.loads(runner.invoke(main, ["brokers", "-w", str(tmp_path / "ws"), "--until", "2024-05", "--format", "json"]).output)
    assert rows[0]["gatekeeper"] == 1

    result = runner.invoke(main, ["brokers", "-w", str(tmp_path / "ws"), "--format", "csv", "--approx", "--seed", "3"])
    assert result.exit_code == 0 and result.output.startswith("rank,id,name")


def test_brokers_command_missing_workspace_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["brokers", "-w", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_brokers_command_approximations_say_how_they_were_computed(tmp_path):
    _workspace(tmp_path / "ws")
    runner = CliRunner()
    ws = str(tmp_path / "ws")
    result = runner.invoke(main, ["brokers", "-w", ws, "--approx", "--sample", "3", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert "betweenness: sources (graphkit Brandes kernel" in result.output
    assert "sample 3, seed 4, error <=" in result.output and "with probability 0.90" in result.output
    result = runner.invoke(main, ["brokers", "-w", ws, "--approx", "--method", "kadabra", "--epsilon", "0.05"])
    assert result.exit_code == 0, result.output
    assert "betweenness: kadabra (networkit" in result.output
    assert "error <= 0.08333" in result.output  # epsilon * n / (n - 2) on 5 actors
    result = runner.invoke(main, ["brokers", "-w", ws, "--method", "rk"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_cuts_command_names_the_vertex_cut_articulation_points_and_bridges(tmp_path):
    _workspace(tmp_path / "ws")
    runner = CliRunner()
    result = runner.invoke(main, ["cuts", "-w", str(tmp_path / "ws"), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    # One actor separates both foreign actors from the only holder (Sato Ken): Apex Consulting,
    # or Sato Ken himself; both are minimum cuts, either answer is right.
    assert rows[0]["kind"] == "minimum vertex cut" and rows[0]["cut_size"] == 1
    assert rows[0]["ids"] in (["i-apex"], ["p-sato"]) and rows[0]["cuts_off"] is None
    points = [r for r in rows if r["kind"] == "articulation point"]
    assert [r["names"] for r in points] == ["Apex Consulting"]
    assert points[0]["cuts_off"] == 3 and points[0]["holders_cut_off"] == 1
    assert {frozenset(r["ids"]) for r in rows if r["kind"] == "bridge"} == {
        frozenset({"i-apex", other}) for other in ("p-wang", "p-li", "p-sato", "c-lab")}
    table = runner.invoke(main, ["cuts", "-w", str(tmp_path / "ws")])
    assert table.exit_code == 0 and "minimum vertex cut" in table.output and "i-apex" not in table.output


def test_brokers_warns_before_building_a_large_graph(tmp_path, monkeypatch):
    # issue 12 item 18: the estimate comes from the store's record count before the graph is
    # built; 3 records at 4,700 bytes each are not large, so the threshold is lowered here
    from graphkit import projection

    _workspace(tmp_path / "ws")
    with Workspace(tmp_path / "ws") as ws:
        assert projection.estimate_graph_bytes(ws) == 3 * projection.BYTES_PER_RECORD
        assert projection.memory_warning(ws) is None  # 14 KB: no warning
        line = projection.memory_warning(ws, available=20_000)  # more than half of what is free
        assert line is not None and line.startswith("Warning: the actor graph of 3 records needs about 0.0 GiB")
        assert "(0.0 GiB available on this machine)" in line
    quiet = CliRunner().invoke(main, ["brokers", "--workspace", str(tmp_path / "ws")])
    assert quiet.exit_code == 0 and "Warning" not in quiet.output
    monkeypatch.setattr(projection, "LARGE_GRAPH_BYTES", 0)
    # the default partition ranks on arrays (no evidence objects): no graph to warn about
    arrays = CliRunner().invoke(main, ["brokers", "--workspace", str(tmp_path / "ws")])
    assert arrays.exit_code == 0 and "Warning" not in arrays.output
    # a partition only the evidence-laden graph knows builds it: warned first
    loud = CliRunner().invoke(main, ["brokers", "--workspace", str(tmp_path / "ws"), "--partition", "cases"])
    assert loud.exit_code == 0
    lines = loud.output.splitlines()
    assert lines[0].startswith("Warning: the actor graph of 3 records needs about")  # before the table
    assert sum("Warning" in line for line in lines) == 1 and "Wang Lei" in loud.output
