"""Gould–Fernandez brokerage roles for a partition of the actors.

Gould, R. V. and Fernandez, R. M. (1989). "Structures of mediation: A formal approach to
brokerage in transaction networks." *Sociological Methodology* 19: 89-126.

A broker ``j`` sits on a directed two-step chain ``i -> j -> k`` with ``i != k`` and no
direct ``i -> k`` edge. By the groups of ``i``, ``j`` and ``k`` the chain makes ``j`` a

==================  ======  ===========================================
role                sna     groups
==================  ======  ===========================================
coordinator         w_I     i, j, k all in one group
itinerant           w_O     i and k in one group, j in another ("consultant")
representative      b_IO    i with j, k elsewhere (j speaks for its group)
gatekeeper          b_OI    j with k, i elsewhere (j lets outsiders in)
liaison             b_O     i, j, k in three different groups
==================  ======  ===========================================

Counts, expected values, standard deviations and z-scores follow R's
``sna::brokerage(g, cl)`` (Butts, *sna: Tools for Social Network Analysis*, version 2.7)
exactly, including its formulas for the expectations under a random graph of the same
density ``d = m / (N (N - 1))``; the tests compare with sna itself. An undirected graph counts
each edge in both directions (as sna does with a symmetric adjacency matrix). Self-loops are
ignored (sna ignores them in the counts; graphkit also leaves them out of the density).
Parallel relations count once. A node without the partition attribute falls in the group
``None``.

Open two-step chains are counted from degrees by group (sparse matrix algebra); the closed
ones (``i -> j -> k`` with ``i -> k``, which do not count) are enumerated once in a compiled
pass (Numba) whose work is the sum over brokers of in-degree times out-degree. A graph of 100k
actors takes about a second; no dense ``n x n`` matrix is built.

>>> import networkx as nx
>>> G = nx.DiGraph([("a", "b"), ("b", "c")])
>>> result = brokerage_roles(G, {"a": "X", "b": "X", "c": "Y"})
>>> int(result.nodes.loc["b", "representative"])
1
"""
from __future__ import annotations

import itertools
from typing import Any, Hashable, Mapping, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphkit.analysis import kernels
from graphkit.analysis.engine import arcs
from graphkit.errors import AnalysisError

#: Role names in graphkit's columns, with sna's names, in sna's column order.
ROLES: tuple[tuple[str, str], ...] = (
    ("coordinator", "w_I"),
    ("itinerant", "w_O"),
    ("representative", "b_IO"),
    ("gatekeeper", "b_OI"),
    ("liaison", "b_O"),
    ("total", "t"),
)
ROLE_NAMES = tuple(name for name, _ in ROLES)


class BrokerageResult(NamedTuple):
    """Per-node and whole-graph brokerage.

    ``nodes``: one row per node (index = node) with ``group``, the raw counts (one column per
    role), ``expected_<role>``, ``sd_<role>`` and ``z_<role>``. ``totals``: one row per role
    with ``raw``, ``expected``, ``sd`` and ``z`` for the whole graph (sna's ``*.gli``).
    ``groups``: expected counts and standard deviations per group (sna's ``exp.grp``/``sd.grp``).
    """

    nodes: pd.DataFrame
    totals: pd.DataFrame
    groups: pd.DataFrame


def node_groups(G: nx.Graph, partition: str | Mapping[Hashable, Any] = "foreign") -> list[Any]:
    """The group of every node of ``G`` (in ``list(G)`` order) from an attribute or a mapping.

    >>> node_groups(nx.path_graph(2), {0: "x"})
    ['x', None]
    """
    if isinstance(partition, str):
        return [G.nodes[node].get(partition) for node in G]
    if isinstance(partition, Mapping):
        return [partition.get(node) for node in G]
    raise AnalysisError(f"partition must be an attribute name or a mapping, not {type(partition).__name__}")


