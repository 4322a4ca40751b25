"""The workspace's record of loads, and unloading one (the ``loads*`` tables).

Each load gets a row in ``loads``; every record it read a row in ``load_records`` (``owner`` =
1 where the record belongs to it: it created the record, or inherited it from an unloaded
load that read it first); what it changed on nodes and edges that were stored before it, a
row in ``load_changes``. :func:`unload` uses them to take the load out again.

>>> import sqlite3
>>> from graphkit.store.workspace_tables import TABLES_SQL
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> _ = conn.executescript(TABLES_SQL)
>>> load_id = start_load(conn, ["c.csv"])
>>> [(info.load_id == load_id, info.files) for info in list_loads(conn)]
[(True, ['c.csv'])]
>>> unload(conn, load_id, where="memory").records_removed, list_loads(conn)
(0, [])
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

from graphkit.errors import NotFound
from graphkit.store.base import LoadInfo, UnloadStats, new_load_id
from graphkit.store.merging import canonical_json
from graphkit.store.node_merge import renamed_back


class CreatedIds:
    """The node and edge ids a load created so far, in a TEMP table of the connection (written
    in each write's transaction), so memory holds only those of the batch being written.

    :meth:`prefetch` reads the batch's ids once; ``in`` then answers from memory.
    """

    def __init__(self, conn: sqlite3.Connection, load_id: str) -> None:
        self._conn, self.load_id = conn, load_id
        self._batch: set[str] = set()
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS load_created (load_id TEXT NOT NULL, id TEXT NOT NULL, "
                     "PRIMARY KEY (load_id, id)) WITHOUT ROWID")

    def prefetch(self, ids: Iterable[str]) -> None:
        """Read which of a batch's ids this load created (forgetting the previous batch's)."""
        self._batch = {row[0] for row in self._conn.execute(
            "SELECT id FROM temp.load_created WHERE load_id = ? AND id IN (SELECT value FROM json_each(?))",
            (self.load_id, json.dumps(sorted(set(ids)), ensure_ascii=False)))}

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._batch

    def update(self, ids: Iterable[str]) -> None:
        """Note ids the load has just created."""
        added = [(self.load_id, i) for i in ids]
        self._conn.executemany("INSERT OR IGNORE INTO temp.load_created VALUES (?, ?)", added)
        self._batch.update(i for _, i in added)

    def forget(self) -> None:
        """Drop the load's ids (the load is over, or another begins)."""
        self._batch = set()
        self._conn.execute("DELETE FROM temp.load_created WHERE load_id = ?", (self.load_id,))


@dataclass
class Journal:
    """What one write of a load adds to the load tables (saved in the write's transaction)."""

    load_id: str
    created: CreatedIds
    """Node and edge ids this load created so far (changes to them are not journaled)."""
    records: list[tuple[int, bool]] = field(default_factory=list)
    """(rec, whether this write created the record)."""
    changes: list[tuple[str, str]] = field(default_factory=list)
    """(entity id, item JSON) in the order made."""

    def aliases(self, node_id: str, added: Iterable[str]) -> None:
        """Aliases this load adds to a node stored before it."""
        self.changes.extend((node_id, canonical_json(["alias", a])) for a in sorted(added) if a)

    def properties(self, table: str, entity_id: str, before: dict[str, Any], after: dict[str, Any]) -> None:
        """The earlier value (None: absent) of every property this load changes."""
        for key in sorted(after):
            if before.get(key) != after[key]:
                self.changes.append((entity_id, canonical_json([table, key, before.get(key)])))

    def save(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT INTO load_records (load_id, rec, owner) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(self.load_id, rec, int(new)) for rec, new in self.records],
        )
        conn.executemany(
            "INSERT INTO load_changes (load_id, entity_id, item) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(self.load_id, entity_id, item) for entity_id, item in self.changes],
        )
        self.records.clear()
        self.changes.clear()


def start_load(conn: sqlite3.Connection, files: Sequence[str]) -> str:
    """Add a load of ``files`` to ``loads``; return its new id."""
    load_id = new_load_id()
    started = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    conn.execute("INSERT INTO loads (load_id, started, files) VALUES (?, ?, ?)",
                 (load_id, started, json.dumps(list(files), ensure_ascii=False)))
    return load_id


def finish_load(conn: sqlite3.Connection, load_id: str, counts: dict[str, int]) -> None:
    """Keep a finished load's counts."""
    conn.execute("UPDATE loads SET counts = ? WHERE load_id = ?", (json.dumps(counts), load_id))


