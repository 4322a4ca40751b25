"""The k most likely transfer paths between actors, optionally time-respecting, each hop with
the records that support it.

Each edge has a probability ``p`` (:mod:`graphkit.analysis.likelihood`) and cost ``-log p``; a
path's probability is the product of its hops', so the most likely paths are the cheapest.
Paths are simple (no actor twice), end at the first target they reach, and start at the last
source they meet (with distinct evidence, a path passes through another source only where the
part from that source on is stated by one record and the hops before it run as recorded: they
show who stands behind that source, and that is what the path adds).

**Distinct evidence.** One record often supports several edges: a contact row "Sakura, via
Varga, to 佐藤 about quantum sensing" yields Sakura-Varga, Varga-佐藤 and 佐藤 HOLDS quantum
sensing. A path must rest on distinct evidence per hop: its hops can be given pairwise distinct
supporting records (a system of distinct representatives, checked hop by hop with one
augmenting-path step, Kuhn 1955), so a hop whose only record is one an earlier hop already
uses adds nothing and the path is not taken. A hop without an evidence list rests on a record
of its own. **Ranking.** Paths that *link* records come first: those where no single record
supports every hop (a two-hop "X contacted Y about T; Y HOLDS T" restates the contact rows
and comes after every linking path); within each group, most likely first.

Search: a best-first (A*) enumeration of simple partial paths ordered by cost so far plus the
exact least cost to the nearest target (computed once by SciPy's compiled Dijkstra on the
reversed arcs). With that consistent heuristic, complete paths leave the queue in order of
cost, so the first ``k`` distinct ones are the ``k`` most likely simple paths (Hart, Nilsson &
Raphael 1968; the same answer as Yen's algorithm, Yen 1971, which ``method="yen"`` runs through
``networkx.shortest_simple_paths`` as the reference). The same enumeration carries each partial
path's time clock (:mod:`graphkit.analysis.temporal`), so the time-respecting mode, the maximum
gap and the hop limit are exact too; there the bound is a temporal-Dijkstra cost profile
(:func:`~graphkit.analysis.temporal.cost_profiles`). Time-respecting queries without a gap or a
hop limit run Yen's algorithm over a forward temporal Dijkstra instead (:func:`_temporal_yen`),
which cannot run away on large dated networks.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("f", kind="Person", name="Foreign", foreign=True)
>>> G.add_node("d", kind="Person", name="Domestic", foreign=False)
>>> _ = G.add_edge("f", "d", key="CONTACTED", relation="CONTACTED", contacts=1)
>>> [p.names for p in likely_paths(G, "Foreign", "Domestic", model=LikelihoodModel(half_life_days=None))]
[('Foreign', 'Domestic')]
"""
from __future__ import annotations

import bisect
import gc
import heapq
import itertools
import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable, Mapping, cast

import networkx as nx
import pandas as pd

from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.analysis.selection import resolve_nodes
from graphkit.analysis.temporal import DEFAULT_STANDING, START, CostProfiles, arc_periods, schedule, step
from graphkit.analysis.transfer import distances_to, is_transfer_graph, transfer_graph
from graphkit.errors import AnalysisError

Selector = str | Hashable | Iterable[str | Hashable]