def _adjacency(G: nx.Graph) -> sp.csr_array:
    """0/1 arcs of ``G`` (an undirected edge both ways), parallel relations once, no self-loops."""
    n = len(G)
    tails, heads = arcs(G)
    keep = tails != heads
    return sp.csr_array((np.ones(int(keep.sum()), dtype=np.int64), (tails[keep], heads[keep])), shape=(n, n))


def _closed_chains(indptr, indices, codes):
    """Closed chains i -> j -> k with i -> k, counted at the broker j by the groups of i, j, k.

    Columns: all one group; i, j together and k apart; j, k together and i apart; i, k
    together and j apart; all three apart. Work: sum over j of in-degree * out-degree.
    """
    n = indptr.size - 1
    closed = np.zeros((n, 5), dtype=np.int64)
    reaches = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        for a in range(indptr[i], indptr[i + 1]):
            reaches[indices[a]] = True
        gi = codes[i]
        for a in range(indptr[i], indptr[i + 1]):
            j = indices[a]
            gj = codes[j]
            for b in range(indptr[j], indptr[j + 1]):
                k = indices[b]
                if reaches[k]:
                    gk = codes[k]
                    if gi == gj:
                        closed[j, 0 if gj == gk else 1] += 1
                    elif gj == gk:
                        closed[j, 2] += 1
                    else:
                        closed[j, 3 if gi == gk else 4] += 1
        for a in range(indptr[i], indptr[i + 1]):
            reaches[indices[a]] = False
    return closed


