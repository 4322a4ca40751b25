"""The transfer graph: the actor graph as a simple directed graph of costs, ready for path search.

networkx's path algorithms refuse multigraphs, and a path search needs one cost per ordered
pair. :func:`transfer_graph` turns the actor graph (a MultiDiGraph keyed by relation) into a
``nx.DiGraph`` where each arc ``a -> b`` carries:

* ``arcs`` - every way to go from ``a`` to ``b``: one per relation edge that may be traversed in
  that direction, each a dict with ``relation``, ``reversed`` (True when a two-way relation is
  walked against its recorded direction), ``p``, ``cost``, ``data`` (the original edge's
  attributes, with its evidence) and ``memo`` (what the search derives from ``data``: its
  records' instants, shared by the two arcs of an edge walked both ways), cheapest first;
* ``cost``, ``p``, ``relation``, ``reversed`` - those of the cheapest arc (the best relation).

A region of a large graph read as typed arrays (:func:`graphkit.projection.read_path_arrays`)
becomes a lazy transfer graph (:func:`transfer_graph_of_arrays`) with the same content and
order, whose arcs, pair dicts, node attributes and edge records are made only where a search
looks (:meth:`_LazyTransferGraph.cheapest_arcs` and ``cheapest_preds`` give the cheapest arc
costs without making them) and dropped between searches (:func:`forget_arcs`).

Which way each relation may be walked is :data:`DEFAULT_DIRECTIONS`: a contact or an
introduction is a channel both ways (information moves back along the contact that carried the
approach); a transfer goes the way it was recorded; HOLDS is walked from holder to technology,
so paths end at Technology nodes and never pass through one; employment, affiliation and
ownership give access both ways; SOUGHT is not walked at all (wanting a technology moves
nothing, and a walked SOUGHT edge would make every seeker a one-hop "path").

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> _ = G.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", contacts=1)
>>> H = transfer_graph(G, LikelihoodModel(half_life_days=None, reliability_weight=0.0))
>>> H["b"]["a"]["relation"], H["b"]["a"]["reversed"], H["a"]["b"]["p"]
('CONTACTED', True, 0.5)
"""
from __future__ import annotations

import gc
import weakref
from array import array
from typing import Any, Callable, Hashable, Iterable, Mapping, Sequence

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from graphkit.errors import AnalysisError
from graphkit.analysis.likelihood import LikelihoodModel, edge_cost, latest_date_of, period, reference_ordinal
from graphkit.projection import PathArrays

#: How each relation may be walked by a path: "forward" (as recorded), "both", or "none".
DEFAULT_DIRECTIONS: Mapping[str, str] = {
    "CONTACTED": "both",
    "INTRODUCED": "both",
    "TRANSFERRED": "forward",
    "EMPLOYED_BY": "both",
    "AFFILIATED_WITH": "both",
    "OWNS": "both",
    "HOLDS": "forward",
    "SOUGHT": "none",
}
DIRECTION_CHOICES = ("forward", "both", "none")


def transfer_graph(
    G: nx.Graph,
    model: LikelihoodModel | None = None,
    *,
    directions: Mapping[str, str] | None = None,
) -> nx.DiGraph:
    """The simple cost graph of an actor graph (see the module docstring).

    Parameters
    ----------
    G
        Actor graph (MultiDiGraph keyed by relation, per docs/architecture.md); a DiGraph
        from ``simple_graph`` also works (each arc then takes its best listed relation).
    model
        The likelihood settings; default :class:`LikelihoodModel()`.
    directions
        Overrides of :data:`DEFAULT_DIRECTIONS` (relation -> "forward" | "both" | "none");
        relations not listed are walked "forward".
    """
    model = model or LikelihoodModel()
    edges = G.edges(data=True, keys=True) if isinstance(G, nx.MultiGraph) else (
        (u, v, None, d) for u, v, d in G.edges(data=True))
    return _without_collector(G.nodes(data=True), edges, model, directions, reference_ordinal(G, model),
                              two_way_always=not G.is_directed())


