"""Hand-built actor graphs following the projection contract in docs/architecture.md."""
from __future__ import annotations

import bisect
import itertools
import random
from typing import Any, Iterator

import networkx as nx

from graphkit.analysis.likelihood import period, reference_ordinal
from graphkit.analysis.transfer import DEFAULT_DIRECTIONS
from graphkit.model import Evidence

_rows = itertools.count(2)


def actor(G: nx.MultiDiGraph, node: str, *, kind: str = "Person", foreign: bool | None = False,
          aliases: list[str] | None = None, cases: list[str] | None = None) -> None:
    """Add an actor whose name is its id capitalised (``"a"`` -> ``"A"``)."""
    G.add_node(node, kind=kind, name=node.capitalize() if kind != "Technology" else node,
               aliases=sorted(aliases or []), country=None,
               foreign=None if kind == "Technology" else foreign, org=None,
               cases=list(cases or []), evidence=[])


def link(G: nx.MultiDiGraph, u: str, v: str, relation: str = "CONTACTED", *,
         dates: list[str | None] = (None,), reliability: float | None = None,
         inferred: bool = False, case: str | None = "C1", file: str = "contacts.csv") -> None:
    """Add (or extend) the ``relation`` edge u -> v with one record per date."""
    for n in (u, v):
        if n not in G:
            actor(G, n)
    evidence = [Evidence(record_id=f"r{next(_rows)}", file=file, row=next(_rows),
                         source_id=None, case_id=case, date=d, reliability=reliability)
                for d in dates]
    if G.has_edge(u, v, key=relation):
        evidence = G[u][v][relation]["evidence"] + evidence
    dated = sorted(e.date for e in evidence if e.date)
    grades = [e.reliability for e in evidence if e.reliability is not None]
    G.add_edge(u, v, key=relation, relation=relation, contacts=len(evidence),
               first_date=dated[0] if dated else None, last_date=dated[-1] if dated else None,
               dates=dated, reliability=sum(grades) / len(grades) if grades else None,
               inferred=inferred, cases=sorted({e.case_id for e in evidence if e.case_id}),
               evidence=evidence)


def random_actor_graph(seed: int, nodes: int = 8, edges: int = 18, dated: bool = True,
                       relations=("CONTACTED", "INTRODUCED", "TRANSFERRED", "EMPLOYED_BY")
                       ) -> nx.MultiDiGraph:
    """A small random actor graph with random relations, reliabilities and dates at day,
    month and year precision (2023-2024)."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    names = [f"n{i}" for i in range(nodes)]
    for n in names:
        actor(G, n)
    for _ in range(edges):
        u, v = rng.sample(names, 2)
        dates = []
        for _ in range(rng.randint(1, 3)):
            year, month, day = rng.choice([2023, 2024]), rng.randint(1, 12), rng.randint(1, 28)
            precision = rng.choice(["day", "day", "month", "year", "none"]) if dated else "none"
            dates.append({"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}",
                          "year": str(year), "none": None}[precision])
        link(G, u, v, rng.choice(relations), dates=dates,
             reliability=rng.choice([None, 0.2, 0.5, 0.9, 1.0]))
    return G


def random_shared_records_graph(seed: int, nodes: int = 8, rows: int = 14,
                                dated: bool = True) -> nx.MultiDiGraph:
    """A random actor graph where one record supports several edges, as a contact row does:
    ``from`` CONTACTED ``via``, ``via`` INTRODUCED ``to``, ``to`` HOLDS technology ``t`` (or,
    without a via, ``from`` CONTACTED ``to``), all citing that row. Nodes n0-n(nodes-1), n0 and
    n1 foreign; a few rows add a second, dearer relation between the same two actors."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    names = [f"n{i}" for i in range(nodes)]
    for i, n in enumerate(names):
        actor(G, n, foreign=i < 2)
    actor(G, "t", kind="Technology")

    def add(u: str, v: str, relation: str, ev: Evidence) -> None:
        if G.has_edge(u, v, key=relation):
            data = G[u][v][relation]
            data["evidence"] = data["evidence"] + [ev]
            data["contacts"] = len(data["evidence"])
            data["dates"] = sorted(e.date for e in data["evidence"] if e.date)
        else:
            G.add_edge(u, v, key=relation, relation=relation, contacts=1,
                       dates=[ev.date] if ev.date else [], reliability=ev.reliability,
                       inferred=relation == "HOLDS", cases=["C1"], evidence=[ev])
        data = G[u][v][relation]
        data["first_date"] = data["dates"][0] if data["dates"] else None
        data["last_date"] = data["dates"][-1] if data["dates"] else None

    for row in range(2, rows + 2):
        year, month, day = rng.choice([2023, 2024]), rng.randint(1, 12), rng.randint(1, 28)
        ev = Evidence(record_id=f"row{seed}-{row}", file="contacts.csv", row=row, case_id="C1",
                      date=f"{year}-{month:02d}-{day:02d}" if dated else None,
                      reliability=rng.choice([None, 0.5, 0.9, 1.0]))
        chain = rng.sample(names, 3 if rng.random() < 0.5 else 2)
        if len(chain) == 3:
            add(chain[0], chain[1], "CONTACTED", ev)
            add(chain[1], chain[2], "INTRODUCED", ev)
        else:
            add(chain[0], chain[1], "CONTACTED" if rng.random() < 0.8 else "EMPLOYED_BY", ev)
        if rng.random() < 0.6:
            add(chain[-1], "t", "HOLDS", ev)
    return G


