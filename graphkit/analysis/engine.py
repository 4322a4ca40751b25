"""The compiled engine behind graphkit's networkx-style analysis functions.

graphkit keeps NetworkX graphs as its data model and as the reference in tests; the hot
kernels (exact and sampled betweenness, PageRank, Louvain) run in NetworKit (MIT licence,
C++ with OpenMP; PyPI wheels for Linux and Windows). See ``docs/engine.md`` for why
NetworKit was chosen over rustworkx and igraph. Where NetworKit is not installed (PyPI has no
macOS wheel) or ``GRAPHKIT_ENGINE=networkx`` is set, every kernel falls back to networkx's
own implementation (:func:`available`, :func:`describe`).

This module only converts graphs and maps results back. NetworKit numbers nodes
``0..n-1``; :func:`to_networkit` returns the list ``index_to_node`` so that result ``i``
belongs to node ``index_to_node[i]``, which is ``list(G)`` (networkx's node order).

Edge weights
------------
``weight`` is ``None`` (every edge weighs 1), the name of an edge attribute, or a callable
``weight(u, v, data) -> float`` as in networkx. A missing attribute counts as 1 (networkx's
rule). Parallel edges of a multigraph are combined by ``combine``:

- ``"min"`` for path lengths (a weight is a *distance*, a cost): the cheapest parallel edge
  is the one a shortest path uses, as in ``networkx.dijkstra``;
- ``"sum"`` for strengths (PageRank, Louvain): parallel contacts add up, as in
  ``networkx.to_scipy_sparse_array``.

Weighted betweenness needs a cost where *smaller is closer*: pass ``1/contacts`` or
``-log(p)`` (see :func:`graphkit.analysis.centrality.contact_cost`), never ``contacts``
itself.

>>> import networkx as nx
>>> g, nodes = to_networkit(nx.path_graph(["a", "b", "c"]))
>>> g.numberOfNodes(), g.numberOfEdges(), nodes
(3, 2, ['a', 'b', 'c'])
"""
from __future__ import annotations

import os
from typing import Any, Callable, Hashable, Literal

import networkx as nx
import numpy as np

from graphkit.analysis.arcgraph import ArcGraph
from graphkit.errors import AnalysisError
from graphkit.projection import collapse

try:
    import networkit as nk
except ImportError:  # PyPI has no NetworKit wheel for macOS: networkx does the work there
    nk = None

Weight = str | Callable[[Any, Any, dict], float] | None

if nk is not None:
    # NetworKit logs warnings to stderr by default; library code stays quiet.
    nk.engineering.setLogLevel("ERROR")


def enabled() -> bool:
    """False when the environment sets ``GRAPHKIT_ENGINE=networkx``: no compiled kernel runs.

    graphkit's own compiled kernel (hop-count betweenness, :mod:`graphkit.analysis.brandes`,
    Numba) runs whenever this is True; NetworKit's need :func:`available` as well.
    """
    return os.environ.get("GRAPHKIT_ENGINE", "auto").strip().lower() != "networkx"


def available() -> bool:
    """True when NetworKit runs its kernels (weighted betweenness, PageRank, Louvain, ...).

    False when NetworKit is not installed (macOS without a wheel) or the environment sets
    ``GRAPHKIT_ENGINE=networkx``; those functions then fall back to networkx's own
    implementation (same results, slower; approximate betweenness samples sources).
    """
    return nk is not None and enabled()


def describe() -> str:
    """NetworKit's kernels or their fallback, e.g. ``"networkit 11.3"`` or ``"networkx 3.6.1 (fallback)"``."""
    if available():
        return f"networkit {nk.__version__}"
    return f"networkx {nx.__version__} (fallback)"


def _edge_weight_function(G: nx.Graph, weight: Weight) -> Callable[[Any, Any, dict], float] | None:
    if weight is None:
        return None
    if callable(weight):
        return weight
    name = weight
    return lambda u, v, data: data.get(name, 1)


