"""Loads on the Neo4j store: ``Load`` nodes, the loads each ``Record`` was read by, and unload.

Each load is a ``(:Load {load_id, started, files, counts})`` node. Every record keeps
``loads`` (the loads that read it, in order) and ``owner`` (the load that created it, or the
next one after an unload); what a load changed on nodes and edges stored before it is kept
in ``(:LoadChange {load_id, entity_id, items})`` nodes. :func:`unload` reads them back and
takes the load out in one transaction, with queries from ``cypher/`` only.

Needs a running server, so tests/store/test_store_conformance.py runs it, not a doctest.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

from graphkit import schema
from graphkit.errors import NotFound
from graphkit.store.base import LoadInfo, UnloadStats, new_load_id
from graphkit.store.cypher import query
from graphkit.store.neo4j_conn import QueryRunner
from graphkit.store.neo4j_rows import dumps, evidence_from_json
from graphkit.store.node_merge import renamed_back


def change_items_for_aliases(added: Iterable[str]) -> list[str]:
    """The change items (JSON texts) for aliases a load adds to a node stored before it."""
    return [dumps(["alias", a]) for a in sorted(added) if a]


def change_items_for_properties(table: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The change items for every property a load changes (``table``: node_property or edge_property)."""
    return [dumps([table, key, before.get(key)]) for key in sorted(after) if before.get(key) != after[key]]


def start_load(runner: QueryRunner, files: Sequence[str]) -> str:
    """Create a ``Load`` node; return its id."""
    load_id = new_load_id()
    runner.write(query("load_start"), load_id=load_id, files=list(files),
                 started=datetime.now(timezone.utc).isoformat(timespec="microseconds"))
    return load_id


def finish_load(runner: QueryRunner, load_id: str, counts: dict[str, int]) -> None:
    """Keep the load's counts on its node."""
    runner.write(query("load_finish"), load_id=load_id, counts=json.dumps(counts))


def list_loads(runner: QueryRunner) -> list[LoadInfo]:
    """Every load, oldest first."""
    return [LoadInfo(r["load_id"], r["started"], list(r["files"] or []), json.loads(r["counts"] or "{}"))
            for r in runner.read(query("loads_all"))]


def unload(runner: QueryRunner, load_id: str, *, where: str) -> UnloadStats:
    """Take out what load ``load_id`` added (the rules of :meth:`graphkit.store.base.Store.unload`)."""
    if not any(info.load_id == load_id for info in list_loads(runner)):
        raise NotFound(f"no load with id {load_id!r} in {where}; `graphkit loads` lists the loads")

    def work(tx: Any) -> UnloadStats:
        stats = UnloadStats()
        gone = _release_records(tx, load_id)
        touched_nodes: set[str] = set()
        for row in tx.run(query("strip_node_evidence").text, ids=gone):
            touched_nodes.add(row["id"])
            stats.evidence_removed += row["removed"]
        _strip_edge_evidence(tx, gone, stats)
        stats.records_removed = sum(r["removed"] for r in tx.run(query("delete_records").text, ids=gone))
        stats.nodes_removed = sum(r["removed"] for r in tx.run(query("delete_bare_nodes").text,
                                                              ids=sorted(touched_nodes)))
        _undo_changes(tx, load_id, stats)
        tx.run(query("forget_load").text, load_id=load_id).consume()
        return stats

    return runner.transaction(work, "unload")


def _release_records(tx: Any, load_id: str) -> list[str]:
    """Drop the load from its records; return the ids of those that no remaining load reads."""
    updates, gone = [], []
    for row in tx.run(query("records_of_load").text, load_id=load_id):
        rest = [x for x in row["loads"] if x != load_id]
        owner = row["owner"]
        if owner == load_id:
            if not rest:
                gone.append(row["record_id"])
                continue
            owner = rest[0]
        updates.append({"record_id": row["record_id"], "loads": rest, "owner": owner})
    if updates:
        tx.run(query("set_record_loads").text, rows=updates).consume()
    return sorted(gone)


