"""Time-respecting paths: which hops may follow which in time, and the dates a path uses.

A path ``v0 -> v1 -> ... -> vm`` is **time-respecting** when one can pick instants
``x1 <= x2 <= ... <= xm`` (days) such that each ``xi`` lies in the date period of a dated record
supporting hop ``i`` (Kempe, Kleinberg & Kumar 2000, "Connectivity and inference problems for
temporal networks"; Wu et al. 2014, "Path problems in temporal graphs"), and, with a maximum gap
``G``, ``x(i+1) - xi <= G``. A record dated at month or year precision stands for any day of
that month or year, so a hop dated ``2024-05`` may follow one dated ``2024-05-20`` (it may have
happened on the 25th), but ``2024-04`` may not follow ``2024-05-20``.

Instants are days (ordinals) with the time of day as a fraction (:func:`record_span`, read
through :class:`~graphkit.normalize.dates.PartialDate`): a
record dated to the second (an ISO datetime, e.g. an e-mail's timestamp) is that instant, in
UTC, so two e-mails of one day are ordered; a date at day, month or year precision stands for
every second of its period.

The set of instants a partial path can have reached is kept exactly as a union of intervals (a
*clock*); :func:`advance` propagates it over a hop. Undated records cannot support a hop in this
mode. *Standing* relations (HOLDS, EMPLOYED_BY, AFFILIATED_WITH, OWNS by default) are states,
not events: such a hop neither needs a date nor moves the clock (a researcher holds the
technology before and after the approach that revealed it).

>>> clock = advance(START, [record_span("2024-05-20")], None)
>>> advance(clock, [record_span("2024-05")], None) is not None, advance(clock, [record_span("2024-04")], None)
(True, None)
>>> noon = advance(START, [record_span("2024-05-20T12:00:00+00:00")], None)
>>> advance(noon, [record_span("2024-05-20T09:00:00Z")], None), advance(noon, [record_span("2024-05-20")], None) is not None
(None, True)
"""
from __future__ import annotations

import math
from datetime import date
from typing import Any, Iterable, Mapping, Sequence

from graphkit.analysis.likelihood import instant_span
from graphkit.normalize.dates import SECONDS_PER_DAY

INF = math.inf
Clock = tuple[tuple[float, float], ...]
#: The clock before the first hop: any instant.
START: Clock = ((-INF, INF),)
#: Relations that are states rather than events (see the module docstring).
DEFAULT_STANDING = frozenset({"HOLDS", "EMPLOYED_BY", "AFFILIATED_WITH", "OWNS"})


def advance(clock: Clock, periods: Sequence[tuple[int, int]], max_gap: float | None) -> Clock | None:
    """The clock after a hop supported by records with ``periods`` ((first, last) day
    ordinals), or None when no record can follow ``clock``."""
    gap = INF if max_gap is None else max_gap
    reached: list[tuple[float, float]] = []
    for a, b in periods:
        for lo, hi in clock:
            prev_lo, prev_hi = max(lo, a - gap), min(hi, b)
            if prev_lo > prev_hi:
                continue
            nxt_lo, nxt_hi = max(a, prev_lo), min(b, prev_hi + gap)
            if nxt_lo <= nxt_hi:
                reached.append((nxt_lo, nxt_hi))
    if not reached:
        return None
    if gap == INF:  # only the earliest instant matters without a gap limit
        return ((min(r[0] for r in reached), max(r[1] for r in reached)),)
    return _merge(reached)


#: One second, in days: the resolution of instants.
SECOND = 1.0 / 86400.0


def record_span(text: str) -> tuple[float, float]:
    """(first, last) instant of a record's date, in days: an ISO datetime is one instant (UTC
    when it names a zone), a date at day, month or year precision runs from the start of its
    first day to the last second of its last day (:func:`~graphkit.analysis.likelihood.instant_span`,
    which reads it through :class:`~graphkit.normalize.dates.PartialDate`, in days).

    >>> record_span("2024-05-20T06:00:00+00:00")[0] - record_span("2024-05-20")[0]
    0.25
    """
    first, last = instant_span(text)
    return first / SECONDS_PER_DAY, last / SECONDS_PER_DAY