def to_networkit(
    G: nx.Graph,
    weight: Weight = None,
    *,
    directed: bool | None = None,
    combine: Literal["min", "sum"] = "min",
    self_loops: bool = False,
) -> tuple[nk.Graph, list[Hashable]]:
    """Convert a networkx graph to a NetworKit graph and the index-to-node list.

    Parameters
    ----------
    G : networkx graph (Graph, DiGraph, MultiGraph or MultiDiGraph)
    weight : None, str or callable
        Edge weight: None for unweighted, an attribute name (missing = 1) or
        ``f(u, v, data) -> float``. Weights must be finite and non-negative.
    directed : bool, optional
        Build a directed engine graph (default: ``G.is_directed()``). ``False`` on a
        directed graph makes each edge undirected; reciprocal edges merge by ``combine``.
    combine : "min" or "sum"
        How parallel edges (multigraph relations, or reciprocal edges made undirected)
        merge: ``"min"`` for costs, ``"sum"`` for strengths.
    self_loops : bool
        Keep self-loops (default False: they never lie on a shortest path).

    Returns
    -------
    (networkit.Graph, list)
        The engine graph and ``index_to_node``: engine node ``i`` is ``index_to_node[i]``.

    Examples
    --------
    >>> D = nx.DiGraph([("x", "y", {"cost": 2.0}), ("y", "x", {"cost": 3.0})])
    >>> g, nodes = to_networkit(D, "cost", directed=False)
    >>> g.weight(0, 1)
    2.0
    """
    if nk is None:
        raise AnalysisError("NetworKit is not installed (pip install networkit)")
    if directed is None:
        directed = G.is_directed()
    if directed and not G.is_directed():
        raise AnalysisError("cannot make a directed engine graph from an undirected graph")
    index_to_node = list(G)
    n = len(index_to_node)
    weigh = _edge_weight_function(G, weight)
    weighted = weigh is not None
    if isinstance(G, ArcGraph):  # arrays already: no Python object per edge
        tails, heads = G.arcs()
        if not G.is_directed():
            tails, heads, values = tails[tails <= heads], heads[tails <= heads], G.arc_values()[tails <= heads]
        else:
            values = G.arc_values()
        if not weighted:
            values = np.ones(tails.size)
        elif callable(weight):  # a cost from the strength (contact_cost): one call per distinct value
            distinct, inverse = np.unique(values, return_inverse=True)
            values = np.array([float(weight(None, None, {"contacts": x, "weight": x})) for x in distinct.tolist()],
                              dtype=float)[inverse] if distinct.size else values
    elif weigh is None and not G.is_multigraph():
        tails, heads = arcs(G)
        if not G.is_directed():  # arcs() lists an undirected edge both ways
            tails, heads = tails[tails <= heads], heads[tails <= heads]
        values = np.ones(tails.size)
    else:
        tails, heads, values = _weighted_edges(G, weigh)
    if not self_loops:
        keep = tails != heads
        tails, heads, values = tails[keep], heads[keep], values[keep]
    if not directed:
        tails, heads = np.minimum(tails, heads), np.maximum(tails, heads)
    tails, heads, values = _merge_parallel(n, tails, heads, values, combine)
    g = nk.graph.Graph(n, weighted=weighted or combine == "sum", directed=directed)
    if tails.size and g.isWeighted():
        g.addEdges((values, (tails, heads)))
    elif tails.size:
        g.addEdges((tails, heads))
    return g, index_to_node


