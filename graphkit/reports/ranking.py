"""Broker rankings for reports: one table per graph, each actor with a reason and its records.

:func:`rank_brokers` ranks the actors of an actor graph with
``graphkit.analysis.brokers.broker_table`` (every broker measure, with plain-language
reasons); with ``use_analysis=False`` it ranks by betweenness alone
(:func:`graphkit.analysis.centrality.betweenness` with its own limits: exact up to
:data:`~graphkit.analysis.centrality.EXACT_THRESHOLD` nodes, else sampled with a fixed seed) and a short reason made here. Either way the returned table has
the columns of :data:`BROKER_COLUMNS`, and the ``info`` dict says which algorithm ran with
which parameters, for the manifest.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("f", kind="Person", name="Foreign", foreign=True, evidence=["r1"], cases=["K"])
>>> G.add_node("b", kind="Intermediary", name="Broker", foreign=True, evidence=["r1", "r2"], cases=["K"])
>>> G.add_node("d", kind="Person", name="Domestic", foreign=False, evidence=["r2"], cases=["K"])
>>> _ = G.add_edge("f", "b", key="CONTACTED", relation="CONTACTED", contacts=1)
>>> _ = G.add_edge("b", "d", key="INTRODUCED", relation="INTRODUCED", contacts=1)
>>> table, info = rank_brokers(G)
>>> table.loc[0, "name"], table.loc[0, "records"]
('Broker', ['r1', 'r2'])
>>> rank_brokers(G, use_analysis=False)[0].loc[0, "reason"]
'links 1 foreign to 1 domestic actor(s) (1 two-step foreign→domestic chain(s)); 1 case(s)'
"""
from __future__ import annotations

from typing import Any, Callable, Hashable, Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from graphkit import schema
from graphkit.language import message
from graphkit.projection import ActorArrays, arrays_of
from graphkit.safe_output import json_value

NodeEvidence = Callable[[Sequence[str]], Mapping[str, tuple[list[str], list[str]]]]
"""``node_ids -> {node_id: (cases, records)}``: the evidence-derived columns of the actors a
ranking on arrays lists (:func:`graphkit.projection.node_cases_and_records` of a store)."""


SINGLE_THREAD_BELOW = 5_000
"""Graphs with fewer nodes are ranked on one engine thread: on a busy machine OpenMP threads
waiting for each other cost far more than they save on a small graph (measured: a 335-node
case took 2.5 s on two threads, 0.4 s on one, under load); results are the same."""

BROKER_COLUMNS = ["rank", "node_id", "name", "kind", "country", "foreign", "betweenness",
                  "degree", "foreign_neighbours", "domestic_neighbours", "cases", "reason",
                  "records"]


LARGE_GRAPH_REASONS = 10
"""On graphs of :data:`SINGLE_THREAD_BELOW` nodes or more, only this many top actors get the
analysis table's full reason (brokerage roles and cut points cost seconds per actor there)."""