def _raw_counts(A: sp.csr_array, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Raw role counts (n x 5, sna's column order) for the 0/1 adjacency ``A``."""
    n = A.shape[0]
    coo = A.tocoo()
    same_edge = codes[coo.row] == codes[coo.col]
    A_same = sp.csr_array((coo.data * same_edge, (coo.row, coo.col)), shape=(n, n))
    A_same.eliminate_zeros()
    AT = sp.csr_array(A.T)

    onehot = sp.csr_array(
        (np.ones(n, dtype=np.int64), (np.arange(n), codes)), shape=(n, n_groups)
    )
    in_by_group = sp.csr_array(AT @ onehot)  # in_by_group[j, a] = #i in group a with i -> j
    out_by_group = sp.csr_array(A @ onehot)
    own = (np.arange(n), codes)
    in_own = in_by_group.toarray()[own] if n_groups * n <= 50_000_000 else _pick(in_by_group, codes)
    out_own = out_by_group.toarray()[own] if n_groups * n <= 50_000_000 else _pick(out_by_group, codes)
    in_all = np.asarray(A.sum(axis=0)).ravel()
    out_all = np.asarray(A.sum(axis=1)).ravel()
    same_group_pairs = np.asarray(in_by_group.multiply(out_by_group).sum(axis=1)).ravel()

    R = sp.csr_array(A.multiply(AT))  # reciprocated edges: the i == k chains
    recip_all = np.asarray(R.sum(axis=1)).ravel()
    recip_own = np.asarray(R.multiply(A_same).sum(axis=1)).ravel()

    A.sort_indices()
    steps = int(np.diff(A.indptr)[A.indices].sum()) if A.nnz else 0  # two-step chains
    closed = kernels.run("_closed_chains", _closed_chains, steps, A.indptr, A.indices, codes.astype(np.int64))
    closed_ss, closed_sd, closed_ds, closed_dd_same, closed_dd_diff = closed.T

    coordinator = in_own * out_own - recip_own - closed_ss
    representative = in_own * (out_all - out_own) - closed_sd
    gatekeeper = (in_all - in_own) * out_own - closed_ds
    itinerant = (same_group_pairs - in_own * out_own) - (recip_all - recip_own) - closed_dd_same
    open_total = in_all * out_all - recip_all - (closed_ss + closed_sd + closed_ds + closed_dd_same + closed_dd_diff)
    liaison = open_total - coordinator - representative - gatekeeper - itinerant
    return np.column_stack([coordinator, itinerant, representative, gatekeeper, liaison]).astype(float)


def _pick(matrix: sp.csr_array, codes: np.ndarray) -> np.ndarray:
    """``matrix[j, codes[j]]`` for every row j, without densifying."""
    onehot_mask = sp.csr_array(
        (np.ones(len(codes)), (np.arange(len(codes)), codes)), shape=matrix.shape
    )
    return np.asarray(matrix.multiply(onehot_mask).sum(axis=1)).ravel().astype(np.int64)


def _group_expectations(n: np.ndarray, N: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected counts and variances per group (sna's ``ebr`` and ``vbr``), 6 columns."""
    G = len(n)
    e = np.zeros((G, 6))
    v = np.zeros((G, 6))
    a = d**2 * (1 - d)
    b = d**3 * (1 - d) ** 3
    for i in range(G):
        rest = np.delete(n, i)
        e[i, 0] = a * (n[i] - 1) * (n[i] - 2)
        v[i, 0] = e[i, 0] * (1 - a) + 2 * (n[i] - 1) * (n[i] - 2) * (n[i] - 3) * b
        e[i, 1] = a * np.sum(rest * (rest - 1))
        v[i, 1] = e[i, 1] * (1 - a) + 2 * np.sum(rest * (rest - 1) * (rest - 2)) * b
        e[i, 2] = a * (N - n[i]) * (n[i] - 1)
        v[i, 2] = e[i, 2] * (1 - a) + 2 * (
            (n[i] - 1) * _choose2(N - n[i]) + (N - n[i]) * _choose2(n[i] - 1)
        ) * b
        e[i, 3] = e[i, 2]
        v[i, 3] = v[i, 2]
        e[i, 4] = a * (np.sum(np.outer(rest, rest)) - np.sum(rest**2))
        v[i, 4] = e[i, 4] * (1 - a) + 4 * np.sum(rest * _choose2(N - rest - n[i]) * b)
        e[i, 5] = a * (N - 1) * (N - 2)
        v[i, 5] = e[i, 5] * (1 - a) + 2 * (N - 1) * (N - 2) * (N - 3) * b
    return e, v


def _choose2(x: Any) -> Any:
    """R's ``choose(x, 2)`` for real x: x (x - 1) / 2 (0 when x < 2 for whole numbers)."""
    x = np.asarray(x, dtype=float)
    return np.where(x < 2, np.where((x == np.floor(x)) & (x >= 0), 0.0, x * (x - 1) / 2), x * (x - 1) / 2)


def _graph_expectations(n: np.ndarray, N: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Whole-graph expected counts and variances (sna's ``egbr`` and ``vgbr``)."""
    a = d**2 * (1 - d)
    b3 = d**3 * (1 - d) ** 3
    b4 = d**4 * (1 - d) ** 2
    b5 = d**5 * (1 - d)
    e = np.zeros(6)
    v = np.zeros(6)
    e[0] = a * np.sum(n * (n - 1) * (n - 2))
    v[0] = e[0] * (1 - a) + np.sum(n * (n - 1) * (n - 2) * (((4 * n - 10) * b3) - (4 * (n - 3) * b4) + ((n - 3) * b5)))
    e[1] = a * np.sum(n * (N - n) * (n - 1))
    x, y = np.meshgrid(n, n, indexing="ij")
    outer = x * y * (x - 1) * (((2 * x + 2 * y - 6) * b3) + ((N - x - 1) * b5))
    v[1] = e[1] * (1 - a) + (np.sum(outer) - np.sum(n * n * (n - 1) * (((4 * n - 6) * b3) + ((N - n - 1) * b5))))
    e[2] = a * np.sum(n * (N - n) * (n - 1))
    v[2] = e[2] * (1 - a) + np.sum(n * (N - n) * (n - 1) * (((N - 3) * b3) + ((n - 2) * b5)))
    e[3] = e[2]
    v[3] = v[2]
    e[4] = a * (np.sum(x * y * (N - x - y)) - np.sum(n * n * (N - 2 * n)))
    v[4] = e[4] * (1 - a)
    groups = range(len(n))
    for i, j, k in itertools.product(groups, groups, groups):
        if i != j and j != k and i != k:
            v[4] += n[i] * n[j] * n[k] * (
                (4 * (N - n[j]) - 2 * (n[i] + n[k] + 1)) * b3
                - (4 * (N - n[k]) - 2 * (n[i] + n[j] + 1)) * b4
                + (N - (n[i] + n[k] + 1)) * b5
            )
    e[5] = a * N * (N - 1) * (N - 2)
    v[5] = e[5] * (1 - a) + N * (N - 1) * (N - 2) * (((4 * N - 10) * b3) - (4 * (N - 3) * b4) + ((N - 3) * b5))
    return e, v


def brokerage_roles(
    G: nx.Graph, partition: str | Mapping[Hashable, Any] = "foreign"
) -> BrokerageResult:
    """Gould–Fernandez brokerage of every node: raw counts, expectations and z-scores.

    Parameters
    ----------
    G : networkx graph
        Directed contacts (undirected edges count both ways; parallel relations once).
    partition : str or mapping
        A node attribute name (default ``"foreign"``: foreign vs domestic) or a mapping
        node -> group. Any hashable group labels; missing ones form the group ``None``.

    Returns
    -------
    BrokerageResult
        ``nodes`` (per node), ``totals`` (whole graph) and ``groups`` (per group); see the
        class. z-scores are NaN or infinite where sna's are (a zero standard deviation).

    Examples
    --------
    A foreign contact reaching a domestic firm through a domestic go-between makes the
    go-between a gatekeeper:

    >>> G = nx.DiGraph([("agent", "fixer"), ("fixer", "lab")])
    >>> side = {"agent": True, "fixer": False, "lab": False}
    >>> brokerage_roles(G, side).nodes.loc["fixer", ["gatekeeper", "total"]].tolist()
    [1.0, 1.0]
    """
    nodes = list(G)
    groups = node_groups(G, partition)
    labels: list[Any] = []
    seen: dict[Any, int] = {}
    codes = np.empty(len(nodes), dtype=np.int64)
    for i, label in enumerate(groups):
        if label not in seen:
            seen[label] = len(labels)
            labels.append(label)
        codes[i] = seen[label]
    A = _adjacency(G)
    N = float(len(nodes))
    m = float(A.nnz)
    d = m / (N * (N - 1)) if N > 1 else 0.0
    raw = _raw_counts(A, codes, len(labels)) if len(nodes) else np.zeros((0, 5))
    raw = np.column_stack([raw, raw.sum(axis=1)])
    sizes = np.bincount(codes, minlength=len(labels)).astype(float)
    group_e, group_v = _group_expectations(sizes, N, d)
    expected = group_e[codes]
    sd = np.sqrt(group_v[codes])
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (raw - expected) / sd
    columns: dict[str, Any] = {"group": groups}
    for c, name in enumerate(ROLE_NAMES):
        columns[name] = raw[:, c]
    for prefix, values in (("expected", expected), ("sd", sd), ("z", z)):
        for c, name in enumerate(ROLE_NAMES):
            columns[f"{prefix}_{name}"] = values[:, c]
    node_frame = pd.DataFrame(columns, index=pd.Index(nodes, name="node"))

    graph_e, graph_v = _graph_expectations(sizes, N, d)
    graph_raw = raw.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        graph_sd = np.sqrt(graph_v)
        graph_z = (graph_raw - graph_e) / graph_sd
    totals = pd.DataFrame(
        {"sna": [s for _, s in ROLES], "raw": graph_raw, "expected": graph_e, "sd": graph_sd, "z": graph_z},
        index=pd.Index(ROLE_NAMES, name="role"),
    )
    group_frame = pd.DataFrame(
        {
            **{"size": sizes},
            **{f"expected_{name}": group_e[:, c] for c, name in enumerate(ROLE_NAMES)},
            **{f"sd_{name}": np.sqrt(group_v[:, c]) for c, name in enumerate(ROLE_NAMES)},
        },
        index=pd.Index(labels, name="group"),
    )
    return BrokerageResult(node_frame, totals, group_frame)
