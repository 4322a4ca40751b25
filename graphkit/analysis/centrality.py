"""Centrality of actors: betweenness (exact or approximate), degree and PageRank.

The kernels run in the compiled engine (:mod:`graphkit.analysis.engine`); results follow
networkx's conventions exactly (same normalisation, same treatment of undirected pairs), so
``betweenness(G, exact=True)`` equals ``networkx.betweenness_centrality(G)`` to 1e-9.

Betweenness (Freeman 1977; Brandes 2001, "A faster algorithm for betweenness centrality")
of ``v`` is ``sum over s != v != t of sigma_st(v) / sigma_st``; normalised it is divided by
``(n-1)(n-2)`` (ordered pairs, as networkx does for both directed and undirected graphs).

Above ``threshold`` nodes the default is an approximation:

- ``"kadabra"`` (undirected, unweighted graphs): Borassi & Natale (2016), adaptive
  sampling of shortest paths; every normalised score is within ``epsilon`` of the truth
  with probability at least ``1 - delta``;
- ``"sources"`` (directed or weighted graphs, or when ``sample`` is given): Brandes'
  accumulation from ``sample`` random sources (at least 1,024) with the linear scaling of
  Sanders, Geisberger & Schultes (2008); unbiased, but without a proven error bound.

>>> import networkx as nx
>>> scores, info = betweenness(nx.path_graph(3))
>>> scores[1], info["method"]
(1.0, 'exact')
"""
from __future__ import annotations

import math
import time
from typing import Any, Hashable

import networkx as nx
import numpy as np

from graphkit.analysis import brandes, engine, kernels
from graphkit.analysis.arcgraph import ArcGraph
from graphkit.analysis.engine import Weight
from graphkit.errors import AnalysisError

#: Largest graph (nodes) on which betweenness is exact unless ``exact`` says otherwise.
EXACT_THRESHOLD = 10_000
#: Fewest sources the ``"sources"`` approximation samples (256 recover only ~80% of a
#: 100k-node graph's top 50; about 1,024 reach 0.94-0.98).
MIN_SOURCES = 1024
#: Independent batches the sampled sources are split into to measure the sampling error.
SE_BATCHES = 8


def contact_cost(u: Any, v: Any, data: dict) -> float:
    """Edge cost for weighted shortest paths: ``1 / contacts`` (more contacts = closer).

    A weight callable in networkx's form; an edge without ``contacts`` counts one contact.

    >>> contact_cost("a", "b", {"contacts": 4})
    0.25
    """
    contacts = data.get("contacts", data.get("weight", 1)) or 1
    return 1.0 / float(contacts)


def _networkx_scale(n: int, *, normalized: bool, directed: bool) -> float:
    """networkx's rescaling of raw ordered-pair betweenness (endpoints excluded)."""
    if n - 1 < 2:
        return 1.0
    if normalized:
        return 1.0 / ((n - 1) * (n - 2))
    return 1.0 if directed else 0.5