class PathSearchStopped(UserWarning):
    """The search met its expansion limit after finding some paths: it returns those (the
    most likely ones, in order) and says the list may be short."""


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
    distinct_evidence: bool = True,
    cost_limit: float | None = None,
    source_floors: Mapping[Any, float] | None = None,
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
    distinct_evidence
        Require distinct records per hop and rank paths that link records first (module
        docstring); False gives the plain ``k`` most likely paths.
    cost_limit, source_floors
        Only the paths costing at most ``cost_limit`` are needed (``source_floors``: a lower
        bound on the cost of reaching each node from a source, absent 0): in time-respecting
        mode the time bound is then computed only where such a path can go
        (:func:`~graphkit.analysis.temporal.cost_profiles`), and partial paths that cannot end
        within the limit are dropped (otherwise the limit is not used). The paths costing at most the limit, and their order, are
        the same as without it (each dropped partial path would have been ordered after them);
        paths costing more may be missing. How :mod:`~graphkit.analysis.path_region` searches
        a national graph.

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
        found = _yen(H, src, dst, k, distinct_evidence)
    elif method == "astar" and time_respecting and max_gap_days is None and max_hops is None \
            and not (distinct_evidence and _shares_records(H)):
        found = _temporal_yen(H, src, dst, k, standing, distinct_evidence, max_expansions)
    elif method == "astar":
        # the search allocates many small tuples and no cycles: the cyclic collector would
        # only rescan the (large) graph again and again meanwhile
        collecting = gc.isenabled()
        gc.disable()
        try:
            found = _best_first(H, src, dst, k, time_respecting, max_gap_days, max_hops,
                                standing, max_expansions, distinct_evidence,
                                cost_limit, source_floors)
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
                max_expansions: int, distinct: bool, cost_limit: float | None = None,
                source_floors: Mapping[Any, float] | None = None) -> list[tuple[tuple, tuple]]:
    """A* over simple partial paths with partial expansion (Yoshizumi, Miura & Ishida 2000):
    a queue entry stands for the i-th cheapest child of a partial path, and popping it pushes
    only its next sibling, so a hub with thousands of contacts costs one push per pop, not one
    per neighbour. Children are sorted by arc cost plus the exact cost-to-target. Among
    entries of equal bound the deeper goes first: with certain (cost 0) relations many partial
    paths tie, and depth first reaches a target through them instead of widening over all.

    With ``distinct`` each partial path carries the record it assigns to each hop; a hop that
    cannot be given a record of its own is not taken (a dead end for every extension too, so
    pruning it keeps the enumeration exact). Every relation between two actors is then a
    child of its own, since a dearer relation may be the one with a free record."""
    to_target = distances_to(H, dst)
    adjacency = H._adj  # type: ignore[attr-defined]  # networkx's private dict (not in types-networkx)
    if temporal:
        # the least cost on to a target given the clock: the time-aware bound that keeps the
        # search on paths that can still arrive in time (and proves none can, at once); its
        # labels are settled only as far as the entries popped need them (below)
        profiles = CostProfiles(H, dst, standing, limit=cost_limit, floors=source_floors)

    def bound(node: Hashable, clock: Any) -> tuple[float, bool]:
        """Least cost from ``node`` on to a target, leaving no earlier than ``clock`` allows,
        and True; or a lower bound of it and False (labels not settled that far yet)."""
        if not temporal:
            return 0.0, True
        return profiles.lookup(node, clock[0][0])

    every_arc = temporal or distinct
    sorted_children: dict[Hashable, list[tuple[float, Hashable, dict]]] = {}

    def children(node: Hashable) -> list[tuple[float, Hashable, dict]]:
        found_children = sorted_children.get(node)
        if found_children is None:
            found_children = []
            for nxt, attrs in adjacency[node].items():
                rest = to_target.get(nxt)
                if rest is None or (nxt in src and not distinct):
                    continue
                for arc in attrs["arcs"] if every_arc else attrs["arcs"][:1]:
                    found_children.append((arc["cost"] + rest, nxt, arc))
            found_children.sort(key=lambda child: child[0])
            sorted_children[node] = found_children
        return found_children

    order = itertools.count()
    queue: list = []
    collected = _Collector(k, distinct, src)

    cheapest_arcs = getattr(H, "cheapest_arcs", None)

    def cheapest_child(node: Hashable) -> float | None:
        """children(node)[0][0] (None: no child), without making the node's arcs where the
        graph gives each neighbour's cheapest arc cost (a lazy transfer graph: a node opened
        but never taken, such as most sources, then never has its arcs made)."""
        made = sorted_children.get(node)
        if made is None and cheapest_arcs is not None:
            least: float | None = None
            for nxt, arc_cost in zip(*cheapest_arcs(node)):
                rest = to_target.get(nxt)
                if rest is None or (nxt in src and not distinct):
                    continue
                if least is None or arc_cost + rest < least:
                    least = arc_cost + rest
            return least
        made = children(node)
        return made[0][0] if made else None

    def open_path(cost: float, node: Hashable, nodes: tuple, arcs: tuple, clock: Any,
                  assigned: tuple) -> None:
        if max_hops is not None and len(arcs) >= max_hops:
            return
        first = cheapest_child(node)
        rest, exact = bound(node, clock)
        floor = cost + rest  # no child of this path completes for less
        if first is not None and floor < math.inf:
            heapq.heappush(queue, (max(cost + first, floor), -len(nodes), next(order), 0,
                                   cost, node, nodes, arcs, clock, assigned, floor, exact))

    for s in sorted(src, key=str):
        if s in to_target:
            open_path(0.0, s, (s,), (), START if temporal else None, ())
    expansions = 0
    while queue and not collected.full:
        key, depth, ident, i, cost, node, nodes, arcs, clock, assigned, floor, exact = heapq.heappop(queue)
        siblings = children(node)
        if not exact:
            # the floor is a lower bound (the time bound's labels were not settled that far):
            # settle them up to what this entry's key allows and put the entry back where its
            # exact key puts it, with its place among equal keys (depth, push order). An
            # entry is taken only with its exact key, and every other entry's key is at most
            # its exact key, so entries are taken in the order the whole time bound gives.
            # (Only first children wait so: a sibling is pushed by a taken entry.)
            profiles.advance(key - cost)
            rest, exact = bound(node, clock)
            while not exact and cost + rest <= key:  # (rounding) settle the frontier's labels too
                profiles.advance(rest)
                rest, exact = bound(node, clock)
            floor = cost + rest
            if floor == math.inf:
                continue  # no way on to a target in time: dropped
            settled = max(cost + siblings[i][0], floor)
            if settled > key or not exact:
                heapq.heappush(queue, (settled, depth, ident, i, cost, node, nodes, arcs, clock, assigned,
                                       floor, exact))
                continue
        if i + 1 < len(siblings):
            heapq.heappush(queue, (max(cost + siblings[i + 1][0], floor), depth, next(order),
                                   i + 1, cost, node, nodes, arcs, clock, assigned, floor, True))
        _, nxt, arc = siblings[i]
        if nxt in nodes:
            continue
        if temporal:
            moved = step(clock, arc, max_gap, standing)
            if moved is None or (nxt not in dst and bound(nxt, moved) == (math.inf, True)):
                continue  # out of time, or no way on to a target in time (where not yet known:
                # its entry is dropped when taken)
        else:
            moved = None
        if distinct:
            extended = with_distinct_record(arcs, assigned, arc)
            if extended is None:
                continue  # the hop's records are all taken by earlier hops
            assigned = extended
        expansions += 1
        if expansions > max_expansions:
            found = collected.result()
            if not found:
                raise AnalysisError(f"path search gave up after {max_expansions} partial "
                                    "paths; narrow it with max_hops, a smaller k or a case "
                                    "filter")
            warnings.warn(PathSearchStopped(
                f"path search stopped after {max_expansions} partial paths with {len(found)} "
                f"of {k} paths: those are the most likely ones, the rest were not searched"))
            return found
        spent, path, used = cost + arc["cost"], nodes + (nxt,), arcs + (arc,)
        if nxt in dst:
            collected.add(path, used)
            continue
        open_path(spent, nxt, path, used, moved, assigned)
    return collected.result()


