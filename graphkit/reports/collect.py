"""What a report is made of: case subgraphs, transfer paths, approach counts.

Everything here reads the actor projection (docs/architecture.md), and
returns plain data (DataFrames, dicts, lists) for the report writer.

>>> import networkx as nx
>>> from graphkit.model import Evidence
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", kind="Person", name="A", foreign=True, cases=["K1", "K2"], evidence=["r1", "r2"])
>>> G.add_node("b", kind="Person", name="B", foreign=False, cases=["K1"], evidence=["r1"])
>>> ev = [Evidence("r1", "c.csv", 2, case_id="K1", date="2024-05", channel="email"),
...       Evidence("r2", "c.csv", 3, case_id="K2", date="2024-06", channel="visit")]
>>> _ = G.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", contacts=2, evidence=ev)
>>> case_subgraphs(G)["K1"].edges["a", "b", "CONTACTED"]["contacts"]
1
>>> approaches_by_month([(e.date, e.channel) for e in approach_records(G).values()]).values.tolist()
[['2024-05', 'email', 1], ['2024-06', 'visit', 1]]
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Container, Hashable, Iterable, Iterator, Mapping, Sequence

import networkx as nx
import pandas as pd

from graphkit import schema
from graphkit.language import message
from graphkit.model import stable_id
from graphkit.projection import (ActorArrays, actor_graph, case_actor_graph, case_actor_graphs, edge_attributes,
                                 evidence_window, tie_arrays)
from graphkit.store.base import ActorTies, Store

APPROACH_RELATION = "CONTACTED"
"""Every contact row projects exactly one CONTACTED edge (to the target, or to the go-between),
so the approaches are among the distinct records behind CONTACTED edges; a relations file's
"contacted" row is behind one too, without being an approach event."""
APPROACH_RECORDS = "approach_records"
"""``G.graph`` key: the record ids of the approach events (the contacts rows, each an Approach
node, what ``info`` counts), set by :func:`mark_approaches`; without it every record behind a
CONTACTED edge counts as an approach."""


def mark_approaches(G: nx.Graph, approach_record_ids: Iterable[str]) -> None:
    """Record in ``G.graph`` which records behind its CONTACTED edges are approach events.

    >>> from graphkit.model import Evidence
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", relation="CONTACTED", evidence=[Evidence("r1", "c.csv", 2), Evidence("r2", "r.jsonl", 1)])
    >>> mark_approaches(G, ["r1"]); sorted(approach_records(G)), sorted(contact_records(G))
    (['r1'], ['r1', 'r2'])
    """
    G.graph[APPROACH_RECORDS] = frozenset(approach_record_ids)


def cases_of(G: nx.Graph) -> list[str]:
    """Every case id mentioned by a node or an edge of ``G``, sorted."""
    found: set[str] = set()
    for _, data in G.nodes(data=True):
        found.update(data.get("cases") or [])
    for _, _, data in G.edges(data=True):
        found.update(data.get("cases") or [])
    return sorted(found)


def case_subgraphs(G: nx.MultiDiGraph, cases: Iterable[str] | None = None) -> dict[str, nx.MultiDiGraph]:
    """One actor graph per case, cut from ``G`` in one pass over its edges.

    Same rule as ``actor_graph(store, case=...)``: each edge keeps only its evidence of the
    case (and is dropped when none is left); nodes stay when they are an end of a kept edge
    or name the case among their ``cases``. A node's ``evidence`` keeps the records that edge
    evidence places in the case.
    Nodes are added sorted, edges in :func:`edge_order`.
    """
    wanted = set(cases_of(G) if cases is None else cases)
    edges: dict[str, list] = {c: [] for c in wanted}
    case_of_record: dict[str, str | None] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        by_case: dict[str, list] = {}
        for ev in data.get("evidence") or []:
            case_of_record[ev.record_id] = ev.case_id
            if ev.case_id in wanted:
                by_case.setdefault(ev.case_id, []).append(ev)
        for case, kept in by_case.items():
            edges[case].append((u, v, key, data, kept))
    nodes: dict[str, set] = {c: set() for c in wanted}
    for node, data in G.nodes(data=True):
        for case in data.get("cases") or []:
            if case in wanted:
                nodes[case].add(node)
    members = {c: nodes[c] | {n for u, v, *_ in edges[c] for n in (u, v)} for c in wanted}
    # Each node's records split by case in one pass (not one pass per case it appears in:
    # an actor in many cases with many records made that quadratic on large graphs).
    evidence_by_case: dict[Hashable, dict[str | None, list]] = {}
    for node in set().union(*members.values()) if members else ():
        buckets: dict[str | None, list] = {}
        for record in G.nodes[node].get("evidence") or []:
            record_case = case_of_record.get(record)
            if record_case in wanted:
                buckets.setdefault(record_case, []).append(record)
        evidence_by_case[node] = buckets
    out = {}
    for case in sorted(wanted):
        sub: nx.MultiDiGraph = nx.MultiDiGraph(case=case, since=G.graph.get("since"), until=G.graph.get("until"))
        if APPROACH_RECORDS in G.graph:
            sub.graph[APPROACH_RECORDS] = G.graph[APPROACH_RECORDS]
        for node in sorted(members[case], key=str):
            attrs = dict(G.nodes[node])
            attrs["cases"] = [case]
            attrs["evidence"] = evidence_by_case[node].get(case, [])
            sub.add_node(node, **attrs)
        for u, v, key, data, kept in sorted(edges[case], key=lambda e: edge_order(e[:3])):
            sub.add_edge(u, v, key=key, **edge_attributes(data.get("relation", key), data, kept))
        out[case] = sub
    return out


def case_graph(store: Store, case: str, *, since: str | None = None, until: str | None = None,
               present: Container[Hashable] | None = None,
               approaches: frozenset[str] | None = None) -> nx.MultiDiGraph:
    """One case's actor graph read from the store's selection of the case
    (:func:`graphkit.projection.case_actor_graph`): work and memory scale with the case, not the
    whole graph.

    The same graph as ``case_subgraphs(actor_graph(store, since=since, until=until))[case]``
    (a test holds them equal): ``present`` is the node set of that whole selection (nodes
    named by the case's records stay only when the whole selection has them; None: every
    such node), ``approaches`` the approach record ids (:func:`mark_approaches`).

    >>> import tempfile, pathlib
    >>> from graphkit.store.workspace import Workspace
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     G = actor_graph(ws)
    ...     same = case_graph(ws, "C-2024-03", present=G).edges == case_subgraphs(G)["C-2024-03"].edges
    >>> same
    True
    """
    selected = case_actor_graph(store, case, since=since, until=until, edges_by_ends=True)
    return _case_graph_of(selected, case, since, until, present, approaches)


def case_graphs(store: Store, cases: Sequence[str], *, since: str | None = None, until: str | None = None,
                present: Container[Hashable] | None = None) -> Iterator[tuple[str, nx.MultiDiGraph]]:
    """``(case, case_graph(store, case, ...))`` for each of ``cases``, read in one pass over the
    store's cases (:func:`graphkit.projection.case_actor_graphs`, :meth:`Store.case_contents`),
    one case at a time in the store's order: the report's per-case stage holds the case it
    ranks, not the whole graph, and sets up a few queries for all cases, not a few per case.

    >>> import tempfile, pathlib
    >>> from graphkit.store.workspace import Workspace
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     G = actor_graph(ws)
    ...     read = dict(case_graphs(ws, cases_of(G), present=G))
    ...     same = read["C-2024-03"].edges == case_graph(ws, "C-2024-03", present=G).edges
    >>> same
    True
    """
    for case, selected in case_actor_graphs(store, cases, since=since, until=until, edges_by_ends=True):
        yield case, _case_graph_of(selected, case, since, until, present, None)


def case_arrays(store: Store, cases: Sequence[str], *, since: str | None = None, until: str | None = None,
                present: Container[Hashable] | None = None) -> Iterator[tuple[str, ActorArrays]]:
    """``(case, arrays_of(case_graph(store, case, ...)))`` for each of ``cases`` without the
    graph: each case's projection as arrays from one aggregate read of all cases
    (:meth:`Store.case_ties`: a row per edge of the case, no object per evidence item), with the
    case graph's nodes (the ends of its edges, and the case's other nodes that ``present``, the
    whole selection, holds) and its edges in :func:`edge_order`. Its actors' records are read
    apart, for the few a table lists (:func:`case_records`). One case at a time, in the
    store's order.

    >>> import tempfile, pathlib
    >>> from graphkit.model import Batch, Edge, Evidence, Node
    >>> from graphkit.store.workspace import Workspace
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = ws.write(Batch(nodes=[Node("a", "Person", "A"), Node("b", "Person", "B")], edges=[
    ...         Edge("e", "a", "b", "CONTACTED", evidence=[Evidence("r1", "c.csv", 2, case_id="K1", date="2024-05")])]))
    ...     arrays = dict(case_arrays(ws, ["K1", "K2"]))
    >>> arrays["K1"].ids, arrays["K1"].contacts.tolist(), arrays["K1"].first_dates, len(arrays["K2"])
    (['a', 'b'], [1], ['2024-05'], 0)
    """
    start, end = evidence_window(since, until)
    for case, ties in store.case_ties(cases, schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS, start=start, end=end):
        held = {node[0] for node in ties.nodes}
        order = sorted((j for j in range(len(ties.source)) if ties.source[j] in held and ties.target[j] in held),
                       key=lambda j: edge_order((ties.source[j], ties.target[j], ties.relation[j])))
        ends = {ties.source[j] for j in order} | {ties.target[j] for j in order}
        # as _case_graph_of: a node at no edge's end stays when the whole selection has it
        nodes = sorted((node for node in ties.nodes if node[0] in ends or present is None or node[0] in present),
                       key=lambda node: str(node[0]))
        kept = ActorTies(source=[ties.source[j] for j in order], target=[ties.target[j] for j in order],
                         relation=[ties.relation[j] for j in order], contacts=[ties.contacts[j] for j in order],
                         weight=[ties.weight[j] for j in order], dates=[ties.dates[j] for j in order], nodes=nodes)
        yield case, tie_arrays(kept, {"case": case, "since": since, "until": until})


def case_records(store: Store, listed: Mapping[str, Iterable[str]], *, since: str | None = None,
                 until: str | None = None) -> dict[tuple[str, str], list[str]]:
    """The ``evidence`` each case graph (:func:`case_graph`, the same ``since``/``until``) gives
    the nodes ``listed`` for the case, read for those nodes only (:meth:`Store.case_node_records`):
    by ``(case, node)``, sorted record ids (a pair without any left out). What a case table
    ranked on :func:`case_arrays` lists beside its actors, as :func:`graphkit.reports.ranking.graph_evidence`
    reads it from the graph.
    """
    start, end = evidence_window(since, until)
    return store.case_node_records({case: list(nodes) for case, nodes in listed.items()}, schema.ACTOR_RELATIONS,
                                   schema.PROJECTED_KINDS, start=start, end=end)


def _case_graph_of(selected: nx.MultiDiGraph, case: str, since: str | None, until: str | None,
                   present: Container[Hashable] | None, approaches: frozenset[str] | None) -> nx.MultiDiGraph:
    # nodes by id, edges in edge_order: the graph read is the case graph once its nodes are
    # filtered and given the case's records (built once, not read and then copied in order)
    ends: set[Hashable] = set()
    on_edges: set[str] = set()
    for u, v, data in selected.edges(data=True):
        ends.update((u, v))
        on_edges.update(ev.record_id for ev in data.get("evidence") or [])
    nodes = list(selected)
    if nodes == sorted(nodes, key=str):
        selected.remove_nodes_from([n for n in nodes if n not in ends and present is not None and n not in present])
        for _, attrs in selected.nodes(data=True):
            attrs["cases"] = [case]
            attrs["evidence"] = [r for r in attrs.get("evidence") or [] if r in on_edges]
        selected.graph.clear()
        selected.graph.update(case=case, since=since, until=until)
        if approaches is not None:
            selected.graph[APPROACH_RECORDS] = approaches
        return selected
    sub: nx.MultiDiGraph = nx.MultiDiGraph(case=case, since=since, until=until)
    if approaches is not None:
        sub.graph[APPROACH_RECORDS] = approaches
    for node in sorted(selected, key=str):
        if node not in ends and present is not None and node not in present:
            continue
        attrs = dict(selected.nodes[node])
        attrs["cases"] = [case]
        attrs["evidence"] = [r for r in attrs.get("evidence") or [] if r in on_edges]
        sub.add_node(node, **attrs)
    sub.add_edges_from(sorted(selected.edges(keys=True, data=True), key=lambda e: edge_order(e[:3])))  # type: ignore[arg-type]  # (u, v, key, data): types-networkx lacks the multigraph form
    return sub


def edge_order(edge: tuple[Hashable, Hashable, Hashable]) -> tuple[str, str, str]:
    """The order a case graph's edges are added in, (source, target, relation) as text: the
    same whether the case is cut from the whole graph or read from the store on its own (the
    whole graph's own order depends on edges outside the case), so rankings break ties alike."""
    return str(edge[0]), str(edge[1]), str(edge[2])


def approach_records(G: nx.Graph) -> dict[str, Any]:
    """The approach events behind CONTACTED edges, by record id: the contacts rows when
    :func:`mark_approaches` has said which they are, else every record (:func:`contact_records`)."""
    found = contact_records(G)
    events = G.graph.get(APPROACH_RECORDS)
    return found if events is None else {rid: ev for rid, ev in found.items() if rid in events}


def contact_records(G: nx.Graph) -> dict[str, Any]:
    """The distinct evidence records behind CONTACTED edges, by record id (approach events and
    relations files' "contacted" rows)."""
    seen: dict[str, Any] = {}
    for _, _, data in G.edges(data=True):
        relations = data.get("relations") or [data.get("relation")]
        if APPROACH_RELATION not in relations:
            continue
        for ev in data.get("evidence") or []:
            seen.setdefault(ev.record_id, ev)
    return seen


def approach_dates(store: Store, *, case: str | None = None, since: str | None = None,
                   until: str | None = None) -> tuple[list[tuple[str | None, str | None]], int]:
    """The approach events of the selection as ``(date, channel)`` pairs, and how many records
    stand behind its CONTACTED edges (approach events and relations files' "contacted" rows).

    One aggregate read (:meth:`~graphkit.store.base.Store.evidence_records`) and a look-up of
    the approach nodes: the same approaches as :func:`approach_records` of the whole selection
    marked with :func:`mark_approaches` (a contacts row is an approach event when its Approach
    node is in the store), without the graph.

    >>> import tempfile, pathlib
    >>> from graphkit.store.workspace import Workspace
    >>> from graphkit.ingest import load_files
    >>> from graphkit.resources import demo_dir
    >>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
    ...     _ = load_files(demo, ws)
    ...     approaches, contacts = approach_dates(ws)
    >>> len(approaches), contacts - len(approaches)
    (344, 2)
    """
    events, contacts = approach_rows(store, case=case, since=since, until=until)
    return [(date, channel) for _, _, date, channel in events], contacts


def approach_rows(store: Store, *, case: str | None = None, since: str | None = None, until: str | None = None
                  ) -> tuple[list[tuple[str, str | None, str | None, str | None]], int]:
    """:func:`approach_dates` with each approach event's record id and case id: ``(record_id,
    case_id, date, channel)`` by record id, and the number of records behind the CONTACTED
    edges. A case's approach count (:func:`approach_records` of its case graph) is the number
    of events of that case."""
    start, end = evidence_window(since, until)
    records = store.evidence_records((APPROACH_RELATION,), schema.PROJECTED_KINDS, case=case, start=start, end=end)
    position = {stable_id(schema.APPROACH_KIND, record[0]): i for i, record in enumerate(records)}
    found = sorted(position[n] for n in store.present_node_ids(position))
    return [records[i] for i in found], len(records)


def approaches_by_month(approaches: Iterable[tuple[str | None, str | None]], lang: str = "en") -> pd.DataFrame:
    """Approaches per month and channel: columns ``month``, ``channel``, ``approaches``, from
    the approach events' ``(date, channel)`` (:func:`approach_dates`).

    Channels are counted by their vocabulary code (graphkit/schema.toml) and shown by their
    word in ``lang``; an unmapped word is shown as given. Dated to the year only, an approach
    has no month and is left out; a missing channel is ``"(none)"``.

    >>> approaches_by_month([("2024-05-02", "email"), ("2024", "visit"), ("2024-05", "メール")]).values.tolist()
    [['2024-05', 'email', 2]]
    """
    counts: Counter = Counter()
    codes: dict[Any, str] = {}  # one look-up per distinct channel word, not one per approach
    for date, channel in approaches:
        if date and len(date) >= 7:
            # counted by the channel's code, so "email" and "メール" are one channel
            code = codes.get(channel)
            if code is None:
                code = codes[channel] = schema.term_code("channel", channel) or channel or ""
            counts[(date[:7], code)] += 1
    rows = [(m, schema.term_word("channel", c, lang) if c else message("common.none", lang), n)
            for (m, c), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["month", "channel", "approaches"])


def side(value: Any) -> str:
    return "foreign" if value is True else "domestic" if value is False else "unknown"


def contact_mix(arrays: ActorArrays) -> pd.DataFrame:
    """Contacts (CONTACTED and INTRODUCED records) by the sides they join, from the projection
    as arrays (each edge's ``contacts``).

    Columns ``from``, ``to`` (foreign, domestic or unknown) and ``contacts``.

    >>> arrays = ActorArrays.from_ties(["a", "b"], ["a"], ["b"], ["CONTACTED"], contacts=[3])
    >>> arrays.foreign = [True, False]
    >>> contact_mix(arrays).values.tolist()
    [['foreign', 'domestic', 3]]
    """
    counts: Counter = Counter()
    sides = [side(value) for value in arrays.foreign]
    for tail, head, relation, contacts in zip(arrays.tails.tolist(), arrays.heads.tolist(), arrays.relations,
                                              arrays.contacts.tolist()):
        if relation in ("CONTACTED", "INTRODUCED"):
            counts[(sides[tail], sides[head])] += contacts
    order = ["foreign", "domestic", "unknown"]
    rows = [(a, b, counts[(a, b)]) for a in order for b in order if counts[(a, b)]]
    return pd.DataFrame(rows, columns=["from", "to", "contacts"])


def foreign_actors(G: nx.Graph) -> list[Hashable]:
    """Actors (not technologies) whose ``foreign`` flag is True."""
    return [n for n, d in G.nodes(data=True) if d.get("foreign") is True and d.get("kind") != schema.TECHNOLOGY_KIND]


def technologies(G: nx.Graph) -> list[Hashable]:
    """Technology nodes, sorted by name."""
    return sorted((n for n, d in G.nodes(data=True) if d.get("kind") == schema.TECHNOLOGY_KIND),
                  key=lambda n: (str(G.nodes[n].get("name", n)), str(n)))


def foreign_actor_ids(arrays: ActorArrays) -> list[str]:
    """:func:`foreign_actors` of the projection as arrays (in its node order)."""
    technology = schema.TECHNOLOGY_KIND
    return [n for n, kind, side in zip(arrays.ids, arrays.kinds, arrays.foreign) if side is True and kind != technology]


def technology_ids(arrays: ActorArrays) -> list[str]:
    """:func:`technologies` of the projection as arrays: Technology nodes, sorted by name."""
    found = [(name, n) for n, kind, name in zip(arrays.ids, arrays.kinds, arrays.names)
             if kind == schema.TECHNOLOGY_KIND]
    return [n for _, n in sorted(found, key=lambda item: (str(item[0]), str(item[1])))]

