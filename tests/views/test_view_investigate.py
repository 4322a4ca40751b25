"""investigation_chart on hand-made graphs: ego cut, broker marks, paths added to an ego view."""
from __future__ import annotations

import networkx as nx
import pytest

from graphkit.errors import NotFound
from graphkit.workflows.chart import investigation_chart
from tests.helpers.view_graphs import approach_graph


def chain() -> nx.MultiDiGraph:
    """a -> b -> c -> d, no countries anywhere (brokerage roles cannot split foreign/domestic)."""
    G = nx.MultiDiGraph()
    for n in "abcd":
        G.add_node(n, kind="Person", name=f"Person {n.upper()}", aliases=[], country=None,
                   foreign=None, cases=[], evidence=[])
    for u, v in ("ab", "bc", "cd"):
        G.add_edge(u, v, key="CONTACTED", relation="CONTACTED", contacts=1, evidence=[], dates=[],
                   cases=[], inferred=False, reliability=None)
    return G


def keys(chart) -> list[str]:
    return sorted(n["key"] for n in chart.data["nodes"])


def test_no_country_anywhere_still_scores_brokers():
    chart = investigation_chart(chain(), n_brokers=2)
    marked = {chart.data["nodes"][i]["key"] for i in chart.data["meta"]["brokers"]}
    assert marked == {"b", "c"}  # the only nodes between others (betweenness > 0)


def test_ego_depth_and_title():
    chart = investigation_chart(chain(), seed="Person B", depth=1)
    assert keys(chart) == ["a", "b", "c"]
    assert chart.title == "graphkit link chart · ego of Person B (depth 1)"


def test_paths_bring_their_nodes_into_an_ego_view():
    G = approach_graph(stated_holding=True)
    chart = investigation_chart(G, seed="Unknown caller", depth=0, sources="Li Wei",
                                targets='technology:"EUV lithography"', k=1)
    # the ego alone is {anon}; the best path Li Wei -> ... -> EUV lithography adds its nodes
    path = chart.data["meta"]["paths"][0]
    names = [chart.data["nodes"][i]["key"] for i in path]
    assert names[0] == "li" and names[-1] == "tech"
    assert set(keys(chart)) == {"anon", *names}


def test_empty_graph_and_unknown_seed_are_clear_errors():
    with pytest.raises(NotFound, match="nothing to draw"):
        investigation_chart(nx.MultiDiGraph())
    with pytest.raises(NotFound):
        investigation_chart(chain(), seed="Nobody")


def test_broker_scores_are_broker_tables_betweenness():
    from graphkit.analysis.brokers import broker_table
    from graphkit.workflows.chart import broker_scores

    G = approach_graph()
    scores, ranking = broker_scores(G)
    table = broker_table(G)
    assert scores == pytest.approx(dict(zip(table["id"], table["betweenness"])))
    assert "tech" not in scores  # technologies are not ranked
    assert ranking[0] == table["id"].iloc[0] == "yamada"  # hand-checked: 山田 太郎 joins most pairs


def test_too_large_is_refused_before_scoring():
    from graphkit.views import ViewTooLarge

    G = nx.MultiDiGraph()
    G.add_nodes_from((i, {"kind": "Person", "name": f"P{i}"}) for i in range(20_001))
    G.add_edges_from((i, i + 1, "CONTACTED", {"relation": "CONTACTED", "contacts": 1})
                     for i in range(0, 20_000, 2))  # 10,000 separate pairs
    with pytest.raises(ViewTooLarge, match="--seed NAME --depth N"):
        investigation_chart(G, scores={})  # refused before anything is drawn
    assert len(investigation_chart(G, seed="P4", depth=2).data["nodes"]) == 2  # an ego view draws
