"""The broker table computed inside Neo4j (``graphkit brokers --neo4j --engine gds``).

GDS ranks every actor on the server (:func:`graphkit.store.neo4j_gds.gds_measures`:
betweenness, PageRank, degrees, Louvain, components, articulation points and bridges); only the
scores come back. graphkit's own measures (Burt's constraint and effective size, the
Gould-Fernandez brokerage roles, the reasons) are then computed for the ``top`` actors only,
each on its neighbourhood fetched from the server (the actor, its contacts and the ties among
them: exactly what those measures read), so the work on the analyst's machine scales with the
top actors' neighbourhoods, not with the graph.

Agreement with the local engine on the same graph (``tests/neo4j/test_gds_engine.py``):
betweenness, degrees, articulation points and, for the top actors, constraint, effective size,
role counts and reasons are equal (betweenness to 1e-9 when exact); the ranking is the same
up to ties. PageRank is GDS's (an actor without outgoing contacts keeps its rank instead of
spreading it), so its values differ from networkx's; the communities are GDS's Louvain.
Left empty (NaN) here: the brokerage z-scores (they need every actor's roles) and the
constraint, effective size and roles of actors below the top.
"""
from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any, Hashable

import pandas as pd

from graphkit.analysis.brokerage import brokerage_roles
from graphkit.analysis.brokers import (ROLE_COLUMNS, actor_digraph, broker_reason, partition_groups,
                                       read_contacts)
from graphkit.analysis.cuts import technology_holders
from graphkit.analysis.structural_holes import structural_holes
from graphkit.errors import AnalysisError
from graphkit.projection import actor_graph, evidence_window
from graphkit.store.neo4j_gds import GdsMeasures, gds_measures, projected_actor_count, tie_strengths

if TYPE_CHECKING:
    from graphkit.store.neo4j import Neo4jStore


def gds_broker_table(store: "Neo4jStore", *, case: str | None = None, since: str | None = None,
                     until: str | None = None, partition: str = "foreign", top: int = 20,
                     exact: bool | None = None, sample: int | None = None, seed: int = 0,
                     weighted: bool = False, reading: str = "directed") -> pd.DataFrame:
    """The columns of :func:`graphkit.analysis.brokers.broker_table`, ranked by GDS on the
    server (see the module docstring for what is computed where, and the agreement).

    ``exact`` None: exact betweenness up to 10,000 actors, else ``sample`` (default 1,024)
    sampled sources, as the local engine.
    """
    from graphkit.analysis.centrality import EXACT_THRESHOLD, MIN_SOURCES

    started = time.perf_counter()
    start, end = evidence_window(since, until)
    n = projected_actor_count(store, case=case, start=start, end=end)  # the local table's actors
    if n == 0:
        raise AnalysisError("the graph has no actors to rank")
    k = n
    if exact is False or (exact is None and (n > EXACT_THRESHOLD or sample is not None)):
        k = min(sample or MIN_SOURCES, n)
    measures = gds_measures(store, case=case, start=start, end=end, sample=None if k == n else k, seed=seed,
                            weighted=weighted, reading=reading)
    # read undirected, every contact counts both ways (the local engine's degrees then)
    in_degree, out_degree = ((measures.degree, measures.degree) if reading == "undirected"
                             else (measures.in_degree, measures.out_degree))
    sampled_from = measures.info["nodes"]  # GDS samples among the actors with a contact
    scale_sources = sampled_from / k if k < sampled_from else 1.0
    # GDS counts each unordered pair once; networkx normalises by (n-1)(n-2)/2 on undirected graphs
    scale = scale_sources * (2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0)
    ids = sorted(measures.degree, key=lambda node: (-round(measures.betweenness.get(node, 0.0), 9),
                                                     -measures.pagerank.get(node, 0.0), str(node)))
    frame = pd.DataFrame({
        "id": ids,
        "degree": [measures.degree.get(i, 0) for i in ids],
        "in_degree": [in_degree.get(i, 0) for i in ids],
        "out_degree": [out_degree.get(i, 0) for i in ids],
        "betweenness": [measures.betweenness.get(i, 0.0) * scale for i in ids],
        "pagerank": [measures.pagerank.get(i, 0.0) for i in ids],
        "articulation": [i in measures.articulation for i in ids],
        "community": _numbered(measures.community, ids),
        "component": [measures.component.get(i) for i in ids],
    })
    frame.insert(0, "rank", range(1, len(frame) + 1))
    local = _neighbourhood_measures(store, ids[:top], measures, case=case, since=since,
                                    until=until, partition=partition, reading=reading, weighted=weighted)
    for column in ("name", "kind", "country", "foreign", "group", "constraint", "effective_size",
                   *ROLE_COLUMNS, "brokerage", "reason"):
        frame[column] = frame["id"].map(local.get(column, {}))
    for role in [*ROLE_COLUMNS, "brokerage"]:
        frame[f"z_{role}"] = math.nan
    frame.attrs.update({
        "engine": f"neo4j gds {measures.info['gds_version']}",
        "betweenness": {"method": "exact" if k == n else "sources", "sample": None if k == n else k,
                        "seed": None if k == n else seed, "engine": "gds.betweenness", "nodes": n},
        "partition": partition, "reading": reading, "seed": seed, "actors": n, "weighted": weighted,
        "pairs": measures.info["pairs"], "bridges": len(measures.bridges),
        "contacts": sum(measures.out_degree.values()),
        "reciprocated": _reciprocated(sum(measures.out_degree.values()), measures.info["pairs"]),
        "neighbourhood_actors": local.get("_size", 0),
        "roles_note": local.get("_roles_note"),
        "z_scores": "left out: they need every actor's roles (use the local engine)",
        "seconds": time.perf_counter() - started,
    })
    return frame