def betweenness(
    G: nx.Graph,
    *,
    weight: Weight = None,
    normalized: bool = True,
    directed: bool | None = None,
    exact: bool | None = None,
    sample: int | None = None,
    method: str | None = None,
    epsilon: float = 0.01,
    delta: float = 0.1,
    seed: int = 0,
    threshold: int = EXACT_THRESHOLD,
) -> tuple[dict[Hashable, float], dict[str, Any]]:
    """Betweenness centrality of every node, exact or approximate, and how it was computed.

    Parameters
    ----------
    G : networkx graph
        Multigraphs are collapsed (the cheapest parallel edge counts).
    weight : None, str or callable
        Edge *cost* (a distance): None counts hops; ``contact_cost`` uses 1/contacts.
    normalized : bool
        Divide by ``(n-1)(n-2)`` as networkx does.
    directed : bool, optional
        Follow edge directions (default: ``G.is_directed()``); False treats contacts as
        two-way.
    exact : bool, optional
        True forces Brandes' exact algorithm, False the approximation; None (default)
        is exact up to ``threshold`` nodes (and when neither ``sample`` nor ``method`` asks
        for an approximation).
    sample : int, optional
        Number of random sources for the ``"sources"`` approximation (default 1,024, or
        every node of a smaller graph).
    method : "sources" or "kadabra", optional
        The approximation: ``"sources"`` (default) samples sources uniformly; ``"kadabra"``
        (undirected, unweighted graphs) samples shortest paths until every score is within
        ``epsilon`` with probability ``1 - delta``.
    epsilon, delta : float
        KADABRA's target accuracy; ``delta`` is also the failure probability of the
        ``"sources"`` method's stated bound.
    seed : int
        Random seed of the approximation (results repeat for a seed).
    threshold : int
        Node count above which ``exact=None`` approximates.

    Returns
    -------
    (dict, dict)
        Scores by node, and ``info``: ``method`` ("exact", "sources", "kadabra"),
        ``engine``, ``directed``, ``weighted``, ``normalized``, ``sample`` (sources or
        paths sampled), ``seed``, ``epsilon``/``delta``, ``error_bound`` (additive, on
        normalised scores, holding for every node at once with probability ``1 - delta``;
        None where no bound is known), ``seconds``. The ``"sources"`` method in graphkit's
        kernel also gives ``standard_errors`` (by node, on the scale of the scores: the
        spread of the estimate over :data:`SE_BATCHES` independent batches of the sampled
        sources, the measured error where the worst-case bound is loose), ``batches`` and
        ``error_bound_kind``.

    Examples
    --------
    >>> G = nx.star_graph(3)
    >>> scores, info = betweenness(G)
    >>> scores[0], scores[1]
    (1.0, 0.0)
    """
    started = time.perf_counter()
    if directed is None:
        directed = G.is_directed()
    if directed and not G.is_directed():
        raise AnalysisError("cannot follow directions on an undirected graph (directed=True)")
    if method not in (None, "sources", "kadabra"):
        raise AnalysisError(f"unknown approximation {method!r}: use 'sources' or 'kadabra'", value=method)
    n = len(G)
    if exact is None:
        exact = n <= threshold and sample is None and method is None
    weighted = weight is not None
    if not 0 < delta < 1:
        raise AnalysisError(f"delta must lie in (0, 1), got {delta}")
    if sample is not None and sample < 1:
        raise AnalysisError(f"sample must be a positive number of sources, got {sample}")
    if method == "kadabra" and (directed or weighted):
        raise AnalysisError("KADABRA needs undirected hop counts (no weights, no directions); use the 'sources' method")
    info: dict[str, Any] = {
        "directed": directed, "weighted": weighted, "normalized": normalized, "nodes": n,
        "seed": None, "sample": None, "epsilon": None, "delta": None, "error_bound": None,
    }
    raw: np.ndarray | list[float]
    if n < 3:
        raw, info["method"], info["engine"], info["edges"] = [0.0] * n, "exact", engine.describe(), G.number_of_edges()
    elif not weighted and engine.enabled() and method != "kadabra":
        raw = _kernel(G, directed=directed, exact=exact, sample=sample, delta=delta, seed=seed, info=info)
    elif not engine.available():
        return _networkx_fallback(G, weight=weight, normalized=normalized, directed=directed,
                                  exact=exact, sample=sample, seed=seed, started=started)
    else:
        raw = _networkit(G, weight=weight, directed=directed, exact=exact, sample=sample, method=method,
                         epsilon=epsilon, delta=delta, seed=seed, info=info)
    scale = _networkx_scale(n, normalized=normalized, directed=directed)
    scores = {node: float(raw[i]) * scale for i, node in enumerate(G)}
    if "standard_errors" in info:
        info["standard_errors"] = {node: float(info["standard_errors"][i]) * scale for i, node in enumerate(G)}
    info["seconds"] = time.perf_counter() - started
    return scores, info


def _source_sample(n: int, sample: int | None, seed: int) -> np.ndarray:
    """``sample`` (default :data:`MIN_SOURCES`) distinct sources drawn uniformly with ``seed``."""
    k = min(n, MIN_SOURCES if sample is None else int(sample))
    return np.random.default_rng(seed).choice(n, size=k, replace=False)