def list_loads(conn: sqlite3.Connection) -> list[LoadInfo]:
    """Every load, oldest first (none in a read-only workspace of format 2, which has no ``loads``)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'loads'").fetchone() is None:
        return []
    return [LoadInfo(load_id, started, json.loads(files), json.loads(counts))
            for load_id, started, files, counts in conn.execute(
                "SELECT load_id, started, files, counts FROM loads ORDER BY started, load_id")]


def unload(conn: sqlite3.Connection, load_id: str, *, where: str) -> UnloadStats:
    """Take out what load ``load_id`` added, in one transaction (see :meth:`Store.unload`).

    Records the load owns and no other remaining load read are deleted with every evidence
    item citing them; nodes and edges left with no evidence are deleted (a node only when no
    edge is left on it); the aliases it added to earlier nodes are removed and the properties
    it changed on them get their earlier values. Records another load also read pass to it.
    """
    if conn.execute("SELECT 1 FROM loads WHERE load_id = ?", (load_id,)).fetchone() is None:
        raise NotFound(f"no load with id {load_id!r} in {where}; `graphkit loads` lists the loads")
    stats = UnloadStats()
    conn.execute("BEGIN IMMEDIATE")
    try:
        _unload(conn, load_id, stats)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return stats


def _unload(conn: sqlite3.Connection, load_id: str, stats: UnloadStats) -> None:
    heirs = conn.execute(
        "SELECT lr.rec, (SELECT o.load_id FROM load_records o JOIN loads l ON l.load_id = o.load_id "
        "WHERE o.rec = lr.rec AND o.load_id <> ?1 ORDER BY l.started, l.load_id LIMIT 1) "
        "FROM load_records lr WHERE lr.load_id = ?1 AND lr.owner = 1", (load_id,)).fetchall()
    conn.executemany("UPDATE load_records SET owner = 1 WHERE load_id = ? AND rec = ?",
                     [(heir, rec) for rec, heir in heirs if heir is not None])
    conn.execute("DELETE FROM load_records WHERE load_id = ?", (load_id,))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS unload_recs (rec INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS unload_ids (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.unload_recs")
    conn.executemany("INSERT INTO temp.unload_recs (rec) VALUES (?)", [(rec,) for rec, heir in heirs if heir is None])
    gone = "(SELECT rec FROM temp.unload_recs)"

    # nodes and edges that lose evidence, then the evidence and the records themselves
    conn.execute("DELETE FROM temp.unload_ids")
    conn.execute(f"INSERT OR IGNORE INTO temp.unload_ids SELECT node_id FROM node_evidence WHERE rec IN {gone}")
    conn.execute(f"INSERT OR IGNORE INTO temp.unload_ids SELECT edge_id FROM edge_evidence WHERE rec IN {gone}")
    stats.evidence_removed += conn.execute(f"DELETE FROM node_evidence WHERE rec IN {gone}").rowcount
    stats.evidence_removed += conn.execute(f"DELETE FROM edge_evidence WHERE rec IN {gone}").rowcount
    conn.execute(f"DELETE FROM record_locations WHERE rec IN {gone}")
    stats.records_removed = conn.execute(f"DELETE FROM records WHERE rec IN {gone}").rowcount

    touched = "(SELECT id FROM temp.unload_ids)"
    stats.edges_removed = conn.execute(
        f"DELETE FROM edges WHERE id IN {touched} "
        "AND NOT EXISTS (SELECT 1 FROM edge_evidence v WHERE v.edge_id = edges.id)").rowcount
    orphans = [r[0] for r in conn.execute(
        f"SELECT n.id FROM nodes n WHERE n.id IN {touched} "
        "AND NOT EXISTS (SELECT 1 FROM node_evidence v WHERE v.node_id = n.id) "
        "AND NOT EXISTS (SELECT 1 FROM edges e WHERE e.source = n.id) "
        "AND NOT EXISTS (SELECT 1 FROM edges e WHERE e.target = n.id)")]
    for table, column in (("node_aliases", "node_id"), ("node_conflicts", "node_id"), ("nodes", "id")):
        conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in orphans])  # names: constants
    stats.nodes_removed = len(orphans)

    _undo_changes(conn, load_id, stats)
    conn.execute("DELETE FROM load_changes WHERE load_id = ?", (load_id,))
    conn.execute("DELETE FROM loads WHERE load_id = ?", (load_id,))


def _undo_changes(conn: sqlite3.Connection, load_id: str, stats: UnloadStats) -> None:
    """Name back the nodes the load renamed, remove the aliases it added and give changed
    properties their earlier values."""
    earlier: dict[tuple[str, str], dict[str, Any]] = {}  # (table, id) -> key -> value before
    renames: dict[str, list[Any]] = {}  # node id -> its first rename by the load
    added: list[tuple[str, str]] = []  # (node id, alias the load added)
    for entity_id, item in conn.execute(
            "SELECT entity_id, item FROM load_changes WHERE load_id = ? ORDER BY rowid", (load_id,)).fetchall():
        kind, *rest = json.loads(item)
        if kind == "name":
            renames.setdefault(entity_id, [kind, *rest])
        elif kind == "alias":
            added.append((entity_id, rest[0]))
        else:
            table = "nodes" if kind == "node_property" else "edges"
            earlier.setdefault((table, entity_id), {}).setdefault(rest[0], rest[1])  # the first is the earliest
    # a rename comes after the load's writes (settle_identity): undone first, then the aliases
    for node_id, rename in renames.items():
        if conn.execute("SELECT 1 FROM nodes WHERE id = ?", (node_id,)).fetchone() is None:
            continue
        now = [a for (a,) in conn.execute("SELECT alias FROM node_aliases WHERE node_id = ?", (node_id,))]
        name, aliases = renamed_back(rename, now)
        conn.execute("UPDATE nodes SET name = ? WHERE id = ?", (name, node_id))
        conn.execute("DELETE FROM node_aliases WHERE node_id = ?", (node_id,))
        conn.executemany("INSERT INTO node_aliases (node_id, alias) VALUES (?, ?)",
                         [(node_id, a) for a in sorted(aliases)])
    for entity_id, alias in added:
        stats.aliases_removed += conn.execute(
            "DELETE FROM node_aliases WHERE node_id = ? AND alias = ?", (entity_id, alias)).rowcount
    for (table, entity_id), values in earlier.items():
        row = conn.execute(f"SELECT properties FROM {table} WHERE id = ?", (entity_id,)).fetchone()  # names: constants
        if row is None:
            continue
        properties = json.loads(row[0])
        for key, value in values.items():
            if value is None:
                properties.pop(key, None)
            else:
                properties[key] = value
        conn.execute(f"UPDATE {table} SET properties = ? WHERE id = ?", (canonical_json(properties), entity_id))
        stats.properties_restored += len(values)
