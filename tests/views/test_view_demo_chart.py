"""The demo link chart: the shipped fictional case set, loaded for real, drawn in Chromium.

Expected values come from graphkit/demo/STORY.md: 71 nodes and 208 actor edges; the top
broker is Leon Varga; the most likely time-respecting path from Zhenhai to quantum sensing is
Zhenhai -> Sakura Advanced Materials -> Leon Varga -> 佐藤 美咲 -> quantum sensing.
This is the call ``graphkit demo`` makes for its chart.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.workflows.demo import run_demo
from graphkit.projection import actor_graph
from graphkit.store.workspace import Workspace
from graphkit.workflows.chart import investigation_chart

MAIN_PATH = ["Zhenhai Frontier Technologies Co., Ltd.", "Sakura Advanced Materials K.K.",
             "Leon Varga", "佐藤 美咲", "quantum sensing"]


@pytest.fixture(scope="module")
def demo_chart(tmp_path_factory):
    result = run_demo(tmp_path_factory.mktemp("demo"))
    with Workspace(result.workspace) as store:
        G = actor_graph(store)
    return investigation_chart(
        G, sources='"Zhenhai Frontier Technologies Co., Ltd."', targets='technology:"quantum sensing"',
        k=1, time_respecting=True, n_brokers=1,
        title="graphkit demo: foreign approach network (fictional data)")


def test_demo_chart_marks_the_broker_and_the_main_path(demo_chart):
    data = demo_chart.data
    # 84 nodes, 250 edges: graphkit/demo/STORY.md (71, 208 before issue 13: + the org columns' Company
    # node and 36 ties, issue 13.3, + the cross-script variants' 12 actors and 6 contacts)
    assert (demo_chart.node_count, demo_chart.edge_count) == (84, 250)
    names = [n["name"] for n in data["nodes"]]
    assert [names[i] for i in data["meta"]["brokers"]] == ["Leon Varga"]
    assert [[names[i] for i in p] for p in data["meta"]["paths"]] == [MAIN_PATH]
    leon = data["nodes"][names.index("Leon Varga")]
    assert leon["label"] == "★ Leon Varga [HK]" and leon["size"] == max(n["size"] for n in data["nodes"])


@pytest.mark.browser
def test_demo_chart_in_the_browser(demo_chart, tmp_path: Path, open_chart, test_output: Path):
    opened = open_chart(demo_chart.save(tmp_path / "demo.html"))
    page = opened.page
    assert opened.blocked == [] and opened.errors() == []
    assert opened.visible() == (84, 250)
    page.screenshot(path=str(test_output / "demo-linkchart.png"))
    page.set_viewport_size({"width": 1200, "height": 760})
    page.click("#gk-fit")
    # the docs' picture: a little closer in, centred between the broker and the lab's side
    opened.js("""() => { const n = graphkitChart.network, s = n.getScale(), p = n.getViewPosition();
        n.moveTo({ scale: s * 1.3, position: { x: p.x + 60, y: p.y - 40 }, animation: false }); }""")
    page.wait_for_timeout(300)
    page.screenshot(path=str(test_output / "linkchart-small.png"))
    for query, expected in (("レオン", "Leon Varga"), ("sato misaki", "佐藤 美咲"), ("ＣＨＥＮ", "Chen Yufei")):
        opened.js("(q) => graphkitChart.search(q)", query)
        found = opened.js("graphkitChart.matchedNodeIds().map(id => graphkitChart.nodeKey(id))")
        assert found, query
        assert expected in page.text_content("#gk-results")
    opened.js("() => graphkitChart.search('')")
    page.click("#gk-fit")  # the last search's focus can leave Leon below the fold (83 nodes since issue 13)
    page.wait_for_timeout(500)
    key = opened.js("() => graphkitChart.nodeKey(graphkitChart.nodes.get().find(n => n.label.includes('Leon Varga')).id)")
    x, y = opened.node_point(key)
    page.mouse.move(x, y)
    page.wait_for_selector("#gk-tooltip:not([hidden])")
    assert "FOREIGN (HK)" in page.text_content("#gk-tooltip")
    page.screenshot(path=str(test_output / "demo-linkchart-hover.png"))