def arc_periods(arc: dict[str, Any]) -> list[tuple[int, int, Any]]:
    """(first, last instant, evidence) of every dated record of an arc, earliest first; cached
    in the arc's ``memo`` (the arc itself when it has none). An arc without an evidence list
    uses its ``dates``."""
    memo = arc.get("memo", arc)
    cached = memo.get("_periods")
    if cached is None:
        data = arc["data"]
        evidence = data.get("evidence") or []
        if evidence:
            cached = [(*record_span(ev.date), ev) for ev in evidence
                      if getattr(ev, "date", None)]
        else:
            cached = [(*record_span(d), None) for d in data.get("dates") or []]
        cached.sort(key=lambda t: (t[0], t[1]))
        memo["_periods"] = cached
    return cached


def step(clock: Clock, arc: dict[str, Any], max_gap: float | None,
         standing: frozenset[str]) -> Clock | None:
    """The clock after walking ``arc`` (standing relations leave it unchanged)."""
    if arc["relation"] in standing:
        return clock
    memo = arc.get("memo", arc)
    spans = memo.get("_spans")
    if spans is None:
        spans = memo["_spans"] = [(a, b) for a, b, _ in arc_periods(arc)]
    return advance(clock, spans, max_gap) if spans else None


def schedule(arcs: Sequence[dict[str, Any]], max_gap: float | None,
             standing: frozenset[str]) -> list[tuple[str, Any] | None] | None:
    """The dates a time-respecting path uses: for each hop, (ISO day, evidence record) or None
    for a standing hop; None when the path is not time-respecting.

    The last event hop takes its earliest feasible instant; each earlier hop the earliest
    instant that still reaches the next one (a backward pass over the exact forward clocks).
    """
    gap = INF if max_gap is None else max_gap
    clocks: list[Clock | None] = []
    clock: Clock = START
    for arc in arcs:
        if arc["relation"] in standing:
            clocks.append(None)
            continue
        after = advance(clock, [(a, b) for a, b, _ in arc_periods(arc)], max_gap)
        if after is None:
            return None
        clock = after
        clocks.append(clock)
    chosen: list[tuple[str, Any] | None] = [None] * len(arcs)
    later: float | None = None
    for i in range(len(arcs) - 1, -1, -1):
        hop_clock = clocks[i]
        if hop_clock is None:
            continue
        if later is None:
            x = hop_clock[0][0]
        else:
            x = min(max(lo, later - gap) for lo, hi in hop_clock
                    if max(lo, later - gap) <= min(hi, later))
        record = next(ev for a, b, ev in arc_periods(arcs[i]) if a <= x <= b)
        chosen[i] = (_instant_text(x, record), record)
        later = x
    return chosen


