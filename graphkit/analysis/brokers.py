"""The broker table: one row per actor with every broker measure and a plain-language reason.

:func:`broker_table` takes the actor projection (``graphkit.projection.actor_graph``, a
``MultiDiGraph`` keyed by relation) or any networkx graph and returns a DataFrame. Technology
nodes are left out of the ranking and of the contact measures (a shared technology is not a
contact); they still mark the technology holders for the cut points. Measures:

- ``degree``, ``in_degree``, ``out_degree``: distinct contacts;
- ``betweenness``: over the contacts taken as two-way (normalised as networkx); hops, or with
  ``weight`` the cost ``1 / contacts``; exact up to 10,000 actors, above that estimated from
  1,024 sampled sources (or KADABRA with ``method="kadabra"``), see
  :func:`graphkit.analysis.centrality.betweenness`;
- ``pagerank``: along the direction of the contacts, weighted by contacts when ``weight``;
- ``constraint``, ``effective_size``: Burt's structural holes;
- brokerage roles (Gould & Fernandez 1989) for ``partition``: raw counts and z-scores;
- ``articulation``: a cut vertex of the actor graph;
- ``community``: Louvain community (seeded);
- ``rank`` (1 = strongest broker): by betweenness, ties by total brokerage, then PageRank;
- ``reason`` for the ``top_reasons`` first actors.

``DataFrame.attrs`` records how it was computed (betweenness method, sample, seed, error
bound, partition, graph size).

>>> import networkx as nx
>>> G = nx.DiGraph([("agent", "fixer"), ("fixer", "lab"), ("fixer", "uni")])
>>> nx.set_node_attributes(G, {"agent": True, "fixer": False, "lab": False, "uni": False}, "foreign")
>>> table = broker_table(G)
>>> table.iloc[0]["id"], table.iloc[0]["reason"]
('fixer', 'links 1 foreign actor to 2 domestic actors; gatekeeper 2x (from agent to lab, uni); cut point: removing it splits its contacts into 3 parts, cutting off 2 actors')
"""
from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from typing import Any, Callable, Hashable, Iterator, Mapping

import networkx as nx
import numpy as np
import pandas as pd

from graphkit import schema
from graphkit.analysis import centrality, engine
from graphkit.analysis.arcgraph import ArcGraph
from graphkit.analysis.brokerage import ROLE_NAMES, brokerage_roles, node_groups
from graphkit.analysis.cuts import HOLDS, ContactMatrix, contact_matrix, split_off, technology_holders
from graphkit.analysis.structural_holes import structural_holes
from graphkit.errors import AnalysisError
from graphkit.language import message
from graphkit.projection import ActorArrays, collapse

ROLE_COLUMNS = ROLE_NAMES[:5]
#: The steps of :func:`broker_table`, in order (``on_step`` hears each as it starts).
BROKER_STEPS = ("collapse", "betweenness", "pagerank", "structural_holes", "brokerage_roles",
                "articulation_points", "degree", "louvain", "reasons")


class _Stopwatch:
    """Wall-clock and CPU seconds of each step, for ``DataFrame.attrs["timings"]``."""

    def __init__(self, on_step: Callable[[str], None] | None = None) -> None:
        self.timings: dict[str, dict[str, float]] = {}
        self.on_step = on_step

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        if self.on_step is not None and name not in self.timings:
            self.on_step(name)
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        spent = self.timings.setdefault(name, {"wall_s": 0.0, "cpu_s": 0.0})
        spent["wall_s"] += time.perf_counter() - wall
        spent["cpu_s"] += time.process_time() - cpu


_TIE_DIGITS = {"betweenness": 12, "pagerank": 9}
"""Decimals a score is ranked at: values equal to these many decimals rank as ties."""


def actor_digraph(G: Any) -> Any:
    """Directed simple graph of the actors: parallel relations merged, ``contacts`` summed.

    An edge without ``contacts`` counts one; an undirected edge becomes both directions.

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", key="CONTACTED", contacts=2)
    >>> _ = M.add_edge("a", "b", key="INTRODUCED", contacts=1)
    >>> actor_digraph(M)["a"]["b"]["contacts"]
    3
    """
    if isinstance(G, ActorArrays):
        return arc_digraph(G)
    return collapse(G, directed=True, actors_only=True, weight=contacts_or_one, name="contacts")


