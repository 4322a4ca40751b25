"""One set of assertions, run against every store: the embedded workspace and the real Neo4j.

Every test takes ``store`` (or ``open_empty``), parametrised over both stores, and checks the
:class:`graphkit.store.base.Store` contract with values written out by hand from
:func:`case_batch` below. The Neo4j half needs the real test server (tests/conftest.py starts
it with scripts/neo4j; it fails, never skips, when the server cannot start).

The graph of :func:`case_batch`, with the records behind each part::

    case K1: contacts:1 (c.csv row 2, read again at d.csv row 5), contacts:2 (c.csv row 3)
    case K2: people:3 (p.csv row 2)          no case: notes:4 (n.csv row 2)

    p-wang  Person "Wang Lei" (alias 王磊), CN, foreign      contacts:1, contacts:2
    p-sato  Person "Sato Ken", JP, domestic                   contacts:1, people:3
    c-acme  Company "Acme" (origin unknown)                   people:3, notes:4
    t-euv   Technology "EUV"                                  contacts:2
    a-1     Approach "Wang → Sato"                            contacts:1
    case-k1 Case "K1" (case_id K1), case-k2 Case "K2" (case_id K2)

    e-contact  p-wang CONTACTED p-sato     contacts:1 (2024-05, 0.8), contacts:2 (2024-06-03, 0.4)
    e-employ   p-sato EMPLOYED_BY c-acme   people:3 (2023), inferred
    e-made     p-wang MADE a-1             contacts:1 (undated)
    e-partof   t-euv PART_OF case-k1       contacts:2 (undated)
    e-sought   p-wang SOUGHT t-euv         contacts:2 (undated)
    e-target   a-1 TARGETED p-sato         contacts:1 (undated)
"""
from __future__ import annotations

import dataclasses
import inspect
import sqlite3
from pathlib import Path
from typing import Any, Callable

import pytest

from graphkit.errors import NotFound, StoreError
from graphkit.model import Batch, Edge, Evidence, Node, Record, Reject
from graphkit.store.base import Store
from graphkit.store.rejects import read_rejects_csv
from graphkit.store.snapshot import canonical_snapshot_hash
from graphkit.store.workspace import Workspace
from tests.helpers.store_records import records_of

def ev(record_id: str, file: str, row: int, case: str | None, date: str | None = None,
       reliability: float | None = None) -> Evidence:
    return Evidence(record_id, file, row, record_id.split(":")[1], case, date, reliability, "email", "met")


C1 = ev("contacts:1", "c.csv", 2, "K1")
C2 = ev("contacts:2", "c.csv", 3, "K1")
P3 = ev("people:3", "p.csv", 2, "K2", "2023")

RECORDS = [
    Record("contacts:1", "contacts", "c.csv", 2, "1", "K1", {"from_name": "Wang Lei", "to_name": "Sato Ken"}),
    Record("contacts:2", "contacts", "c.csv", 3, "2", "K1", {"from_name": "Wang Lei", "technology": "EUV"}),
    Record("people:3", "people", "p.csv", 2, "3", "K2", {"name": "Sato Ken", "employer": "Acme"}),
    Record("notes:4", "notes", "n.csv", 2, None, None, {"note": "Acme"}),
]
AGAIN = Record("contacts:1", "contacts", "d.csv", 5, "1", "K1", {"from_name": "Wang Lei", "to_name": "Sato Ken"})

WANG = Node("p-wang", "Person", "Wang Lei", {"王磊"}, {"country": "CN", "foreign": True}, {"contacts:1", "contacts:2"})
SATO = Node("p-sato", "Person", "Sato Ken", set(), {"country": "JP", "foreign": False}, {"contacts:1", "people:3"})
NODES = [
    WANG, SATO,
    Node("c-acme", "Company", "Acme", set(), {}, {"people:3", "notes:4"}),
    Node("t-euv", "Technology", "EUV", set(), {}, {"contacts:2"}),
    Node("a-1", "Approach", "Wang → Sato", set(), {"channel": "email"}, {"contacts:1"}),
    Node("case-k1", "Case", "K1", set(), {"case_id": "K1", "title": "First"}, {"contacts:1", "contacts:2"}),
    Node("case-k2", "Case", "K2", set(), {"case_id": "K2"}, {"people:3"}),
]
CONTACT = Edge("e-contact", "p-wang", "p-sato", "CONTACTED", {},
               [ev("contacts:1", "c.csv", 2, "K1", "2024-05", 0.8), ev("contacts:2", "c.csv", 3, "K1", "2024-06-03", 0.4)])
EDGES = [
    CONTACT,
    Edge("e-employ", "p-sato", "c-acme", "EMPLOYED_BY", {"inferred": True}, [P3]),
    Edge("e-made", "p-wang", "a-1", "MADE", {}, [C1]),
    Edge("e-partof", "t-euv", "case-k1", "PART_OF", {}, [C2]),
    Edge("e-sought", "p-wang", "t-euv", "SOUGHT", {}, [C2]),
    Edge("e-target", "a-1", "p-sato", "TARGETED", {}, [C1]),
]


def case_batch() -> Batch:
    """The graph of the module docstring (fresh copies: stores must not depend on sharing)."""
    copy = lambda items: [dataclasses.replace(x) for x in items]  # noqa: E731
    return Batch(records=copy([*RECORDS, AGAIN]), nodes=copy(NODES), edges=copy(EDGES))


def test_both_stores_implement_every_operation_of_the_interface(store: Store) -> None:
    assert isinstance(store, Store)  # every member present (runtime_checkable)
    declared = {name: member for name, member in vars(Store).items()
                if not name.startswith("_") or name in ("__enter__", "__exit__")}
    declared = {k: v for k, v in declared.items() if callable(v) or isinstance(v, property)}
    assert len(declared) >= 28
    for name, member in declared.items():
        mine = getattr(type(store), name, None)
        if isinstance(member, property):
            assert hasattr(store, name), name
            continue
        assert callable(mine), name
        assert list(inspect.signature(mine).parameters) == list(inspect.signature(member).parameters), name


def test_context_manager_closes_the_store(open_empty: Callable[[], Store]) -> None:
    store = open_empty()
    with store as entered:
        assert entered is store
        entered.write(case_batch())
        assert entered.counts()["Person"] == 2
    # closed: the SQLite connection refuses ("Cannot operate on a closed database"), the Neo4j
    # driver too (a StoreError naming the query)
    with pytest.raises((sqlite3.ProgrammingError, StoreError)):
        store.counts()