def _strip_edge_evidence(tx: Any, gone: list[str], stats: UnloadStats) -> None:
    """Remove the evidence citing ``gone`` from every edge; delete edges left without any."""
    dropped = set(gone)
    rewrites: dict[str, list[dict[str, Any]]] = {}
    deletes: dict[str, list[str]] = {}
    for row in tx.run(query("edges_citing").text, ids=gone):
        relation = row["relation"]
        if relation not in schema.RELATION_KINDS:  # not graphkit's
            continue
        kept = [t for t in row["evidence"] or [] if evidence_from_json(t).record_id not in dropped]
        stats.evidence_removed += len(row["evidence"] or []) - len(kept)
        if not kept:
            deletes.setdefault(relation, []).append(row["id"])
            continue
        pairs = sorted((evidence_from_json(t).record_id, t) for t in kept)
        items = [evidence_from_json(t) for _, t in pairs]
        rewrites.setdefault(relation, []).append({
            "id": row["id"], "ev_ids": [rid for rid, _ in pairs], "ev": [t for _, t in pairs],
            "cases": sorted({e.case_id for e in items if e.case_id}),
            "dates": sorted({e.date for e in items if e.date}),
        })
    for relation, rows in rewrites.items():
        tx.run(query("set_edge_evidence", rel_type=relation).text, rows=rows).consume()
    for relation, ids in deletes.items():
        stats.edges_removed += sum(r["removed"] for r in tx.run(query("delete_edges", rel_type=relation).text, ids=ids))


def _undo_changes(tx: Any, load_id: str, stats: UnloadStats) -> None:
    """Name back the nodes the load renamed, remove the aliases it added, give the properties
    it changed their earlier values."""
    aliases: list[dict[str, Any]] = []
    earlier: dict[tuple[str, str], dict[str, Any]] = {}
    renames: dict[str, list[Any]] = {}  # node id -> its first rename by the load
    for row in tx.run(query("load_changes_of").text, load_id=load_id):
        removed = []
        for item in row["items"] or []:
            kind, *rest = json.loads(item)
            if kind == "name":
                renames.setdefault(row["entity_id"], [kind, *rest])
            elif kind == "alias":
                removed.append(rest[0])
            else:
                earlier.setdefault((kind, row["entity_id"]), {}).setdefault(rest[0], rest[1])
        if removed:
            aliases.append({"id": row["entity_id"], "aliases": removed})
    # a rename comes after the load's writes (settle_identity): undone first, then the aliases
    if renames:
        now = {r["id"]: r for r in tx.run(query("existing_nodes").text, ids=sorted(renames))}
        named = []
        for node_id, rename in renames.items():
            if node_id in now:
                name, back = renamed_back(rename, now[node_id]["aliases"] or [])
                named.append({"id": node_id, "name": name, "aliases": sorted(back)})
        if named:
            tx.run(query("restore_node_names").text, rows=named).consume()
    if aliases:
        stats.aliases_removed += sum(r["removed"] or 0 for r in tx.run(query("remove_aliases").text, rows=aliases))
    node_ids = [i for kind, i in earlier if kind == "node_property"]
    edge_ids = [i for kind, i in earlier if kind == "edge_property"]
    nodes = {r["id"]: r for r in tx.run(query("existing_nodes").text, ids=node_ids)} if node_ids else {}
    edges = {r["id"]: r for r in tx.run(query("edges_by_id").text, ids=edge_ids)} if edge_ids else {}
    node_rows: list[dict[str, Any]] = []
    edge_rows: dict[str, list[dict[str, Any]]] = {}
    for (kind, entity_id), values in earlier.items():
        found = (nodes if kind == "node_property" else edges).get(entity_id)
        if found is None:
            continue
        properties = {k: v for k, v in found["props"] if v is not None}
        properties.update(values)
        restored = {k: v for k, v in properties.items() if v is not None}
        row = {"id": entity_id, "props": {**{k: None for k in values}, **restored}, "keys": sorted(restored)}
        stats.properties_restored += len(values)
        if kind == "node_property":
            node_rows.append(row)
        else:
            edge_rows.setdefault(found["relation"], []).append(row)
    if node_rows:
        tx.run(query("restore_node_properties").text, rows=node_rows).consume()
    for relation, rows in edge_rows.items():
        tx.run(query("restore_edge_properties", rel_type=relation).text, rows=rows).consume()
