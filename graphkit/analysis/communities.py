"""Communities (Louvain) and k-hop ego networks of the actor graph.

Louvain (Blondel, Guillaume, Lambiotte & Lefebvre 2008) runs on the undirected, weighted view
of the actors: an edge's weight is the number of contacts between the two actors, summed over
relations and both directions (:func:`louvain_input`); technologies are left out by default
(a popular technology would glue otherwise unrelated actors together). Small graphs use
``networkx.community.louvain_communities`` (the reference); from :data:`ENGINE_THRESHOLD`
nodes on, NetworKit's PLM (:func:`graphkit.analysis.engine.louvain`). Both are seeded, so a
run is reproducible (NetworKit's PLM runs on one thread for that: its threads race). Community ids are
renumbered by size: 0 is the largest, ties broken by the smallest member id.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for u, v in [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")]:
...     _ = G.add_edge(u, v, key="CONTACTED", relation="CONTACTED", contacts=1)
>>> result = louvain(G, seed=1)
>>> result.membership["a"] == result.membership["b"] != result.membership["x"], result.count
(True, 2)
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis.selection import resolve_nodes
from graphkit.errors import AnalysisError
from graphkit.projection import collapse

#: Node count from which the compiled engine runs Louvain (engine="auto").
ENGINE_THRESHOLD = 5_000


@dataclass(frozen=True)
class CommunityResult:
    """A Louvain partition: node -> community id, its modularity and how it was computed."""

    membership: dict[Hashable, int]
    modularity: float
    engine: str  # "networkx" or "networkit"
    seed: int
    resolution: float

    @property
    def count(self) -> int:
        """Number of communities."""
        return len(set(self.membership.values()))


def louvain_input(G: nx.Graph, *, include_technology: bool = False) -> nx.Graph:
    """The undirected weighted actor graph Louvain runs on (weight = contacts, summed).

    An edge without ``contacts`` counts 1. Isolated actors are kept (each its own community).
    """
    return collapse(G, directed=False, actors_only=not include_technology,
                    weight=lambda u, v, data: float(data.get("contacts") or 1))

def louvain(G: nx.Graph, *, seed: int = 0, resolution: float = 1.0, engine: str = "auto",
            include_technology: bool = False) -> CommunityResult:
    """Louvain communities of the actor graph ``G`` (see the module docstring).

    Parameters
    ----------
    seed
        Random seed: the same seed gives the same communities.
    resolution
        Modularity resolution: above 1 gives more, smaller communities.
    engine
        ``"auto"`` (networkx below :data:`ENGINE_THRESHOLD` nodes, else NetworKit),
        ``"networkx"`` or ``"networkit"`` (networkx when NetworKit is not installed or
        ``GRAPHKIT_ENGINE=networkx``; ``CommunityResult.engine`` says which ran).
    """
    if resolution <= 0:
        raise AnalysisError(f"resolution must be positive, got {resolution}", value=resolution)
    if engine not in ("auto", "networkx", "networkit"):
        raise AnalysisError(f"unknown engine {engine!r}; choose auto, networkx or networkit",
                            value=engine)
    from graphkit.analysis import engine as compiled

    U = louvain_input(G, include_technology=include_technology)
    if engine == "auto":
        engine = "networkit" if U.number_of_nodes() >= ENGINE_THRESHOLD else "networkx"
    if engine == "networkit" and not compiled.available():
        engine = "networkx"  # NetworKit missing (no macOS wheel) or GRAPHKIT_ENGINE=networkx
    if U.number_of_nodes() == 0:
        return CommunityResult({}, 0.0, engine, seed, resolution)
    if engine == "networkit":
        # PLM's threads race: two threads give different communities run to run (measured:
        # 18 partitions in 20 runs), one thread the same every time, so run it on one.
        before = compiled.threads()
        compiled.configure_threads(1)
        try:
            parts = compiled.louvain(U, weight="weight", resolution=resolution, seed=seed)
        finally:
            compiled.configure_threads(before)
    else:
        parts = nx.community.louvain_communities(U, weight="weight", resolution=resolution,
                                                 seed=seed)
    parts = sorted((set(p) for p in parts), key=lambda p: (-len(p), min(map(str, p))))
    membership = {node: i for i, part in enumerate(parts) for node in part}
    return CommunityResult(membership, modularity(U, membership, resolution), engine, seed,
                           resolution)


def modularity(U: nx.Graph, membership: dict[Hashable, int], resolution: float = 1.0) -> float:
    """Newman's modularity of a partition of the weighted undirected graph ``U``, computed
    with NumPy (the same value as ``networkx.community.modularity``, tested).

    ``Q = sum_c [ L_c / m - resolution * (d_c / 2m)^2 ]`` with ``m`` the total edge weight,
    ``L_c`` the weight inside community ``c`` and ``d_c`` its total weighted degree.
    """
    if U.number_of_edges() == 0:
        return 0.0
    rows = [(membership[u], membership[v], w) for u, v, w in U.edges(data="weight", default=1.0)]
    tails, heads, weights = (np.array(column) for column in zip(*rows))
    m = weights.sum()
    if m == 0:
        return 0.0
    within = weights[tails == heads].sum()
    size = max(membership.values()) + 1
    degree = np.bincount(tails, weights, size) + np.bincount(heads, weights, size)
    return float(within / m - resolution * ((degree / (2 * m)) ** 2).sum())


def communities(G: nx.Graph, *, seed: int = 0, resolution: float = 1.0,
                **options: Any) -> dict[Hashable, int]:
    """Node -> community id (0 = largest) by seeded Louvain; see :func:`louvain`."""
    return louvain(G, seed=seed, resolution=resolution, **options).membership


def communities_frame(G: nx.Graph, result: CommunityResult) -> pd.DataFrame:
    """One row per actor: community, community size, name, kind, country, foreign."""
    sizes: dict[int, int] = {}
    for c in result.membership.values():
        sizes[c] = sizes.get(c, 0) + 1
    rows = [{"community": c, "size": sizes[c], "id": n, "name": G.nodes[n].get("name", n),
             "kind": G.nodes[n].get("kind"), "country": G.nodes[n].get("country"),
             "foreign": G.nodes[n].get("foreign")}
            for n, c in result.membership.items()]
    frame = pd.DataFrame(rows, columns=["community", "size", "id", "name", "kind", "country",
                                        "foreign"])
    return frame.sort_values(["community", "name"], kind="stable").reset_index(drop=True)


def ego_network(G: nx.Graph, seeds: str | Hashable | Iterable, depth: int = 1) -> nx.Graph:
    """The nodes within ``depth`` hops of any seed (edges walked either way) and every edge
    among them, as a copy of ``G``'s type; node attribute ``ego_distance`` = hops from the
    nearest seed. Seeds are ids, names or selectors (see :mod:`graphkit.analysis.selection`).

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(ego_network(G, "a", depth=2))
    ['a', 'b', 'c']
    """
    if depth < 0:
        raise AnalysisError(f"depth must be at least 0, got {depth}", value=depth)
    start = resolve_nodes(G, seeds)
    distance = {n: 0 for n in start}
    frontier = deque(start)
    while frontier:
        node = frontier.popleft()
        if distance[node] == depth:
            continue
        around = (*G.successors(node), *G.predecessors(node)) if isinstance(G, nx.DiGraph) else G.neighbors(node)
        for other in around:
            if other not in distance:
                distance[other] = distance[node] + 1
                frontier.append(other)
    ego = G.subgraph(distance).copy()
    nx.set_node_attributes(ego, distance, "ego_distance")
    return ego


def ego_frame(ego: nx.Graph) -> pd.DataFrame:
    """One row per node of an ego network: distance, name, kind, country, foreign, degree."""
    rows = [{"distance": d.get("ego_distance"), "id": n, "name": d.get("name", n),
             "kind": d.get("kind"), "country": d.get("country"), "foreign": d.get("foreign"),
             "degree": ego.degree(n)} for n, d in ego.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=["distance", "id", "name", "kind", "country", "foreign",
                                        "degree"])
    return frame.sort_values(["distance", "name"], kind="stable").reset_index(drop=True)