def transfer_graph_of(nodes: Iterable[tuple[Hashable, dict[str, Any]]],
                      edges: Sequence[tuple[Hashable, Hashable, Any, dict[str, Any]]],
                      model: LikelihoodModel | None = None, *,
                      directions: Mapping[str, str] | None = None) -> nx.DiGraph:
    """:func:`transfer_graph` of the actor graph with these ``nodes`` (``(id, attributes)``)
    and ``edges`` (``(source, target, relation, attributes)``), in the graph's order, without
    that graph being built. The graph is lazy (:class:`_LazyTransferGraph`): each edge's cost is
    computed at once, a node's arcs when it is first looked at. A region read from a store is
    best given as arrays (:func:`transfer_graph_of_arrays`).

    >>> H = transfer_graph_of([("a", {}), ("b", {})], [("a", "b", "CONTACTED", {"relation": "CONTACTED", "contacts": 1})],
    ...                       LikelihoodModel(half_life_days=None, reliability_weight=0.0))
    >>> H["b"]["a"]["relation"], H["b"]["a"]["reversed"], H["a"]["b"]["p"]
    ('CONTACTED', True, 0.5)
    """
    model = model or LikelihoodModel()
    walk = _walk(directions)
    reference = period(model.reference_date)[1] if model.reference_date else \
        latest_date_of(data for _, _, _, data in edges)
    listed = list(nodes)
    index = {node: i for i, (node, _) in enumerate(listed)}
    for u, v, _key, _data in edges:  # an end the nodes do not list joins at the end, as in add_edges_from
        for node in (u, v):
            if node not in index:
                index[node] = len(listed)
                listed.append((node, {}))
    codes: dict[str, int] = {}
    datas: list[dict[str, Any]] = []
    tails, heads, kinds, backs, ps = array("q"), array("q"), array("q"), array("b"), array("d")
    for u, v, _key, data in edges:
        relation = _relation_of(data, model)
        how = walk.get(relation, "forward")
        if how == "none" or u == v:
            continue
        ps.append(model.edge_probability({**data, "relation": relation} if data.get("relation") != relation
                                         else data, reference))
        datas.append(data)
        tails.append(index[u])
        heads.append(index[v])
        kinds.append(codes.setdefault(relation, len(codes)))
        backs.append(how == "both")
    return _LazyTransferGraph([node for node, _ in listed], lambda i: dict(listed[i][1]),
                              np.frombuffer(tails, dtype=np.int64), np.frombuffer(heads, dtype=np.int64),
                              np.frombuffer(kinds, dtype=np.int64), list(codes),
                              np.frombuffer(backs, dtype=np.int8).astype(bool), np.frombuffer(ps, dtype=np.float64),
                              datas.__getitem__, lambda e: _record_dates(datas[e]), model, walk, reference)