def test_write_then_write_again_changes_nothing(store: Store) -> None:
    first = store.write(case_batch())
    assert (first.nodes_new, first.nodes_merged, first.edges_new, first.edges_merged) == (7, 0, 6, 0)
    assert (first.records_new, first.records_merged) == (4, 0)  # contacts:1 twice in the batch: one record
    counts, digest = store.counts(), store.snapshot_hash()
    again = store.write(case_batch())
    assert (again.nodes_new, again.nodes_merged, again.edges_new, again.edges_merged) == (0, 7, 0, 6)
    assert (again.records_new, again.records_merged) == (0, 4)
    assert store.counts() == counts
    assert store.snapshot_hash() == digest


def test_merge_keeps_first_values_and_unions_the_rest(store: Store) -> None:
    store.write(case_batch())
    later = Node("p-wang", "Person", "WANG Lei", {"Wang L."}, {"country": "JP", "org": "Acme"}, {"people:3"})
    extra = Edge("e-contact", "p-wang", "p-sato", "CONTACTED", {}, [P3])
    stats = store.write(Batch(nodes=[later], edges=[extra]))
    assert (stats.nodes_new, stats.nodes_merged, stats.edges_new, stats.edges_merged) == (0, 1, 0, 1)
    wang = store.get_node("p-wang")
    assert wang == Node("p-wang", "Person", "Wang Lei", {"王磊", "Wang L.", "WANG Lei"},
                        {"country": "CN", "foreign": True, "org": "Acme"}, {"contacts:1", "contacts:2", "people:3"})
    (contact,) = store.edges_between("p-wang", "p-sato")
    assert [e.record_id for e in contact.evidence] == ["contacts:1", "contacts:2", "people:3"]


def test_an_edge_stated_later_keeps_the_properties_it_has(store: Store) -> None:
    """An edge first written with properties (inferred from an approach), then again without
    any (a relations row stating it) keeps them: merging never drops a property."""
    store.write(case_batch())
    inferred = Edge("e-holds", "p-sato", "t-euv", "HOLDS", {"inferred": True}, [P3])
    store.write(Batch(edges=[inferred]))
    stated = Edge("e-holds", "p-sato", "t-euv", "HOLDS", {}, [Evidence("relations:9", "r.csv", 9)])
    store.write(Batch(edges=[stated]))
    (edge,) = [e for e in store.iter_edges(["HOLDS"]) if e.id == "e-holds"]
    assert edge.properties == {"inferred": True}
    assert [e.record_id for e in edge.evidence] == ["people:3", "relations:9"]


def test_iter_nodes_and_edges_in_id_order_with_filters(store: Store) -> None:
    store.write(case_batch())
    assert [n.id for n in store.iter_nodes()] == ["a-1", "c-acme", "case-k1", "case-k2", "p-sato", "p-wang", "t-euv"]
    assert list(store.iter_nodes(["Person"])) == [SATO, WANG]
    assert [n.id for n in store.iter_nodes(["Company", "Technology"])] == ["c-acme", "t-euv"]
    assert [e.id for e in store.iter_edges()] == ["e-contact", "e-employ", "e-made", "e-partof", "e-sought", "e-target"]
    assert list(store.iter_edges(["CONTACTED"])) == [CONTACT]
    (employ,) = store.iter_edges(["EMPLOYED_BY"])
    assert employ.properties == {"inferred": True} and employ.evidence == [P3]


def test_nodes_and_edges_by_id(store: Store) -> None:
    store.write(case_batch())
    assert store.get_node("p-wang") == WANG
    assert store.get_node("nobody") is None
    assert store.get_nodes(["p-sato", "nobody", "p-wang"]) == {"p-sato": SATO, "p-wang": WANG}
    assert store.present_node_ids(["p-sato", "nobody", "a-1", "p-sato"]) == {"p-sato", "a-1"}
    assert store.present_node_ids([]) == set()
    assert [e.id for e in store.edges_among(["p-wang", "p-sato", "a-1"])] == ["e-contact", "e-made", "e-target"]
    assert store.edges_among(["p-wang"]) == []
    assert store.edges_between("p-sato", "p-wang") == [CONTACT]  # either order
    assert store.edges_between("p-wang", "a-1") == []  # role edges of approach events left out


def test_cited_evidence_gives_the_asked_records_of_each_edge_in_full(store: Store) -> None:
    """What a transfer path cites, read again by edge and record (the path search reads only
    record ids, dates and reliabilities)."""
    store.write(case_batch())
    contact = ("p-wang", "p-sato", "CONTACTED")
    employ = ("p-sato", "c-acme", "EMPLOYED_BY")
    assert store.cited_evidence({contact: ["contacts:2", "contacts:1"], employ: ["people:3"]}) == \
        {employ: [P3], contact: CONTACT.evidence}
    assert store.cited_evidence({contact: ["contacts:2"]}) == {contact: CONTACT.evidence[1:]}
    # a record the edge does not cite, an edge that is not there, the other direction: left out
    assert store.cited_evidence({contact: ["people:3"], ("p-sato", "p-wang", "CONTACTED"): ["contacts:1"],
                                 ("p-wang", "p-sato", "SOUGHT"): ["contacts:1"]}) == {}
    assert store.cited_evidence({}) == {}