def arc_digraph(arrays: ActorArrays) -> ArcGraph:
    """:func:`actor_digraph` of the projection as arrays: the actors (every actor of the
    projection, in id order) and one arc per ordered pair with its summed tie strength
    (:func:`contacts_or_one`), as an :class:`~graphkit.analysis.arcgraph.ArcGraph`.

    >>> from graphkit.projection import ActorArrays
    >>> A = ActorArrays.from_ties(["a", "b"], ["a", "a"], ["b", "b"], ["CONTACTED", "INTRODUCED"], contacts=[2, 1])
    >>> arc_digraph(A).matrix.toarray().tolist()
    [[0.0, 3.0], [0.0, 0.0]]
    """
    actor = arrays.actor_mask()
    position = np.cumsum(actor) - 1
    keep = actor[arrays.tails] & actor[arrays.heads]
    strength = np.where(arrays.weights != 0, arrays.weights, np.where(arrays.contacts != 0, arrays.contacts, 1))
    chosen = np.flatnonzero(actor)
    columns: dict[str, list[Any]] = {"kind": list(arrays.kinds), "name": list(arrays.names),
                                     "country": list(arrays.countries), "foreign": list(arrays.foreign),
                                     "org": list(arrays.orgs)}
    return ArcGraph([arrays.ids[i] for i in chosen], position[arrays.tails[keep]], position[arrays.heads[keep]],
                    strength[keep], directed=True,
                    attributes={key: [column[i] for i in chosen] for key, column in columns.items()})


def contacts_or_one(u: Hashable, v: Hashable, data: dict) -> int | float:
    """An edge's tie strength: its ``weight`` (the records' stated weights, see
    :func:`graphkit.projection.record_weight`), else its ``contacts``; one when it has neither."""
    return data.get("weight") or data.get("contacts") or 1


READINGS = ("directed", "undirected")
"""How roles, reasons, degrees and PageRank read the contacts: as loaded (``directed``: a row
``from -> to`` is one arc) or both ways (``undirected``: every tie counts in both directions,
for tie lists written one row per tie). Betweenness, the rank, always takes contacts as two-way."""

MULTI_VALUED_GROUPS = ("cases",)
"""List-valued attributes that can split actors into groups, by :func:`partition_groups`'s rule
(an actor in several cases belongs to the case with most of its records). Other list-valued
attributes (``aliases``, ``evidence``, identifiers) name or cite an actor; partitioning by them
is refused."""


def read_contacts(D: nx.DiGraph, reading: str) -> nx.DiGraph:
    """The contacts as ``reading`` takes them: ``D`` itself, or every tie both ways (contacts of
    the two directions added up).

    >>> D = nx.DiGraph([("a", "b")])
    >>> sorted(read_contacts(D, "undirected").edges)
    [('a', 'b'), ('b', 'a')]
    """
    if reading not in READINGS:
        raise AnalysisError(f"reading must be one of {', '.join(READINGS)}, not {reading!r}", value=reading)
    if reading == "directed":
        return D
    if isinstance(D, ArcGraph):
        return D.both_ways()
    both: nx.DiGraph = nx.DiGraph()
    both.add_nodes_from(D.nodes(data=True))
    for u, v, data in D.edges(data=True):
        contacts = data.get("contacts", 1)
        for a, b in ((u, v), (v, u)):
            if both.has_edge(a, b):
                both[a][b]["contacts"] += contacts
            else:
                both.add_edge(a, b, contacts=contacts)
    return both


def reciprocated_share(D: nx.DiGraph) -> float:
    """Share of the ties (pairs of actors) recorded in both directions.

    >>> reciprocated_share(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    0.5
    """
    if isinstance(D, ArcGraph):
        return D.reciprocated_share()
    succ = D.succ
    arcs = both_ways = 0
    for u, targets in succ.items():
        for v in targets:
            if u != v:
                arcs += 1
                both_ways += u in succ[v]
    pairs = arcs - both_ways / 2  # a pair recorded both ways is two arcs
    return (both_ways / 2) / pairs if pairs else 0.0


