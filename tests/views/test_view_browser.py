"""Link charts driven in Debian's headless Chromium with the network blocked.

Expected counts are hand-computed from tests/views/view_graphs.py (7 nodes, 8 edges; the dates and
cases are written next to each edge there).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.views import link_chart
from tests.helpers.view_graphs import HOSTILE, approach_graph, hostile_graph, random_actor_graph

pytestmark = pytest.mark.browser
PATH = ["li", "bridge", "yamada", "tech"]


@pytest.fixture
def demo_chart(tmp_path: Path, open_chart, test_output: Path):
    chart = link_chart(approach_graph(), scores={"bridge": 0.6, "li": 0.3}, brokers={"bridge"},
                       paths=[PATH], title="Approach case C-2024-01")
    opened = open_chart(chart.save(tmp_path / "chart.html"))
    return opened


def test_renders_offline_with_no_request_and_no_console_error(demo_chart, test_output: Path):
    demo_chart.page.screenshot(path=str(test_output / "demo-chart.png"))
    assert demo_chart.blocked == []
    assert demo_chart.errors() == []
    # drawn items, read from vis-network's DataSets and the network itself
    assert demo_chart.js("[graphkitChart.nodes.length, graphkitChart.edges.length]") == [7, 8]
    assert demo_chart.js("Object.keys(graphkitChart.network.body.nodes).filter(k => !k.startsWith('edgeId')).length") == 7
    assert demo_chart.js("graphkitChart.network.body.edgeIndices.length") == 8
    assert demo_chart.visible() == (7, 8)
    assert demo_chart.page.text_content("#gk-counts") == "7 of 7 nodes, 8 of 8 links shown"
    # physics stopped once stable
    assert demo_chart.js("graphkitChart.network.physics.options.enabled") is False


def test_legend_and_controls_are_built(demo_chart):
    legend = demo_chart.page.text_content("#gk-legend")
    for text in ("person", "intermediary", "foreign actor", "broker", "transfer path", "INTRODUCED"):
        assert text in legend
    kinds = demo_chart.js("Array.from(document.querySelectorAll('#gk-kinds input')).map(i => i.value)")
    assert kinds == ["Company", "Intermediary", "Person", "Technology"]
    cases = demo_chart.js("Array.from(document.querySelectorAll('#gk-case option')).map(o => o.value)")
    assert cases == ["", "C-2024-01", "C-2024-02"]


@pytest.mark.parametrize("query, expected", [
    ("yamada", ["yamada"]),            # Latin alias of 山田 太郎
    ("山田", ["yamada"]),               # Japanese name
    ("ﾔﾏﾀﾞ", ["yamada"]),              # half-width kana typed: NFKC folds both sides
    ("ＬＩ　ＷＥＩ", ["li"]),           # full-width Latin and space
    ("李", ["li"]),
    ("ブリッジ", ["bridge"]),
    ("tech", ["xinghe"]),              # Xinghe Tech; "EUV lithography" and Li Wei's org don't count
])
def test_search_matches_names_and_aliases(demo_chart, query, expected):
    demo_chart.page.fill("#gk-search", query)
    demo_chart.page.press("#gk-search", "Enter")
    keys = demo_chart.js("graphkitChart.matchedNodeIds().map(graphkitChart.nodeKey).sort()")
    assert keys == sorted(expected)
    dimmed = demo_chart.js("graphkitChart.dimmedNodeIds().length")
    assert dimmed == 7 - len(keys)  # everything else is greyed out
    assert demo_chart.page.locator("#gk-results button").count() == len(keys)
    demo_chart.page.fill("#gk-search", "")
    demo_chart.page.press("#gk-search", "Enter")
    assert demo_chart.js("graphkitChart.dimmedNodeIds().length") == 0


def test_time_window_hides_contacts_outside_it(demo_chart):
    page = demo_chart.page
    page.fill("#gk-since", "2024-01-01")
    page.dispatch_event("#gk-since", "change")
    # only TRANSFERRED yamada->li (2024-02-01) and CONTACTED anon->yamada (2024-03-05)
    assert demo_chart.visible() == (3, 2)
    page.fill("#gk-since", "")
    page.fill("#gk-until", "2023-05-31")
    page.dispatch_event("#gk-until", "change")
    # li->bridge (2023-04 overlaps) and li->xinghe (2021); the undated EMPLOYED_BY is hidden
    assert demo_chart.visible() == (3, 2)
    page.click("#gk-clear-window")
    assert demo_chart.visible() == (7, 8)


def test_kind_relation_and_case_filters(demo_chart):
    page = demo_chart.page
    page.uncheck("#gk-kinds input[value=Technology]")
    assert demo_chart.visible() == (6, 6)  # tech gone with its SOUGHT and HOLDS edges
    page.check("#gk-kinds input[value=Technology]")
    page.uncheck("#gk-relations input[value=CONTACTED]")
    assert demo_chart.visible() == (7, 6)
    page.check("#gk-relations input[value=CONTACTED]")
    page.select_option("#gk-case", "C-2024-02")
    # li->xinghe is the only C-2024-02 edge; 東都精機 belongs to the case without an edge in it
    assert demo_chart.visible() == (3, 1)
    page.select_option("#gk-case", "")
    assert demo_chart.visible() == (7, 8)


def test_click_focuses_neighbours_and_hover_shows_evidence(demo_chart, test_output: Path):
    page = demo_chart.page
    x, y = demo_chart.node_point("yamada")
    page.mouse.move(x, y)
    page.wait_for_selector("#gk-tooltip:not([hidden])")
    tip = page.text_content("#gk-tooltip")
    assert "山田 太郎" in tip and "domestic (JP)" in tip and "Yamada Taro" in tip
    page.mouse.click(x, y)
    details = page.text_content("#gk-details")
    assert "山田 太郎" in details and "Bridge Consulting" in details
    # neighbours of yamada: bridge, tech, toto, li, anon; only Xinghe Tech is dimmed
    assert demo_chart.js("graphkitChart.dimmedNodeIds().map(graphkitChart.nodeKey)") == ["xinghe"]
    page.screenshot(path=str(test_output / "demo-chart-focus.png"))


def test_edge_tooltip_lists_the_source_records(tmp_path: Path, open_chart):
    chart = link_chart(approach_graph(), layout_threshold=0)  # Python layout: straight edges
    opened = open_chart(chart.save(tmp_path / "c.html"))
    (x1, y1), (x2, y2) = opened.node_point("yamada"), opened.node_point("li")
    opened.page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2)
    opened.page.wait_for_selector("#gk-tooltip:not([hidden])")
    tip = opened.page.text_content("#gk-tooltip")
    assert "TRANSFERRED" in tip
    assert "2024-02-01 · email · files sent · reliability 0.6 · contacts.csv:4 · #c3 · case C-2024-01" in tip
    assert opened.errors() == []


def _assert_not_executed(opened) -> None:
    assert opened.js("window.__pwned") is None
    assert opened.js("document.querySelectorAll('img, a, iframe, object, embed').length") == 0
    assert opened.js("document.scripts.length") == 3  # data block, vis-network, page script


def test_hostile_records_never_execute(tmp_path: Path, open_chart, test_output: Path):
    for threshold in (1000, 0):  # physics and Python-layout modes
        chart = link_chart(hostile_graph(), title=HOSTILE[1], layout_threshold=threshold,
                           brokers={"li"}, paths=[["li", "bridge", "yamada"]])
        opened = open_chart(chart.save(tmp_path / f"hostile-{threshold}.html"))
        page = opened.page
        _assert_not_executed(opened)
        assert page.text_content("#gk-heading") == HOSTILE[1]
        assert page.title() == HOSTILE[1]
        options = opened.js("Array.from(document.querySelectorAll('#gk-case option')).map(o => o.textContent)")
        assert HOSTILE[1] in options
        assert HOSTILE[2] in page.text_content("#gk-kinds")  # filter menus show the text
        assert HOSTILE[0] in page.text_content("#gk-relations")
        assert opened.visible() == (9, 10)  # 7 + the hostile node + "odd"; 8 + 2 edges
        for key, literal in (("li", HOSTILE[0]), ("bridge", HOSTILE[1]), (HOSTILE[1], HOSTILE[2])):
            x, y = opened.node_point(key)
            page.mouse.move(x, y)
            page.wait_for_selector("#gk-tooltip:not([hidden])")
            assert literal in page.text_content("#gk-tooltip")
            _assert_not_executed(opened)
            page.mouse.click(x, y)
            assert literal in page.text_content("#gk-details")
            _assert_not_executed(opened)
            page.mouse.move(5, 5)
        page.fill("#gk-search", "onerror")
        page.press("#gk-search", "Enter")
        assert HOSTILE[0] in page.text_content("#gk-results")
        page.click("#gk-results button")
        _assert_not_executed(opened)
        if threshold == 0:  # straight edges: hover the hostile evidence on li -> bridge
            (x1, y1), (x2, y2) = opened.node_point("li"), opened.node_point("bridge")
            page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2)
            page.wait_for_selector("#gk-tooltip:not([hidden])")
            assert HOSTILE[0] in page.text_content("#gk-tooltip")
            _assert_not_executed(opened)
        page.screenshot(path=str(test_output / f"hostile-{threshold}.png"))
        assert opened.blocked == [] and opened.errors() == []


@pytest.mark.slow
def test_five_thousand_nodes_become_interactive(tmp_path: Path, open_chart, test_output: Path):
    G = random_actor_graph(5000)
    opened = open_chart(link_chart(G).save(tmp_path / "big.html"), timeout_ms=120_000)
    assert opened.visible() == (G.number_of_nodes(), G.number_of_edges())
    assert opened.js("graphkitChart.network.physics.options.enabled") is False
    opened.page.fill("#gk-search", "アクター 4998")
    opened.page.press("#gk-search", "Enter")
    matched = opened.js("graphkitChart.matchedNodeIds()")
    assert len(matched) == 1  # node 4998 only: names are "アクター i" when i % 3 == 0, and no larger i exists
    assert opened.js("graphkitChart.selectedNodeIds()") == matched  # big charts select, not grey out
    assert opened.js("graphkitChart.dimmedNodeIds().length") == 0
    opened.page.screenshot(path=str(test_output / "big-chart.png"))
    assert opened.errors() == [] and opened.blocked == []


def test_csp_stops_outside_connections_before_the_network(demo_chart):
    """Even script running in the page cannot reach out: the policy refuses before any request."""
    result = demo_chart.js("""async () => {
        const violations = [];
        document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective));
        let fetched = 'no error';
        try { await fetch('http://127.0.0.1:9/x'); } catch (e) { fetched = e.name; }
        const img = new Image(); img.src = 'http://127.0.0.1:9/pixel.png';
        const s = document.createElement('script'); s.src = 'http://127.0.0.1:9/x.js'; document.head.appendChild(s);
        await new Promise(r => setTimeout(r, 300));
        return {fetched, violations: violations.sort()};
    }""")
    assert result["fetched"] == "TypeError"
    assert result["violations"] == ["connect-src", "img-src", "script-src-elem"]
    # the image and script requests are started, then refused by the policy (Chromium reports
    # them as requests); none reaches the network layer, where the route would abort it
    assert demo_chart.routed == []


def test_filters_do_not_resend_unchanged_links(demo_chart):
    """Hiding goes through vis-network's hidden flags; widths that did not change are not re-sent
    (each re-sent item costs vis-network a full option parse)."""
    demo_chart.js("""() => { window.__sent = 0;
        graphkitChart.edges.on('update', (event, props) => { window.__sent += props.items.length; }); }""")
    demo_chart.page.uncheck("#gk-relations input[value=CONTACTED]")
    demo_chart.page.check("#gk-relations input[value=CONTACTED]")
    assert demo_chart.js("window.__sent") == 0
    assert demo_chart.visible() == (7, 8)