def transfer_graph_of_arrays(region: PathArrays, model: LikelihoodModel | None = None, *,
                             directions: Mapping[str, str] | None = None) -> nx.DiGraph:
    """:func:`transfer_graph` of a region held as arrays (:func:`graphkit.projection.read_path_arrays`),
    equal to ``transfer_graph_of(*region.region()[:2])`` (content and order) with no Python
    object per edge or record made up front: each edge's probability is weighed from its
    records one edge at a time, and an edge's attributes (:meth:`PathArrays.data
    <graphkit.projection.PathArrays.data>`, its evidence as :class:`~graphkit.projection.RecordRef`)
    are made when the search first looks at one of its arcs.

    >>> from graphkit.projection import ActorArrays, PathArrays, RecordRef
    >>> arrays = ActorArrays.from_ties(["a", "b"], ["a"], ["b"], ["CONTACTED"])
    >>> region = PathArrays.of_rows(arrays, [("a", "b", "CONTACTED", False, [RecordRef("r1", None, None)])])
    >>> H = transfer_graph_of_arrays(region, LikelihoodModel(half_life_days=None, reliability_weight=0.0))
    >>> H["b"]["a"]["relation"], H["b"]["a"]["reversed"], H["a"]["b"]["p"], H["a"]["b"]["arcs"][0]["data"]["evidence"]
    ('CONTACTED', True, 0.5, [RecordRef('r1', None, None)])
    """
    model = model or LikelihoodModel()
    walk = _walk(directions)
    names = region.relation_names
    if model.reference_date:
        reference: int | None = period(model.reference_date)[1]
    else:  # the latest date of the region's records (latest_date_of)
        used = np.zeros(len(region.date_names) + 1, dtype=bool)  # the last: undated (code -1)
        for lo, hi in zip(region.starts.tolist(), region.stops.tolist()):
            used[region.dates[lo:hi]] = True
        ends = [period(region.date_names[c])[1] for c in np.flatnonzero(used[:-1]).tolist()]
        reference = max(ends) if ends else None
    how = [walk.get(r, "forward") for r in names]
    walked = np.array([h != "none" for h in how] or [False], dtype=bool)
    two_way = np.array([h == "both" for h in how] or [False], dtype=bool)
    codes = region.relations.astype(np.int64)
    kept = np.flatnonzero(walked[codes] & (region.tails != region.heads)) if codes.size else np.empty(0, np.int64)
    inferred = region.inferred
    ps = np.array([model.edge_probability({"relation": names[c], "inferred": bool(inferred[j]),
                                           "evidence": region.weighed(j)}, reference)
                   for j, c in zip(kept.tolist(), codes[kept].tolist())], dtype=np.float64)
    ids, arrays = region.arrays.ids, region.arrays
    nodes = region.nodes
    positions = nodes.tolist()

    def attributes(i: int) -> dict[str, Any]:
        at = positions[i]
        return {"kind": arrays.kinds[at], "name": arrays.names[at], "foreign": arrays.foreign[at]}

    tails = np.searchsorted(nodes, region.tails[kept])
    heads = np.searchsorted(nodes, region.heads[kept])
    return _LazyTransferGraph([ids[i] for i in positions], attributes, tails, heads, codes[kept], names, two_way[codes[kept]], ps,
                              lambda e: region.data(int(kept[e])), lambda e: region.dated(int(kept[e])),
                              model, walk, reference)


def _record_dates(data: Mapping[str, Any]) -> list[str]:
    """The dates of an edge's dated records, in their order (its ``dates`` where it has no
    evidence list): what :func:`graphkit.analysis.temporal.arc_periods` reads."""
    evidence = data.get("evidence") or []
    if evidence:
        return [ev.date for ev in evidence if getattr(ev, "date", None)]
    return list(data.get("dates") or [])


def _without_collector(nodes: Iterable[tuple[Hashable, dict[str, Any]]],
                       edges: Iterable[tuple[Hashable, Hashable, Any, dict[str, Any]]], model: LikelihoodModel,
                       directions: Mapping[str, str] | None, reference: int | None, *,
                       two_way_always: bool) -> nx.DiGraph:
    # the build allocates a dict per arc; the cyclic collector would rescan the whole (large)
    # heap again and again meanwhile, for nothing: nothing built here forms a cycle to reclaim
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(nodes, edges, model, directions, reference, two_way_always)
    finally:
        if collecting:
            gc.enable()


