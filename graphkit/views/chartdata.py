"""Turn an actor graph into the plain data a link chart page draws.

The page gets one JSON document: ``nodes`` and ``edges`` as vis-network items (shape, colour,
size, label built here with pyvis's node and edge option objects) plus the facts the page shows
as text (name, aliases, country, cases, each edge's evidence), and ``meta`` (kinds, relations,
cases, date range, legend, whether the browser runs physics). Record text stays data: the
page puts it on screen with ``textContent`` only.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", kind="Person", name="Li Wei", country="CN", foreign=True)
>>> G.add_node("b", kind="Person", name="山田 太郎", country="JP", foreign=False)
>>> _ = G.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", contacts=2)
>>> data = chart_data(G)
>>> [n["label"] for n in data["nodes"]]
['Li Wei [CN]', '山田 太郎 [JP]']
>>> data["edges"][0]["relation"], data["edges"][0]["contacts"]
('CONTACTED', 2)
"""
from __future__ import annotations

import math
from typing import Any, Hashable, Iterable, Mapping, Sequence

import networkx as nx
from pyvis.edge import Edge as VisEdge
from pyvis.node import Node as VisNode

from graphkit import schema
from graphkit.errors import AnalysisError
from graphkit.model import Evidence
from graphkit.projection import date_period, first_last
from graphkit.views import style
from graphkit.views.layout import LAYOUT_THRESHOLD, static_layout

MAX_NODES = 20_000
"""Past this many nodes no chart is drawn: a browser cannot make such a page usable."""
MAX_EDGES = 100_000
"""Past this many edges no chart is drawn."""
DIM_LIMIT = 1500
"""Up to this many nodes search and focus grey out the rest; above it they select and zoom."""
MAX_EVIDENCE_SHOWN = 50
"""Evidence items per edge carried into the page (the tooltip says how many were left out)."""


class ViewTooLarge(AnalysisError):
    """The graph is too big for an interactive chart; narrow it with an ego view or a case."""