def rank_brokers(G: nx.Graph | ActorArrays, *, seed: int = 0, use_analysis: bool = True,
                 top_reasons: int = 25, lang: str = "en",
                 analysis: pd.DataFrame | None = None, evidence: NodeEvidence | None = None,
                 listed: int = 25) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Rank the actors of ``G`` (the actor projection) as brokers, best first.

    Parameters
    ----------
    G : actor graph (MultiDiGraph keyed by relation, or a collapsed DiGraph), or the projection
        as arrays (:func:`graphkit.projection.actor_arrays`: no evidence held; the same table)
    seed : random seed for any sampling
    use_analysis : rank with ``graphkit.analysis.brokers.broker_table`` (default) or by betweenness alone
    top_reasons : how many of the top actors get the analysis table's reason (the others get
        the short reason made here); at most :data:`LARGE_GRAPH_REASONS` on large graphs
    lang : the language of the reasons, ``en`` or ``ja``
    analysis : a broker table already computed for ``G``'s actors (the GDS engine's,
        :func:`graphkit.workflows.gds_brokers.gds_broker_table`), used instead of computing one
    evidence, listed : with arrays (which hold no evidence), ``evidence`` gives the ``cases``
        and ``records`` of the first ``listed`` rows (the actors a report lists); the rows
        after them carry None there, and None as a short reason (which counts cases)

    Returns
    -------
    (table, info): the table has :data:`BROKER_COLUMNS` (plus any further measures the
    analysis table gives); ``records`` lists the record ids that mention each actor.
    ``info`` names the algorithm and its parameters.
    """
    from graphkit.analysis import engine

    threads = engine.threads()
    small = (len(G) if isinstance(G, ActorArrays) else G.number_of_nodes()) < SINGLE_THREAD_BELOW
    used = 1 if small else threads
    if not small:
        top_reasons = min(top_reasons, LARGE_GRAPH_REASONS)
    engine.configure_threads(used)
    try:
        table, info = _rank(G, seed, use_analysis, top_reasons, lang, analysis)
        if isinstance(G, ActorArrays):
            table = _listed_evidence(table, evidence, listed, lang)
    finally:
        engine.configure_threads(threads)
    return table, {**info, "engine_threads": used}


def _listed_evidence(table: pd.DataFrame, evidence: NodeEvidence | None, listed: int,
                     lang: str) -> pd.DataFrame:
    """A ranking on arrays: the ``cases`` and ``records`` of its first ``listed`` rows from
    ``evidence``, and their short reasons (which count the cases) where they have one."""
    short = table.pop("_short") if "_short" in table.columns else pd.Series(False, index=table.index)
    head = table.index[:listed]
    found = evidence([str(n) for n in table.loc[head, "node_id"]]) if evidence is not None and len(head) else {}
    cases: list[Any] = [None] * len(table)
    records: list[Any] = [None] * len(table)
    for i, node in enumerate(table.loc[head, "node_id"]):
        cases[i], records[i] = found.get(node, ([], []))
    table["cases"] = pd.Series(cases, index=table.index, dtype=object)
    table["records"] = pd.Series(records, index=table.index, dtype=object)
    if "_parts" not in table.columns:
        return table
    reasons = table["reason"].tolist()
    for i, (is_short, parts) in enumerate(zip(short.tolist(), table["_parts"].tolist())):
        if is_short:
            foreign, domestic, chains = parts
            reasons[i] = _reason(foreign, domestic, chains, len(cases[i]), lang) if i < len(head) else None
    table["reason"] = pd.Series(reasons, index=table.index, dtype=table["reason"].dtype)
    return table.drop(columns=["_parts"])


def _is_actor(G: nx.Graph | ActorArrays) -> Callable[[Hashable], bool]:
    if isinstance(G, ActorArrays):
        index, kinds = G.index(), G.kinds
        return lambda n: n in index and schema.is_actor(kinds[index[n]])
    return lambda n: schema.is_actor(G.nodes[n].get("kind")) if n in G else False


def _rank(G: nx.Graph | ActorArrays, seed: int, use_analysis: bool, top_reasons: int,
          lang: str = "en", analysis: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    kinds = G.kinds if isinstance(G, ActorArrays) else [d.get("kind") for _, d in G.nodes(data=True)]
    if use_analysis and not any(schema.is_actor(kind) for kind in kinds):
        table, info = (_own_ranking_arrays(G, lang) if isinstance(G, ActorArrays)  # nothing to rank
                       else _own_ranking(G, seed, betweenness=False, lang=lang))
        info = {"algorithm": "none (no actors)"}
    elif use_analysis:
        table, info = _from_analysis(G, seed, top_reasons, lang, analysis)
    elif isinstance(G, ActorArrays):
        raise ValueError("a ranking by betweenness alone works on a graph, not on arrays")
    else:
        table, info = _own_ranking(G, seed, lang=lang)
    table = table.reset_index(drop=True)
    table["rank"] = range(1, len(table) + 1)
    ordered = [c for c in BROKER_COLUMNS if c in table.columns]
    extra = [c for c in table.columns if c not in ordered]
    return table[ordered + extra], info


def _from_analysis(G: nx.Graph | ActorArrays, seed: int, top_reasons: int, lang: str = "en",
                   analysis: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The analysis broker table (or ``analysis``, computed elsewhere), brought to the report's columns."""
    from graphkit.analysis.brokers import broker_table

    kwargs: dict[str, Any] = {"seed": seed, "top_reasons": top_reasons}
    sides = (zip(G.kinds, G.foreign) if isinstance(G, ActorArrays)
             else ((d.get("kind"), d.get("foreign")) for _, d in G.nodes(data=True)))
    if not any(isinstance(foreign, bool) for kind, foreign in sides if schema.is_actor(kind)):
        # no actor says whether it is foreign (e.g. a network without countries): one group
        kwargs["partition"] = {n: "all actors" for n in (G.ids if isinstance(G, ActorArrays) else G)}
    if analysis is None and isinstance(G, nx.MultiDiGraph):
        # the actor projection: the measures on its arrays (the same table, less time and memory)
        computed = broker_table(arrays_of(G), lang=lang, **kwargs)
    else:
        computed = broker_table(G, lang=lang, **kwargs) if analysis is None else analysis.copy()
    # how the table was computed goes into ``info``; taken off the table first, since pandas
    # deep-copies a frame's attrs on every step below (a sampled ranking's attrs hold a standard
    # error per node: seconds per report on 100k contacts)
    attrs, computed.attrs = dict(computed.attrs), {}
    table = computed.rename(columns={"id": "node_id"})
    table = table[table["node_id"].map(_is_actor(G))]
    own, _ = (_own_ranking_arrays(G, lang) if isinstance(G, ActorArrays)
              else _own_ranking(G, seed, betweenness=False, lang=lang))
    own = own.set_index("node_id")
    for column in BROKER_COLUMNS:
        if column not in table.columns and column in own.columns:
            table[column] = table["node_id"].map(own[column])
    if "reason" in table.columns:  # actors past top_reasons get the short reason made here
        blank = table["reason"].fillna("").eq("")
        table.loc[blank, "reason"] = table.loc[blank, "node_id"].map(own["reason"])
        if isinstance(G, ActorArrays):  # made once the listed actors' cases are known
            table["_short"] = blank
            table["_parts"] = table["node_id"].map(own["_parts"])
    table = _stable_order(table)
    shown = {k: (v if k != "partition" else "one group (no actor has a foreign flag)") for k, v in kwargs.items()}
    algorithm = ("graphkit.analysis.brokers.broker_table" if analysis is None
                 else "graphkit.workflows.gds_brokers.gds_broker_table (GDS inside Neo4j)")
    info = {"algorithm": algorithm, "parameters": shown,
            # per-step timings differ run to run; the manifest holds what reproduces the result
            **json_value({k: v for k, v in attrs.items() if k not in ("brokerage_totals", "timings")},
                         omit_keys=_TIMING_KEYS)}
    return table, info


