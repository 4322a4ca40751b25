"""The embedded workspace: the default store, one SQLite file in a directory.

A workspace is a directory holding ``graph.sqlite`` (nodes, edges, their evidence and the
source records; see :mod:`graphkit.store.workspace_tables` for the tables and views) and
``rejects.csv`` (rows set aside by loads). Any SQLite tool opens it.

Writes merge idempotently, one transaction per batch:

- nodes by id: aliases and evidence are set unions; a property missing or empty is filled
  from the later batch, a present value is never overwritten (the first non-empty value
  wins; a different later value is listed in ``node_conflicts``); list properties such as
  ``identifiers`` are unions. A node met again under a different display name keeps its
  first name and gains the new spelling as an alias.
- edges by id (same property rule, without a conflicts table); evidence by (edge, record).
- records by record id; every (file, row) a record was read from is kept in
  ``record_locations``.

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Node
>>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
...     stats = ws.write(Batch(nodes=[Node(id="person-1", kind="Person", name="A")]))
...     (stats.nodes_new, ws.counts())
(1, {'Person': 1})
"""
from __future__ import annotations

import gc
from array import array
import hashlib
import itertools
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Collection, Iterable, Iterator, Mapping, Sequence

from graphkit.errors import NotFound, StoreError, StoreUnavailable
from graphkit.model import Batch, Edge, Evidence, Node, Record, Reject
from graphkit.store.base import (APPROACH_ROLE_RELATIONS, ActorTies, Decision, EdgeRecords, LoadInfo, LoadStats,
                                 MergeInfo, UnloadStats)
from graphkit.store.merging import clean_properties as _clean
from graphkit.store.merging import canonical_json as _dumps
from graphkit.store.merging import merge_properties
from graphkit.store.rejects import append_rejects_csv, read_rejects_csv
from graphkit.lists.model import ListEntry, ListInfo
from graphkit.store import node_merge, workspace_lists, workspace_loads
from graphkit.store.workspace_tables import (FORMAT_VERSION, SNAPSHOT_TABLES, SNAPSHOT_VERSION, TABLES_SQL,
                                             UPGRADABLE, VIEWS_SQL, snapshot_sql)

if TYPE_CHECKING:  # numpy is imported where columns are made: opening a workspace (``info``) loads none
    import numpy as np

__all__ = ["DB_FILE", "REJECTS_FILE", "Workspace", "merge_properties"]

DB_FILE = "graph.sqlite"
REJECTS_FILE = "rejects.csv"
_CHUNK = 20_000  # ids per json_each lookup
_KEPT_DATE = ("(?5 = 0 OR (v.date IS NOT NULL "
              "AND (?3 IS NULL OR substr(?3, 1, length(substr(v.date, 1, 10))) <= substr(v.date, 1, 10)) "
              "AND (?4 IS NULL OR substr(v.date, 1, 10) <= substr(?4, 1, length(substr(v.date, 1, 10))))))")
"""An evidence row ``v`` inside the window ?3..?4 (ISO days, either NULL) when ?5 is 1, the
projection's date filter (:func:`graphkit.model.keeps_evidence`) in SQL."""
_AMONG_ENDS = ("AND e.source IN (SELECT value FROM json_each(?6)) "
               "AND e.target IN (SELECT value FROM json_each(?6))")
"""An edge ``e`` whose two ends are among the ids of the JSON array ?6 (a constant fragment,
added to the text only when the ids are given, so SQLite looks the edges up by the index on
their source instead of testing every edge)."""


def _loads(properties: str) -> dict[str, Any]:
    return {} if properties == "{}" else json.loads(properties)


def _inferred(properties: str) -> bool:
    """An edge's ``inferred`` property as a bool (False when it has none), its JSON parsed only
    where it names one."""
    return '"inferred"' in properties and bool(_loads(properties).get("inferred", False))


def _grouped(rows: Iterable[tuple]) -> Iterator[tuple[Any, list]]:
    """(key, [rest of each row]) for rows ordered by their first column."""
    for key, group in itertools.groupby(rows, key=lambda r: r[0]):
        yield key, [r[1] if len(r) == 2 else r[1:] for r in group]


def _binary(text: str) -> bytes:
    """SQLite's BINARY order of a text (its UTF-8 bytes), as a sort key."""
    return text.encode("utf-8", "surrogatepass")


