"""The demo's brokers, found by graphkit.analysis (broker_table, brokerage_roles).

Expected values are those in graphkit/demo/STORY.md ("Top broker", "Gould–Fernandez
brokerage roles"), which were computed independently with plain networkx
(test_demo_story.py re-derives them the same way).
"""
from __future__ import annotations

import pytest

from graphkit.analysis.brokerage import brokerage_roles
from graphkit.analysis.brokers import actor_digraph, broker_table


def test_leon_varga_tops_the_broker_table(graph):
    table = broker_table(graph)
    top = table.iloc[0]
    assert top["name"] == "Leon Varga"
    assert top["betweenness"] == pytest.approx(0.3984, abs=5e-5)  # actors only, undirected hops (0.5243 before
    # issue 13: 0.5578 with the org ties alone, 0.3727 with the cross-script variants' twelve actors alone)
    assert (top["representative"], top["itinerant"]) == (51, 10)
    assert "representative 51x" in top["reason"]


def test_gatekeepers_and_liaison(graph):
    A = actor_digraph(graph)
    roles = brokerage_roles(A, "foreign").nodes
    gatekeeper = {graph.nodes[n]["name"]: v for n, v in roles["gatekeeper"].items() if v}
    assert gatekeeper["佐藤 美咲"] == 5
    assert gatekeeper["中村 彩"] == 4
    assert gatekeeper["Sakura Advanced Materials K.K."] == 3
    assert gatekeeper["Hokuyo Trading K.K."] == 2
    assert max(gatekeeper.values()) == 5
    by_country = brokerage_roles(A, "country").nodes["liaison"]
    top = by_country.idxmax()
    assert graph.nodes[top]["name"] == "Leon Varga" and by_country[top] == 41