def latest_departures(H: Any, src: set, dst: set, standing: frozenset[str],
                      index: dict, nodes: list) -> Any:
    """For every node, the latest day a time-respecting path can still leave it and reach a
    target (``inf`` at targets, ``-inf`` where none can), ignoring the gap limit and
    simplicity, so it is an upper bound: a partial path whose clock starts later is a dead end.

    A latest-departure (reverse earliest-arrival) pass in the sense of Wu et al. 2014, run as
    vectorised Bellman-Ford sweeps over every (arc, record) pair: along an arc ``u -> v`` a
    record ``[a, b]`` lets a path leave ``u`` as late as ``min(b, L(v))`` when ``a <= L(v)``; a
    standing arc passes ``L(v)`` on. The pairs are built once per transfer graph.
    """
    import numpy as np

    rows = H.graph.get("_temporal_rows")
    if rows is None or rows[0] != standing:
        us, vs, starts, ends = [], [], [], []
        shared: dict[int, list] = {}  # an edge walked both ways: its two arcs share the records
        for u, v, arcs in H.edges(data="arcs"):
            iu, iv = index[u], index[v]
            for arc in arcs:
                if arc["relation"] in standing:
                    spans = [(-INF, INF)]
                else:
                    key = id(arc["data"])
                    if key not in shared:
                        shared[key] = arc_periods(arc)
                    arc.get("memo", arc)["_periods"] = shared[key]
                    spans = [(a, b) for a, b, _ in shared[key]]
                for a, b in spans:
                    us.append(iu)
                    vs.append(iv)
                    starts.append(a)
                    ends.append(b)
        order = np.argsort(np.array(us, dtype=np.int64), kind="stable")
        rows = (standing, np.array(us, dtype=np.int64)[order], np.array(vs, dtype=np.int64)[order],
                np.array(starts, dtype=np.float64)[order], np.array(ends, dtype=np.float64)[order])
        H.graph["_temporal_rows"] = rows
    _, us, vs, starts, ends = rows
    keep = np.ones(len(us), dtype=bool)
    if src:
        keep &= ~np.isin(vs, [index[n] for n in src])   # paths never pass through a source
    if dst:
        keep &= ~np.isin(us, [index[n] for n in dst])   # and end at the first target
    us, vs, starts, ends = us[keep], vs[keep], starts[keep], ends[keep]
    latest = np.full(len(nodes), -INF)
    targets = np.array([index[n] for n in dst], dtype=np.int64)
    latest[targets] = INF
    if len(us) == 0:
        return latest
    # rows are sorted by their tail, so each sweep is one maximum.reduceat per tail
    tails, firsts = np.unique(us, return_index=True)
    for _ in range(len(nodes)):
        reach = latest[vs]
        leave = np.where(starts <= reach, np.minimum(ends, reach), -INF)
        best = np.maximum.reduceat(leave, firsts)
        improved = best > latest[tails]
        if not improved.any():
            break
        latest[tails[improved]] = best[improved]
        latest[targets] = INF
    return latest


def _instant_text(x: float, record: Any) -> str:
    """The ISO day of instant ``x``; the record's own datetime when it is dated to the second."""
    text = getattr(record, "date", None)
    if text and "T" in str(text):
        return str(text)
    return date.fromordinal(math.floor(x + SECOND / 2)).isoformat()


def _merge(intervals: list[tuple[float, float]]) -> Clock:
    intervals.sort()
    merged = [intervals[0]]
    for lo, hi in intervals[1:]:
        if lo <= merged[-1][1] + SECOND * 1.5:  # [day 1, 3] and [day 4, 6] touch
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def cost_profiles(H: Any, dst: set, standing: frozenset[str], *, limit: float | None = None,
                  floors: Mapping[Any, float] | None = None) -> dict[Any, tuple[list, list]]:
    """For every node, the least cost of a time-respecting walk to a target as a function of
    the earliest instant the walk may leave: ``(leave_by, costs)``, both increasing, where
    ``costs[i]`` is the least cost of a walk that can leave as late as ``leave_by[i]``; a walk
    that must leave at ``t`` or later costs ``costs[bisect_left(leave_by, t)]`` (none: no walk).

    A backward label-setting search (temporal Dijkstra; Wu et al. 2014, "Path problems in
    temporal graphs", and the cost/latest-departure profiles of Dibbelt et al. 2013, "Intriguingly
    simple and fast transit routing") run from the targets in order of cost: a label (cost, L)
    at ``v`` crosses an arc ``u -> v`` on its latest record that starts by ``L`` and leaves
    ``u`` by ``min(end, L)``; a standing arc passes ``L`` on. A label is kept only when it
    leaves later than every cheaper one, so each node keeps at most one label per distinct
    record instant: the search ends, and a source without a label proves there is no path.
    The gap limit and simplicity are ignored, so the values are lower bounds for paths.

    With ``limit`` and ``floors`` (a lower bound on the cost of reaching each node from a
    source; absent: 0) only the labels a path costing at most ``limit`` can use are made: a
    label (cost c) at ``u`` with ``floors[u] + c > limit`` belongs to walks that cost more, and
    so does every label made from it (``floors[u] <= floors[v] + cost(u -> v)``), so neither is
    kept. The profiles then answer exactly for every node and instant whose least cost on stays
    within ``limit - floors[node]``, and no walk (infinity) elsewhere.

    >>> import networkx as nx
    >>> from graphkit.analysis.likelihood import LikelihoodModel
    >>> from graphkit.analysis.transfer import transfer_graph
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", contacts=1, dates=["2024-01-05"])
    >>> H = transfer_graph(G, LikelihoodModel(half_life_days=None))
    >>> leave_by, costs = cost_profiles(H, {"b"}, DEFAULT_STANDING)["a"]
    >>> date.fromordinal(int(leave_by[0])).isoformat(), costs[0] == H["a"]["b"]["cost"]
    ('2024-01-05', True)
    """
    search = CostProfiles(H, dst, standing, limit=limit, floors=floors)
    search.advance(INF)
    return search.profiles()


