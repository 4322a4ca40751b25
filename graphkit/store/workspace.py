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

import csv
import itertools
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator

from graphkit.errors import StoreError, StoreUnavailable
from graphkit.model import Batch, Edge, Evidence, Node, Record, Reject
from graphkit.store.base import LoadStats
from graphkit.store.workspace_tables import FORMAT_VERSION, TABLES_SQL, VIEWS_SQL

DB_FILE = "graph.sqlite"
REJECTS_FILE = "rejects.csv"
REJECT_COLUMNS = ("file", "row", "layout", "reason", "raw")
_CHUNK = 20_000  # ids per json_each lookup


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple, set, dict)) and not value)


def _clean(properties: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values; turn sets and tuples into sorted lists (JSON has no sets)."""
    if not properties:
        return {}
    out: dict[str, Any] = {}
    for key, value in properties.items():
        if _is_empty(value):
            continue
        if isinstance(value, (set, tuple)):
            value = sorted(value, key=str)
        out[key] = value
    return out


def _dumps(value: Any) -> str:
    if not value and isinstance(value, dict):
        return "{}"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def merge_properties(
    kept: dict[str, Any], incoming: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, Any, Any]]]:
    """Merge ``incoming`` into ``kept``: fill what is missing, never overwrite, union lists.

    Returns the merged properties and the conflicts ``(property, kept value, other value)``.

    >>> merge_properties({"country": "CN", "ids": ["a"]}, {"country": "JP", "org": "X", "ids": ["b"]})
    ({'country': 'CN', 'ids': ['a', 'b'], 'org': 'X'}, [('country', 'CN', 'JP')])
    """
    merged = dict(kept)
    conflicts: list[tuple[str, Any, Any]] = []
    for key, value in _clean(incoming).items():
        have = merged.get(key)
        if _is_empty(have):
            merged[key] = value
        elif isinstance(have, list) and isinstance(value, list):
            union = list(have) + [v for v in value if v not in have]
            merged[key] = sorted(union, key=str)
        elif have != value:
            conflicts.append((key, have, value))
    return dict(sorted(merged.items())), conflicts


class Workspace:
    """The embedded store: a directory with ``graph.sqlite`` and ``rejects.csv``.

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
        if not self.db_path.is_file():
            if not create:
                raise StoreUnavailable(
                    f"no workspace at {self.path} (no {DB_FILE} there); load records first "
                    "with `graphkit load FILES --workspace DIR` or name the right --workspace"
                )
            if self.path.exists() and not self.path.is_dir():
                raise StoreError(f"cannot make a workspace at {self.path}: it is a file")
            self.path.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(self.db_path, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA cache_size=-262144")  # 256 MiB page cache
            self._conn.execute("PRAGMA temp_store=MEMORY")
            self._setup()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.db_path} is not a graphkit workspace: {err}") from None

    # --- lifecycle ---------------------------------------------------------------------

    def _setup(self) -> None:
        version = None
        has_meta = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if has_meta:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()
            version = int(row[0]) if row else None
        if version is not None and version > FORMAT_VERSION:
            raise StoreError(
                f"{self.db_path} has workspace format {version}; this graphkit reads up to "
                f"{FORMAT_VERSION}: upgrade graphkit"
            )
        self._conn.executescript(TABLES_SQL + VIEWS_SQL)
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
    def connection(self) -> sqlite3.Connection:
        """The open SQLite connection, for read-only SQL of your own (e.g. in a notebook)."""
        return self._conn

    # --- writing -----------------------------------------------------------------------

    def write(self, batch: Batch) -> LoadStats:
        """Merge ``batch`` into the workspace in one transaction; see the module docs.

        Returns counts of distinct nodes, edges and records that were new and that merged
        into entries already stored.
        """
        stats = LoadStats()
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._write_records(batch.records, stats)
            self._write_nodes(batch.nodes, stats)
            self._write_edges(batch.edges, stats)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return stats

    def _existing(self, table: str, ids: list[str]) -> dict[str, tuple]:
        found: dict[str, tuple] = {}
        columns = "id, name, properties" if table == "nodes" else "id, properties"
        for start in range(0, len(ids), _CHUNK):
            chunk = json.dumps(ids[start : start + _CHUNK])
            for row in self._conn.execute(
                f"SELECT {columns} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                (chunk,),
            ):
                found[row[0]] = row[1:]
        return found

    def _write_records(self, records: list[Record], stats: LoadStats) -> None:
        if not records:
            return
        unique: dict[str, Record] = {}
        for record in records:
            unique.setdefault(record.record_id, record)
        cur = self._conn.executemany(
            "INSERT INTO records (record_id, layout, file, row, source_id, case_id, raw) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO NOTHING",
            [
                (r.record_id, r.layout, r.file, r.row, r.source_id, r.case_id, _dumps(r.raw))
                for r in unique.values()
            ],
        )
        stats.records_new += cur.rowcount
        stats.records_merged += len(unique) - cur.rowcount
        self._conn.executemany(
            "INSERT INTO record_locations (record_id, file, row) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            {(r.record_id, r.file, r.row) for r in records},
        )

    def _write_nodes(self, nodes: list[Node], stats: LoadStats) -> None:
        if not nodes:
            return
        # Merge the batch's own repeats first: id -> [kind, name, aliases, properties, evidence]
        merged: dict[str, list[Any]] = {}
        conflicts: set[tuple[str, str, str, str]] = set()
        for node in nodes:
            entry = merged.get(node.id)
            if entry is None:
                merged[node.id] = [node.kind, node.name, set(node.aliases), _clean(node.properties), set(node.evidence)]
                continue
            entry[2].update(node.aliases)
            entry[4].update(node.evidence)
            if node.name != entry[1]:
                entry[2].add(node.name)
            if node.properties and node.properties != entry[3]:
                entry[3], found = merge_properties(entry[3], node.properties)
                conflicts.update((node.id, k, _dumps(a), _dumps(b)) for k, a, b in found)
        existing = self._existing("nodes", list(merged))
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
            if name != stored_name:
                aliases.add(name)
        stats.nodes_new += len(inserts)
        stats.nodes_merged += len(merged) - len(inserts)
        conn = self._conn
        conn.executemany("INSERT INTO nodes (id, kind, name, properties) VALUES (?, ?, ?, ?)", inserts)
        conn.executemany("UPDATE nodes SET properties = ? WHERE id = ?", updates)
        conn.executemany(
            "INSERT INTO node_aliases (node_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(node_id, a) for node_id, entry in merged.items() for a in entry[2] if a],
        )
        conn.executemany(
            "INSERT INTO node_evidence (node_id, record_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(node_id, r) for node_id, entry in merged.items() for r in entry[4]],
        )
        if conflicts:
            conn.executemany(
                "INSERT INTO node_conflicts (node_id, property, kept, other) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                conflicts,
            )

    def _write_edges(self, edges: list[Edge], stats: LoadStats) -> None:
        if not edges:
            return
        merged: dict[str, list[Any]] = {}  # id -> [source, target, relation, properties]
        evidence: dict[tuple[str, str], Evidence] = {}
        for edge in edges:
            entry = merged.get(edge.id)
            if entry is None:
                merged[edge.id] = [edge.source, edge.target, edge.relation, _clean(edge.properties)]
            elif edge.properties and edge.properties != entry[3]:
                entry[3], _ = merge_properties(entry[3], edge.properties)
            for item in edge.evidence:
                evidence.setdefault((edge.id, item.record_id), item)
        existing = self._existing("edges", list(merged))
        inserts, updates = [], []
        for edge_id, (source, target, relation, properties) in merged.items():
            properties_json = _dumps(properties)
            if edge_id not in existing:
                inserts.append((edge_id, source, target, relation, properties_json))
                continue
            stored_json = existing[edge_id][0]
            if stored_json != properties_json and properties:
                stored = json.loads(stored_json)
                new, _ = merge_properties(stored, properties)
                if new != stored:
                    updates.append((_dumps(new), edge_id))
        stats.edges_new += len(inserts)
        stats.edges_merged += len(merged) - len(inserts)
        conn = self._conn
        conn.executemany(
            "INSERT INTO edges (id, source, target, relation, properties) VALUES (?, ?, ?, ?, ?)",
            inserts,
        )
        conn.executemany("UPDATE edges SET properties = ? WHERE id = ?", updates)
        conn.executemany(
            "INSERT INTO edge_evidence (edge_id, record_id, file, row, source_id, case_id, date, "
            "reliability, channel, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [
                (edge_id, e.record_id, e.file, e.row, e.source_id, e.case_id, e.date,
                 e.reliability, e.channel, e.outcome)
                for (edge_id, _), e in evidence.items()
            ],
        )

    def write_rejects(self, rejects: Iterable[Reject]) -> None:
        """Append rejected rows to ``rejects.csv`` (file, row, layout, reason, raw as JSON).

        Cells are neutralised so a spreadsheet never runs them as formulas.
        """
        from graphkit.safe_output import neutralise

        rows = [
            [neutralise(r.file), r.row, neutralise(r.layout), neutralise(r.reason), neutralise(_dumps(r.raw))]
            for r in rejects
        ]
        if not rows:
            return
        fresh = not self.rejects_path.exists() or self.rejects_path.stat().st_size == 0
        # A BOM at the start lets Excel read the Japanese text; appends add none.
        with open(self.rejects_path, "a", encoding="utf-8-sig" if fresh else "utf-8", newline="") as fh:
            writer = csv.writer(fh)
            if fresh:
                writer.writerow(REJECT_COLUMNS)
            writer.writerows(rows)

    # --- reading -----------------------------------------------------------------------

    def iter_nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        """Every node (ordered by id), or only those of the given kinds; streamed."""
        sql = (
            "SELECT n.id, n.kind, n.name, n.properties, "
            "(SELECT json_group_array(alias) FROM node_aliases a WHERE a.node_id = n.id), "
            "(SELECT json_group_array(record_id) FROM node_evidence e WHERE e.node_id = n.id) "
            "FROM nodes n"
        )
        params: tuple = ()
        if kinds is not None:
            sql += " WHERE n.kind IN (SELECT value FROM json_each(?))"
            params = (json.dumps(list(kinds)),)
        for node_id, kind, name, props, aliases, evidence in self._conn.execute(sql + " ORDER BY n.id", params):
            yield Node(
                id=node_id, kind=kind, name=name, aliases=set(json.loads(aliases)),
                properties=json.loads(props), evidence=set(json.loads(evidence)),
            )

    def get_node(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        rows = self._conn.execute(
            "SELECT n.id, n.kind, n.name, n.properties, "
            "(SELECT json_group_array(alias) FROM node_aliases a WHERE a.node_id = n.id), "
            "(SELECT json_group_array(record_id) FROM node_evidence e WHERE e.node_id = n.id) "
            "FROM nodes n WHERE n.id = ?",
            (node_id,),
        ).fetchall()
        if not rows:
            return None
        node_id, kind, name, props, aliases, evidence = rows[0]
        return Node(id=node_id, kind=kind, name=name, aliases=set(json.loads(aliases)),
                    properties=json.loads(props), evidence=set(json.loads(evidence)))

    def find_node_ids(self, text: str) -> list[str]:
        """Ids of nodes whose id, name or an alias is exactly ``text`` (id matches first)."""
        if self._conn.execute("SELECT 1 FROM nodes WHERE id = ?", (text,)).fetchone():
            return [text]
        rows = self._conn.execute(
            "SELECT id FROM nodes WHERE name = ? UNION SELECT node_id FROM node_aliases WHERE alias = ? "
            "ORDER BY 1",
            (text, text),
        )
        return [r[0] for r in rows]

    def iter_names(self, kinds: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
        """Every (node id, name or alias) pair, for name look-ups; streamed."""
        where, params = "", ()
        if kinds is not None:
            where = " WHERE n.kind IN (SELECT value FROM json_each(?))"
            params = (json.dumps(list(kinds)),)
        yield from self._conn.execute(f"SELECT n.id, n.name FROM nodes n{where}", params)
        yield from self._conn.execute(
            f"SELECT a.node_id, a.alias FROM node_aliases a JOIN nodes n ON n.id = a.node_id{where}", params
        )

    def iter_edges(self, relations: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge with its evidence (ordered by id), or only the given relations; streamed."""
        sql = (
            "SELECT e.id, e.source, e.target, e.relation, e.properties, v.record_id, v.file, v.row, "
            "v.source_id, v.case_id, v.date, v.reliability, v.channel, v.outcome "
            "FROM edges e LEFT JOIN edge_evidence v ON v.edge_id = e.id"
        )
        params: tuple = ()
        if relations is not None:
            sql += " WHERE e.relation IN (SELECT value FROM json_each(?))"
            params = (json.dumps(list(relations)),)
        rows = self._conn.execute(sql + " ORDER BY e.id, v.record_id", params)
        for edge_id, group in itertools.groupby(rows, key=lambda r: r[0]):
            first = next(group)
            edge = Edge(id=edge_id, source=first[1], target=first[2], relation=first[3],
                        properties=json.loads(first[4]))
            for row in itertools.chain([first], group):
                if row[5] is not None:
                    edge.evidence.append(Evidence(*row[5:]))
            yield edge

    def edges_between(self, a: str, b: str) -> list[Edge]:
        """Every edge from ``a`` to ``b`` or from ``b`` to ``a``, with evidence."""
        ids = [r[0] for r in self._conn.execute(
            "SELECT id FROM edges WHERE source = ? AND target = ? "
            "UNION SELECT id FROM edges WHERE source = ? AND target = ? ORDER BY 1",
            (a, b, b, a),
        )]
        return self._edges_by_id(ids)

    def _edges_by_id(self, ids: list[str]) -> list[Edge]:
        out: list[Edge] = []
        for edge_id in ids:
            row = self._conn.execute(
                "SELECT source, target, relation, properties FROM edges WHERE id = ?", (edge_id,)
            ).fetchone()
            evidence = [Evidence(*r) for r in self._conn.execute(
                "SELECT record_id, file, row, source_id, case_id, date, reliability, channel, outcome "
                "FROM edge_evidence WHERE edge_id = ? ORDER BY date, record_id", (edge_id,)
            )]
            out.append(Edge(id=edge_id, source=row[0], target=row[1], relation=row[2],
                            properties=json.loads(row[3]), evidence=evidence))
        return out

    def get_records(self, record_ids: Iterable[str]) -> dict[str, Record]:
        """The records with these ids (unknown ids are left out)."""
        ids = list(dict.fromkeys(record_ids))
        found: dict[str, Record] = {}
        for start in range(0, len(ids), _CHUNK):
            for row in self._conn.execute(
                "SELECT record_id, layout, file, row, source_id, case_id, raw FROM records "
                "WHERE record_id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids[start : start + _CHUNK]),),
            ):
                found[row[0]] = Record(*row[:6], raw=json.loads(row[6]))
        return found

    def record_locations(self, record_ids: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
        """Every (file, row) each record was read from, sorted."""
        ids = list(dict.fromkeys(record_ids))
        out: dict[str, list[tuple[str, int]]] = {}
        for start in range(0, len(ids), _CHUNK):
            for record_id, file, row in self._conn.execute(
                "SELECT record_id, file, row FROM record_locations "
                "WHERE record_id IN (SELECT value FROM json_each(?)) ORDER BY record_id, file, row",
                (json.dumps(ids[start : start + _CHUNK]),),
            ):
                out.setdefault(record_id, []).append((file, row))
        return out

    def record_case_ids(self, record_ids: Iterable[str]) -> dict[str, str | None]:
        """The case id of each known record (a fast path the projection uses)."""
        ids = list(dict.fromkeys(record_ids))
        out: dict[str, str | None] = {}
        for start in range(0, len(ids), _CHUNK):
            out.update(self._conn.execute(
                "SELECT record_id, case_id FROM records WHERE record_id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids[start : start + _CHUNK]),),
            ))
        return out

    def record_counts_by_case(self) -> dict[str | None, int]:
        """How many records each case id has (None: records without a case)."""
        return dict(self._conn.execute("SELECT case_id, count(*) FROM records GROUP BY case_id"))

    def record_count(self) -> int:
        """How many distinct records the workspace holds."""
        return self._conn.execute("SELECT count(*) FROM records").fetchone()[0]

    def evidence_date_range(self) -> tuple[str | None, str | None]:
        """The smallest and largest evidence date, as stored text (ISO at its precision)."""
        return self._conn.execute("SELECT min(date), max(date) FROM edge_evidence").fetchone()

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
