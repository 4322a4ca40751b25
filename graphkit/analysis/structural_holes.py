"""Burt's structural holes: constraint and effective size, computed as sparse matrix algebra.

Definitions (Burt 1992, *Structural Holes*, Harvard University Press, ch. 2; written out in
networkx's documentation of ``constraint`` and ``effective_size``), for the mutual weights
``s_ij = a_ij + a_ji`` of the (possibly directed, possibly weighted) adjacency ``a``:

- proportional tie strength ``p_ij = s_ij / sum_k s_ik``;
- marginal strength ``m_jq = s_jq / max_k s_jk``;
- **constraint** ``c_i = sum_{j in N(i)} (p_ij + sum_{q != i, j} p_iq p_qj) ** 2``;
- **effective size** ``e_i = sum_{j in N(i)} (1 - sum_{q != i, j} p_iq m_jq)``.

``N(i)`` are the neighbours of ``i`` in either direction; self-loops are ignored; a node
without neighbours gets NaN (as in networkx). Parallel relations of a multigraph add up.

Both measures are computed from the sparse matrices ``P`` and ``M`` as
``rowsum(B * (P + P @ P) ** 2)`` and ``rowsum(B) - rowsum(P * (B @ M))`` (``B`` the
neighbour pattern, ``*`` elementwise), a block of rows at a time, so memory stays
proportional to the edges: no dense ``n x n`` matrix is ever built. networkx's
``effective_size`` builds one (1.5 GB at 10k nodes) and, on graphs whose mutual weights
differ, divides by the wrong node's maximum (a known bug); see ``docs/analysis.md``.

>>> import networkx as nx
>>> c = constraint(nx.star_graph(3))
>>> round(c[0], 4), round(c[1], 4)
(0.3333, 1.0)
"""
from __future__ import annotations

from typing import Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphkit.analysis.engine import Weight

#: Rows per block of the masked sparse products (bounds the intermediate two-hop products).
BLOCK_ROWS = 4096


def mutual_weights(G: nx.Graph, weight: Weight = None) -> tuple[sp.csr_array, list[Hashable]]:
    """The symmetric sparse matrix ``S = A + A.T`` without its diagonal, and the node order.

    ``weight`` is a strength (attribute name, missing = 1, or callable); parallel edges add.

    >>> S, nodes = mutual_weights(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    >>> S.toarray().tolist()
    [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    n = len(nodes)
    if callable(weight):
        weigh = weight
    elif weight is None:
        weigh = lambda u, v, d: 1.0  # noqa: E731
    else:
        weigh = lambda u, v, d: d.get(weight, 1)  # noqa: E731
    rows, cols, vals = [], [], []
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        rows.append(index[u])
        cols.append(index[v])
        vals.append(float(weigh(u, v, data)))
    A = sp.coo_array((vals, (rows, cols)), shape=(n, n)).tocsr()  # duplicates add up
    # An undirected edge stands for a_ij = a_ji = w; A + A.T gives s_ij = w (not 2w) from
    # one stored copy, and any constant factor cancels in p and m anyway.
    S = sp.csr_array(A + A.T)
    S.eliminate_zeros()
    return S, nodes


def _normalised(S: sp.csr_array) -> tuple[sp.csr_array, sp.csr_array, sp.csr_array, np.ndarray]:
    """P (row-sum normalised), M (row-max normalised), the 0/1 pattern B, and row sums."""
    sums = np.asarray(S.sum(axis=1)).ravel()
    maxes = S.max(axis=1).toarray().ravel() if S.shape[0] else np.zeros(0)
    with np.errstate(divide="ignore"):
        inv_sum = np.where(sums > 0, 1.0 / sums, 0.0)
        inv_max = np.where(maxes > 0, 1.0 / maxes, 0.0)
    P = sp.csr_array(sp.diags_array(inv_sum) @ S)
    M = sp.csr_array(sp.diags_array(inv_max) @ S)
    B = S.copy()
    B.data = np.ones_like(B.data)
    return P, M, B, sums


def _blocks(n: int):
    for start in range(0, n, BLOCK_ROWS):
        yield start, min(n, start + BLOCK_ROWS)


def structural_holes(G: nx.Graph, *, weight: Weight = None) -> dict[str, dict[Hashable, float]]:
    """Constraint and effective size of every node, in one pass over the sparse matrices.

    Parameters
    ----------
    G : networkx graph (directed or not, multigraphs collapse by adding weights)
    weight : None, str or callable
        Tie strength (e.g. ``"contacts"``); None counts every edge as 1.

    Returns
    -------
    dict
        ``{"constraint": {node: c}, "effective_size": {node: e}}``; NaN for nodes without
        neighbours.

    Examples
    --------
    >>> holes = structural_holes(nx.path_graph(3))
    >>> holes["effective_size"][1], holes["constraint"][1]
    (2.0, 0.5)
    """
    S, nodes = mutual_weights(G, weight)
    n = len(nodes)
    P, M, B, sums = _normalised(S)
    constraint_values = np.zeros(n)
    redundancy = np.zeros(n)
    for start, stop in _blocks(n):
        P_rows = P[start:stop]
        B_rows = B[start:stop]
        indirect = (P_rows @ P).multiply(B_rows)  # sum_q p_iq p_qj on the neighbours j only
        total = sp.csr_array(P_rows + indirect)
        constraint_values[start:stop] = np.asarray(total.power(2).sum(axis=1)).ravel()
        reached = (B_rows @ M).multiply(P_rows)  # p_iq * sum_{j in N(i)} m_jq
        redundancy[start:stop] = np.asarray(reached.sum(axis=1)).ravel()
    degree = np.diff(B.indptr).astype(float)
    effective = degree - redundancy
    isolated = sums == 0
    constraint_values[isolated] = np.nan
    effective[isolated] = np.nan
    return {
        "constraint": dict(zip(nodes, constraint_values.tolist())),
        "effective_size": dict(zip(nodes, effective.tolist())),
    }


def constraint(G: nx.Graph, *, weight: Weight = None) -> dict[Hashable, float]:
    """Burt's constraint of every node (sparse; see the module docstring for the formula).

    >>> round(constraint(nx.complete_graph(3))[0], 4)
    1.125
    """
    return structural_holes(G, weight=weight)["constraint"]


def effective_size(G: nx.Graph, *, weight: Weight = None) -> dict[Hashable, float]:
    """Burt's effective size of every node (sparse; see the module docstring for the formula).

    >>> effective_size(nx.star_graph(3))[0]
    3.0
    """
    return structural_holes(G, weight=weight)["effective_size"]