def _stable_order(table: pd.DataFrame) -> pd.DataFrame:
    """The analysis table's order (betweenness, then brokerage, then PageRank, then id) with
    scores rounded to 12 decimals first: the engine sums in parallel, so equal scores can differ
    in their last bits from run to run, and ties must not swap places between two reports."""
    keys, ascending = [], []
    for column, up in (("betweenness", False), ("brokerage", False), ("pagerank", False)):
        if column in table.columns:
            table[f"_{column}"] = pd.to_numeric(table[column], errors="coerce").round(12)
            keys.append(f"_{column}")
            ascending.append(up)
    table["_id"] = table["node_id"].map(str)
    table = table.sort_values(keys + ["_id"], ascending=ascending + [True], kind="stable")
    return table.drop(columns=[*keys, "_id"])


_TIMING_KEYS = {"seconds", "timings", "wall_s", "cpu_s"}


def _own_ranking(G: nx.Graph, seed: int, betweenness: bool = True,
                 lang: str = "en") -> tuple[pd.DataFrame, dict[str, Any]]:
    scores, info = _betweenness(G, seed) if betweenness else ({}, {})
    nodes = G.nodes
    pred = G.pred if isinstance(G, nx.DiGraph) else G.adj
    succ = G.succ if isinstance(G, nx.DiGraph) else G.adj
    rows = []
    for node, data in nodes(data=True):
        if not schema.is_actor(data.get("kind")):
            continue
        preds, succs = pred[node], succ[node]
        neighbours = (preds.keys() | succs.keys()) - {node}
        foreign = domestic = 0
        for n in neighbours:
            side = nodes[n].get("foreign")
            foreign += side is True
            domestic += side is False
        chains = (sum(1 for n in preds if n != node and nodes[n].get("foreign") is True)
                  * sum(1 for n in succs if n != node and nodes[n].get("foreign") is False))
        cases = list(data.get("cases") or [])
        rows.append((node, data.get("name", str(node)), data.get("kind"), data.get("country"),
                     data.get("foreign"), scores.get(node, 0.0), len(neighbours), foreign, domestic,
                     cases, _reason(foreign, domestic, chains, len(cases), lang),
                     sorted(data.get("evidence") or [])))
    table = pd.DataFrame(rows, columns=[c for c in BROKER_COLUMNS if c != "rank"])
    if not table.empty:
        table = table.sort_values(["betweenness", "degree", "name", "node_id"],
                                  ascending=[False, False, True, True], kind="stable")
    return table, info


