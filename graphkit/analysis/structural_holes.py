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

Both measures come from the sparse matrix ``S`` in one compiled pass (Numba) over every node
``i``: for each neighbour ``q`` and each of ``q``'s neighbours ``j`` that is also a neighbour
of ``i``, add ``p_iq p_qj`` to ``j``'s indirect tie and ``p_iq m_jq`` to ``i``'s redundancy.
The work is ``sum over q of degree(q)**2`` and memory stays proportional to the edges: no
dense ``n x n`` matrix is ever built. (This equals the matrix form
``rowsum(B * (P + P @ P) ** 2)`` and ``rowsum(B) - rowsum(P * (B @ M))``, ``B`` the neighbour
pattern, which scipy computes 5-10x slower.) networkx's
``effective_size`` builds one (1.5 GB at 10k nodes) and, on graphs whose mutual weights
differ, divides by the wrong node's maximum (a known bug); see ``docs/analysis.md``.

>>> import networkx as nx
>>> c = constraint(nx.star_graph(3))
>>> round(c[0], 4), round(c[1], 4)
(0.3333, 1.0)
"""
from __future__ import annotations

from typing import Mapping, Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphkit.analysis import kernels
from graphkit.analysis.arcgraph import ArcGraph
from graphkit.analysis.engine import Weight, arcs

#: Rows per block of the masked sparse products (bounds the intermediate two-hop products).


def mutual_weights(G: nx.Graph, weight: Weight = None) -> tuple[sp.csr_array, list[Hashable]]:
    """The symmetric sparse matrix ``S = A + A.T`` without its diagonal, and the node order.

    ``weight`` is a strength (attribute name, missing = 1, or callable); parallel edges add.

    >>> S, nodes = mutual_weights(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    >>> S.toarray().tolist()
    [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    nodes = list(G)
    n = len(nodes)
    if isinstance(G, ArcGraph):
        tails, heads = G.arcs()
        values = G.arc_values() if weight is not None else np.ones(tails.size)
        A = sp.csr_array((values, (tails, heads)), shape=(n, n))
        S = sp.csr_array(A + A.T) if G.is_directed() else A
        S.eliminate_zeros()
        return S, nodes
    if not G.is_multigraph() and not callable(weight):
        # Fast path: arcs straight from the adjacency (an undirected edge comes both ways).
        tails, heads = arcs(G)
        if weight is None:
            values = np.ones(tails.size)
        else:
            values = np.fromiter((data.get(weight, 1) for neighbours in G._adj.values() for data in neighbours.values()),  # type: ignore[attr-defined]  # networkx's private dict (not in types-networkx)
                                 dtype=np.float64, count=tails.size)
        keep = tails != heads
        A = sp.coo_array((values[keep], (tails[keep], heads[keep])), shape=(n, n)).tocsr()
        S = sp.csr_array(A + A.T) if G.is_directed() else sp.csr_array(A)
        S.eliminate_zeros()
        return S, nodes
    index = {node: i for i, node in enumerate(nodes)}
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


def _holes(indptr, indices, strength, sums, maxes):
    """Constraint and redundancy of every node from the symmetric CSR matrix S."""
    n = indptr.size - 1
    constraint_values = np.zeros(n)
    redundancy = np.zeros(n)
    direct = np.zeros(n)  # p_ij for the neighbours j of the current node i
    indirect = np.zeros(n)  # sum_q p_iq p_qj
    neighbour = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        if sums[i] == 0:
            continue
        for a in range(indptr[i], indptr[i + 1]):
            j = indices[a]
            neighbour[j] = True
            direct[j] = strength[a] / sums[i]
        reached = 0.0
        for a in range(indptr[i], indptr[i + 1]):
            q = indices[a]
            p_iq = direct[q]
            for b in range(indptr[q], indptr[q + 1]):
                j = indices[b]
                if neighbour[j] and j != i:
                    indirect[j] += p_iq * strength[b] / sums[q]
                    reached += p_iq * strength[b] / maxes[j]
        total = 0.0
        for a in range(indptr[i], indptr[i + 1]):
            j = indices[a]
            tie = direct[j] + indirect[j]
            total += tie * tie
            neighbour[j] = False
            direct[j] = 0.0
            indirect[j] = 0.0
        constraint_values[i] = total
        redundancy[i] = reached
    return constraint_values, redundancy


def structural_holes(G: nx.Graph, *, weight: Weight = None,
                     beyond: Mapping[Hashable, tuple[float, float]] | None = None) -> dict[str, dict[Hashable, float]]:
    """Constraint and effective size of every node, in one pass over the sparse matrices.

    Parameters
    ----------
    G : networkx graph (directed or not, multigraphs collapse by adding weights)
    weight : None, str or callable
        Tie strength (e.g. ``"contacts"``); None counts every edge as 1.

    beyond : mapping, optional
        For ``G`` cut from a larger graph (a neighbourhood fetched from a server): node ->
        (its total tie strength, its strongest tie) in the whole graph, i.e. the row sum and
        row maximum of ``A + A.T`` there. An actor's constraint reads its contacts' totals, so
        with them the actors whose contacts and ties among them are all in ``G`` get their
        whole-graph values.

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
    S.sort_indices()
    sums = np.asarray(S.sum(axis=1)).ravel()
    maxes = S.max(axis=1).toarray().ravel() if S.shape[0] else np.zeros(0)
    if beyond:
        for i, node in enumerate(nodes):
            if node in beyond:
                sums[i], maxes[i] = beyond[node]
    steps = int(np.diff(S.indptr)[S.indices].sum()) if S.nnz else 0  # two-hop walks
    constraint_values, redundancy = kernels.run("_holes", _holes, steps, S.indptr, S.indices,
                                                S.data.astype(float), sums, maxes)
    effective = np.diff(S.indptr).astype(float) - redundancy
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
