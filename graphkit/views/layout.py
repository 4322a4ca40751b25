"""Positions computed in Python for charts too big for the browser's physics.

vis-network's physics is pleasant up to a few hundred nodes and unusable past a few thousand:
the page spends its first minute shaking. Above :data:`LAYOUT_THRESHOLD` nodes the chart
is laid out here once, with a seed (the same graph always gets the same picture), and the
browser just draws it.

The layout is Fruchterman-Reingold on a grid (python-igraph, C code: about half a second for
5,000 nodes on one core) when igraph is importable, else NetworkX's ``spring_layout`` (exact
but quadratic: about a minute for 5,000 nodes).

>>> import networkx as nx
>>> pos = static_layout(nx.path_graph(3), seed=1)
>>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
True
"""
from __future__ import annotations

import math
import random
from typing import Hashable

import networkx as nx
import numpy as np

from graphkit.projection import collapse

LAYOUT_THRESHOLD = 1000
"""Above this many nodes positions are computed in Python and the browser's physics is off."""

SPACING = 45.0
"""Roughly the pixels of canvas each node gets on a side, so labels of neighbours rarely overlap."""


def static_layout(G: nx.Graph, *, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Node positions in vis-network canvas pixels, centred on 0, for any graph size.

    Parameters
    ----------
    G : networkx graph (directions and parallel edges are ignored)
    seed : the random seed; the same graph and seed always give the same positions
    """
    nodes = list(G)
    if not nodes:
        return {}
    try:
        coords = _igraph_layout(G, nodes, seed)
    except ImportError:
        coords = _networkx_layout(G, nodes, seed)
    coords = coords - coords.mean(axis=0)
    extent = float(np.abs(coords).max()) or 1.0
    half_side = SPACING * math.sqrt(len(nodes)) / 2 + SPACING
    coords = coords * (half_side / extent)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(nodes, coords)}


def _igraph_layout(G: nx.Graph, nodes: list[Hashable], seed: int) -> np.ndarray:
    import igraph  # optional: much faster for big charts

    index = {n: i for i, n in enumerate(nodes)}
    pairs = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in collapse(G, directed=False).edges()}
    graph = igraph.Graph(n=len(nodes), edges=sorted(pairs))
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)) * math.sqrt(len(nodes))
    # igraph draws from one process-wide generator; seed it for this call only, then hand the
    # process its default (Python's random module) back.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(seed=start.tolist(), niter=500, grid="auto")
    finally:
        igraph.set_random_number_generator(random)
    return np.asarray(layout.coords, dtype=float)


def _networkx_layout(G: nx.Graph, nodes: list[Hashable], seed: int) -> np.ndarray:
    pos = nx.spring_layout(collapse(G, directed=False), seed=seed, iterations=30)
    return np.asarray([pos[n] for n in nodes], dtype=float)
