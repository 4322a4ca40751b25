"""Cut points: actors and contacts whose removal separates foreign actors from technology.

- **articulation points** (cut vertices) and **bridges** of the undirected actor graph
  (Hopcroft & Tarjan 1973): removing one disconnects part of the network;
- the **minimum vertex cut** between the foreign actors and the technology holders: the
  fewest actors whose removal leaves no chain of contacts from any foreign actor to any
  holder (Menger's theorem; computed as ``networkx.minimum_node_cut`` between a super-source
  joined to every foreign actor and a super-sink joined to every holder).

Technology holders are the actors with a ``HOLDS`` edge to a Technology node (the contract
of :mod:`graphkit.projection`), optionally only for given technologies. Technology nodes
themselves are left out of the contact graph: a shared technology is not a contact.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_nodes_from(["agent1", "agent2"], kind="Person", foreign=True)
>>> G.add_nodes_from(["fixer", "lab1", "lab2"], kind="Company", foreign=False)
>>> G.add_node("tech", kind="Technology", foreign=None)
>>> G.add_edges_from([(a, "fixer") for a in ("agent1", "agent2")], relation="CONTACTED")
>>> G.add_edges_from([("fixer", lab) for lab in ("lab1", "lab2")], relation="INTRODUCED")
>>> G.add_edges_from([(lab, "tech") for lab in ("lab1", "lab2")], relation="HOLDS")
>>> sorted(minimum_vertex_cut(G).cut)
['fixer']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graphkit import schema
from graphkit.analysis import engine
from graphkit.errors import AnalysisError
from graphkit.projection import collapse

HOLDS = "HOLDS"


def is_actor(G: nx.Graph, node: Hashable) -> bool:
    """True unless the node is a Technology (nodes without ``kind`` count as actors)."""
    return G.nodes[node].get("kind") != schema.TECHNOLOGY_KIND


def contact_graph(G: nx.Graph) -> nx.Graph:
    """The undirected simple graph of actors and their contacts (Technology nodes dropped).

    >>> contact_graph(nx.MultiDiGraph([(1, 2), (2, 1), (1, 2)])).number_of_edges()
    1
    """
    return collapse(G, directed=False, actors_only=True)


def _relation(data: dict, key: Any) -> Any:
    return data.get("relation", key)


def technology_holders(G: nx.Graph, technologies: Iterable[Hashable] | None = None) -> set:
    """Actors with a ``HOLDS`` edge to a Technology node (or to one of ``technologies``).

    >>> M = nx.MultiDiGraph()
    >>> M.add_node("t", kind="Technology"); M.add_node("a", kind="Person")
    >>> _ = M.add_edge("a", "t", key="HOLDS", relation="HOLDS")
    >>> technology_holders(M)
    {'a'}
    """
    wanted = set(technologies) if technologies is not None else None
    holders = set()
    edges = G.edges(keys=True, data=True) if isinstance(G, nx.MultiGraph) else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, key, data in edges:
        if _relation(data, key) != HOLDS or not is_actor(G, u):
            continue
        if G.nodes[v].get("kind") == schema.TECHNOLOGY_KIND and (wanted is None or v in wanted):
            holders.add(u)
    return holders


def foreign_actors(G: nx.Graph, attribute: str = "foreign") -> set:
    """Actors whose ``attribute`` (default ``foreign``) is true."""
    return {n for n, d in G.nodes(data=True) if d.get("kind") != schema.TECHNOLOGY_KIND and d.get(attribute) is True}


def articulation_points(G: nx.Graph) -> set:
    """Cut vertices of the undirected actor graph (compiled engine; equals networkx's).

    >>> sorted(articulation_points(nx.path_graph(3)))
    [1]
    """
    return engine.articulation_points(contact_graph(G))


def bridges(G: nx.Graph) -> list[tuple[Hashable, Hashable]]:
    """Contacts whose removal disconnects the undirected actor graph (``networkx.bridges``).

    >>> bridges(nx.path_graph(3))
    [(0, 1), (1, 2)]
    """
    return sorted((tuple(sorted((u, v), key=str)) for u, v in nx.bridges(contact_graph(G))), key=str)


@dataclass
class VertexCut:
    """A minimum vertex cut between two sets of actors."""

    cut: set
    sources: set
    targets: set
    #: Source actors that are also targets: no cut can separate them (each is its own path).
    overlap: set = field(default_factory=set)
    connected: bool = True


def minimum_vertex_cut(
    G: nx.Graph,
    sources: Iterable[Hashable] | None = None,
    targets: Iterable[Hashable] | None = None,
    *,
    partition: str = "foreign",
) -> VertexCut:
    """Fewest actors whose removal leaves no contact chain from ``sources`` to ``targets``.

    Parameters
    ----------
    G : networkx graph (the actor projection, or any graph)
    sources : actors, optional
        Default: the foreign actors (``partition`` attribute true).
    targets : actors, optional
        Default: the technology holders (:func:`technology_holders`).

    Returns
    -------
    VertexCut
        ``cut`` may contain members of the two sets themselves (removing a foreign actor
        also separates it). Actors in both sets are reported in ``overlap`` and left out of
        the flow problem. ``connected`` is False (and ``cut`` empty) when no chain exists.
    """
    H = contact_graph(G)
    source_set = set(foreign_actors(G, partition) if sources is None else sources)
    target_set = set(technology_holders(G) if targets is None else targets)
    missing = (source_set | target_set) - set(H)
    if missing:
        raise AnalysisError(f"not actors of the graph: {sorted(map(str, missing))[:5]}")
    overlap = source_set & target_set
    source_set -= overlap
    target_set -= overlap
    if not source_set or not target_set:
        return VertexCut(set(), source_set, target_set, overlap, connected=False)
    source, sink = ("__graphkit_source__",), ("__graphkit_sink__",)
    aux = H.copy()
    aux.remove_nodes_from(overlap)
    aux.add_edges_from((source, s) for s in source_set)
    aux.add_edges_from((t, sink) for t in target_set)
    if not nx.has_path(aux, source, sink):
        return VertexCut(set(), source_set, target_set, overlap, connected=False)
    cut = nx.minimum_node_cut(aux, source, sink)
    return VertexCut(set(cut), source_set, target_set, overlap, connected=True)


@dataclass
class ContactMatrix:
    """The actors' contacts as a symmetric sparse 0/1 matrix (Technology nodes left out).

    Built once by :func:`contact_matrix` and passed to :func:`split_off` when many actors are
    examined on one graph (the reasons of a broker table, :func:`cut_table`).
    """

    nodes: list
    index: dict
    matrix: sp.csr_array


def contact_matrix(G: nx.Graph) -> ContactMatrix:
    """The undirected contact graph of the actors of ``G`` as a sparse matrix.

    >>> contact_matrix(nx.MultiDiGraph([(1, 2), (2, 1), (2, 3)])).matrix.toarray().tolist()
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    everyone = list(G)
    is_actor = np.fromiter((G.nodes[n].get("kind") != schema.TECHNOLOGY_KIND for n in everyone), dtype=bool, count=len(everyone))
    position = np.cumsum(is_actor) - 1  # actor number of each actor, by G's order
    tails, heads = engine.arcs(G)
    keep = is_actor[tails] & is_actor[heads] & (tails != heads)
    tails, heads = position[tails[keep]], position[heads[keep]]
    n = int(is_actor.sum())
    ones = np.ones(2 * tails.size, dtype=np.int8)
    matrix = sp.csr_array((ones, (np.concatenate([tails, heads]), np.concatenate([heads, tails]))), shape=(n, n))
    matrix.data[:] = 1  # repeated and reciprocal contacts count once
    nodes = [node for node, actor in zip(everyone, is_actor) if actor]
    return ContactMatrix(nodes, {node: i for i, node in enumerate(nodes)}, matrix)


def split_off(G: nx.Graph, node: Hashable, contacts: ContactMatrix | None = None) -> list[set]:
    """The groups of actors cut off from the largest remaining part when ``node`` is removed.

    Sparse connected components (scipy) on the contact matrix without ``node``; pass
    ``contacts`` (:func:`contact_matrix`) to examine many actors of one graph without
    rebuilding it. Groups come largest first; ties in the order of their first actor in ``G``.

    >>> split_off(nx.path_graph(5), 1)
    [{0}]
    """
    contacts = contact_matrix(G) if contacts is None else contacts
    i = contacts.index[node]
    A = contacts.matrix
    n = len(contacts.nodes)
    keep = np.ones(n, dtype=bool)
    keep[i] = False
    rest = sp.csr_array(A[keep][:, keep])
    _, labels_rest = connected_components(rest, directed=False)
    labels = np.full(n, -1, dtype=np.int64)
    labels[keep] = labels_rest
    touching = np.unique(labels[A.indices[A.indptr[i]:A.indptr[i + 1]]])
    touching = touching[touching >= 0]
    if touching.size < 2:
        return []
    sizes = np.bincount(labels_rest)[touching]
    first = np.full(int(labels_rest.max()) + 1, n, dtype=np.int64)
    np.minimum.at(first, labels_rest, np.flatnonzero(keep))
    ordered = touching[np.lexsort((first[touching], -sizes))]
    members = np.flatnonzero(np.isin(labels, ordered[1:]))
    groups: dict[int, set] = {int(label): set() for label in ordered[1:]}
    for position in members:
        groups[int(labels[position])].add(contacts.nodes[position])
    return [groups[int(label)] for label in ordered[1:]]


def cut_table(G: nx.Graph, *, partition: str = "foreign", limit: int = 50) -> pd.DataFrame:
    """Every kind of cut point in one table: what an investigator would remove or watch.

    Rows, most decisive first:

    - ``minimum vertex cut``: one row per actor of :func:`minimum_vertex_cut` between the
      foreign actors and the technology holders (``cut_size`` says how many actors the whole
      cut has);
    - ``articulation point``: actors whose removal splits the actor graph, with how many
      actors and technology holders they cut off from the largest remaining part (the
      ``limit`` cutting off the most);
    - ``bridge``: contacts whose removal splits the actor graph (the first ``limit``).

    Columns: ``kind``, ``ids``, ``names``, ``cut_size``, ``cuts_off`` (actors),
    ``holders_cut_off``, ``foreign_cut_off``; counts are empty where they do not apply.

    >>> G = nx.DiGraph([("agent1", "agent2"), ("agent1", "fixer"), ("agent2", "fixer"),
    ...                 ("fixer", "lab1"), ("fixer", "lab2")])
    >>> nx.set_node_attributes(G, {"agent1": True, "agent2": True}, "foreign")
    >>> G.add_node("tech", kind="Technology")
    >>> G.add_edges_from([("lab1", "tech"), ("lab2", "tech")], relation="HOLDS")
    >>> table = cut_table(G)
    >>> table[["kind", "names", "cuts_off", "holders_cut_off"]].values.tolist()
    [['minimum vertex cut', 'fixer', <NA>, <NA>], ['articulation point', 'fixer', 2, 2], ['bridge', 'fixer – lab1', <NA>, <NA>], ['bridge', 'fixer – lab2', <NA>, <NA>]]
    """
    def name(node: Hashable) -> str:
        return str(G.nodes[node].get("name") or node)

    holders, foreign = technology_holders(G), foreign_actors(G, partition)
    rows: list[dict[str, Any]] = []
    vertex_cut = minimum_vertex_cut(G, foreign, holders)
    for node in sorted(vertex_cut.cut, key=name):
        rows.append({"kind": "minimum vertex cut", "ids": [node], "names": name(node),
                     "cut_size": len(vertex_cut.cut)})
    found: list[dict[str, Any]] = []
    contacts = contact_matrix(G)
    for node in articulation_points(G):
        cut_off = set().union(*split_off(G, node, contacts))
        found.append({"kind": "articulation point", "ids": [node], "names": name(node),
                      "cuts_off": len(cut_off), "holders_cut_off": len(cut_off & holders),
                      "foreign_cut_off": len(cut_off & foreign)})
    found.sort(key=lambda row: (-row["holders_cut_off"], -row["cuts_off"], row["names"]))
    rows.extend(found[:limit])
    for u, v in bridges(G)[:limit]:
        rows.append({"kind": "bridge", "ids": [u, v], "names": f"{name(u)} – {name(v)}"})
    columns = ["kind", "ids", "names", "cut_size", "cuts_off", "holders_cut_off", "foreign_cut_off"]
    return pd.DataFrame(rows, columns=columns).astype({c: "Int64" for c in columns[3:]})
