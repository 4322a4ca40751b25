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
from typing import Any, Hashable, Iterable, Mapping, Sequence

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from graphkit.errors import AnalysisError
from graphkit.analysis.likelihood import LikelihoodModel, edge_cost, latest_date_of, period, reference_ordinal

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
    that graph being built: a region read from a store
    (:func:`graphkit.projection.read_path_region`) goes straight into its transfer graph, and
    the two are never held side by side.

    >>> H = transfer_graph_of([("a", {}), ("b", {})], [("a", "b", "CONTACTED", {"relation": "CONTACTED", "contacts": 1})],
    ...                       LikelihoodModel(half_life_days=None, reliability_weight=0.0))
    >>> H["b"]["a"]["relation"], H["b"]["a"]["reversed"], H["a"]["b"]["p"]
    ('CONTACTED', True, 0.5)
    """
    model = model or LikelihoodModel()
    reference = period(model.reference_date)[1] if model.reference_date else \
        latest_date_of(data for _, _, _, data in edges)
    return _without_collector(nodes, edges, model, directions, reference, two_way_always=False)


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
    walk = dict(DEFAULT_DIRECTIONS)
    walk.update(directions or {})
    for relation, how in walk.items():
        if how not in DIRECTION_CHOICES:
            raise AnalysisError(f"direction of {relation} must be one of "
                                f"{', '.join(DIRECTION_CHOICES)}, got {how!r}", value=how)
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
            arcs = attrs["arcs"]
            if len(arcs) > 1:
                arcs.sort(key=lambda a: (a["cost"], a["relation"], a["reversed"]))
            best = arcs[0]
            attrs.update(cost=best["cost"], p=best["p"], relation=best["relation"], reversed=best["reversed"])
    if hasattr(nx, "_clear_cache"):
        nx._clear_cache(H)
    _reverse_csr(H)
    return H


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