class _Collector:
    """Complete paths as the search meets them (cheapest first): the first feasible relation
    choice of each node sequence, linking paths before those one record states in full.

    With distinct evidence a path may pass through another source only where the part from
    that source on is stated by one record (it adds nothing on its own) and the hops before it
    run as recorded: they show who stands behind that source (Zhenhai OWNS Sakura, then one
    contact row "Sakura via Varga to 佐藤 about quantum sensing", where Varga is foreign too)."""

    def __init__(self, k: int, distinct: bool, sources: set) -> None:
        self.k, self.distinct, self.sources = k, distinct, sources
        self.linking: list[tuple[tuple, tuple]] = []
        self.restating: list[tuple[tuple, tuple]] = []
        self.seen: set[tuple] = set()

    @property
    def full(self) -> bool:
        return len(self.linking) >= self.k

    def add(self, nodes: tuple, arcs: tuple) -> None:
        if nodes in self.seen:  # one relation per node sequence: its cheapest feasible one
            return
        self.seen.add(nodes)
        if self.distinct and any(node in self.sources and not _behind(arcs, j)
                                 for j, node in enumerate(nodes[1:-1], start=1)):
            return  # the part from a later source is a path of its own
        if self.distinct and restates_one_record(arcs):
            if len(self.restating) < self.k:
                self.restating.append((nodes, arcs))
        else:
            self.linking.append((nodes, arcs))

    def result(self) -> list[tuple[tuple, tuple]]:
        return (self.linking + self.restating)[:self.k]