class _CaseGroups:
    """Rows ordered by case id (their first column, in SQLite's order), taken one case at a
    time in that order: :meth:`take` gives a case's rows and skips those of cases before it."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        self._rows = iter(rows)
        self._head: tuple | None = next(self._rows, None)

    def take(self, case_id: str) -> list[tuple]:
        key = _binary(case_id)
        while self._head is not None and _binary(self._head[0]) < key:
            self._head = next(self._rows, None)
        taken = []
        while self._head is not None and self._head[0] == case_id:
            taken.append(self._head)
            self._head = next(self._rows, None)
        return taken


class SharedEvidence:
    """Evidence items made from rows, one object per record while its fields are the same: a
    contact row supports several edges (contacted, introduced, employed by, holds) with the
    same fields, and its repeated texts (file, case, date, channel, outcome) are kept once.
    A read of the whole graph then holds each record once, not once per edge.

    >>> shared = SharedEvidence()
    >>> a = shared(("r1", "c.csv", 2, None, "K1", "2024", 0.5, "email", "met", None))
    >>> b = shared(("r1", "c.csv", 2, None, "K1", "2024", 0.5, "email", "met", None))
    >>> a is b, shared(("r1", "c.csv", 3, None, "K1", "2024", 0.5, "email", "met", None)) is a
    (True, False)
    """

    def __init__(self) -> None:
        self._by_record: dict[str, Evidence] = {}
        self._texts: dict[Any, Any] = {}

    def __call__(self, row: Sequence[Any]) -> Evidence:
        found = self._by_record.get(row[0])
        if found is not None and (found.record_id, found.file, found.row, found.source_id, found.case_id,
                                  found.date, found.reliability, found.channel, found.outcome,
                                  found.weight) == tuple(row):
            return found
        text = self._texts.setdefault
        made = Evidence(row[0], text(row[1], row[1]), row[2], row[3], text(row[4], row[4]),
                        text(row[5], row[5]), row[6], text(row[7], row[7]), text(row[8], row[8]), row[9])
        self._by_record[row[0]] = made
        return made


def _writable(db_path: Path) -> bool:
    """Whether this process may write the database file and make its journal beside it."""
    import os

    return os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK)


def _connect_read_only(db_path: Path) -> sqlite3.Connection:
    """Open ``db_path`` read-only (``mode=ro``); in a folder where SQLite cannot make its
    WAL index, as immutable (nobody can be writing it there)."""
    from urllib.parse import quote

    uri = f"file:{quote(str(db_path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, timeout=30)


def add_tie_rows(ties: ActorTies, rows: Iterable[tuple[str, str, str, int, float, str | None]]) -> None:
    """Append aggregate tie rows ``(source, target, relation, contacts, weight, dates)`` (dates
    comma-joined, or None) to ``ties``: :meth:`Workspace.actor_ties`'s Python side. Each id,
    relation and date is held once (SQLite gives a new string per row: at 1M contacts the ties
    repeat ~230k ids and a few thousand dates over 1.4M rows).

    >>> ties = ActorTies()
    >>> add_tie_rows(ties, [("a", "b", "CONTACTED", 2, 2.0, "2024-06,2024-05"), ("a", "c", "HOLDS", 1, 1.0, None)])
    >>> ties.source[0] is ties.source[1], ties.dates
    (True, [('2024-05', '2024-06'), ()])
    """
    held: dict[str, str] = {}
    once = held.setdefault
    for source, target, relation, contacts, weight, dates in rows:
        ties.source.append(once(source, source))
        ties.target.append(once(target, target))
        ties.relation.append(once(relation, relation))
        ties.contacts.append(contacts)
        ties.weight.append(weight)
        ties.dates.append(tuple(sorted([once(d, d) for d in dates.split(",")])) if dates else ())


class Workspace(node_merge.NodeMerges):
    """The embedded :class:`~graphkit.store.base.Store`: a directory with ``graph.sqlite`` and ``rejects.csv``.

    Parameters
    ----------
    path
        The workspace directory.
    create
        Create the directory and tables when missing. With ``create=False`` a missing
        workspace raises :class:`~graphkit.errors.StoreUnavailable` (commands that only read
        use this, so a mistyped path is an error, not an empty graph).
    """

    def __init__(self, path: Path | str, create: bool = True) -> None:
        self.path = Path(path)
        self.db_path = self.path / DB_FILE
        self.rejects_path = self.path / REJECTS_FILE
        self._weight_column = "v.weight"  # "NULL" for an older workspace opened read-only
        self.rejected: list[Reject] = []  # a workspace refuses nothing a loader yields
        self._created: workspace_loads.CreatedIds | None = None  # node and edge ids the current load created
        if not self.db_path.is_file():
            if not create:
                raise StoreUnavailable(
                    f"no workspace at {self.path} (no {DB_FILE} there); load records first "
                    "with `graphkit load FILES --workspace DIR` or name the right --workspace"
                )
            if self.path.exists() and not self.path.is_dir():
                raise StoreError(f"cannot make a workspace at {self.path}: it is a file")
            self.path.mkdir(parents=True, exist_ok=True)
        elif self.db_path.stat().st_size == 0:
            raise StoreError(f"{self.db_path} is empty (0 bytes): not a graphkit workspace, or one "
                             "whose file was truncated; load the records again into a new --workspace")
        self.read_only = self.db_path.exists() and not _writable(self.db_path)
        if self.read_only and create:
            raise StoreError(f"the workspace {self.path} is read-only: this command changes it and "
                             "needs write access (commands that only read, such as info, work)")
        try:
            if self.read_only:
                self._conn = _connect_read_only(self.db_path)
            else:
                self._conn = sqlite3.connect(self.db_path, isolation_level=None, timeout=30)
                if not create:
                    self._refuse_foreign()  # before any PRAGMA changes a file that is not ours
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA cache_size=-131072")  # 128 MiB page cache: loads stay well under 1 GB
            self._conn.execute("PRAGMA wal_autocheckpoint=65536")  # checkpoint every ~256 MiB of WAL
            self._setup(create)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.db_path} is not a graphkit workspace, or a damaged one: {err}") from None

    # --- lifecycle ---------------------------------------------------------------------

    def _refuse_foreign(self) -> None:
        """Raise unless the open database has graphkit's ``meta`` table."""
        if not self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone():
            self._conn.close()
            raise StoreError(f"{self.db_path} is not a graphkit workspace (an SQLite file without "
                             "graphkit's tables); name the right --workspace")

    def _setup(self, create: bool = True) -> None:
        version = None
        has_meta = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if has_meta:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()
            version = int(row[0]) if row else None
        if version is None and not create:
            # an SQLite file graphkit did not make: never add tables to it
            raise StoreError(f"{self.db_path} is not a graphkit workspace (an SQLite file without "
                             "graphkit's tables); name the right --workspace")
        if version is not None and version > FORMAT_VERSION:
            raise StoreError(
                f"{self.db_path} has workspace format {version}; this graphkit reads up to "
                f"{FORMAT_VERSION}: upgrade graphkit"
            )
        if version is not None and version < FORMAT_VERSION and version not in UPGRADABLE:
            raise StoreError(
                f"{self.db_path} has the older workspace format {version} (this graphkit writes "
                f"{FORMAT_VERSION}); load the records again into a new --workspace"
            )
        has_evidence = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'edge_evidence'").fetchone()
        old_evidence = has_evidence and not any(
            row[1] == "weight" for row in self._conn.execute("PRAGMA table_info(edge_evidence)"))
        if self.read_only:
            # a read-only workspace is read as it is; one written before evidence had weights
            # reads NULL (each record counts 1)
            self._weight_column = "NULL" if old_evidence else "v.weight"
            return
        if old_evidence:
            # a workspace written before evidence had weights: the column is added, NULL counts 1
            self._conn.execute("ALTER TABLE edge_evidence ADD COLUMN weight REAL")
            self._conn.execute("DROP VIEW IF EXISTS v_edge_evidence")
        self._conn.executescript(TABLES_SQL + VIEWS_SQL)
        if version is not None and version < FORMAT_VERSION:  # upgraded: the new tables were just added
            self._conn.execute("UPDATE meta SET value = ? WHERE key = 'format_version'", (str(FORMAT_VERSION),))
        if version is None:
            from graphkit import __version__

            self._conn.executemany(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                [("format_version", str(FORMAT_VERSION)), ("created_by", f"graphkit {__version__}")],
            )

    def close(self) -> None:
        """Close the database file."""
        self._conn.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    @property
    def location(self) -> str:
        """The workspace directory."""
        return str(self.path)

    @property
    def connection(self) -> sqlite3.Connection:
        """The open SQLite connection, for read-only SQL of your own (e.g. in a notebook)."""
        return self._conn

    # --- writing -----------------------------------------------------------------------

    def write(self, batch: Batch, load_id: str | None = None) -> LoadStats:
        """Merge ``batch`` into the workspace in one transaction; see the module docs.

        Returns counts of distinct nodes, edges and records that were new and that merged
        into entries already stored. With a ``load_id`` (:meth:`start_load`) the records it
        read and what it changed on nodes and edges stored before are kept in the load
        tables, for :meth:`unload`.
        """
        stats = LoadStats()
        conn = self._conn
        journal = None
        if load_id is not None:
            if self._created is None or self._created.load_id != load_id:
                self._new_created(load_id)
            assert self._created is not None
            # only nodes and edges with properties are ever journaled (a plain edge has nothing
            # a later write could change), so only theirs are asked about
            self._created.prefetch([*(n.id for n in batch.nodes), *(e.id for e in batch.edges if e.properties)])
            journal = workspace_loads.Journal(load_id, self._created)
        gc_was_on = gc.isenabled()
        gc.disable()  # a batch allocates many containers and no cycles: skip collector passes
        conn.execute("BEGIN IMMEDIATE")
        try:
            recs = self._record_keys(batch)
            self._write_records(batch.records, recs, stats, journal)
            self._write_nodes(batch.nodes, recs, stats, journal)
            self._write_edges(batch.edges, recs, stats, journal)
            if journal is not None:
                journal.save(conn)
            conn.execute("COMMIT")
        except sqlite3.OperationalError as err:  # locked by another process, disk full, ...
            if conn.in_transaction:  # SQLite rolls back by itself on a full disk
                conn.execute("ROLLBACK")
            if "full" in str(err):
                raise StoreError(f"the disk is full: cannot write to {self.db_path}; this batch was "
                                 "rolled back, every earlier batch is complete; free some space and "
                                 "run the same load again (nothing is duplicated)") from None
            raise StoreError(f"cannot write to {self.db_path}: {err}") from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            if gc_was_on:
                gc.enable()
        return stats

    # --- loads -------------------------------------------------------------------------

    def start_load(self, files: Sequence[str]) -> str:
        """Register a new load of ``files``; return its id (see :meth:`unload`)."""
        load_id = workspace_loads.start_load(self._conn, files)
        self._new_created(load_id)
        return load_id

    def _new_created(self, load_id: str) -> None:
        if self._created is not None:
            self._created.forget()
        self._created = workspace_loads.CreatedIds(self._conn, load_id)

    def finish_load(self, load_id: str, counts: dict[str, int]) -> None:
        """Keep the counts of a finished load with it."""
        workspace_loads.finish_load(self._conn, load_id, counts)
        if self._created is not None and self._created.load_id == load_id:
            self._created.forget()
            self._created = None

    def list_loads(self) -> list[LoadInfo]:
        """Every load the workspace remembers, oldest first."""
        return workspace_loads.list_loads(self._conn)

    def unload(self, load_id: str) -> UnloadStats:
        """Take out what the load ``load_id`` added (see :func:`graphkit.store.workspace_loads.unload`)."""
        try:
            return workspace_loads.unload(self._conn, load_id, where=str(self.path))
        except sqlite3.OperationalError as err:
            raise StoreError(f"cannot write to {self.db_path}: {err}") from None

    # --- decisions and merges ------------------------------------------------------------

    def _has_table(self, name: str) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                  (name,)).fetchone() is not None

    def save_decision(self, decision: Decision) -> None:
        """Keep a decision (replacing one with the same id)."""
        d = decision
        self._conn.execute(
            "INSERT OR REPLACE INTO decisions (decision_id, verdict, kind, id_a, name_a, id_b, name_b, analyst, at, "
            "note, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.decision_id, d.verdict, d.kind, d.id_a, d.name_a, d.id_b, d.name_b, d.analyst, d.at, d.note, d.origin))

    def list_decisions(self) -> list[Decision]:
        """Every decision kept, oldest first (none in a read-only workspace without the table)."""
        if not self._has_table("decisions"):
            return []
        return [Decision(*row) for row in self._conn.execute(
            "SELECT decision_id, verdict, kind, id_a, name_a, id_b, name_b, analyst, at, note, origin "
            "FROM decisions ORDER BY at, decision_id")]

    def forget_decision(self, decision_id: str) -> None:
        """Delete a decision."""
        self._conn.execute("DELETE FROM decisions WHERE decision_id = ?", (decision_id,))

    def _journal(self, load_id: str, entity_id: str, item: str) -> None:
        """Keep ``item`` as a change load ``load_id`` made (see :mod:`graphkit.store.workspace_loads`)."""
        self._conn.execute("INSERT INTO load_changes (load_id, entity_id, item) VALUES (?, ?, ?) "
                           "ON CONFLICT DO NOTHING", (load_id, entity_id, item))

    def list_merges(self) -> list[MergeInfo]:
        """Every merge kept, in the order made."""
        if not self._has_table("merges"):
            return []
        return [MergeInfo(*row) for row in self._conn.execute(
            "SELECT decision_id, seq, kept, dropped, at, pre, post_digest FROM merges ORDER BY at, decision_id, seq")]

    def _replace(self, plan: "node_merge.MergePlan", *, add: MergeInfo | None = None,
                 remove: MergeInfo | None = None) -> None:
        """Carry out a merge plan (or its undo) in one transaction: delete, then write in full."""
        conn = self._conn
        node_ids = sorted(set(plan.remove_nodes) | {n.id for n in plan.post_nodes})
        edge_ids = sorted(set(plan.remove_edges) | {e.id for e in plan.post_edges})
        records = sorted({r for n in plan.post_nodes for r in n.evidence}
                         | {e.record_id for edge in plan.post_edges for e in edge.evidence})
        conn.execute("BEGIN IMMEDIATE")
        try:
            recs = dict(self._lookup(
                "SELECT record_id, rec FROM record_keys WHERE record_id IN (SELECT value FROM json_each(?))", records))
            for table, column in (("node_aliases", "node_id"), ("node_evidence", "node_id"), ("nodes", "id")):
                conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in node_ids])  # names: constants
            for table, column in (("edge_evidence", "edge_id"), ("edges", "id")):
                conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in edge_ids])  # names: constants
            conn.executemany("INSERT INTO nodes (id, kind, name, properties) VALUES (?, ?, ?, ?)",
                             [(n.id, n.kind, n.name, _dumps(_clean(n.properties))) for n in plan.post_nodes])
            conn.executemany("INSERT INTO node_aliases (node_id, alias) VALUES (?, ?)",
                             [(n.id, a) for n in plan.post_nodes for a in sorted(n.aliases) if a])
            conn.executemany("INSERT INTO node_evidence (rec, node_id, record_id) VALUES (?, ?, ?)",
                             [(recs[r], n.id, r) for n in plan.post_nodes for r in sorted(n.evidence)])
            conn.executemany("INSERT INTO edges (id, source, target, relation, properties) VALUES (?, ?, ?, ?, ?)",
                             [(e.id, e.source, e.target, e.relation, _dumps(_clean(e.properties)))
                              for e in plan.post_edges])
            conn.executemany(
                "INSERT INTO edge_evidence (rec, edge_id, record_id, file, row, source_id, case_id, date, "
                "reliability, channel, outcome, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(recs[v.record_id], e.id, v.record_id, v.file, v.row, v.source_id, v.case_id, v.date,
                  v.reliability, v.channel, v.outcome, v.weight) for e in plan.post_edges for v in e.evidence])
            if add is not None:
                conn.execute("INSERT INTO merges (decision_id, seq, kept, dropped, at, pre, post_digest) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (add.decision_id, add.seq, add.kept, add.dropped, add.at, add.pre, add.post_digest))
            if remove is not None:
                conn.execute("DELETE FROM merges WHERE decision_id = ? AND seq = ?", (remove.decision_id, remove.seq))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _lookup(self, sql: str, ids: list[Any]) -> Iterator[tuple]:
        """Run ``sql`` (with one ``json_each(?)`` over ids) in chunks; yield its rows."""
        for start in range(0, len(ids), _CHUNK):
            yield from self._conn.execute(sql, (json.dumps(ids[start : start + _CHUNK]),))

    def _record_keys(self, batch: Batch) -> dict[str, int]:
        """The ``rec`` number of every record id the batch mentions, numbering new ones."""
        in_order = dict.fromkeys(r.record_id for r in batch.records)  # new records numbered in file order
        cited = {r for node in batch.nodes for r in node.evidence}
        cited.update({e.record_id for edge in batch.edges for e in edge.evidence})
        cited.difference_update(in_order)
        wanted = [*in_order, *sorted(cited)]
        if not wanted:
            return {}
        recs = {rid: rec for rid, rec in self._lookup(
            "SELECT record_id, rec FROM record_keys WHERE record_id IN (SELECT value FROM json_each(?))",
            wanted,
        )}
        fresh = [rid for rid in wanted if rid not in recs]
        if fresh:
            top = self._conn.execute("SELECT coalesce(max(rec), 0) FROM record_keys").fetchone()[0]
            numbered = [(top + i, rid) for i, rid in enumerate(fresh, start=1)]
            self._conn.executemany("INSERT INTO record_keys (rec, record_id) VALUES (?, ?)", numbered)
            recs.update((rid, rec) for rec, rid in numbered)
        return recs

    def _existing(self, table: str, ids: list[str]) -> dict[str, tuple]:
        columns = "id, name, properties" if table == "nodes" else "id, properties"
        sql = f"SELECT {columns} FROM {table} WHERE id IN (SELECT value FROM json_each(?))"
        return {row[0]: row[1:] for row in self._lookup(sql, ids)}

    def _write_records(self, records: list[Record], recs: dict[str, int], stats: LoadStats,
                       journal: "workspace_loads.Journal | None" = None) -> None:
        if not records:
            return
        unique: dict[str, Record] = {}
        for record in records:
            unique.setdefault(record.record_id, record)
        if journal is not None:
            mine = [recs[r] for r in unique]
            stored = {row[0] for row in self._lookup(
                "SELECT rec FROM records WHERE rec IN (SELECT value FROM json_each(?))", mine)}
            journal.records.extend((rec, rec not in stored) for rec in mine)
        cur = self._conn.executemany(
            "INSERT INTO records (rec, record_id, layout, file, row, source_id, case_id, raw) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rec) DO NOTHING",
            sorted(
                (recs[r.record_id], r.record_id, r.layout, r.file, r.row, r.source_id, r.case_id, _dumps(r.raw))
                for r in unique.values()
            ),
        )
        stats.records_new += cur.rowcount
        stats.records_merged += len(unique) - cur.rowcount
        self._conn.executemany(
            "INSERT INTO record_locations (rec, record_id, file, row) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            sorted({(recs[r.record_id], r.record_id, r.file, r.row) for r in records}),
        )

    def _write_nodes(self, nodes: list[Node], recs: dict[str, int], stats: LoadStats,
                     journal: "workspace_loads.Journal | None" = None) -> None:
        if not nodes:
            return
        # Merge the batch's own repeats first: id -> [kind, name, aliases, properties, evidence]
        merged: dict[str, list[Any]] = {}
        conflicts: set[tuple[str, str, str, str]] = set()
        for node in nodes:
            entry = merged.get(node.id)
            if entry is None:
                merged[node.id] = [node.kind, node.name, set(node.aliases),
                                   _clean(node.properties) if node.properties else {}, set(node.evidence)]
                continue
            entry[2].update(node.aliases)
            entry[4].update(node.evidence)
            if node.name != entry[1]:
                entry[2].add(node.name)
            if node.properties and node.properties != entry[3]:
                entry[3], found = merge_properties(entry[3], node.properties)
                conflicts.update((node.id, k, _dumps(a), _dumps(b)) for k, a, b in found)
        existing = self._existing("nodes", list(merged))
        known_aliases: dict[str, set[str]] = {}
        if journal is not None:
            before = [i for i in existing if i not in journal.created]
            for node_id, alias in self._lookup(
                    "SELECT node_id, alias FROM node_aliases WHERE node_id IN (SELECT value FROM json_each(?))", before):
                known_aliases.setdefault(node_id, set()).add(alias)
        inserts, updates = [], []
        for node_id, (kind, name, aliases, properties, _) in merged.items():
            properties_json = _dumps(properties)
            if node_id not in existing:
                inserts.append((node_id, kind, name, properties_json))
                continue
            stored_name, stored_json = existing[node_id]
            if stored_json != properties_json and properties:
                stored = json.loads(stored_json)
                new, found = merge_properties(stored, properties)
                conflicts.update((node_id, k, _dumps(a), _dumps(b)) for k, a, b in found)
                if new != stored:
                    updates.append((_dumps(new), node_id))
                    if journal is not None and node_id not in journal.created:
                        journal.properties("node_property", node_id, stored, new)
            if name != stored_name:
                aliases.add(name)
            if journal is not None and node_id not in journal.created:
                journal.aliases(node_id, aliases - known_aliases.get(node_id, set()))
        stats.nodes_new += len(inserts)
        stats.nodes_merged += len(merged) - len(inserts)
        if journal is not None:
            journal.created.update(row[0] for row in inserts)
        conn = self._conn
        conn.executemany("INSERT INTO nodes (id, kind, name, properties) VALUES (?, ?, ?, ?)", inserts)
        conn.executemany("UPDATE nodes SET properties = ? WHERE id = ?", updates)
        conn.executemany(
            "INSERT INTO node_aliases (node_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(node_id, a) for node_id, entry in merged.items() for a in entry[2] if a],
        )
        conn.executemany(
            "INSERT INTO node_evidence (rec, node_id, record_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(recs[r], node_id, r) for node_id, entry in merged.items() for r in entry[4]],
        )
        if conflicts:
            conn.executemany(
                "INSERT INTO node_conflicts (node_id, property, kept, other) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                conflicts,
            )

    def _write_edges(self, edges: list[Edge], recs: dict[str, int], stats: LoadStats,
                     journal: "workspace_loads.Journal | None" = None) -> None:
        if not edges:
            return
        merged: dict[str, Edge] = {}  # id -> the batch's first edge with that id
        props: dict[str, dict[str, Any]] = {}  # id -> merged properties, for edges that have any
        # Evidence rows in batch order, which is record order: they append at the table's end.
        # Repeats (the same record for the same edge) are left to ON CONFLICT DO NOTHING.
        rows: list[tuple] = []
        add = rows.append
        # A loader shares one Evidence object among the edges of a row: its row tail (rec,
        # record id, file, ..., weight) is built once. (The batch holds every item while this
        # runs, so no id() is reused.)
        tails: dict[int, tuple] = {}
        for edge in edges:
            eid = edge.id
            if eid not in merged:
                merged[eid] = edge
                if edge.properties:
                    props[eid] = _clean(edge.properties)
            elif edge.properties:
                stored = props.get(eid, {})
                if edge.properties != stored:
                    props[eid], _ = merge_properties(stored, edge.properties)
            for e in edge.evidence:
                tail = tails.get(id(e))
                if tail is None:
                    tail = tails[id(e)] = (recs[e.record_id], e.record_id, e.file, e.row, e.source_id, e.case_id,
                                           e.date, e.reliability, e.channel, e.outcome, e.weight)
                add((eid, *tail))
        conn = self._conn
        # Edges without properties (most) need no merge: insert them and let existing ones be.
        plain = [(eid, e.source, e.target, e.relation) for eid, e in merged.items() if not props.get(eid)]
        cur = conn.executemany(
            "INSERT INTO edges (id, source, target, relation) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            plain,
        )
        stats.edges_new += cur.rowcount
        stats.edges_merged += len(plain) - cur.rowcount
        with_properties = [eid for eid, properties in props.items() if properties]
        existing = self._existing("edges", with_properties)
        inserts, updates = [], []
        for edge_id in with_properties:
            first, properties = merged[edge_id], props[edge_id]
            source, target, relation = first.source, first.target, first.relation
            properties_json = _dumps(properties)
            if edge_id not in existing:
                inserts.append((edge_id, source, target, relation, properties_json))
                continue
            stored_json = existing[edge_id][0]
            if stored_json != properties_json:
                stored = json.loads(stored_json)
                new, _ = merge_properties(stored, properties)
                if new != stored:
                    updates.append((_dumps(new), edge_id))
                    if journal is not None and edge_id not in journal.created:
                        journal.properties("edge_property", edge_id, stored, new)
        if journal is not None:
            journal.created.update(row[0] for row in inserts)
        stats.edges_new += len(inserts)
        stats.edges_merged += len(with_properties) - len(inserts)
        conn.executemany(
            "INSERT INTO edges (id, source, target, relation, properties) VALUES (?, ?, ?, ?, ?)",
            inserts,
        )
        conn.executemany("UPDATE edges SET properties = ? WHERE id = ?", updates)
        conn.executemany(
            "INSERT INTO edge_evidence (edge_id, rec, record_id, file, row, source_id, case_id, date, "
            "reliability, channel, outcome, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            rows,
        )

    def write_rejects(self, rejects: Iterable[Reject]) -> None:
        """Append rejected rows to ``rejects.csv`` (see :mod:`graphkit.store.rejects`).

        Cells are neutralised so a spreadsheet never runs them as formulas.
        """
        append_rejects_csv(self.rejects_path, rejects)

    def read_rejects(self) -> list[Reject]:
        """Every rejected row of ``rejects.csv``, one per (file, row, reason), sorted."""
        return read_rejects_csv(self.rejects_path)

    # --- reading -----------------------------------------------------------------------

    def _node_rows(self, where: str, params: tuple) -> Iterator[Node]:
        """Nodes (ordered by id) joined in Python with their aliases and evidence.

        Three ordered queries are merged, so nothing is held in memory but the current node.
        The aliases and evidence are those of the nodes ``where`` selects, found first (an
        in-memory index) and matched as the rows are scanned: joining ``nodes`` instead probed
        its primary key for every evidence row (1M contacts, 5.7M rows: the evidence of 25
        nodes 13.1 -> 0.8 CPU s, of the 230k actors 22.9 -> 7.2).
        """
        selected = f"IN (SELECT n.id FROM nodes n{where})"
        nodes = self._conn.execute(
            f"SELECT id, kind, name, properties FROM nodes n{where} ORDER BY id", params)
        aliases = _grouped(self._conn.execute(
            f"SELECT a.node_id, a.alias FROM node_aliases a WHERE a.node_id {selected} "
            "ORDER BY a.node_id, a.alias", params))
        evidence = _grouped(self._conn.execute(
            f"SELECT e.node_id, e.record_id FROM node_evidence e WHERE e.node_id {selected} "
            "ORDER BY e.node_id", params))
        next_alias, next_evidence = next(aliases, None), next(evidence, None)
        for node_id, kind, name, props in nodes:
            node = Node(id=node_id, kind=kind, name=name, properties=_loads(props))
            while next_alias is not None and next_alias[0] <= node_id:
                if next_alias[0] == node_id:
                    node.aliases = set(next_alias[1])
                next_alias = next(aliases, None)
            while next_evidence is not None and next_evidence[0] <= node_id:
                if next_evidence[0] == node_id:
                    node.evidence = set(next_evidence[1])
                next_evidence = next(evidence, None)
            yield node

    def iter_nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        """Every node (ordered by id), or only those of the given kinds; streamed."""
        if kinds is None:
            return self._node_rows("", ())
        return self._node_rows(" WHERE n.kind IN (SELECT value FROM json_each(?))", (json.dumps(list(kinds)),))

    def get_nodes(self, node_ids: Iterable[str]) -> dict[str, Node]:
        """The nodes with these ids (unknown ids are left out)."""
        ids = sorted(set(node_ids))
        out: dict[str, Node] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = json.dumps(ids[start : start + _CHUNK])
            out.update((n.id, n) for n in self._node_rows(" WHERE n.id IN (SELECT value FROM json_each(?))", (chunk,)))
        return out

    def present_node_ids(self, node_ids: Iterable[str]) -> set[str]:
        """Which of ``node_ids`` are nodes here (by the primary key only)."""
        ids = sorted(set(node_ids))
        found: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            found.update(r[0] for r in self._conn.execute(
                "SELECT id FROM nodes WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids[start : start + _CHUNK]),)))
        return found

    def get_node(self, node_id: str) -> Node | None:
        """The node with this id, or None.

        Its evidence is found by reading ``node_evidence`` through (it is ordered for loads,
        not by node), so asking for an id that is not there returns before that.
        """
        if not self._conn.execute("SELECT 1 FROM nodes WHERE id = ?", (node_id,)).fetchone():
            return None
        return next(self._node_rows(" WHERE n.id = ?", (node_id,)), None)

    def find_node_ids(self, text: str) -> list[str]:
        """Ids of nodes whose id, name or an alias is exactly ``text`` (an id match wins;
        approach events are found by id only)."""
        if self._conn.execute("SELECT 1 FROM nodes WHERE id = ?", (text,)).fetchone():
            return [text]
        rows = self._conn.execute(
            "SELECT id FROM nodes WHERE name = ?1 AND kind <> 'Approach' "
            "UNION SELECT a.node_id FROM node_aliases a JOIN nodes n ON n.id = a.node_id "
            "WHERE a.alias = ?1 AND n.kind <> 'Approach' ORDER BY 1",
            (text,),
        )
        return [r[0] for r in rows]

    def iter_names(self, kinds: Iterable[str] | None = None) -> Iterator[tuple[str, str, str]]:
        """Every (node id, kind, name or alias) of every node but approach events; streamed."""
        where = " WHERE n.kind <> 'Approach'"
        params: tuple[str, ...] = ()
        if kinds is not None:
            where += " AND n.kind IN (SELECT value FROM json_each(?))"
            params = (json.dumps(list(kinds)),)
        yield from self._conn.execute(f"SELECT n.id, n.kind, n.name FROM nodes n{where}", params)
        yield from self._conn.execute(
            f"SELECT a.node_id, n.kind, a.alias FROM node_aliases a JOIN nodes n ON n.id = a.node_id{where}",
            params,
        )

    def _edge_rows(self, where: str, params: tuple) -> Iterator[Edge]:
        """Edges (ordered by id) merged in Python with their evidence (ordered by edge id)."""
        edges = self._conn.execute(
            f"SELECT id, source, target, relation, properties FROM edges e{where} ORDER BY id", params)
        evidence = _grouped(self._conn.execute(
            "SELECT v.edge_id, v.record_id, v.file, v.row, v.source_id, v.case_id, v.date, v.reliability, "
            f"v.channel, v.outcome, {self._weight_column} FROM edge_evidence v JOIN edges e ON e.id = v.edge_id{where} "
            "ORDER BY v.edge_id, v.record_id", params))
        pending = next(evidence, None)
        shared = SharedEvidence()
        for edge_id, source, target, relation, props in edges:
            edge = Edge(id=edge_id, source=source, target=target, relation=relation, properties=_loads(props))
            while pending is not None and pending[0] <= edge_id:
                if pending[0] == edge_id:
                    edge.evidence = [shared(row) for row in pending[1]]
                pending = next(evidence, None)
            yield edge

    def iter_edges(self, relations: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge with its evidence (ordered by id), or only the given relations; streamed."""
        if relations is None:
            return self._edge_rows("", ())
        return self._edge_rows(" WHERE e.relation IN (SELECT value FROM json_each(?))",
                               (json.dumps(list(relations)),))

    def edge_records(self, relations: Iterable[str], *, among: Collection[str] | None = None,
                     case: str | None = None, start: str | None = None, end: str | None = None) -> EdgeRecords:
        """Every edge of ``relations`` (and ``among``) keeping a record of the selection, by
        id, with each kept record's id, date and reliability (by record id), as columns; see
        :meth:`graphkit.store.base.Store.edge_records`.

        Read in three scans with no sort of the evidence and no Python object per evidence
        row: the edges (put in id order here); the kept evidence grouped by record in its
        primary key's order (``rec``), SQLite filtering by case and window and giving each
        record's edge ids joined in one text with the record's date and reliability where all
        its rows share them (as a contact record's do; the rows of any other record are read
        one by one); and the kept records' ids in the order of their index (by record id),
        which ranks each edge's records."""
        import numpy as np

        amid = "AND source IN (SELECT value FROM json_each(?2)) AND target IN (SELECT value FROM json_each(?2))"
        names: dict[str, str] = {}  # each node id, relation and properties text held once
        ids: list[str] = []
        sources: list[str] = []
        targets: list[str] = []
        kinds: list[str] = []
        props: list[str] = []
        edges = self._conn.execute(
            "SELECT id, source, target, relation, properties FROM edges "
            f"WHERE relation IN (SELECT value FROM json_each(?1)) {amid if among is not None else ''}",
            (json.dumps(list(relations)), *([json.dumps(sorted(set(among)))] if among is not None else [])))
        while batch := edges.fetchmany(50_000):
            for edge, source, target, relation, properties in batch:
                ids.append(edge)
                sources.append(names.setdefault(source, source))
                targets.append(names.setdefault(target, target))
                kinds.append(names.setdefault(relation, relation))
                props.append(names.setdefault(properties, properties))
        del names
        # each edge's position in SQLite's BINARY order of ids (the order ORDER BY id gives),
        # by which each evidence row's edge is found (one look-up a row)
        by_id = np.argsort(np.array([_binary(i) for i in ids]) if ids else np.empty(0, dtype="S1"), kind="stable")
        position = dict(zip([ids[j] for j in by_id.tolist()], range(len(ids))))
        del ids
        windowed = (case, None, start, end, int(start is not None or end is not None))
        kept = f"(?1 IS NULL OR v.case_id = ?1) AND {_KEPT_DATE} AND (?5 = 0 OR v.date <> '')"
        date_codes: dict[str, int] = {}
        code = date_codes.setdefault
        columns: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        mixed: list[int] = []
        grouped = self._conn.execute(
            "SELECT v.rec, count(*), group_concat(v.edge_id, char(31)), min(v.date), max(v.date), count(v.date), "
            f"min(v.reliability), max(v.reliability), count(v.reliability) FROM edge_evidence v WHERE {kept} "
            "GROUP BY v.rec", windowed)
        while batch := grouped.fetchmany(20_000):
            shared = []
            for row in batch:  # (rec, rows, edge ids, min/max/count of date, of reliability)
                if row[3] == row[4] and row[5] in (0, row[1]) and row[6] == row[7] and row[8] in (0, row[1]):
                    shared.append(row)
                else:
                    mixed.append(row[0])
            each = np.fromiter((row[1] for row in shared), dtype=np.int64, count=len(shared))
            at = np.fromiter(map(position.get, "\x1f".join(row[2] for row in shared).split("\x1f"), itertools.repeat(-1)),
                             dtype=np.int64, count=int(each.sum())) if shared else np.empty(0, dtype=np.int64)
            inside = at >= 0  # rows of edges of other relations (or ends) have no position
            columns.append((
                at[inside].astype(np.int32),
                np.repeat(np.fromiter((row[0] for row in shared), dtype=np.int64, count=len(shared)), each)[inside],
                np.repeat(np.array([-1 if row[3] is None else code(row[3], len(date_codes)) for row in shared],
                                   dtype=np.int32), each)[inside],
                np.repeat(np.array([row[6] for row in shared], dtype=np.float64), each)[inside]))
        if mixed:  # records whose rows differ in date or reliability: each row read as it is
            rows = self._conn.execute(
                "SELECT v.edge_id, v.rec, v.date, v.reliability FROM edge_evidence v "
                f"WHERE v.rec IN (SELECT value FROM json_each(?6)) AND {kept}", (*windowed, json.dumps(mixed))).fetchall()
            at = np.array([position.get(r[0], -1) for r in rows], dtype=np.int64)
            inside = at >= 0
            columns.append((at[inside].astype(np.int32), np.array([r[1] for r in rows], dtype=np.int64)[inside],
                            np.array([-1 if r[2] is None else code(r[2], len(date_codes)) for r in rows],
                                     dtype=np.int32)[inside],
                            np.array([r[3] for r in rows], dtype=np.float64)[inside]))
        del position
        columns.append((np.empty(0, np.int32), np.empty(0, np.int64), np.empty(0, np.int32), np.empty(0, np.float64)))
        edge_at, recs_at, dates_at, reliability_at = (np.concatenate(c) for c in zip(*columns))
        del columns
        # the kept records ranked by id (the index on record ids gives them in order), each id held once
        used = np.unique(recs_at)
        rank = np.full(int(used[-1]) + 1 if used.size else 0, -1, dtype=np.int32)
        ordered, blob, ends = array("q"), bytearray(), array("q")
        records = self._conn.execute(
            "SELECT rec, record_id FROM record_keys WHERE rec IN (SELECT value FROM json_each(?)) ORDER BY record_id",
            (json.dumps(used.tolist()),)) if used.size else None
        while records is not None and (batch := records.fetchmany(50_000)):
            for rec, record_id in batch:
                ordered.append(rec)
                blob += record_id.encode()
                ends.append(len(blob))
        rank[np.frombuffer(ordered, dtype=np.int64)] = np.arange(len(ordered))
        codes = rank[recs_at]
        del rank, recs_at
        order = np.lexsort((codes, edge_at))
        per_edge = np.bincount(edge_at, minlength=by_id.size)
        del edge_at
        found = by_id[np.flatnonzero(per_edge)].tolist()  # the edges kept, by id, as read
        return EdgeRecords(
            sources=[sources[j] for j in found], targets=[targets[j] for j in found],
            relations=[kinds[j] for j in found], inferred=[_inferred(props[j]) for j in found],
            stops=np.cumsum(per_edge[per_edge > 0]).astype(np.int64), records=codes[order],
            record_bytes=blob, record_ends=np.frombuffer(ends, dtype=np.int64),
            dates=dates_at[order], date_names=list(date_codes), reliability=reliability_at[order])

    def edges_between(self, a: str, b: str) -> list[Edge]:
        """Every edge from ``a`` to ``b`` or from ``b`` to ``a``, with evidence.

        The role edges of approach events (MADE, TARGETED, VIA, CONCERNS) are not indexed by
        endpoint, so they are left out here; they join an actor to an Approach node.
        """
        indexed = f"relation NOT IN {APPROACH_ROLE_RELATIONS!r}"  # the partial index edges_by_source
        ids = [r[0] for r in self._conn.execute(
            f"SELECT id FROM edges WHERE source = ? AND target = ? AND {indexed} "
            f"UNION SELECT id FROM edges WHERE source = ? AND target = ? AND {indexed} ORDER BY 1",
            (a, b, b, a),
        )]
        if not ids:
            return []
        return list(self._edge_rows(" WHERE e.id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)))

    def get_edges(self, edge_ids: Iterable[str]) -> list[Edge]:
        """The edges with these ids, with evidence, by id (unknown ids are left out)."""
        ids = sorted(set(edge_ids))
        out: list[Edge] = []
        for start in range(0, len(ids), _CHUNK):
            out.extend(self._edge_rows(" WHERE e.id IN (SELECT value FROM json_each(?))",
                                       (json.dumps(ids[start : start + _CHUNK]),)))
        return out

    def edges_among(self, node_ids: Iterable[str]) -> list[Edge]:
        """Every edge whose two ends are both among ``node_ids``, with evidence, by id."""
        ids = json.dumps(sorted(set(node_ids)))
        return list(self._edge_rows(" WHERE e.source IN (SELECT value FROM json_each(?1)) "
                                    "AND e.target IN (SELECT value FROM json_each(?1))", (ids,)))

    def cited_evidence(self, cited: Mapping[tuple[str, str, str], Iterable[str]]
                       ) -> dict[tuple[str, str, str], list[Evidence]]:
        """The evidence items in full of the given records on the given edges, by record id:
        each record's rows of ``edge_evidence`` (its primary key starts with the record), kept
        where the edge and record were asked for."""
        wanted = {(edge, record_id) for edge, ids in cited.items() for record_id in ids}
        out: dict[tuple[str, str, str], list[Evidence]] = {}
        for source, target, relation, *row in self._lookup(
            "SELECT e.source, e.target, e.relation, v.record_id, v.file, v.row, v.source_id, v.case_id, v.date, "
            f"v.reliability, v.channel, v.outcome, {self._weight_column} FROM record_keys k "
            "JOIN edge_evidence v ON v.rec = k.rec JOIN edges e ON e.id = v.edge_id "
            "WHERE k.record_id IN (SELECT value FROM json_each(?))",
            sorted({record_id for _, record_id in wanted}),
        ):
            edge = (source, target, relation)
            if (edge, row[0]) in wanted:
                out.setdefault(edge, []).append(Evidence(*row))
        return {edge: sorted(items, key=lambda e: e.record_id) for edge, items in sorted(out.items())}

    def get_records(self, record_ids: Iterable[str]) -> dict[str, Record]:
        """The records with these ids (unknown ids are left out)."""
        return {
            row[0]: Record(row[0], row[1], row[2], row[3], row[4], row[5], raw=json.loads(row[6]))
            for row in self._lookup(
                "SELECT r.record_id, r.layout, r.file, r.row, r.source_id, r.case_id, r.raw "
                "FROM record_keys k JOIN records r ON r.rec = k.rec "
                "WHERE k.record_id IN (SELECT value FROM json_each(?))",
                list(dict.fromkeys(record_ids)),
            )
        }

    def record_locations(self, record_ids: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
        """Every (file, row) each record was read from, in the order first read."""
        out: dict[str, list[tuple[str, int]]] = {}
        for record_id, file, row in self._lookup(
            "SELECT k.record_id, l.file, l.row FROM record_keys k JOIN record_locations l ON l.rec = k.rec "
            "WHERE k.record_id IN (SELECT value FROM json_each(?)) ORDER BY k.rec, l.file, l.row",
            list(dict.fromkeys(record_ids)),
        ):
            out.setdefault(record_id, []).append((file, row))
        return out

    def record_case_ids(self, record_ids: Iterable[str]) -> dict[str, str | None]:
        """The case id of each known record (a fast path the projection uses)."""
        return dict(self._lookup(
            "SELECT r.record_id, r.case_id FROM record_keys k JOIN records r ON r.rec = k.rec "
            "WHERE k.record_id IN (SELECT value FROM json_each(?))",
            list(dict.fromkeys(record_ids)),
        ))

    def node_ids_in_case(self, case_id: str) -> set[str]:
        """The Case node of ``case_id``, the nodes PART_OF it, and both ends of every edge
        with evidence from the case."""
        rows = self._conn.execute(
            "SELECT id FROM nodes WHERE kind = 'Case' AND json_extract(properties, '$.case_id') = ?1 "
            "UNION SELECT e.source FROM edges e JOIN nodes c ON c.id = e.target WHERE e.relation = 'PART_OF' "
            "AND c.kind = 'Case' AND json_extract(c.properties, '$.case_id') = ?1 "
            "UNION SELECT e.source FROM edges e JOIN edge_evidence v ON v.edge_id = e.id WHERE v.case_id = ?1 "
            "UNION SELECT e.target FROM edges e JOIN edge_evidence v ON v.edge_id = e.id WHERE v.case_id = ?1",
            (case_id,),
        )
        return {r[0] for r in rows}

    def case_nodes(self, case_id: str, kinds: Sequence[str]) -> list[Node]:
        """The nodes of ``kinds`` among :meth:`node_ids_in_case` with the case's records as their
        evidence, by id: read through the indexes ``records_by_case`` and ``edge_evidence_by_case``."""
        params = (json.dumps(sorted(self.node_ids_in_case(case_id))), json.dumps(list(kinds)))
        nodes = [Node(id=node_id, kind=kind, name=name, properties=_loads(props))
                 for node_id, kind, name, props in self._conn.execute(
                     "SELECT id, kind, name, properties FROM nodes WHERE id IN (SELECT value FROM json_each(?1)) "
                     "AND kind IN (SELECT value FROM json_each(?2)) ORDER BY id", params)]
        wanted = json.dumps([n.id for n in nodes])
        aliases = dict(_grouped(self._conn.execute(
            "SELECT node_id, alias FROM node_aliases WHERE node_id IN (SELECT value FROM json_each(?1)) "
            "ORDER BY node_id, alias", (wanted,))))
        evidence = dict(_grouped(self._conn.execute(
            "SELECT e.node_id, e.record_id FROM records r JOIN node_evidence e ON e.rec = r.rec "
            # "+": the node ids are a filter, not keys to probe for each record (17k records x
            # 6k nodes of the largest 100k case took 17 s that way, 0.1 s this way)
            "WHERE r.case_id = ?1 AND +e.node_id IN (SELECT value FROM json_each(?2)) ORDER BY e.node_id",
            (case_id, wanted))))
        for node in nodes:
            node.aliases = set(aliases.get(node.id, ()))
            node.evidence = set(evidence.get(node.id, ()))
        return nodes

    def case_edges(self, case_id: str, relations: Sequence[str]) -> list[Edge]:
        """The edges of ``relations`` with evidence of case ``case_id``, each with only that
        evidence, by id: read through the index ``edge_evidence_by_case``."""
        rows = self._conn.execute(
            "SELECT e.id, e.source, e.target, e.relation, e.properties, v.record_id, v.file, v.row, v.source_id, "
            f"v.case_id, v.date, v.reliability, v.channel, v.outcome, {self._weight_column} "
            "FROM edge_evidence v JOIN edges e ON e.id = v.edge_id "
            "WHERE v.case_id = ?1 AND e.relation IN (SELECT value FROM json_each(?2)) "
            "ORDER BY v.edge_id, v.record_id", (case_id, json.dumps(list(relations))))
        shared = SharedEvidence()
        edges: list[Edge] = []
        for edge_id, group in itertools.groupby(rows, key=lambda r: r[0]):
            first = next(group)
            edge = Edge(id=edge_id, source=first[1], target=first[2], relation=first[3],
                        properties=_loads(first[4]), evidence=[shared(first[5:])])
            edge.evidence.extend(shared(row[5:]) for row in group)
            edges.append(edge)
        return edges

    def case_edge_counts(self, case_ids: Sequence[str], relations: Sequence[str], kinds: Sequence[str], *,
                         start: str | None = None, end: str | None = None) -> dict[str, int]:
        """The edges of each case's actor graph, counted through ``edge_evidence_by_case`` (the
        index alone when there is no window); see :meth:`graphkit.store.base.Store.case_edge_counts`."""
        windowed = start is not None or end is not None
        rows = self._conn.execute(
            "WITH pairs AS MATERIALIZED (SELECT DISTINCT v.case_id, v.edge_id FROM edge_evidence v "
            # the window's test only when there is one (else the index answers without the rows)
            f"WHERE v.case_id IN (SELECT value FROM json_each(?1)) {'AND ' + _KEPT_DATE if windowed else ''}) "
            "SELECT p.case_id, count(*) FROM pairs p JOIN edges e ON e.id = p.edge_id "
            "JOIN nodes a ON a.id = e.source JOIN nodes b ON b.id = e.target "
            "WHERE e.relation IN (SELECT value FROM json_each(?2)) AND a.kind IN (SELECT value FROM json_each(?6)) "
            "AND b.kind IN (SELECT value FROM json_each(?6)) GROUP BY p.case_id",
            (json.dumps(sorted(set(case_ids))), json.dumps(list(relations)), start, end, int(windowed),
             json.dumps(list(kinds))))
        return dict(rows)

    def case_contents(self, case_ids: Sequence[str], relations: Sequence[str],
                      kinds: Sequence[str]) -> Iterator[tuple[str, list[Node], list[Edge]]]:
        """Each case's :meth:`case_nodes` and :meth:`case_edges` from three queries streamed side
        by side, each ordered by case id (through ``edge_evidence_by_case`` and
        ``records_by_case``), by case id; see :meth:`graphkit.store.base.Store.case_contents`."""
        wanted = sorted(set(case_ids), key=_binary)  # SQLite's order of the case ids
        cases = json.dumps(wanted)
        edge_rows = self._conn.execute(
            "SELECT v.case_id, e.id, e.source, e.target, e.relation, e.properties, v.record_id, v.file, v.row, "
            f"v.source_id, v.case_id, v.date, v.reliability, v.channel, v.outcome, {self._weight_column} "
            "FROM edge_evidence v JOIN edges e ON e.id = v.edge_id "
            "WHERE v.case_id IN (SELECT value FROM json_each(?1)) AND e.relation IN (SELECT value FROM json_each(?2)) "
            "ORDER BY v.case_id, v.edge_id, v.record_id", (cases, json.dumps(list(relations))))
        # with each node's aliases
        node_rows = self._case_members(cases, kinds, ", (SELECT json_group_array(a.alias) FROM node_aliases a "
                                                     "WHERE a.node_id = n.id)")
        evidence_rows = self._conn.execute(
            "SELECT r.case_id, e.node_id, e.record_id FROM records r JOIN node_evidence e ON e.rec = r.rec "
            # only nodes of the kinds (not each approach event's own record, most of the rows)
            "JOIN nodes n ON n.id = e.node_id AND n.kind IN (SELECT value FROM json_each(?2)) "
            "WHERE r.case_id IN (SELECT value FROM json_each(?1)) ORDER BY r.case_id, e.node_id",
            (cases, json.dumps(list(kinds))))
        edge_groups = _CaseGroups(edge_rows)
        node_groups = _CaseGroups(node_rows)
        evidence_groups = _CaseGroups(evidence_rows)
        for case_id in wanted:
            shared = SharedEvidence()  # one per case: records are held while their case is
            edges: list[Edge] = []
            for edge_id, group in itertools.groupby(edge_groups.take(case_id), key=lambda r: r[1]):
                first = next(group)
                edge = Edge(id=edge_id, source=first[2], target=first[3], relation=first[4],
                            properties=_loads(first[5]), evidence=[shared(first[6:])])
                edge.evidence.extend(shared(row[6:]) for row in group)
                edges.append(edge)
            evidence = dict(_grouped(row[1:] for row in evidence_groups.take(case_id)))
            nodes = [Node(id=node_id, kind=kind, name=name, properties=_loads(props),
                          aliases=set(json.loads(aliases)), evidence=set(evidence.get(node_id, ())))
                     for _, node_id, kind, name, props, aliases in node_groups.take(case_id)]
            yield case_id, nodes, edges

    def _case_members(self, cases: str, kinds: Sequence[str], extra: str = "") -> sqlite3.Cursor:
        """Rows ``(case_id, id, kind, name, properties[, extra])`` of the nodes of ``kinds``
        among :meth:`node_ids_in_case` of every case of the JSON array ``cases`` at once (its
        Case node, the nodes PART_OF it, the ends of its edges of any relation), by case id
        (SQLite's order) and id; ``extra``: more columns of ``n``, a node."""
        return self._conn.execute(
            "WITH wanted AS MATERIALIZED (SELECT value AS case_id FROM json_each(?1)), "
            "cases AS MATERIALIZED (SELECT json_extract(c.properties, '$.case_id') AS case_id, c.id FROM nodes c "
            "WHERE c.kind = 'Case' AND json_extract(c.properties, '$.case_id') IN wanted), "
            # each edge of a case once (the index alone), not once per record for each end
            "pairs AS MATERIALIZED (SELECT DISTINCT v.case_id, v.edge_id FROM edge_evidence v WHERE v.case_id IN wanted), "
            "members AS (SELECT case_id, id AS node_id FROM cases "
            "UNION SELECT c.case_id, e.source FROM cases c JOIN edges e ON e.target = c.id AND e.relation = 'PART_OF' "
            "UNION SELECT p.case_id, e.source FROM pairs p JOIN edges e ON e.id = p.edge_id "
            "UNION SELECT p.case_id, e.target FROM pairs p JOIN edges e ON e.id = p.edge_id) "
            f"SELECT m.case_id, n.id, n.kind, n.name, n.properties{extra} "
            "FROM members m JOIN nodes n ON n.id = m.node_id WHERE n.kind IN (SELECT value FROM json_each(?2)) "
            "ORDER BY m.case_id, n.id", (cases, json.dumps(list(kinds))))

    def case_ties(self, case_ids: Sequence[str], relations: Sequence[str], kinds: Sequence[str], *,
                  start: str | None = None, end: str | None = None) -> Iterator[tuple[str, ActorTies]]:
        """Each case's :meth:`actor_ties` among its nodes from three queries streamed side by side,
        each ordered by case id: the case's kept evidence grouped by edge (through
        ``edge_evidence_by_case``), the case's nodes (:meth:`_case_members`) and which of them
        the case's records mention (through ``records_by_case``; one row per node, not per
        record). See :meth:`graphkit.store.base.Store.case_ties`."""
        windowed = start is not None or end is not None
        wanted = sorted(set(case_ids), key=_binary)  # SQLite's order of the case ids
        cases, chosen = json.dumps(wanted), json.dumps(list(kinds))
        tie_rows = self._conn.execute(
            f"SELECT v.case_id, e.source, e.target, e.relation, count(*), sum(coalesce({self._weight_column}, 1)), "
            "group_concat(DISTINCT v.date) FROM edge_evidence v JOIN edges e ON e.id = v.edge_id "
            "WHERE v.case_id IN (SELECT value FROM json_each(?1)) AND e.relation IN (SELECT value FROM json_each(?2)) "
            f"AND {_KEPT_DATE} GROUP BY v.case_id, v.edge_id ORDER BY v.case_id, v.edge_id",
            (cases, json.dumps(list(relations)), start, end, int(windowed)))
        mention_rows = self._conn.execute(
            "SELECT DISTINCT r.case_id, e.node_id FROM records r JOIN node_evidence e ON e.rec = r.rec "
            "JOIN nodes n ON n.id = e.node_id AND n.kind IN (SELECT value FROM json_each(?2)) "
            "WHERE r.case_id IN (SELECT value FROM json_each(?1)) ORDER BY r.case_id, e.node_id", (cases, chosen))
        tie_groups, mention_groups = _CaseGroups(tie_rows), _CaseGroups(mention_rows)
        node_groups = _CaseGroups(self._case_members(cases, kinds))
        for case_id in wanted:
            ties = ActorTies()
            add_tie_rows(ties, (row[1:] for row in tie_groups.take(case_id)))
            named = {row[1] for row in mention_groups.take(case_id)} | set(ties.source) | set(ties.target)
            ties.nodes = [(node_id, kind, name, _loads(props)) for _, node_id, kind, name, props
                          in node_groups.take(case_id) if node_id in named]
            yield case_id, ties

    def case_node_records(self, wanted: Mapping[str, Collection[str]], relations: Sequence[str],
                          kinds: Sequence[str], *, start: str | None = None,
                          end: str | None = None) -> dict[tuple[str, str], list[str]]:
        """The records of each (case, node) pair behind the case's kept projected evidence, in
        one query: the case's records (``records_by_case``), the node's row of each
        (``node_evidence``'s key), the record's evidence (``edge_evidence``'s key). See
        :meth:`graphkit.store.base.Store.case_node_records`."""
        windowed = start is not None or end is not None
        pairs = sorted({(case, node) for case, nodes in wanted.items() for node in nodes})
        found: dict[tuple[str, str], list[str]] = {}
        for case, node, record in self._conn.execute(
            "WITH pairs AS MATERIALIZED (SELECT json_extract(value, '$[0]') AS case_id, "
            "json_extract(value, '$[1]') AS node_id FROM json_each(?6)), "
            # the pairs' records first (a key probe per record of the case), the edges of those only
            "mentions AS MATERIALIZED (SELECT p.case_id, x.node_id, x.record_id, x.rec FROM pairs p "
            "JOIN records r ON r.case_id = p.case_id JOIN node_evidence x ON x.rec = r.rec AND x.node_id = p.node_id) "
            "SELECT m.case_id, m.node_id, m.record_id FROM mentions m "
            "WHERE EXISTS (SELECT 1 FROM edge_evidence v JOIN edges e ON e.id = v.edge_id "
            "JOIN nodes a ON a.id = e.source JOIN nodes b ON b.id = e.target "
            "WHERE v.rec = m.rec AND v.case_id = m.case_id AND e.relation IN (SELECT value FROM json_each(?1)) "
            f"AND {_KEPT_DATE} AND a.kind IN (SELECT value FROM json_each(?2)) "
            "AND b.kind IN (SELECT value FROM json_each(?2)))",
            (json.dumps(list(relations)), json.dumps(list(kinds)), start, end, int(windowed), json.dumps(pairs))):
            found.setdefault((case, node), []).append(record)
        return {pair: sorted(found[pair]) for pair in sorted(found)}

    def neighbour_ids(self, node_ids: Iterable[str]) -> set[str]:
        """The nodes one hop from any of ``node_ids``, over any edge, in either direction."""
        ids = json.dumps(sorted(set(node_ids)))
        rows = self._conn.execute(
            "SELECT target FROM edges WHERE source IN (SELECT value FROM json_each(?1)) "
            "UNION SELECT source FROM edges WHERE target IN (SELECT value FROM json_each(?1))",
            (ids,),
        )
        return {r[0] for r in rows}

    def actor_ties(self, relations: Sequence[str], kinds: Sequence[str], *, case: str | None = None,
                   start: str | None = None, end: str | None = None,
                   among: Collection[str] | None = None) -> ActorTies:
        """The edges of ``relations`` aggregated over their kept evidence (one GROUP BY), and
        their end nodes of ``kinds``; see :meth:`graphkit.store.base.Store.actor_ties`. With
        ``among`` the edges are found from those ids (the ``edges_by_source`` index), not by a
        scan of every edge."""
        windowed = start is not None or end is not None
        ties = ActorTies()
        ids = json.dumps(sorted(set(among))) if among is not None else None
        rows = self._conn.execute(
            f"SELECT e.source, e.target, e.relation, count(*), sum(coalesce({self._weight_column}, 1)), "
            "group_concat(DISTINCT v.date) "
            "FROM edges e JOIN edge_evidence v ON v.edge_id = e.id "
            "WHERE e.relation IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR v.case_id = ?2) "
            f"AND {_KEPT_DATE} {_AMONG_ENDS if among is not None else ''} GROUP BY e.id ORDER BY e.id",
            (json.dumps(list(relations)), case, start, end, int(windowed), *([ids] if among is not None else [])))
        add_tie_rows(ties, rows)
        wanted = set(ties.source) | set(ties.target)
        if case is not None:
            wanted.update(r[0] for r in self._conn.execute(
                "SELECT DISTINCT n.node_id FROM node_evidence n JOIN records r ON r.rec = n.rec "
                "WHERE r.case_id = ?", (case,)))
        if among is not None:
            wanted &= set(among)
        ties.nodes = [(node_id, kind, name, _loads(props)) for node_id, kind, name, props in self._conn.execute(
            "SELECT id, kind, name, properties FROM nodes WHERE kind IN (SELECT value FROM json_each(?1)) "
            f"{'AND id IN (SELECT value FROM json_each(?2))' if among is not None else ''} ORDER BY id",
            (json.dumps(list(kinds)), *([ids] if among is not None else []))) if node_id in wanted]
        return ties

    def evidence_records(self, relations: Sequence[str], kinds: Sequence[str], *, case: str | None = None,
                         start: str | None = None, end: str | None = None) -> list[tuple[str, str | None, str | None, str | None]]:
        """The distinct records behind the kept evidence of edges of ``relations`` between nodes
        of ``kinds`` (one GROUP BY); see :meth:`graphkit.store.base.Store.evidence_records`."""
        windowed = start is not None or end is not None
        ends_kept = ("JOIN nodes a ON a.id = e.source JOIN nodes b ON b.id = e.target "
                     "WHERE e.relation IN (SELECT value FROM json_each(?1)) AND a.kind IN (SELECT value FROM json_each(?6)) "
                     "AND b.kind IN (SELECT value FROM json_each(?6))")
        if case is None:
            # every case: the wanted edges found first and kept in memory (an ephemeral index),
            # then the evidence scanned once against them; probing the edges' unique index for
            # each evidence row cost 2.4x the CPU (1M contacts, 7.4M rows: 44.1 against 18.6 s)
            sql = (f"WITH wanted AS MATERIALIZED (SELECT e.id FROM edges e {ends_kept}) "
                   "SELECT v.record_id, min(v.case_id), min(v.date), min(v.channel) FROM edge_evidence v "
                   f"WHERE {_KEPT_DATE} AND v.edge_id IN wanted GROUP BY v.record_id ORDER BY v.record_id")
        else:
            # one case: its evidence by the case index, each row's edge looked up (finding every
            # wanted edge first would cost a scan of all edges: 22 s against 1–4 s at 1M)
            sql = ("SELECT v.record_id, min(v.case_id), min(v.date), min(v.channel) "
                   f"FROM edges e JOIN edge_evidence v ON v.edge_id = e.id {ends_kept} AND v.case_id = ?2 "
                   f"AND {_KEPT_DATE} GROUP BY v.record_id ORDER BY v.record_id")
        return [tuple(row) for row in self._conn.execute(
            sql, (json.dumps(list(relations)), case, start, end, int(windowed), json.dumps(list(kinds))))]

    def case_ids(self, relations: Sequence[str], kinds: Sequence[str], *, start: str | None = None,
                 end: str | None = None) -> list[str]:
        """The case ids of the projection's kept evidence and of its nodes' records (one query);
        see :meth:`graphkit.store.base.Store.case_ids`."""
        windowed = start is not None or end is not None
        rows = self._conn.execute(
            # each step materialised once (inlined, SQLite re-ran `kept` for every row it tested)
            "WITH kept AS MATERIALIZED (SELECT DISTINCT e.source, e.target, v.case_id FROM edges e "
            "JOIN edge_evidence v ON v.edge_id = e.id WHERE e.relation IN (SELECT value FROM json_each(?1)) "
            f"AND ?2 IS NULL AND {_KEPT_DATE}), "
            "ends AS MATERIALIZED (SELECT source AS id FROM kept UNION SELECT target FROM kept), "
            "present AS MATERIALIZED (SELECT n.id FROM ends JOIN nodes n ON n.id = ends.id "
            "WHERE n.kind IN (SELECT value FROM json_each(?6))) "
            "SELECT case_id FROM kept WHERE case_id IS NOT NULL AND source IN present AND target IN present "
            "UNION SELECT r.case_id FROM node_evidence n JOIN records r ON r.rec = n.rec "
            # "+": a filter, not keys to probe for each record (records x nodes probes otherwise)
            "WHERE r.case_id IS NOT NULL AND +n.node_id IN present ORDER BY 1",
            (json.dumps(list(relations)), None, start, end, int(windowed), json.dumps(list(kinds))))
        return [r[0] for r in rows]

    def node_ids_in_window(self, start: str | None, end: str | None) -> set[str]:
        """Both ends of every edge with an evidence date overlapping ``start``..``end`` (ISO days).

        A date is compared with the window's ends cut to its own precision, so ``"2024-05"``
        overlaps a window that starts or ends inside May 2024 (as the Neo4j query does).
        """
        rows = self._conn.execute(
            "SELECT DISTINCT e.source, e.target FROM edge_evidence v JOIN edges e ON e.id = v.edge_id "
            "WHERE v.date IS NOT NULL AND (?1 IS NULL OR substr(?1, 1, length(v.date)) <= v.date) "
            "AND (?2 IS NULL OR v.date <= substr(?2, 1, length(v.date)))",
            (start, end),
        )
        return {x for pair in rows for x in pair}

    def record_counts_by_case(self) -> dict[str | None, int]:
        """How many records each case id has (None: records without a case)."""
        return dict(self._conn.execute("SELECT case_id, count(*) FROM records GROUP BY case_id"))

    def record_count(self) -> int:
        """How many distinct records the workspace holds."""
        return self._conn.execute("SELECT count(*) FROM records").fetchone()[0]

    def evidence_dates(self) -> list[str]:
        """Every distinct evidence date (ISO at its precision), sorted as text."""
        return [r[0] for r in self._conn.execute(
            "SELECT DISTINCT date FROM edge_evidence WHERE date IS NOT NULL ORDER BY 1"
        )]

    def foreign_counts(self, kinds: Iterable[str]) -> dict[str, int]:
        """How many nodes of ``kinds`` are foreign, domestic, or of unknown origin."""
        rows = self._conn.execute(
            "SELECT json_extract(properties, '$.foreign'), count(*) FROM nodes "
            "WHERE kind IN (SELECT value FROM json_each(?)) GROUP BY 1",
            (json.dumps(list(kinds)),),
        )
        out = {"foreign": 0, "domestic": 0, "unknown": 0}
        for flag, n in rows:
            out["unknown" if flag is None else "foreign" if flag else "domestic"] += n
        return out

    def rejects_count(self) -> int:
        """How many distinct rejected rows ``rejects.csv`` holds."""
        return len(self.read_rejects())

    def snapshot_hash(self) -> str:
        """``"sha256:<hex>"`` over the rows of the graph tables, each table in its key order.

        One scan per table; SQLite writes each row as one line (a JSON array) and Python hashes
        the lines. Record numbers (``rec``) are left out, so equal graphs have equal hashes
        whatever the order of the loads that made them.
        """
        digest = hashlib.sha256()
        for table, columns, order in SNAPSHOT_TABLES:
            digest.update(f"\x1e{table}\n".encode())
            cursor = self._conn.execute(snapshot_sql(table, columns, order))  # names: constants
            while rows := cursor.fetchmany(50_000):
                digest.update("\n".join([row[0] for row in rows]).encode("utf-8"))
                digest.update(b"\n")
        return "sha256:" + digest.hexdigest()

    def snapshot_method(self) -> str:
        """How :meth:`snapshot_hash` hashes the workspace, in words."""
        return (f"sha256 (version {SNAPSHOT_VERSION}) over the workspace tables "
                + ", ".join(f"{table} ({', '.join(columns)})" for table, columns, _ in SNAPSHOT_TABLES)
                + ", each row as a JSON array, in key order")

    # --- reference lists ------------------------------------------------------------------

    def replace_list(self, info: ListInfo, entries: Sequence[ListEntry]) -> None:
        """Keep a list beside the case graph, replacing any list of the same name (one transaction)."""
        workspace_lists.replace_list(self._conn, info, entries)

    def list_infos(self) -> list[ListInfo]:
        """Every stored list, by name."""
        return workspace_lists.list_infos(self._conn)

    def list_entries(self, names: Iterable[str] | None = None) -> list[ListEntry]:
        """The entries of the lists ``names`` (default: all), by list and entry id."""
        return workspace_lists.list_entries(self._conn, names)

    def remove_list(self, name: str) -> int:
        """Take the list ``name`` out; return how many entries it had."""
        return workspace_lists.remove_list(self._conn, name, self.location)

    def conflicts(self) -> list[tuple[str, str, str, str]]:
        """Every recorded property conflict: (node id, property, kept JSON, other JSON)."""
        return self._conn.execute(
            "SELECT node_id, property, kept, other FROM node_conflicts ORDER BY 1, 2, 4"
        ).fetchall()

    def counts(self) -> dict[str, int]:
        """Node counts by kind and edge counts by relation, e.g. ``{"Person": 12, "CONTACTED": 30}``."""
        out = dict(self._conn.execute("SELECT kind, count(*) FROM nodes GROUP BY kind ORDER BY kind"))
        out.update(self._conn.execute("SELECT relation, count(*) FROM edges GROUP BY relation ORDER BY relation"))
        return out
