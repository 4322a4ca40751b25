"""The actor projection: a store's graph as a NetworkX graph of actors and technologies.

This is the contract analysis, views and reports rely on (docs/architecture.md): nodes are
the Person, Company, Intermediary and Technology nodes, edges the relations marked
``actor = true`` in the schema, one edge per (source, target, relation), each carrying the
evidence records that support it (inside the filters).

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Edge, Evidence, Node
>>> from graphkit.store.workspace import Workspace
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> ev = Evidence("contacts:1", "c.csv", 2, case_id="K1", date="2024-05")
>>> _ = ws.write(Batch(nodes=[Node(id="a", kind="Person", name="A"), Node(id="b", kind="Person", name="B")],
...                    edges=[Edge("e", "a", "b", "CONTACTED", evidence=[ev])]))
>>> g = actor_graph(ws, since="2024-05-20")
>>> g.edges["a", "b", "CONTACTED"]["contacts"], g.edges["a", "b", "CONTACTED"]["first_date"]
(1, '2024-05')
>>> actor_graph(ws, since="2024-06").number_of_edges()
0
"""
from __future__ import annotations

import contextlib
import difflib
import gc
import math
from array import array
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterable, Iterator, Literal, Sequence, Union, overload

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphkit import schema
from graphkit.errors import BadValue, NotFound
from graphkit.model import Edge, Evidence, Node, RecordKey, keeps_evidence  # re-exported: the filter's owner is the evidence's module
from graphkit.normalize.dates import date_period, first_last  # re-exported: their owner is normalize.dates
from graphkit.store.base import APPROACH_ROLE_RELATIONS as APPROACH_ROLES, ActorTies, EdgeRecords, Store




@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big graph is built.

    Building a graph allocates millions of containers and no cycles; with the collector on,
    each full collection walks every object built so far, which makes the build quadratic-ish.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def evidence_window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The first and last day of the window [``since``, ``until``] (ISO dates, any precision).

    The one evidence filter is this window plus a case (:func:`keeps_evidence`); the
    projection, the exports and the store transfers all select evidence through it.
    BadValue when ``since`` is after ``until``.

    >>> evidence_window("2024-05", "2024")
    ('2024-05-01', '2024-12-31')
    >>> evidence_window(None, "2023-02")
    (None, '2023-02-28')
    """
    start = None if since is None else date_period(since)[0]
    end = None if until is None else date_period(until)[1]
    if start and end and start > end:
        raise BadValue(f"since {since} is after until {until}", value=f"{since}..{until}")
    return start, end


def edge_attributes(relation: str, properties: dict[str, Any], evidence: list[Evidence]) -> dict[str, Any]:
    """The contract's edge attributes computed from one edge's (filtered) evidence."""
    dates = sorted(e.date for e in evidence if e.date)
    first, last = first_last(dates)
    stated = [e.reliability for e in evidence if e.reliability is not None]
    return {
        "relation": relation,
        "contacts": len(evidence),
        "weight": record_weight(evidence),
        "first_date": first,
        "last_date": last,
        "dates": dates,
        "reliability": sum(stated) / len(stated) if stated else None,
        "inferred": bool(properties.get("inferred", False)),
        "cases": sorted({e.case_id for e in evidence if e.case_id}),
        "evidence": list(evidence),
    }


def record_weight(evidence: Iterable[Evidence]) -> int | float:
    """The weight of a tie: the sum of its records' stated weights, a record without one
    counting 1 (so on data without a weight column it is the number of contacts).

    A ``weight`` column says how many contacts a row stands for, or how strong the tie it
    states is (Madrid's 1-4, Krebs's 1/3/5); analysis that weighs ties (``brokers
    --weighted``, structural holes, exports) reads this, while ``contacts`` stays the number
    of records behind the edge.

    >>> record_weight([Evidence("r1", "f", 2, weight=3.0), Evidence("r2", "f", 3)])
    4
    """
    total = sum((1 if e.weight is None else e.weight) for e in evidence)
    return int(total) if float(total).is_integer() else float(total)


def actor_graph(
    store: Store, *, case: str | None = None, since: str | None = None, until: str | None = None,
    among: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The actor projection of ``store`` (see docs/architecture.md for every attribute).

    Parameters
    ----------
    store
        Any :class:`~graphkit.store.base.Store` (workspace or Neo4j).
    case
        Keep only evidence of this case id; nodes mentioned by the case's records stay even
        without an edge. Node ``evidence``/``cases`` are then limited to the case too.
    since, until
        ISO dates at any precision; keep only evidence whose date period overlaps the window
        (``"2024-05"`` overlaps ``since="2024-05-20"``); undated evidence is dropped.
        Edges left without evidence are dropped.
    among
        Only the nodes with these ids and the edges among them (:meth:`Store.edges_among`):
        the projection of a neighbourhood fetched from the store, for work that scales with
        it (the GDS engine's top candidates), never with the whole graph.
    """
    start, end = evidence_window(since, until)
    if among is None:
        edges, nodes = store.iter_edges(schema.ACTOR_RELATIONS), store.iter_nodes(schema.PROJECTED_KINDS)
    else:
        wanted = sorted(set(among))
        relations, kinds = set(schema.ACTOR_RELATIONS), set(schema.PROJECTED_KINDS)
        edges = iter([e for e in store.edges_among(wanted) if e.relation in relations])
        nodes = iter([n for n in sorted(store.get_nodes(wanted).values(), key=lambda n: n.id) if n.kind in kinds])
    with _bulk():
        return _actor_graph(store, edges, nodes, case, start, end, since, until)


class RecordRef:
    """One record's support for an edge as the transfer-path search weighs and dates it: its
    id, date and reliability, nothing else (:func:`path_graph`). Read as an
    :class:`~graphkit.model.Evidence` is (``file`` "", ``row`` 0, no case: what a path cites
    is read again in full, :meth:`Store.cited_evidence <graphkit.store.base.Store.cited_evidence>`).

    >>> ref = RecordRef("contacts:1", "2024-05", 0.5)
    >>> ref.record_id, ref.date, ref.file, ref.case_id
    ('contacts:1', '2024-05', '', None)
    """

    __slots__ = ("record_id", "date", "reliability")
    file = ""
    row = 0
    source_id = None
    case_id = None
    weight = None

    def __init__(self, record_id: str, date: str | None, reliability: float | None) -> None:
        self.record_id, self.date, self.reliability = record_id, date, reliability

    def __repr__(self) -> str:
        return f"RecordRef({self.record_id!r}, {self.date!r}, {self.reliability!r})"


