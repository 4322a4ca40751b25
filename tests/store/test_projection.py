"""The actor projection contract (docs/architecture.md) on hand-built batches."""
from __future__ import annotations

import networkx as nx
import pytest

from tests.helpers.store_records import edge, evidence, person, record, small_batch
from graphkit.errors import BadValue
from graphkit.model import Batch, Evidence, Node
from graphkit.projection import (actor_graph, collapse, date_period, evidence_window, first_last, keeps_evidence,
                                 simple_graph)


@pytest.fixture
def loaded(ws):
    ws.write(small_batch())
    # a non-actor relation and an approach node: never in the projection
    ws.write(Batch(nodes=[Node("a-1", "Approach", "approach C1", evidence={"contacts:C1"})],
                   edges=[edge("p-wang", "MADE", "a-1", evidence(1, date="2024-05"))]))
    return ws


def test_nodes_and_their_attributes(loaded):
    g = actor_graph(loaded)
    assert isinstance(g, nx.MultiDiGraph)
    assert sorted(g.nodes) == ["i-apex", "p-sato", "p-wang", "t-euv"]  # no approach node
    assert g.nodes["p-wang"] == {
        "kind": "Person", "name": "Wang Lei", "aliases": ["Wang Lei"], "country": "CN", "foreign": True,
        "org": None, "cases": ["K1"], "evidence": ["contacts:C1", "contacts:C2"],
    }
    assert g.nodes["p-sato"]["org"] == "Tokyo Univ" and g.nodes["p-sato"]["foreign"] is False
    assert g.nodes["t-euv"]["foreign"] is None and g.nodes["t-euv"]["kind"] == "Technology"


def test_edges_keyed_by_relation_with_contract_attributes(loaded):
    g = actor_graph(loaded)
    assert sorted(g.edges(keys=True)) == [
        ("i-apex", "p-sato", "INTRODUCED"), ("p-sato", "t-euv", "HOLDS"), ("p-wang", "i-apex", "CONTACTED"),
        ("p-wang", "p-sato", "CONTACTED"), ("p-wang", "t-euv", "SOUGHT")]
    sought = g.edges["p-wang", "t-euv", "SOUGHT"]
    # SOUGHT has C1 (2024-05, 0.8) and C2 (2024-06-03, no reliability)
    assert sought["relation"] == "SOUGHT" and sought["contacts"] == 2
    assert (sought["first_date"], sought["last_date"]) == ("2024-05", "2024-06-03")
    assert sought["dates"] == ["2024-05", "2024-06-03"]
    assert sought["reliability"] == pytest.approx(0.8)  # mean of the records that state one
    assert sought["inferred"] is False and sought["cases"] == ["K1"]
    assert all(isinstance(e, Evidence) for e in sought["evidence"])
    assert [e.record_id for e in sought["evidence"]] == ["contacts:C1", "contacts:C2"]
    assert g.edges["p-sato", "t-euv", "HOLDS"]["inferred"] is True


def test_case_filter_keeps_that_case_only(ws):
    ws.write(Batch(
        records=[record(1, case="K1"), record(2, case="K2"), record(3, case="K2")],
        nodes=[person("a", "A", 1, 2), person("b", "B", 1, 2), person("c", "C", 3)],
        edges=[edge("a", "CONTACTED", "b", evidence(1, case="K1"), evidence(2, case="K2"))],
    ))
    g = actor_graph(ws, case="K1")
    assert g.edges["a", "b", "CONTACTED"]["contacts"] == 1
    assert g.nodes["a"]["cases"] == ["K1"] and g.nodes["a"]["evidence"] == ["contacts:C1"]
    assert "c" not in g  # C's only record is in K2
    g2 = actor_graph(ws, case="K2")
    assert "c" in g2 and g2.degree("c") == 0  # in the case, though without an edge
    assert actor_graph(ws, case="K9").number_of_nodes() == 0


@pytest.mark.parametrize(
    ("since", "until", "kept"),
    [
        ("2024-05-20", None, ["2024-05", "2024-06-03"]),  # 2024-05 overlaps from the 20th
        ("2024-06-04", None, []),
        (None, "2024-05-01", ["2023", "2024-05"]),  # the year 2023 and May 2024 both start by then
        ("2023-12-31", "2023-12-31", ["2023"]),  # a year-precision date covers its last day
        ("2024-06", "2024-06", ["2024-06-03"]),
        (None, None, ["2023", "2024-05", "2024-06-03", None]),  # no window: undated stays
    ],
)
def test_date_window_respects_precision(ws, since, until, kept):
    ws.write(Batch(
        nodes=[person("a", "A"), person("b", "B")],
        edges=[edge("a", "CONTACTED", "b", evidence(1, date="2023"), evidence(2, date="2024-05"),
                    evidence(3, date="2024-06-03"), evidence(4, date=None))],
    ))
    g = actor_graph(ws, since=since, until=until)
    found = [e.date for e in g.edges["a", "b", "CONTACTED"]["evidence"]] if g.has_edge("a", "b") else []
    assert sorted(found, key=str) == sorted(kept, key=str)
    if not kept:
        assert g.number_of_nodes() == 0  # an edge left without evidence is dropped, and its lone nodes