def dnc_email_graph(csv_path, rows: int | None = None) -> nx.MultiDiGraph:
    """The DNC e-mail network (../shared/datasets/dnc_email_2016, SOURCE.md) as an actor graph
    following the projection contract: one Person per id, one CONTACTED edge per (sender,
    recipient) with one Evidence per e-mail dated to the second (ISO datetime, UTC), built
    here directly since the loaders do not read epoch timestamps yet."""
    import csv
    from datetime import datetime, timezone

    G = nx.MultiDiGraph()
    records: dict[tuple[str, str], list[Evidence]] = {}
    with open(csv_path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            if rows is not None and i - 2 >= rows:
                break
            when = datetime.fromtimestamp(float(row["timestamp"]), tz=timezone.utc)
            records.setdefault((row["source"], row["target"]), []).append(
                Evidence(record_id=f"dnc-{i}", file="dnc_temporal_edges.csv", row=i,
                         date=when.isoformat(timespec="seconds")))
    for (u, v), evidence in records.items():
        for n in (u, v):
            if n not in G:
                G.add_node(n, kind="Person", name=n, aliases=[], country=None, foreign=None,
                           org=None, cases=[], evidence=[])
        dates = sorted(e.date for e in evidence)
        G.add_edge(u, v, key="CONTACTED", relation="CONTACTED", contacts=len(evidence),
                   first_date=dates[0], last_date=dates[-1], dates=dates, reliability=None,
                   inferred=False, cases=[], evidence=evidence)
    return G


def time_expanded_graph(G: nx.MultiDiGraph, model) -> nx.DiGraph:
    """The time-expanded graph of ``G`` for time-respecting walks (no gap limit): a node
    (actor, instant) per record instant at that actor, a waiting arc of cost 0 to the actor's
    next instant, and for each record of a walkable edge an arc (u, t) -> (v, t) of the edge's
    cost. Independent of graphkit's search: only the edge probabilities and the walking
    directions are shared."""
    from datetime import datetime

    from graphkit.analysis.likelihood import edge_cost, reference_ordinal
    from graphkit.analysis.transfer import DEFAULT_DIRECTIONS

    ref = reference_ordinal(G, model)
    X = nx.DiGraph()
    times: dict = {}
    for u, v, data in G.edges(data=True):
        how = DEFAULT_DIRECTIONS.get(data["relation"], "forward")
        if how == "none":
            continue
        cost = edge_cost(model.edge_probability(data, ref))
        for a, b in ([(u, v), (v, u)] if how == "both" else [(u, v)]):
            for ev in data["evidence"]:
                t = datetime.fromisoformat(ev.date).timestamp()
                times.setdefault(a, set()).add(t)
                times.setdefault(b, set()).add(t)
                old = X.get_edge_data((a, t), (b, t))
                if old is None or old["weight"] > cost:
                    X.add_edge((a, t), (b, t), weight=cost)
    for node, instants in times.items():
        ordered = sorted(instants)
        X.add_edges_from((((node, x), (node, y)) for x, y in zip(ordered, ordered[1:])),
                         weight=0.0)
    X.graph["instants"] = {node: sorted(instants) for node, instants in times.items()}
    return X


def time_expanded_best_cost(X: nx.DiGraph, source, target) -> float | None:
    """The least cost of a time-respecting walk from ``source`` to ``target`` in the
    time-expanded graph ``X`` (:func:`time_expanded_graph`), by networkx's Dijkstra from a
    start tied to every instant of the source to an end tied to every instant of the target
    (the cheapest such walk is a simple path: a loop costs something and only delays).
    None: no walk."""
    instants = X.graph["instants"]
    if source not in instants or target not in instants:
        return None
    starts = [("start", (source, t)) for t in instants[source]]
    ends = [((target, t), "end") for t in instants[target]]
    X.add_edges_from(starts, weight=0.0)
    X.add_edges_from(ends, weight=0.0)
    try:
        return nx.dijkstra_path_length(X, "start", "end", weight="weight")
    except nx.NetworkXNoPath:
        return None
    finally:
        X.remove_nodes_from(["start", "end"])


# --- pieces the brute-force references share (written from the documented rules, not from
# --- transfer_graph or temporal, so each reference stays independent of the code it checks)

def allowed_arcs(G: nx.MultiDiGraph, model) -> Iterator[tuple[tuple[Any, Any], bool, float, dict]]:
    """Every direction a path may take an edge in, by the documented direction table:
    ``((tail, head), reversed, probability, edge data)``; relations marked ``none`` are left out."""
    ref = reference_ordinal(G, model)
    for u, v, data in G.edges(data=True):
        how = DEFAULT_DIRECTIONS.get(data["relation"], "forward")
        if how == "none":
            continue
        p = model.edge_probability(data, ref)
        yield (u, v), False, p, data
        if how == "both":
            yield (v, u), True, p, data


def record_days(dates) -> list[int]:
    """Every day (ordinal) inside the periods of ``dates``, sorted."""
    out: set[int] = set()
    for text in dates:
        a, b = period(text)
        out.update(range(a, b + 1))
    return sorted(out)


def days_feasible(hops, gap) -> bool:
    """Day-by-day check: is there a non-decreasing choice of days, one per event hop, each
    inside a dated record's period, consecutive ones at most ``gap`` apart? ``hops`` are
    ``(standing, days)`` pairs; standing hops need no day."""
    reach = None
    for standing, days in hops:
        if standing:
            continue
        if reach is None:
            reach = days
            continue
        nxt = []
        for y in days:
            i = bisect.bisect_right(reach, y)  # reach[i-1] <= y
            if i and (gap is None or y - reach[i - 1] <= gap):
                nxt.append(y)
        reach = nxt
        if not reach:
            return False
    return reach is None or bool(reach)