@dataclass
class PathRegion:
    """A region of the actor projection as the transfer-path search reads it
    (:func:`read_path_region`): ``nodes`` as ``(id, {kind, name, foreign})`` and ``edges`` as
    ``(source, target, relation, {relation, inferred, contacts, evidence})``, both in the order
    ``actor_graph`` gives them (its ``G.nodes(data=True)`` and ``G.edges(keys=True, data=True)``),
    with no graph built around them; ``graph`` is ``G.graph``'s selection."""

    nodes: list[tuple[str, dict[str, Any]]]
    edges: list[tuple[str, str, str, dict[str, Any]]]
    graph: dict[str, Any]


@dataclass
class PathArrays:
    """A region of the actor projection as the transfer-path search reads it, held as typed
    arrays (:func:`read_path_arrays`): no Python object per edge or per record until one is
    asked for. Edge ``j`` (in :func:`actor_graph`'s order, as :class:`PathRegion` lists them)
    runs ``tails[j] -> heads[j]`` (positions in ``arrays.ids``) with relation
    ``relation_names[relations[j]]`` and ``inferred[j]``; its kept records are ``starts[j]``
    to ``stops[j]`` (exclusive) of the record arrays, in the store's order: record ``r`` has id
    ``record_id(r)`` (the ``record_codes[r]``-th distinct id, UTF-8 in ``record_bytes`` ending at
    ``record_ends[code]``: each id held once), date
    ``date_names[dates[r]]`` (code -1: undated) and ``reliability[r]`` (NaN: none). ``nodes``
    are the positions of the region's nodes (the edges' ends), in the arrays' order.

    >>> arrays = ActorArrays.from_ties(["a", "b"], ["a"], ["b"], ["CONTACTED"])
    >>> region = PathArrays.of_rows(arrays, [("a", "b", "CONTACTED", False, [RecordRef("r1", "2024-05", 0.5)])])
    >>> region.edge_count, region.contacts(0), region.evidence(0)
    (1, 1, [RecordRef('r1', '2024-05', 0.5)])
    """

    arrays: "ActorArrays"
    nodes: np.ndarray
    tails: np.ndarray
    heads: np.ndarray
    relations: np.ndarray
    relation_names: tuple[str, ...]
    inferred: np.ndarray
    starts: np.ndarray
    stops: np.ndarray
    record_codes: np.ndarray
    record_bytes: bytes | bytearray
    record_ends: np.ndarray
    dates: np.ndarray
    date_names: list[str]
    reliability: np.ndarray
    graph: dict[str, Any]

    @classmethod
    def of_rows(cls, arrays: "ActorArrays",
                rows: Iterable[tuple[str, str, str, bool, Sequence[Evidence | RecordKey | RecordRef]]],
                graph: dict[str, Any] | None = None) -> "PathArrays":
        """The region of these edges ``(source, target, relation, inferred, records)``, in
        the order given (for examples and tests; :func:`read_path_arrays` reads a store's)."""
        index = arrays.index()
        found = EdgeRecords.of_rows(rows)
        ends = (np.array([index[n] for n in found.sources], dtype=np.int64),
                np.array([index[n] for n in found.targets], dtype=np.int64))
        return _path_arrays(arrays, found, ends, np.arange(len(found.sources), dtype=np.int64), graph or {})

    @property
    def edge_count(self) -> int:
        return int(self.tails.size)

    def contacts(self, j: int) -> int:
        """The records kept on edge ``j``."""
        return int(self.stops[j] - self.starts[j])

    def record_id(self, r: int) -> str:
        code = int(self.record_codes[r])
        start = int(self.record_ends[code - 1]) if code else 0
        return self.record_bytes[start:int(self.record_ends[code])].decode()

    def weighed(self, j: int) -> list[RecordRef]:
        """Edge ``j``'s records with their dates and reliabilities but no record id (what its
        probability weighs), made now."""
        names, dates, reliability = self.date_names, self.dates, self.reliability
        lo, hi = int(self.starts[j]), int(self.stops[j])
        return [RecordRef("", None if c < 0 else names[c], None if r != r else r)
                for c, r in zip(dates[lo:hi].tolist(), reliability[lo:hi].tolist())]

    def dated(self, j: int) -> list[str]:
        """The dates of edge ``j``'s dated records, in their order."""
        names = self.date_names
        return [names[c] for c in self.dates[int(self.starts[j]):int(self.stops[j])].tolist() if c >= 0 and names[c]]

    def evidence(self, j: int) -> list[RecordRef]:
        """Edge ``j``'s records as :class:`RecordRef`, made now."""
        refs = self.weighed(j)
        for r, ref in zip(range(int(self.starts[j]), int(self.stops[j])), refs):
            ref.record_id = self.record_id(r)
        return refs

    def data(self, j: int) -> dict[str, Any]:
        """Edge ``j``'s attributes as :class:`PathRegion` gives them, made now."""
        evidence = self.evidence(j)
        return {"relation": self.relation_names[int(self.relations[j])], "inferred": bool(self.inferred[j]),
                "contacts": len(evidence), "evidence": evidence}

    def region(self) -> "PathRegion":
        """The same region as nodes and edges of Python objects (:class:`PathRegion`), each
        record one :class:`RecordRef` shared by the edges it supports."""
        ids, arrays = self.arrays.ids, self.arrays
        refs: dict[tuple[str, str | None, float | None], RecordRef] = {}
        edges = []
        for j in range(self.edge_count):
            data = self.data(j)
            data["evidence"] = [refs.setdefault((e.record_id, e.date, e.reliability), e) for e in data["evidence"]]
            edges.append((ids[int(self.tails[j])], ids[int(self.heads[j])], data["relation"], data))
        nodes = [(ids[i], {"kind": arrays.kinds[i], "name": arrays.names[i], "foreign": arrays.foreign[i]})
                 for i in self.nodes.tolist()]
        return PathRegion(nodes=nodes, edges=edges, graph=self.graph)


