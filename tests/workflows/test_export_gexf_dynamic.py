"""``graphkit export gexf --dynamic`` (issue 15.4): GEXF whose edges carry time intervals
(spells) at their records' precision and whose nodes start at their first dated edge, so
Gephi's timeline plays the graph. The XML is read back with a parser, not searched as text."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files

NS = {"g": "http://www.gexf.net/1.2draft"}


def _demo(tmp_path: Path) -> Path:
    with Workspace(tmp_path / "ws") as ws:
        load_files(demo_files(), ws)
    return tmp_path / "ws"


def test_dynamic_gexf_structure(tmp_path: Path) -> None:
    ws = _demo(tmp_path)
    out = tmp_path / "dynamic.gexf"
    result = CliRunner().invoke(main, ["export", "gexf", "--dynamic", "-w", str(ws), "-o", str(out)])
    assert result.exit_code == 0, result.output
    graph = ET.parse(out).getroot().find("g:graph", NS)
    assert graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    nodes = graph.findall("g:nodes/g:node", NS)
    edges = graph.findall("g:edges/g:edge", NS)
    # STORY.md: the demo's actor projection (71, 208 before issue 13's org ties and cross-script variants)
    assert (len(nodes), len(edges)) == (84, 250)
    spells = [(e, s) for e in edges for s in e.findall("g:spells/g:spell", NS)]
    assert len(spells) > 200
    for _, spell in spells:
        start, end = spell.get("start"), spell.get("end")
        assert len(start) == len(end) == 10 and start <= end  # whole days, a period each
    # JP-0034 ("令和5年8月", month precision): its edge has a spell of all of August 2023
    assert any((s.get("start"), s.get("end")) == ("2023-08-01", "2023-08-31") for _, s in spells)
    # every node that has a dated edge starts on the first day of its first spell
    firsts: dict[str, str] = {}
    for edge, spell in spells:
        for end in (edge.get("source"), edge.get("target")):
            firsts[end] = min(firsts.get(end, "9999"), spell.get("start"))
    starts = {n.get("id"): n.get("start") for n in nodes}
    assert firsts and all(starts[n] == first for n, first in firsts.items())
    # spells within one edge never overlap (overlapping periods are merged)
    for edge in edges:
        periods = [(s.get("start"), s.get("end")) for s in edge.findall("g:spells/g:spell", NS)]
        assert all(a[1] < b[0] for a, b in zip(periods, periods[1:]))
    # networkx reads it back as the same graph
    back = nx.read_gexf(out)
    assert (back.number_of_nodes(), back.number_of_edges()) == (84, 250)


def test_static_gexf_has_no_intervals_and_dynamic_is_gexf_only(tmp_path: Path) -> None:
    ws = _demo(tmp_path)
    out = tmp_path / "static.gexf"
    assert CliRunner().invoke(main, ["export", "gexf", "-w", str(ws), "-o", str(out)]).exit_code == 0
    graph = ET.parse(out).getroot().find("g:graph", NS)
    assert graph.get("mode") == "static" and not graph.findall(".//g:spell", NS)
    bad = CliRunner().invoke(main, ["export", "edges", "--dynamic", "-w", str(ws)])
    assert bad.exit_code != 0 and "--dynamic is for GEXF" in bad.output and "Traceback" not in bad.output
