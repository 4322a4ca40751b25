"""``graphkit view`` end to end: a real workspace, the projection, the chart file."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.model import Batch, Edge, Node, Record, edge_id
from graphkit.store import open_store
from tests.helpers.view_graphs import approach_graph


def _workspace(path: Path, stated_holding: bool = False) -> Path:
    """The hand-made approach graph written into a real workspace as nodes, edges and records."""
    G = approach_graph(stated_holding)
    batch = Batch()
    records: dict[str, Record] = {}
    for u, v, rel, attrs in G.edges(keys=True, data=True):
        batch.edges.append(Edge(id=edge_id(u, rel, v), source=u, target=v, relation=rel,
                                properties={"inferred": True} if attrs["inferred"] else {},
                                evidence=list(attrs["evidence"])))
        for e in attrs["evidence"]:
            records[e.record_id] = Record(record_id=e.record_id, layout="contacts", file=e.file,
                                          row=e.row, source_id=e.source_id, case_id=e.case_id)
    for n, attrs in G.nodes(data=True):
        evidence = {e.record_id for *_, d in G.edges(n, data=True) for e in d["evidence"]}
        evidence |= {e.record_id for *_, d in G.in_edges(n, data=True) for e in d["evidence"]}
        props = {"country": attrs["country"], "foreign": attrs["foreign"], "org": attrs["org"]}
        batch.nodes.append(Node(id=n, kind=attrs["kind"], name=attrs["name"], aliases=set(attrs["aliases"]),
                                properties={k: v for k, v in props.items() if v is not None},
                                evidence=evidence))
    batch.records.extend(records.values())
    store = open_store(path)
    store.write(batch)
    store.close()
    return path


def _chart_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="gk-data">(.*?)</script>', text, flags=re.S).group(1))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return _workspace(tmp_path / "ws")


def test_view_writes_the_whole_graph(workspace: Path, tmp_path: Path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    out = tmp_path / "chart.html"
    result = CliRunner().invoke(main, ["view", "-o", str(out), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out} (7 nodes, 8 links)"
    data = _chart_data(out)
    assert len(data["nodes"]) == 7 and len(data["edges"]) == 8
    # broker marks come from betweenness: 山田 太郎 sits between the most pairs here
    assert "yamada" in {data["nodes"][i]["key"] for i in data["meta"]["brokers"]}
    assert list(cwd.iterdir()) == []  # no lib/ folder, nothing else written where we ran


def test_view_ego_case_window_and_paths(workspace: Path, tmp_path: Path):
    out = tmp_path / "ego.html"
    runner = CliRunner()
    result = runner.invoke(main, ["view", "-o", str(out), "-w", str(workspace), "--seed", "Unknown caller",
                                  "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(n["key"] for n in _chart_data(out)["nodes"]) == ["anon", "yamada"]

    result = runner.invoke(main, ["view", "-o", str(out), "-w", str(workspace), "--case", "C-2024-02"])
    assert result.exit_code == 0, result.output
    # C-2024-02 evidence: li EMPLOYED_BY xinghe only
    assert [(e["relation"], e["contacts"]) for e in _chart_data(out)["edges"]] == [("EMPLOYED_BY", 1)]

    result = runner.invoke(main, ["view", "-o", str(out), "-w", str(workspace), "--since", "2024-01-01"])
    assert result.exit_code == 0, result.output
    assert sorted(e["relation"] for e in _chart_data(out)["edges"]) == ["CONTACTED", "TRANSFERRED"]

    stated = _workspace(tmp_path / "stated", stated_holding=True)  # a record of its own per hop
    result = runner.invoke(main, ["view", "-o", str(out), "-w", str(stated), "--from", "Li Wei",
                                  "--to", "technology:EUV lithography", "--paths", "1"])
    assert result.exit_code == 0, result.output
    data = _chart_data(out)
    assert data["meta"]["paths"] and all(len(p) >= 2 for p in data["meta"]["paths"])
    assert any(e["on_path"] for e in data["edges"])


def test_view_user_errors_are_one_line(workspace: Path, tmp_path: Path):
    runner = CliRunner()
    out = str(tmp_path / "x.html")
    result = runner.invoke(main, ["view", "-o", out, "-w", str(workspace), "--seed", "Nobody Atall"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error:") and len(result.output.strip().splitlines()) == 1
    result = runner.invoke(main, ["view", "-o", out, "-w", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    result = runner.invoke(main, ["view", "-o", out, "-w", str(workspace), "--from", "Li Wei"])
    assert result.exit_code == 2 and "--from and --to go together" in result.output
    assert not Path(out).exists()
