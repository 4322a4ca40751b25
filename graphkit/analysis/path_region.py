"""The most likely transfer paths of a large graph, searched on the part of it that can hold them.

:func:`~graphkit.analysis.paths.likely_paths` over a whole national graph would hold every
record of it in memory and compute its time bounds over every actor, per technology. The
paths it finds are cheap (likely) ones, and a cheap path can only pass through actors that
are cheap to reach from a source and cheap to leave for the technology. So:

1. every arc of the actor projection as arrays (:class:`~graphkit.projection.ActorArrays`,
   no evidence) gets a *cost floor*: the least cost its records could give it (each record
   taken at full reliability, at the recency of the edge's latest date, counted
   ``contacts`` times), never more than the cost the path search computes record by record;
2. compiled Dijkstra on those floors gives each actor ``a`` the least cost from any source,
   ``from_sources[a]``, and to each technology ``t``, ``to_target[a]``;
3. the region of ``t`` at a budget ``B`` is every actor with ``from_sources + to_target <= B``:
   every path costing at most ``B`` lies inside it (each of its actors is reached from a source
   and leaves for ``t`` at most at the path's own cost);
4. the region is read with its evidence (``read_region``, e.g. the store's edges among those
   actors; the report reads it as typed arrays, :func:`graphkit.projection.read_path_arrays`,
   into a lazy transfer graph that makes an arc, and its records as objects, only when the
   search looks at it, and forgets them between targets) and searched with
   :func:`likely_paths`, with the whole graph's reference date. When
   the ``k`` paths found all cost at most ``B``, the whole graph's search pops the same partial
   paths in the same order up to them (the arcs it could add cost more), so they are its
   answer too, ties included; otherwise ``B`` grows and the region is read again. (``k``
   paths that link records: a path one record states in full is listed only when fewer linking
   paths exist, and then the whole graph's search looks on beyond ``B``.)
5. the search is told ``B`` (``likely_paths``' ``cost_limit``, with ``from_sources`` as the
   floors): its time bound (:func:`~graphkit.analysis.temporal.cost_profiles`) is computed only
   where a path costing at most ``B`` can go, which leaves the paths up to ``B`` and their
   order as they are. A region that holds everything reachable is searched without a limit.

>>> from graphkit.projection import ActorArrays, PathArrays, PathRegion
>>> arrays = ActorArrays.from_ties(["f", "b", "t", "x"], ["f", "b", "x"], ["b", "t", "f"],
...                                ["CONTACTED", "HOLDS", "CONTACTED"],
...                                kinds=["Person", "Person", "Technology", "Person"])
>>> floors = arc_cost_floors(arrays, LikelihoodModel(half_life_days=None, reliability_weight=0.0))
>>> [(arrays.ids[a], arrays.ids[b]) for a, b in zip(floors.tails, floors.heads)]
[('f', 'b'), ('f', 'x'), ('b', 'f'), ('b', 't'), ('x', 'f')]
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any, Callable, Collection, Hashable, Mapping, Sequence

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from graphkit.analysis.likelihood import LikelihoodModel, period
from graphkit.analysis.paths import Hop, TransferPath, cited_records, likely_paths
from graphkit.analysis.transfer import (DEFAULT_DIRECTIONS, forget_arcs, transfer_graph, transfer_graph_of,
                                       transfer_graph_of_arrays)
from graphkit.errors import AnalysisError
from graphkit.projection import ActorArrays, PathArrays, PathRegion

FIRST_SLACK = math.log(20.0)
"""The first budget of a technology: its cheapest path's floor plus this (paths up to 20 times
less likely than the best possible one); doubled while the search needs more."""
TOLERANCE = 1e-9
"""Relative slack on the floors and budgets (sums of floats in a different order)."""
LIMIT_SLACK = 1e-6
"""Relative slack of the cost limit the search is given over the budget it must settle within
(wider than :data:`TOLERANCE`, so nothing the budget's test accepts is cut by the limit)."""


@dataclass
class ArcFloors:
    """The arcs a path may walk (each direction its own) with the least cost each can have,
    by node position of the arrays; one arc per ordered pair (its cheapest)."""

    tails: np.ndarray
    heads: np.ndarray
    costs: np.ndarray
    size: int

    def matrix(self, reverse: bool = False) -> csr_matrix:
        """The arcs as a sparse cost matrix (a cost of 0 kept as a negligible one: csgraph
        drops explicit zeros)."""
        rows, cols = (self.heads, self.tails) if reverse else (self.tails, self.heads)
        return csr_matrix((np.maximum(self.costs, 1e-300), (rows, cols)), shape=(self.size, self.size))


def reference_of(arrays: ActorArrays, model: LikelihoodModel) -> int | None:
    """The reference date of the recency weighting (a day ordinal) for the whole selection, as
    :func:`~graphkit.analysis.likelihood.reference_ordinal` gives it on the actor graph: the
    model's date, else the end of the latest dated record (each edge's ``last_date``)."""
    if model.reference_date:
        return period(model.reference_date)[1]
    ends = [period(d)[1] for d in set(arrays.last_dates) if d]
    return max(ends) if ends else None


def arc_cost_floors(arrays: ActorArrays, model: LikelihoodModel, reference: int | None = None,
                    directions: Mapping[str, str] | None = None) -> ArcFloors:
    """Each walkable arc with a cost no greater than the one
    :func:`~graphkit.analysis.transfer.transfer_graph` gives it from its records.

    A record's probability is its relation's base times factors of at most 1 (inferred,
    reliability, recency); the floor takes reliability at its best, recency at the edge's latest
    date (or the undated factor, whichever is larger), no inferred penalty, and the edge's
    ``contacts`` records combined by noisy-OR (one, for a relation restated by each record).
    """
    walk = {**DEFAULT_DIRECTIONS, **(directions or {})}
    half_life, floor, undated = model.half_life_days, model.recency_floor, model.undated_factor
    tails: list[int] = []
    heads: list[int] = []
    costs: list[float] = []
    for j in range(arrays.edge_count):
        relation = arrays.relations[j]
        how = walk.get(relation, "forward")
        a, b = int(arrays.tails[j]), int(arrays.heads[j])
        if how == "none" or a == b:
            continue
        p1 = model.base.get(relation, model.default_base)
        if half_life is not None:
            last = arrays.last_dates[j]
            recency = 1.0 if reference is None or last is None else \
                floor + (1.0 - floor) * 0.5 ** (max(reference - period(last)[1], 0) / half_life)
            p1 *= max(recency, undated) if last is not None else undated
        times = 1 if relation in model.restated else max(int(arrays.contacts[j]), 1)
        p = min(max(1.0 - (1.0 - p1) ** times, model.min_probability), 1.0)
        cost = -math.log(p) if p < 1.0 else 0.0
        cost = max(cost * (1.0 - TOLERANCE) - TOLERANCE, 0.0)
        tails.append(a)
        heads.append(b)
        costs.append(cost)
        if how == "both":
            tails.append(b)
            heads.append(a)
            costs.append(cost)
    t, h, c = np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64), np.array(costs)
    order = np.lexsort((c, h, t))  # by pair, cheapest first
    t, h, c = t[order], h[order], c[order]
    first = np.ones(t.size, dtype=bool)
    first[1:] = (t[1:] != t[:-1]) | (h[1:] != h[:-1])
    return ArcFloors(tails=t[first], heads=h[first], costs=c[first], size=len(arrays))


