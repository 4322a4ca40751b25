"""``brokers --engine gds`` against the local engine, on the demo in the real Neo4j test server.

The same graph is ranked twice: by graphkit's engine over the actor projection read from the
server, and by GDS inside the server (graphkit/workflows/gds_brokers.py). The stated agreement
(docs/neo4j.md): exact betweenness to 1e-9, degrees and articulation points equal, constraint,
effective size, role counts and reasons of the top actors equal (the cut-point sentence aside),
PageRank in the same order (Spearman >= 0.95: GDS does not spread the rank of actors without
outgoing ties), Louvain's modularity within 0.05, sampled betweenness within the local
engine's stated error bound.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

from graphkit.analysis.brokers import broker_table
from graphkit.analysis.centrality import sources_error_bound
from graphkit.errors import BadValue
from graphkit.ingest import load_files
from graphkit.projection import actor_arrays, actor_graph, collapse
from graphkit.workflows.analyse import brokers
from graphkit.workflows.demo import demo_files
from graphkit.workflows.gds_brokers import gds_broker_table

pytestmark = pytest.mark.neo4j
TOP = 20


@pytest.fixture()
def demo_store(store):
    load_files(demo_files(), store)
    return store


def test_gds_ranks_as_the_local_engine_within_the_stated_tolerance(demo_store):
    graph = actor_graph(demo_store)
    local = broker_table(graph, top_reasons=TOP).set_index("id")
    gds = gds_broker_table(demo_store, top=TOP)
    assert gds.attrs["engine"].startswith("neo4j gds ") and gds.attrs["actors"] == len(local)
    ids = list(gds["id"])
    assert len(ids) >= 60 and set(ids) <= set(local.index)
    on_local = local.loc[ids]
    assert np.allclose(gds["betweenness"], on_local["betweenness"], rtol=0, atol=1e-9)
    for column in ("degree", "in_degree", "out_degree", "articulation"):
        assert gds[column].tolist() == on_local[column].tolist(), column
    # the rank: same betweenness sequence (ties may order differently)
    assert np.allclose(gds["betweenness"].head(TOP), local["betweenness"].head(TOP), atol=1e-9)
    top = gds.head(TOP).set_index("id")
    for column in ("constraint", "effective_size"):
        assert np.allclose(top[column].astype(float), local.loc[top.index, column].astype(float), atol=1e-9), column
    for column in ("gatekeeper", "representative", "liaison", "itinerant", "coordinator", "brokerage"):
        assert top[column].astype(int).tolist() == local.loc[top.index, column].astype(int).tolist(), column
    explained = [node for node in top.index if local.at[node, "reason"]]
    assert len(explained) >= 15
    for node in explained:
        assert top.at[node, "reason"].split("; cut point")[0] == local.at[node, "reason"].split("; cut point")[0]
        assert ("cut point" in top.at[node, "reason"]) == bool(local.at[node, "articulation"])
    assert spearmanr(gds["pagerank"], on_local["pagerank"]).statistic >= 0.95
    contacts = collapse(graph, directed=False, actors_only=True)
    contacts.remove_nodes_from([n for n in list(contacts) if contacts.degree(n) == 0])

    def modularity(column) -> float:
        groups: dict = {}
        for node, label in column.items():
            if node in contacts:
                groups.setdefault(label, set()).add(node)
        return nx.community.modularity(contacts, groups.values())

    assert abs(modularity(gds.set_index("id")["community"]) - modularity(local["community"])) <= 0.05
    assert gds.attrs["bridges"] > 0 and gds.attrs["z_scores"].startswith("left out")


MAPPINGS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "mappings"


@pytest.mark.parametrize("data, reading", [("demo", "directed"), ("madrid", "directed"), ("madrid", "undirected")])
def test_weighted_gds_ranks_as_the_weighted_local_engine(store, shared_datasets, data, reading):
    """``--weighted`` inside Neo4j: GDS reads each tie's strength (stated weights summed, a
    record without one counting 1) from the evidence on the server; betweenness along the
    cheapest paths (cost 1/strength), constraint and effective size of the top actors equal
    the local weighted engine's. The demo states no weights (strength = records); the Madrid
    network states 1-4 per pair (SOURCE.md)."""
    if data == "demo":
        load_files(demo_files(), store)
    else:
        load_files([shared_datasets / "madrid_train_bombing" / "madrid_train_bombing_edges.csv"], store,
                   mapping=MAPPINGS / "madrid-edges.toml")
    graph = actor_graph(store)
    stated = {ev.weight for _, _, d in graph.edges(data=True) for ev in d["evidence"]}
    assert stated == ({None} if data == "demo" else {1, 2, 3, 4})
    local = broker_table(graph, top_reasons=TOP, weight="contacts", reading=reading).set_index("id")
    unweighted = broker_table(graph, top_reasons=TOP, reading=reading).set_index("id")
    gds = gds_broker_table(store, top=TOP, weighted=True, reading=reading)
    assert gds.attrs["weighted"] is True and gds.attrs["actors"] == len(local)
    ids = list(gds["id"])
    on_local = local.loc[ids]
    assert np.allclose(gds["betweenness"], on_local["betweenness"], rtol=0, atol=1e-9)
    for column in ("degree", "in_degree", "out_degree", "articulation"):
        assert gds[column].tolist() == on_local[column].tolist(), column
    # the weights change the scores, so the agreement above is the weighted one's
    assert not np.allclose(on_local["betweenness"], unweighted.loc[ids, "betweenness"], rtol=0, atol=1e-6)
    assert np.allclose(gds["betweenness"].head(TOP), local["betweenness"].head(TOP), atol=1e-9)
    top = gds.head(TOP).set_index("id")
    for column in ("constraint", "effective_size"):
        assert np.allclose(top[column].astype(float), local.loc[top.index, column].astype(float), atol=1e-9), column
    assert not np.allclose(top["constraint"].astype(float), unweighted.loc[top.index, "constraint"].astype(float),
                           atol=1e-6)
    assert spearmanr(gds["pagerank"], on_local["pagerank"]).statistic >= 0.95


def test_the_tie_strength_read_on_the_server_is_the_evidence_weight_sum():
    """The GDS queries read a record's stated weight from the evidence JSON as the text after
    ``"weight":`` up to the closing brace: so ``weight`` must stay the last key of the
    canonical evidence text, and a value cannot fake the key (quotes inside values are escaped)."""
    from graphkit.model import Evidence
    from graphkit.store.neo4j_rows import evidence_json

    text = evidence_json(Evidence("r", 'x"weight":9}', 1, source_id='"weight":8', weight=2.5))
    assert text.count('"weight":') == 1 and text.endswith('"weight":2.5}')
    assert '"weight":' not in evidence_json(Evidence("r", "f", 1))


def test_sampled_gds_betweenness_is_within_the_stated_bound(demo_store):
    table = gds_broker_table(demo_store, top=3)
    exact, n = table.set_index("id")["betweenness"], table.attrs["actors"]
    sampled = gds_broker_table(demo_store, top=3, exact=False, sample=32, seed=1)
    assert sampled.attrs["betweenness"] == {"method": "sources", "sample": 32, "seed": 1,
                                            "engine": "gds.betweenness", "nodes": n}
    bound = sources_error_bound(n, 32, 0.1)
    errors = (sampled.set_index("id")["betweenness"] - exact.loc[sampled["id"]].values).abs()
    assert errors.max() <= bound
    assert sampled.at[0, "id"] == exact.idxmax()  # the broker of the demo stands out either way


def test_write_keeps_the_ranking_on_the_nodes_idempotently(demo_store):
    before = demo_store.snapshot_hash()
    first = brokers(demo_store, engine="gds", top=5, write=True)
    second = brokers(demo_store, engine="gds", top=5, write=True)
    assert first.written["written"] == second.written["written"] == len(second.table)
    assert second.written["cleared"] == 0 and first.written["run"] != second.written["run"]
    rows, _, _ = demo_store.runner.driver.execute_query(
        "MATCH (n:Entity) WHERE n.broker_run IS NOT NULL RETURN n.name AS name, n.broker_run AS run, "
        "n.broker_rank AS rank, n.broker_roles AS roles, n.broker_engine AS engine ORDER BY rank",
        database_=demo_store.settings.database)
    assert len(rows) == len(second.table) and {r["run"] for r in rows} == {second.written["run"]}
    assert rows[0]["name"] == "Leon Varga" and rows[0]["rank"] == 1 and rows[0]["engine"] == "gds"
    assert "representative" in rows[0]["roles"]
    # the scores live beside the loaded data: the snapshot (what reports hash) is unchanged
    assert demo_store.snapshot_hash() == before
    local = brokers(demo_store, engine="local", top=5, write=True)  # the local engine writes too
    assert local.written["written"] == len(local.table)
    assert local.written["cleared"] == 0  # it ranks every actor GDS ranked
    # since org columns tie every actor into the graph (issue 13.3) no actor is left out of a
    # whole-graph run; one case's run leaves the actors outside it with stale scores to clear
    one_case = brokers(demo_store, engine="gds", top=5, write=True, case="C-2024-03")
    assert 0 < len(one_case.table) < len(local.table)
    assert one_case.written["cleared"] == len(local.table) - len(one_case.table)


def test_arrays_from_neo4j_hold_the_projection(demo_store):
    graph = actor_graph(demo_store)
    arrays = actor_arrays(demo_store)
    assert arrays.ids == sorted(graph) and arrays.edge_count == graph.number_of_edges()
    for j in range(arrays.edge_count):
        data = graph.edges[arrays.ids[arrays.tails[j]], arrays.ids[arrays.heads[j]], arrays.relations[j]]
        assert (arrays.contacts[j], arrays.weights[j], arrays.first_dates[j], arrays.last_dates[j]) == (
            data["contacts"], data["weight"], data["first_date"], data["last_date"])


def test_gds_needs_neo4j(tmp_path):
    from graphkit.store.workspace import Workspace

    with Workspace(tmp_path / "ws") as ws, pytest.raises(BadValue, match="add --neo4j"):
        brokers(ws, engine="gds")


def test_report_with_the_gds_engine_ranks_the_brokers_as_the_local_report(demo_store, tmp_path):
    from graphkit.workflows.report import report

    local = report(demo_store, tmp_path / "local", k_paths=1, max_case_charts=0)
    gds = report(demo_store, tmp_path / "gds", k_paths=1, max_case_charts=0, engine="gds")
    assert gds.manifest["algorithms"]["brokers"]["algorithm"].endswith("(GDS inside Neo4j)")
    assert np.allclose(gds.brokers["betweenness"].head(10), local.brokers["betweenness"].head(10), atol=1e-9)
    assert gds.brokers["name"].head(5).tolist() == local.brokers["name"].head(5).tolist()
    assert gds.brokers.at[0, "records"] == local.brokers.at[0, "records"]  # the evidence behind the broker


def test_view_from_neo4j_reads_the_seed_neighbourhood_only(demo_store, tmp_path):
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.chart import seed_neighbourhood, view

    around = seed_neighbourhood(demo_store, "Leon Varga", 1)
    assert 10 < len(around) < len(list(demo_store.iter_nodes())) / 3  # a neighbourhood, not the graph
    drawn = view(demo_store, seed="Leon Varga", depth=1, around_seed=True)
    with Workspace(tmp_path / "ws") as ws:
        load_files(demo_files(), ws)
        reference = view(ws, seed="Leon Varga", depth=1)
    keys = lambda chart: sorted(n["key"] for n in chart.data["nodes"])  # noqa: E731
    assert keys(drawn.chart) == keys(reference.chart)
    assert drawn.chart.edge_count == reference.chart.edge_count