class CostProfiles:
    """:func:`cost_profiles` run as far as asked: :meth:`advance` settles the labels up to a
    cost, :meth:`lookup` answers from those settled so far, saying whether the answer is exact
    (a label settled) or a lower bound (the cost of the next label to settle). The A* search of
    :mod:`graphkit.analysis.paths` advances it only as far as the entries it pops need, so the
    time bound costs what the ``k`` paths need, not the whole graph's profiles.

    >>> import networkx as nx
    >>> from graphkit.analysis.likelihood import LikelihoodModel
    >>> from graphkit.analysis.transfer import transfer_graph
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", contacts=1, dates=["2024-01-05"])
    >>> search = CostProfiles(transfer_graph(G, LikelihoodModel(half_life_days=None)), {"b"}, DEFAULT_STANDING)
    >>> search.lookup("a", 0.0)
    (0.0, False)
    >>> search.advance(1.0); search.lookup("a", 0.0)[1], search.lookup("a", 1e9)
    (True, (inf, True))
    """

    def __init__(self, H: Any, dst: set, standing: frozenset[str], *, limit: float | None = None,
                 floors: Mapping[Any, float] | None = None) -> None:
        import heapq

        self._pred, self._dst, self._standing = H._pred, dst, standing
        # a lazy transfer graph gives each predecessor's arcs from its arrays (_relax_light)
        self._light: Any = getattr(H, "predecessor_arcs", None)
        self._edge_dates: Any = getattr(H, "edge_dates", None)
        self._crossings: dict[int, tuple[list, list]] = {}
        self._floor_of = (floors or {}).get
        self._ceiling = INF if limit is None else limit
        self._leave: dict[Any, list] = {}
        self._costs: dict[Any, list] = {}
        self._best: dict[Any, float] = {}
        self._queue = [(0.0, -INF, t) for t in dst]  # (cost, -leave_by, node): later first on ties
        heapq.heapify(self._queue)

    @property
    def frontier(self) -> float:
        """The cost of the next label to settle (infinity: all are settled)."""
        return self._queue[0][0] if self._queue else INF

    def advance(self, upto: float) -> None:
        """Settle every label costing at most ``upto``."""
        import bisect
        import heapq

        def crossing(arc: dict[str, Any]) -> tuple[list, list]:
            memo = arc.get("memo", arc)
            cached = memo.get("_crossing")
            if cached is None:
                starts, ends, latest_end = [], [], -INF
                for a, b, _ in arc_periods(arc):
                    latest_end = max(latest_end, b)
                    starts.append(a)
                    ends.append(latest_end)
                cached = memo["_crossing"] = (starts, ends)
            return cached

        queue, best, leave, costs = self._queue, self._best, self._leave, self._costs
        pred, dst, standing, floor_of, ceiling = self._pred, self._dst, self._standing, self._floor_of, self._ceiling
        while queue and queue[0][0] <= upto:
            cost, neg_by, v = heapq.heappop(queue)
            by = -neg_by
            if by <= best.get(v, -INF):
                continue  # a cheaper (or equal) label leaves as late
            best[v] = by
            leave.setdefault(v, []).append(by)
            costs.setdefault(v, []).append(cost)
            if self._light is not None:
                self._relax_light(v, cost, by)
                continue
            for u, attrs in pred[v].items():
                if u in dst:
                    continue  # a path ends at the first target it reaches
                spare = ceiling - floor_of(u, 0.0) - cost  # the most the arc may cost
                for arc in attrs["arcs"]:
                    if arc["cost"] > spare:
                        break  # cheapest first: the rest cost more
                    if arc["relation"] in standing:
                        out = by
                    else:
                        starts, ends = crossing(arc)
                        i = bisect.bisect_right(starts, by)
                        if i == 0:
                            continue
                        out = min(ends[i - 1], by)
                    if out > best.get(u, -INF):
                        heapq.heappush(queue, (cost + arc["cost"], -out, u))

    def _relax_light(self, v: Any, cost: float, by: float) -> None:
        """The loop of :meth:`advance` over ``v``'s predecessors on a lazy transfer graph, from
        its arrays: each pair's cheapest arc cost, its arcs as (cost, relation, edge) in their
        order, and each edge's record dates (``H.predecessor_arcs``, ``H.edge_dates``), so no
        arc, pair dict or record object is made for it. The same labels, in the same order."""
        import bisect
        import heapq

        queue, best, dst, standing = self._queue, self._best, self._dst, self._standing
        floor_of, ceiling, crossings = self._floor_of, self._ceiling, self._crossings
        tails, least, arcs_of = self._light(v)
        for j, u in enumerate(tails):
            if u in dst:
                continue  # a path ends at the first target it reaches
            spare = ceiling - floor_of(u, 0.0) - cost  # the most the arc may cost
            if least[j] > spare:
                continue
            for arc_cost, relation, e in arcs_of(j):
                if arc_cost > spare:
                    break  # cheapest first: the rest cost more
                if relation in standing:
                    out = by
                else:
                    found = crossings.get(e)
                    if found is None:
                        # arc_periods' order: by first, then last instant
                        spans = sorted(record_span(d) for d in self._edge_dates(e))
                        starts, ends, latest_end = [], [], -INF
                        for a, b in spans:
                            latest_end = max(latest_end, b)
                            starts.append(a)
                            ends.append(latest_end)
                        found = crossings[e] = (starts, ends)
                    starts, ends = found
                    i = bisect.bisect_right(starts, by)
                    if i == 0:
                        continue
                    out = min(ends[i - 1], by)
                if out > best.get(u, -INF):
                    heapq.heappush(queue, (cost + arc_cost, -out, u))

    def lookup(self, node: Any, leave_from: float) -> tuple[float, bool]:
        """The least cost on from ``node`` for a walk that must leave at ``leave_from`` or later,
        and True; or, when no label settled so far answers, a lower bound (the frontier) and
        False (True with infinity once all are settled)."""
        import bisect

        leave_by = self._leave.get(node)
        if leave_by is not None:
            i = bisect.bisect_left(leave_by, leave_from)
            if i < len(leave_by):
                return self._costs[node][i], True
        frontier = self.frontier
        return frontier, frontier == INF

    def profiles(self) -> dict[Any, tuple[list, list]]:
        """The labels settled so far, as :func:`cost_profiles` gives them."""
        # the lists grow in pop order: cost up, leave_by up (a label is kept only when later)
        return {v: (self._leave[v], self._costs[v]) for v in self._leave}
