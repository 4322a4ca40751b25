"""Export the graph: node and edge tables (CSV, JSON) and whole graphs (GraphML, GEXF) for Gephi.

Tables are spreadsheet-safe (see :mod:`graphkit.safe_output`) and written atomically. Edge
tables hold the actor projection's edges (docs/architecture.md): one row per source, target
and relation, with its contact count, dates at their precision and supporting record ids.

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Edge, Evidence, Node
>>> from graphkit.store.workspace import Workspace
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> ev = Evidence("contacts:1", "c.csv", 2, case_id="K1", date="2024-05")
>>> _ = ws.write(Batch(nodes=[Node(id="a", kind="Person", name="A"), Node(id="b", kind="Person", name="B")],
...                    edges=[Edge("e", "a", "b", "CONTACTED", evidence=[ev])]))
>>> export_edges(ws)[["source_name", "relation", "target_name", "contacts", "first_date"]].values.tolist()
[['A', 'CONTACTED', 'B', 1, '2024-05']]
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
import pandas as pd

from graphkit import schema
from graphkit.model import edge_id
from graphkit.normalize.dates import date_period
from graphkit.projection import actor_graph, edge_attributes, evidence_window, keeps_evidence
from graphkit.safe_output import atomic_write_bytes, atomic_write_text, json_value, write_csv, write_xlsx
from graphkit.safe_text import for_xml
from graphkit.store.base import Store

NODE_COLUMNS = ["id", "kind", "name", "aliases", "country", "foreign", "org", "identifiers", "cases", "evidence"]
EDGE_COLUMNS = ["source", "source_name", "target", "target_name", "relation", "contacts", "first_date",
                "last_date", "reliability", "inferred", "cases", "evidence"]
TABLE_FORMATS = ("csv", "json", "xlsx")
GRAPH_FORMATS = ("graphml", "gexf")


def _default_node_kinds() -> tuple[str, ...]:
    """Every node kind of the schema but the approach events (the kinds exported by default)."""
    return tuple(k for k in schema.NODE_KINDS if k != schema.APPROACH_KIND)


def export_nodes(store: Store, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per node (every kind but approach events unless ``kinds`` says otherwise).

    Columns: ``id, kind, name, aliases, country, foreign, org, identifiers, cases,
    evidence`` (lists stay lists; the CSV writer joins them with ``"; "``).
    """
    wanted = _default_node_kinds() if kinds is None else tuple(schema.check_node_kind(k) for k in kinds)
    nodes = list(store.iter_nodes(wanted))
    cases_of = store.record_case_ids({r for n in nodes for r in n.evidence})
    rows = []
    for node in nodes:
        props = node.properties
        evidence = sorted(node.evidence)
        rows.append({
            "id": node.id, "kind": node.kind, "name": node.name, "aliases": sorted(node.aliases),
            "country": props.get("country"),
            "foreign": None if props.get("foreign") is None else bool(props["foreign"]),
            "org": props.get("org"), "identifiers": sorted(props.get("identifiers") or []),
            "cases": sorted({c for r in evidence if (c := cases_of.get(r))}), "evidence": evidence,
        })
    return pd.DataFrame(rows, columns=NODE_COLUMNS)


def _names(store: Store) -> dict[str, str]:
    names: dict[str, str] = {}
    for node_id, _, spelling in store.iter_names():  # a node's name comes before its aliases
        names.setdefault(node_id, spelling)
    return names


def export_edges(
    store: Store,
    relations: Iterable[str] | None = None,
    *,
    case: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> pd.DataFrame:
    """One row per (source, relation, target): the actor projection's edges by default.

    Columns: ``source, source_name, target, target_name, relation, contacts, first_date,
    last_date, reliability, inferred, cases, evidence`` (record ids). ``case``, ``since``
    and ``until`` filter the evidence as :func:`graphkit.projection.actor_graph` does.
    """
    wanted = schema.ACTOR_RELATIONS if relations is None else tuple(schema.check_relation(r) for r in relations)
    start, end = evidence_window(since, until)
    names = _names(store)
    rows = []
    for edge in store.iter_edges(wanted):
        kept = [e for e in edge.evidence if keeps_evidence(e, case, start, end)]
        if not kept and (case is not None or start or end or edge.evidence):
            continue
        attrs = edge_attributes(edge.relation, edge.properties, kept)
        rows.append({
            "source": edge.source, "source_name": names.get(edge.source), "target": edge.target,
            "target_name": names.get(edge.target), "relation": edge.relation, "contacts": attrs["contacts"],
            "first_date": attrs["first_date"], "last_date": attrs["last_date"],
            "reliability": attrs["reliability"], "inferred": attrs["inferred"], "cases": attrs["cases"],
            "evidence": sorted(e.record_id for e in kept),
        })
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def write_table(frame: pd.DataFrame, path: Path | str, fmt: str = "csv") -> Path:
    """Write a node or edge table as ``csv`` or ``xlsx`` (spreadsheet-safe, lists joined) or ``json``."""
    if fmt == "csv":
        return write_csv(frame, path)
    if fmt == "xlsx":
        return write_xlsx({"nodes" if "kind" in frame.columns else "edges": frame}, path)
    if fmt == "json":
        rows = [json_value(row) for row in frame.to_dict("records")]
        return atomic_write_text(path, json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    raise ValueError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")


def _flat(value: Any) -> Any:
    """A GraphML/GEXF attribute value: lists joined, evidence as record ids, None dropped."""
    if isinstance(value, (list, tuple, set)):
        items = [getattr(v, "record_id", v) for v in value]
        return "; ".join(str(v) for v in items if v is not None)
    return value


def gephi_graph(store: Store, **filters: Any) -> nx.MultiDiGraph:
    """The actor projection with Gephi-friendly attributes.

    Node ``label`` = name; edge ``weight`` = contacts and a unique edge key (the edge id);
    list attributes joined with ``"; "`` (evidence as record ids); None values left out.
    """
    return _gephi(actor_graph(store, **filters))


def _gephi(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out: nx.MultiDiGraph = nx.MultiDiGraph()
    out.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float)) and v is not None})
    for node, data in graph.nodes(data=True):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None}
        attrs["label"] = _flat(data.get("name") or node)
        out.add_node(node, **attrs)
    for source, target, relation, data in graph.edges(keys=True, data=True):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None}
        attrs["weight"] = float(data.get("weight", data.get("contacts", 1)))
        attrs["label"] = relation
        out.add_edge(source, target, key=edge_id(source, relation, target), **attrs)
    return out