def test_edge_records_give_each_kept_edge_with_its_records_in_columns(store: Store) -> None:
    """The light read of the path search: each edge of the relations asked for (and among the
    ids given) that keeps a record of the case and window, by id, with the id, date and
    reliability of each kept record (by record id); each record id held once."""
    store.write(case_batch())
    actors = ["CONTACTED", "EMPLOYED_BY", "SOUGHT"]
    contact = ("p-wang", "p-sato", "CONTACTED", False, [("contacts:1", "2024-05", 0.8), ("contacts:2", "2024-06-03", 0.4)])
    employ = ("p-sato", "c-acme", "EMPLOYED_BY", True, [("people:3", "2023", None)])
    sought = ("p-wang", "t-euv", "SOUGHT", False, [("contacts:2", None, None)])
    assert records_of(store.edge_records(actors)) == [contact, employ, sought]
    assert records_of(store.edge_records(actors, case="K2")) == [employ]
    assert records_of(store.edge_records(actors, case="K9")) == []
    # the window keeps dated records overlapping it: contacts:1 (May 2024) ends before June
    assert records_of(store.edge_records(actors, start="2024-06-01", end=None)) == \
        [("p-wang", "p-sato", "CONTACTED", False, [("contacts:2", "2024-06-03", 0.4)])]
    assert records_of(store.edge_records(actors, start="2023-01-01", end="2023-12-31")) == [employ]
    assert records_of(store.edge_records(actors, among=["p-wang", "t-euv"])) == [sought]
    assert records_of(store.edge_records(["HOLDS"])) == []
    # one record on two edges with another date and reliability on each: both kept as stated,
    # its id held once
    store.write(Batch(edges=[Edge("e-back", "p-sato", "p-wang", "CONTACTED", {},
                                  [ev("contacts:1", "c.csv", 2, "K1", "2024-07", 0.5)])]))
    found = store.edge_records(["CONTACTED"])
    assert records_of(found) == [("p-sato", "p-wang", "CONTACTED", False, [("contacts:1", "2024-07", 0.5)]), contact]
    assert found.records.tolist()[0] == found.records.tolist()[1]  # (e-back comes before e-contact)
    assert found.record_bytes.count(b"contacts:1") == 1


def test_names_and_find(store: Store) -> None:
    store.write(case_batch())
    assert store.find_node_ids("p-wang") == ["p-wang"]
    assert store.find_node_ids("王磊") == ["p-wang"]
    assert store.find_node_ids("Sato Ken") == ["p-sato"]
    assert store.find_node_ids("a-1") == ["a-1"]
    assert store.find_node_ids("Wang → Sato") == []  # approach events by id only
    assert store.find_node_ids("sato ken") == []  # exact text only; folding is the caller's
    names = list(store.iter_names())
    assert sorted(names) == sorted([
        ("p-wang", "Person", "Wang Lei"), ("p-wang", "Person", "王磊"), ("p-sato", "Person", "Sato Ken"),
        ("c-acme", "Company", "Acme"), ("t-euv", "Technology", "EUV"),
        ("case-k1", "Case", "K1"), ("case-k2", "Case", "K2"),
    ])
    first = {}
    for node_id, _, spelling in names:
        first.setdefault(node_id, spelling)
    assert first["p-wang"] == "Wang Lei"  # a node's name before its aliases
    assert list(store.iter_names(["Company"])) == [("c-acme", "Company", "Acme")]


def test_records(store: Store) -> None:
    store.write(case_batch())
    assert store.get_records(["contacts:1", "nobody"]) == {"contacts:1": RECORDS[0]}  # the first reading's fields
    assert store.record_locations(["contacts:1", "contacts:2", "nobody"]) == {
        "contacts:1": [("c.csv", 2), ("d.csv", 5)], "contacts:2": [("c.csv", 3)]}
    assert store.record_case_ids(["contacts:1", "notes:4", "nobody"]) == {"contacts:1": "K1", "notes:4": None}
    assert store.record_counts_by_case() == {"K1": 2, "K2": 1, None: 1}
    assert store.record_count() == 4


def test_counts_and_summaries(store: Store) -> None:
    assert store.counts() == {} and store.record_count() == 0 and store.evidence_dates() == []
    store.write(case_batch())
    counts = store.counts()
    assert counts == {"Approach": 1, "Case": 2, "Company": 1, "Person": 2, "Technology": 1,
                      "CONTACTED": 1, "EMPLOYED_BY": 1, "MADE": 1, "PART_OF": 1, "SOUGHT": 1, "TARGETED": 1}
    assert list(counts)[:5] == ["Approach", "Case", "Company", "Person", "Technology"]  # kinds first, sorted
    assert store.evidence_dates() == ["2023", "2024-05", "2024-06-03"]
    assert store.foreign_counts(["Person", "Company"]) == {"foreign": 1, "domestic": 1, "unknown": 1}
    assert store.foreign_counts(["Technology"]) == {"foreign": 0, "domestic": 0, "unknown": 1}


def test_rejects_are_kept_once_each_and_read_back(store: Store) -> None:
    assert store.read_rejects() == [] and store.rejects_count() == 0 and store.rejected == []
    bad = [Reject("c.csv", 9, "no to_name", "contacts", {"from_name": "Wang Lei", "to_name": ""}),
           Reject("=cmd.csv", 3, "@SUM(A1)", "contacts", {"date": "R6.2.30"})]
    store.write_rejects(bad)
    store.write_rejects(bad[:1])  # the same row rejected again for the same reason
    expected = [bad[1], bad[0]]  # sorted by file, row, reason; the formula-like cells as given
    assert store.read_rejects() == expected
    assert store.rejects_count() == 2
    assert store.rejects_path is not None and read_rejects_csv(store.rejects_path) == expected
    raw = store.rejects_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"'=cmd.csv" in raw  # one CSV format: BOM, neutralised cells
    assert store.rejected == []  # nothing refused by the store itself


def test_subgraph_selection_by_case_seeds_and_window(store: Store) -> None:
    store.write(case_batch())
    # the Case node, the nodes PART_OF it, both ends of every edge with evidence of the case
    assert store.node_ids_in_case("K1") == {"case-k1", "t-euv", "p-wang", "p-sato", "a-1"}
    assert store.node_ids_in_case("K2") == {"case-k2", "p-sato", "c-acme"}
    assert store.node_ids_in_case("K9") == set()
    # one case's nodes with that case's records only
    assert store.case_nodes("K1", ["Person", "Technology"]) == [
        dataclasses.replace(SATO, evidence={"contacts:1"}), WANG, next(n for n in NODES if n.id == "t-euv")]
    assert store.case_nodes("K2", ["Person", "Company"]) == [
        dataclasses.replace(next(n for n in NODES if n.id == "c-acme"), evidence={"people:3"}),
        dataclasses.replace(SATO, evidence={"people:3"})]
    assert store.case_nodes("K9", ["Person"]) == []
    # one case's edges with that case's evidence only, read through the case's evidence
    sought = next(e for e in EDGES if e.id == "e-sought")
    employ = next(e for e in EDGES if e.id == "e-employ")
    assert store.case_edges("K1", ["CONTACTED", "EMPLOYED_BY", "SOUGHT"]) == [CONTACT, sought]
    assert store.case_edges("K1", ["EMPLOYED_BY"]) == []
    assert store.case_edges("K2", ["CONTACTED", "EMPLOYED_BY", "SOUGHT"]) == [employ]
    assert store.case_edges("K9", ["CONTACTED"]) == []
    assert store.neighbour_ids(["c-acme"]) == {"p-sato"}
    assert store.neighbour_ids(["p-sato"]) == {"p-wang", "c-acme", "a-1"}
    assert store.neighbour_ids(["p-sato", "c-acme"]) == {"p-wang", "c-acme", "a-1", "p-sato"}
    assert store.neighbour_ids([]) == set()
    assert store.node_ids_in_window("2024-05-20", None) == {"p-wang", "p-sato"}  # "2024-05" overlaps
    assert store.node_ids_in_window(None, "2023-12-31") == {"p-sato", "c-acme"}
    assert store.node_ids_in_window("2024-06-03", "2024-06-03") == {"p-wang", "p-sato"}
    assert store.node_ids_in_window("2024-06-04", "2024-12-31") == set()
    # an edge with evidence of two cases: each case reads its own
    later = ev("contacts:5", "c.csv", 6, "K2", "2024-07")
    store.write(Batch(edges=[dataclasses.replace(CONTACT, evidence=[later])]))
    assert store.case_edges("K2", ["CONTACTED"]) == [dataclasses.replace(CONTACT, evidence=[later])]
    assert store.case_edges("K1", ["CONTACTED"]) == [CONTACT]