def arcs(G: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """Tail and head of every distinct arc of ``G``, as positions in ``list(G)``.

    A directed graph gives its edges; an undirected one each edge both ways (a self-loop
    once); parallel edges of a multigraph appear once. Built from the adjacency without a
    Python object per edge, so 400k contacts take a fraction of a second.

    >>> tails, heads = arcs(nx.DiGraph([("a", "b"), ("b", "c")]))
    >>> tails.tolist(), heads.tolist()
    ([0, 1], [1, 2])
    """
    if isinstance(G, ArcGraph):
        return G.arcs()
    index = {node: i for i, node in enumerate(G)}
    # networkx's own dict of dicts (G.adj wraps each row in a view object: 3x slower here)
    adjacency = G._adj if isinstance(getattr(G, "_adj", None), dict) else G.adj  # type: ignore[attr-defined]  # networkx's private dict (not in types-networkx)
    degrees = np.fromiter((len(neighbours) for neighbours in adjacency.values()), dtype=np.int64, count=len(index))
    heads = np.fromiter((index[v] for neighbours in adjacency.values() for v in neighbours), dtype=np.int64,
                        count=int(degrees.sum()))
    return np.repeat(np.arange(len(index), dtype=np.int64), degrees), heads


def _weighted_edges(G: nx.Graph, weigh: Callable[[Any, Any, dict], float] | None) -> tuple[np.ndarray, ...]:
    """Tail, head and weight of every edge (each parallel edge), checking the weights."""
    index = {node: i for i, node in enumerate(G)}
    tails, heads, values = [], [], []
    edges = G.edges(keys=True, data=True) if isinstance(G, nx.MultiGraph) else G.edges(data=True)
    for edge in edges:
        u, v, data = edge[0], edge[1], edge[-1]
        w = 1.0 if weigh is None else weigh(u, v, data)
        if w is None:  # networkx: a weight function returning None hides the edge
            continue
        w = float(w)
        if not (w >= 0.0) or w == float("inf"):
            raise AnalysisError(f"edge weight must be finite and non-negative: {u!r}-{v!r} has {w}")
        tails.append(index[u])
        heads.append(index[v])
        values.append(w)
    return np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64), np.array(values, dtype=float)