def _build(nodes: Iterable[tuple[Hashable, dict[str, Any]]],
           edges: Iterable[tuple[Hashable, Hashable, Any, dict[str, Any]]], model: LikelihoodModel,
           directions: Mapping[str, str] | None, reference: int | None, two_way_always: bool) -> nx.DiGraph:
    walk = _walk(directions)
    H: nx.DiGraph = nx.DiGraph()
    H.graph.update(graphkit_transfer=True, model=model, directions=walk, reference=reference)
    H.add_nodes_from(nodes)
    # arcs go straight into H's adjacency (networkx's own dicts, in the order add_edges_from
    # would give them: each ordered pair where its first arc comes), with no table of pairs
    # held beside it; each pair's best arc is filled in after
    succ, pred = H._succ, H._pred  # type: ignore[attr-defined]  # networkx's private dicts (not in types-networkx)

    def add(a: Hashable, b: Hashable, arc: dict[str, Any]) -> None:
        attrs = succ[a].get(b) if a in succ else None
        if attrs is None:
            for node in (a, b):
                if node not in succ:
                    H.add_node(node)
            succ[a][b] = pred[b][a] = {"arcs": [arc]}
        else:
            attrs["arcs"].append(arc)

    for u, v, _key, data in edges:
        relation = _relation_of(data, model)
        how = walk.get(relation, "forward")
        if how == "none" or u == v:
            continue
        p = model.edge_probability({**data, "relation": relation} if data.get("relation") != relation
                                   else data, reference)
        arc = {"relation": relation, "reversed": False, "p": p, "cost": edge_cost(p), "data": data,
               "source": u, "target": v, "memo": {}}  # what the search derives from data, shared both ways
        add(u, v, arc)
        if how == "both" or two_way_always:
            add(v, u, {**arc, "reversed": not two_way_always})

    for nbrs in succ.values():
        for attrs in nbrs.values():
            attrs.update(_best_first(attrs["arcs"]))
    if hasattr(nx, "_clear_cache"):
        nx._clear_cache(H)
    _reverse_csr(H)
    return H


def _best_first(arcs: list[dict[str, Any]]) -> dict[str, Any]:
    """Sort a pair's ``arcs`` cheapest first (ties: relation, then not reversed first) and give
    the pair's own ``cost``, ``p``, ``relation`` and ``reversed``: those of its best arc."""
    if len(arcs) > 1:
        arcs.sort(key=lambda a: (a["cost"], a["relation"], a["reversed"]))
    best = arcs[0]
    return {"cost": best["cost"], "p": best["p"], "relation": best["relation"], "reversed": best["reversed"]}


def _walk(directions: Mapping[str, str] | None) -> dict[str, str]:
    walk = dict(DEFAULT_DIRECTIONS)
    walk.update(directions or {})
    for relation, how in walk.items():
        if how not in DIRECTION_CHOICES:
            raise AnalysisError(f"direction of {relation} must be one of "
                                f"{', '.join(DIRECTION_CHOICES)}, got {how!r}", value=how)
    return walk


class _Adjacency(dict):
    """One side of a :class:`_LazyTransferGraph` (its successors or predecessors, or its
    nodes' attributes): a node's neighbours are made on first access, ``make(position)``
    giving them in the order the eager build gives them; anything that walks the whole side
    (iteration, ``items``, ``values``) makes every node's first, in node order, so it reads as
    the eager graph's dict."""

    def __init__(self, index: dict[Hashable, int], make: Callable[[int], dict[Any, Any]]) -> None:
        super().__init__()
        self._index, self._make, self._whole = index, make, False

    def __missing__(self, node: Hashable) -> dict[Hashable, dict[str, Any]]:
        made = self._make(self._index[node])  # KeyError for a node not in the graph
        dict.__setitem__(self, node, made)
        return made

    def get(self, node: Hashable, default: Any = None) -> Any:
        return self[node] if node in self._index else default

    def __contains__(self, node: object) -> bool:
        return node in self._index

    def __len__(self) -> int:
        return len(self._index)

    def forget(self) -> None:
        """Drop every node's neighbours made so far (they are made again when looked at)."""
        dict.clear(self)
        self._whole = False

    def _all(self) -> None:
        if not self._whole:
            made = [(node, self[node]) for node in self._index]
            dict.clear(self)
            dict.update(self, made)
            self._whole = True

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def keys(self):
        self._all()
        return dict.keys(self)

    def items(self):
        self._all()
        return dict.items(self)

    def values(self):
        self._all()
        return dict.values(self)


def _weakly(method: Callable[[int], Any]) -> Callable[[int], Any]:
    """``method`` (bound) called through a weak reference to its object."""
    ref = weakref.WeakMethod(method)

    def call(i: int) -> Any:
        bound = ref()
        if bound is None:
            raise ReferenceError("the transfer graph is gone")
        return bound(i)
    return call


