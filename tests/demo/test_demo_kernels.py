"""The demo's broker table is the same whether the kernels run as plain Python (a small graph,
the default) or compiled with Numba and NetworKit (forced here) (issue 11.12)."""
from __future__ import annotations

import pytest

from graphkit.analysis import engine, kernels
from graphkit.analysis.brokers import broker_table


def test_small_graph_kernels_give_the_compiled_results(graph, monkeypatch):
    small = broker_table(graph)
    assert small.attrs["betweenness"]["engine"].endswith("(plain Python: a small graph)")
    monkeypatch.setattr(kernels, "SMALL_WORK", 0)
    monkeypatch.setattr(engine, "SMALL_PAGERANK_EDGES", -1)
    big = broker_table(graph)
    assert "numba" in big.attrs["betweenness"]["engine"]
    assert small["id"].tolist() == big["id"].tolist()
    assert small["betweenness"].tolist() == pytest.approx(big["betweenness"].tolist(), abs=1e-12)
    assert small["pagerank"].tolist() == pytest.approx(big["pagerank"].tolist(), abs=1e-8)
    for column in ("constraint", "effective_size"):
        assert small[column].tolist() == pytest.approx(big[column].tolist(), abs=1e-12, nan_ok=True)
    for column in ("brokerage", "gatekeeper", "liaison", "reason", "community"):
        assert small[column].tolist() == big[column].tolist()
