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
from typing import Any, Hashable, Iterator, Mapping

import networkx as nx
import pandas as pd

from graphkit.analysis import centrality, engine
from graphkit.analysis.brokerage import ROLE_NAMES, brokerage_roles, node_groups
from graphkit.analysis.cuts import ContactMatrix, contact_matrix, split_off, technology_holders
from graphkit.analysis.structural_holes import structural_holes
from graphkit.errors import AnalysisError
from graphkit.projection import collapse

ROLE_COLUMNS = ROLE_NAMES[:5]


class _Stopwatch:
    """Wall-clock and CPU seconds of each step, for ``DataFrame.attrs["timings"]``."""

    def __init__(self) -> None:
        self.timings: dict[str, dict[str, float]] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        spent = self.timings.setdefault(name, {"wall_s": 0.0, "cpu_s": 0.0})
        spent["wall_s"] += time.perf_counter() - wall
        spent["cpu_s"] += time.process_time() - cpu


def actor_digraph(G: nx.Graph) -> nx.DiGraph:
    """Directed simple graph of the actors: parallel relations merged, ``contacts`` summed.

    An edge without ``contacts`` counts one; an undirected edge becomes both directions.

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", key="CONTACTED", contacts=2)
    >>> _ = M.add_edge("a", "b", key="INTRODUCED", contacts=1)
    >>> actor_digraph(M)["a"]["b"]["contacts"]
    3
    """
    return collapse(G, directed=True, actors_only=True, weight=contacts_or_one, name="contacts")


def contacts_or_one(u: Hashable, v: Hashable, data: dict) -> int | float:
    """An edge's tie strength: its ``weight`` (the records' stated weights, see
    :func:`graphkit.projection.record_weight`), else its ``contacts``; one when it has neither."""
    return data.get("weight") or data.get("contacts") or 1


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


def _side(value: Any, partition: str | Mapping) -> str:
    if partition == "foreign":
        return {True: "foreign", False: "domestic"}.get(value, "unknown-side")
    return f"{value}" if value is not None else "unassigned"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _names(G: nx.Graph, counts: Counter, limit: int = 3) -> str:
    """The ``limit`` actors with the most chains, by name, and how many more there are."""
    ordered = [n for n, _ in sorted(counts.items(), key=lambda item: (-item[1], _label(G, item[0])))]
    shown = ", ".join(_label(G, n) for n in sorted(ordered[:limit], key=lambda n: _label(G, n)))
    rest = len(ordered) - limit
    return shown + (f" and {rest} more" if rest > 0 else "")


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
    G: nx.Graph, D: nx.DiGraph, node: Hashable, groups: dict, partition: str | Mapping,
    articulation: bool, holders: set, contacts: ContactMatrix | None = None,
) -> str:
    """Plain-language reason from the actual neighbours and chains of ``node``."""
    parts = []
    own = groups[node]
    neighbours = set(D.predecessors(node)) | set(D.successors(node))
    by_group = Counter(groups[n] for n in neighbours)
    other = {g: c for g, c in by_group.items() if g != own}
    if other and by_group.get(own):
        if partition == "foreign" and own in (True, False):
            theirs = True if own is False else False
            outside = by_group.get(theirs, 0)
            inside = by_group.get(own, 0)
            if outside:
                parts.append(
                    f"links {_plural(outside, _side(theirs, partition) + ' actor')} "
                    f"to {_plural(inside, _side(own, partition) + ' actor')}"
                )
        else:
            groups_text = ", ".join(f"{c} in {_side(g, partition)}" for g, c in sorted(other.items(), key=lambda x: str(x[0])))
            parts.append(f"links {_plural(by_group[own], 'contact')} in its own group ({_side(own, partition)}) to {groups_text}")
    sources, targets = _open_chains(D, node, groups)
    for role in ("gatekeeper", "representative", "liaison", "itinerant", "coordinator"):
        total = sum(sources[role].values())
        if not total:
            continue
        parts.append(f"{role} {total}x (from {_names(G, sources[role])} to {_names(G, targets[role])})")
        if len(parts) >= 4:
            break
    if articulation:
        cut_off = split_off(D, node, contacts)
        if cut_off:
            separated = set().union(*cut_off)
            held = len(separated & holders)
            text = (
                f"cut point: removing it splits its contacts into {len(cut_off) + 1} parts, "
                f"cutting off {_plural(len(separated), 'actor')}"
            )
            if held:
                text += f" ({_plural(held, 'technology holder')})"
            parts.append(text)
    return "; ".join(parts) if parts else "no brokerage between groups"


