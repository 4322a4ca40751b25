"""The small approach graph of the cut-point, broker and engine-fallback tests."""
from __future__ import annotations

import networkx as nx


def approach_graph() -> nx.MultiDiGraph:
    """Two foreign agents reach two labs only through the fixer; lab2 also via a professor.

    agent1 -> fixer -> lab1 ; agent2 -> fixer -> prof -> lab2 ; fixer -> lab2
    lab1 and lab2 hold the technology; agent1 sought it.
    """
    G = nx.MultiDiGraph()
    for n in ("agent1", "agent2"):
        G.add_node(n, kind="Person", foreign=True, name=n.title())
    for n in ("fixer", "prof"):
        G.add_node(n, kind="Person", foreign=False, name=n.title())
    for n in ("lab1", "lab2"):
        G.add_node(n, kind="Company", foreign=False, name=n.title())
    G.add_node("tech", kind="Technology", foreign=None, name="Quantum sensing")
    for u, v, rel in [
        ("agent1", "fixer", "CONTACTED"), ("agent2", "fixer", "CONTACTED"), ("fixer", "lab1", "INTRODUCED"),
        ("fixer", "prof", "INTRODUCED"), ("prof", "lab2", "CONTACTED"), ("fixer", "lab2", "CONTACTED"),
        ("lab1", "tech", "HOLDS"), ("lab2", "tech", "HOLDS"), ("agent1", "tech", "SOUGHT"),
    ]:
        G.add_edge(u, v, key=rel, relation=rel, contacts=1)
    return G
