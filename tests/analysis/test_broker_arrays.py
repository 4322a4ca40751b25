"""The broker table on the projection as arrays equals the table on the networkx projection.

``broker_table(actor_arrays(store))`` runs every whole-graph measure on arrays
(graphkit/analysis/arcgraph.py) and networkx only on each explained actor's neighbourhood;
``broker_table(actor_graph(store))`` is the reference. Both read the same store: the demo
(every option) and generated contacts (sampled betweenness, NetworKit and the compiled kernels).
"""
from __future__ import annotations

import pandas as pd
import pytest

from graphkit.analysis.brokers import broker_table
from graphkit.ingest import load_files
from graphkit.projection import actor_arrays, actor_graph, arrays_of
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files
from graphkit.workflows.generate import generate_contacts


def _same(store, **options) -> pd.DataFrame:
    reference = broker_table(actor_graph(store), **options)
    on_arrays = broker_table(actor_arrays(store), **options)
    pd.testing.assert_frame_equal(on_arrays, reference, check_dtype=False, check_exact=False, rtol=1e-9)
    return on_arrays


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    with Workspace(tmp_path_factory.mktemp("demo") / "ws") as ws:
        load_files(demo_files(), ws)
        yield ws


@pytest.mark.parametrize("options", [{}, {"weight": "contacts"}, {"reading": "undirected"},
                                     {"exact": False, "sample": 20, "seed": 3}, {"partition": "country"},
                                     {"communities": False, "top_reasons": 66}])
def test_arrays_rank_the_demo_as_the_graph(demo_ws, options):
    table = _same(demo_ws, **options)
    assert table.at[0, "name"] == "Leon Varga"


def test_arrays_rank_generated_contacts_as_the_graph(tmp_path):
    generate_contacts(8000, seed=7, path=tmp_path / "contacts.csv")
    with Workspace(tmp_path / "ws") as ws:
        load_files([tmp_path / "contacts.csv"], ws, layout="contacts")
        table = _same(ws, exact=False, sample=128, seed=1)
        assert len(table) > 1500 and table.attrs["betweenness"]["method"] == "sources"
        _same(ws, weight="contacts", exact=False, sample=64)
        # a report holds the graph already and ranks its arrays (graphkit.projection.arrays_of)
        graph = actor_graph(ws)
        pd.testing.assert_frame_equal(broker_table(arrays_of(graph), exact=False, sample=128, seed=1), table,
                                      check_dtype=False, check_exact=False, rtol=1e-9)


def test_arrays_hold_the_projections_ties(demo_ws):
    graph = actor_graph(demo_ws, since="2024")
    arrays = actor_arrays(demo_ws, since="2024")
    assert arrays.ids == sorted(graph) and arrays.edge_count == graph.number_of_edges()
    assert arrays.graph["since"] == "2024" and arrays.edges_without_nodes == graph.graph["edges_without_nodes"]
    for j in range(arrays.edge_count):
        u, v = arrays.ids[arrays.tails[j]], arrays.ids[arrays.heads[j]]
        data = graph.edges[u, v, arrays.relations[j]]
        assert (arrays.contacts[j], arrays.weights[j], arrays.first_dates[j], arrays.last_dates[j]) == (
            data["contacts"], data["weight"], data["first_date"], data["last_date"])
    for i, node in enumerate(arrays.ids):
        assert {k: v for k, v in arrays.node_attributes(i).items()} == {
            k: graph.nodes[node].get(k) for k in ("kind", "name", "country", "foreign", "org")}