def _behind(arcs: tuple, j: int) -> bool:
    """True when hops ``j`` on are stated by one record and hops before ``j`` run as recorded."""
    return stated_by_one_record(arcs[j:]) and not any(arc["reversed"] for arc in arcs[:j])


def hop_records(arc: dict[str, Any]) -> frozenset:
    """The records supporting an arc (its evidence rows by record id; an arc without evidence
    rests on a record of its own); cached on the arc."""
    memo = arc.get("memo", arc)
    records = memo.get("_records")
    if records is None:
        evidence = arc["data"].get("evidence") or []
        records = frozenset(getattr(ev, "record_id", None) or (ev.file, ev.row)
                            for ev in evidence) or frozenset({("arc", id(arc["data"]))})
        memo["_records"] = records
    return records


def with_distinct_record(arcs: tuple, assigned: tuple, arc: dict[str, Any]) -> tuple | None:
    """The records of ``arcs + (arc,)``, one per hop and pairwise distinct, given ``assigned``
    for ``arcs``; None when there is no such choice.

    One augmenting-path step of Kuhn's bipartite matching: ``assigned`` is a complete matching
    of the earlier hops, so the longer path has one exactly when an augmenting path starts at
    the new hop.

    >>> a = {"data": {"evidence": []}, "_records": frozenset({"r1", "r2"})}
    >>> b = {"data": {"evidence": []}, "_records": frozenset({"r1"})}
    >>> with_distinct_record((a,), ("r1",), b)
    ('r2', 'r1')
    >>> with_distinct_record((b,), ("r1",), b) is None
    True
    """
    hops = arcs + (arc,)
    owner = {record: i for i, record in enumerate(assigned)}
    chosen = list(assigned) + [None]

    def augment(i: int, visited: set) -> bool:
        for record in sorted(hop_records(hops[i]), key=str):
            if record in visited:
                continue
            visited.add(record)
            j = owner.get(record)
            if j is None or augment(j, visited):
                owner[record], chosen[i] = i, record
                return True
        return False

    return tuple(chosen) if augment(len(hops) - 1, set()) else None


def restates_one_record(arcs: tuple) -> bool:
    """True for a path of two or more hops that one record supports in full (it adds nothing
    to that record)."""
    return len(arcs) >= 2 and stated_by_one_record(arcs)


def stated_by_one_record(arcs: tuple) -> bool:
    """True when one record supports every hop of ``arcs``."""
    common = set(hop_records(arcs[0]))
    for arc in arcs[1:]:
        common &= hop_records(arc)
        if not common:
            return False
    return True


def _shares_records(H: nx.DiGraph) -> bool:
    """True when one record supports two relation edges of ``H`` (cached)."""
    shared = H.graph.get("_shares_records")
    if shared is None:
        owner: dict = {}
        shared = False
        for _, _, data in H.edges(data=True):
            for arc in data["arcs"]:
                for record in hop_records(arc):
                    if owner.setdefault(record, id(arc["data"])) != id(arc["data"]):
                        shared = True
                        break
        H.graph["_shares_records"] = shared
    return shared