def test_case_contents_are_each_cases_nodes_and_edges_in_one_read(store: Store) -> None:
    store.write(case_batch())
    later = ev("contacts:5", "c.csv", 6, "K2", "2024-07")
    store.write(Batch(edges=[dataclasses.replace(CONTACT, evidence=[later])]))  # an edge of two cases
    relations, kinds = ["CONTACTED", "EMPLOYED_BY", "SOUGHT"], ["Person", "Company", "Technology"]
    read = list(store.case_contents(["K2", "K9", "K1"], relations, kinds))
    # every case asked for once (one with nothing: empty), each exactly as read on its own
    assert sorted(case for case, _, _ in read) == ["K1", "K2", "K9"]
    for case, nodes, edges in read:
        assert nodes == store.case_nodes(case, kinds), case
        assert edges == store.case_edges(case, relations), case
    contents = {case: (nodes, edges) for case, nodes, edges in read}
    assert [e.id for e in contents["K2"][1]] == sorted([CONTACT.id, "e-employ"])
    assert contents["K9"] == ([], [])
    assert [n.id for n in contents["K1"][0]] == ["p-sato", "p-wang", "t-euv"]
    assert list(store.case_contents(["K1"], ["EMPLOYED_BY"], ["Company"])) == [("K1", [], [])]
    assert list(store.case_contents([], relations, kinds)) == []


def test_case_edge_counts_are_the_edges_of_each_cases_actor_graph(store: Store) -> None:
    store.write(case_batch())
    relations, kinds = ["CONTACTED", "EMPLOYED_BY", "SOUGHT", "MADE"], ["Person", "Company", "Technology"]
    # K1: contact and sought (made ends at an Approach, not of the kinds); K2: employ
    assert store.case_edge_counts(["K1", "K2", "K9"], relations, kinds) == {"K1": 2, "K2": 1}
    later = ev("contacts:5", "c.csv", 6, "K2", "2024-07")
    store.write(Batch(edges=[dataclasses.replace(CONTACT, evidence=[later])]))  # the contact is in K2 too
    assert store.case_edge_counts(["K1", "K2"], relations, kinds) == {"K1": 2, "K2": 2}
    assert store.case_edge_counts(["K2"], relations, kinds) == {"K2": 2}
    assert store.case_edge_counts(["K1", "K2"], relations, ["Person"]) == {"K1": 1, "K2": 1}
    # a window keeps an edge with evidence of the case inside it (sought's record is undated)
    assert store.case_edge_counts(["K1", "K2"], relations, kinds, start="2024-06-01") == {"K1": 1, "K2": 1}
    assert store.case_edge_counts(["K1", "K2"], relations, kinds, end="2023-12-31") == {"K2": 1}
    assert store.case_edge_counts(["K9"], relations, kinds) == {}


def test_case_ties_are_each_cases_actor_ties_among_its_nodes(store: Store) -> None:
    store.write(case_batch())
    # a node a K2 record mentions that is not among K2's nodes (no edge of K2 ends at it)
    store.write(Batch(nodes=[Node("p-x", "Person", "X", evidence={"people:3"})]))
    relations, kinds = ["CONTACTED", "EMPLOYED_BY", "SOUGHT"], ["Person", "Company", "Technology"]

    def rows(ties: Any) -> tuple[list[tuple], list[str]]:
        return (list(zip(ties.source, ties.target, ties.relation, ties.contacts, ties.weight, ties.dates)),
                [node[0] for node in ties.nodes])

    wang_sato = ("p-wang", "p-sato", "CONTACTED")
    read = {case: rows(ties) for case, ties in store.case_ties(["K2", "K9", "K1"], relations, kinds)}
    assert read == {"K1": ([(*wang_sato, 2, 2.0, ("2024-05", "2024-06-03")), ("p-wang", "t-euv", "SOUGHT", 1, 1.0, ())],
                           ["p-sato", "p-wang", "t-euv"]),
                    "K2": ([("p-sato", "c-acme", "EMPLOYED_BY", 1, 1.0, ("2023",))], ["c-acme", "p-sato"]),
                    "K9": ([], [])}
    # each case's actor_ties, less the nodes outside the case (p-x)
    assert rows(store.actor_ties(relations, kinds, case="K2"))[1] == ["c-acme", "p-sato", "p-x"]
    assert read["K1"] == rows(store.actor_ties(relations, kinds, case="K1"))
    # a window: K1 keeps its June contact; EUV stays (a K1 record mentions it), as Sato and Acme in K2
    windowed = {case: rows(ties) for case, ties in store.case_ties(["K1", "K2"], relations, kinds,
                                                                    start="2024-06-01")}
    assert windowed == {"K1": ([(*wang_sato, 1, 1.0, ("2024-06-03",))], ["p-sato", "p-wang", "t-euv"]),
                        "K2": ([], ["c-acme", "p-sato"])}
    assert list(store.case_ties([], relations, kinds)) == []