def dynamic_graph(graph: nx.MultiDiGraph, evidence: dict[Any, list[Any]]) -> nx.MultiDiGraph:
    """``graph`` (a :func:`gephi_graph`) with time intervals for Gephi's timeline: each edge
    gets one spell per period its records are dated to (a month-precision record spans its
    month; overlapping periods merge), each node starts on the first day of its first dated
    edge and stays. Undated edges and nodes carry no interval (Gephi shows them throughout).
    ``evidence``: edge key -> its Evidence items.

    >>> from graphkit.model import Evidence
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", key="e")
    >>> d = dynamic_graph(g, {"e": [Evidence("r1", "f", 1, date="2024-05"), Evidence("r2", "f", 2, date="2024-05-20")]})
    >>> d.edges["a", "b", "e"]["spells"], d.nodes["a"]["start"], d.graph["mode"]
    ([('2024-05-01', '2024-05-31')], '2024-05-01', 'dynamic')
    """
    out = graph.copy()
    out.graph["mode"] = "dynamic"
    first_seen: dict[Any, str] = {}
    for source, target, key, data in out.edges(keys=True, data=True):
        periods = sorted(date_period(ev.date) for ev in evidence.get(key, []) if ev.date)
        spells: list[tuple[str, str]] = []
        for start, end in periods:
            if spells and start <= spells[-1][1]:
                spells[-1] = (spells[-1][0], max(end, spells[-1][1]))
            else:
                spells.append((start, end))
        if spells:
            data["spells"] = spells
            for node in (source, target):
                if node not in first_seen or spells[0][0] < first_seen[node]:
                    first_seen[node] = spells[0][0]
    for node, start in first_seen.items():
        out.nodes[node]["start"] = start
    return out


def dynamic_gephi_graph(store: Store, **filters: Any) -> nx.MultiDiGraph:
    """The actor projection for Gephi (:func:`gephi_graph`) with time intervals
    (:func:`dynamic_graph`): written as GEXF, Gephi's timeline plays it."""
    graph = actor_graph(store, **filters)
    evidence = {edge_id(u, relation, v): data.get("evidence") or []
                for u, v, relation, data in graph.edges(keys=True, data=True)}
    return dynamic_graph(_gephi(graph), evidence)


def write_graphml(store: Store, path: Path | str, **filters: Any) -> Path:
    """Write the actor projection as GraphML (opens in Gephi, yEd, Cytoscape), atomically."""
    return write_graph(gephi_graph(store, **filters), path, "graphml")


def write_gexf(store: Store, path: Path | str, **filters: Any) -> Path:
    """Write the actor projection as GEXF 1.2 (Gephi's own format), atomically."""
    return write_graph(gephi_graph(store, **filters), path, "gexf")


def graph_document(graph: nx.Graph, fmt: str) -> str:
    """The text of ``graph`` (a :func:`gephi_graph`) as ``graphml`` or ``gexf``, newline-ended."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")
    generate = nx.generate_graphml if fmt == "graphml" else nx.generate_gexf
    return "\n".join(generate(xml_safe_graph(graph), encoding="utf-8", prettyprint=True)) + "\n"


def xml_safe_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose text (ids, keys, attribute values) holds only characters
    XML 1.0 allows: controls and bidi characters become ``\\uXXXX``
    (:func:`graphkit.safe_text.for_xml`), so the document is well formed.

    >>> g = nx.MultiDiGraph(); g.add_node("p\\x1b", label="A\\x00")
    >>> list(xml_safe_graph(g).nodes(data=True))
    [('p\\\\u001b', {'label': 'A\\\\u0000'})]
    """
    def clean(value: Any) -> Any:
        return for_xml(value) if isinstance(value, str) else value

    out = graph.__class__()
    out.graph.update({clean(k): clean(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        out.add_node(clean(node), **{clean(k): clean(v) for k, v in data.items()})
    if isinstance(graph, nx.MultiGraph):
        for source, target, key, data in graph.edges(keys=True, data=True):
            out.add_edge(clean(source), clean(target), key=clean(key),
                         **{clean(k): clean(v) for k, v in data.items()})
    else:
        for source, target, data in graph.edges(data=True):
            out.add_edge(clean(source), clean(target), **{clean(k): clean(v) for k, v in data.items()})
    return out


def write_graph(graph: nx.Graph, path: Path | str, fmt: str) -> Path:
    """Write ``graph`` (a :func:`gephi_graph`) as ``graphml`` or ``gexf``, atomically."""
    return atomic_write_bytes(path, graph_document(graph, fmt).encode("utf-8"))
