"""Hand-made actor graphs following the projection contract (docs/architecture.md).

``approach_graph()`` is a small case drawn by hand: a foreign recruiter (Li Wei, CN) reaches a
domestic researcher (山田 太郎) through a consultancy (Bridge Consulting, SG); the researcher
holds a technology; a second case adds a company link. Every count and date below is what
the evidence lists say, so tests can check them by reading this file.
"""
from __future__ import annotations

import random

import networkx as nx

from graphkit.model import Evidence

HOSTILE = [
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    "<a href=javascript:window.__pwned=1>x</a>",
]


def ev(record: str, row: int, date: str | None, case: str = "C-2024-01", *, channel: str = "email",
       outcome: str = "met", reliability: float = 0.8, file: str = "contacts.csv") -> Evidence:
    return Evidence(record_id=record, file=file, row=row, source_id=record.split(":")[-1],
                    case_id=case, date=date, reliability=reliability, channel=channel, outcome=outcome)


def add_edge(G: nx.MultiDiGraph, u: str, v: str, relation: str, evidence: list[Evidence],
             inferred: bool = False) -> None:
    dates = sorted(e.date for e in evidence if e.date)
    rel = [e.reliability for e in evidence if e.reliability is not None]
    G.add_edge(u, v, key=relation, relation=relation, contacts=len(evidence),
               first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
               dates=dates, reliability=sum(rel) / len(rel) if rel else None, inferred=inferred,
               cases=sorted({e.case_id for e in evidence if e.case_id}), evidence=evidence)


def add_node(G: nx.MultiDiGraph, node: str, kind: str, name: str, country: str | None = None,
             aliases: tuple[str, ...] = (), org: str | None = None,
             cases: tuple[str, ...] = ("C-2024-01",)) -> None:
    foreign = None if country is None or kind == "Technology" else country != "JP"
    G.add_node(node, kind=kind, name=name, aliases=sorted({name, *aliases}), country=country,
               foreign=foreign, org=org, cases=list(cases), evidence=[f"r{node}"])


def approach_graph(stated_holding: bool = False) -> nx.MultiDiGraph:
    """7 nodes, 8 edges (hand-counted below). With ``stated_holding``, HOLDS yamada -> tech
    also cites a relations row of its own (``relations:r3``), so the path Li Wei -> Bridge ->
    山田 -> EUV lithography rests on a distinct record per hop (paths never reuse a record)."""
    G = nx.MultiDiGraph()
    add_node(G, "li", "Person", "Li Wei", "CN", aliases=("LI Wei", "李伟"), org="Xinghe Tech")
    add_node(G, "bridge", "Intermediary", "Bridge Consulting", "SG", aliases=("ブリッジ・コンサルティング",))
    add_node(G, "yamada", "Person", "山田 太郎", "JP", aliases=("Yamada Taro", "ﾔﾏﾀﾞ ﾀﾛｳ"), org="東都大学")
    add_node(G, "toto", "Company", "東都精機", "JP", aliases=("Toto Seiki",), cases=("C-2024-01", "C-2024-02"))
    add_node(G, "xinghe", "Company", "Xinghe Tech", "CN", cases=("C-2024-02",))
    add_node(G, "tech", "Technology", "EUV lithography")
    add_node(G, "anon", "Person", "Unknown caller", None)
    # 1 CONTACTED li -> bridge (2 records, 2023-04 and 2023-06-12)
    add_edge(G, "li", "bridge", "CONTACTED", [ev("contacts:c1", 2, "2023-04"), ev("contacts:c2", 3, "2023-06-12")])
    # 2 INTRODUCED bridge -> yamada (1 record, 2023-06-20)
    add_edge(G, "bridge", "yamada", "INTRODUCED", [ev("contacts:c2", 3, "2023-06-20", channel="conference")])
    # 3 SOUGHT li -> tech, 4 HOLDS yamada -> tech (inferred)
    add_edge(G, "li", "tech", "SOUGHT", [ev("contacts:c2", 3, "2023-06-20")])
    add_edge(G, "yamada", "tech", "HOLDS", [ev("contacts:c2", 3, "2023-06-20")], inferred=True)
    if stated_holding:
        add_edge(G, "yamada", "tech", "HOLDS", [ev("contacts:c2", 3, "2023-06-20"),
                                                ev("relations:r3", 4, "2023-06-20", file="relations.csv")])
    # 5 EMPLOYED_BY yamada -> toto (undated), 6 OWNS xinghe -> ... li EMPLOYED_BY xinghe (2021)
    add_edge(G, "yamada", "toto", "EMPLOYED_BY", [ev("relations:r1", 2, None, file="relations.csv")])
    add_edge(G, "li", "xinghe", "EMPLOYED_BY", [ev("relations:r2", 3, "2021", case="C-2024-02", file="relations.csv")])
    # 7 TRANSFERRED yamada -> li (2024-02-01), 8 CONTACTED anon -> yamada (2024-03-05)
    add_edge(G, "yamada", "li", "TRANSFERRED", [ev("contacts:c3", 4, "2024-02-01", outcome="files sent", reliability=0.6)])
    add_edge(G, "anon", "yamada", "CONTACTED", [ev("contacts:c4", 5, "2024-03-05", channel="phone", reliability=0.3)])
    return G