def test_case_node_records_are_the_cases_records_behind_its_kept_edges(store: Store) -> None:
    store.write(case_batch())
    relations, kinds = ["CONTACTED", "EMPLOYED_BY", "SOUGHT"], ["Person", "Company", "Technology"]
    wanted = {"K1": ["p-wang", "p-sato", "t-euv"], "K2": ["p-sato", "c-acme", "nobody"]}
    assert store.case_node_records(wanted, relations, kinds) == {
        ("K1", "p-sato"): ["contacts:1"], ("K1", "p-wang"): ["contacts:1", "contacts:2"],
        ("K1", "t-euv"): ["contacts:2"], ("K2", "c-acme"): ["people:3"], ("K2", "p-sato"): ["people:3"]}
    # inside a window: contacts:1 (May) is behind no kept evidence, people:3 (2023) neither
    assert store.case_node_records(wanted, relations, kinds, start="2024-06-01") == {
        ("K1", "p-wang"): ["contacts:2"], ("K1", "t-euv"): ["contacts:2"]}
    # behind any kept edge of the case, not only the node's own (EUV's record is on the contact)
    assert store.case_node_records({"K1": ["t-euv"]}, ["CONTACTED"], kinds) == {("K1", "t-euv"): ["contacts:2"]}
    # both ends of the edge of the kinds: the employment ends at a Company
    assert store.case_node_records({"K2": ["p-sato", "c-acme"]}, relations, ["Person"]) == {}
    assert store.case_node_records({}, relations, kinds) == {}


def _ties(store: Store, **window: Any) -> tuple[list[tuple], list[str]]:
    from graphkit import schema

    t = store.actor_ties(schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS, **window)
    rows = list(zip(t.source, t.target, t.relation, t.contacts, t.weight, t.dates))
    return rows, [node[0] for node in t.nodes]


def test_actor_ties_aggregate_the_kept_evidence_per_edge(store: Store) -> None:
    store.write(case_batch())
    wang_sato = ("p-wang", "p-sato", "CONTACTED")
    employ, sought = ("p-sato", "c-acme", "EMPLOYED_BY"), ("p-wang", "t-euv", "SOUGHT")
    # actor relations only (MADE, TARGETED, PART_OF left out), by edge id; two records on e-contact
    assert _ties(store) == ([(*wang_sato, 2, 2.0, ("2024-05", "2024-06-03")), (*employ, 1, 1.0, ("2023",)),
                             (*sought, 1, 1.0, ())], ["c-acme", "p-sato", "p-wang", "t-euv"])
    assert _ties(store, case="K2") == ([(*employ, 1, 1.0, ("2023",))], ["c-acme", "p-sato"])
    # K1: the case's edges, and the nodes its records mention (Wang, Sato, EUV; not Acme)
    assert _ties(store, case="K1") == ([(*wang_sato, 2, 2.0, ("2024-05", "2024-06-03")), (*sought, 1, 1.0, ())],
                                       ["p-sato", "p-wang", "t-euv"])
    assert _ties(store, case="K9") == ([], [])
    # a window drops undated evidence; "2024-05" overlaps a window starting 2024-05-20
    assert _ties(store, start="2024-05-20") == ([(*wang_sato, 2, 2.0, ("2024-05", "2024-06-03"))], ["p-sato", "p-wang"])
    assert _ties(store, end="2024-05-31") == ([(*wang_sato, 1, 1.0, ("2024-05",)), (*employ, 1, 1.0, ("2023",))],
                                              ["c-acme", "p-sato", "p-wang"])
    # with a case, the nodes its records mention stay whatever the window (as actor_graph keeps them)
    assert _ties(store, case="K1", start="2024-06-01", end="2024-06-30") == (
        [(*wang_sato, 1, 1.0, ("2024-06-03",))], ["p-sato", "p-wang", "t-euv"])


def test_actor_ties_among_read_a_neighbourhood_only(store: Store) -> None:
    """``among``: the edges whose two ends are among the ids, and only those nodes; the case
    and window filters still apply (a neighbourhood read without the rest of the graph)."""
    store.write(case_batch())
    wang_sato = ("p-wang", "p-sato", "CONTACTED")
    employ, sought = ("p-sato", "c-acme", "EMPLOYED_BY"), ("p-wang", "t-euv", "SOUGHT")
    assert _ties(store, among={"p-wang", "p-sato", "t-euv"}) == (
        [(*wang_sato, 2, 2.0, ("2024-05", "2024-06-03")), (*sought, 1, 1.0, ())], ["p-sato", "p-wang", "t-euv"])
    assert _ties(store, among={"p-sato", "c-acme", "nobody"}) == ([(*employ, 1, 1.0, ("2023",))], ["c-acme", "p-sato"])
    assert _ties(store, among={"p-wang"}) == ([], [])
    assert _ties(store, among=set()) == ([], [])
    # with a case, the nodes its records mention stay, but only among the ids
    assert _ties(store, case="K1", among={"p-wang", "t-euv"}) == ([(*sought, 1, 1.0, ())], ["p-wang", "t-euv"])
    assert _ties(store, among={"p-wang", "p-sato"}, end="2024-05-31") == (
        [(*wang_sato, 1, 1.0, ("2024-05",))], ["p-sato", "p-wang"])
    # among every node: the whole projection
    assert _ties(store, among={"p-wang", "p-sato", "c-acme", "t-euv", "a-1", "case-k1", "case-k2"}) == _ties(store)


def test_actor_ties_hold_each_id_once(store: Store) -> None:
    """A node id repeated over ties is one string object (the store's rows give a new one per
    row): the memory of the arrays' read at national scale."""
    from graphkit import schema

    store.write(case_batch())
    t = store.actor_ties(schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS)
    assert (t.source[0], t.source[2], t.target[0], t.source[1]) == ("p-wang", "p-wang", "p-sato", "p-sato")
    assert t.source[0] is t.source[2] and t.target[0] is t.source[1]


def test_actor_ties_add_up_stated_weights(store: Store) -> None:
    heavy = dataclasses.replace(CONTACT, evidence=[dataclasses.replace(CONTACT.evidence[0], weight=3.0),
                                                   CONTACT.evidence[1]])
    store.write(Batch(records=list(RECORDS), nodes=[dataclasses.replace(n) for n in NODES[:2]], edges=[heavy]))
    assert _ties(store) == ([("p-wang", "p-sato", "CONTACTED", 2, 4.0, ("2024-05", "2024-06-03"))],
                            ["p-sato", "p-wang"])
    assert _ties(store, start="2024-06-01") == ([("p-wang", "p-sato", "CONTACTED", 1, 1.0, ("2024-06-03",))],
                                                ["p-sato", "p-wang"])


