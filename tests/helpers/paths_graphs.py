"""Hand-built actor graphs following the projection contract in docs/architecture.md."""
from __future__ import annotations

import itertools
import random

import networkx as nx

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
