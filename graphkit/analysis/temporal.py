"""Time-respecting paths: which hops may follow which in time, and the dates a path uses.

A path ``v0 -> v1 -> ... -> vm`` is **time-respecting** when one can pick instants
``x1 <= x2 <= ... <= xm`` (seconds on one time line) such that each ``xi`` lies in the date period of a dated record
supporting hop ``i`` (Kempe, Kleinberg & Kumar 2000, "Connectivity and inference problems for
temporal networks"; Wu et al. 2014, "Path problems in temporal graphs"), and, with a maximum gap
``G``, ``x(i+1) - xi <= G``. A record dated at month or year precision stands for any day of
that month or year, so a hop dated ``2024-05`` may follow one dated ``2024-05-20`` (it may have
happened on the 25th), but ``2024-04`` may not follow ``2024-05-20``. A record dated to the second
(``2016-05-17T09:12:00Z``) is that instant, so two e-mails of one day are ordered; a day stands for
any second of it (a datetime is placed by its UTC instant, a day by its calendar day as written;
:func:`~graphkit.analysis.likelihood.instant_span`). The maximum gap ``G`` is in days.

The set of instants a partial path can have reached is kept exactly as a union of intervals (a
*clock*); :func:`advance` propagates it over a hop. Undated records cannot support a hop in this
mode. *Standing* relations (HOLDS, EMPLOYED_BY, AFFILIATED_WITH, OWNS by default) are states,
not events: such a hop neither needs a date nor moves the clock (a researcher holds the
technology before and after the approach that revealed it).

>>> from graphkit.analysis.likelihood import instant_span as span
>>> clock = advance(START, [span("2024-05-20")], None)
>>> advance(clock, [span("2024-05")], None) is not None, advance(clock, [span("2024-04")], None)
(True, None)
>>> clock = advance(START, [span("2024-05-20T10:00:00Z")], None)
>>> advance(clock, [span("2024-05-20T09:00:00Z")], None), advance(clock, [span("2024-05-20")], None) is not None
(None, True)
"""
from __future__ import annotations

import math
from datetime import date
from typing import Any, Sequence

from graphkit.analysis.likelihood import instant_span
from graphkit.normalize.dates import SECONDS_PER_DAY

INF = math.inf
Clock = tuple[tuple[float, float], ...]
#: The clock before the first hop: any instant.
START: Clock = ((-INF, INF),)
#: Relations that are states rather than events (see the module docstring).
DEFAULT_STANDING = frozenset({"HOLDS", "EMPLOYED_BY", "AFFILIATED_WITH", "OWNS"})


def advance(clock: Clock, periods: Sequence[tuple[int, int]], max_gap: float | None) -> Clock | None:
    """The clock after a hop supported by records with ``periods`` ((first, last) second, as
    :func:`~graphkit.analysis.likelihood.instant_span` gives them), or None when no record can
    follow ``clock``. ``max_gap`` is in days."""
    gap = INF if max_gap is None else max_gap * SECONDS_PER_DAY
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


def arc_periods(arc: dict[str, Any]) -> list[tuple[int, int, Any]]:
    """(first second, last second, evidence) of every dated record of an arc, earliest first;
    cached on the arc. An arc without an evidence list uses its ``dates``."""
    cached = arc.get("_periods")
    if cached is None:
        data = arc["data"]
        evidence = data.get("evidence") or []
        if evidence:
            cached = [(*instant_span(ev.date), ev) for ev in evidence if getattr(ev, "date", None)]
        else:
            cached = [(*instant_span(d), None) for d in data.get("dates") or []]
        cached.sort(key=lambda t: (t[0], t[1]))
        arc["_periods"] = cached
    return cached


def step(clock: Clock, arc: dict[str, Any], max_gap: float | None,
         standing: frozenset[str]) -> Clock | None:
    """The clock after walking ``arc`` (standing relations leave it unchanged)."""
    if arc["relation"] in standing:
        return clock
    spans = arc.get("_spans")
    if spans is None:
        spans = arc["_spans"] = [(a, b) for a, b, _ in arc_periods(arc)]
    return advance(clock, spans, max_gap) if spans else None


def schedule(arcs: Sequence[dict[str, Any]], max_gap: float | None,
             standing: frozenset[str]) -> list[tuple[str, Any] | None] | None:
    """The dates a time-respecting path uses: for each hop, (ISO day, or the record's own
    datetime when it is dated to the second; evidence record) or None for a standing hop; None
    when the path is not time-respecting.

    The last event hop takes its earliest feasible instant; each earlier hop the earliest
    instant that still reaches the next one (a backward pass over the exact forward clocks).
    """
    gap = INF if max_gap is None else max_gap * SECONDS_PER_DAY
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
        instant = math.ceil(x)
        record = next(ev for a, b, ev in arc_periods(arcs[i]) if a <= instant <= b)
        if a_datetime(record):
            chosen[i] = (record.date, record)
        else:
            chosen[i] = (date.fromordinal(instant // SECONDS_PER_DAY).isoformat(), record)
        later = x
    return chosen


def a_datetime(record: Any) -> bool:
    """Whether an evidence record is dated to the second (its date has a time)."""
    return record is not None and "T" in (getattr(record, "date", None) or "")


def latest_departures(H: Any, src: set, dst: set, standing: frozenset[str],
                      index: dict, nodes: list) -> Any:
    """For every node, the latest instant (second) a time-respecting path can still leave it and reach a
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
                    arc["_periods"] = shared[key]
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


def _merge(intervals: list[tuple[float, float]]) -> Clock:
    intervals.sort()
    merged = [intervals[0]]
    for lo, hi in intervals[1:]:
        if lo <= merged[-1][1] + 1:  # whole seconds: [1, 3] and [4, 6] touch
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)
