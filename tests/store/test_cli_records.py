"""graphkit info, explain and export through click's CliRunner on a real workspace."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from tests.helpers.store_records import small_batch
from graphkit.cli import main
from graphkit.store.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    with Workspace(tmp_path / "ws") as ws:
        ws.write(small_batch())
    return tmp_path / "ws"


def run(*args: str) -> "object":
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_info_table_and_json(workspace):
    result = run("info", "-w", str(workspace))
    assert result.exit_code == 0 and "Person" in result.output and "2024-05" in result.output
    data = json.loads(run("info", "-w", str(workspace), "--format", "json").output)
    assert data["nodes"] == {"Intermediary": 1, "Person": 2, "Technology": 1}
    assert data["actors"] == {"foreign": 2, "domestic": 1, "unknown": 0}
    assert (data["first_date"], data["last_date"]) == ("2024-05", "2024-06-03")
    assert data["cases"] == [{"case_id": "K1", "title": None, "status": None, "records": 2}]


def test_missing_workspace_is_one_line_error(tmp_path: Path):
    for command in (["info"], ["explain", "x"], ["export", "nodes"]):
        result = run(*command, "-w", str(tmp_path / "nope"))
        assert result.exit_code == 1
        assert result.output.startswith("Error: no workspace at") and result.output.count("\n") == 1
        assert "Traceback" not in result.output
    assert not (tmp_path / "nope").exists()


def test_explain_node_and_edge(workspace):
    result = run("explain", "ｗａｎｇ ｌｅｉ", "-w", str(workspace))
    assert result.exit_code == 0
    assert result.output.startswith("Person: Wang Lei  (p-wang)") and "contacts:C2" in result.output
    data = json.loads(run("explain", "Wang Lei", "-w", str(workspace), "--format", "json").output)
    assert [r["record_id"] for r in data["records"]] == ["contacts:C1", "contacts:C2"]
    edge = run("explain", "--edge", "Wang Lei", "Apex Consulting", "-w", str(workspace), "--format", "csv")
    assert edge.exit_code == 0 and "CONTACTED" in edge.output and "contacts:C1" in edge.output


def test_export_xlsx_is_a_real_workbook(workspace, tmp_path: Path):
    from openpyxl import load_workbook

    out = tmp_path / "edges.xlsx"
    assert run("export", "edges", "-o", str(out), "-w", str(workspace)).exit_code == 0
    sheet = load_workbook(out)["edges"]
    assert [c.value for c in sheet[1]][:3] == ["source", "source_name", "target"] and sheet.max_row == 6
    assert run("export", "edges", "--format", "xlsx", "-w", str(workspace)).exit_code == 2  # needs -o


def test_explain_table_shows_each_record_as_a_block(workspace):
    out = run("explain", "Wang Lei", "-w", str(workspace)).output
    # small_batch: record C1 is row 2 of contacts.csv with from_name Wang Lei
    assert "contacts.csv row 2  (contacts, case K1, contacts:C1)" in out
    assert "from_name: Wang Lei | to_name: 佐藤 健" in out


def test_explain_unknown_name_suggests(workspace):
    result = run("explain", "Wang Li", "-w", str(workspace))
    assert result.exit_code == 1 and "did you mean: 'Wang Lei'" in result.output  # names quoted: they may hold commas


def test_explain_needs_a_name_or_an_edge(workspace):
    assert run("explain", "-w", str(workspace)).exit_code == 2


def test_export_tables_and_graphs(workspace, tmp_path: Path):
    out = tmp_path / "edges.csv"
    result = run("export", "edges", "-o", str(out), "-w", str(workspace))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("\ufeffsource,source_name,target")
    nodes = json.loads(run("export", "nodes", "--format", "json", "-w", str(workspace)).output)
    assert {n["name"] for n in nodes} == {"Wang Lei", "佐藤 健", "Apex Consulting", "EUV lithography"}
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"g.{fmt}"
        assert run("export", "nodes", "-o", str(path), "-w", str(workspace)).exit_code == 0
        assert reader(path).number_of_edges() == 5


def test_every_records_command_has_help():
    for command in ("info", "explain", "export"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "--workspace" in result.output