def hostile_graph() -> nx.MultiDiGraph:
    """The approach graph with every text field of two nodes and one edge made hostile, plus a
    hostile node, a node of a hostile kind and an edge of a hostile relation (9 nodes, 10 edges)."""
    G = approach_graph()
    for node, text in (("li", HOSTILE[0]), ("bridge", HOSTILE[1])):
        G.nodes[node].update(name=text, org=HOSTILE[2], aliases=list(HOSTILE), country=None,
                             cases=[HOSTILE[1]])
    bad = Evidence(record_id=HOSTILE[2], file=HOSTILE[0], row=9, source_id=HOSTILE[1],
                   case_id=HOSTILE[1], date="2023-05-01", reliability=0.5, channel=HOSTILE[0],
                   outcome=HOSTILE[2])
    G.edges["li", "bridge", "CONTACTED"]["evidence"].append(bad)
    G.edges["li", "bridge", "CONTACTED"]["cases"].append(HOSTILE[1])
    G.add_node(HOSTILE[1], kind="Person", name=HOSTILE[2], aliases=[], country="CN", foreign=True,
               org=None, cases=[], evidence=[])
    add_edge(G, HOSTILE[1], "yamada", "CONTACTED", [bad])
    # a kind and a relation no schema knows, spelled as markup: they reach the filter menus
    G.add_node("odd", kind=HOSTILE[2], name="odd kind", aliases=[], country=None, foreign=None,
               org=None, cases=[], evidence=[])
    add_edge(G, "odd", "toto", HOSTILE[0], [ev("contacts:c9", 9, "2023-01-01")])
    return G


def random_actor_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free actor graph of ``n`` nodes (about 2n edges) with kinds, countries and dates."""
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(n, 2, seed=seed)
    G = nx.MultiDiGraph()
    kinds = ["Person"] * 6 + ["Company"] * 2 + ["Intermediary", "Technology"]
    for i in base:
        kind = rng.choice(kinds)
        country = None if kind == "Technology" else rng.choice(["JP", "JP", "JP", "CN", "US", None])
        add_node(G, f"n{i}", kind, f"Actor {i}" if i % 3 else f"アクター {i}", country,
                 cases=(f"C-{i % 7}",))
    for k, (u, v) in enumerate(base.edges()):
        relation = rng.choice(["CONTACTED", "CONTACTED", "INTRODUCED", "EMPLOYED_BY"])
        date = f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        add_edge(G, f"n{u}", f"n{v}", relation, [ev(f"contacts:g{k}", k + 2, date, f"C-{u % 7}")])
    return G