def _merge_parallel(n: int, tails: np.ndarray, heads: np.ndarray, values: np.ndarray,
                    combine: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One edge per (tail, head): the smallest weight (``"min"``) or the sum (``"sum"``)."""
    if tails.size == 0:
        return tails, heads, values
    keys = tails * n + heads
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    merged = (np.minimum if combine == "min" else np.add).reduceat(values, starts)
    return keys[starts] // n, keys[starts] % n, merged


def undirected_strengths(G: nx.Graph | ArcGraph, weight: Weight = None) -> nx.Graph | ArcGraph:
    """Simple undirected graph of ``G`` with a ``weight`` on each linked pair.

    With ``weight`` None every linked pair weighs 1 (parallel and reciprocal edges count
    once); with an attribute or callable, parallel and reciprocal edges add up.

    >>> M = nx.MultiDiGraph([(1, 2, {"contacts": 2}), (2, 1, {"contacts": 1}), (1, 2, {"contacts": 1})])
    >>> undirected_strengths(M, "contacts")[1][2]["weight"], undirected_strengths(M)[1][2]["weight"]
    (4.0, 1.0)
    """
    if isinstance(G, ArcGraph):
        tails, heads = G.arcs()
        return ArcGraph(G.ids, tails, heads, None if weight is None else G.arc_values(), directed=False,
                        attributes=G.attributes)
    weigh = _edge_weight_function(G, weight)
    as_float = None if weigh is None else (lambda u, v, data: float(weigh(u, v, data)))
    return collapse(G, directed=False, weight=as_float)


_threads = int(os.environ.get("GRAPHKIT_THREADS", "0")) or os.cpu_count() or 1


def set_seed(seed: int) -> None:
    """Seed NetworKit's random generator (per thread, as KADABRA requires)."""
    if nk is not None:
        nk.engineering.setSeed(int(seed), True)


def threads() -> int:
    """Number of threads the kernels use (``GRAPHKIT_THREADS`` or all cores)."""
    return nk.engineering.getMaxNumberOfThreads() if nk is not None else _threads


def configure_threads(count: int | None = None) -> None:
    """Set the engine's thread count (default: ``GRAPHKIT_THREADS`` or every core)."""
    if count is None:
        count = int(os.environ.get("GRAPHKIT_THREADS", "0")) or os.cpu_count() or 1
    global _threads
    _threads = max(1, int(count))
    if nk is not None:
        nk.engineering.setNumberOfThreads(_threads)


#: Graphs with at most this many edges get networkx's PageRank (same scores to ~1e-10).
SMALL_PAGERANK_EDGES = 5_000


def pagerank(
    G: nx.Graph,
    *,
    alpha: float = 0.85,
    weight: str | None = None,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> dict:
    """PageRank in the engine, with networkx's conventions (dangling mass spread uniformly).

    Parallel edges add their weights, as ``networkx.pagerank`` does. Returns a dict
    node -> score summing to 1.

    >>> pr = pagerank(nx.DiGraph([(1, 2), (2, 3), (3, 1)]))
    >>> round(pr[1], 6)
    0.333333
    """
    if len(G) == 0:
        return {}
    if not available() or G.number_of_edges() <= SMALL_PAGERANK_EDGES:
        # networkx's own solver: on a small graph NetworKit's parallel iterations cost more
        # (0.4-2 s for the demo's 128 ties on a busy machine) than the few milliseconds of work
        H = G.to_networkx() if isinstance(G, ArcGraph) else G
        return nx.pagerank(H, alpha=alpha, weight=weight, tol=tol, max_iter=max_iter)
    g, nodes = to_networkit(G, weight, combine="sum", self_loops=True)
    algorithm = nk.centrality.PageRank(
        g, damp=alpha, tol=tol, normalized=False, distributeSinks=nk.centrality.SinkHandling.DistributeSinks
    )
    algorithm.maxIterations = max_iter
    algorithm.norm = nk.centrality.Norm.L1_NORM
    algorithm.run()
    scores = algorithm.scores()
    total = sum(scores) or 1.0
    return {node: scores[i] / total for i, node in enumerate(nodes)}


def louvain(
    G: nx.Graph,
    *,
    weight: Weight = None,
    resolution: float = 1.0,
    seed: int = 0,
    refine: bool = True,
) -> list[set]:
    """Louvain communities (NetworKit's parallel PLM) of the undirected view of ``G``.

    With ``weight`` None every linked pair counts once; with a weight, parallel and
    reciprocal edges add up. The result is reproducible for a given seed (PLM runs on one
    thread); communities come sorted by size, largest first.

    >>> G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    >>> [len(c) for c in louvain(G)]
    [4, 4]
    """
    if len(G) == 0:
        return []
    if not available():
        simple: Any = undirected_strengths(G.to_networkx() if isinstance(G, ArcGraph) else G, weight)
        found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
        return sorted(found, key=lambda c: (-len(c), sorted(map(str, c))))
    set_seed(seed)
    g, nodes = to_networkit(G, weight, directed=False, combine="min" if weight is None else "sum")
    # PLM's threads race: with two threads the same seed gave 18 partitions in 20 runs, with
    # one thread the same partition every time. Reproducible communities matter more here.
    before = threads()
    configure_threads(1)
    try:
        algorithm = nk.community.PLM(g, refine=refine, gamma=resolution)
        algorithm.run()
        partition = algorithm.getPartition()
    finally:
        configure_threads(before)
    groups: dict[int, set] = {}
    for i, node in enumerate(nodes):
        groups.setdefault(partition[i], set()).add(node)
    return sorted(groups.values(), key=lambda c: (-len(c), sorted(map(str, c))))


def articulation_points(G: nx.Graph) -> set:
    """Cut vertices of the undirected view of ``G`` (nodes in two or more biconnected blocks).

    Equal to ``set(networkx.articulation_points(G.to_undirected()))``, computed by NetworKit's
    Hopcroft–Tarjan biconnected components.

    >>> sorted(articulation_points(nx.path_graph(4)))
    [1, 2]
    """
    if len(G) < 3:
        return set()
    if not available():
        return set(nx.articulation_points(collapse(G.to_networkx() if isinstance(G, ArcGraph) else G, directed=False)))
    g, nodes = to_networkit(G, directed=False)
    algorithm = nk.components.BiconnectedComponents(g)
    algorithm.run()
    return {nodes[i] for i in range(len(nodes)) if len(algorithm.getComponentsOfNode(i)) > 1}
