"""The link chart's data and page, checked without a browser.

Expected values come from the hand-made graph in tests/views/view_graphs.py (counts and dates are
written next to each edge there).
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graphkit.errors import AnalysisError
from graphkit.views import ViewTooLarge, link_chart
from graphkit.views.chartdata import chart_data
from graphkit.views.linkchart import script_json
from tests.helpers.view_graphs import HOSTILE, approach_graph, hostile_graph, random_actor_graph

PATH = ["li", "bridge", "yamada", "tech"]


def by_key(data: dict) -> dict:
    return {n["key"]: n for n in data["nodes"]}


def test_labels_show_country_and_brokers_get_a_star():
    data = chart_data(approach_graph(), brokers={"bridge"})
    nodes = by_key(data)
    assert nodes["li"]["label"] == "Li Wei [CN]"
    assert nodes["yamada"]["label"] == "山田 太郎 [JP]"
    assert nodes["bridge"]["label"] == "★ Bridge Consulting [SG]"
    assert nodes["anon"]["label"] == "Unknown caller"  # no country: no code
    assert nodes["tech"]["label"] == "EUV lithography"


def test_foreign_domestic_unknown_look_different():
    nodes = by_key(chart_data(approach_graph()))
    foreign, domestic, unknown = nodes["li"], nodes["yamada"], nodes["anon"]
    assert foreign["color"]["border"] != domestic["color"]["border"]
    assert foreign["borderWidth"] > domestic["borderWidth"]
    assert unknown["shapeProperties"]["borderDashes"]  # dashed ring when the country is unknown
    assert "shapeProperties" not in domestic  # solid ring


def test_shape_by_kind():
    nodes = by_key(chart_data(approach_graph()))
    shapes = {k: nodes[k]["shape"] for k in ("li", "toto", "bridge", "tech")}
    assert len(set(shapes.values())) == 4, shapes


def test_size_grows_with_broker_score():
    nodes = by_key(chart_data(approach_graph(), scores={"bridge": 0.6, "li": 0.15, "yamada": 0.0}))
    assert nodes["bridge"]["size"] > nodes["li"]["size"] > nodes["yamada"]["size"]
    assert nodes["yamada"]["size"] == nodes["toto"]["size"]  # zero and missing look the same


def test_path_edges_and_nodes_are_marked():
    data = chart_data(approach_graph(), paths=[PATH])
    names = {n["id"]: n["key"] for n in data["nodes"]}
    on_path = {(names[e["from"]], names[e["to"]], e["relation"]) for e in data["edges"] if e["on_path"]}
    # the three consecutive pairs of PATH, whatever the edge's direction; li->tech is not a step
    assert on_path == {("li", "bridge", "CONTACTED"), ("bridge", "yamada", "INTRODUCED"),
                       ("yamada", "tech", "HOLDS")}
    assert {k for k, n in by_key(data).items() if n["on_path"]} == set(PATH)


def test_paths_accept_objects_with_nodes():
    class TransferPath:
        nodes = ["li", "bridge"]

    data = chart_data(approach_graph(), paths=[TransferPath()])
    assert sum(e["on_path"] for e in data["edges"]) == 1


def test_edge_style_by_relation_width_by_contacts():
    edges = {e["relation"]: e for e in chart_data(approach_graph())["edges"]}
    assert edges["INTRODUCED"]["dashes"] and not edges["CONTACTED"]["dashes"]
    assert edges["HOLDS"]["dashes"] == [2, 6]  # inferred: dotted
    colours = {edges[r]["color"] for r in ("CONTACTED", "TRANSFERRED", "HOLDS")}
    assert len(colours) == 3
    li_bridge = [e for e in chart_data(approach_graph())["edges"] if e["contacts"] == 2][0]
    assert li_bridge["width"] > edges["TRANSFERRED"]["width"]  # 2 contacts vs 1
    assert chart_data(approach_graph())["options"]["edges"]["arrows"]["to"]["enabled"]  # directed
    undirected = nx.Graph(approach_graph())
    assert not chart_data(undirected)["options"]["edges"]["arrows"]["to"]["enabled"]


def test_evidence_travels_as_data():
    edges = chart_data(approach_graph())["edges"]
    transfer = [e for e in edges if e["relation"] == "TRANSFERRED"][0]
    assert transfer["evidence"] == [{
        "record_id": "contacts:c3", "file": "contacts.csv", "row": 4, "source_id": "c3",
        "case_id": "C-2024-01", "date": "2024-02-01", "reliability": 0.6, "channel": "email",
        "outcome": "files sent"}]
    data = chart_data(approach_graph())
    assert (data["meta"]["date_min"], data["meta"]["date_max"]) == ("2021-01-01", "2024-03-05")
    assert data["meta"]["cases"] == ["C-2024-01", "C-2024-02"]


def test_collapsed_simple_graph_is_drawn_too():
    G = nx.DiGraph()
    G.add_node("a", kind="Person", name="A")
    G.add_node("b", kind="Company", name="B")
    G.add_edge("a", "b", relations=["CONTACTED", "OWNS"], contacts=3, evidence=[])
    edge = chart_data(G)["edges"][0]
    assert (edge["relation"], edge["relations"], edge["contacts"]) == ("CONTACTED", ["CONTACTED", "OWNS"], 3)
    assert "relations" not in chart_data(approach_graph())["edges"][0]  # one relation: implied


def test_big_graph_gets_a_python_layout_and_no_physics():
    data = chart_data(approach_graph(), layout_threshold=3)
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    small = chart_data(approach_graph())
    assert small["options"]["physics"]["enabled"] is True and "x" not in small["nodes"][0]


def test_same_graph_same_page():
    a = link_chart(approach_graph(), layout_threshold=3).html()
    b = link_chart(approach_graph(), layout_threshold=3).html()
    assert a == b


def test_too_large_says_how_to_narrow():
    G = nx.MultiDiGraph()
    G.add_nodes_from(range(20_001))
    with pytest.raises(ViewTooLarge) as caught:
        link_chart(G)
    assert isinstance(caught.value, AnalysisError)
    assert "--seed NAME --depth N" in str(caught.value) and "--case ID" in str(caught.value)
    with pytest.raises(ViewTooLarge):
        link_chart(approach_graph(), max_nodes=6)


def test_script_json_cannot_close_the_block():
    text = script_json({"a": HOSTILE, "b": "\u2028\u2029&"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": HOSTILE, "b": "\u2028\u2029&"}


def _inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, flags=re.S)


def test_page_is_self_contained_with_a_strict_csp():
    page = link_chart(hostile_graph(), title=HOSTILE[1]).html()
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    for rule in ("default-src 'none'", "connect-src 'none'", "img-src data:", "base-uri 'none'"):
        assert rule in csp
    assert "unsafe" not in csp  # no unsafe-inline, unsafe-eval or unsafe-hashes anywhere
    scripts = _inline_scripts(page)
    assert len(scripts) == 2  # vis-network and the page's own script
    for body in scripts:  # each inline script is allowed by its hash, nothing else is
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    assert len(styles) == 2
    for body in styles:  # styles too are allowed only by hash
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp.split("style-src")[1].split(";")[0]
    # no external resource of any kind
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, flags=re.I)
    assert "<link" not in page and "@import" not in page
    # hostile text appears only escaped: the title through autoescape, data through script_json
    assert HOSTILE[1] not in page and HOSTILE[0] not in page and HOSTILE[2] not in page
    assert "<title>&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>" in page


def test_save_writes_utf8_atomically_and_no_lib_folder(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = link_chart(approach_graph(), title="東都精機 case").save(tmp_path / "charts" / "chart.html")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["chart.html", "charts"]  # no lib/, no temp file
    text = out.read_bytes().decode("utf-8")  # strict: raises on anything but UTF-8
    assert "山田 太郎" in text  # literal characters, not \u escapes
    block = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', text, flags=re.S)
    assert json.loads(block.group(1))["nodes"][2]["name"] == "山田 太郎"
    assert "<title>東都精機 case</title>" in text
    assert not (tmp_path / "lib").exists()


@pytest.mark.parametrize("make", [hostile_graph, approach_graph, lambda: random_actor_graph(1500)])
def test_save_streams_exactly_the_page_html_gives(tmp_path: Path, make):
    """save() writes the data into the page in pieces (a 1M report's largest case chart held
    its page ~8 times over in memory); the bytes are html()'s, hostile text included, and so
    are the pieces' at any batch size (control, bidi and script-breaking text in some)."""
    from graphkit.views.linkchart import page_json, page_json_parts

    chart = link_chart(make(), title=HOSTILE[1], marking="取扱注意")
    assert chart.save(tmp_path / "c.html").read_bytes() == chart.html().encode("utf-8")
    for batch in (1, 3, 1000):
        assert "".join(page_json_parts(chart.data, batch=batch)) == page_json(chart.data)
    mixed = {"a": ["plain"] * 5 + ["x\x01y", "K-\u202eexe", 'q"\\', "</script>"] + ["ok"] * 5, "b": {}, "c": []}
    for batch in (1, 2, 4):
        assert "".join(page_json_parts(mixed, batch=batch)) == page_json(mixed)