def _reciprocated(arcs: int, pairs: int) -> float:
    """Share of linked pairs recorded both ways (as :func:`graphkit.analysis.brokers.reciprocated_share`)."""
    return (arcs - pairs) / pairs if pairs else 0.0


def _numbered(community: dict[str, int], ids: list[str]) -> list[int | None]:
    """Communities numbered by size, 0 the largest (ties by smallest member id), as the local table."""
    members: dict[int, list[str]] = {}
    for node, label in community.items():
        members.setdefault(label, []).append(node)
    order = sorted(members.values(), key=lambda group: (-len(group), min(group)))
    number = {node: i for i, group in enumerate(order) for node in group}
    return [number.get(i) for i in ids]


def _neighbourhood_measures(store: "Neo4jStore", top: list[str], measures: GdsMeasures, *,
                            case: str | None, since: str | None, until: str | None, partition: str,
                            reading: str, weighted: bool = False) -> dict[str, Any]:
    """Constraint, effective size, role counts and reasons of ``top``, each from the actor's
    neighbourhood (its contacts and the ties among them) fetched from the store; ``weighted``:
    constraint and effective size weigh ties by their strength, as the local engine's."""
    if not top:
        return {}
    around = set(top) | store.neighbour_ids(top)
    G = actor_graph(store, case=case, since=since, until=until, among=around)
    D = read_contacts(actor_digraph(G), reading)
    groups, roles_note = partition_groups(G, D, partition)
    # each contact's whole-graph tie total and strongest tie (Burt's constraint reads them): from
    # GDS's degrees, ties as 0/1 arcs, so a pair counts 2 when reciprocated (read both ways: all are)
    beyond: dict[Hashable, tuple[float, float]] = {}
    if weighted:  # a pair's strength both ways summed; read undirected, each way holds it all
        start, end = evidence_window(since, until)
        both = 2.0 if reading == "undirected" else 1.0
        for node, (total, strongest) in tie_strengths(store, [str(v) for v in D], case=case, start=start,
                                                      end=end).items():
            beyond[node] = (both * total, both * strongest)
    else:
        for node in D:
            if node in measures.degree:
                arcs = measures.in_degree.get(node, 0) + measures.out_degree.get(node, 0)
                reciprocated = reading == "undirected" or arcs > measures.degree[node]
                beyond[node] = (2.0 * measures.degree[node] if reading == "undirected" else float(arcs),
                                2.0 if reciprocated else 1.0)
    holes = structural_holes(D, weight="contacts" if weighted else None, beyond=beyond)
    roles = brokerage_roles(D, groups).nodes if groups is not None else None
    holders = technology_holders(G)
    out: dict[str, Any] = {"_size": len(D), "_roles_note": roles_note}
    attributes = {"name": "name", "kind": "kind", "country": "country", "foreign": "foreign"}
    for column, key in attributes.items():
        out[column] = {node: G.nodes[node].get(key) for node in top if node in G}
    out["group"] = {node: groups[node] for node in top if groups is not None and node in groups}
    out["constraint"] = {node: holes["constraint"][node] for node in top if node in D}
    out["effective_size"] = {node: holes["effective_size"][node] for node in top if node in D}
    for role in ROLE_COLUMNS:
        out[role] = {node: int(roles.at[node, role]) for node in top if roles is not None and node in D}  # type: ignore[arg-type]  # a count
    out["brokerage"] = {node: int(roles.at[node, "total"]) for node in top if roles is not None and node in D}  # type: ignore[arg-type]  # a count
    reasons = {}
    for node in top:
        if node not in D:
            continue
        text = broker_reason(G, D, node, groups, partition, holders)
        if node in measures.articulation:
            text = "; ".join(p for p in (text, "cut point (GDS articulation points)") if p)
        reasons[node] = text
    out["reason"] = reasons
    return out
