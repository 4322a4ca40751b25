"""The k most likely transfer paths between actors, optionally time-respecting, each hop with
the records that support it.

Each edge has a probability ``p`` (:mod:`graphkit.analysis.likelihood`) and cost ``-log p``; a
path's probability is the product of its hops', so the most likely paths are the cheapest.
Paths are simple (no actor twice), start at the last source they meet and end at the first
target they reach (a path never passes through another source or target).

Search: a best-first (A*) enumeration of simple partial paths ordered by cost so far plus the
exact least cost to the nearest target (computed once by SciPy's compiled Dijkstra on the
reversed arcs). With that consistent heuristic, complete paths leave the queue in order of
cost, so the first ``k`` distinct ones are the ``k`` most likely simple paths (Hart, Nilsson &
Raphael 1968; the same answer as Yen's algorithm, Yen 1971, which ``method="yen"`` runs through
``networkx.shortest_simple_paths`` as the reference). The same enumeration carries each partial
path's time clock (:mod:`graphkit.analysis.temporal`), so the time-respecting mode, the maximum
gap and the hop limit are exact too.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("f", kind="Person", name="Foreign", foreign=True)
>>> G.add_node("d", kind="Person", name="Domestic", foreign=False)
>>> _ = G.add_edge("f", "d", key="CONTACTED", relation="CONTACTED", contacts=1)
>>> [p.names for p in likely_paths(G, "Foreign", "Domestic", model=LikelihoodModel(half_life_days=None))]
[('Foreign', 'Domestic')]
"""
from __future__ import annotations

import gc
import heapq
import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable, Mapping, cast

import networkx as nx
import pandas as pd

from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.analysis.selection import resolve_nodes
from graphkit.analysis.temporal import (DEFAULT_STANDING, START, latest_departures, schedule,
                                        step)
from graphkit.analysis.transfer import distances_to, is_transfer_graph, transfer_graph
from graphkit.errors import AnalysisError

Selector = str | Hashable | Iterable[str | Hashable]


@dataclass(frozen=True)
class Hop:
    """One step of a path: who to whom, by which relation, how likely, and on what records."""

    source: Hashable
    target: Hashable
    source_name: str
    target_name: str
    relation: str
    reversed: bool  # walked against the recorded direction of a two-way relation
    p: float
    cost: float
    date: str | None  # the record date the time-respecting schedule uses (None otherwise)
    when: str | None  # the day (ISO) that schedule places the hop on (None otherwise)
    evidence: tuple[dict[str, Any], ...] = field(default=())  # record_id, file, row, case, date


@dataclass(frozen=True)
class TransferPath:
    """One likely path: its rank (1 = most likely), nodes, hops, probability and cost."""

    rank: int
    nodes: tuple[Hashable, ...]
    hops: tuple[Hop, ...]
    probability: float
    cost: float

    @property
    def names(self) -> tuple[str, ...]:
        """Display names of the nodes along the path."""
        if not self.hops:
            return ()
        return (self.hops[0].source_name, *(h.target_name for h in self.hops))


