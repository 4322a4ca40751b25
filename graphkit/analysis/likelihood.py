"""How likely an edge of the actor graph is to carry a transfer: its probability and cost.

Every actor-graph edge gets a probability ``p`` in (0, 1] that it is a working channel for a
technology transfer, from four things the records say about it:

* **relation kind** - a per-relation base probability (:data:`DEFAULT_BASE`): a recorded
  transfer or a held technology is near certain, an introduction likelier than a bare contact;
* **reliability** - each record's reliability grade ``r`` in [0, 1] scales its base by
  ``(1 - w) + w * r`` (``w`` = :attr:`LikelihoodModel.reliability_weight`); a record stating no
  grade counts as :attr:`LikelihoodModel.missing_reliability`;
* **recency** - a record ``age`` days older than the reference date (default: the latest date
  in the graph) is scaled by ``floor + (1 - floor) * 0.5 ** (age / half_life)``; undated
  records get :attr:`LikelihoodModel.undated_factor`;
* **number of contacts** - the records are independent chances (noisy-OR):
  ``p = 1 - prod(1 - p_i)``, so more contacts raise ``p``, saturating below 1. With ``n`` equal
  records this is ``1 - (1 - p_1) ** n``.

Records of a *restated* relation (:data:`DEFAULT_RESTATED`: an employer or affiliation, which
a contacts file names again on every row about the person) restate one standing fact rather
than give independent chances: such an edge counts its strongest record, not the noisy-OR.

Inferred edges (HOLDS implied by an approach) have their base multiplied by
:attr:`LikelihoodModel.inferred_factor`. The cost of an edge is ``-log p``: the most likely
path (largest product of probabilities) is the cheapest path.

>>> model = LikelihoodModel(half_life_days=None, reliability_weight=0.0)
>>> round(model.edge_probability({"relation": "CONTACTED", "contacts": 2}), 4)
0.75
>>> round(edge_cost(0.5), 4)
0.6931
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping

import networkx as nx

from graphkit.errors import AnalysisError
from graphkit.normalize.dates import PartialDate

#: Base probability per relation kind: how likely one credible, recent record of the relation
#: is to be a working channel for a transfer. Rationale: a recorded TRANSFERRED is the event
#: itself (0.9); a stated HOLDS is near certain access (0.9); employment and ownership give
#: steady access (0.8, 0.8), a looser affiliation less (0.6); an intermediary's introduction is
#: a purposeful link (0.7); a bare contact or approach is a coin toss (0.5); SOUGHT says what an
#: actor wanted, not that anything moved (0.6; not traversed by paths by default).
DEFAULT_BASE: Mapping[str, float] = {
    "TRANSFERRED": 0.9,
    "HOLDS": 0.9,
    "EMPLOYED_BY": 0.8,
    "OWNS": 0.8,
    "INTRODUCED": 0.7,
    "AFFILIATED_WITH": 0.6,
    "SOUGHT": 0.6,
    "CONTACTED": 0.5,
}

#: Relations whose records restate one standing fact: a contacts row's ``to_org`` ties the
#: person to the employer again on every row about them (issue 13.3), which is one fact seen
#: many times, not many chances to transfer; their edges count their strongest record.
DEFAULT_RESTATED: frozenset[str] = frozenset({"EMPLOYED_BY", "AFFILIATED_WITH"})


@dataclass(frozen=True)
class LikelihoodModel:
    """The settings that turn an edge's records into a probability. All are documented in
    ``docs/analysis.md`` ("Transfer paths").

    Parameters
    ----------
    base
        Base probability per relation kind; kinds not listed get ``default_base``.
    default_base
        Base probability of a relation kind missing from ``base``.
    inferred_factor
        Multiplies the base of inferred edges (HOLDS implied by an approach): 0.9 * 0.7 = 0.63.
    reliability_weight
        How strongly reliability counts: a record's base is scaled by ``(1 - w) + w * r``.
        0 ignores reliability; 1 makes a reliability-0 record worthless.
    missing_reliability
        The ``r`` of a record that states no reliability grade.
    half_life_days
        Recency half-life in days; ``None`` switches recency off.
    recency_floor
        The recency factor never falls below this (an old channel is weaker, not closed).
    undated_factor
        Recency factor of an undated record.
    reference_date
        ISO date that ages are counted from; ``None`` means the latest date in the graph.
    min_probability
        Probabilities are clipped to at least this, so every cost is finite.
    restated
        Relation kinds whose records restate one standing fact: the edge's probability is its
        strongest record's, not the noisy-OR of all.
    """

    base: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_BASE))
    default_base: float = 0.5
    inferred_factor: float = 0.7
    reliability_weight: float = 0.5
    missing_reliability: float = 0.5
    half_life_days: float | None = 730.0
    recency_floor: float = 0.5
    undated_factor: float = 0.75
    reference_date: str | None = None
    min_probability: float = 1e-9
    restated: frozenset[str] = DEFAULT_RESTATED

    def __post_init__(self) -> None:
        for name, value in [*self.base.items(), ("default_base", self.default_base)]:
            if not 0.0 < value <= 1.0:
                raise AnalysisError(f"base probability of {name} must be in (0, 1], got {value}")
        for name in ("inferred_factor", "reliability_weight", "missing_reliability",
                     "recency_floor", "undated_factor"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise AnalysisError(f"{name} must be in [0, 1], got {value}")
        if self.half_life_days is not None and self.half_life_days <= 0:
            raise AnalysisError(f"half_life_days must be positive, got {self.half_life_days}")

    def record_probability(self, relation: str, inferred: bool, reliability: float | None,
                           age_days: float | None, dated: bool) -> float:
        """Probability that one record of ``relation`` is a working channel."""
        p = self.base.get(relation, self.default_base)
        if inferred:
            p *= self.inferred_factor
        r = self.missing_reliability if reliability is None else min(max(reliability, 0.0), 1.0)
        p *= (1.0 - self.reliability_weight) + self.reliability_weight * r
        if self.half_life_days is not None:
            if not dated:
                p *= self.undated_factor
            else:
                decay = 0.5 ** (max(age_days or 0.0, 0.0) / self.half_life_days)
                p *= self.recency_floor + (1.0 - self.recency_floor) * decay
        return p

    def edge_probability(self, data: Mapping[str, Any], reference: int | None = None) -> float:
        """Probability of one actor-graph edge (its attribute dict), combining its records
        by noisy-OR. ``reference`` is the reference date as a day ordinal.

        An edge with an ``evidence`` list is weighed record by record; an edge without one
        uses its ``contacts``, mean ``reliability`` and ``last_date``.
        """
        relation = str(data.get("relation", ""))
        base = self.base.get(relation, self.default_base)
        if data.get("inferred", False):
            base *= self.inferred_factor
        evidence = data.get("evidence") or []
        if not evidence:
            when = data.get("last_date")
            p1 = self.record_probability(relation, bool(data.get("inferred", False)),
                                         data.get("reliability"), _age(when, reference),
                                         when is not None)
            times = 1 if relation in self.restated else max(int(data.get("contacts") or 1), 1)
            miss = (1.0 - p1) ** times
            return min(max(1.0 - miss, self.min_probability), 1.0)
        # the loop of record_probability, inlined: this runs once per record of a large graph
        weight, missing = self.reliability_weight, self.missing_reliability
        half_life, floor, undated = self.half_life_days, self.recency_floor, self.undated_factor
        miss = 1.0
        restated = relation in self.restated
        for ev in evidence:
            r = ev.reliability
            p = base * ((1.0 - weight) + weight * (missing if r is None else min(max(r, 0.0), 1.0)))
            if half_life is not None:
                if ev.date is None:
                    p *= undated
                elif reference is not None:
                    age = max(reference - period(ev.date)[1], 0)
                    p *= floor + (1.0 - floor) * 0.5 ** (age / half_life)
            miss = min(miss, 1.0 - p) if restated else miss * (1.0 - p)
        return min(max(1.0 - miss, self.min_probability), 1.0)


def edge_cost(p: float) -> float:
    """The cost ``-log p`` of an edge of probability ``p`` (0 for a certain edge)."""
    return -math.log(p) if p < 1.0 else 0.0


@functools.lru_cache(maxsize=65536)
def period(text: str) -> tuple[int, int]:
    """The first and last day (as ordinals) of an ISO date at day, month or year precision
    (:class:`~graphkit.normalize.dates.PartialDate`'s period); an ISO datetime is its day (in
    its own zone: recency counts days).

    >>> a, b = period("2024-02")
    >>> date.fromordinal(a).isoformat(), date.fromordinal(b).isoformat()
    ('2024-02-01', '2024-02-29')
    >>> period("2016-05-17T23:59:59+00:00") == period("2016-05-17")
    True
    """
    text = str(text)
    if "T" in text:
        text = text.partition("T")[0]
    try:
        found = _partial(text)
        return found.start().toordinal(), found.end().toordinal()
    except ValueError:
        pass
    raise AnalysisError(f"not an ISO date at day, month or year precision: {text!r}", value=text)


@functools.lru_cache(maxsize=65536)
def instant_span(text: str) -> tuple[int, int]:
    """The first and last second of an ISO date or datetime on one time line
    (:meth:`PartialDate.seconds <graphkit.normalize.dates.PartialDate.seconds>`): a date
    covers its whole days, a datetime is one instant, so two e-mails of one day are ordered.

    >>> instant_span("2016-05-17T09:00:00Z")[0] < instant_span("2016-05-17T10:00:00Z")[0]
    True
    >>> a, b = instant_span("2016-05-17"); b - a
    86399
    """
    try:
        return _partial(text).seconds()
    except ValueError:
        raise AnalysisError(f"not an ISO date or datetime: {text!r}", value=text) from None


def _partial(text: str) -> PartialDate:
    raw = str(text).strip()
    if "T" in raw:
        return PartialDate.from_iso(raw)
    numbers = [int(p) for p in raw.split("-")]
    if not 1 <= len(numbers) <= 3:
        raise ValueError(raw)
    return PartialDate.of(*numbers)


def latest_date(G: nx.Graph) -> int | None:
    """The last day (ordinal) of the latest dated record on any edge of ``G``, or None."""
    return latest_date_of(data for _, _, data in G.edges(data=True))


def latest_date_of(edges: Iterable[Mapping[str, Any]]) -> int | None:
    """:func:`latest_date` of edges given by their attribute dicts."""
    latest: int | None = None
    for data in edges:
        candidates: Iterable[str | None] = [data.get("last_date")]
        if data.get("evidence"):
            candidates = [getattr(ev, "date", None) for ev in data["evidence"]]
        for text in candidates:
            if text:
                end = period(text)[1]
                latest = end if latest is None or end > latest else latest
    return latest


def reference_ordinal(G: nx.Graph, model: LikelihoodModel) -> int | None:
    """The reference date of ``model`` for ``G`` as an ordinal (None: no dated records)."""
    if model.reference_date:
        return period(model.reference_date)[1]
    return latest_date(G)


def _age(text: str | None, reference: int | None) -> float | None:
    if text is None or reference is None:
        return None
    return float(reference - period(text)[1])