def _own_ranking_arrays(arrays: ActorArrays, lang: str = "en") -> tuple[pd.DataFrame, dict[str, Any]]:
    """:func:`_own_ranking` without betweenness on the projection as arrays: the same degrees
    and neighbour counts (distinct neighbours either way, self-loops left out); no ``cases``
    or ``records`` (the arrays hold no evidence: :func:`_listed_evidence` adds them), and in
    ``_parts`` what the short reason counts besides the cases."""
    A = arrays.adjacency()
    both = arrays.adjacency(directed=False)
    foreign = np.fromiter((side is True for side in arrays.foreign), dtype=np.int64, count=len(arrays))
    domestic = np.fromiter((side is False for side in arrays.foreign), dtype=np.int64, count=len(arrays))
    degree = np.diff(both.indptr)
    foreign_neighbours, domestic_neighbours = both @ foreign, both @ domestic
    chains = (A.T @ foreign) * (A @ domestic)
    rows = []
    for i, node in enumerate(arrays.ids):
        if not schema.is_actor(arrays.kinds[i]):
            continue
        parts = (int(foreign_neighbours[i]), int(domestic_neighbours[i]), int(chains[i]))
        rows.append((node, arrays.names[i], arrays.kinds[i], arrays.countries[i], arrays.foreign[i], 0.0,
                     int(degree[i]), parts[0], parts[1], None, None, None, parts))
    table = pd.DataFrame(rows, columns=[*[c for c in BROKER_COLUMNS if c != "rank"], "_parts"])
    return table, {}


def _reason(foreign: int, domestic: int, chains: int, cases: int, lang: str = "en") -> str:
    parts = [message("reason.short_links", lang, foreign=foreign, domestic=domestic)]
    if chains:
        parts[0] += message("reason.short_chains", lang, chains=chains)
    if cases:
        parts.append(message("reason.short_cases", lang, cases=cases))
    return message("reason.separator", lang).join(parts)


def _betweenness(G: nx.Graph, seed: int) -> tuple[dict[Hashable, float], dict[str, Any]]:
    """Normalised betweenness on the arcs of ``G`` (parallel relations count once), networkx's
    scale, with the one limit every ranking uses: exact up to
    :data:`~graphkit.analysis.centrality.EXACT_THRESHOLD` nodes, else estimated from
    :data:`~graphkit.analysis.centrality.MIN_SOURCES` sources
    (:func:`graphkit.analysis.centrality.betweenness`)."""
    from graphkit.analysis.centrality import EXACT_THRESHOLD, betweenness

    scores, info = betweenness(G, seed=seed)
    described = {"algorithm": "betweenness (directed, unweighted, normalised; parallel relations count once)",
                 "seed": seed, "exact_limit": EXACT_THRESHOLD, "engine": info["engine"], "method": info["method"]}
    if info["method"] != "exact":
        described.update(samples=info["sample"], error_bound=info["error_bound"], delta=info["delta"])
    return scores, described