def partition_attributes(D: nx.Graph) -> list[str]:
    """The node attributes that split the actors of ``D`` into groups: at least two groups, and
    fewer groups than actors (names and identifiers are not groups); ``cases`` counts by
    :func:`partition_groups`'s rule.

    >>> D = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(D, {"a": "JP", "b": "JP", "c": "CN"}, "country")
    >>> partition_attributes(D)
    ['country']
    """
    values: dict[str, set] = {}
    for _, data in D.nodes(data=True):
        for key, value in data.items():
            if key in MULTI_VALUED_GROUPS and isinstance(value, (list, tuple, set)):
                values.setdefault(key, set()).update(value)
            elif isinstance(value, (str, bool, int)) and key != "name":
                values.setdefault(key, set()).add(value)
    return sorted(key for key, seen in values.items() if 1 < len(seen) < len(D))


def partition_groups(G: Any, D: Any, partition: str | Mapping[Hashable, Any]
                     ) -> tuple[dict[Hashable, Any] | None, str | None]:
    """The group of every actor of ``D`` for the brokerage roles, or None and why not.

    ``partition`` is a mapping node -> group, or a node attribute. A single-valued attribute is
    the group as it stands. ``cases`` (an actor may be in several) puts each actor in the case
    with most of its records (the evidence on its ties in ``G``), ties to the smallest case id;
    an actor with cases but no records on its ties goes to its smallest case. Other list-valued
    attributes (aliases, evidence) are not groups: :class:`AnalysisError`. When no actor has the
    attribute, the groups are None and the reason names the attributes there are; an attribute
    that neither the schema's actors nor these nodes know (a typo) is an :class:`AnalysisError`.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": ["K2", "K1"], "b": ["K1"], "c": ["K2"]}, "cases")
    >>> partition_groups(G, actor_digraph(G), "cases")[0]
    {'a': 'K1', 'b': 'K1', 'c': 'K2'}
    >>> partition_groups(G, actor_digraph(G), "country")[1]
    "brokerage roles left out: no actor has the attribute 'country'; attributes to partition by: cases"
    """
    if not isinstance(partition, str):
        return dict(zip(D, node_groups(D, partition))), None
    values = {n: D.nodes[n].get(partition) for n in D}
    if all(value is None or value == [] for value in values.values()):
        usable = partition_attributes(D)
        where = ("attributes to partition by: " + ", ".join(usable)) if usable else \
            "no attribute splits these actors into groups (load countries or cases to get roles)"
        if partition not in _known_attributes(D):  # a typo, not data that lacks a known property
            raise AnalysisError(f"no actor has the attribute {partition!r} to partition by; {where}",
                                value=partition)
        return None, f"brokerage roles left out: no actor has the attribute {partition!r}; {where}"
    if any(isinstance(value, (list, tuple, set, dict)) for value in values.values()):
        if partition not in MULTI_VALUED_GROUPS:
            usable = partition_attributes(D)
            raise AnalysisError(
                f"{partition!r} holds several values per actor (names or records, not a group); "
                f"partition by one of: {', '.join(usable) or 'none here'}", value=partition)
        return _main_case(G, values), None
    return values, None


def _known_attributes(D: nx.Graph) -> set[str]:
    """Attributes an actor may have: the actor kinds' properties in the schema in use, ``kind``,
    ``foreign`` (set from the country), and whatever the nodes of ``D`` carry."""
    known = {"kind", "foreign"}
    for kind in schema.current().nodes.values():
        if kind.actor:
            known.update(kind.properties)
    for _, data in D.nodes(data=True):
        known.update(data)
    return known


def _main_case(G: nx.Graph, cases: dict[Hashable, Any]) -> dict[Hashable, Any]:
    """Each actor's case with most of its records (on its ties in ``G``), ties to the smallest id."""
    records: dict[Hashable, dict[Any, set]] = {n: {} for n in cases}
    for u, v, data in G.edges(data=True):
        for evidence in data.get("evidence") or []:
            case = getattr(evidence, "case_id", None)
            for end in (u, v):
                if case is not None and end in records:
                    records[end].setdefault(case, set()).add(getattr(evidence, "record_id", evidence))
    main = {}
    for node, listed in cases.items():
        listed = list(listed or [])
        counted = {case: len(records[node].get(case, ())) for case in listed}
        main[node] = min(listed, key=lambda case: (-counted[case], str(case))) if listed else None
    return main


def broker_scores(G: nx.Graph, *, seed: int = 0) -> tuple[dict[Hashable, float], list[Hashable]]:
    """The ``betweenness`` column of :func:`broker_table` alone, and the actors strongest first.

    For callers that need no other measure (a link chart's broker highlight): contacts
    two-way, technologies left out, the same defaults and limits as the table (5,000 nodes:
    0.4 s against 20 s for the whole table). Ties go by id.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> broker_scores(G)[1][0]
    'b'
    """
    D = actor_digraph(G)
    if len(D) == 0:
        return {}, []
    scores, _ = _contact_betweenness(D, weighted=False, seed=seed)
    ranking = sorted(scores, key=lambda n: (-scores[n], str(n)))
    return {n: float(v) for n, v in scores.items()}, ranking


