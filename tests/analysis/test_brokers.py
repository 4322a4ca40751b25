"""The broker table: columns, agreement with each measure, reasons, and the literature's key players."""
from __future__ import annotations

import math

import networkx as nx
import pytest

from graphkit import datasets as gk_datasets
from graphkit.analysis.brokers import actor_digraph, broker_table
from graphkit.errors import AnalysisError

from tests.helpers.cut_graphs import approach_graph


def test_one_row_per_actor_technology_excluded():
    G = approach_graph()
    table = broker_table(G)
    assert sorted(table["id"]) == ["agent1", "agent2", "fixer", "lab1", "lab2", "prof"]
    assert "tech" in G  # the caller's graph is left as it was
    assert table["rank"].tolist() == list(range(1, 7))
    top = table.iloc[0]
    assert top["id"] == "fixer" and top["articulation"]
    # Each measure equals networkx's on the collapsed actor graph (betweenness and
    # constraint over the two-way contacts, PageRank along their direction).
    U = actor_digraph(G).to_undirected()
    assert top["betweenness"] == pytest.approx(nx.betweenness_centrality(U)["fixer"])
    assert top["pagerank"] == pytest.approx(nx.pagerank(actor_digraph(G), tol=1e-12)["fixer"], abs=1e-8)
    assert top["constraint"] == pytest.approx(nx.constraint(U)["fixer"])
    # fixer: agents (foreign) -> fixer -> lab1/prof/lab2 (domestic) = 2 x 3 gatekeeper chains,
    # except agentX -> fixer -> lab2 ... all open (no agent-lab edge): 6 gatekeeper chains.
    assert top["gatekeeper"] == 6 and top["brokerage"] == 6
    assert top["reason"].startswith("links 2 foreign actors to 3 domestic actors; gatekeeper 6x (from Agent1, Agent2 to ")
    assert "cut point" in top["reason"] and "1 technology holder" in top["reason"]
    info = table.attrs["betweenness"]
    assert info["method"] == "exact" and table.attrs["partition"] == "foreign"


def test_weighted_table_uses_contact_strength():
    G = approach_graph()
    G["prof"]["lab2"]["CONTACTED"]["contacts"] = 9
    G["fixer"]["prof"]["INTRODUCED"]["contacts"] = 9
    table = broker_table(G, weight="contacts").set_index("id")
    # With cost 1/contacts, fixer-prof-lab2 (2/9) beats fixer-lab2 (1): prof gains betweenness.
    assert table.loc["prof", "betweenness"] > broker_table(G).set_index("id").loc["prof", "betweenness"]
    with pytest.raises(AnalysisError):
        broker_table(G, weight="nonsense")


def test_partition_by_other_attribute_and_mapping():
    G = approach_graph()
    by_kind = broker_table(G, partition="kind").set_index("id")
    assert by_kind.loc["fixer", "representative"] > 0  # Person fixer -> Company labs
    mapping = {n: 0 for n in G}
    assert broker_table(G, partition=mapping)["liaison"].sum() == 0


def test_empty_graph_is_an_error():
    with pytest.raises(AnalysisError):
        broker_table(nx.DiGraph())


def test_caviar_coordinators_come_out_on_top(datasets):
    # Morselli (2009): N1 the main coordinator, N12 the cocaine coordinator, N3 lieutenant,
    # N87 financial investor. All must be in the top 5 of the broker ranking.
    G = gk_datasets.caviar(datasets / "caviar")
    table = broker_table(G, partition="group")
    top5 = table.head(5)["id"].tolist()
    assert top5[0] == "N1" and top5[1] == "N12"
    assert {"N3", "N87"} <= set(top5)
    # N1 brokers between traffickers and the legitimate sector far above chance.
    n1 = table.set_index("id").loc["N1"]
    assert n1["z_gatekeeper"] > 3 and n1["articulation"]


def test_medici_top_the_florentine_marriage_network(datasets):
    # Padgett & Ansell (1993): the Medici hold the structural hole of the marriage network.
    G = gk_datasets.florentine(datasets / "padgett_florentine")
    table = broker_table(G, partition={n: G.nodes[n]["priors"] > 0 for n in G})
    assert table.iloc[0]["id"] == "Medici"
    assert table.iloc[0]["betweenness"] == pytest.approx(0.452381, abs=1e-6)  # SOURCE.md: 0.45 (16 nodes)
    medici = table.set_index("id").loc["Medici"]
    assert medici["constraint"] == table["constraint"].min()
    # networkx's 15-family version (Pucci dropped) agrees: Medici top, 0.52.
    ref = nx.betweenness_centrality(nx.florentine_families_graph())
    assert max(ref, key=ref.get) == "Medici" and ref["Medici"] == pytest.approx(0.5220, abs=1e-4)
    assert math.isnan(table.set_index("id").loc["Pucci", "constraint"])  # the isolate


def test_unknown_partition_attribute_is_an_error():
    with pytest.raises(AnalysisError, match="contry"):
        broker_table(approach_graph(), partition="contry")


def test_reasons_on_a_hub_are_exact_and_fast():
    # A hub between 300 foreign sources and 300 domestic targets: 90,000 gatekeeper chains,
    # minus the 300 closed by a direct source -> target edge.
    G = nx.DiGraph()
    for i in range(300):
        G.add_node(f"f{i}", foreign=True)
        G.add_node(f"d{i}", foreign=False)
        G.add_edge(f"f{i}", "hub")
        G.add_edge("hub", f"d{i}")
        G.add_edge(f"f{i}", f"d{i}")
    G.nodes["hub"]["foreign"] = False
    table = broker_table(G, top_reasons=1)
    assert table.iloc[0]["id"] == "hub" and table.iloc[0]["gatekeeper"] == 90_000 - 300
    assert "gatekeeper 89700x" in table.iloc[0]["reason"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reason_chains_count_what_the_brokerage_roles_count(seed):
    # The reasons count each broker's open chains by complement; their totals must equal the
    # role counts of brokerage_roles (checked against R's sna), node by node and role by role.
    import random

    from graphkit.analysis.brokerage import brokerage_roles
    from graphkit.analysis.brokers import ROLE_COLUMNS, _open_chains

    D = nx.gnp_random_graph(60, 0.12, seed=seed, directed=True)
    rng = random.Random(seed)
    groups = {n: rng.choice(["CN", "JP", "RU"]) for n in D}
    roles = brokerage_roles(D, groups).nodes
    for position, node in enumerate(D):
        sources, targets = _open_chains(D, node, groups)
        for role in ROLE_COLUMNS:
            assert sum(sources[role].values()) == sum(targets[role].values()) == roles[role].iloc[position]