def test_snapshot_hash_follows_the_data_only(open_empty: Callable[[], Store]) -> None:
    store = open_empty()
    store.write(case_batch())
    digest = store.snapshot_hash()
    assert digest.startswith("sha256:") and len(digest) == len("sha256:") + 64
    assert store.snapshot_hash() == digest and store.snapshot_method()
    batch = case_batch()
    reordered = Batch(records=batch.records, nodes=batch.nodes[::-1], edges=batch.edges[::-1])
    other = open_empty()  # Neo4j: the same database, emptied again
    other.write(reordered)
    assert other.snapshot_hash() == digest  # the same records, their nodes and edges in another order
    other.write(Batch(nodes=[Node("p-sato", "Person", "Sato Ken", {"佐藤 健"})]))
    assert other.snapshot_hash() != digest  # a new alias changes it


@pytest.mark.neo4j
def test_both_stores_hold_the_same_graph(neo4j_env: dict[str, str], wiper, tmp_path: Path) -> None:
    """The same batch written into each store reads back identically through the interface."""
    from graphkit.store.neo4j import open_neo4j_store

    with Workspace(tmp_path / "ws") as ws, open_neo4j_store() as neo:
        wiper(neo)
        ws.write(case_batch())
        neo.write(case_batch())
        assert list(neo.iter_nodes()) == list(ws.iter_nodes())
        assert list(neo.iter_edges()) == list(ws.iter_edges())
        assert canonical_snapshot_hash(neo) == canonical_snapshot_hash(ws) == neo.snapshot_hash()


# --- loads and unload (issue 11.10) -----------------------------------------------------------

N5 = Record("notes:5", "notes", "n.csv", 3, None, None, {"note": "Wang met Acme"})


def second_batch() -> Batch:
    """A later load: contacts:1 read again (same place), one new record notes:5 that adds an
    alias and a property to Wang, evidence to e-contact and EMPLOYED_BY's ``since``, a new
    company and a new edge."""
    n5 = ev("notes:5", "n.csv", 3, None, "2024-07")
    return Batch(
        records=[dataclasses.replace(RECORDS[0]), dataclasses.replace(N5)],
        nodes=[Node("p-wang", "Person", "WANG Lei", {"Wang L."}, {"org": "Acme", "country": "JP"}, {"notes:5"}),
               Node("c-beta", "Company", "Beta", {"ベータ"}, {"country": "CN"}, {"notes:5"}),
               Node("c-acme", "Company", "Acme", set(), {"country": "JP"}, {"notes:5"})],
        edges=[Edge("e-contact", "p-wang", "p-sato", "CONTACTED", {}, [n5]),
               Edge("e-employ", "p-sato", "c-acme", "EMPLOYED_BY", {"inferred": True, "since": "2020"}, [n5]),
               Edge("e-owns", "c-beta", "c-acme", "OWNS", {}, [n5])],
    )


def graph_of(store: Store) -> tuple:
    """Everything an export shows: nodes, edges with evidence, records, counts."""
    ids = ["contacts:1", "contacts:2", "people:3", "notes:4", "notes:5"]
    return (list(store.iter_nodes()), list(store.iter_edges()), store.get_records(ids), store.counts(),
            store.record_count(), store.record_counts_by_case())


def test_load_then_unload_restores_the_earlier_graph(open_empty: Callable[[], Store]) -> None:
    only_a = open_empty()
    a_id = only_a.start_load(["a.csv"])
    only_a.write(case_batch(), a_id)
    expected = graph_of(only_a)

    store = open_empty()  # Neo4j: the same database, emptied again
    a_id = store.start_load(["a.csv"])
    store.write(case_batch(), a_id)
    store.finish_load(a_id, {"read": 5})
    b_id = store.start_load(["b.csv"])
    store.write(second_batch(), b_id)
    loads = store.list_loads()
    assert [(x.load_id, x.files) for x in loads] == [(a_id, ["a.csv"]), (b_id, ["b.csv"])]
    assert loads[0].counts == {"read": 5} and loads[0].started <= loads[1].started
    wang = store.get_node("p-wang")
    assert wang is not None and {"Wang L.", "WANG Lei"} <= wang.aliases and wang.properties["org"] == "Acme"
    assert store.get_node("c-beta") is not None

    stats = store.unload(b_id)
    assert graph_of(store) == expected  # B's node, edge, record, evidence, alias and properties gone
    assert (stats.records_removed, stats.nodes_removed, stats.edges_removed) == (1, 1, 1)
    assert stats.evidence_removed == 6  # notes:5 on p-wang, c-beta, c-acme, e-contact, e-employ, e-owns
    assert stats.aliases_removed == 2  # Wang L., WANG Lei
    assert stats.properties_restored == 3  # Wang's org, Acme's country, e-employ's since
    assert [x.load_id for x in store.list_loads()] == [a_id]

    stats = store.unload(a_id)
    assert graph_of(store)[:2] == ([], []) and store.counts() == {} and store.record_count() == 0
    assert store.list_loads() == []
    with pytest.raises(NotFound, match="no load with id 'nope'"):
        store.unload("nope")


def test_unload_the_first_of_two_loads_of_the_same_records_keeps_them(open_empty: Callable[[], Store]) -> None:
    store = open_empty()
    first = store.start_load(["a.csv"])
    store.write(case_batch(), first)
    digest = store.snapshot_hash()
    second = store.start_load(["a.csv"])
    again = store.write(case_batch(), second)  # loading the same records twice stays idempotent
    assert (again.nodes_new, again.edges_new, again.records_new) == (0, 0, 0)
    assert store.snapshot_hash() == digest
    store.unload(first)  # the records pass to the second load, which read them too
    assert store.snapshot_hash() == digest
    store.unload(second)
    assert store.counts() == {} and store.record_count() == 0


def test_unload_keeps_what_was_there_before_the_load(open_empty: Callable[[], Store]) -> None:
    store = open_empty()
    store.write(case_batch())  # written without a load id (as before graphkit recorded loads)
    before = graph_of(store)
    load_id = store.start_load(["b.csv"])
    store.write(second_batch(), load_id)
    store.unload(load_id)
    assert graph_of(store) == before  # contacts:1, read again by the load, stays