class _LazyTransferGraph(nx.DiGraph):
    """:func:`transfer_graph` of a region held as arrays: each edge's probability and cost are
    computed up front (every arc's cost is in the Dijkstra matrix of :func:`distances_to`),
    but the arcs, each pair's ``arcs`` dict, a node's adjacency and an edge's attributes
    (``data_of(e)``: its evidence as objects) are made only when the search first looks at
    that node (``H[u]``, ``H._adj[u]``, ``H._pred[v]``), with the same content and order as the
    eager build. A path search looks at a few thousand of a national graph's actors; the eager
    graph's dicts (about 1.5 KB per edge) would hold all of them.

    Node ``i`` is ``ids[i]`` with ``attributes(i)`` (made when looked at, ``H.nodes[n]``); edge
    ``e`` (those walked, in the graph's order) runs ``tails[e] -> heads[e]`` (positions in
    ``ids``) with relation ``relation_names[relations[e]]`` and probability ``ps[e]``, and is
    walked back too where ``both[e]``."""

    def __init__(self, ids: list[Hashable], attributes: Callable[[int], dict[str, Any]], tails: np.ndarray, heads: np.ndarray,
                 relations: np.ndarray, relation_names: Sequence[str], both: np.ndarray, ps: np.ndarray,
                 data_of: Callable[[int], dict[str, Any]], dates_of: Callable[[int], list[str]],
                 model: LikelihoodModel, walk: dict[str, str], reference: int | None) -> None:
        super().__init__()
        self.graph.update(graphkit_transfer=True, model=model, directions=walk, reference=reference)
        index = {node: i for i, node in enumerate(ids)}
        self._node = _Adjacency(index, attributes)  # a node's attributes made when looked at
        self._ids = ids
        self._data_of, self._dates_of, self._made = data_of, dates_of, {}  # type: ignore[var-annotated]
        self._relation_codes, self._relation_names = relations, list(relation_names)
        # arcs in the order the eager build meets them: each edge its own way, then back
        # (positions as int32: a region has fewer than 2**31 nodes, edges and arcs)
        count = 1 + both.astype(np.int32)
        self._arc_edge = np.repeat(np.arange(tails.size, dtype=np.int32), count)
        self._arc_back = np.zeros(self._arc_edge.size, dtype=bool)
        self._arc_back[(np.cumsum(count) - 1)[both.astype(bool)]] = True
        del count
        self._edge_tail, self._edge_head = tails.astype(np.int32), heads.astype(np.int32)
        n = len(ids)
        tail = np.where(self._arc_back, self._edge_head[self._arc_edge], self._edge_tail[self._arc_edge])
        head = np.where(self._arc_back, self._edge_tail[self._arc_edge], self._edge_head[self._arc_edge])
        self._ps = ps
        self._costs = np.fromiter(map(edge_cost, ps.tolist()), dtype=np.float64, count=ps.size)
        # a pair (tail, head) comes where its first arc does, and its arcs in their order
        pairs, first, inverse = np.unique(tail.astype(np.int64) * n + head, return_index=True, return_inverse=True)
        del tail, head
        inverse = inverse.astype(np.int32)
        self._pair_arcs = np.lexsort((np.arange(inverse.size, dtype=np.int32), inverse)).astype(np.int32)
        self._pair_start = np.concatenate([[0], np.cumsum(np.bincount(inverse, minlength=pairs.size))])
        del inverse
        self._pair_tail = (pairs // max(n, 1)).astype(np.int32)
        self._pair_head = (pairs % max(n, 1)).astype(np.int32)
        del pairs
        first = first.astype(np.int32)
        self._out = self._side(self._pair_tail, first, n)
        self._in = self._side(self._pair_head, first, n)
        del first
        self._pairs: dict[int, dict[str, Any]] = {}
        self._memos: dict[int, dict[str, Any]] = {}
        # the sides call back into the graph through weak references: no reference cycle, so
        # the graph and its region are freed as soon as the search lets go of them, not at the
        # next full collection (the report's next stage would otherwise grow on top of them)
        self._succ = self._adj = _Adjacency(index, _weakly(self._successors))
        self._pred = _Adjacency(index, _weakly(self._predecessors))
        # the reversed cost matrix of distances_to: each pair's cheapest arc
        arc_cost = self._costs[self._arc_edge]
        size = int(self._pair_tail.size)
        best = np.minimum.reduceat(arc_cost[self._pair_arcs], self._pair_start[:-1]) if size else np.empty(0)
        del arc_cost
        self._pair_best = best
        matrix = csr_matrix((np.maximum(best, 1e-300), (self._pair_head, self._pair_tail)), shape=(n, n))
        self.graph["_reverse_csr"] = (ids, index, size, matrix)

    @staticmethod
    def _side(ends: np.ndarray, first: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        order = np.lexsort((first, ends)).astype(np.int32)
        return order, np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))])

    def number_of_edges(self, u: Any = None, v: Any = None) -> int:
        if u is None and v is None:
            return int(self._pair_tail.size)
        return super().number_of_edges(u, v)

    def forget(self) -> None:
        """Drop the arcs, pair dicts, edge attributes and memos made so far, so that the next
        search makes only those it looks at (the same content again: each is made from the
        arrays). A region searched for many targets then holds at most one search's arcs."""
        self._pairs.clear()
        self._made.clear()
        self._memos.clear()
        self._succ.forget()
        self._pred.forget()

    def cheapest_arcs(self, node: Hashable) -> tuple[list[Hashable], list[float]]:
        """``node``'s successors in order and the cost of the cheapest arc to each (each
        ``H[node][v]["cost"]``), without making its arcs."""
        order, start = self._out
        i = self._succ._index[node]
        pairs = order[start[i]:start[i + 1]]
        ids = self._ids
        return [ids[h] for h in self._pair_head[pairs].tolist()], self._pair_best[pairs].tolist()

    def predecessor_arcs(self, node: Hashable) -> tuple[list[Hashable], list[float], Callable[[int], list[tuple[float, str, int]]]]:
        """``node``'s predecessors in order (``H._pred[node]``), the cost of the cheapest arc
        from each, and a function giving the ``j``-th one's arcs as ``(cost, relation, edge)``
        in the order of its ``arcs`` list, without making them (:meth:`edge_dates` gives an
        edge's record dates)."""
        order, start = self._in
        i = self._pred._index[node]
        pairs = order[start[i]:start[i + 1]]
        ids, names, codes, costs = self._ids, self._relation_names, self._relation_codes, self._costs

        def arcs_of(j: int) -> list[tuple[float, str, int]]:
            q = int(pairs[j])
            arcs = self._pair_arcs[self._pair_start[q]:self._pair_start[q + 1]].tolist()
            listed = [(float(costs[e]), names[codes[e]], bool(self._arc_back[a]), e)
                      for a, e in zip(arcs, self._arc_edge[arcs].tolist())]
            if len(listed) > 1:
                listed.sort(key=lambda x: (x[0], x[1], x[2]))
            return [(c, r, e) for c, r, _, e in listed]
        return [ids[t] for t in self._pair_tail[pairs].tolist()], self._pair_best[pairs].tolist(), arcs_of

    def edge_dates(self, e: int) -> list[str]:
        """The dates of edge ``e``'s dated records, in their order (what ``arc_periods`` reads
        of its arcs), without making its records."""
        return self._dates_of(e)

    def _successors(self, i: int) -> dict[Hashable, dict[str, Any]]:
        order, start = self._out
        return {self._ids[self._pair_head[q]]: self._pair(q) for q in order[start[i]:start[i + 1]].tolist()}

    def _predecessors(self, i: int) -> dict[Hashable, dict[str, Any]]:
        order, start = self._in
        return {self._ids[self._pair_tail[q]]: self._pair(q) for q in order[start[i]:start[i + 1]].tolist()}

    def _pair(self, q: int) -> dict[str, Any]:
        attrs = self._pairs.get(q)
        if attrs is None:
            arcs = [self._arc(a) for a in self._pair_arcs[self._pair_start[q]:self._pair_start[q + 1]].tolist()]
            attrs = self._pairs[q] = {"arcs": arcs, **_best_first(arcs)}
        return attrs

    def _data(self, e: int) -> dict[str, Any]:
        data = self._made.get(e)
        if data is None:
            data = self._made[e] = self._data_of(e)  # one object, shared by the edge's two arcs
        return data

    def _arc(self, a: int) -> dict[str, Any]:
        e = int(self._arc_edge[a])
        u, v = self._ids[self._edge_tail[e]], self._ids[self._edge_head[e]]
        return {"relation": self._relation_names[self._relation_codes[e]], "reversed": bool(self._arc_back[a]),
                "p": float(self._ps[e]), "cost": float(self._costs[e]), "data": self._data(e), "source": u,
                "target": v, "memo": self._memos.setdefault(e, {})}  # shared by the edge's two arcs, as built eagerly


