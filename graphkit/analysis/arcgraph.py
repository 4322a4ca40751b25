"""A simple graph held as arrays, for the analysis of whole graphs without a Python object per tie.

:class:`ArcGraph` is what :func:`graphkit.analysis.brokers.broker_table` ranks when it is given
the projection as arrays (:class:`graphkit.projection.ActorArrays`): nodes ``0..n-1`` with
their ids and attributes, one arc per linked ordered pair (an undirected graph lists each pair
both ways), and optional arc values. It offers the small part of networkx's graph interface the
kernels read (iteration in node order, ``len``, ``in``, ``nodes[n]``, ``nodes(data=True)``,
``is_directed``, ``is_multigraph``, ``number_of_edges``); the kernels' conversions
(:func:`graphkit.analysis.engine.arcs`, :func:`~graphkit.analysis.engine.to_networkit`,
:func:`~graphkit.analysis.structural_holes.mutual_weights`, ...) read its arrays directly.
What needs networkx proper gets a small graph: :meth:`ArcGraph.around` (a node and its
contacts, for a reason) or :meth:`ArcGraph.to_networkx` (small graphs only, for the fallbacks).

>>> g = ArcGraph(["a", "b", "c"], [0, 1], [1, 2], directed=True, attributes={"name": ["A", "B", "C"]})
>>> list(g), g.nodes["b"]["name"], g.number_of_edges(), sorted(g.around("b").edges)
(['a', 'b', 'c'], 'B', 2, [('a', 'b'), ('b', 'c')])
"""
from __future__ import annotations

from typing import Any, Hashable, Iterator, Mapping, Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp


class _NodeView:
    """``G.nodes[node]`` (the node's attributes as a dict) and ``G.nodes(data=True)``."""

    def __init__(self, graph: "ArcGraph") -> None:
        self._graph = graph

    def __getitem__(self, node: Hashable) -> dict[str, Any]:
        return self._graph.attributes_of(self._graph.index[node])

    def __call__(self, data: bool = False) -> Iterator[Any]:
        graph = self._graph
        if not data:
            return iter(graph.ids)
        return ((node, graph.attributes_of(i)) for i, node in enumerate(graph.ids))

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._graph.ids)

    def __len__(self) -> int:
        return len(self._graph.ids)

    def __contains__(self, node: object) -> bool:
        return node in self._graph.index


