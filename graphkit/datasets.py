"""Readers for the public reference networks used to check graphkit's analysis.

Each function takes the folder of one dataset (as distributed with its ``SOURCE.md``, e.g.
``../shared/datasets/caviar``) and returns a networkx graph whose node attributes carry the
groups the literature uses. They read plain files only; nothing is downloaded.

- :func:`caviar`: Morselli's CAVIAR wiretap network (directed, valued ``contacts``);
  node attribute ``group`` is ``"trafficker"`` (N1-N82) or ``"legitimate"`` (N83-N110).
- :func:`florentine`: Padgett's Florentine families (undirected; ``wealth``, ``priors``).
- :func:`montagna`: the Montagna Sicilian Mafia operation, ``"phonecalls"`` (directed) or
  ``"meetings"`` (undirected), ``contacts`` weights and the ``familia`` attribute.

>>> import inspect
>>> sorted(name for name, f in globals().items() if inspect.isfunction(f) and not name.startswith("_"))
['caviar', 'florentine', 'montagna']
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

import networkx as nx

from graphkit.errors import FileFormatError


def _open(path: Path) -> TextIO:
    if not path.is_file():
        raise FileFormatError("dataset file not found", file=str(path))
    return path.open(newline="", encoding="utf-8-sig")


def caviar(folder: str | Path) -> nx.DiGraph:
    """The aggregate CAVIAR matrix: ``N1 -> N2`` with ``contacts`` = intercepted calls.

    Node ids are ``"N<number>"`` (Morselli's numbering); ``group`` as in the module docstring.
    """
    path = Path(folder) / "caviar_full_110x110.csv"
    with _open(path) as handle:
        rows = list(csv.reader(handle))
    header = [cell.strip() for cell in rows[0][1:]]
    G: nx.DiGraph = nx.DiGraph()
    for ident in header:
        number = int(ident)
        G.add_node(f"N{number}", name=f"N{number}", group="trafficker" if number <= 82 else "legitimate")
    for row_number, row in enumerate(rows[1:], start=2):
        source = f"N{int(row[0])}"
        for ident, cell in zip(header, row[1:]):
            value = float(cell or 0)
            if value < 0:
                raise FileFormatError("negative count", file=str(path), row=row_number, value=cell)
            if value and source != f"N{ident}":
                G.add_edge(source, f"N{int(ident)}", contacts=int(value))
    return G


def florentine(folder: str | Path, relation: str = "marriage") -> nx.Graph:
    """Padgett's Florentine families, ``relation`` ``"marriage"`` or ``"business"``."""
    folder = Path(folder)
    G: nx.Graph = nx.Graph()
    with _open(folder / f"flo_{relation}_nodes.csv") as handle:
        for row in csv.DictReader(handle):
            G.add_node(row["name"], name=row["name"], wealth=float(row["wealth"]), priors=float(row["#priors"]))
    with _open(folder / f"flo_{relation}_edges.csv") as handle:
        for row in csv.DictReader(handle):
            G.add_edge(row["source"], row["target"])
    return G


def montagna(folder: str | Path, layer: str = "phonecalls") -> nx.Graph:
    """Montagna operation: ``"phonecalls"`` (DiGraph, calls) or ``"meetings"`` (Graph).

    Nodes are ``"N<id>"`` with ``familia`` (None when unknown) and ``title``; repeated pairs
    add their ``contacts``.
    """
    folder = Path(folder)
    files = {"phonecalls": "Montagna_phonecalls_edgelist.csv", "meetings": "Montagna_meetings_edgelist.csv"}
    if layer not in files:
        raise FileFormatError(f"unknown Montagna layer {layer!r}; use phonecalls or meetings")
    G: nx.Graph = nx.DiGraph() if layer == "phonecalls" else nx.Graph()
    attributes = {}
    with _open(folder / "montagna_attributes_mcmacdonald.csv") as handle:
        for row in csv.DictReader(handle):
            attributes[row["node"].strip()] = {
                "familia": row["familia"].strip() or None,
                "title": row["title"].strip() or None,
            }
    path = folder / files[layer]
    with _open(path) as handle:
        for row_number, line in enumerate(handle, start=1):
            cells = line.split()
            if not cells:
                continue
            if len(cells) != 3:
                raise FileFormatError("expected three columns", file=str(path), row=row_number, value=line.strip())
            u, v, weight = f"N{cells[0]}", f"N{cells[1]}", int(cells[2])
            for node in (u, v):
                if node not in G:
                    G.add_node(node, name=node, **attributes.get(node, {"familia": None, "title": None}))
            if G.has_edge(u, v):
                G[u][v]["contacts"] += weight
            else:
                G.add_edge(u, v, contacts=weight)
    return G