def _contact_betweenness(U: nx.Graph, *, weighted: bool, seed: int, **options: Any
                         ) -> tuple[dict[Hashable, float], dict[str, Any]]:
    """Betweenness over the two-way contacts (cost ``1 / contacts`` when ``weighted``)."""
    return centrality.betweenness(U, weight=centrality.contact_cost if weighted else None,
                                  directed=False, seed=seed, **options)


def _label(G: nx.Graph, node: Hashable) -> str:
    return str(G.nodes[node].get("name") or node)


def _side(value: Any, partition: str | Mapping, lang: str = "en") -> str:
    if partition == "foreign":
        side = {True: "foreign", False: "domestic"}.get(value, "unknown")
        return message(f"reason.side.{side}", lang)
    return f"{value}" if value is not None else message("reason.side.unassigned", lang)


def _count(key: str, count: int, lang: str = "en", **values: Any) -> str:
    """A counted phrase of the reasons (graphkit/messages.toml), English plural in ``{s}``.

    >>> _count("reason.contacts", 1), _count("reason.contacts", 3), _count("reason.contacts", 3, "ja")
    ('1 contact', '3 contacts', '接触相手3者')
    """
    return message(key, lang, n=count, s="" if count == 1 else "s", **values)


def _names(G: nx.Graph, counts: Counter, limit: int = 3, lang: str = "en") -> str:
    """The ``limit`` actors with the most chains, by name, and how many more there are."""
    ordered = [n for n, _ in sorted(counts.items(), key=lambda item: (-item[1], _label(G, item[0])))]
    shown = message("reason.list_separator", lang).join(
        _label(G, n) for n in sorted(ordered[:limit], key=lambda n: _label(G, n)))
    rest = len(ordered) - limit
    return shown + (message("reason.and_more", lang, n=rest) if rest > 0 else "")


def _role(source_group: Any, own: Any, target_group: Any) -> str:
    """Gould & Fernandez's role of a broker in group ``own`` on a chain between the groups."""
    if source_group == own:
        return "coordinator" if target_group == own else "representative"
    if target_group == own:
        return "gatekeeper"
    return "itinerant" if target_group == source_group else "liaison"