class ArcGraph:
    """A simple (di)graph as arrays; see the module docstring.

    Parameters
    ----------
    ids : the node ids, node ``i`` is ``ids[i]``
    tails, heads : the arcs as node positions; duplicates are merged (values added)
    values : one number per arc (e.g. contacts), or None (every arc 1)
    directed : False: the pairs are undirected (each listed once or both ways; stored both ways)
    attributes : attribute name -> one value per node (``kind``, ``name``, ``foreign``, ...)
    """

    def __init__(self, ids: Sequence[Hashable], tails: Any, heads: Any, values: Any = None, *,
                 directed: bool, attributes: Mapping[str, Sequence[Any]] | None = None) -> None:
        self.ids = list(ids)
        self.index = {node: i for i, node in enumerate(self.ids)}
        n = len(self.ids)
        tails = np.asarray(tails, dtype=np.int64)
        heads = np.asarray(heads, dtype=np.int64)
        data = np.ones(tails.size) if values is None else np.asarray(values, dtype=float)
        keep = tails != heads
        tails, heads, data = tails[keep], heads[keep], data[keep]
        if not directed:
            tails, heads = np.concatenate([tails, heads]), np.concatenate([heads, tails])
            data = np.concatenate([data, data])
        matrix = sp.coo_array((data, (tails, heads)), shape=(n, n)).tocsr()  # duplicates add up
        matrix.sum_duplicates()
        matrix.sort_indices()
        self.matrix = sp.csr_array(matrix)
        self.directed = directed
        self.weighted = values is not None
        self.attributes = {key: list(column) for key, column in (attributes or {}).items()}
        self.nodes = _NodeView(self)

    # --- networkx's interface, the part the kernels read ------------------------------------

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, node: object) -> bool:
        return node in self.index

    def is_directed(self) -> bool:
        return self.directed

    def is_multigraph(self) -> bool:
        return False

    def number_of_nodes(self) -> int:
        return len(self.ids)

    def number_of_edges(self) -> int:
        """Arcs (directed) or pairs (undirected), as networkx counts edges."""
        return int(self.matrix.nnz if self.directed else self.matrix.nnz // 2)

    def attributes_of(self, i: int) -> dict[str, Any]:
        """Node ``i``'s attributes (those not None), as networkx's node data dict."""
        return {key: column[i] for key, column in self.attributes.items() if column[i] is not None}

    # --- arrays -----------------------------------------------------------------------------

    def arcs(self) -> tuple[np.ndarray, np.ndarray]:
        """Tail and head of every arc (an undirected pair both ways), by position, as
        :func:`graphkit.analysis.engine.arcs` gives them for a networkx graph."""
        tails = np.repeat(np.arange(len(self.ids), dtype=np.int64), np.diff(self.matrix.indptr))
        return tails, self.matrix.indices.astype(np.int64)

    def arc_values(self) -> np.ndarray:
        """The value of every arc, in :meth:`arcs` order (1 on an unweighted graph)."""
        return np.asarray(self.matrix.data, dtype=float) if self.weighted else np.ones(self.matrix.nnz)

    def successors_of(self, i: int) -> np.ndarray:
        return self.matrix.indices[self.matrix.indptr[i]:self.matrix.indptr[i + 1]]

    def transposed(self) -> sp.csr_array:
        """The arcs reversed (predecessors by row)."""
        return sp.csr_array(self.matrix.T.tocsr())

    def both_ways(self) -> "ArcGraph":
        """Every arc in both directions, the values of the two directions added (as
        :func:`graphkit.analysis.brokers.read_contacts` with ``"undirected"``)."""
        tails, heads = self.arcs()
        values = self.arc_values()
        return ArcGraph(self.ids, np.concatenate([tails, heads]), np.concatenate([heads, tails]),
                        np.concatenate([values, values]) if self.weighted else None, directed=True,
                        attributes=self.attributes)

    def subgraph_of(self, positions: Sequence[int]) -> nx.DiGraph | nx.Graph:
        """The networkx graph induced on the nodes at ``positions`` (a small part only)."""
        chosen = np.asarray(sorted(set(int(p) for p in positions)), dtype=np.int64)
        graph: nx.DiGraph | nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        graph.add_nodes_from((self.ids[i], self.attributes_of(i)) for i in chosen.tolist())
        part = self.matrix[chosen][:, chosen].tocoo()
        values = part.data.tolist()
        # a weighted graph's values serve as "contacts" (strength) and "weight" (collapsed graphs)
        graph.add_edges_from((self.ids[chosen[r]], self.ids[chosen[c]],
                              {"contacts": values[k], "weight": values[k]} if self.weighted else {})
                             for k, (r, c) in enumerate(zip(part.row.tolist(), part.col.tolist())))
        return graph

    def around(self, node: Hashable) -> nx.DiGraph | nx.Graph:
        """``node``, its predecessors and successors, and the arcs among them, as networkx:
        what a broker's reason reads (its open chains), at the size of its neighbourhood."""
        i = self.index[node]
        predecessors = self.transposed()
        near = {i, *self.successors_of(i).tolist(),
                *predecessors.indices[predecessors.indptr[i]:predecessors.indptr[i + 1]].tolist()}
        return self.subgraph_of(sorted(near))

    def to_networkx(self) -> nx.DiGraph | nx.Graph:
        """The whole graph as networkx: for the fallbacks on small graphs only."""
        return self.subgraph_of(range(len(self.ids)))

    def degrees(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Distinct neighbours, predecessors and successors of every node (no self-loops)."""
        out_degree = np.diff(self.matrix.indptr)
        if not self.directed:
            return out_degree, out_degree, out_degree
        transposed = self.transposed()
        in_degree = np.diff(transposed.indptr)
        either = self.matrix + transposed
        return np.diff(sp.csr_array(either).indptr), in_degree, out_degree

    def reciprocated_share(self) -> float:
        """Share of linked pairs with arcs both ways (:func:`graphkit.analysis.brokers.reciprocated_share`)."""
        A = self.matrix.copy()
        A.data[:] = 1
        both = int(sp.csr_array(A.multiply(A.T)).nnz)  # arcs whose reverse exists
        pairs = A.nnz - both / 2
        return (both / 2) / pairs if pairs else 0.0