def broker_table(
    G: nx.Graph,
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
) -> pd.DataFrame:
    """Rank the actors of ``G`` as brokers; one row per actor.

    Parameters
    ----------
    G : networkx graph
        The actor projection (any networkx graph works; nodes without ``kind`` are actors).
    partition : str or mapping
        Groups for the brokerage roles: a node attribute (default ``"foreign"``, foreign vs
        domestic; also ``"country"``, ``"org"``, ...) or a mapping node -> group.
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

    Returns
    -------
    pandas.DataFrame
        Columns ``rank, id, name, kind, country, foreign, group, degree, in_degree,
        out_degree, betweenness, pagerank, constraint, effective_size``, the five role counts
        and ``brokerage``, ``z_<role>`` and ``z_brokerage``, ``articulation``, ``community``,
        ``reason``; sorted by rank. ``attrs`` holds the method information.
    """
    watch = _Stopwatch()
    with watch.step("collapse"):
        D = actor_digraph(G)
    if len(D) == 0:
        raise AnalysisError("the graph has no actors to rank")
    strength = "contacts" if weight else None
    if weight not in (None, "contacts"):
        raise AnalysisError(f"weight must be None or 'contacts', not {weight!r}")
    groups = dict(zip(D, node_groups(D, partition)))
    if isinstance(partition, str) and all(group is None for group in groups.values()):
        raise AnalysisError(f"no actor has the attribute {partition!r} to partition by", value=partition)
    # The contact measures take the contacts as two-way. Unweighted, the engines read D as
    # undirected themselves; with strengths, both directions' contacts add up first (as "weight").
    U: nx.Graph = D
    if strength:
        with watch.step("collapse"):
            U = engine.undirected_strengths(D, strength)
    with watch.step("betweenness"):
        between, between_info = _contact_betweenness(U, weighted=bool(strength), exact=exact, seed=seed,
                                                     sample=sample, method=method, epsilon=epsilon, delta=delta)
    with watch.step("pagerank"):
        ranks_pr = centrality.pagerank(D, weight=strength)
    with watch.step("structural_holes"):
        holes = structural_holes(D, weight=strength)
    with watch.step("brokerage_roles"):
        roles = brokerage_roles(D, partition)
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
            "group": [groups[n] for n in D],
            "degree": [degrees[n]["degree"] for n in D],
            "in_degree": [degrees[n]["in_degree"] for n in D],
            "out_degree": [degrees[n]["out_degree"] for n in D],
            "betweenness": [between[n] for n in D],
            "pagerank": [ranks_pr[n] for n in D],
            "constraint": [holes["constraint"][n] for n in D],
            "effective_size": [holes["effective_size"][n] for n in D],
        }
    )
    role_frame = roles.nodes.reset_index(drop=True)
    for role in ROLE_COLUMNS:
        frame[role] = role_frame[role].astype(int).to_numpy()
    frame["brokerage"] = role_frame["total"].astype(int).to_numpy()
    for role in ROLE_COLUMNS:
        frame[f"z_{role}"] = role_frame[f"z_{role}"].to_numpy()
    frame["z_brokerage"] = role_frame["z_total"].to_numpy()
    frame["articulation"] = [n in cut_vertices for n in D]
    frame["community"] = [community_of.get(n) for n in D] if communities else None
    frame = frame.sort_values(
        ["betweenness", "brokerage", "pagerank", "id"], ascending=[False, False, False, True],
        key=lambda column: column.map(str) if column.name == "id" else column,
    ).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    with watch.step("reasons"):
        holders = technology_holders(G)
        reasons = [""] * len(frame)
        explained = range(min(top_reasons, len(frame)))
        # One sparse contact matrix serves every cut point explained (not one copy of the graph each).
        contacts = contact_matrix(D) if frame["articulation"].iloc[:len(explained)].any() else None
        for position in explained:
            node = frame.at[position, "id"]
            reasons[position] = _reason(G, D, node, groups, partition, bool(frame.at[position, "articulation"]),
                                        holders, contacts)
        frame["reason"] = reasons
    frame.attrs.update(
        {
            "betweenness": between_info,
            "partition": partition if isinstance(partition, str) else "mapping",
            "weight": weight,
            "seed": seed,
            "actors": len(D),
            "contacts": D.number_of_edges(),
            "brokerage_totals": roles.totals.to_dict(orient="index"),
            "engine": engine.describe(),
            "timings": watch.timings,
        }
    )
    return frame
