"""Edge probabilities: each expected value worked by hand from the formula in
graphkit/analysis/likelihood.py (noisy-OR of base * reliability factor * recency factor)."""
from __future__ import annotations

import math

import networkx as nx
import pytest

from graphkit.analysis.likelihood import (DEFAULT_BASE, LikelihoodModel, edge_cost, latest_date,
                                          period, reference_ordinal)
from graphkit.errors import AnalysisError
from tests.helpers.paths_graphs import link

PLAIN = LikelihoodModel(half_life_days=None, reliability_weight=0.0)


def test_base_by_relation_and_saturating_contacts():
    # one CONTACTED record: base 0.5; three: 1 - 0.5**3 = 0.875
    assert PLAIN.edge_probability({"relation": "CONTACTED", "contacts": 1}) == pytest.approx(0.5)
    assert PLAIN.edge_probability({"relation": "CONTACTED", "contacts": 3}) == pytest.approx(0.875)
    assert PLAIN.edge_probability({"relation": "TRANSFERRED", "contacts": 1}) == pytest.approx(0.9)
    # more contacts never lower p and never reach 1
    ps = [PLAIN.edge_probability({"relation": "INTRODUCED", "contacts": n}) for n in range(1, 30)]
    assert ps == sorted(ps) and ps[-1] < 1.0


def test_inferred_holds_is_weaker():
    # 0.9 * 0.7 = 0.63
    p = PLAIN.edge_probability({"relation": "HOLDS", "contacts": 1, "inferred": True})
    assert p == pytest.approx(0.63)


def test_reliability_blends():
    model = LikelihoodModel(half_life_days=None, reliability_weight=0.5)
    # r = 0.2: 0.5 * (0.5 + 0.5 * 0.2) = 0.3 ; missing r counts as 0.5: 0.5 * 0.75 = 0.375
    G = nx.MultiDiGraph()
    link(G, "a", "b", dates=[None], reliability=0.2)
    assert model.edge_probability(G["a"]["b"]["CONTACTED"]) == pytest.approx(0.3)
    assert model.edge_probability({"relation": "CONTACTED", "contacts": 1}) == pytest.approx(0.375)


def test_recency_halves_above_floor():
    model = LikelihoodModel(half_life_days=100, recency_floor=0.5, reliability_weight=0.0,
                            undated_factor=0.75)
    ref = period("2024-12-31")[1]
    # 100 days old: factor 0.5 + 0.5 * 0.5 = 0.75 -> 0.5 * 0.75 = 0.375
    day = period("2024-09-22")[1]
    assert ref - day == 100
    G = nx.MultiDiGraph()
    link(G, "a", "b", dates=["2024-09-22"])
    assert model.edge_probability(G["a"]["b"]["CONTACTED"], ref) == pytest.approx(0.375)
    # undated: 0.5 * 0.75
    link(G, "c", "d", dates=[None])
    assert model.edge_probability(G["c"]["d"]["CONTACTED"], ref) == pytest.approx(0.375)
    # a record at the reference date keeps its base
    link(G, "e", "f", dates=["2024-12"])
    assert model.edge_probability(G["e"]["f"]["CONTACTED"], ref) == pytest.approx(0.5)


def test_noisy_or_over_records():
    # two TRANSFERRED records, reliabilities 1.0 and 0.0 with weight 1: 1 - (1-0.9)(1-0) = 0.9
    model = LikelihoodModel(half_life_days=None, reliability_weight=1.0)
    G = nx.MultiDiGraph()
    link(G, "a", "b", "TRANSFERRED", dates=[None], reliability=1.0)
    link(G, "a", "b", "TRANSFERRED", dates=[None], reliability=0.0)
    p = model.edge_probability(G["a"]["b"]["TRANSFERRED"])
    assert p == pytest.approx(0.9)


def test_restated_employment_counts_its_strongest_record():
    # issue 13.3: a contacts file names a person's employer on every row about them; three rows
    # restating EMPLOYED_BY are one fact: p is the strongest record's (0.8 x (0.5 + 0.5 x 1.0)
    # = 0.8), not the noisy-OR 1 - (1 - 0.8)(1 - 0.6)(1 - 0.6) = 0.968 of independent chances
    model = LikelihoodModel(half_life_days=None)
    G = nx.MultiDiGraph()
    for reliability in (1.0, 0.5, 0.5):
        link(G, "a", "b", "EMPLOYED_BY", dates=[None], reliability=reliability)
        link(G, "a", "c", "CONTACTED", dates=[None], reliability=reliability)
    assert model.edge_probability(G["a"]["b"]["EMPLOYED_BY"]) == pytest.approx(0.8)
    assert model.edge_probability(G["a"]["c"]["CONTACTED"]) == pytest.approx(1 - 0.5 * 0.625 * 0.625)
    # off: every record an independent chance again
    plain = LikelihoodModel(half_life_days=None, restated=frozenset())
    assert plain.edge_probability(G["a"]["b"]["EMPLOYED_BY"]) == pytest.approx(1 - 0.2 * 0.4 * 0.4)
    # an edge given by counts only: one record's probability whatever the count
    counted = {"relation": "AFFILIATED_WITH", "contacts": 5, "reliability": 1.0, "last_date": None}
    assert model.edge_probability(counted) == pytest.approx(0.6)


def test_reference_date_is_latest_record():
    G = nx.MultiDiGraph()
    link(G, "a", "b", dates=["2023-01-05", "2024-03"])
    link(G, "b", "c", dates=["2024"])
    assert latest_date(G) == period("2024-12-31")[0]
    model = LikelihoodModel(reference_date="2025-06")
    assert reference_ordinal(G, model) == period("2025-06-30")[0]


def test_cost_and_periods():
    assert edge_cost(1.0) == 0.0
    assert edge_cost(0.25) == pytest.approx(math.log(4))
    assert period("2024-02") == (period("2024-02-01")[0], period("2024-02-29")[0])
    assert period("2023")[1] - period("2023")[0] == 364
    with pytest.raises(AnalysisError):
        period("2024-13")
    with pytest.raises(AnalysisError):
        period("R6.1.1")


def test_model_validates():
    with pytest.raises(AnalysisError):
        LikelihoodModel(base={"CONTACTED": 0.0})
    with pytest.raises(AnalysisError):
        LikelihoodModel(reliability_weight=1.5)
    assert set(DEFAULT_BASE) >= {"CONTACTED", "INTRODUCED", "TRANSFERRED", "HOLDS", "SOUGHT"}