def _temporal_yen(H: nx.DiGraph, src: set, dst: set, k: int, standing: frozenset[str],
                  distinct: bool, max_spurs: int) -> list[tuple[tuple, tuple]]:
    """Time-respecting paths without a gap limit or hop limit: Yen's algorithm (Yen 1971) over
    relation arcs, each spur found by a forward temporal Dijkstra (:func:`_earliest_cheapest`)
    that starts from the root's earliest arrival. Polynomial per path, so it cannot run away
    the way an enumeration of partial paths can; no label at all proves there is no path.

    Exact because, without a gap, a partial path's only state is its earliest arrival (a later
    hop needs a record ending no earlier), and the cheapest time-respecting walk avoiding the
    root is a simple path (a revisit arrives no earlier and costs more). Roots are sequences
    of relation arcs, so a dearer relation with earlier records is a deviation of its own.
    Used only where no record supports two edges, so the distinct-evidence rule holds for
    every path and only the collector's ordering applies."""
    collected = _Collector(k, distinct, src)
    found: list[tuple[tuple, tuple, float]] = []
    candidates: list = []
    queued: set[tuple] = set()
    order = itertools.count()
    first = _earliest_cheapest(H, [(s, -math.inf) for s in src], set(), set(), src, dst,
                               standing, distinct)
    if first is None:
        return []
    heapq.heappush(candidates, (first[2], next(order), first[0], first[1]))
    queued.add(tuple(map(id, first[1])) + first[0][:1])
    spurs = 0
    while candidates and not collected.full:
        cost, _, nodes, arcs = heapq.heappop(candidates)
        found.append((nodes, arcs, cost))
        collected.add(nodes, arcs)
        for i in range(-1, len(arcs)):
            spurs += 1
            if spurs > max_spurs:
                return collected.result()
            root_nodes, root_arcs = nodes[:i + 1], arcs[:i] if i >= 0 else ()
            if i == -1:
                used = {p[0][0] for p in found}
                starts = [(s, -math.inf) for s in src if s not in used]
                banned_arcs: set = set()
            else:
                clock: Any = START
                for arc in root_arcs:  # a found path's root: every step is feasible
                    clock = step(clock, arc, None, standing)
                starts = [(nodes[i], clock[0][0])]
                banned_arcs = {id(p[1][i]) for p in found
                               if p[0][:i + 1] == root_nodes and len(p[1]) > i
                               and tuple(map(id, p[1][:i])) == tuple(map(id, root_arcs))}
            if not starts:
                continue
            spur = _earliest_cheapest(H, starts, set(root_nodes[:-1]), banned_arcs, src, dst,
                                      standing, distinct)
            if spur is None:
                continue
            path_nodes, path_arcs = root_nodes[:-1] + spur[0] if i >= 0 else spur[0], \
                root_arcs + spur[1]
            key = tuple(map(id, path_arcs)) + path_nodes[:1]
            if key in queued:
                continue
            queued.add(key)
            heapq.heappush(candidates, (math.fsum(a["cost"] for a in path_arcs), next(order),
                                        path_nodes, path_arcs))
    return collected.result()


def _earliest_cheapest(H: nx.DiGraph, starts: list, banned_nodes: set, banned_arcs: set,
                       src: set, dst: set, standing: frozenset[str], distinct: bool
                       ) -> tuple[tuple, tuple, float] | None:
    """The cheapest time-respecting walk from ``starts`` ((node, earliest instant) pairs) to a
    target avoiding ``banned_nodes`` and, on its first hop, the arcs in ``banned_arcs`` (by
    id): label-setting in order of cost, a label kept only when it arrives earlier than every
    cheaper one at its node (Wu et al. 2014). Returns (nodes, arcs, cost) or None."""
    adjacency = H._adj  # type: ignore[attr-defined]  # networkx's private dict (not in types-networkx)
    heap = [(0.0, t, next_id, node, -1) for next_id, (node, t) in enumerate(starts)]
    heapq.heapify(heap)
    labels: list[tuple[Hashable, Any, int]] = []  # (node, arc, parent label)
    arrived: dict[Hashable, float] = {}
    counter = itertools.count(len(starts))
    start_nodes = {node for node, _ in starts}
    arcs_of: dict[int, Any] = {}
    while heap:
        cost, t, ident, node, parent = heapq.heappop(heap)
        if t >= arrived.get(node, math.inf):
            continue
        arrived[node] = t
        labels.append((node, arcs_of.pop(ident, None), parent))
        here = len(labels) - 1
        if node in dst and parent >= 0:
            nodes, arcs, at = [], [], here
            while at >= 0:
                n, arc, at = labels[at]
                nodes.append(n)
                if arc is not None:
                    arcs.append(arc)
            nodes.reverse()
            arcs.reverse()
            return tuple(nodes), tuple(arcs), cost
        if node in dst:
            continue
        first_hop = parent < 0 and node in start_nodes
        for nxt, attrs in adjacency[node].items():
            if nxt in banned_nodes or (nxt in src and not distinct):
                continue
            for arc in attrs["arcs"]:
                if first_hop and id(arc) in banned_arcs:
                    continue
                if arc["relation"] in standing:
                    when = t
                else:
                    ends, first_starts = _by_end(arc)
                    j = bisect.bisect_left(ends, t)
                    if j == len(ends):
                        continue
                    when = max(t, first_starts[j])
                if when < arrived.get(nxt, math.inf):
                    ident = next(counter)
                    arcs_of[ident] = arc
                    heapq.heappush(heap, (cost + arc["cost"], when, ident, nxt, here))
    return None


