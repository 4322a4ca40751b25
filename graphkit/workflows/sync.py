"""The sync commands: push a workspace into Neo4j, pull a subgraph out of Neo4j.

:func:`push` copies every record, node and edge of any store into another (idempotently: a
second push changes nothing). :func:`pull_subgraph` reads a part of the Neo4j graph (a case,
the k-hop neighbourhood of seeds, a time window, or all) as a :class:`~graphkit.model.Batch`
that a workspace merges (:func:`pull_into`) or that becomes a NetworkX actor graph
(:func:`pull_graph`).

>>> import tempfile, pathlib
>>> from graphkit.store.workspace import Workspace
>>> a = Workspace(pathlib.Path(tempfile.mkdtemp()) / "a"); b = Workspace(pathlib.Path(tempfile.mkdtemp()) / "b")
>>> from graphkit.model import Batch, Node
>>> _ = a.write(Batch(nodes=[Node("p1", "Person", "A")]))
>>> push(a, b).nodes_new, b.counts()
(1, {'Person': 1})
"""
from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import networkx as nx

from graphkit import schema
from graphkit.errors import BadValue, NotFound
from graphkit.normalize.names import matching_ids
from graphkit.model import Batch, Edge, Record
from graphkit.store.base import LoadStats, Store, records_with_locations

if TYPE_CHECKING:
    from graphkit.store.neo4j_bulk import BulkResult

PUSH_CHUNK = 10_000


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def push(source: Store, target: Store, *, chunk: int = PUSH_CHUNK) -> LoadStats:
    """Copy every node, edge and record of ``source`` into ``target``; return the target's counts.

    Nodes go first, then edges, each in chunks of ``chunk``, each chunk with the records its
    entries cite. Pushing twice changes nothing the second time.
    """
    stats = LoadStats()
    for nodes in _batched(source.iter_nodes(), chunk):
        record_ids = {r for n in nodes for r in n.evidence}
        stats += target.write(Batch(records=records_with_locations(source, record_ids), nodes=nodes))
    for edges in _batched(source.iter_edges(), chunk):
        record_ids = {e.record_id for edge in edges for e in edge.evidence}
        stats += target.write(Batch(records=records_with_locations(source, record_ids), edges=edges))
    return stats


def push_bulk(source: Store, target: Store, *, overwrite: bool = False) -> "BulkResult":
    """Replace the Neo4j database ``target`` with every record, node and edge of ``source``
    through ``neo4j-admin database import full`` (``graphkit push --bulk``): for a fresh or
    rebuilt database, much faster than :func:`push` on a large graph; the same graph as a
    push into an empty database.

    ``target`` must be the local server scripts/neo4j manages (the import runs on its data
    directory with the server stopped; the server is restarted); a database that holds
    anything is refused unless ``overwrite``. See :func:`graphkit.store.neo4j_bulk.bulk_import`.
    """
    from graphkit.store.neo4j import Neo4jStore
    from graphkit.store.neo4j_bulk import bulk_import

    if not isinstance(target, Neo4jStore):
        raise BadValue("push --bulk writes into Neo4j only", value=type(target).__name__)
    return bulk_import(source, target, overwrite=overwrite)


def _keep_evidence(edge: Edge, case: str | None, start: str | None, end: str | None) -> Edge | None:
    from graphkit.projection import keeps_evidence

    kept = [item for item in edge.evidence if keeps_evidence(item, case, start, end)]
    if not kept and (case is not None or start is not None or end is not None):
        return None
    return Edge(edge.id, edge.source, edge.target, edge.relation, dict(edge.properties), kept)