def likely_paths_by_region(arrays: ActorArrays,
                           read_region: Callable[[list[str]], nx.MultiDiGraph | PathRegion | PathArrays],
                           sources: Collection[str], targets: Sequence[str], *, k: int = 3,
                           model: LikelihoodModel | None = None, time_respecting: bool = True,
                           max_hops: int | None = None, on_read: Callable[[int], None] | None = None,
                           read_evidence: Callable[[dict[tuple[str, str, str], list[str]]],
                                                   Mapping[tuple[str, str, str], Sequence[Any]]] | None = None,
                           ) -> tuple[dict[Hashable, list[TransferPath]], dict[Hashable, str], int | None]:
    """The ``k`` most likely paths from ``sources`` to each of ``targets`` (node ids), as
    ``likely_paths(transfer_graph(whole graph), sources, [target], ...)`` finds them, reading
    only the regions that can hold them (module docstring).

    ``read_region(node_ids)`` returns the actor graph among those nodes with its evidence, under
    the same selection as ``arrays`` (its evidence items need only ``record_id``, ``date`` and
    ``reliability``, e.g. :func:`graphkit.projection.path_graph`), or its nodes and edges
    without the graph (:func:`graphkit.projection.read_path_region`: the region's multigraph is
    then never built beside its transfer graph), or the region as typed arrays
    (:func:`graphkit.projection.read_path_arrays`: no object per edge or record but those the
    search looks at; the same paths); ``on_read(nodes)`` is told
    each region's size. ``read_evidence(cited)``, when given, returns the evidence in full of
    the records each (source, target, relation) edge of a hop cites (e.g.
    :meth:`Store.cited_evidence <graphkit.store.base.Store.cited_evidence>`): each hop then cites those records
    (:func:`~graphkit.analysis.paths.cited_records`). Returns the paths by target, a note for
    each target searched in vain (``"no paths: ..."``) and the reference date (day ordinal) the
    probabilities were computed at.
    """
    model = model or LikelihoodModel()
    reference = reference_of(arrays, model)
    fixed = model if reference is None or model.reference_date else \
        replace(model, reference_date=dt.date.fromordinal(reference).isoformat())
    index = arrays.index()
    floors = arc_cost_floors(arrays, model, reference)
    starts = sorted({index[s] for s in sources if s in index})
    found: dict[Hashable, list[TransferPath]] = {}
    notes: dict[Hashable, str] = {}
    if not starts:
        return {t: [] for t in targets}, notes, reference
    from_sources = np.asarray(dijkstra(floors.matrix(), directed=True, indices=starts, min_only=True))
    backwards = floors.matrix(reverse=True)
    reach: dict[str, np.ndarray] = {}
    budget: dict[str, float] = {}
    for target in targets:
        if target not in index:
            found[target] = []
            continue
        to_target = np.asarray(dijkstra(backwards, directed=True, indices=[index[target]]))[0]
        through = from_sources + to_target
        best = through[index[target]]
        if not np.isfinite(best):
            found[target] = []  # no walk at all from a source: the whole search finds none too
            continue
        reach[target] = through
        budget[target] = best + FIRST_SLACK
    pending = [t for t in targets if t in reach]
    while pending:
        members = np.zeros(len(arrays), dtype=bool)
        for target in pending:
            members |= reach[target] <= budget[target] * (1.0 + TOLERANCE) + TOLERANCE
        inner = np.flatnonzero(members)
        region = [arrays.ids[i] for i in inner]
        floors_of = dict(zip(region, from_sources[inner].tolist()))
        if on_read is not None:
            on_read(len(region))
        H = _transfer_graph(read_region(region), fixed)
        inside = [s for s in sources if s in H]
        still = []
        for target in pending:
            forget_arcs(H)  # what the last target's search made: this one makes its own
            complete = bool(np.all(reach[target][np.isfinite(reach[target])] <= budget[target]))
            # a path costing at most the budget lies in the region, and so does every label of
            # the time bound it needs: the search is told so (exact; likely_paths' cost_limit)
            limit = None if complete else budget[target] * (1.0 + LIMIT_SLACK) + LIMIT_SLACK
            try:
                paths = likely_paths(H, inside, [target], k=k, time_respecting=time_respecting,
                                     max_hops=max_hops, cost_limit=limit, source_floors=floors_of
                                     ) if inside and target in H else []
            except AnalysisError as err:
                if not complete:
                    still.append(target)
                    continue
                found[target], notes[target] = [], f"no paths: {err}"
                continue
            # settled: k paths that link records within the budget (a path restating one record
            # is listed only when fewer than k linking paths were found: the whole graph's
            # search would go on looking for linking ones beyond the budget)
            settled = len(paths) == k and paths[-1].cost <= budget[target] * (1.0 + TOLERANCE) + TOLERANCE \
                and not any(restates_one_record_path(p) for p in paths)
            if settled or complete:
                found[target] = paths
            else:
                still.append(target)
        for target in still:
            budget[target] = reach[target][index[target]] + 2 * (budget[target] - reach[target][index[target]])
            finite = reach[target][np.isfinite(reach[target])]
            if finite.size and budget[target] >= finite.max():
                budget[target] = float(finite.max())
        pending = still
        del H
    if read_evidence is not None:
        found = _cite_in_full(found, read_evidence)
    return {t: found[t] for t in targets}, notes, reference


