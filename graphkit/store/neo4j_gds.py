"""Analytics inside Neo4j with the Graph Data Science library (GDS), for graphs too large to
bring to the analyst's machine.

:func:`gds_measures` projects the actor graph into GDS's in-memory catalogue twice (the
contacts taken two-way, one relationship per linked pair; and as loaded, one per ordered
pair), runs there what GDS has (betweenness, sampled or exact; PageRank; degrees; Louvain;
weakly connected components; articulation points and bridges), drops both projections and
returns plain arrays of scores by node id (:class:`GdsMeasures`). Only the scores cross the
wire: the graph itself never leaves the server. Every query is a named file of ``cypher/``
(``gds_*.cypher``) run by the store's one runner, with values as parameters only.

:func:`write_broker_scores` keeps a ranking on the nodes (``broker_*`` properties, apart
from the loaded properties), so Bloom, Linkurious and Cypher users see it.

The server needs the GDS plugin (``scripts/neo4j`` assembles it; docs/neo4j.md).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from graphkit import schema
from graphkit.errors import StoreError
from graphkit.store.cypher import query, relation_name

if TYPE_CHECKING:
    from graphkit.store.neo4j import Neo4jStore


@dataclass
class GdsMeasures:
    """What GDS computed, by node id (actors with at least one contact in the selection).

    ``betweenness`` is GDS's raw score on the two-way contacts (every unordered pair's
    shortest paths counted once; sampled sources when ``sample`` is set, not rescaled);
    ``pagerank`` follows the contacts as loaded (GDS's definition: the rank of an actor with
    no outgoing contact is not spread, so scores sum to less than 1); ``degree`` counts
    distinct contacts, ``in_degree``/``out_degree`` as loaded; ``community`` is Louvain's
    (one thread: the same partition every run), ``component`` the weakly connected component;
    ``articulation`` the cut vertices, ``bridges`` the ties whose removal disconnects their ends.
    ``info`` says how: ``nodes`` (actors with a contact), ``actors`` (every actor at an end of
    an actor relation, a technology tie included: the n of networkx's normalisation), ``pairs``.
    """

    betweenness: dict[str, float] = field(default_factory=dict)
    pagerank: dict[str, float] = field(default_factory=dict)
    degree: dict[str, int] = field(default_factory=dict)
    in_degree: dict[str, int] = field(default_factory=dict)
    out_degree: dict[str, int] = field(default_factory=dict)
    community: dict[str, int] = field(default_factory=dict)
    component: dict[str, int] = field(default_factory=dict)
    articulation: set[str] = field(default_factory=set)
    bridges: list[tuple[str, str]] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)


def gds_version(store: "Neo4jStore") -> str:
    """The server's GDS version; :class:`~graphkit.errors.StoreError` saying how to get it when
    the plugin is missing."""
    try:
        rows = store.runner.read(query("gds_version"))
    except StoreError as err:
        raise StoreError("the Neo4j server has no Graph Data Science plugin (gds.version() failed); "
                         "scripts/neo4j assembles one, see docs/neo4j.md") from err
    return str(rows[0]["version"])


def _selection(case: str | None, start: str | None, end: str | None) -> dict[str, Any]:
    """The parameters every GDS projection query selects the actor graph with."""
    return dict(types=[relation_name(r) for r in schema.ACTOR_RELATIONS], kinds=list(schema.ACTOR_KINDS),
                case=case, windowed=start is not None or end is not None, start=start, end=end)


def projected_actor_count(store: "Neo4jStore", *, case: str | None = None, start: str | None = None,
                          end: str | None = None) -> int:
    """How many actors the actor projection holds (technology ties included): networkx's n."""
    return int(store.runner.read(query("count_projected_actors"), **_selection(case, start, end))[0]["actors"])


def gds_measures(store: "Neo4jStore", *, case: str | None = None, start: str | None = None,
                 end: str | None = None, sample: int | None = None, seed: int = 0,
                 weighted: bool = False, reading: str = "directed", threads: int = 4) -> GdsMeasures:
    """Run GDS's graph algorithms on the actor graph inside Neo4j (see :class:`GdsMeasures`).

    ``sample``: betweenness from this many sampled sources (None: exact); ``weighted``: ties
    weighed by graphkit's tie strength (the records' stated weights summed, a record without
    one counting 1: ``brokers --weighted``) for PageRank and Louvain, and betweenness along the
    cheapest paths at cost 1 / strength; ``reading`` "undirected": PageRank over the contacts
    taken two-way, as the local engine reads them then (``in_degree``/``out_degree`` stay as loaded);
    ``case``/``start``/``end``: the edges with any evidence of the case or dated in the window
    (edge-level: an edge's record count is not cut to the selection, as the local engine's is).
    """
    version = gds_version(store)
    name = f"graphkit-{secrets.token_hex(6)}"
    selection = _selection(case, start, end)
    two_way, as_loaded = f"{name}-contacts", f"{name}-arcs"
    measures = GdsMeasures()
    try:
        projected = store.runner.read(query("gds_project_contacts"), graph=two_way, **selection)
        store.runner.read(query("gds_project_arcs"), graph=as_loaded, **selection)
        weight = {"relationshipWeightProperty": "strength"} if weighted else {}
        between: dict[str, Any] = {"concurrency": threads}
        if sample is not None:
            between.update(samplingSize=int(sample), samplingSeed=int(seed))
        if weighted:  # a distance: the projection's cost = 1 / strength, as the local engine's
            between["relationshipWeightProperty"] = "cost"
        measures.betweenness = _scores(store, "gds_betweenness", two_way, between)
        measures.pagerank = _scores(store, "gds_pagerank", two_way if reading == "undirected" else as_loaded,
                                    {"dampingFactor": 0.85, "tolerance": 1e-10, "maxIterations": 1000, **weight})
        measures.degree = _column(store, "gds_degree", two_way, {}, "degree")
        measures.out_degree = _column(store, "gds_degree", as_loaded, {"orientation": "NATURAL"}, "degree")
        measures.in_degree = _column(store, "gds_degree", as_loaded, {"orientation": "REVERSE"}, "degree")
        measures.community = _column(store, "gds_louvain", two_way, {"concurrency": 1, **weight}, "community")
        measures.component = {r["id"]: r["component"] for r in store.runner.read(query("gds_wcc"), graph=two_way)}
        measures.articulation = {r["id"] for r in store.runner.read(query("gds_articulation_points"), graph=two_way)}
        measures.bridges = sorted((r["source"], r["target"])
                                  for r in store.runner.read(query("gds_bridges"), graph=two_way))
        measures.info = {"gds_version": version, "nodes": int(projected[0]["nodes"]) if projected else 0,
                         "actors": projected_actor_count(store, case=case, start=start, end=end),
                         "pairs": int(projected[0]["relationships"]) // 2 if projected else 0,
                         "betweenness": "exact" if sample is None else f"{sample} sampled sources (seed {seed})",
                         "weighted": weighted}
    finally:
        for graph in (two_way, as_loaded):
            store.runner.read(query("gds_drop"), graph=graph)
    return measures


def tie_strengths(store: "Neo4jStore", ids: Sequence[str], *, case: str | None = None,
                  start: str | None = None, end: str | None = None) -> dict[str, tuple[float, float]]:
    """Each of ``ids``' total tie strength and strongest tie in the whole selected actor graph
    (a pair's strength over both directions, as ``gds_measures(weighted=True)`` weighs it), for
    Burt's constraint of a neighbourhood fetched from the server; ids without a tie are left out.
    """
    rows = store.runner.read(query("actor_tie_strengths"), ids=list(ids), **_selection(case, start, end))
    return {r["id"]: (float(r["total"]), float(r["strongest"])) for r in rows}


def _scores(store: "Neo4jStore", name: str, graph: str, config: dict[str, Any]) -> dict[str, float]:
    return {r["id"]: float(r["score"]) for r in store.runner.read(query(name), graph=graph, config=config)}


def _column(store: "Neo4jStore", name: str, graph: str, config: dict[str, Any], column: str) -> dict[str, int]:
    return {r["id"]: int(r[column]) for r in store.runner.read(query(name), graph=graph, config=config)}


def write_broker_scores(store: "Neo4jStore", rows: Sequence[dict[str, Any]], *, run_id: str,
                        engine: str) -> tuple[int, int]:
    """Keep a broker ranking on the nodes: ``broker_run``, ``broker_engine``, ``broker_rank``,
    ``broker_betweenness``, ``broker_pagerank``, ``broker_constraint``, ``broker_brokerage``,
    ``broker_roles`` and ``broker_community`` (``rows`` as :data:`BROKER_SCORE_KEYS`); the
    scores of an earlier run are removed from nodes this run does not rank. Writing the same
    rows twice changes nothing. Returns (nodes written, nodes cleared)."""
    written = 0
    for start in range(0, len(rows), 5_000):
        chunk = [{key: row.get(key) for key in BROKER_SCORE_KEYS} for row in rows[start:start + 5_000]]
        written += int(store.runner.write(query("write_broker_scores"), rows=chunk, run=run_id,
                                          engine=engine)[0]["written"])
    cleared = int(store.runner.write(query("clear_broker_scores"), run=run_id)[0]["cleared"])
    return written, cleared


BROKER_SCORE_KEYS = ("id", "rank", "betweenness", "pagerank", "constraint", "brokerage", "roles", "community")
"""The keys of each row :func:`write_broker_scores` stores (``roles``: a list of role names)."""