def graph_evidence(G: nx.Graph) -> NodeEvidence:
    """The :data:`NodeEvidence` of a graph in memory: each node's ``cases`` and its sorted
    ``evidence`` records, as :func:`rank_brokers` lists them for a graph.

    >>> G = nx.MultiDiGraph(); G.add_node("a", cases=["K"], evidence=["r2", "r1"])
    >>> graph_evidence(G)(["a"])
    {'a': (['K'], ['r1', 'r2'])}
    """
    nodes = G.nodes

    def evidence(node_ids: Sequence[str]) -> dict[str, tuple[list[str], list[str]]]:
        return {n: (list(nodes[n].get("cases") or []), sorted(nodes[n].get("evidence") or []))
                for n in node_ids if n in nodes}
    return evidence


def rank_case(sub: nx.MultiDiGraph | ActorArrays, *, seed: int = 0, top: int = 10, lang: str = "en",
              evidence: NodeEvidence | None = None) -> tuple[pd.DataFrame, dict[Hashable, float]]:
    """A case's broker table (its first ``top`` rows, as ``rank_brokers(sub).head(top)``) and
    its flow of approaches (:func:`case_flow_scores`), both on the case graph's arrays
    (:func:`graphkit.projection.arrays_of`, made once; or ``sub`` itself, the case's arrays read
    from the store: :func:`graphkit.reports.collect.case_arrays`): the measures, degrees and
    neighbour counts as array kernels, networkx only for the listed actors' reasons, and the
    ``cases`` and ``records`` of the ``top`` rows alone from ``evidence`` (default: read from
    the graph, :func:`graph_evidence`; arrays hold none).

    >>> G = nx.MultiDiGraph([("f", "b", "CONTACTED"), ("b", "d", "INTRODUCED")])
    >>> for n, side in (("f", True), ("b", True), ("d", False)):
    ...     G.add_node(n, kind="Person", name=n.upper(), foreign=side, cases=["K"], evidence=["r1"])
    >>> table, flow = rank_case(G, top=2)
    >>> table["name"].tolist(), max(flow, key=flow.get)
    (['B', 'D'], 'b')
    >>> rank_case(arrays_of(G), top=2, evidence=graph_evidence(G))[0].equals(table)
    True
    """
    arrays = sub if isinstance(sub, ActorArrays) else arrays_of(sub)
    if not any(schema.is_actor(kind) for kind in arrays.kinds):
        graph = arrays.subgraph(arrays.ids) if isinstance(sub, ActorArrays) else sub  # nothing to rank
        table, _ = rank_brokers(graph, seed=seed, top_reasons=top, lang=lang)
        return table.head(top).reset_index(drop=True), case_flow_scores(graph, seed=seed)
    if evidence is None and not isinstance(sub, ActorArrays):
        evidence = graph_evidence(sub)
    table, _ = rank_brokers(arrays, seed=seed, top_reasons=top, lang=lang, evidence=evidence, listed=top)
    return table.head(top).reset_index(drop=True), case_flow_scores(arrays, seed=seed)


def case_flow_scores(sub: nx.Graph | ActorArrays, *, seed: int = 0) -> dict[Hashable, float]:
    """Betweenness of the actors of one case along the direction of its contacts: how much of
    the case's flow of approaches (who approached whom, who introduced whom) passes through
    each actor. The case charts star and size by it: in a case, the undirected rank puts the
    actors approached by many (whose contacts it takes as paths between them) above the
    go-between who passed the approach on.

    >>> G = nx.MultiDiGraph([("agent", "broker"), ("broker", "lab"), ("rival", "lab"), ("rival", "staff")])
    >>> nx.set_node_attributes(G, "Person", "kind")
    >>> max(case_flow_scores(G).items(), key=lambda item: item[1])[0]
    'broker'
    """
    from graphkit.analysis.brokers import actor_digraph
    from graphkit.analysis.centrality import betweenness

    D = actor_digraph(sub)
    if len(D) == 0:
        return {}
    scores, _ = betweenness(D, directed=True, seed=seed)
    return scores