def path_graph(store: Store, arrays: "ActorArrays", among: Iterable[str] | None = None, *,
               case: str | None = None, since: str | None = None, until: str | None = None,
               ) -> nx.MultiDiGraph:
    """``actor_graph(store, case=, since=, until=, among=)`` as the transfer-path search reads it
    and no more: each edge's ``relation``, ``inferred``, ``contacts`` and ``evidence``, its
    kept records as :class:`RecordRef` (one object per record, shared by the edges it
    supports); each node's ``kind``, ``name`` and ``foreign`` from ``arrays`` (the arrays of the
    same selection). Nodes and edges come in ``actor_graph``'s order (node id, edge id).
    It is :func:`read_path_region` as a networkx graph.

    >>> import tempfile, pathlib
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> from graphkit.store.workspace import Workspace
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     full, light = actor_graph(ws), path_graph(ws, actor_arrays(ws))
    >>> list(light.edges(keys=True)) == list(full.edges(keys=True)) and list(light) == list(full)
    True
    """
    region = read_path_region(store, arrays, among, case=case, since=since, until=until)
    graph: nx.MultiDiGraph = nx.MultiDiGraph(**region.graph)
    with _bulk():
        graph.add_nodes_from(region.nodes)
        graph.add_edges_from(region.edges)  # type: ignore[arg-type]  # (u, v, key, data): types-networkx lacks the multigraph form
    return graph


def read_path_region(store: Store, arrays: "ActorArrays", among: Iterable[str] | None = None, *,
                     case: str | None = None, since: str | None = None, until: str | None = None,
                     ) -> PathRegion:
    """The nodes and edges of :func:`path_graph` among ``among`` (default: every node of
    ``arrays``) without the networkx graph: :func:`read_path_arrays` made into Python objects
    (:meth:`PathArrays.region`), each record one :class:`RecordRef` shared by its edges.

    >>> import tempfile, pathlib
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> from graphkit.store.workspace import Workspace
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     full, region = actor_graph(ws), read_path_region(ws, actor_arrays(ws))
    >>> [e[:3] for e in region.edges] == list(full.edges(keys=True))
    True
    """
    return read_path_arrays(store, arrays, among, case=case, since=since, until=until).region()


def read_path_arrays(store: Store, arrays: "ActorArrays", among: Iterable[str] | None = None, *,
                     case: str | None = None, since: str | None = None, until: str | None = None,
                     ) -> PathArrays:
    """The region of :func:`path_graph` among ``among`` (default: every node of ``arrays``)
    as typed arrays (:class:`PathArrays`): what
    :func:`graphkit.analysis.transfer.transfer_graph_of_arrays` searches, making Python
    objects only for the arcs the search looks at.

    The store gives the region's edges with only what the search weighs of each kept record,
    already in columns (:meth:`Store.edge_records <graphkit.store.base.Store.edge_records>`:
    the case and window filtered by the store, each record's id held once as UTF-8 bytes, its
    date as a code, its reliability as a float; no object per record); a region of at most
    half of the selection is asked for by its node ids, a larger one is read whole and cut
    here. The edges are then put in :func:`actor_graph`'s order. What a path cites is read
    again in full with :meth:`Store.cited_evidence <graphkit.store.base.Store.cited_evidence>`.

    >>> import tempfile, pathlib
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> from graphkit.store.workspace import Workspace
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     full, arrays = actor_graph(ws), actor_arrays(ws)
    ...     region = read_path_arrays(ws, arrays)
    >>> [(arrays.ids[a], arrays.ids[b]) for a, b in zip(region.tails, region.heads)] == [e[:2] for e in full.edges]
    True
    """
    start, end = evidence_window(since, until)
    index = arrays.index()
    ids = arrays.ids
    # only nodes of the arrays (the selection's projected nodes) can end an edge of actor_graph
    wanted = None if among is None else {i for n in among if (i := index.get(n)) is not None}
    small = [ids[i] for i in sorted(wanted)] if wanted is not None and 2 * len(wanted) <= len(arrays) else None
    found = store.edge_records(schema.ACTOR_RELATIONS, among=small, case=case, start=start, end=end)
    tails = np.fromiter((index.get(n, -1) for n in found.sources), dtype=np.int64, count=len(found.sources))
    heads = np.fromiter((index.get(n, -1) for n in found.targets), dtype=np.int64, count=len(found.targets))
    inside = (tails >= 0) & (heads >= 0)
    if wanted is not None and small is None:
        member = np.zeros(len(ids), dtype=bool)
        member[list(wanted)] = True
        inside &= member[np.maximum(tails, 0)] & member[np.maximum(heads, 0)]
    read = np.flatnonzero(inside)  # the edges kept, in the store's order (by id)
    # actor_graph's edge order: by source (node order), then by target in the order its first
    # edge from that source came, then by edge id (networkx's adjacency order)
    order = read
    if read.size:
        t, h = tails[read], heads[read]
        pairs = t * len(ids) + h
        _, first, inverse = np.unique(pairs, return_index=True, return_inverse=True)
        order = read[np.lexsort((np.arange(t.size), first[inverse], t))]
        codes = _relation_codes(found.relations)
        kinds = np.array([codes[r] for r in found.relations], dtype=np.int64)
        keys = (tails * len(ids) + heads) * len(codes) + kinds
        if np.unique(keys[read]).size < read.size:
            order = _merge_repeated(keys, order)
    return _path_arrays(arrays, found, (tails, heads), order, {"case": case, "since": since, "until": until})


def _path_arrays(arrays: "ActorArrays", found: EdgeRecords, ends: tuple[np.ndarray, np.ndarray], order: np.ndarray,
                 graph: dict[str, Any]) -> PathArrays:
    """:class:`PathArrays` of the edges ``order`` (positions in ``found``) of ``found``, whose
    ends are ``ends`` (positions in ``arrays``)."""
    tails, heads = ends[0][order], ends[1][order]
    stops = np.asarray(found.stops, dtype=np.int64)
    starts = np.concatenate([[0], stops[:-1]]).astype(np.int64)
    codes = _relation_codes(found.relations)
    relations = np.array([codes[found.relations[j]] for j in order.tolist()], dtype=np.int16)
    endpoints = np.zeros(len(arrays), dtype=bool)
    endpoints[tails] = True
    endpoints[heads] = True
    return PathArrays(
        arrays=arrays, nodes=np.flatnonzero(endpoints), tails=tails.astype(np.int32), heads=heads.astype(np.int32),
        relations=relations, relation_names=tuple(codes),
        inferred=np.array(found.inferred, dtype=bool)[order] if order.size else np.zeros(0, dtype=bool),
        starts=starts[order], stops=stops[order],
        record_codes=np.asarray(found.records, dtype=np.int32), record_bytes=found.record_bytes,
        record_ends=np.asarray(found.record_ends, dtype=np.int64), dates=np.asarray(found.dates, dtype=np.int32),
        date_names=found.date_names, reliability=np.asarray(found.reliability, dtype=np.float64), graph=graph)


