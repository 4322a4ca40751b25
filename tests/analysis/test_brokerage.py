"""Gould–Fernandez brokerage against hand counts and against R's sna::brokerage.

The reference is R's ``sna::brokerage`` (Butts, sna 2.7; Gould & Fernandez 1989), run
through Rscript on the same graph and class vector: raw counts, expected values, standard
deviations and z-scores must agree to 1e-9, node by node and for the whole graph.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from graphkit import datasets as gk_datasets
from graphkit.analysis.brokerage import ROLE_NAMES, brokerage_roles

SNA_ORDER = ROLE_NAMES  # coordinator w_I, itinerant w_O, representative b_IO, gatekeeper b_OI, liaison b_O, total t


def assert_close(ours, theirs, what: str) -> None:
    ours = np.asarray(ours, dtype=float)
    theirs = np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape, what
    both_nan = np.isnan(ours) & np.isnan(theirs)
    same_inf = np.isinf(ours) & np.isinf(theirs) & (np.sign(ours) == np.sign(theirs))
    close = np.isclose(ours, theirs, rtol=1e-9, atol=1e-9)
    bad = ~(both_nan | same_inf | close)
    assert not bad.any(), f"{what}: {np.argwhere(bad)[:5].tolist()} ours {ours[bad][:5]} sna {theirs[bad][:5]}"


def compare_with_sna(G: nx.Graph, classes: list, sna, tmp_path) -> None:
    mapping = dict(zip(G, classes))
    result = brokerage_roles(G, mapping)
    ref = sna(G, classes, tmp_path)
    frame = result.nodes
    assert_close(frame[list(SNA_ORDER)].to_numpy(), ref["raw_nli"], "raw counts")
    assert_close(frame[[f"expected_{r}" for r in SNA_ORDER]].to_numpy(), ref["exp_nli"], "expected")
    assert_close(frame[[f"sd_{r}" for r in SNA_ORDER]].to_numpy(), ref["sd_nli"], "sd")
    assert_close(frame[[f"z_{r}" for r in SNA_ORDER]].to_numpy(), ref["z_nli"], "z-scores")
    assert_close(result.totals["raw"], ref["raw_gli"], "graph raw")
    assert_close(result.totals["expected"], ref["exp_gli"], "graph expected")
    assert_close(result.totals["sd"], ref["sd_gli"], "graph sd")
    assert_close(result.totals["z"], ref["z_gli"], "graph z")
    # The comparison must compare something: real networks have brokers.
    assert frame["total"].sum() > 0


# --- tiny hand-checked graphs -------------------------------------------------------------

def test_each_role_on_a_hand_built_chain():
    # One chain per role through broker "b"; groups chosen so each chain is one role
    # (Gould & Fernandez 1989, Fig. 1): counted by hand.
    cases = {
        "coordinator": ({"a": 1, "b": 1, "c": 1}),
        "itinerant": ({"a": 1, "b": 2, "c": 1}),
        "representative": ({"a": 1, "b": 1, "c": 2}),
        "gatekeeper": ({"a": 2, "b": 1, "c": 1}),
        "liaison": ({"a": 1, "b": 2, "c": 3}),
    }
    for role, groups in cases.items():
        G = nx.DiGraph([("a", "b"), ("b", "c")])
        row = brokerage_roles(G, groups).nodes.loc["b"]
        assert row[role] == 1, role
        assert row["total"] == 1
        assert sum(row[r] for r in ROLE_NAMES[:5]) == 1


def test_closed_and_returning_chains_do_not_count():
    # a->b->c with a->c is not brokerage; a->b->a returns to its start.
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("b", "a")])
    frame = brokerage_roles(G, {"a": 0, "b": 0, "c": 0}).nodes
    assert frame["total"].tolist() == [0.0, 0.0, 0.0]
    # Removing the shortcut a->c makes b a coordinator once (a->b->c); c->? none.
    G.remove_edge("a", "c")
    assert brokerage_roles(G, {"a": 0, "b": 0, "c": 0}).nodes.loc["b", "coordinator"] == 1


def test_undirected_edges_count_both_ways():
    # Path x - y - z undirected: y brokers x->y->z and z->y->x (two chains).
    G = nx.path_graph(["x", "y", "z"])
    frame = brokerage_roles(G, {"x": "F", "y": "D", "z": "D"}).nodes
    assert frame.loc["y", "gatekeeper"] == 1  # x->y->z: y with target z
    assert frame.loc["y", "representative"] == 1  # z->y->x: y with source z
    assert frame.loc["y", "total"] == 2


def test_default_partition_is_foreign_attribute():
    G = nx.DiGraph([("agent", "fixer"), ("fixer", "lab")])
    nx.set_node_attributes(G, {"agent": True, "fixer": False, "lab": False}, "foreign")
    assert brokerage_roles(G).nodes.loc["fixer", "gatekeeper"] == 1


def test_hand_expected_value_two_groups():
    # N=3, m=2 arcs: d = 2/6; group of "b" has n=2 ({a, b}) in the representative case.
    # sna: E[b_IO] = d^2 (1-d) (N - n_i)(n_i - 1) = (1/9)(2/3)(1)(1) = 2/27.
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    row = brokerage_roles(G, {"a": 1, "b": 1, "c": 2}).nodes.loc["b"]
    assert row["expected_representative"] == pytest.approx(2 / 27, abs=1e-12)


def test_tiny_graphs_match_sna(sna, tmp_path):
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("b", "d"), ("e", "b")])
    compare_with_sna(G, ["x", "x", "y", "y", "z"], sna, tmp_path)


def test_random_graphs_match_sna(sna, tmp_path):
    for seed in range(3):
        G = nx.gnp_random_graph(40, 0.1, seed=seed, directed=seed != 1)
        rng = np.random.default_rng(seed)
        classes = [str(rng.integers(0, 2 + seed)) for _ in G]
        compare_with_sna(G, classes, sna, tmp_path)


# --- real networks (../shared/datasets) ---------------------------------------------------

def test_caviar_directed_two_groups_matches_sna(datasets, sna, tmp_path):
    # CAVIAR (Morselli 2009): traffickers N1-N82 vs legitimate sector N83-N110, directed.
    G = gk_datasets.caviar(datasets / "caviar")
    classes = [G.nodes[n]["group"] for n in G]
    compare_with_sna(G, classes, sna, tmp_path)


def test_montagna_phonecalls_directed_many_groups_matches_sna(datasets, sna, tmp_path):
    # Montagna phone calls (directed), partition by mafia family: 7 families + unknown.
    G = gk_datasets.montagna(datasets / "montagna_sicilian_mafia", "phonecalls")
    classes = [G.nodes[n]["familia"] for n in G]
    assert len(set(classes)) >= 3
    compare_with_sna(G, classes, sna, tmp_path)


def test_montagna_meetings_undirected_many_groups_matches_sna(datasets, sna, tmp_path):
    G = gk_datasets.montagna(datasets / "montagna_sicilian_mafia", "meetings")
    assert not G.is_directed()
    classes = [G.nodes[n]["familia"] for n in G]
    assert len(set(classes)) >= 3
    compare_with_sna(G, classes, sna, tmp_path)


def test_florentine_undirected_two_and_three_groups_match_sna(datasets, sna, tmp_path):
    # Padgett's marriage network; groups: held a priorate or not (2), wealth terciles (3).
    G = gk_datasets.florentine(datasets / "padgett_florentine")
    compare_with_sna(G, [G.nodes[n]["priors"] > 0 for n in G], sna, tmp_path)
    wealth = sorted(G.nodes[n]["wealth"] for n in G)
    cuts = (wealth[len(wealth) // 3], wealth[2 * len(wealth) // 3])
    classes = [0 if G.nodes[n]["wealth"] < cuts[0] else 1 if G.nodes[n]["wealth"] < cuts[1] else 2 for n in G]
    assert len(set(classes)) == 3
    compare_with_sna(G, classes, sna, tmp_path)