def _open_chains(D: nx.DiGraph, node: Hashable, groups: dict) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Open two-step chains ``i -> node -> k`` (``i != k``, no ``i -> k``) by role.

    Returns, for each role, how many chains start at each ``i`` and how many end at each
    ``k``. Counted by complement — all pairs of the two groups less the closed ones — so the
    work is linear in the neighbourhoods (a hub with thousands of contacts each way costs
    milliseconds, not the product of its in- and out-degree).
    """
    own = groups[node]
    # networkx's private adjacency dicts (not in types-networkx): membership tests without view objects
    succ = D._succ  # type: ignore[attr-defined]
    pred = D._pred  # type: ignore[attr-defined]
    S = [k for k in succ[node] if k != node]
    P = [i for i in pred[node] if i != node]
    S_set = set(S)
    S_by_group = Counter(groups[k] for k in S)
    P_by_group = Counter(groups[i] for i in P)
    sources: dict[str, Counter] = {role: Counter() for role in ROLE_COLUMNS}
    targets: dict[str, Counter] = {role: Counter() for role in ROLE_COLUMNS}
    for i in P:
        gi = groups[i]
        closed = Counter(groups[k] for k in succ[i] if k in S_set)  # i -> k: no chain through node
        if i in S_set and i not in succ[i]:
            closed[gi] += 1  # i -> node -> i is no chain either
        for gk, count in S_by_group.items():
            opened = count - closed.get(gk, 0)
            if opened:
                sources[_role(gi, own, gk)][i] += opened
    P_set = set(P)
    for k in S:
        gk = groups[k]
        closed = Counter(groups[i] for i in pred[k] if i in P_set)
        if k in P_set and k not in pred[k]:
            closed[gk] += 1
        for gi, count in P_by_group.items():
            opened = count - closed.get(gi, 0)
            if opened:
                targets[_role(gi, own, gk)][k] += opened
    return sources, targets


def _reason(
    G: Any, D: Any, node: Hashable, groups: dict | None, partition: str | Mapping,
    articulation: bool, holders: set, contacts: ContactMatrix | None = None, lang: str = "en",
) -> str:
    """Plain-language reason (in ``lang``) from the actual neighbours and chains of ``node``;
    without ``groups`` (no partition), its contacts and cut point only."""
    if isinstance(D, ArcGraph):  # a broker's reason reads its neighbourhood only
        D = G = D.around(node)
    parts: list[str] = []
    separator = message("reason.separator", lang)
    neighbours = set(D.predecessors(node)) | set(D.successors(node))
    if groups is None:
        parts.append(_count("reason.contacts", len(neighbours - {node}), lang))
        if articulation:
            parts.extend(_cut_text(D, node, holders, contacts, lang))
        return separator.join(parts)
    own = groups[node]
    by_group = Counter(groups[n] for n in neighbours)
    other = {g: c for g, c in by_group.items() if g != own}
    if other and by_group.get(own):
        if partition == "foreign" and own in (True, False):
            theirs = True if own is False else False
            outside = by_group.get(theirs, 0)
            inside = by_group.get(own, 0)
            if outside:
                parts.append(message(
                    "reason.links_sides", lang,
                    outside=_count("reason.side_actors", outside, lang, side=_side(theirs, partition, lang)),
                    inside=_count("reason.side_actors", inside, lang, side=_side(own, partition, lang))))
        else:
            groups_text = message("reason.list_separator", lang).join(
                message("reason.in_group", lang, n=c, group=_side(g, partition, lang))
                for g, c in sorted(other.items(), key=lambda x: str(x[0])))
            parts.append(message("reason.links_groups", lang,
                                 contacts=_count("reason.contacts", by_group[own], lang),
                                 group=_side(own, partition, lang), others=groups_text))
    sources, targets = _open_chains(D, node, groups)
    for role in ("gatekeeper", "representative", "liaison", "itinerant", "coordinator"):
        total = sum(sources[role].values())
        if not total:
            continue
        parts.append(message("reason.role", lang, role=message(f"reason.role_name.{role}", lang), n=total,
                             sources=_names(G, sources[role], lang=lang),
                             targets=_names(G, targets[role], lang=lang)))
        if len(parts) >= 4:
            break
    if articulation:
        parts.extend(_cut_text(D, node, holders, contacts, lang))
    if not parts and (not D.pred[node] or not D.succ[node]):
        # Read as loaded, ties only into (or only out of) it: no chain can pass through it,
        # though the rank, reading the ties both ways, may put it high.
        return message("reason.no_chain", lang, ties=_count("reason.ties", len(D.pred[node]), lang),
                       out=len(D.succ[node]))
    return separator.join(parts) if parts else message("reason.no_brokerage", lang)


def _cut_text(D: nx.DiGraph, node: Hashable, holders: set, contacts: ContactMatrix | None,
              lang: str = "en") -> list[str]:
    """What removing the cut point ``node`` splits off, as a reason part (none if nothing)."""
    cut_off = split_off(D, node, contacts)
    if not cut_off:
        return []
    separated = set().union(*cut_off)
    held = len(separated & holders)
    text = message("reason.cut_point", lang, parts=len(cut_off) + 1,
                   actors=_count("reason.actors", len(separated), lang))
    if held:
        text += _count("reason.holders", held, lang)
    return [text]


def holder_ids(arrays: ActorArrays) -> set[str]:
    """:func:`graphkit.analysis.cuts.technology_holders` of the projection as arrays."""
    actor = arrays.actor_mask()
    technology = np.fromiter((kind == schema.TECHNOLOGY_KIND for kind in arrays.kinds), dtype=bool,
                             count=len(arrays.kinds))
    holds = np.fromiter((relation == HOLDS for relation in arrays.relations), dtype=bool, count=len(arrays.relations))
    chosen = holds & actor[arrays.tails] & technology[arrays.heads]
    return {arrays.ids[i] for i in np.unique(arrays.tails[chosen]).tolist()}


def broker_table(
    G: nx.Graph | ActorArrays,
    *,
    partition: str | Mapping[Hashable, Any] = "foreign",
    weight: str | None = None,
    exact: bool | None = None,
    seed: int = 0,
    top_reasons: int = 20,
    communities: bool = True,
    sample: int | None = None,
    method: str | None = None,
    epsilon: float = 0.01,
    delta: float = 0.1,
    reading: str = "directed",
    on_step: Callable[[str], None] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Rank the actors of ``G`` as brokers; one row per actor.

    Parameters
    ----------
    G : networkx graph, or :class:`~graphkit.projection.ActorArrays`
        The actor projection (any networkx graph works; nodes without ``kind`` are actors),
        or the projection as arrays (:func:`graphkit.projection.actor_arrays`): then every
        whole-graph measure runs on arrays (:mod:`graphkit.analysis.arcgraph`) and networkx
        only sees each explained actor's neighbourhood; same results. ``partition="cases"``
        needs the evidence, so the graph.
    partition : str or mapping
        Groups for the brokerage roles: a node attribute (default ``"foreign"``, foreign vs
        domestic; also ``"country"``, ``"org"``, ``"cases"``, ...) or a mapping node -> group
        (see :func:`partition_groups` for actors in several cases). When no actor has the
        attribute, the role columns are left empty (NaN) and ``attrs["roles_note"]`` says why
        and which attributes there are to partition by.
    weight : None or str
        None: every contact counts once (hops). An attribute such as ``"contacts"``: tie
        strength for PageRank and structural holes, and cost ``1 / strength`` for
        betweenness.
    exact : bool, optional
        Force exact (True) or approximate (False) betweenness; default exact up to 10,000
        actors.
    seed : int
        Seed of the betweenness approximation and of Louvain.
    top_reasons : int
        How many of the top-ranked actors get a ``reason``.
    communities : bool
        Add the Louvain ``community`` column (numbered by size, 0 the largest).
    sample, method, epsilon, delta
        Passed to :func:`graphkit.analysis.centrality.betweenness`: how many sources to
        sample (default 1,024), the approximation (``"sources"`` or ``"kadabra"``) and
        KADABRA's accuracy.
    reading : "directed" or "undirected"
        How roles, reasons, degrees, PageRank and structural holes read the contacts
        (:data:`READINGS`): as loaded (default) or every tie both ways, which is how the rank
        (betweenness) always reads them. ``attrs["reading"]`` and :func:`rank_basis` say so.
    on_step : callable, optional
        Called with each step's name (:data:`BROKER_STEPS`) as it starts, for a progress bar.
    lang : str
        The language of the ``reason`` column: ``"en"`` (default) or ``"ja"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``rank, id, name, kind, country, foreign, group, degree, in_degree,
        out_degree, betweenness, pagerank, constraint, effective_size``, the five role counts
        and ``brokerage``, ``z_<role>`` and ``z_brokerage``, ``articulation``, ``community``,
        ``reason``, and ``betweenness_se`` (the measured standard error of a sampled score;
        0 when exact); sorted by rank. ``attrs`` holds the method information.
    """
    watch = _Stopwatch(on_step)
    with watch.step("collapse"):
        D = actor_digraph(G)
    if len(D) == 0:
        raise AnalysisError("the graph has no actors to rank")
    strength = "contacts" if weight else None
    if weight not in (None, "contacts"):
        raise AnalysisError(f"weight must be None or 'contacts', not {weight!r}")
    groups, roles_note = partition_groups(G, D, partition)
    loaded = D
    D = read_contacts(D, reading)
    # The contact measures take the contacts as two-way. Unweighted, the engines read D as
    # undirected themselves; with strengths, both directions' contacts add up first (as "weight").
    U: Any = loaded
    if strength:
        with watch.step("collapse"):
            U = engine.undirected_strengths(loaded, strength)
    with watch.step("betweenness"):
        between, between_info = _contact_betweenness(U, weighted=bool(strength), exact=exact, seed=seed,
                                                     sample=sample, method=method, epsilon=epsilon, delta=delta)
        standard_errors = between_info.pop("standard_errors", {})
    with watch.step("pagerank"):
        ranks_pr = centrality.pagerank(D, weight=strength)
    with watch.step("structural_holes"):
        holes = structural_holes(D, weight=strength)
    with watch.step("brokerage_roles"):
        roles = brokerage_roles(D, groups) if groups is not None else None
    with watch.step("articulation_points"):
        cut_vertices = engine.articulation_points(U)
    with watch.step("degree"):
        degrees = centrality.degree(D)
    community_of: dict[Hashable, int] = {}
    if communities:
        with watch.step("louvain"):
            for number, members in enumerate(engine.louvain(U, weight="weight" if strength else None, seed=seed)):
                for member in members:
                    community_of[member] = number
    frame = pd.DataFrame(
        {
            "id": list(D),
            "name": [D.nodes[n].get("name", n) for n in D],
            "kind": [D.nodes[n].get("kind") for n in D],
            "country": [D.nodes[n].get("country") for n in D],
            "foreign": [D.nodes[n].get("foreign") for n in D],
            "group": [groups[n] for n in D] if groups is not None else None,
            "degree": [degrees[n]["degree"] for n in D],
            "in_degree": [degrees[n]["in_degree"] for n in D],
            "out_degree": [degrees[n]["out_degree"] for n in D],
            "betweenness": [between[n] for n in D],
            "betweenness_se": [standard_errors.get(n, 0.0) for n in D],
            "pagerank": [ranks_pr[n] for n in D],
            "constraint": [holes["constraint"][n] for n in D],
            "effective_size": [holes["effective_size"][n] for n in D],
        }
    )
    if roles is not None:
        role_frame = roles.nodes.reset_index(drop=True)
        for role in ROLE_COLUMNS:
            frame[role] = role_frame[role].astype(int).to_numpy()
        frame["brokerage"] = role_frame["total"].astype(int).to_numpy()
        for role in ROLE_COLUMNS:
            frame[f"z_{role}"] = role_frame[f"z_{role}"].to_numpy()
        frame["z_brokerage"] = role_frame["z_total"].to_numpy()
    else:  # no groups: the roles are left out (NaN), attrs["roles_note"] says why
        for column in [*ROLE_COLUMNS, "brokerage", *(f"z_{r}" for r in ROLE_COLUMNS), "z_brokerage"]:
            frame[column] = float("nan")
    frame["articulation"] = [n in cut_vertices for n in D]
    frame["community"] = [community_of.get(n) for n in D] if communities else None
    # scores equal up to float rounding are ties (the plain-Python and compiled kernels sum in
    # different orders), so the order does not depend on which kernel ran
    frame = frame.sort_values(
        ["betweenness", "brokerage", "pagerank", "id"], ascending=[False, False, False, True],
        key=lambda column: column.map(str) if column.name == "id" else column.round(_TIE_DIGITS.get(
            str(column.name), 12)) if column.dtype.kind == "f" else column,
    ).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    with watch.step("reasons"):
        holders = holder_ids(G) if isinstance(G, ActorArrays) else technology_holders(G)
        reasons = [""] * len(frame)
        explained = range(min(top_reasons, len(frame)))
        # One sparse contact matrix serves every cut point explained (not one copy of the graph each).
        contacts = contact_matrix(D) if frame["articulation"].iloc[:len(explained)].any() else None
        for position in explained:
            node = frame.at[position, "id"]
            reasons[position] = _reason(G, D, node, groups, partition, bool(frame.at[position, "articulation"]),
                                        holders, contacts, lang)
        frame["reason"] = reasons
    frame.attrs.update(
        {
            "betweenness": between_info,
            "partition": partition if isinstance(partition, str) else "mapping",
            "weight": weight,
            "seed": seed,
            "actors": len(D),
            "contacts": loaded.number_of_edges(),
            "brokerage_totals": roles.totals.to_dict(orient="index") if roles is not None else {},
            "roles_note": roles_note,
            "reading": reading,
            "reciprocated": reciprocated_share(loaded),
            "engine": engine.describe(),
            "timings": watch.timings,
        }
    )
    return frame


def broker_reason(G: nx.Graph, D: nx.DiGraph, node: Hashable, groups: dict | None,
                  partition: str | Mapping = "foreign", holders: set | None = None, lang: str = "en") -> str:
    """The plain-language reason of :func:`broker_table` for ``node`` from its neighbourhood
    alone (``G`` the actor projection around it, ``D`` its :func:`actor_digraph` as read),
    without the cut-point part, which needs the whole graph (the GDS engine says it from GDS's
    articulation points instead).

    >>> D = nx.DiGraph([("agent", "fixer"), ("fixer", "lab")])
    >>> broker_reason(D, D, "fixer", {"agent": True, "fixer": False, "lab": False})
    'links 1 foreign actor to 1 domestic actor; gatekeeper 1x (from agent to lab)'
    """
    return _reason(G, D, node, groups, partition, False, holders or set(), lang=lang)
