"""A notebook's `gk.<workflow>(store, ...)` gives the data `graphkit <command>` prints.

The demo case set is loaded once by `gk.load` into a real workspace; each test runs the command
through click and the same workflow from Python, and compares what they print / return.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

import graphkit as gk
from graphkit.cli import main
from graphkit.errors import BadValue, StoreUnavailable
from graphkit.render import render
from graphkit.workflows.demo import demo_files

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workflows") / "ws"
    with gk.open_store(path) as store:
        result = gk.load(store, demo_files())
    assert result.report.total.rejected == 6  # the demo's deliberately bad rows (STORY.md)
    assert result.store_rejects == []  # the workspace keeps every row it is given
    return path


@pytest.fixture()
def store(workspace: Path) -> Iterator[Any]:
    with gk.StoreSpec(workspace=workspace).open() as opened:
        yield opened


def cli(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_brokers_returns_what_the_command_prints(workspace: Path, store: Any) -> None:
    ranked = gk.brokers(store, top=5)
    printed = json.loads(cli("brokers", "-w", str(workspace), "--top", "5", "--format", "json").stdout)
    assert printed == json.loads(render(ranked.shown, "json"))
    assert [row["name"] for row in printed] == ranked.shown["name"].tolist()
    assert printed[0]["name"] == "Leon Varga"  # the story's broker
    table = cli("brokers", "-w", str(workspace), "--top", "5").stdout
    assert table == render(ranked.main_columns, "table") + "\n" + ranked.note + "\n"


def test_brokers_filters_by_case_like_the_command(workspace: Path, store: Any) -> None:
    ranked = gk.brokers(store, case="C-2023-02", top=3)
    printed = cli("brokers", "-w", str(workspace), "--case", "C-2023-02", "--top", "3", "--format", "csv")
    assert printed.stdout == render(ranked.shown, "csv") + "\n"
    assert ranked.graph.graph["case"] == "C-2023-02"


def test_cuts_paths_communities_ego_match_the_commands(workspace: Path, store: Any) -> None:
    ws = str(workspace)
    cut = gk.cuts(store, limit=10)
    assert not cut.table.empty
    assert cli("cuts", "-w", ws, "--limit", "10", "--format", "csv").stdout == render(cut.table, "csv") + "\n"
    assert cli("cuts", "-w", ws, "--limit", "10").stdout == render(cut.shown, "table") + "\n"

    found = gk.paths(store, "foreign", 'technology:"quantum sensing"', k=3, time_respecting=True)
    assert found.paths and found.paths[0].names[-1] == "quantum sensing"
    printed = cli("paths", "-w", ws, "--from", "foreign",
                  "--to", 'technology:"quantum sensing"', "-k", "3", "--time-respecting", "--format", "json")
    assert json.loads(printed.stdout) == json.loads(render(found.frame, "json"))

    groups = gk.communities(store, seed=1)
    printed = cli("communities", "-w", ws, "--seed", "1", "--format", "json")
    assert json.loads(printed.stdout) == json.loads(render(groups.frame, "json"))
    assert printed.stderr == groups.note + "\n"

    around = gk.ego(store, "Leon Varga", depth=1)
    printed = cli("ego", "Leon Varga", "-w", ws, "--format", "json")
    assert json.loads(printed.stdout) == json.loads(render(around.frame, "json"))
    assert printed.stderr == around.note + "\n"
    assert "Leon Varga" in around.frame["name"].tolist()


def test_info_explain_export_match_the_commands(workspace: Path, store: Any, tmp_path: Path) -> None:
    ws = str(workspace)
    summary = gk.info(store)
    assert json.loads(cli("info", "-w", ws, "--format", "json").stdout) == summary.summary
    assert cli("info", "-w", ws, "--format", "csv").stdout == render(summary.frame, "csv") + "\n"

    node = gk.explain(store, "Leon Varga")
    assert cli("explain", "Leon Varga", "-w", ws).stdout == node.text() + "\n"
    assert json.loads(cli("explain", "Leon Varga", "-w", ws, "--format", "json").stdout) == json.loads(node.to_json())
    assert len(node.records) > 0

    edges = gk.export(store, "edges", case="C-2023-02")
    printed = cli("export", "edges", "-w", ws, "--case", "C-2023-02", "--format", "json")
    assert json.loads(printed.stdout) == json.loads(render(edges.frame, "json"))

    graph = gk.export(store, "nodes", fmt="graphml")
    assert cli("export", "nodes", "-w", ws, "--format", "graphml").stdout == graph.document
    out = tmp_path / "g.gexf"
    written = cli("export", "edges", "-w", ws, "-o", str(out))
    assert written.stderr == f"Wrote {gk.export(store, 'edges', fmt='gexf').summary} to {out} (gexf).\n"
    assert out.read_text(encoding="utf-8") == gk.export(store, "edges", fmt="gexf").document


def test_view_writes_the_chart_the_command_writes(workspace: Path, store: Any, tmp_path: Path) -> None:
    drawn = gk.view(store, output=tmp_path / "nb.html", seed="Leon Varga", depth=1)
    assert drawn.output == tmp_path / "nb.html" and drawn.output.is_file()
    printed = cli("view", "-w", str(workspace), "-o", str(tmp_path / "cli.html"), "--seed", "Leon Varga",
                  "--depth", "1")
    assert printed.stdout == (f"wrote {tmp_path / 'cli.html'} ({drawn.chart.node_count} nodes, "
                              f"{drawn.chart.edge_count} links)\n")
    assert (tmp_path / "cli.html").read_text(encoding="utf-8") == drawn.output.read_text(encoding="utf-8")
    with pytest.raises(BadValue):
        gk.view(store, sources="foreign")  # paths need both ends


def test_store_spec_opens_and_closes_one_way(workspace: Path, tmp_path: Path) -> None:
    spec = gk.StoreSpec(workspace=workspace)
    with spec.open() as store:
        assert store.counts()
    assert spec.as_neo4j().neo4j and spec.as_neo4j().as_workspace() == spec
    with pytest.raises(StoreUnavailable):  # read-only commands never create a workspace
        with gk.StoreSpec(workspace=tmp_path / "missing").open():
            pass
    assert not (tmp_path / "missing").exists()
    with gk.StoreSpec(workspace=tmp_path / "new").open(create=True) as store:
        assert store.counts() == {}


def test_public_api_resolves_every_name() -> None:
    for name in gk.__all__:
        assert getattr(gk, name) is not None, name
    with pytest.raises(AttributeError):
        gk.no_such_workflow  # noqa: B018


def test_help_and_import_load_neither_pandas_nor_networkx() -> None:
    code = ("import sys, graphkit\n"
            "from graphkit.cli import main\n"
            "try:\n    main(['brokers', '--help'])\nexcept SystemExit:\n    pass\n"
            "graphkit.brokers\n"  # the name resolves without running anything
            "print(sorted(m for m in ('pandas', 'networkx', 'neo4j') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
