"""The chart an investigator asks for: an ego view or a case, with brokers and transfer paths.

:func:`investigation_chart` takes the actor graph (already filtered by case and time window
by the projection), cuts the ego network of a seed when asked, scores brokers, finds the
likely transfer paths between two selections, and returns the :class:`LinkChart` with all of
it highlighted. :func:`view` is ``graphkit view``: the store's actor graph drawn that way.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, name in [("a", "Li Wei"), ("b", "Bridge"), ("c", "Yamada Taro"), ("d", "Far away")]:
...     G.add_node(n, kind="Person", name=name, aliases=[name])
>>> for u, v in [("a", "b"), ("b", "c"), ("c", "d")]:
...     _ = G.add_edge(u, v, key="CONTACTED", relation="CONTACTED", contacts=1, evidence=[])
>>> chart = investigation_chart(G, seed="Li Wei", depth=2)
>>> sorted(n["key"] for n in chart.data["nodes"])
['a', 'b', 'c']
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Hashable, Iterable, Mapping

import networkx as nx

from graphkit.errors import BadValue, NotFound
from graphkit.language import message, page_language
from graphkit.store.base import Store
from graphkit.views.chartdata import MAX_NODES, check_counts, check_size
from graphkit.views.linkchart import LinkChart, link_chart

def investigation_chart(
    G: nx.Graph,
    *,
    seed: str | Iterable[str] | None = None,
    depth: int = 2,
    sources: Any = None,
    targets: Any = None,
    k: int = 3,
    time_respecting: bool = False,
    n_brokers: int = 3,
    scores: Mapping[Hashable, float] | None = None,
    title: str | None = None,
    listed: Mapping[Hashable, Any] | None = None,
    near_listed: Mapping[Hashable, Any] | None = None,
    lang: str = "en",
) -> LinkChart:
    """A link chart of ``G`` (an actor graph) focused the way the options say.

    Parameters
    ----------
    G : the actor graph (``graphkit.projection.actor_graph(store, case=..., since=..., until=...)``)
    seed : a name, alias, id or selector (``person:"Li Wei"``, see
        ``graphkit.analysis.selection``): draw only the nodes within ``depth`` links of it
        (``graphkit.analysis.communities.ego_network``)
    depth : the ego radius in links, either direction
    sources, targets : selectors; the ``k`` most likely transfer paths between them are drawn
        highlighted (their nodes are added to an ego view)
    time_respecting : only paths whose hops can be dated in order
    n_brokers : mark the ``n_brokers`` actors of highest betweenness (``broker_table``'s
        first ranking key) as brokers
    scores : broker scores to use instead of computing them (by default betweenness over all of
        ``G``, or over the drawn part when ``G`` has more than ``MAX_NODES`` nodes)
    title : page title; a description of the view by default
    lang : the page's language, ``ja`` or ``en``

    Raises
    ------
    NotFound : a seed or path end that names nothing, or an empty graph
    AnalysisError : a bad option, or a view too large to draw (``ViewTooLarge``)
    """
    if G.number_of_nodes() == 0:
        raise NotFound("nothing to draw: the graph has no actors (load records first, or widen "
                       "the case or time window)")
    paths: list[Any] = []
    if sources is not None and targets is not None:
        from graphkit.analysis.paths import likely_paths

        paths = likely_paths(G, sources, targets, k=k, time_respecting=time_respecting)
    keep: set[Hashable] = set(G)
    if seed is not None:
        from graphkit.analysis.communities import ego_network

        keep = set(ego_network(G, seed, depth=depth)) | {n for p in paths for n in p.nodes}
    view = G.subgraph(keep).copy() if len(keep) < G.number_of_nodes() else G
    check_size(view)  # before any scoring: a graph too big to draw is refused at once
    if scores is None:
        # brokers of the whole network, unless it is past what a chart could show: then
        # scoring it would take longer than the chart is worth, so the drawn part is scored
        scored = G if G.number_of_nodes() <= MAX_NODES else view
        scores, ranking = broker_scores(scored)
    else:
        ranking = sorted(scores, key=lambda n: -(scores[n] or 0))
    brokers = set([n for n in ranking if n in view and (scores.get(n) or 0) > 0][:n_brokers])
    if title is None:
        title = _describe(G, seed, depth, sources, targets, paths, lang)
    return link_chart(view, scores={n: scores.get(n, 0.0) for n in view}, brokers=brokers,
                      paths=paths, title=title, lang=lang, listed=listed, near_listed=near_listed)


def broker_scores(G: nx.Graph) -> tuple[dict[Hashable, float], list[Hashable]]:
    """Broker score per actor and the actors strongest first: the one broker ranking's
    betweenness alone (:func:`graphkit.analysis.brokers.broker_scores`)."""
    from graphkit.analysis.brokers import broker_scores as betweenness_ranking

    return betweenness_ranking(G, seed=0)


def _describe(G: nx.Graph, seed: Any, depth: int, sources: Any, targets: Any,
              paths: list[Any], lang: str = "en") -> str:
    def m(key: str, **values: Any) -> str:
        return message(f"chart.{key}", lang, **values)

    parts = [m("title")]
    case, since, until = (G.graph.get(k) for k in ("case", "since", "until"))
    if case:
        parts.append(m("title_case", case=case))
    if seed is not None:
        parts.append(m("title_ego", seed=seed if isinstance(seed, str) else ', '.join(map(str, seed)),
                       depth=depth))
    if sources is not None and targets is not None:
        parts.append(m("title_paths", n=len(paths), sources=sources, targets=targets))
    if since or until:
        parts.append(m("title_window", since=since or '…', until=until or '…'))
    return " · ".join(parts)


@dataclass
class ChartResult:
    """``chart``: the link chart (shows itself in a notebook); ``output``: the HTML file
    written, if any."""

    chart: LinkChart
    output: Path | None = None


def view(store: Store, *, output: Path | str | None = None, seed: str | None = None, depth: int = 2,
         case: str | None = None, since: str | None = None, until: str | None = None,
         sources: Any = None, targets: Any = None, k: int = 3, time_respecting: bool = False,
         n_brokers: int = 3, title: str | None = None, marking: str = "", lang: str | None = None,
         progress: bool = False, around_seed: bool = False) -> ChartResult:
    """The link chart ``graphkit view`` draws: the actor graph of ``store`` (filtered by
    ``case``, ``since``, ``until``) through :func:`investigation_chart`; saved to ``output``
    (one offline HTML page) when given. ``sources`` and ``targets`` go together; ``marking``
    (e.g. 取扱注意) is shown at the top and bottom of the page.

    A view of the whole store (no seed, case or time window) too big to draw is refused from
    the store's counts, before the graph is read (:func:`check_store_size`). ``progress``
    shows a bar on stderr when the run takes more than a couple of seconds. ``lang``: ``ja``
    or ``en`` (default :func:`graphkit.language.page_language`).

    ``around_seed`` (``view --neo4j``): with ``seed`` and no ``sources``/``targets``, read
    from the store only the nodes within ``depth`` hops of the seed's plain name, id or alias
    (:func:`seed_neighbourhood`) instead of the whole actor graph, so a chart of a national
    graph costs what its neighbourhood costs; brokers are then scored within that neighbourhood.
    """
    from graphkit.progress import steps
    from graphkit.projection import actor_graph, selected_actor_graph

    if (sources is None) != (targets is None):
        raise BadValue("paths need both ends: give sources and targets together")
    language = page_language(lang)
    if seed is None and case is None and since is None and until is None:
        check_store_size(store)
    with steps(("reading the graph", "drawing", "writing"), "view", enabled=progress) as step:
        step("reading the graph")
        around = seed_neighbourhood(store, seed, depth) if around_seed and seed and sources is None else None
        if around:
            graph = actor_graph(store, case=case, since=since, until=until, among=around)
        else:
            graph = selected_actor_graph(store, case=case, since=since, until=until)
        step("drawing")
        listed, near = _screening_marks(store, graph)
        chart = investigation_chart(graph, seed=seed, depth=depth, sources=sources, targets=targets,
                                    k=k, time_respecting=time_respecting, n_brokers=n_brokers, title=title,
                                    lang=language, listed=listed, near_listed=near)
        if marking:
            chart.marking = marking
        step("writing")
        saved = chart.save(output) if output is not None else None
    return ChartResult(chart, saved)


def seed_neighbourhood(store: Store, seed: str, depth: int) -> set[str]:
    """The ids of the nodes within ``depth`` hops (over any stored edge) of the nodes whose id,
    name or alias is exactly ``seed``; empty when none is (the caller then reads the whole graph
    and resolves the seed's selector there). A superset of the actor ego network: the chart cuts
    that out of it.
    """
    found = set(store.find_node_ids(seed))
    frontier = set(found)
    for _ in range(depth):
        if not frontier:
            break
        reached = store.neighbour_ids(frontier) - found
        found |= reached
        frontier = reached
    return found


def _screening_marks(store: Store, graph: nx.MultiDiGraph) -> tuple[dict[Hashable, list[str]], dict[Hashable, list[str]]]:
    """Actors on a loaded list and actors within two hops of one (none when no list is loaded)."""
    if not store.list_infos():
        return {}, {}
    from graphkit.analysis.screening import screen_graph
    from graphkit.lists.index import NameIndex

    listed: dict[Hashable, list[str]] = {}
    near: dict[Hashable, list[str]] = {}
    for hit in screen_graph(graph, NameIndex(store.list_entries()), hops=2):
        marks = listed if hit.distance == 0 else near
        marks.setdefault(hit.actor, [])
        if hit.entry.list_name not in marks[hit.actor]:
            marks[hit.actor].append(hit.entry.list_name)
    return listed, {n: lists for n, lists in near.items() if n not in listed}


def check_store_size(store: Store) -> None:
    """Refuse (:class:`~graphkit.views.chartdata.ViewTooLarge`) a chart of the whole store
    past the chart limits, from the store's node and edge counts: the actor graph holds every
    node of the projected kinds and every edge of the actor relations, so the counts are its
    size, known without reading it (a 1M-contact store is refused in a second, not after a
    minute and a gigabyte)."""
    from graphkit import schema

    counts = store.counts()
    check_counts(sum(counts.get(kind, 0) for kind in schema.PROJECTED_KINDS),
                 sum(counts.get(relation, 0) for relation in schema.ACTOR_RELATIONS))