def likely_paths(
    G: nx.Graph,
    sources: Selector,
    targets: Selector,
    *,
    k: int = 10,
    model: LikelihoodModel | None = None,
    time_respecting: bool = False,
    max_gap_days: int | None = None,
    max_hops: int | None = None,
    directions: Mapping[str, str] | None = None,
    standing_relations: Iterable[str] = DEFAULT_STANDING,
    method: str = "astar",
    max_expansions: int = 2_000_000,
) -> list[TransferPath]:
    """The ``k`` most likely simple paths from ``sources`` to ``targets``, most likely first.

    Parameters
    ----------
    G
        Actor graph, or a graph made by :func:`~graphkit.analysis.transfer.transfer_graph`
        (reuse one for many queries; ``model`` and ``directions`` are then ignored).
    sources, targets
        Node ids, selector strings (``foreign``, ``technology:"quantum sensing"``, ``case:ID``,
        a name; see :mod:`graphkit.analysis.selection`) or iterables of either.
    k
        How many paths.
    time_respecting
        Keep only paths whose hops can be dated in order (see :mod:`graphkit.analysis.temporal`).
    max_gap_days
        With ``time_respecting``: at most this many days between consecutive dated hops.
    max_hops
        Longest path, in hops.
    directions
        Overrides of :data:`~graphkit.analysis.transfer.DEFAULT_DIRECTIONS`.
    standing_relations
        Relations taken as states in time-respecting mode (no date needed, clock unchanged).
    method
        ``"astar"`` (default, exact, all options) or ``"yen"`` (networkx's Yen; plain mode only).
    max_expansions
        Give up (AnalysisError) after expanding this many partial paths.

    Returns
    -------
    list of TransferPath; empty when no path exists.
    """
    if k < 1:
        raise AnalysisError(f"k must be at least 1, got {k}", value=k)
    if max_gap_days is not None and not time_respecting:
        raise AnalysisError("a maximum gap needs time-respecting mode", value=max_gap_days)
    if max_gap_days is not None and max_gap_days < 0:
        raise AnalysisError(f"the maximum gap must be at least 0 days, got {max_gap_days}")
    if max_hops is not None and max_hops < 1:
        raise AnalysisError(f"max_hops must be at least 1, got {max_hops}", value=max_hops)
    H = cast(nx.DiGraph, G) if is_transfer_graph(G) else transfer_graph(G, model, directions=directions)
    src, dst = resolve_nodes(H, sources), resolve_nodes(H, targets)
    both = src & dst
    if both:
        names = ", ".join(sorted(str(H.nodes[n].get("name", n)) for n in both)[:5])
        raise AnalysisError(f"{names} is both a source and a target", value=names)
    standing = frozenset(standing_relations)
    if method == "yen":
        if time_respecting or max_hops is not None:
            raise AnalysisError("method 'yen' does not support time-respecting mode or max_hops")
        found = _yen(H, src, dst, k)
    elif method == "astar":
        # the search allocates many small tuples and no cycles: the cyclic collector would
        # only rescan the (large) graph again and again meanwhile
        collecting = gc.isenabled()
        gc.disable()
        try:
            found = _best_first(H, src, dst, k, time_respecting, max_gap_days, max_hops,
                                standing, max_expansions)
        finally:
            if collecting:
                gc.enable()
    else:
        raise AnalysisError(f"unknown method {method!r}; choose astar or yen", value=method)
    return [_describe(H, rank, nodes, arcs, time_respecting, max_gap_days, standing)
            for rank, (nodes, arcs) in enumerate(found, start=1)]


def paths_frame(paths: list[TransferPath]) -> pd.DataFrame:
    """One row per hop: rank, probability, hop, from, relation, to, date(s), evidence, cases."""
    rows = []
    for path in paths:
        for i, hop in enumerate(path.hops, start=1):
            dates = sorted({e["date"] for e in hop.evidence if e["date"]})
            rows.append({
                "rank": path.rank,
                "probability": float(f"{path.probability:.6g}"),
                "hop": i,
                "from": hop.source_name,
                "relation": hop.relation + (" (reversed)" if hop.reversed else ""),
                "to": hop.target_name,
                "p": float(f"{hop.p:.6g}"),
                "date": hop.date if hop.date else ("; ".join(dates) if dates else ""),
                "evidence": [f"{e['file']}:{e['row']}" for e in hop.evidence],
                "cases": sorted({e["case"] for e in hop.evidence if e["case"]}),
            })
    columns = ["rank", "probability", "hop", "from", "relation", "to", "p", "date", "evidence",
               "cases"]
    return pd.DataFrame(rows, columns=columns)


