"""Selectors with quoted names inside a kind prefix, and suggestions that list a node once
(issue 11, item 11)."""
from __future__ import annotations

import networkx as nx
import pytest

from graphkit.analysis.selection import resolve_selector
from graphkit.errors import NotFound


def zhenhai_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("c-zh", kind="Company", name="Zhenhai Frontier Technologies Co., Ltd.",
               aliases=["振海前沿科技有限公司", "Zhenhai Frontier Tech", "Zhenhai Frontier Technologies"],
               foreign=True)
    G.add_node("c-sk", kind="Company", name="Sakura Advanced Materials K.K.", aliases=[],
               foreign=False)
    G.add_node("p-kim", kind="Person", name="Kim, Lee", aliases=[], foreign=True)
    return G


def test_a_quoted_name_with_commas_inside_a_kind_prefix_is_one_selector():
    G = zhenhai_graph()
    # before: split at the commas into 'company:"Zhenhai ... Co.', 'Ltd."' -> no node named 'Ltd.'
    assert resolve_selector(G, 'company:"Zhenhai Frontier Technologies Co., Ltd."') == {"c-zh"}
    assert resolve_selector(G, "company:'Zhenhai Frontier Technologies Co., Ltd.'") == {"c-zh"}
    assert resolve_selector(G, '"Zhenhai Frontier Technologies Co., Ltd."') == {"c-zh"}
    assert resolve_selector(G, 'company:"Zhenhai Frontier Technologies Co., Ltd.", person:"Kim, Lee"'
                            ) == {"c-zh", "p-kim"}
    assert resolve_selector(G, '"Kim, Lee",company:Sakura Advanced Materials K.K.') == {"p-kim", "c-sk"}


def test_did_you_mean_lists_each_node_once_with_the_alias_that_matched():
    G = zhenhai_graph()
    with pytest.raises(NotFound) as info:
        resolve_selector(G, "Zhenhai Fronteir")
    message = str(info.value)
    assert message.count("Zhenhai Frontier Technologies Co., Ltd.") == 1, message
    assert "did you mean 'Zhenhai Frontier Technologies Co., Ltd.' (alias 'Zhenhai Frontier Tech')" in message
    with pytest.raises(NotFound, match=r"did you mean 'Zhenhai Frontier Technologies Co., Ltd.'\?"):
        resolve_selector(G, "company:Zhenhai Frontier Technologies Co Ltd.x")