def test_bad_window_is_a_clear_error(loaded):
    with pytest.raises(BadValue):
        actor_graph(loaded, since="May 2024")
    with pytest.raises(BadValue, match="after"):
        actor_graph(loaded, since="2025", until="2024")


def test_date_period_and_first_last():
    assert date_period("2023-02") == ("2023-02-01", "2023-02-28")
    assert date_period("2024-12-31") == ("2024-12-31", "2024-12-31")
    # "2024" starts before 2024-03-05 and ends after it
    assert first_last(["2024-03-05", "2024"]) == ("2024", "2024")
    assert first_last([]) == (None, None)


def test_simple_graph_collapses_parallel_relations(loaded):
    g = actor_graph(loaded)
    # add a reverse relation Sato -> Wang to see directed vs undirected collapsing
    g.add_edge("p-sato", "p-wang", key="CONTACTED", relation="CONTACTED", contacts=3, first_date="2022",
               last_date="2022", dates=["2022"] * 3, reliability=0.2, inferred=False, cases=["K7"], evidence=[])
    d = simple_graph(g)
    assert isinstance(d, nx.DiGraph) and not d.is_multigraph()
    assert d["p-wang"]["p-sato"]["contacts"] == 1 and d["p-sato"]["p-wang"]["contacts"] == 3
    u = simple_graph(g, directed=False)
    pair = u["p-wang"]["p-sato"]
    assert pair["contacts"] == 4 and pair["weight"] == 4
    assert pair["relations"] == ["CONTACTED"]
    assert (pair["first_date"], pair["last_date"]) == ("2022", "2024-06-03")
    # contacts-weighted mean: (0.4 * 1 + 0.2 * 3) / 4
    assert pair["reliability"] == pytest.approx(0.25)
    assert pair["cases"] == ["K1", "K7"] and len(pair["evidence"]) == 1
    assert pair["dates"] == ["2022", "2022", "2022", "2024-06-03"]
    assert u.nodes["p-wang"]["name"] == "Wang Lei"


def test_simple_graph_inferred_only_when_every_relation_is(ws):
    ws.write(Batch(nodes=[person("a", "A"), Node("t", "Technology", "T")],
                   edges=[edge("a", "HOLDS", "t", evidence(1), inferred=True), edge("a", "SOUGHT", "t", evidence(2))]))
    s = simple_graph(actor_graph(ws))
    assert s["a"]["t"]["relations"] == ["HOLDS", "SOUGHT"] and s["a"]["t"]["inferred"] is False


def test_collapse_is_the_one_structural_collapse():
    # By hand: a->b twice (2 + 1 contacts), b->a once (4), a->t (Technology), a self-loop.
    M = nx.MultiDiGraph()
    M.add_nodes_from([("a", {"kind": "Person"}), ("b", {"kind": "Company"}), ("t", {"kind": "Technology"})])
    M.add_edge("a", "b", key="CONTACTED", contacts=2)
    M.add_edge("a", "b", key="INTRODUCED", contacts=1)
    M.add_edge("b", "a", key="CONTACTED", contacts=4)
    M.add_edge("a", "t", key="SOUGHT")
    M.add_edge("a", "a", key="CONTACTED", contacts=9)
    d = collapse(M, directed=True, weight="contacts")
    assert isinstance(d, nx.DiGraph) and (d["a"]["b"]["weight"], d["b"]["a"]["weight"]) == (3, 4)
    assert d["a"]["t"]["weight"] == 1 and not d.has_edge("a", "a")  # missing attribute counts 1
    u = collapse(M, directed=False, weight="contacts", name="contacts")
    assert type(u) is nx.Graph and u["a"]["b"]["contacts"] == 7
    plain = collapse(M, directed=False)
    assert plain["a"]["b"]["weight"] == 1.0 and plain.number_of_edges() == 2
    actors = collapse(M, directed=False, actors_only=True)
    assert set(actors) == {"a", "b"} and actors.nodes["b"]["kind"] == "Company"
    # an undirected graph collapsed directed gives both arcs, each with the edge's weight
    both = collapse(nx.Graph([("x", "y", {"w": 5})]), directed=True, weight=lambda u, v, data: data["w"] * 2)
    assert (both["x"]["y"]["weight"], both["y"]["x"]["weight"]) == (10, 10)


def test_one_evidence_filter_for_case_and_window():
    # By hand: "2024" spans 2024-01-01..2024-12-31, so it overlaps a window from 2024-05;
    # "2024-04" ends 2024-04-30, before it; an undated item only passes with no window.
    dated = Evidence("r1", "f", 1, case_id="K1", date="2024")
    early = Evidence("r2", "f", 2, case_id="K1", date="2024-04")
    undated = Evidence("r3", "f", 3, case_id="K2")
    start, end = evidence_window("2024-05", None)
    assert (start, end) == ("2024-05-01", None)
    assert [keeps_evidence(e, None, start, end) for e in (dated, early, undated)] == [True, False, False]
    assert [keeps_evidence(e, "K2", None, None) for e in (dated, early, undated)] == [False, False, True]
    assert evidence_window("2024-02", "2024-02") == ("2024-02-01", "2024-02-29")
    with pytest.raises(BadValue, match="after"):
        evidence_window("2025", "2024")