def _relation_codes(relations: Iterable[str]) -> dict[str, int]:
    """Each relation's code in :class:`PathArrays`: the schema's actor relations in their order,
    then any other of ``relations`` in the order first met.

    >>> codes = _relation_codes(["OTHER", "CONTACTED"]); codes["CONTACTED"], codes["OTHER"] == len(schema.ACTOR_RELATIONS)
    (0, True)
    """
    codes = {r: c for c, r in enumerate(schema.ACTOR_RELATIONS)}
    for relation in relations:
        codes.setdefault(relation, len(codes))
    return codes


def _merge_repeated(keys: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``order`` with each repeated (source, target, relation) key kept at its first place and
    holding its last row (the latest read), as a multigraph keyed by relation keeps it.

    >>> _merge_repeated(np.array([7, 8, 7]), np.array([0, 2, 1])).tolist()
    [2, 1]
    """
    in_order = keys[order]
    _, first, inverse = np.unique(in_order, return_index=True, return_inverse=True)
    last = np.full(first.size, -1, dtype=np.int64)
    np.maximum.at(last, inverse, order)
    kept = np.sort(first)
    return last[inverse[kept]]


def case_actor_graph(store: Store, case: str, *, since: str | None = None,
                     until: str | None = None, edges_by_ends: bool = False) -> nx.MultiDiGraph:
    """``actor_graph(store, case=case, since=since, until=until, among=store.node_ids_in_case(case))``
    read through the case's own records (:meth:`Store.case_edges`, :meth:`Store.case_nodes`):
    the work and memory scale with the case, not with the whole graph (the report reads each
    case this way). Nodes come by id; edges by id, or with ``edges_by_ends`` by (source,
    target, relation): the order of a case graph whatever the store
    (:func:`graphkit.reports.collect.edge_order`), so the report need not build it again.

    >>> import tempfile, pathlib
    >>> from graphkit.store.workspace import Workspace
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     among = actor_graph(ws, case="C-2024-03", among=ws.node_ids_in_case("C-2024-03"))
    ...     read = case_actor_graph(ws, "C-2024-03")
    >>> list(read.edges(keys=True)) == list(among.edges(keys=True)) and list(read) == list(among)
    True
    """
    start, end = evidence_window(since, until)
    edges = store.case_edges(case, schema.ACTOR_RELATIONS)
    nodes = store.case_nodes(case, schema.PROJECTED_KINDS)
    with _bulk():
        return _actor_graph(store, iter(edges), iter(nodes), case, start, end, since, until,
                            edges_by_ends=edges_by_ends)


def case_actor_graphs(store: Store, cases: Sequence[str], *, since: str | None = None,
                      until: str | None = None, edges_by_ends: bool = False) -> Iterator[tuple[str, nx.MultiDiGraph]]:
    """``(case, case_actor_graph(store, case, ...))`` for each of ``cases``, read in one pass
    (:meth:`Store.case_contents`: a few streamed queries for all cases, not a few per case),
    one case at a time in the store's order: memory holds the case being built, not the whole
    graph.

    >>> import tempfile, pathlib
    >>> from graphkit.store.workspace import Workspace
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     read = dict(case_actor_graphs(ws, ["C-2024-03", "C-2024-01"]))
    ...     one = case_actor_graph(ws, "C-2024-03")
    >>> sorted(read), list(read["C-2024-03"].edges(keys=True)) == list(one.edges(keys=True))
    (['C-2024-01', 'C-2024-03'], True)
    """
    start, end = evidence_window(since, until)
    for case, nodes, edges in store.case_contents(cases, schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS):
        # each node's evidence holds the case's records only: their case is the case
        cases_of: dict[str, str | None] = {r: case for node in nodes for r in node.evidence}
        with _bulk():
            graph = _actor_graph(store, iter(edges), iter(nodes), case, start, end, since, until,
                                 edges_by_ends=edges_by_ends, cases_of=cases_of)
        yield case, graph


def _actor_graph(store: Store, store_edges: Iterator[Edge], store_nodes: Iterator[Node], case: str | None,
                 start: str | None, end: str | None, since: str | None, until: str | None,
                 edges_by_ends: bool = False, cases_of: dict[str, str | None] | None = None) -> nx.MultiDiGraph:
    graph: nx.MultiDiGraph = nx.MultiDiGraph(case=case, since=since, until=until)
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    endpoints: set[str] = set()
    # one string per record id: the nodes' evidence lists name the records the edges hold
    record_texts: dict[str, str] = {}
    for edge in store_edges:
        kept = [e for e in edge.evidence if keeps_evidence(e, case, start, end)]
        if not kept:
            continue
        for e in kept:
            record_texts.setdefault(e.record_id, e.record_id)
        edges.append((edge.source, edge.target, edge.relation, edge_attributes(edge.relation, edge.properties, kept)))
        endpoints.update((edge.source, edge.target))

    nodes = []
    record_ids: set[str] = set()
    for node in store_nodes:
        nodes.append(node)
        record_ids.update(node.evidence)
    if cases_of is None:
        cases_of = store.record_case_ids(record_ids)
    for node in nodes:
        cases, evidence = _cases_and_records(sorted(record_texts.get(r, r) for r in node.evidence), cases_of, case)
        if node.id not in endpoints and not (case is not None and evidence):
            continue
        props = node.properties
        foreign = props.get("foreign")
        graph.add_node(
            node.id,
            kind=node.kind,
            name=node.name,
            aliases=sorted(node.aliases),
            country=props.get("country"),
            foreign=None if node.kind == schema.TECHNOLOGY_KIND or foreign is None else bool(foreign),
            org=props.get("org"),
            cases=cases,
            evidence=evidence,
        )
    present = [e for e in edges if e[0] in graph and e[1] in graph]
    if edges_by_ends:
        present.sort(key=lambda e: (e[0], e[1], e[2]))
    graph.add_edges_from(present)  # type: ignore[arg-type]  # (u, v, key, data): types-networkx lacks the multigraph form
    # an edge to a node the store does not hold (or not of a projected kind) is left out
    graph.graph["edges_without_nodes"] = len(edges) - len(present)
    return graph


def _cases_and_records(evidence: list[str], cases_of: dict[str, str | None],
                       case: str | None) -> tuple[list[str], list[str]]:
    """A projected node's ``cases`` and ``evidence`` from its sorted record ids (only the
    records of ``case`` when given)."""
    if case is not None:
        evidence = [r for r in evidence if cases_of.get(r) == case]
    return sorted({c for r in evidence if (c := cases_of.get(r))}), evidence


def node_cases_and_records(store: Store, node_ids: Iterable[str], *,
                           case: str | None = None) -> dict[str, tuple[list[str], list[str]]]:
    """The ``cases`` and ``evidence`` attributes :func:`actor_graph` gives each of ``node_ids``
    (with the same ``case``), read for those nodes only: what a ranking on arrays lists beside
    its top actors (:func:`graphkit.reports.ranking.rank_brokers`).

    >>> import tempfile, pathlib
    >>> from graphkit.store.workspace import Workspace
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     G = actor_graph(ws)
    ...     some = sorted(G)[:5]
    ...     read = node_cases_and_records(ws, some)
    >>> all(read[n] == (G.nodes[n]["cases"], G.nodes[n]["evidence"]) for n in some)
    True
    """
    nodes = store.get_nodes(node_ids)
    cases_of = store.record_case_ids({r for node in nodes.values() for r in node.evidence})
    return {n: _cases_and_records(sorted(node.evidence), cases_of, case) for n, node in nodes.items()}


def node_aliases(store: Store, node_ids: Iterable[str]) -> dict[str, list[str]]:
    """The ``aliases`` :func:`actor_graph` gives each of ``node_ids`` (sorted; nodes without
    any left out), streamed from the store's projected nodes: what name matching needs beside
    the arrays' names (:func:`graphkit.analysis.screening.screen_arrays`)."""
    wanted = set(node_ids)
    return {node.id: sorted(node.aliases) for node in store.iter_nodes(schema.PROJECTED_KINDS)
            if node.aliases and node.id in wanted}