def sources_error_bound(n: int, k: int, delta: float) -> float:
    """Additive error of ``k``-source sampling on normalised betweenness, for all nodes at once.

    Each sampled source ``s`` adds ``n * dep_s(v) / ((n-1)(n-2))``, an unbiased estimate lying
    in ``[0, n/(n-1)]`` (a dependency is at most ``n - 2``). Hoeffding's inequality (which
    holds for sampling without replacement, Hoeffding 1963, Thm. 4) and a union bound over the
    ``n`` nodes give ``n/(n-1) * sqrt(ln(2n/delta) / (2k))`` with probability ``1 - delta``.
    The bound is loose; the measured error is far smaller (docs/benchmarks.md).

    >>> round(sources_error_bound(100_000, 1024, 0.1), 3)
    0.084
    """
    if k >= n:
        return 0.0
    return n / (n - 1) * math.sqrt(math.log(2 * n / delta) / (2 * k))


def _kernel(G: nx.Graph, *, directed: bool, exact: bool, sample: int | None, delta: float, seed: int,
            info: dict) -> np.ndarray:
    """Hop-count betweenness in graphkit's compiled Brandes kernel; raw ordered-pair counts."""
    n = len(G)
    tails, heads = engine.arcs(G)
    # Number the nodes by falling degree: the hubs most paths pass through share cache
    # lines (about 10% faster on a 100k-actor graph); results are mapped back below.
    by_degree = np.argsort(-np.bincount(np.concatenate([tails, heads]), minlength=n), kind="stable")
    label = np.empty(n, dtype=np.int64)
    label[by_degree] = np.arange(n)
    indptr, indices = brandes.compressed_adjacency(n, label[tails], label[heads], directed=directed)
    sources_all = np.arange(n) if exact else _source_sample(n, sample, seed)
    if kernels.compiled_wanted(brandes.work(indptr, indices, sources_all)):
        kernel = f"graphkit Brandes kernel (numba {kernels.compiled().version()})"
    else:
        kernel = "graphkit Brandes kernel (plain Python: a small graph)"
    info.update(engine=kernel, edges=int(indices.size if directed else indices.size // 2))
    if exact:
        info["method"] = "exact"
        return brandes.raw_betweenness(indptr, indices, np.arange(n), threads=engine.threads())[label]
    sources = _source_sample(n, sample, seed)
    k = sources.size
    info.update(method="sources", sample=k, seed=seed, delta=delta, error_bound=sources_error_bound(n, k, delta),
                error_bound_kind="Hoeffding, worst case (loose)")
    # The sample is drawn in random order, so consecutive slices are independent random
    # batches: their spread measures the error of these scores (batch means), where the
    # worst-case bound above says little.
    batches = np.array_split(sources, min(SE_BATCHES, k))
    raw = np.zeros(n)
    per_batch = []
    for batch in batches:
        part = brandes.raw_betweenness(indptr, indices, np.sort(label[batch]), threads=engine.threads())
        raw += part
        per_batch.append(part * (n / batch.size))
    if len(per_batch) > 1:
        spread = np.std(np.vstack(per_batch), axis=0, ddof=1) / math.sqrt(len(per_batch))
        info.update(batches=len(per_batch), standard_errors=spread[label])
    return raw[label] * (n / k)


def _networkit(G: nx.Graph, *, weight: Weight, directed: bool, exact: bool, sample: int | None,
               method: str | None, epsilon: float, delta: float, seed: int, info: dict) -> list[float]:
    """Weighted betweenness (Dijkstra), and KADABRA, in NetworKit; raw ordered-pair counts."""
    import networkit as nk

    g, _ = engine.to_networkit(G, weight, directed=directed, combine="min")
    info.update(engine=engine.describe(), edges=g.numberOfEdges())
    if exact:
        algorithm = nk.centrality.Betweenness(g, normalized=False)
        algorithm.run()
        info["method"] = "exact"
        return algorithm.scores()
    if method == "kadabra":
        return _kadabra(g, epsilon=epsilon, delta=delta, seed=seed, info=info)
    return _sources(g, sample=sample, seed=seed, info=info)


def _networkx_fallback(G: nx.Graph, *, weight: Weight, normalized: bool, directed: bool, exact: bool,
                       sample: int | None, seed: int, started: float) -> tuple[dict, dict[str, Any]]:
    """networkx's own betweenness (no compiled engine): exact, or ``sample`` random sources."""
    if isinstance(G, ArcGraph):
        G = G.to_networkx()
    H = G if directed or not G.is_directed() else G.to_undirected(as_view=False)
    n = len(H)
    info: dict[str, Any] = {
        "engine": engine.describe(), "directed": directed, "weighted": weight is not None,
        "normalized": normalized, "nodes": n, "edges": H.number_of_edges(), "seed": None,
        "sample": None, "epsilon": None, "delta": None, "error_bound": None,
    }
    if exact or n < 3:
        # networkx's Dijkstra also takes a weight function (types-networkx says str only)
        scores = nx.betweenness_centrality(H, weight=weight, normalized=normalized)  # type: ignore[arg-type]
        info["method"] = "exact"
    else:
        k = min(n, MIN_SOURCES if sample is None else int(sample))
        scores = nx.betweenness_centrality(H, k=k, weight=weight,  # type: ignore[arg-type]
                                           normalized=normalized, seed=seed)
        info.update(method="sources", sample=k, seed=seed)
    info["seconds"] = time.perf_counter() - started
    return scores, info


def _kadabra(g: Any, *, epsilon: float, delta: float, seed: int, info: dict) -> list[float]:
    """KADABRA; returns raw ordered-pair betweenness (networkx's unscaled convention)."""
    if not 0 < epsilon < 1:
        raise AnalysisError(f"epsilon must lie in (0, 1), got {epsilon}")
    import networkit as nk

    n = g.numberOfNodes()
    engine.set_seed(seed)
    algorithm = nk.centrality.KadabraBetweenness(g, epsilon, delta, True)
    algorithm.run()
    # NetworKit's KADABRA returns twice the sampled fraction f of ordered pairs (s, t),
    # s != t, whose sampled shortest path passes through v (KadabraBetweenness.cpp doubles
    # it on undirected graphs); networkx's raw count is f * n(n-1).
    pairs = n * (n - 1) / 2.0
    info.update(
        method="kadabra",
        sample=int(algorithm.getNumberOfIterations()),
        seed=seed,
        epsilon=epsilon,
        delta=delta,
        # On networkx's normalisation ((n-1)(n-2) pairs) the additive error grows by n/(n-2).
        error_bound=epsilon * n / (n - 2),
    )
    return [score * pairs for score in algorithm.scores()]


def _sources(g: Any, *, sample: int | None, seed: int, info: dict) -> list[float]:
    """Weighted source sampling in NetworKit (linear scaling); raw ordered-pair betweenness."""
    import networkit as nk

    k = min(g.numberOfNodes(), MIN_SOURCES if sample is None else int(sample))
    engine.set_seed(seed)
    algorithm = nk.centrality.EstimateBetweenness(g, k, False, True)
    algorithm.run()
    info.update(method="sources", sample=k, seed=seed, error_bound=None)
    return algorithm.scores()


def degree(G: nx.Graph) -> dict[Hashable, dict[str, int]]:
    """Distinct neighbours, in- and out-neighbours of every node (parallel relations once).

    >>> degree(nx.MultiDiGraph([(1, 2), (1, 2), (3, 1)]))[1]
    {'degree': 2, 'in_degree': 1, 'out_degree': 1}
    """
    if isinstance(G, ArcGraph):
        either, into, out = G.degrees()
        return {node: {"degree": int(either[i]), "in_degree": int(into[i]), "out_degree": int(out[i])}
                for i, node in enumerate(G)}
    result = {}
    for node in G:
        if isinstance(G, nx.DiGraph):
            succ = set(G.successors(node)) - {node}
            pred = set(G.predecessors(node)) - {node}
        else:
            succ = pred = set(G.neighbors(node)) - {node}
        result[node] = {"degree": len(succ | pred), "in_degree": len(pred), "out_degree": len(succ)}
    return result


def pagerank(G: nx.Graph, *, alpha: float = 0.85, weight: str | None = None, tol: float = 1e-10) -> dict:
    """PageRank (Brin & Page 1998) in the engine, matching ``networkx.pagerank``.

    ``weight`` is a *strength* (e.g. ``"contacts"``): parallel relations add up. Dangling
    nodes spread their rank uniformly, as in networkx.

    >>> round(pagerank(nx.DiGraph([(1, 2), (2, 1)]))[1], 6)
    0.5
    """
    return engine.pagerank(G, alpha=alpha, weight=weight, tol=tol)