def pull_subgraph(
    store: Store,
    *,
    case: str | None = None,
    seeds: Sequence[str] | None = None,
    depth: int = 1,
    since: str | None = None,
    until: str | None = None,
) -> Batch:
    """A part of a store's graph (usually Neo4j's), with its records, as a batch.

    Parameters
    ----------
    store
        Any :class:`~graphkit.store.base.Store`, usually a :class:`~graphkit.store.neo4j.Neo4jStore`.
    case
        Only the case's nodes (its Case node, the nodes PART_OF it, the ends of its edges) and
        only evidence of the case.
    seeds, depth
        Only nodes within ``depth`` hops (either direction, 0..6) of the seeds (ids, names or
        aliases; an unknown seed is a :class:`~graphkit.errors.NotFound` error).
    since, until
        Only edges with evidence dated inside the window (ISO dates at any precision), keeping
        only that evidence, and their end nodes.

    Filters combine (a case and seeds: the seeds' neighbourhood inside the case). Edges keep
    only the evidence that passes the case and window filters; an edge left without is left out.
    """
    from graphkit.projection import evidence_window

    start, end = evidence_window(since, until)
    chosen: set[str] | None = None

    def narrow(ids: Iterable[str]) -> None:
        nonlocal chosen
        ids = set(ids)
        chosen = ids if chosen is None else chosen & ids

    if case is not None:
        narrow(store.node_ids_in_case(case))
    if seeds:
        if not 0 <= int(depth) <= 6:
            raise BadValue("depth must be between 0 and 6", value=depth)
        frontier: set[str] = set()
        for seed in seeds:
            # an exact id, name or alias; else the one name resolver's keys (graphkit.normalize.names)
            found: list[Any] = store.find_node_ids(seed) or matching_ids(seed, store.iter_names())
            if not found:
                raise NotFound(f"no node with id, name or alias {seed!r} in Neo4j")
            frontier.update(found)
        reached = set(frontier)
        for _ in range(int(depth)):
            step = store.neighbour_ids(frontier) - reached
            if not step:
                break
            reached |= step
            frontier = step
        narrow(reached)
    if start is not None or end is not None:
        narrow(store.node_ids_in_window(start, end))
    if chosen is None:  # no filter: everything
        nodes = list(store.iter_nodes())
        edges = list(store.iter_edges())
    else:
        nodes = list(store.get_nodes(sorted(chosen)).values())
        edges = store.edges_among(sorted(chosen))
    kept_edges = [e for e in (_keep_evidence(x, case, start, end) for x in edges) if e is not None]
    if since is not None or until is not None:  # nodes: the ends of the edges left
        ends = {x for e in kept_edges for x in (e.source, e.target)}
        nodes = [n for n in nodes if n.id in ends or (case is not None and n.kind == schema.CASE_KIND)]
    record_ids = {r for n in nodes for r in n.evidence} | {e.record_id for x in kept_edges for e in x.evidence}
    records = records_with_locations(store, record_ids)
    if case is not None:
        case_records = {r.record_id for r in records if r.case_id == case}
        records = [r for r in records if r.record_id in case_records]
        for node in nodes:
            node.evidence = {r for r in node.evidence if r in case_records}
    return Batch(records=records, nodes=nodes, edges=kept_edges)


def pull_into(store: Store, target: Store, **filters: Any) -> LoadStats:
    """Pull a subgraph (see :func:`pull_subgraph`) and merge it into ``target`` (a workspace)."""
    return target.write(pull_subgraph(store, **filters))


def pull_graph(store: Store, **filters: Any) -> nx.MultiDiGraph:
    """Pull a subgraph and return its actor projection (a NetworkX MultiDiGraph)."""
    from graphkit.projection import actor_graph
    from graphkit.store.workspace import Workspace

    batch = pull_subgraph(store, **filters)
    with tempfile.TemporaryDirectory(prefix="graphkit-pull-") as tmp:
        with Workspace(Path(tmp) / "pulled") as ws:
            ws.write(batch)
            return actor_graph(ws)


def pull(source: Any, target: Store, *, case: str | None = None, seeds: Sequence[str] | None = None,
         depth: int = 1, since: str | None = None, until: str | None = None) -> LoadStats:
    """``graphkit pull``: merge a subgraph of the Neo4j store ``source`` (a case, the
    neighbourhood of seeds, a time window, or all of it; see :func:`pull_subgraph`) with its
    records into ``target`` (a workspace); return what was new and what merged."""
    return pull_into(source, target, case=case, seeds=list(seeds) if seeds else None, depth=depth,
                     since=since, until=until)