BYTES_PER_RECORD = 4_700
"""Memory the actor graph takes per record in the store, every evidence item a Python object:
issue 12 item 18 measured 4.4 GiB for ``brokers`` on 1M generated contacts (4.6 KiB each);
20,000 contacts measured 163 MiB here, about 70 MiB of it the analysis libraries."""

LARGE_GRAPH_BYTES = 1 << 30
"""An actor graph estimated above this (or above half the memory available) is worth a warning."""


def estimate_graph_bytes(store: Store) -> int:
    """About how much memory :func:`actor_graph` of the whole store takes, from its record count
    (the evidence dominates); a case or a date window takes less.

    >>> import tempfile, pathlib
    >>> from graphkit.store.workspace import Workspace
    >>> estimate_graph_bytes(Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws"))
    0
    """
    return store.record_count() * BYTES_PER_RECORD


def memory_warning(store: Store, *, available: int | None = None) -> str | None:
    """One line saying the actor graph will be large, with the estimate and the memory this
    machine has available, or None when it is not large (see :data:`LARGE_GRAPH_BYTES`).

    >>> class Big:
    ...     def record_count(self): return 1_000_000
    >>> print(memory_warning(Big(), available=8 << 30))  # doctest: +NORMALIZE_WHITESPACE
    Warning: the actor graph of 1,000,000 records needs about 4.4 GiB of memory (8.0 GiB available
    on this machine); --case, --since or --until select less
    """
    estimate = estimate_graph_bytes(store)
    if available is None:
        import psutil

        available = int(psutil.virtual_memory().available)
    if estimate < LARGE_GRAPH_BYTES and estimate < available // 2:
        return None
    return (f"Warning: the actor graph of {store.record_count():,} records needs about "
            f"{estimate / 2**30:.1f} GiB of memory ({available / 2**30:.1f} GiB available on this "
            "machine); --case, --since or --until select less")
@dataclass
class ActorArrays:
    """The actor projection as arrays: what the whole-graph analysis reads, with no Python
    object per edge or per evidence item (:func:`actor_arrays` builds it from a store).

    Node ``i`` is ``ids[i]`` (sorted ids) with ``kinds[i]``, ``names[i]``, ``countries[i]``,
    ``foreign[i]`` (True, False or None: unknown, and None for every Technology) and
    ``orgs[i]``. Edge ``j`` is one (source, target, relation) of the multigraph, as in
    :func:`actor_graph`: ``tails[j] -> heads[j]`` (node positions), ``relations[j]``,
    ``contacts[j]`` (records behind it), ``weights[j]`` (:func:`record_weight`) and
    ``first_dates[j]`` / ``last_dates[j]`` (:func:`first_last` of its dates). Edges whose end
    the store does not hold are left out and counted in ``edges_without_nodes``.

    >>> arrays = ActorArrays.from_ties(["a", "b", "c"], ["a", "b"], ["b", "c"], ["CONTACTED", "CONTACTED"],
    ...                                 contacts=[2, 1])
    >>> arrays.adjacency("contacts").toarray().tolist()
    [[0, 2, 0], [0, 0, 1], [0, 0, 0]]
    """

    ids: list[str]
    kinds: list[Any]  # str (None for a node without a kind, in a graph made by hand)
    names: list[str]
    countries: list[str | None]
    foreign: list[bool | None]
    orgs: list[str | None]
    tails: np.ndarray
    heads: np.ndarray
    relations: list[str]
    contacts: np.ndarray
    weights: np.ndarray
    first_dates: list[str | None]
    last_dates: list[str | None]
    edges_without_nodes: int = 0
    graph: dict[str, Any] = field(default_factory=dict)
    """The selection, as networkx's ``G.graph`` of :func:`actor_graph`: ``case``, ``since``, ``until``."""
    _index: dict[str, int] | None = field(default=None, repr=False)

    @classmethod
    def from_ties(cls, ids: list[str], sources: list[str], targets: list[str], relations: list[str], *,
                  contacts: list[int] | None = None, kinds: list[str] | None = None) -> "ActorArrays":
        """Arrays of a few hand-written ties between ``ids`` (all of the schema's first actor
        kind unless ``kinds``; no dates; weights = contacts, default 1 each): for examples and tests."""
        index = {node: i for i, node in enumerate(ids)}
        counts = np.asarray(contacts if contacts is not None else [1] * len(sources), dtype=np.int64)
        return cls(ids=list(ids), kinds=list(kinds or [schema.ACTOR_KINDS[0]] * len(ids)), names=list(ids),
                   countries=[None] * len(ids), foreign=[None] * len(ids), orgs=[None] * len(ids),
                   tails=np.array([index[s] for s in sources], dtype=np.int64),
                   heads=np.array([index[t] for t in targets], dtype=np.int64), relations=list(relations),
                   contacts=counts, weights=counts.astype(float), first_dates=[None] * len(sources),
                   last_dates=[None] * len(sources))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        """Edges (source, target, relation) in the projection."""
        return int(self.tails.size)

    def index(self) -> dict[str, int]:
        """Node id -> position."""
        if self._index is None:
            self._index = {node: i for i, node in enumerate(self.ids)}
        return self._index

    def actor_mask(self) -> np.ndarray:
        """True for the nodes of actor kinds (not Technology, ...), by position."""
        left_out = non_actor_kinds()
        return np.fromiter((kind not in left_out for kind in self.kinds), dtype=bool, count=len(self.ids))

    def adjacency(self, values: Literal["contacts", "weights"] | None = None, *, directed: bool = True,
                  actors_only: bool = False) -> sp.csr_array:
        """The CSR adjacency (scipy) of the collapsed graph: one entry per linked pair (per
        direction when ``directed``), self-loops dropped, as :func:`collapse` does; an entry is
        1 (``values`` None) or the pair's summed ``contacts`` or ``weights``."""
        n = len(self.ids)
        keep = self.tails != self.heads
        if actors_only:
            actor = self.actor_mask()
            keep &= actor[self.tails] & actor[self.heads]
        tails, heads = self.tails[keep], self.heads[keep]
        data = (np.ones(tails.size, dtype=np.int64) if values is None else
                np.asarray(getattr(self, values))[keep])
        if not directed:
            tails, heads = np.concatenate([tails, heads]), np.concatenate([heads, tails])
            data = np.concatenate([data, data])
        matrix = sp.coo_array((data, (tails, heads)), shape=(n, n)).tocsr()  # duplicates add up
        if values is None:
            matrix.data[:] = 1
        matrix.sort_indices()
        return sp.csr_array(matrix)

    def node_attributes(self, i: int) -> dict[str, Any]:
        """The contract's node attributes of node ``i`` that the arrays hold (no evidence)."""
        return {"kind": self.kinds[i], "name": self.names[i], "country": self.countries[i],
                "foreign": self.foreign[i], "org": self.orgs[i]}

    def subgraph(self, node_ids: Iterable[str]) -> nx.MultiDiGraph:
        """The projection among ``node_ids`` as a small networkx multigraph (edge attributes
        ``relation``, ``contacts``, ``weight``, ``first_date``, ``last_date``; no evidence): for
        a case, an ego network or a chart, never the whole graph."""
        index = self.index()
        wanted = np.zeros(len(self.ids), dtype=bool)
        positions = [index[n] for n in node_ids if n in index]
        wanted[positions] = True
        graph: nx.MultiDiGraph = nx.MultiDiGraph()
        graph.add_nodes_from((self.ids[i], self.node_attributes(i)) for i in sorted(positions))
        for j in np.flatnonzero(wanted[self.tails] & wanted[self.heads]).tolist():
            weight = float(self.weights[j])
            graph.add_edge(self.ids[self.tails[j]], self.ids[self.heads[j]], key=self.relations[j],
                           relation=self.relations[j], contacts=int(self.contacts[j]),
                           weight=int(weight) if weight.is_integer() else weight,
                           first_date=self.first_dates[j], last_date=self.last_dates[j])
        return graph