def _best_first(H: nx.DiGraph, src: set, dst: set, k: int, temporal: bool,
                max_gap: int | None, max_hops: int | None, standing: frozenset[str],
                max_expansions: int) -> list[tuple[tuple, tuple]]:
    """A* over simple partial paths with partial expansion (Yoshizumi, Miura & Ishida 2000):
    a queue entry stands for the i-th cheapest child of a partial path, and popping it pushes
    only its next sibling, so a hub with thousands of contacts costs one push per pop, not one
    per neighbour. Children are sorted by arc cost plus the exact cost-to-target."""
    to_target = distances_to(H, dst)
    adjacency = H._adj  # type: ignore[attr-defined]  # networkx's private dict (not in types-networkx)
    if temporal:
        nodes_list, index, _, _ = H.graph["_reverse_csr"]
        latest = latest_departures(H, src, dst, standing, index, nodes_list)
    sorted_children: dict[Hashable, list[tuple[float, Hashable, dict]]] = {}

    def children(node: Hashable) -> list[tuple[float, Hashable, dict]]:
        found_children = sorted_children.get(node)
        if found_children is None:
            found_children = []
            for nxt, attrs in adjacency[node].items():
                rest = to_target.get(nxt)
                if rest is None or nxt in src:
                    continue
                for arc in attrs["arcs"] if temporal else attrs["arcs"][:1]:
                    found_children.append((arc["cost"] + rest, nxt, arc))
            found_children.sort(key=lambda child: child[0])
            sorted_children[node] = found_children
        return found_children

    order = itertools.count()
    queue: list = []
    found: list[tuple[tuple, tuple]] = []
    seen: set[tuple] = set()

    def open_path(cost: float, node: Hashable, nodes: tuple, arcs: tuple, clock: Any) -> None:
        if max_hops is not None and len(arcs) >= max_hops:
            return
        first = children(node)
        if first:
            heapq.heappush(queue, (cost + first[0][0], next(order), 0, cost, node, nodes, arcs,
                                   clock))

    for s in sorted(src, key=str):
        if s in to_target:
            open_path(0.0, s, (s,), (), START if temporal else None)
    expansions = 0
    while queue and len(found) < k:
        _, _, i, cost, node, nodes, arcs, clock = heapq.heappop(queue)
        siblings = sorted_children[node]
        if i + 1 < len(siblings):
            heapq.heappush(queue, (cost + siblings[i + 1][0], next(order), i + 1, cost, node,
                                   nodes, arcs, clock))
        _, nxt, arc = siblings[i]
        if nxt in nodes:
            continue
        if temporal:
            moved = step(clock, arc, max_gap, standing)
            if moved is None or moved[0][0] > latest[index[nxt]]:
                continue  # out of time, or no way on to a target in time
        else:
            moved = None
        expansions += 1
        if expansions > max_expansions:
            raise AnalysisError(f"path search gave up after {max_expansions} partial paths; "
                                "narrow it with max_hops, a smaller k or a case filter")
        spent, path, used = cost + arc["cost"], nodes + (nxt,), arcs + (arc,)
        if nxt in dst:
            if path not in seen:  # one relation per node sequence: its cheapest feasible one
                seen.add(path)
                found.append((path, used))
            continue
        open_path(spent, nxt, path, used, moved)
    return found


def _yen(H: nx.DiGraph, src: set, dst: set, k: int) -> list[tuple[tuple, tuple]]:
    """Reference: networkx's Yen on the best-arc cost graph (super source and sink for sets)."""
    start, end = ("graphkit-super-source",), ("graphkit-super-sink",)
    search: nx.DiGraph = nx.DiGraph()
    search.add_weighted_edges_from(
        ((u, v, data.get("cost")) for u, v, data in H.edges(data=True) if v not in src and u not in dst),
        weight="cost")
    search.add_weighted_edges_from(((start, s, 0.0) for s in src), weight="cost")
    search.add_weighted_edges_from(((t, end, 0.0) for t in dst), weight="cost")
    found = []
    try:
        for path in itertools.islice(nx.shortest_simple_paths(search, start, end, "cost"), k):
            nodes = tuple(path[1:-1])
            found.append((nodes, tuple(H[a][b]["arcs"][0] for a, b in zip(nodes, nodes[1:]))))
    except nx.NetworkXNoPath:
        pass
    return found


def _describe(H: nx.DiGraph, rank: int, nodes: tuple, arcs: tuple, temporal: bool,
              max_gap: int | None, standing: frozenset[str]) -> TransferPath:
    dated = schedule(arcs, max_gap, standing) if temporal else [None] * len(arcs)
    if dated is None:  # cannot happen: the search only extends feasible clocks
        raise AnalysisError("internal: a time-respecting path failed its schedule")
    hops = []
    for (a, b), arc, when in zip(zip(nodes, nodes[1:]), arcs, dated):
        evidence = sorted((_record(ev) for ev in arc["data"].get("evidence") or []),
                          key=lambda e: (e["date"] or "", e["file"], e["row"]))
        hops.append(Hop(
            source=a, target=b,
            source_name=str(H.nodes[a].get("name", a)), target_name=str(H.nodes[b].get("name", b)),
            relation=arc["relation"], reversed=arc["reversed"], p=arc["p"], cost=arc["cost"],
            date=(when[1].date if when[1] is not None else when[0]) if when else None,
            when=when[0] if when else None,
            evidence=tuple(evidence)))
    return TransferPath(rank=rank, nodes=nodes, hops=tuple(hops),
                        probability=math.prod(h.p for h in hops),
                        cost=math.fsum(h.cost for h in hops))


def _record(ev: Any) -> dict[str, Any]:
    return {"record_id": ev.record_id, "file": ev.file, "row": ev.row, "case": ev.case_id,
            "date": ev.date, "reliability": ev.reliability}
