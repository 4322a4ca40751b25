"""`graphkit demo` ends by writing the demo report and the chart of its broker and main path.

Expected values from graphkit/demo/STORY.md: the top broker is Leon Varga; the most likely
time-respecting path from Zhenhai to quantum sensing is Zhenhai -> Sakura Advanced Materials ->
Leon Varga -> 佐藤 美咲 -> quantum sensing.
"""
from __future__ import annotations

import json
import re
from html import unescape

from click.testing import CliRunner

from graphkit.cli import main

MAIN_PATH = ["Zhenhai Frontier Technologies Co., Ltd.", "Sakura Advanced Materials K.K.",
             "Leon Varga", "佐藤 美咲", "quantum sensing"]


def chart_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="[^"]*">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_demo_command_writes_the_report_and_the_chart(tmp_path):
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"report: {out / 'report' / 'report.html'}" in result.output
    assert f"link chart: {out / 'linkchart.html'}" in result.output
    manifest = json.loads((out / "report" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["brokers"]["overall"][0]["name"] == "Leon Varga"
    quantum = [p for p in manifest["paths"] if p["technology"] == "quantum sensing"]
    assert len(quantum) == 3 and all(p["names"][-1] == "quantum sensing" for p in quantum)
    # issue 11.4: the report's sources are every foreign actor, and its first quantum sensing
    # path is the story's, not a contact row restated as "X contacted Y; Y HOLDS T"
    assert quantum[0]["names"] == MAIN_PATH, [p["names"] for p in quantum]
    data = chart_data((out / "linkchart.html").read_text(encoding="utf-8"))
    names = [n["name"] for n in data["nodes"]]
    assert [names[i] for i in data["meta"]["brokers"]] == ["Leon Varga"]
    assert [[names[i] for i in p] for p in data["meta"]["paths"]] == [MAIN_PATH]
    page = unescape((out / "report" / "report.html").read_text(encoding="utf-8"))
    assert "Leon Varga" in page and "graphkit demo report" in page
    # running the demo again replaces its report as a whole (no error, same top broker)
    again = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert json.loads((out / "report" / "manifest.json").read_text())["brokers"]["overall"][0]["name"] == "Leon Varga"