def arrays_of(graph: nx.MultiDiGraph) -> ActorArrays:
    """The :class:`ActorArrays` of an actor graph already in memory (:func:`actor_graph`), for
    the whole-graph kernels of a caller that holds the graph anyway (a report).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="Person", name="A"); G.add_node("b", kind="Person", name="B")
    >>> _ = G.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", contacts=2, weight=2)
    >>> arrays_of(G).adjacency("contacts").toarray().tolist()
    [[0, 2], [0, 0]]
    """
    ids = list(graph)
    index = {node: i for i, node in enumerate(ids)}
    nodes = [graph.nodes[n] for n in ids]
    tails: list[int] = []
    heads: list[int] = []
    relations: list[str] = []
    contacts: list[int] = []
    weights: list[float] = []
    firsts: list[str | None] = []
    lasts: list[str | None] = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        tails.append(index[u])
        heads.append(index[v])
        relations.append(str(data.get("relation", key)))
        contacts.append(int(data.get("contacts", 0)))
        weights.append(float(data.get("weight", data.get("contacts", 0)) or 0))
        firsts.append(data.get("first_date"))
        lasts.append(data.get("last_date"))
    return ActorArrays(
        ids=ids, kinds=[d.get("kind") for d in nodes], names=[str(d.get("name", n)) for n, d in zip(ids, nodes)],
        countries=[d.get("country") for d in nodes], foreign=[d.get("foreign") for d in nodes],
        orgs=[d.get("org") for d in nodes], tails=np.array(tails, dtype=np.int64),
        heads=np.array(heads, dtype=np.int64), relations=relations, contacts=np.array(contacts, dtype=np.int64),
        weights=np.array(weights, dtype=float), first_dates=firsts, last_dates=lasts,
        edges_without_nodes=int(graph.graph.get("edges_without_nodes", 0)), graph=dict(graph.graph), _index=index)


def actor_arrays(store: Store, *, case: str | None = None, since: str | None = None,
                 until: str | None = None, among: Iterable[str] | None = None) -> ActorArrays:
    """The actor projection of ``store`` as :class:`ActorArrays`, from one aggregate read
    (:meth:`~graphkit.store.base.Store.actor_ties`): the same nodes, edges, contacts, weights
    and first/last dates as :func:`actor_graph` with the same filters (``among`` included: only
    those nodes and the edges among them), without the evidence lists (about 6x less memory on
    100k contacts; see docs/benchmarks.md).
    """
    start, end = evidence_window(since, until)
    ties = store.actor_ties(schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS, case=case, start=start, end=end,
                            among=None if among is None else set(among))
    return tie_arrays(ties, {"case": case, "since": since, "until": until})