def test_repr_html_is_a_sandboxed_iframe_of_the_same_page():
    chart = link_chart(hostile_graph(), title=HOSTILE[0])
    frame = chart._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert "<" not in srcdoc and html.unescape(srcdoc) == chart.html()
    assert HOSTILE[0] not in frame


def test_nan_scores_and_reliabilities_do_not_break_the_page():
    G = approach_graph()
    G.edges["li", "bridge", "CONTACTED"]["reliability"] = float("nan")
    data = chart_data(G, scores={"li": float("nan"), "bridge": 0.5})
    assert by_key(data)["li"]["score"] is None and by_key(data)["bridge"]["score"] == 0.5
    assert [e["reliability"] for e in data["edges"] if e["contacts"] == 2] == [None]
    link_chart(G, scores={"li": float("nan")}).html()  # JSON without NaN: no error


def test_date_window_ends_on_the_real_last_day_of_the_month():
    # A record dated "2023-02" ends on 2023-02-28 (not a made-up 2023-02-31); "2024-02" on the
    # leap day. A year-only record ("2024") outlasts a month inside it ("2024-11").
    def window(*dates: str) -> tuple[str, str]:
        G = nx.MultiDiGraph()
        G.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", dates=list(dates))
        meta = chart_data(G)["meta"]
        return meta["date_min"], meta["date_max"]

    assert window("2023-02") == ("2023-02-01", "2023-02-28")
    assert window("2022-12-24", "2024-02") == ("2022-12-24", "2024-02-29")
    assert window("2024-11", "2024") == ("2024-01-01", "2024-12-31")
    assert window("2024-04") == ("2024-04-01", "2024-04-30")


@pytest.mark.parametrize("text", [
    "Leon Varga", "東都精機 & Co <lab>", 'say "hi"', "C:\\cases\\k1.csv", "K-\u202eexe.txt", "a\x00b\x1bc",
    "line\nbreak\ttab\r", "\u2028\u2029", "\x7f\x9f", "zero\u200bwidth\ufeff", *HOSTILE,
])
def test_page_json_shows_record_text_as_the_walk_over_every_value_does(text):
    """page_json writes the data's JSON directly when no string needs showing; the page data
    is then the same text as showing every string first (the walk it skips), for plain text,
    markup characters, quotes, backslashes, controls, bidi and invisible characters, in keys,
    values, lists and tuples."""
    from graphkit.views.linkchart import _shown, page_json

    value = {"nodes": [{"label": text, "title": (text, 3, None, 0.5)}], text: {"k": [text, True]}}
    assert page_json(value) == script_json(_shown(value))
    assert page_json({"plain": ["Leon", 1]}) == script_json({"plain": ["Leon", 1]})