def chart_data(
    G: nx.Graph,
    *,
    scores: Mapping[Hashable, float] | None = None,
    paths: Iterable[Sequence[Hashable] | Any] | None = None,
    brokers: Iterable[Hashable] | None = None,
    layout_threshold: int = LAYOUT_THRESHOLD,
    max_nodes: int = MAX_NODES,
    seed: int = 7,
    lang: str = "en",
    listed: Mapping[Hashable, Sequence[str]] | None = None,
    near_listed: Mapping[Hashable, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The page data for ``G`` (any NetworkX graph following the actor projection contract).

    Parameters
    ----------
    G : the actor graph (MultiDiGraph keyed by relation, or a collapsed simple graph)
    scores : broker score per node (any non-negative scale); node size grows with it
    paths : transfer paths to highlight, each a node sequence or an object with ``.nodes``
    brokers : nodes to mark as brokers (gold halo and a star)
    layout_threshold : above this many nodes positions are computed here and physics is off
    max_nodes : above this many nodes :class:`ViewTooLarge` is raised
    seed : layout seed (the same graph always gets the same picture)
    lang : the language of the words the page shows (``ja`` or ``en``): legend, kinds,
        relations, channels and outcomes
    listed, near_listed : node -> the lists it is on, or near an entry of (``graphkit screen``):
        a ⚠ or △ badge on the label and the lists in the node's card
    """
    check_size(G, max_nodes)
    n_nodes = G.number_of_nodes()
    index = {node: i for i, node in enumerate(G)}
    scores = {n: v for n, v in ((n, _number(v)) for n, v in (scores or {}).items()) if v is not None}
    top = max(scores.values(), default=0.0)
    broker_set = set(brokers or ())
    path_lists = [list(getattr(p, "nodes", p)) for p in (paths or ())]
    path_nodes = {n for p in path_lists for n in p}
    path_steps = {frozenset(pair) for p in path_lists for pair in zip(p, p[1:])}

    static = n_nodes > layout_threshold
    positions = static_layout(G, seed=seed) if static else {}

    nodes = [
        _node(i, node, G.nodes[node], scores.get(node), top, node in broker_set,
              node in path_nodes, positions.get(node), (listed or {}).get(node, ()), (near_listed or {}).get(node, ()))
        for node, i in index.items()
    ]
    edges = []
    spans: list[tuple[str, str]] = []
    words = _TermWords(lang)  # one look-up per channel or outcome, not one per record
    triples = G.edges(keys=True, data=True) if isinstance(G, nx.MultiGraph) else (
        (u, v, None, d) for u, v, d in G.edges(data=True))
    for k, (u, v, key, attrs) in enumerate(triples):
        on_path = frozenset((u, v)) in path_steps and u != v
        item, span = _edge(k, index[u], index[v], key, attrs, on_path, lang, words)
        edges.append(item)
        if span:
            spans.append(span)

    return {
        "nodes": nodes,
        "edges": edges,
        "options": _options(static, n_nodes, seed, G.is_directed()),
        "meta": {
            "static_layout": static,
            "dim_limit": DIM_LIMIT,
            "kinds": sorted({n["kind"] for n in nodes}),
            "relations": sorted({e["relation"] for e in edges}),
            "cases": sorted({c for item in (*nodes, *edges) for c in item["cases"]}),
            "date_min": min((first for first, _ in spans), default=None),
            "date_max": max((last for _, last in spans), default=None),
            "legend": style.legend(lang),
            # the English chart names kinds and relations as the schema, the exports and the
            # command line do (Person, CONTACTED); other languages by their words
            "kind_words": {k: k if lang == "en" else schema.kind_word(k, lang)
                           for k in sorted({n["kind"] for n in nodes})},
            "relation_words": {r: r if lang == "en" else schema.relation_word(r, lang) for r in sorted(
                {r for e in edges for r in e.get("relations") or [e["relation"]]} | set(style.RELATION_STYLES))},
            "technology_kind": schema.TECHNOLOGY_KIND,
            "brokers": sorted(index[b] for b in broker_set if b in index),
            "paths": [[index[n] for n in p if n in index] for p in path_lists],
        },
    }


def check_size(G: nx.Graph, max_nodes: int = MAX_NODES) -> None:
    """Raise :class:`ViewTooLarge` when ``G`` is past what a link chart can show."""
    check_counts(G.number_of_nodes(), G.number_of_edges(), max_nodes)


def check_counts(n_nodes: int, n_edges: int, max_nodes: int = MAX_NODES) -> None:
    """Raise :class:`ViewTooLarge` when a graph of this size is past what a chart can show.

    >>> check_counts(10, 20)
    """
    if n_nodes > max_nodes or n_edges > MAX_EDGES:
        raise ViewTooLarge(
            f"the graph has {n_nodes:,} nodes and {n_edges:,} edges, more than a link chart can "
            f"show ({max_nodes:,} nodes, {MAX_EDGES:,} edges); draw part of it with "
            "--seed NAME --depth N (an ego network) or --case ID",
            value=n_nodes,
        )


def _node(i: int, node: Hashable, attrs: Mapping[str, Any], score: float | None, top: float,
          broker: bool, on_path: bool, position: tuple[float, float] | None,
          listed: Sequence[str] = (), near_listed: Sequence[str] = ()) -> dict[str, Any]:
    kind = attrs.get("kind") or "Unknown"
    look = style.kind_style(kind)
    name = str(attrs.get("name") or node)
    country = attrs.get("country") or None
    foreign = attrs.get("foreign")
    ring: float
    dashes: bool | list[int]
    if kind == schema.TECHNOLOGY_KIND:
        border, ring, dashes = "#5A5A5A", 1, False
    elif foreign is True:
        border, ring, dashes = style.FOREIGN_BORDER, 5, False
    elif foreign is False:
        border, ring, dashes = style.DOMESTIC_BORDER, 1.5, False
    else:
        border, ring, dashes = style.UNKNOWN_BORDER, 2, [4, 3]
    relative = (float(score) / top) if (score and top > 0) else 0.0
    size = 14 + 26 * math.sqrt(relative)
    if kind == schema.TECHNOLOGY_KIND:  # technologies have no broker score; a triangle needs more room
        size = max(size, 22.0)
    label = style.node_label(name, country)
    if broker:
        label = "★ " + label
    if listed:
        label = "⚠ " + label
    elif near_listed:
        label = "△ " + label
    options: dict[str, Any] = {
        "size": round(size, 1),
        # the page repeats these for the hover and selected states, so a foreign ring stays red
        "color": {"background": look.color, "border": border},
        "borderWidth": ring,
        "borderWidthSelected": ring + 2,
    }
    if dashes:
        options["shapeProperties"] = {"borderDashes": dashes}
    if listed or near_listed:
        options["color"]["border"] = style.LISTED_COLOR if listed else style.NEAR_LISTED_COLOR
    if broker or on_path:
        options["shadow"] = {"enabled": True, "size": 22 if broker else 14, "x": 0, "y": 0,
                             "color": style.BROKER_GLOW if broker else style.PATH_COLOR}
    if position is not None:
        options["x"], options["y"] = position
    item = VisNode(i, look.shape, label, **options).options
    item.update({
        "key": str(node),
        "name": name,
        "kind": kind,
        "aliases": sorted({str(a) for a in attrs.get("aliases") or ()}),
        "country": country,
        "foreign": foreign,
        "org": attrs.get("org"),
        "cases": sorted({str(c) for c in attrs.get("cases") or ()}),
        "evidence_count": len(attrs.get("evidence") or ()),
        "score": _number(score),
        "broker": broker,
        "on_path": on_path,
        "listed": [str(x) for x in listed],
        "near_listed": [str(x) for x in near_listed] if not listed else [],
    })
    return item


def _edge(k: int, source: int, target: int, key: Any, attrs: Mapping[str, Any],
          on_path: bool, lang: str = "en", words: _TermWords | None = None
          ) -> tuple[dict[str, Any], tuple[str, str] | None]:
    relations = attrs.get("relations")
    relation = str(attrs.get("relation") or (relations[0] if relations else None) or key or "RELATED")
    look = style.relation_style(relation)
    contacts = int(attrs.get("contacts") or len(attrs.get("evidence") or ()) or 1)
    words = words if words is not None else _TermWords(lang)
    evidence = [_evidence(e, lang, words) for e in attrs.get("evidence") or ()]
    if not evidence and attrs.get("dates"):  # a graph without evidence objects: dates only
        evidence = [{"date": str(d)} for d in attrs["dates"]]
    inferred = bool(attrs.get("inferred"))
    # an inferred edge (HOLDS implied by an approach) is drawn thin whatever its count: it is
    # a guess, and at full width it would outweigh the contacts actually recorded
    width = 1.2 if inferred else min(1.5 + 1.6 * math.log2(contacts), 9.0)
    color = style.PATH_COLOR if on_path else look.color
    options: dict[str, Any] = {
        "id": k,
        "width": round(max(width * 1.8, 5.0) if on_path else width, 2),  # a path always shows
        "color": color,  # the page repeats it for the hover and selected states
        "dashes": style.INFERRED_DASHES if inferred else ([8, 6] if look.dashes else False),
    }
    if on_path:
        options["shadow"] = {"enabled": True, "color": style.PATH_COLOR, "size": 10, "x": 0, "y": 0}
    item = VisEdge(source, target, False, **options).options  # arrows: one global option
    dated = [e["date"] for e in evidence if e.get("date")]
    first, last = first_last(dated)
    item.update({
        "relation": relation,
        **({"relations": sorted(map(str, relations))} if relations else {}),
        "contacts": contacts,
        "first_date": attrs.get("first_date") or first,
        "last_date": attrs.get("last_date") or last,
        "reliability": _number(attrs.get("reliability")),
        "inferred": inferred,
        "cases": sorted({str(c) for c in attrs.get("cases") or ()}),
        "evidence": evidence[:MAX_EVIDENCE_SHOWN],
        "evidence_total": len(evidence),
        "on_path": on_path,
    })
    if len(evidence) > MAX_EVIDENCE_SHOWN:  # the time window counts every dated record
        item["dates"] = sorted(str(d) for d in dated)
    if first is None or last is None:
        return item, None
    # the window runs from the first day of the earliest period to the last of the latest
    span = (date_period(first)[0], date_period(last)[1])
    return item, span


class _TermWords:
    """:func:`graphkit.schema.term_word` in one language, remembered per (vocabulary, value)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.seen: dict[tuple[str, Any], Any] = {}

    def __call__(self, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            return schema.term_word(name, value, self.lang)
        key = (name, value)
        if key not in self.seen:
            self.seen[key] = schema.term_word(name, value, self.lang)
        return self.seen[key]


def _evidence(e: Any, lang: str = "en", words: _TermWords | None = None) -> dict[str, Any]:
    words = words if words is not None else _TermWords(lang)
    if isinstance(e, Evidence):  # the projection's evidence: its fields read directly
        item = {"record_id": e.record_id, "file": e.file, "row": e.row, "source_id": e.source_id,
                "case_id": e.case_id, "date": e.date, "reliability": e.reliability, "channel": e.channel,
                "outcome": e.outcome}
    else:
        get = e.get if isinstance(e, dict) else (lambda name: getattr(e, name, None))
        item = {name: get(name) for name in _EVIDENCE_FIELDS}
    item["reliability"] = _number(item["reliability"])
    # channels and outcomes are stored as vocabulary codes; the chart shows their words
    item["channel"] = words("channel", item["channel"])
    item["outcome"] = words("outcome", item["outcome"])
    return {k: (v if v is None or isinstance(v, (int, float, bool)) else str(v)) for k, v in item.items()}


_EVIDENCE_FIELDS = ("record_id", "file", "row", "source_id", "case_id", "date", "reliability", "channel", "outcome")
"""What the chart shows of each evidence item, in this order."""


def _number(value: Any) -> float | None:
    """A finite float, or None (NaN, missing and non-numbers all become None; JSON has no NaN).

    >>> _number("0.5"), _number(float("nan")), _number(None), _number("A")
    (0.5, None, None, None)
    """
    try:
        number = float(value)
    except (TypeError, ValueError):  # None, or a grade the loader left as text
        return None
    return number if math.isfinite(number) else None


def _options(static: bool, n_nodes: int, seed: int, directed: bool) -> dict[str, Any]:
    from pyvis.options import Options

    opts = Options()
    opts.physics.use_force_atlas_2based({"gravity": -160, "central_gravity": 0.015, "spring_length": 120,
                                         "spring_strength": 0.06, "damping": 0.5, "overlap": 0.6})
    opts.physics.stabilization.iterations = 400
    opts.physics.stabilization.updateInterval = 25
    opts.interaction.hideEdgesOnDrag = static
    options: dict[str, Any] = {
        "autoResize": True,
        "physics": {
            "enabled": not static,
            "solver": opts.physics.solver,
            "forceAtlas2Based": vars(opts.physics.forceAtlas2Based),
            "stabilization": {k: v for k, v in vars(opts.physics.stabilization).items()},
        },
        "interaction": {**vars(opts.interaction), "hover": True, "tooltipDelay": 150,
                        "multiselect": True, "navigationButtons": False, "keyboard": False,
                        "hideEdgesOnZoom": static},
        "edges": {"smooth": False if static else {"enabled": True, "type": "continuous"},
                  "selectionWidth": 2, "hoverWidth": 1,
                  "arrows": {"to": {"enabled": directed, "scaleFactor": 0.7}}},
        "nodes": {"font": {"size": 18, "color": "#1A1A1A", "strokeWidth": 4, "strokeColor": "#FFFFFF",
                           "face": "system-ui, 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', "
                                   "Meiryo, sans-serif"}},
        "layout": {"randomSeed": seed, "improvedLayout": n_nodes <= 150},
    }
    return options