def tie_arrays(ties: ActorTies, graph: dict[str, Any]) -> ActorArrays:
    """The :class:`ActorArrays` of a store's aggregate (:meth:`Store.actor_ties`, a case's
    :meth:`Store.case_ties`): its nodes in their order, its edges whose two ends it holds in
    their order (the others counted in ``edges_without_nodes``), ``graph`` the selection.

    >>> ties = ActorTies(["a"], ["b"], ["CONTACTED"], [2], [2.0], [("2024-05", "2024-06")],
    ...                  [("a", "Person", "A", {"foreign": True}), ("b", "Person", "B", {})])
    >>> arrays = tie_arrays(ties, {})
    >>> arrays.foreign, arrays.first_dates, arrays.last_dates
    ([True, None], ['2024-05'], ['2024-06'])
    """
    ids = [node[0] for node in ties.nodes]
    index = {node: i for i, node in enumerate(ids)}
    present = [j for j in range(len(ties.source)) if ties.source[j] in index and ties.target[j] in index]
    bounds = [first_last(ties.dates[j]) for j in present]
    weights = np.array([ties.weight[j] for j in present], dtype=float)
    technology = schema.TECHNOLOGY_KIND
    foreign = [None if kind == technology or props.get("foreign") is None else bool(props["foreign"])
               for _, kind, _, props in ties.nodes]
    return ActorArrays(
        ids=ids, kinds=[n[1] for n in ties.nodes], names=[n[2] for n in ties.nodes],
        countries=[n[3].get("country") for n in ties.nodes], foreign=foreign,
        orgs=[n[3].get("org") for n in ties.nodes],
        tails=np.array([index[ties.source[j]] for j in present], dtype=np.int64),
        heads=np.array([index[ties.target[j]] for j in present], dtype=np.int64),
        relations=[ties.relation[j] for j in present],
        contacts=np.array([ties.contacts[j] for j in present], dtype=np.int64),
        weights=weights, first_dates=[b[0] for b in bounds], last_dates=[b[1] for b in bounds],
        edges_without_nodes=len(ties.source) - len(present), _index=index,
        graph={**graph, "edges_without_nodes": len(ties.source) - len(present)})


def simple_graph(multigraph: nx.MultiDiGraph, directed: bool = True) -> nx.DiGraph | nx.Graph:
    """Collapse parallel relations into one edge per pair (per direction when ``directed``).

    ``contacts`` summed, ``weight`` summed (an edge without one weighs its contacts), ``relations`` a sorted list, ``evidence``
    and ``dates`` concatenated (dates sorted), ``cases`` a sorted union, ``first_date`` /
    ``last_date`` the earliest / latest, ``reliability`` the contacts-weighted mean of the
    relations that state one, ``inferred`` True only when every collapsed relation is.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", contacts=2, reliability=0.5,
    ...            first_date="2024", last_date="2024", dates=["2024", "2024"], inferred=False,
    ...            cases=["K1"], evidence=[])
    'CONTACTED'
    >>> g.add_edge("b", "a", key="OWNS", relation="OWNS", contacts=1, reliability=1.0,
    ...            first_date=None, last_date=None, dates=[], inferred=False, cases=[], evidence=[])
    'OWNS'
    >>> s = simple_graph(g, directed=False)
    >>> s["a"]["b"]["contacts"], s["a"]["b"]["relations"], round(s["a"]["b"]["reliability"], 3)
    (3, ['CONTACTED', 'OWNS'], 0.667)
    """
    with _bulk():
        return _simple_graph(multigraph, directed)


def _simple_graph(multigraph: nx.MultiDiGraph, directed: bool) -> nx.DiGraph | nx.Graph:
    out: nx.DiGraph | nx.Graph = nx.DiGraph() if directed else nx.Graph()
    out.graph.update(multigraph.graph)
    out.add_nodes_from(multigraph.nodes(data=True))
    pairs: dict[tuple[str, str], list[Any]] = {}
    for u, v, data in multigraph.edges(data=True):
        key = (u, v) if directed or (v, u) not in pairs else (v, u)
        agg = pairs.get(key)
        if agg is None:
            # contacts, relations, evidence, dates, cases, bounds, inferred, reliability sum and
            # its weight, tie weight
            agg = pairs[key] = [0, set(), [], [], set(), [], True, 0.0, 0, 0]
        contacts = int(data.get("contacts", 0))
        agg[0] += contacts
        agg[9] += data.get("weight", contacts)
        agg[1].add(data.get("relation"))
        agg[2].extend(data.get("evidence", ()))
        agg[3].extend(data.get("dates", ()))
        agg[4].update(data.get("cases", ()))
        agg[5].extend(d for d in (data.get("first_date"), data.get("last_date")) if d)
        agg[6] = agg[6] and bool(data.get("inferred", False))
        if data.get("reliability") is not None:
            agg[7] += float(data["reliability"]) * contacts
            agg[8] += contacts
    edges = []
    for (u, v), (contacts, relations, evidence, dates, cases, bounds, inferred, rel_sum, rel_weight,
                 weight) in pairs.items():
        first, last = first_last(bounds)
        edges.append((u, v, {
            "contacts": contacts, "weight": weight, "relations": sorted(relations, key=str),
            "evidence": evidence, "dates": sorted(dates), "cases": sorted(cases), "first_date": first,
            "last_date": last, "reliability": rel_sum / rel_weight if rel_weight else None, "inferred": inferred,
        }))
    out.add_edges_from(edges)
    return out


EdgeWeight = Union[str, Callable[[Any, Any, dict], Any], None]
"""An edge attribute name, or a callable ``(u, v, data) -> number`` (networkx's form)."""

def non_actor_kinds() -> frozenset[str]:
    """The node kinds :func:`collapse` leaves out with ``actors_only`` (Technology, ...), read
    from the schema in use; a node without a kind stays."""
    return frozenset(k for k, v in schema.NODE_KINDS.items() if not v.actor)


@overload
def collapse(G: nx.Graph, *, directed: Literal[True], actors_only: bool = ..., weight: EdgeWeight = ...,
             name: str = ...) -> nx.DiGraph: ...
@overload
def collapse(G: nx.Graph, *, directed: Literal[False], actors_only: bool = ..., weight: EdgeWeight = ...,
             name: str = ...) -> nx.Graph: ...