# --- merging two nodes and undoing it (issue 13) -------------------------------------------

def _dump(store: Store) -> tuple[list, list]:
    """Everything a read sees: every node and every edge with its evidence, as compared values."""
    nodes = [(n.id, n.kind, n.name, sorted(n.aliases), n.properties, sorted(n.evidence)) for n in store.iter_nodes()]
    edges = [(e.id, e.source, e.target, e.relation, e.properties, e.evidence) for e in store.iter_edges()]
    return nodes, edges


def _exports(store: Store, tmp_path: Path, tag: str) -> tuple[bytes, bytes]:
    """``graphkit export`` of the nodes and of the edges (every relation) as CSV bytes."""
    from graphkit.schema import RELATION_KINDS, NODE_KINDS
    from graphkit.workflows.inspect import export

    nodes_file, edges_file = tmp_path / f"{tag}-nodes.csv", tmp_path / f"{tag}-edges.csv"
    export(store, "nodes", output=nodes_file, kinds=NODE_KINDS)
    export(store, "edges", output=edges_file, relations=RELATION_KINDS)
    return nodes_file.read_bytes(), edges_file.read_bytes()


def test_merge_moves_every_edge_alias_and_record_onto_the_kept_node(store: Store) -> None:
    from graphkit.model import edge_id

    store.write(case_batch())
    store.merge_nodes("p-sato", "p-wang", "d1")
    assert store.get_node("p-wang") is None
    sato = store.get_node("p-sato")
    assert sato == Node("p-sato", "Person", "Sato Ken", {"王磊", "Wang Lei"}, {"country": "JP", "foreign": False},
                        {"contacts:1", "contacts:2", "people:3"})
    # CONTACTED wang -> sato became a self-loop on sato; MADE and SOUGHT moved to sato
    loop = edge_id("p-sato", "CONTACTED", "p-sato")
    assert [(e.id, e.source, e.target, e.relation) for e in store.edges_among(["p-sato", "a-1", "t-euv"])
            if e.relation in ("CONTACTED", "MADE", "SOUGHT")] == sorted(
        [(loop, "p-sato", "p-sato", "CONTACTED"), (edge_id("p-sato", "MADE", "a-1"), "p-sato", "a-1", "MADE"),
         (edge_id("p-sato", "SOUGHT", "t-euv"), "p-sato", "t-euv", "SOUGHT")])
    (contact,) = [e for e in store.iter_edges(["CONTACTED"])]
    assert contact.evidence == CONTACT.evidence
    assert store.find_node_ids("Wang Lei") == ["p-sato"]
    assert store.counts() == {"Approach": 1, "Case": 2, "Company": 1, "Person": 1, "Technology": 1,
                              "CONTACTED": 1, "EMPLOYED_BY": 1, "MADE": 1, "PART_OF": 1, "SOUGHT": 1, "TARGETED": 1}
    (merge,) = store.list_merges()
    assert (merge.decision_id, merge.seq, merge.kept, merge.dropped) == ("d1", 1, "p-sato", "p-wang")


def test_merge_into_an_edge_already_there_unions_the_evidence(store: Store) -> None:
    from graphkit.model import edge_id

    sought = edge_id("p-sato", "SOUGHT", "t-euv")
    store.write(case_batch())
    store.write(Batch(edges=[Edge(sought, "p-sato", "t-euv", "SOUGHT", {"inferred": True}, [P3])]))
    store.merge_nodes("p-sato", "p-wang", "d1")
    (edge,) = store.iter_edges(["SOUGHT"])
    assert (edge.id, edge.properties, [e.record_id for e in edge.evidence]) == (sought, {"inferred": True},
                                                                                 ["contacts:2", "people:3"])


def test_undo_restores_the_graph_exactly_and_export_is_byte_identical(store: Store, tmp_path: Path) -> None:
    store.write(case_batch())
    before, exported, digest = _dump(store), _exports(store, tmp_path, "before"), store.snapshot_hash()
    store.merge_nodes("p-sato", "p-wang", "d1")
    assert _dump(store) != before
    assert store.undo_merges("d1") == 1
    assert _dump(store) == before
    assert _exports(store, tmp_path, "after") == exported
    assert store.snapshot_hash() == digest
    assert store.list_merges() == []


def test_chained_merges_undo_newest_first_and_refuse_out_of_order(store: Store) -> None:
    store.write(case_batch())
    before = _dump(store)
    store.merge_nodes("p-sato", "p-wang", "d1")
    with pytest.raises(Exception, match="only nodes of one kind"):
        store.merge_nodes("p-sato", "c-acme", "d2")
    store.write(Batch(nodes=[Node("p-ito", "Person", "Ito", set(), {}, {"notes:4"})]))
    with_ito = _dump(store)
    store.merge_nodes("p-sato", "p-ito", "d3")
    with pytest.raises(StoreError, match="cannot undo decision d1 exactly"):
        store.undo_merges("d1")
    store.undo_merges("d3")
    assert _dump(store) == with_ito
    store.undo_merges("d1")
    store.write(Batch(nodes=[Node("p-ito", "Person", "Ito", set(), {}, {"notes:4"})]))  # (already there)
    assert [n for n in _dump(store)[0] if n[0] != "p-ito"] == before[0]


def test_merge_of_unknown_ids_is_refused(store: Store) -> None:
    store.write(case_batch())
    with pytest.raises(NotFound, match="nobody"):
        store.merge_nodes("p-sato", "nobody", "d1")
    assert store.list_merges() == []


def test_decisions_are_kept_listed_and_forgotten(store: Store) -> None:
    from graphkit.store.base import Decision

    first = Decision("d1", "same", "Person", "p-a", "李伟", "p-b", "Li Wei", "ann", "2026-01-01T00:00:00", "note")
    second = Decision("d2", "different", "Person", "p-a", "李伟", "p-c", "李维", "bob", "2026-01-02T00:00:00")
    store.save_decision(second)
    store.save_decision(first)
    assert store.list_decisions() == [first, second]
    store.forget_decision("d1")
    assert store.list_decisions() == [second]