def _by_end(arc: dict[str, Any]) -> tuple[list, list]:
    """An arc's record ends, sorted, with the earliest start among records ending no earlier
    (so the first instant at or after ``t`` is ``max(t, starts[bisect_left(ends, t)])``)."""
    memo = arc.get("memo", arc)
    cached = memo.get("_by_end")
    if cached is None:
        spans = sorted((b, a) for a, b, _ in arc_periods(arc))
        ends = [b for b, _ in spans]
        starts = [a for _, a in spans]
        for j in range(len(starts) - 2, -1, -1):
            starts[j] = min(starts[j], starts[j + 1])
        cached = memo["_by_end"] = (ends, starts)
    return cached


def _yen(H: nx.DiGraph, src: set, dst: set, k: int, distinct: bool) -> list[tuple[tuple, tuple]]:
    """Reference: networkx's Yen on the best-arc cost graph (super source and sink for sets).
    With ``distinct``, paths whose best relations cannot rest on distinct records are skipped
    and linking paths come first (each pair's best relation only: exact where it is the one)."""
    start, end = ("graphkit-super-source",), ("graphkit-super-sink",)
    search: nx.DiGraph = nx.DiGraph()
    search.add_weighted_edges_from(
        ((u, v, data.get("cost")) for u, v, data in H.edges(data=True)
         if (distinct or v not in src) and u not in dst),
        weight="cost")
    search.add_weighted_edges_from(((start, s, 0.0) for s in src), weight="cost")
    search.add_weighted_edges_from(((t, end, 0.0) for t in dst), weight="cost")
    collected = _Collector(k, distinct, src)
    try:
        for path in nx.shortest_simple_paths(search, start, end, "cost"):
            nodes = tuple(path[1:-1])
            arcs = tuple(H[a][b]["arcs"][0] for a, b in zip(nodes, nodes[1:]))
            assigned: tuple | None = ()
            for i in range(len(arcs)) if distinct else ():
                assigned = with_distinct_record(arcs[:i], assigned or (), arcs[i])
                if assigned is None:
                    break
            if assigned is not None:
                collected.add(nodes, arcs)
            if collected.full:
                break
    except nx.NetworkXNoPath:
        pass
    return collected.result()


def _describe(H: nx.DiGraph, rank: int, nodes: tuple, arcs: tuple, temporal: bool,
              max_gap: int | None, standing: frozenset[str]) -> TransferPath:
    dated = schedule(arcs, max_gap, standing) if temporal else [None] * len(arcs)
    if dated is None:  # cannot happen: the search only extends feasible clocks
        raise AnalysisError("internal: a time-respecting path failed its schedule")
    hops = []
    for (a, b), arc, when in zip(zip(nodes, nodes[1:]), arcs, dated):
        evidence = cited_records(arc["data"].get("evidence") or [])
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


def cited_records(evidence: Iterable[Any]) -> tuple[dict[str, Any], ...]:
    """A hop's records as :class:`Hop` cites them: record id, file, row, case, date and
    reliability of each, by date, file and row.

    >>> from graphkit.model import Evidence
    >>> [e["row"] for e in cited_records([Evidence("r2", "c.csv", 3, date="2024"), Evidence("r1", "c.csv", 2, date="2024")])]
    [2, 3]
    """
    return tuple(sorted((_record(ev) for ev in evidence), key=lambda e: (e["date"] or "", e["file"], e["row"])))


def _record(ev: Any) -> dict[str, Any]:
    return {"record_id": ev.record_id, "file": ev.file, "row": ev.row, "case": ev.case_id,
            "date": ev.date, "reliability": ev.reliability}