def collapse(G: nx.Graph, *, directed: bool, actors_only: bool = False, weight: EdgeWeight = None,
             name: str = "weight") -> nx.DiGraph | nx.Graph:
    """The simple graph of ``G``: one edge per linked pair (per direction when ``directed``).

    The one structural collapse every analysis, view and report uses (docs/architecture.md);
    :func:`simple_graph` is the same walk keeping the evidence attributes. Self-loops are
    dropped; node attributes are kept.

    Parameters
    ----------
    G
        Any networkx graph; an undirected ``G`` collapsed ``directed`` gives both arcs.
    directed
        A DiGraph (reciprocal arcs kept apart) or a Graph (reciprocal edges merged).
    actors_only
        Leave out nodes of non-actor kinds (:func:`non_actor_kinds`: Technology, ...).
    weight
        None: every linked pair weighs 1.0. An attribute name (an edge without it counts 1)
        or a callable: the parallel (and, undirected, reciprocal) edges' values add up.
    name
        The edge attribute the pair's weight is stored under.

    >>> M = nx.MultiDiGraph([(1, 2, {"contacts": 2}), (2, 1, {"contacts": 1}), (1, 2, {"contacts": 1}), (1, 1)])
    >>> collapse(M, directed=True, weight="contacts")[1][2]["weight"]
    3
    >>> U = collapse(M, directed=False, weight="contacts")
    >>> U[1][2]["weight"], U.number_of_edges(), collapse(M, directed=False)[1][2]["weight"]
    (4, 1, 1.0)
    """
    out: nx.DiGraph | nx.Graph = nx.DiGraph() if directed else nx.Graph()
    left_out = non_actor_kinds() if actors_only else frozenset()
    nodes = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") not in left_out]
    out.add_nodes_from(nodes)
    kept = {n for n, _ in nodes}
    weigh: Callable[[Any, Any, dict], Any] | None
    if weight is None or callable(weight):
        weigh = weight
    else:
        attribute = weight
        weigh = lambda u, v, data: data.get(attribute, 1)  # noqa: E731
    both_ways = directed and not G.is_directed()
    totals: dict[tuple[Hashable, Hashable], Any] = {}
    with _bulk():
        for u, v, data in G.edges(data=True):
            if u == v or u not in kept or v not in kept:
                continue
            pair = (u, v) if directed or (v, u) not in totals else (v, u)
            if weigh is None:
                totals[pair] = 1.0
                if both_ways:
                    totals[v, u] = 1.0
                continue
            value = weigh(u, v, data)
            totals[pair] = totals.get(pair, 0) + value
            if both_ways:
                totals[v, u] = totals.get((v, u), 0) + value
        out.add_edges_from((u, v, {name: total}) for (u, v), total in totals.items())
    return out


def selected_actor_graph(store: Store, *, case: str | None = None, since: str | None = None,
                         until: str | None = None, purpose: str = "nothing to analyse") -> nx.MultiDiGraph:
    """:func:`actor_graph`, or NotFound saying why the selection is empty.

    For commands that cannot work on an empty graph: a mistyped case id names the close
    matches (or the known cases) instead of yielding an empty result.
    """
    G = actor_graph(store, case=case, since=since, until=until)
    if G.number_of_edges() == 0:
        raise NotFound(_empty_selection_reason(store, case, since, until, purpose), value=case)
    return G


def selected_actor_arrays(store: Store, *, case: str | None = None, since: str | None = None,
                          until: str | None = None, purpose: str = "nothing to analyse") -> ActorArrays:
    """:func:`actor_arrays`, or NotFound saying why the selection is empty (as
    :func:`selected_actor_graph`)."""
    arrays = actor_arrays(store, case=case, since=since, until=until)
    if arrays.edge_count == 0:
        raise NotFound(_empty_selection_reason(store, case, since, until, purpose), value=case)
    return arrays


def _empty_selection_reason(store: Store, case: str | None, since: str | None, until: str | None,
                            purpose: str) -> str:
    scope = [f"case {case!r}"] if case is not None else []
    scope += [f"since {since}"] if since else []
    scope += [f"until {until}"] if until else []
    text = f"{purpose}: no relation has evidence" + (" for " + ", ".join(scope) if scope else "")
    if case is not None:
        cases = sorted(str(c) for c in store.record_counts_by_case() if c)
        close = difflib.get_close_matches(case, cases, n=3, cutoff=0.5)
        if case not in cases:
            text += "; " + (f"did you mean {', '.join(close)}?" if close else
                            f"the cases are {', '.join(cases[:10])}{' …' if len(cases) > 10 else ''}")
    elif not scope:
        text += " (load records first)"
    return text


# --- approach events --------------------------------------------------------------------------


@dataclass(frozen=True)
class ApproachEvent:
    """One approach event (a contacts row, an Approach node) with its parties by node id.

    ``channel`` and ``outcome`` are vocabulary codes (or unmapped words as given), ``date`` ISO
    8601 at its precision, ``record_id`` the contacts row behind it.
    """

    node_id: str
    record_id: str
    file: str
    row: int
    contact_id: str | None
    case_id: str | None
    date: str | None
    channel: str | None
    outcome: str | None
    approacher: str
    target: str | None = None
    via: str | None = None
    technologies: tuple[str, ...] = ()


def approach_events(store: Store, *, case: str | None = None, since: str | None = None,
                    until: str | None = None) -> list[ApproachEvent]:
    """The approach events of ``store`` inside the filters (the case and the date window of
    :func:`keeps_evidence`), ordered by date (undated last), then record id.

    >>> import tempfile, pathlib
    >>> from graphkit.model import Batch, Edge, Evidence, Node
    >>> from graphkit.store.workspace import Workspace
    >>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
    >>> ev = Evidence("c:1", "c.csv", 2, case_id="K1", date="2024-05", channel="email")
    >>> _ = ws.write(Batch(nodes=[Node(id="a", kind="Person", name="A"), Node(id="b", kind="Person", name="B"),
    ...                           Node(id="x", kind="Approach", name="CT-1", properties={"contact_id": "CT-1"})],
    ...                    edges=[Edge("m", "a", "x", "MADE", evidence=[ev]), Edge("t", "x", "b", "TARGETED", evidence=[ev])]))
    >>> [(e.approacher, e.target, e.channel, e.date) for e in approach_events(ws)]
    [('a', 'b', 'email', '2024-05')]
    """
    start, end = evidence_window(since, until)
    made: dict[str, tuple[str, Evidence]] = {}
    ends: dict[str, dict[str, list[str]]] = {}
    for edge in store.iter_edges(APPROACH_ROLES):
        if edge.relation == "MADE":
            kept = [e for e in edge.evidence if keeps_evidence(e, case, start, end)]
            if kept:
                made[edge.target] = (edge.source, kept[0])
        else:
            ends.setdefault(edge.source, {}).setdefault(edge.relation, []).append(edge.target)
    contact_ids = {node.id: node.properties.get("contact_id") for node in store.iter_nodes([schema.APPROACH_KIND])
                   if node.id in made}
    events = []
    for node_id, (approacher, ev) in made.items():
        roles = ends.get(node_id, {})
        events.append(ApproachEvent(
            node_id=node_id, record_id=ev.record_id, file=ev.file, row=ev.row,
            contact_id=contact_ids.get(node_id) or ev.source_id, case_id=ev.case_id, date=ev.date,
            channel=ev.channel, outcome=ev.outcome, approacher=approacher,
            target=next(iter(roles.get("TARGETED") or []), None), via=next(iter(roles.get("VIA") or []), None),
            technologies=tuple(sorted(set(roles.get("CONCERNS") or [])))))
    events.sort(key=lambda e: (e.date is None, e.date or "", e.record_id))
    return events