def test_approach_events_read_the_same_from_every_store(store: Store) -> None:
    """The approach events the brief and the timeline read (issue 15): a-1, made by Wang and
    targeting Sato, from contacts:1 (c.csv row 2, case K1, undated, email, "met")."""
    from graphkit.projection import ApproachEvent, approach_events

    store.write(case_batch())
    expected = ApproachEvent("a-1", "contacts:1", "c.csv", 2, "1", "K1", None, "email", "met", "p-wang", "p-sato")
    assert approach_events(store) == [expected]
    assert approach_events(store, case="K1") == [expected]
    assert approach_events(store, case="K2") == []
    assert approach_events(store, since="2020") == []  # undated: outside every window


# --- reference lists (issue 14): beside the case graph, never in it -------------------------

def _list(name: str, *names: str, edition: str = "2025-01-01"):
    from graphkit.lists.model import ListEntry, ListInfo, Owner, entry_id

    entries = [ListEntry(name, entry_id(name, n), "organisation", (n, n.upper()), program="P", listed="2024-05-01",
                         countries=("CN",), addresses=("1 Road",), identifiers=("lei:X1",),
                         owners=(Owner("Parent", None, "2020", None, "f.csv:9"),), sources=(f"f.csv:{i + 2}",))
               for i, n in enumerate(names)]
    return ListInfo(name, "A list", "Someone", ("f.csv",), len(entries), edition, "2026-01-01T00:00:00+00:00",
                    "sha256:x", {"added": len(entries)}), entries


HOSTILE = "Evil'}) MATCH (n) DETACH DELETE n //"


def test_lists_are_kept_beside_the_case_graph(store: Store) -> None:
    store.write(case_batch())
    counts, digest = store.counts(), store.snapshot_hash()
    nodes = [n.id for n in store.iter_nodes()]
    info, entries = _list("alpha", "Huawei", HOSTILE, "=HYPERLINK(\"http://x\")")
    store.replace_list(info, entries)
    assert store.list_infos() == [info]
    assert store.list_entries() == sorted(entries, key=lambda e: e.entry_id)
    assert store.list_entries(["alpha"]) == store.list_entries() and store.list_entries(["beta"]) == []
    # the case graph does not see the list, and the hostile name was a value, not Cypher
    assert store.counts() == counts and store.snapshot_hash() == digest
    assert [n.id for n in store.iter_nodes()] == nodes and store.find_node_ids("Huawei") == []


def test_a_new_edition_replaces_the_list_and_remove_takes_it_out(store: Store) -> None:
    store.replace_list(*_list("alpha", "A", "B"))
    store.replace_list(*_list("beta", "C"))
    newer, entries = _list("alpha", "B", "D", edition="2026-01-01")
    store.replace_list(newer, entries)
    assert [i.name for i in store.list_infos()] == ["alpha", "beta"]
    assert store.list_infos()[0].edition == "2026-01-01"
    assert sorted(e.name for e in store.list_entries(["alpha"])) == ["B", "D"]
    assert store.remove_list("alpha") == 2
    assert [i.name for i in store.list_infos()] == ["beta"] and [e.name for e in store.list_entries()] == ["C"]
    with pytest.raises(NotFound, match="no list named 'alpha'"):
        store.remove_list("alpha")


# --- aggregates the report reads instead of the whole graph (issue 16.2) ---------------------


def test_evidence_records_are_the_distinct_kept_records_between_projected_nodes(store: Store) -> None:
    from graphkit import schema

    store.write(case_batch())
    kinds = schema.PROJECTED_KINDS

    def records(relations: list[str], **selection: str) -> list[tuple]:
        return store.evidence_records(relations, kinds, **selection)

    contact_1, contact_2 = ("contacts:1", "K1", "2024-05", "email"), ("contacts:2", "K1", "2024-06-03", "email")
    assert records(["CONTACTED"]) == [contact_1, contact_2]
    # contacts:2 is behind CONTACTED and SOUGHT: once; people:3 behind EMPLOYED_BY
    assert records(["CONTACTED", "SOUGHT", "EMPLOYED_BY"]) == [contact_1, contact_2, ("people:3", "K2", "2023", "email")]
    # the selection of actor_ties: a case, a window ("2024-05" overlaps a window from 2024-05-20)
    assert records(["CONTACTED"], start="2024-05-20", end="2024-05-31") == [contact_1]
    assert records(["CONTACTED"], case="K2") == [] and records(["EMPLOYED_BY"], case="K2")[0][0] == "people:3"
    # an edge to a node of another kind (the Approach a-1) is not the projection's
    assert records(["MADE", "TARGETED"]) == []
    assert store.evidence_records(["MADE"], [*kinds, "Approach"]) == [("contacts:1", "K1", None, "email")]


def test_case_ids_are_the_cases_of_the_projections_edges_and_of_its_nodes_records(store: Store) -> None:
    from graphkit import schema

    store.write(case_batch())
    relations, kinds = schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS
    assert store.case_ids(relations, kinds) == ["K1", "K2"]
    # in June 2024 only e-contact is kept, but its ends cite records of K1 and K2 (not windowed)
    assert store.case_ids(relations, kinds, start="2024-06-01", end="2024-06-30") == ["K1", "K2"]
    assert store.case_ids(relations, kinds, start="2025-01-01") == []
    assert store.case_ids(["SOUGHT"], kinds) == ["K1"]  # p-wang (K1) and t-euv (K1)
    # a case only an edge's evidence names counts (K3); one on an edge to a node of another
    # kind (the Approach a-1) does not (K4), though that edge's other end stays a node
    store.write(Batch(records=[Record("x:5", "contacts", "x.csv", 2, "5", "K3", {}),
                               Record("y:6", "contacts", "y.csv", 2, "6", "K4", {})],
                      edges=[Edge("e-x", "c-acme", "t-euv", "SOUGHT", {}, [ev("x:5", "x.csv", 2, "K3", "2024-07")]),
                             Edge("e-y", "c-acme", "a-1", "SOUGHT", {}, [ev("y:6", "y.csv", 2, "K4", "2024-07")])]))
    assert store.case_ids(["SOUGHT"], kinds) == ["K1", "K2", "K3"]  # c-acme cites people:3 (K2)
    # in July: e-x and e-y; c-acme (K2, and no case) and t-euv (K1) are their projected ends
    assert store.case_ids(["SOUGHT"], kinds, start="2024-07-01") == ["K1", "K2", "K3"]
    assert store.case_ids(["EMPLOYED_BY"], kinds, start="2024-07-01") == []