def _transfer_graph(region: nx.MultiDiGraph | PathRegion | PathArrays, model: LikelihoodModel) -> nx.DiGraph:
    if isinstance(region, PathArrays):
        return transfer_graph_of_arrays(region, model)
    if isinstance(region, PathRegion):
        return transfer_graph_of(region.nodes, region.edges, model)
    return transfer_graph(region, model)


def _cite_in_full(found: dict[Hashable, list[TransferPath]],
                  read_evidence: Callable[[dict[tuple[str, str, str], list[str]]],
                                          Mapping[tuple[str, str, str], Sequence[Any]]],
                  ) -> dict[Hashable, list[TransferPath]]:
    """The paths with each hop citing its records as ``read_evidence`` gives them in full."""
    def edge_of(hop: Hop) -> tuple[str, str, str]:
        a, b = (hop.target, hop.source) if hop.reversed else (hop.source, hop.target)
        return str(a), str(b), hop.relation

    cited: dict[tuple[str, str, str], list[str]] = {}
    for paths in found.values():
        for path in paths:
            for hop in path.hops:
                cited.setdefault(edge_of(hop), sorted(e["record_id"] for e in hop.evidence))
    evidence = read_evidence(cited) if cited else {}
    return {target: [replace(path, hops=tuple(replace(hop, evidence=cited_records(evidence.get(edge_of(hop), ())))
                                              for hop in path.hops)) for path in paths]
            for target, paths in found.items()}


def restates_one_record_path(path: TransferPath) -> bool:
    """True for a path of two or more hops that one of its records supports in full (what
    :func:`~graphkit.analysis.paths.restates_one_record` says of its arcs), from the records
    it cites."""
    if len(path.hops) < 2:
        return False
    common = {e["record_id"] for e in path.hops[0].evidence}
    for hop in path.hops[1:]:
        common &= {e["record_id"] for e in hop.evidence}
    return bool(common)


def region_info(model: LikelihoodModel) -> dict[str, Any]:
    """How the report's paths were searched, for its manifest."""
    return {"search": "graphkit.analysis.path_region.likely_paths_by_region (the region of "
                      "actors that can hold the k most likely paths, widened until it holds them)",
            "first_slack": FIRST_SLACK}