def forget_arcs(H: nx.DiGraph) -> None:
    """Drop the arcs a lazy transfer graph (:func:`transfer_graph_of_arrays`,
    :func:`transfer_graph_of`) has made so far, to be made again when next looked at (the
    same content): a region searched for one target after another then holds one search's
    arcs, not all of theirs. An eager transfer graph is left as it is.

    >>> H = transfer_graph_of([("a", {}), ("b", {})], [("a", "b", "CONTACTED", {"relation": "CONTACTED", "contacts": 1})])
    >>> before = H["a"]["b"]
    >>> forget_arcs(H)
    >>> H["a"]["b"] == before and H["a"]["b"] is not before
    True
    """
    if isinstance(H, _LazyTransferGraph):
        H.forget()


def is_transfer_graph(G: nx.Graph) -> bool:
    """True when ``G`` was made by :func:`transfer_graph`."""
    return bool(G.graph.get("graphkit_transfer"))


def distances_to(H: nx.DiGraph, targets: set[Hashable]) -> dict[Hashable, float]:
    """Least cost from every node to the nearest of ``targets`` (absent: unreachable).

    Computed with SciPy's compiled Dijkstra on the reversed arcs; the compressed arrays are
    built once per transfer graph and kept in ``H.graph``.
    """
    cached = H.graph.get("_reverse_csr")
    if cached is None or cached[2] != H.number_of_edges():
        cached = _reverse_csr(H)
    nodes, index, _, matrix = cached
    found = dijkstra(matrix, directed=True, indices=[index[t] for t in targets], min_only=True)
    finite = np.flatnonzero(np.isfinite(found))
    return {nodes[i]: float(found[i]) for i in finite}


def _reverse_csr(H: nx.DiGraph) -> tuple:
    """Node list, node index, arc count and the reversed cost matrix, kept in ``H.graph``."""
    nodes = list(H.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    m = H.number_of_edges()
    rows = np.empty(m, dtype=np.int64)
    cols = np.empty(m, dtype=np.int64)
    costs = np.empty(m, dtype=np.float64)
    c: float
    for i, (u, v, c) in enumerate(H.edges(data="cost")):
        rows[i], cols[i], costs[i] = index[v], index[u], c
    # csgraph drops explicit zeros; a certain arc (cost 0) keeps a negligible cost instead
    np.maximum(costs, 1e-300, out=costs)
    matrix = csr_matrix((costs, (rows, cols)), shape=(len(nodes), len(nodes)))
    cached = (nodes, index, m, matrix)
    H.graph["_reverse_csr"] = cached
    return cached


def _relation_of(data: Mapping[str, Any], model: LikelihoodModel) -> str:
    if data.get("relation"):
        return str(data["relation"])
    listed = list(data.get("relations") or [])
    if not listed:
        return "CONTACTED"
    return max(listed, key=lambda r: (model.base.get(r, model.default_base), r))


