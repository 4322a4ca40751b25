"""Benchmark: storage engines and table layouts for the workspace, side by side (issue 16.1).

On one loaded workspace (the rows graphkit's loader wrote for a generated contacts file) and
that file, it measures, each option in a fresh child process (CPU seconds of the process, all
threads; wall seconds; peak RSS by ru_maxrss; bytes on disk after the connection is closed):

- **peer**: ``benchmarks/bench_load.py``'s hand-written pandas ``read_csv`` + networkx build,
  the same code (run twice: pandas without pyarrow, as in the locked environment, and with
  pyarrow, which pandas 3 then uses for its strings);
- **A** format 3 as today: graphkit's own tables (``workspace_tables.TABLES_SQL``) and the exact
  rows the loader wrote, taken from the workspace, inserted with the loader's SQL in its 10
  batches (bare inserts: no Python-side parsing, no look-ups of existing ids);
- **B** SQLite, changed model: integer keys for nodes and edges (appending), evidence stored
  once per record (the record row carries file, row, case, date, reliability, channel,
  outcome, weight) and referenced by (record, edge) pairs, the approach's role edges (MADE,
  TARGETED, VIA, PART_OF) as columns of one approach row keyed by its record and CONCERNS as
  (record, technology) pairs, node evidence derived from the edges and approach rows (only a
  record that cites a node without an edge would need a node-evidence row: none here). B's
  write includes its per-batch look-ups (record ids already stored, node and edge ids to
  their integer keys);
- **C** DuckDB with B's tables (no indexes or constraints), each batch inserted from Arrow
  tables built from the batch's Python lists (inside the clock), ids mapped by SQL joins;
- **D** Parquet files (pyarrow) for B's append-only tables (records, approaches, concerns,
  evidence pairs: one file per table and batch) beside a small SQLite for the mutable ones
  (nodes, aliases, edges, loads, load records); reads with pyarrow compute.

Then, per option, on the data it wrote (a fresh connection): the actor ties aggregate
(``Workspace.actor_ties`` over ``schema.ACTOR_RELATIONS``, what ``projection.actor_arrays``
reads), the largest case's actor edges with their evidence (``Workspace.case_edges``, as
``Edge`` objects), the busiest actor's evidence (its records with file and row), an
idempotent reload of the same records as a second load (what finding "already there" costs),
unloading that second load (nothing removed) and then the first (everything removed). For A
the reads and the unload are graphkit's own code (``Workspace`` methods,
``workspace_loads.unload``); the reload is today's replay of every row with ``ON CONFLICT DO
NOTHING`` and, beside it, a record-id look-up only. Each read's result is checked against A's.

    PYTHONPATH=. python3 benchmarks/bench_storage.py \\
        --workspace /work/measure/r100k/workspace --csv /work/measure/r100k/contacts.csv

C and D need ``pip install duckdb pyarrow`` (pinned in the ``bench`` extra:
``pip install -e '.[bench]'``); without them the other options still run. Note that pandas 3
uses pyarrow for its strings once pyarrow is installed, which changes the peer (both are shown).
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import pickle
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

BATCH = 10_000  # records per batch and transaction, as the loader's chunks
ROLE_COLUMNS = {"MADE": "made", "TARGETED": "targeted", "VIA": "via", "PART_OF": "part_of"}
ROLE_RELATIONS = (*ROLE_COLUMNS, "CONCERNS")
OPTIONS = ("peer", "peer-pyarrow", "A", "B", "C", "D")
NEEDS = {"C": ("duckdb", "pyarrow"), "D": ("pyarrow",), "peer-pyarrow": ("pyarrow",)}


# --- measuring ---------------------------------------------------------------------------

def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


READ_REPEATS = 3  # reads are short: the least of 3 runs


def _timed(out: dict, name: str, fn: Callable[[], Any], repeat: int = 1) -> Any:
    """Run ``fn`` (``repeat`` times); keep its least CPU and wall seconds in ``out[name]``."""
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), _cpu()
        result = fn()
        took = {"cpu": _cpu() - cpu, "wall": time.perf_counter() - wall}
        out[name] = {k: min(v, out.get(name, took)[k]) for k, v in took.items()}
    return result


def _disk_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# --- the input: graphkit's rows, and the same data in model B ------------------------------

PREPARE_SQL = """
CREATE TEMP TABLE first_node AS SELECT node_id AS id, min(rec) AS rec FROM node_evidence GROUP BY node_id;
CREATE INDEX temp.first_node_rec ON first_node (rec);
CREATE TEMP TABLE first_edge AS SELECT edge_id AS id, min(rec) AS rec FROM edge_evidence GROUP BY edge_id;
CREATE INDEX temp.first_edge_rec ON first_edge (rec);
CREATE TEMP TABLE approach_rec AS SELECT e.node_id AS id, e.rec FROM node_evidence e JOIN nodes n ON n.id = e.node_id
    WHERE n.kind = 'Approach';
CREATE UNIQUE INDEX temp.approach_rec_id ON approach_rec (id);
CREATE TEMP TABLE roles AS SELECT a.rec, e.relation, CASE WHEN e.relation = 'MADE' THEN e.source ELSE e.target END AS other
    FROM edges e JOIN temp.approach_rec a ON a.id = CASE WHEN e.relation = 'MADE' THEN e.target ELSE e.source END
    WHERE e.relation IN ('MADE', 'TARGETED', 'VIA', 'PART_OF', 'CONCERNS');
CREATE INDEX temp.roles_rec ON roles (rec);
CREATE TEMP TABLE facts AS SELECT rec, max(date) AS date, max(reliability) AS reliability, max(channel) AS channel,
    max(outcome) AS outcome, max(weight) AS weight FROM edge_evidence GROUP BY rec;
CREATE UNIQUE INDEX temp.facts_rec ON facts (rec);
"""
ROLES = "('MADE', 'TARGETED', 'VIA', 'PART_OF', 'CONCERNS')"
A_INPUT = {  # table -> the rows the loader wrote for the batch's records (?1..?2: its rec range)
    "record_keys": "SELECT rec, record_id FROM record_keys WHERE rec BETWEEN ?1 AND ?2 ORDER BY rec",
    "records": "SELECT rec, record_id, layout, file, row, source_id, case_id, raw FROM records "
               "WHERE rec BETWEEN ?1 AND ?2 ORDER BY rec",
    "record_locations": "SELECT rec, record_id, file, row FROM record_locations WHERE rec BETWEEN ?1 AND ?2 ORDER BY rec",
    "nodes": "SELECT n.id, n.kind, n.name, n.properties FROM temp.first_node f JOIN nodes n ON n.id = f.id "
             "WHERE f.rec BETWEEN ?1 AND ?2 ORDER BY f.rec, f.id",
    "node_aliases": "SELECT a.node_id, a.alias FROM temp.first_node f JOIN node_aliases a ON a.node_id = f.id "
                    "WHERE f.rec BETWEEN ?1 AND ?2 ORDER BY a.node_id, a.alias",
    "node_evidence": "SELECT rec, node_id, record_id FROM node_evidence WHERE rec BETWEEN ?1 AND ?2 ORDER BY rec, node_id",
    "edges": "SELECT e.id, e.source, e.target, e.relation, e.properties FROM temp.first_edge f JOIN edges e ON e.id = f.id "
             "WHERE f.rec BETWEEN ?1 AND ?2 ORDER BY f.rec, f.id",
    "edge_evidence": "SELECT rec, edge_id, record_id, file, row, source_id, case_id, date, reliability, channel, outcome, "
                     "weight FROM edge_evidence WHERE rec BETWEEN ?1 AND ?2 ORDER BY rec, edge_id",
}
B_INPUT = {
    "records": "SELECT r.rec, r.record_id, r.layout, r.file, r.row, r.source_id, r.case_id, f.date, f.reliability, "
               "f.channel, f.outcome, f.weight, r.raw FROM records r LEFT JOIN temp.facts f ON f.rec = r.rec "
               "WHERE r.rec BETWEEN ?1 AND ?2 ORDER BY r.rec",
    "nodes": "SELECT n.id, n.kind, n.name, n.properties FROM temp.first_node f JOIN nodes n ON n.id = f.id "
             "WHERE f.rec BETWEEN ?1 AND ?2 AND n.kind <> 'Approach' ORDER BY f.rec, f.id",
    "node_aliases": "SELECT a.node_id, a.alias FROM temp.first_node f JOIN nodes n ON n.id = f.id "
                    "JOIN node_aliases a ON a.node_id = f.id "
                    "WHERE f.rec BETWEEN ?1 AND ?2 AND n.kind <> 'Approach' ORDER BY a.node_id, a.alias",
    "roles": "SELECT rec, relation, other FROM temp.roles WHERE rec BETWEEN ?1 AND ?2 ORDER BY rec, relation, other",
    "edges": "SELECT e.id, e.source, e.target, e.relation, e.properties FROM temp.first_edge f JOIN edges e ON e.id = f.id "
             f"WHERE f.rec BETWEEN ?1 AND ?2 AND e.relation NOT IN {ROLES} ORDER BY f.rec, f.id",
    # counted = 0: the record states the tie (reliability) but is not a contact on it: the
    # loader's ``stated`` evidence, without channel, outcome or weight (EMPLOYED_BY)
    "edge_evidence": "SELECT v.rec, v.edge_id, v.channel IS NOT NULL FROM edge_evidence v JOIN edges e ON e.id = v.edge_id "
                     f"WHERE v.rec BETWEEN ?1 AND ?2 AND e.relation NOT IN {ROLES} ORDER BY v.rec, v.edge_id",
}


def _dump(path: Path, data: dict) -> None:
    with open(path, "wb") as f:
        pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)


def prepare(workspace: Path, cache: Path, batch: int = BATCH) -> dict:
    """Read the loaded workspace once, batch by batch, into pickled row lists for A and for B
    (``input-a-00000.pickle``, ...): the exact rows graphkit wrote, and the same facts in model B."""
    src = sqlite3.connect(f"file:{workspace / 'graph.sqlite'}?mode=ro&immutable=1", uri=True)
    src.execute("PRAGMA cache_size=-262144")
    src.executescript(PREPARE_SQL)
    q = lambda sql, *params: src.execute(sql, params).fetchall()  # noqa: E731
    recs = [r for (r,) in q("SELECT rec FROM records ORDER BY rec")]
    cache.mkdir(parents=True, exist_ok=True)
    a_rows: dict[str, int] = defaultdict(int)
    b_rows: dict[str, int] = defaultdict(int)
    n_batches = (len(recs) + batch - 1) // batch
    for number in range(n_batches):
        lo, hi = recs[number * batch], recs[min(len(recs), (number + 1) * batch) - 1]
        a = {table: q(sql, lo, hi) for table, sql in A_INPUT.items()}
        a["created"] = [r[0] for r in a["nodes"]] + [r[0] for r in a["edges"]]
        a["edges"] = [r[:4] if r[4] == "{}" else r for r in a["edges"]]  # the loader's two statements
        for table in A_INPUT:
            a_rows[table] += len(a[table])
        a_rows["load_records"] += len(a["record_keys"])
        _dump(cache / f"input-a-{number:05d}.pickle", a)
        del a
        b = {table: q(sql, lo, hi) for table, sql in B_INPUT.items()}
        roles: dict[int, dict[str, str]] = defaultdict(dict)
        b["concerns"] = []
        for rec, relation, other in b.pop("roles"):
            if relation == "CONCERNS":
                b["concerns"].append((rec, other))
            else:
                roles[rec][ROLE_COLUMNS[relation]] = other
        b["approaches"] = [(rec, r["made"], r["targeted"], r.get("via"), r.get("part_of")) for rec, r in sorted(roles.items())]
        for table in ("records", "nodes", "node_aliases", "approaches", "concerns", "edges", "edge_evidence"):
            b_rows[table] += len(b[table])
        b_rows["load_records"] += len(b["records"])
        _dump(cache / f"input-b-{number:05d}.pickle", b)
        del b
    largest_case = q("SELECT case_id FROM records WHERE case_id IS NOT NULL GROUP BY case_id "
                     "ORDER BY count(*) DESC, case_id LIMIT 1")[0][0]
    busiest = q("SELECT n.id FROM node_evidence e JOIN nodes n ON n.id = e.node_id "
                "WHERE n.kind IN ('Person', 'Company', 'Intermediary') GROUP BY n.id ORDER BY count(*) DESC, n.id LIMIT 1")[0][0]
    info = {"meta": q("SELECT key, value FROM meta"), "largest_case": largest_case, "busiest": busiest,
            "batches": n_batches, "a_rows": dict(a_rows), "b_rows": dict(b_rows)}
    src.close()
    (cache / "info.json").write_text(json.dumps(info))
    return info


class Feed:
    """The batches of one input, unpickled one at a time; the CPU and wall seconds spent
    unpickling are kept, to be taken off the write they feed (CPU of this thread only: an
    engine's own threads may work on while a batch is unpickled, and that is the engine's)."""

    def __init__(self, cache: Path, kind: str, count: int) -> None:
        self.paths = [cache / f"input-{kind}-{n:05d}.pickle" for n in range(count)]
        self.cpu = self.wall = 0.0

    def __iter__(self) -> Iterator[dict]:
        for path in self.paths:
            wall, cpu = time.perf_counter(), time.thread_time()
            with open(path, "rb") as f:
                batch = pickle.load(f)
            self.cpu += time.thread_time() - cpu
            self.wall += time.perf_counter() - wall
            yield batch
            del batch


def _fed(out: dict, name: str, feed: Feed, fn: Callable[[Feed], Any]) -> Any:
    """``_timed`` for a write fed by ``feed``: its time without the unpickling."""
    feed.cpu = feed.wall = 0.0
    result = _timed(out, name, lambda: fn(feed))
    out[name] = {"cpu": out[name]["cpu"] - feed.cpu, "wall": out[name]["wall"] - feed.wall,
                 "feed_cpu": feed.cpu}
    return result


# --- the checks every option's reads must pass (compared with A's) -------------------------

def _ties_summary(ties: Any) -> list:
    return [len(ties.source), sum(ties.contacts), round(sum(ties.weight), 3),
            sum(len(d) for d in ties.dates), len(ties.nodes)]


def _edges_summary(edges: list) -> list:
    return [len(edges), sum(len(e.evidence) for e in edges),
            sum(1 for e in edges for v in e.evidence if v.channel is not None)]


def _ties_from_rows(rows: Iterable[tuple], node_rows: Iterable[tuple]) -> Any:
    """Workspace.actor_ties's Python side, on rows of another layout."""
    from graphkit.store.base import ActorTies
    from graphkit.store.workspace import _loads, add_tie_rows
    ties = ActorTies()
    add_tie_rows(ties, rows)
    wanted = set(ties.source) | set(ties.target)
    ties.nodes = [(i, k, n, _loads(p)) for i, k, n, p in node_rows if i in wanted]
    return ties


def _edges_from_rows(rows: Iterable[tuple]) -> list:
    """Workspace.case_edges's Python side: rows ordered by edge id, then record id."""
    import itertools
    from graphkit.model import Edge
    from graphkit.store.workspace import SharedEvidence, _loads
    shared = SharedEvidence()
    edges = []
    for edge_id, group in itertools.groupby(rows, key=lambda r: r[0]):
        first = next(group)
        edge = Edge(id=edge_id, source=first[1], target=first[2], relation=first[3],
                    properties=_loads(first[4]), evidence=[shared(first[5:])])
        edge.evidence.extend(shared(row[5:]) for row in group)
        edges.append(edge)
    return edges


# --- A: format 3 as today -------------------------------------------------------------------

A_SQL = (
    ("record_keys", "INSERT INTO record_keys (rec, record_id) VALUES (?, ?)"),
    ("records", "INSERT INTO records (rec, record_id, layout, file, row, source_id, case_id, raw) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rec) DO NOTHING"),
    ("record_locations", "INSERT INTO record_locations (rec, record_id, file, row) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT DO NOTHING"),
    ("nodes", "INSERT OR IGNORE INTO nodes (id, kind, name, properties) VALUES (?, ?, ?, ?)"),
    ("node_aliases", "INSERT INTO node_aliases (node_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING"),
    ("node_evidence", "INSERT INTO node_evidence (rec, node_id, record_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
    ("edges", "INSERT INTO edges (id, source, target, relation) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"),
    ("edge_evidence", "INSERT INTO edge_evidence (rec, edge_id, record_id, file, row, source_id, case_id, date, "
                      "reliability, channel, outcome, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT DO NOTHING"),
)


def _a_write(conn: sqlite3.Connection, batches: Iterable[dict], load_id: str, owner: int) -> None:
    for batch in batches:
        conn.execute("BEGIN IMMEDIATE")
        for table, sql in A_SQL:
            rows = batch.get(table, [])
            if table == "record_keys" and owner == 0:
                sql = sql.replace("INSERT", "INSERT OR IGNORE")
            if table == "edges":  # the loader's two statements: edges without and with properties
                conn.executemany(sql, [r for r in rows if len(r) == 4])
                conn.executemany("INSERT OR IGNORE INTO edges (id, source, target, relation, properties) "
                                 "VALUES (?, ?, ?, ?, ?)", [r for r in rows if len(r) == 5])
            else:
                conn.executemany(sql, rows)
        if owner:  # the ids this load created (Workspace's CreatedIds, for unload)
            conn.executemany("INSERT OR IGNORE INTO temp.load_created VALUES (?, ?)",
                             [(load_id, i) for i in batch.get("created", [])])
        conn.executemany("INSERT INTO load_records (load_id, rec, owner) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                         [(load_id, r[0], owner) for r in batch["record_keys"]])
        conn.execute("COMMIT")


def _sqlite_open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")  # the workspace's settings (Workspace.__init__)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-131072")
    conn.execute("PRAGMA wal_autocheckpoint=65536")
    return conn


def option_a(work: Path, info: dict, csv: str, batches: Feed) -> dict:
    from graphkit import schema
    from graphkit.store import workspace_loads
    from graphkit.store.workspace import Workspace
    from graphkit.store.workspace_tables import TABLES_SQL, VIEWS_SQL
    out: dict = {"input_mib": _rss_mib()}
    db = work / "A" / "graph.sqlite"
    db.parent.mkdir()

    def write() -> str:
        conn = _sqlite_open(db)
        conn.executescript(TABLES_SQL + VIEWS_SQL)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", info["meta"])
        load_id = workspace_loads.start_load(conn, [csv])
        conn.execute("CREATE TEMP TABLE load_created (load_id TEXT NOT NULL, id TEXT NOT NULL, "
                     "PRIMARY KEY (load_id, id)) WITHOUT ROWID")
        _a_write(conn, batches, load_id, owner=1)
        conn.close()
        return load_id
    load_1 = _fed(out, "write", batches, lambda _: write())
    out["write_peak_mib"], out["disk"] = _peak_mib(), _disk_bytes(db.parent)

    with Workspace(db.parent, create=False) as ws:
        ties = _timed(out, "ties", repeat=READ_REPEATS, fn=lambda: ws.actor_ties(schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS))
        case = _timed(out, "case", repeat=READ_REPEATS, fn=lambda: ws.case_edges(info["largest_case"], schema.ACTOR_RELATIONS))

        def node_evidence() -> list:
            node = ws.get_node(info["busiest"])
            assert node is not None
            return sorted(ws.record_locations(node.evidence).items())
        evidence = _timed(out, "node", repeat=READ_REPEATS, fn=node_evidence)
    out["check"] = {"ties": _ties_summary(ties), "case": _edges_summary(case), "node": len(evidence)}

    conn = _sqlite_open(db)

    def reload_lookup() -> int:  # a record-level check: look the batch's record ids up, write nothing
        found = 0
        for batch in batches:
            ids = json.dumps([r[1] for r in batch["record_keys"]])
            found += len(conn.execute("SELECT rec FROM record_keys WHERE record_id IN (SELECT value FROM json_each(?))",
                                      (ids,)).fetchall())
        return found
    out["check"]["reload_found"] = _fed(out, "reload_lookup", batches, lambda _: reload_lookup())
    load_2 = workspace_loads.start_load(conn, [csv])
    _fed(out, "reload", batches, lambda _: _a_write(conn, batches, load_2, owner=0))
    _timed(out, "unload_reload", lambda: workspace_loads.unload(conn, load_2, where="A"))
    stats = _timed(out, "unload", lambda: workspace_loads.unload(conn, load_1, where="A"))
    out["check"]["unload"] = [stats.records_removed, conn.execute("SELECT count(*) FROM nodes").fetchone()[0],
                              conn.execute("SELECT count(*) FROM edges").fetchone()[0]]
    conn.close()
    return out


# --- B: SQLite, integer keys, evidence once per record ----------------------------------------

B_MUTABLE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- only the places a record was read beside records.file/row (none in one load)
CREATE TABLE record_locations (rec INTEGER NOT NULL, file TEXT NOT NULL, row INTEGER NOT NULL,
    PRIMARY KEY (rec, file, row)) WITHOUT ROWID;
CREATE TABLE nodes (nid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    name TEXT NOT NULL, properties TEXT NOT NULL DEFAULT '{}');
CREATE INDEX nodes_by_name ON nodes (name);
CREATE TABLE node_aliases (nid INTEGER NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (nid, alias)) WITHOUT ROWID;
CREATE INDEX node_aliases_by_alias ON node_aliases (alias);
-- a record citing a node it has no edge or approach row on (entities rows); none here
CREATE TABLE node_evidence (rec INTEGER NOT NULL, nid INTEGER NOT NULL, PRIMARY KEY (rec, nid)) WITHOUT ROWID;
CREATE INDEX node_evidence_by_node ON node_evidence (nid);
CREATE TABLE edges (eid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source INTEGER NOT NULL,
    target INTEGER NOT NULL, relation TEXT NOT NULL, properties TEXT NOT NULL DEFAULT '{}');
CREATE INDEX edges_by_source ON edges (source, target);
CREATE INDEX edges_by_target ON edges (target);
CREATE TABLE loads (load INTEGER PRIMARY KEY, load_id TEXT NOT NULL UNIQUE, started TEXT NOT NULL,
    files TEXT NOT NULL, counts TEXT NOT NULL DEFAULT '{}');
CREATE TABLE load_records (load INTEGER NOT NULL, rec INTEGER NOT NULL, owner INTEGER NOT NULL,
    PRIMARY KEY (load, rec)) WITHOUT ROWID;
CREATE INDEX load_records_by_rec ON load_records (rec);
"""
# the append-only tables (D keeps them in Parquet files instead)
B_FACTS = """
-- one row per record, with the facts every edge it supports cites
CREATE TABLE records (
    rec INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, layout TEXT NOT NULL,
    file TEXT NOT NULL, row INTEGER NOT NULL, source_id TEXT, case_id TEXT,
    date TEXT, reliability REAL, channel TEXT, outcome TEXT, weight REAL, raw TEXT NOT NULL);
CREATE INDEX records_by_case ON records (case_id) WHERE case_id IS NOT NULL;
-- the approach event of a contacts record: its role edges as columns
CREATE TABLE approaches (rec INTEGER PRIMARY KEY, made INTEGER NOT NULL, targeted INTEGER NOT NULL,
    via INTEGER, part_of INTEGER);
CREATE INDEX approaches_by_made ON approaches (made);
CREATE INDEX approaches_by_targeted ON approaches (targeted);
CREATE INDEX approaches_by_via ON approaches (via) WHERE via IS NOT NULL;
CREATE INDEX approaches_by_case ON approaches (part_of);
CREATE TABLE approach_concerns (rec INTEGER NOT NULL, nid INTEGER NOT NULL, PRIMARY KEY (rec, nid)) WITHOUT ROWID;
CREATE INDEX approach_concerns_by_node ON approach_concerns (nid);
-- (record, edge): the record supports the edge; counted = 0: it states the tie, is no contact on it
CREATE TABLE edge_evidence (rec INTEGER NOT NULL, eid INTEGER NOT NULL, counted INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (rec, eid)) WITHOUT ROWID;
CREATE INDEX edge_evidence_by_edge ON edge_evidence (eid);
"""
B_TABLES = B_MUTABLE + B_FACTS
# an evidence item of (record r, edge e): what Workspace returns for it
B_EVIDENCE = ("r.record_id, r.file, r.row, r.source_id, r.case_id, r.date, r.reliability, "
              "CASE WHEN v.counted THEN r.channel END, CASE WHEN v.counted THEN r.outcome END, "
              "CASE WHEN v.counted THEN r.weight END")


def _chunks(ids: list, size: int = 10_000) -> Iterable[str]:
    for start in range(0, len(ids), size):
        yield json.dumps(ids[start:start + size])


def _new_records(batch: dict, known: set[str]) -> dict:
    """The batch without the records already stored (and what only they cite)."""
    if not known:
        return batch
    keep = {r[0] for r in batch["records"] if r[1] not in known}
    return {**batch, **{t: [r for r in batch[t] if r[0] in keep] for t in
                        ("records", "approaches", "concerns", "edge_evidence")}}


def _b_write_batch(conn: sqlite3.Connection, batch: dict, load: int) -> None:
    """One batch of model B into SQLite, with the look-ups a loader needs (in its transaction)."""
    known = {rid for chunk in _chunks([r[1] for r in batch["records"]]) for (rid,) in conn.execute(
        "SELECT record_id FROM records WHERE record_id IN (SELECT value FROM json_each(?))", (chunk,))}
    conn.executemany("INSERT INTO load_records (load, rec, owner) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                     [(load, r[0], int(r[1] not in known)) for r in batch["records"]])
    batch = _new_records(batch, known)
    if not batch["records"]:
        return
    node_ids = {r[0] for r in batch["nodes"]}
    node_ids.update(x for r in batch["approaches"] for x in r[1:] if x is not None)
    node_ids.update(r[1] for r in batch["concerns"])
    node_ids.update(x for r in batch["edges"] for x in r[1:3])
    nid = {i: n for chunk in _chunks(sorted(node_ids)) for i, n in conn.execute(
        "SELECT id, nid FROM nodes WHERE id IN (SELECT value FROM json_each(?))", (chunk,))}
    top = conn.execute("SELECT coalesce(max(nid), 0) FROM nodes").fetchone()[0]
    fresh = [r for r in batch["nodes"] if r[0] not in nid]
    for i, r in enumerate(fresh, start=top + 1):
        nid[r[0]] = i
    conn.executemany("INSERT INTO nodes (nid, id, kind, name, properties) VALUES (?, ?, ?, ?, ?)",
                     [(nid[r[0]], *r) for r in fresh])
    conn.executemany("INSERT INTO node_aliases (nid, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     [(nid[i], a) for i, a in batch["node_aliases"]])
    edge_ids = sorted({r[1] for r in batch["edge_evidence"]})
    eid = {i: n for chunk in _chunks(edge_ids) for i, n in conn.execute(
        "SELECT id, eid FROM edges WHERE id IN (SELECT value FROM json_each(?))", (chunk,))}
    top = conn.execute("SELECT coalesce(max(eid), 0) FROM edges").fetchone()[0]
    fresh = [r for r in batch["edges"] if r[0] not in eid]
    for i, r in enumerate(fresh, start=top + 1):
        eid[r[0]] = i
    conn.executemany("INSERT INTO edges (eid, id, source, target, relation, properties) VALUES (?, ?, ?, ?, ?, ?)",
                     [(eid[i], i, nid[s], nid[t], rel, p) for i, s, t, rel, p in fresh])
    conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch["records"])
    get = nid.get
    conn.executemany("INSERT INTO approaches (rec, made, targeted, via, part_of) VALUES (?, ?, ?, ?, ?)",
                     [(rec, nid[m], nid[t], get(v), get(p)) for rec, m, t, v, p in batch["approaches"]])
    conn.executemany("INSERT INTO approach_concerns (rec, nid) VALUES (?, ?)",
                     [(rec, nid[t]) for rec, t in batch["concerns"]])
    conn.executemany("INSERT INTO edge_evidence (rec, eid, counted) VALUES (?, ?, ?)",
                     [(rec, eid[e], c) for rec, e, c in batch["edge_evidence"]])


def _b_load(conn: sqlite3.Connection, batches: Iterable[dict], csv: str) -> int:
    cur = conn.execute("INSERT INTO loads (load_id, started, files) VALUES (?, datetime('now'), ?)",
                       (f"load-{time.time_ns()}", json.dumps([csv])))
    load = cur.lastrowid
    assert load is not None
    for batch in batches:
        conn.execute("BEGIN IMMEDIATE")
        _b_write_batch(conn, batch, load)
        conn.execute("COMMIT")
    return load


B_TIES = (
    "SELECT s.id, t.id, e.relation, count(*), sum(coalesce(CASE WHEN v.counted THEN r.weight END, 1)), "
    "group_concat(DISTINCT r.date) "
    "FROM edges e JOIN edge_evidence v ON v.eid = e.eid JOIN records r ON r.rec = v.rec "
    "JOIN nodes s ON s.nid = e.source JOIN nodes t ON t.nid = e.target "
    "WHERE e.relation IN (SELECT value FROM json_each(?1)) GROUP BY e.eid ORDER BY e.id")
B_CASE = (
    "SELECT e.id, s.id, t.id, e.relation, e.properties, " + B_EVIDENCE + " "
    "FROM records r JOIN edge_evidence v ON v.rec = r.rec JOIN edges e ON e.eid = v.eid "
    "JOIN nodes s ON s.nid = e.source JOIN nodes t ON t.nid = e.target "
    "WHERE r.case_id = ?1 AND e.relation IN (SELECT value FROM json_each(?2)) ORDER BY e.id, r.record_id")
# a node's records: its approach rows, concerns, edges' evidence and explicit node evidence
B_NODE = (
    "WITH n AS (SELECT nid FROM nodes WHERE id = ?1), recs AS ("
    " SELECT rec FROM approaches WHERE made = (SELECT nid FROM n)"
    " UNION SELECT rec FROM approaches WHERE targeted = (SELECT nid FROM n)"
    " UNION SELECT rec FROM approaches WHERE via = (SELECT nid FROM n)"
    " UNION SELECT rec FROM approaches WHERE part_of = (SELECT nid FROM n)"
    " UNION SELECT rec FROM approach_concerns WHERE nid = (SELECT nid FROM n)"
    " UNION SELECT v.rec FROM edges e JOIN edge_evidence v ON v.eid = e.eid WHERE e.source = (SELECT nid FROM n)"
    " UNION SELECT v.rec FROM edges e JOIN edge_evidence v ON v.eid = e.eid WHERE e.target = (SELECT nid FROM n)"
    " UNION SELECT rec FROM node_evidence WHERE nid = (SELECT nid FROM n))"
    " SELECT r.record_id, r.file, r.row FROM records r WHERE r.rec IN (SELECT rec FROM recs) ORDER BY r.record_id")


def _b_unload(conn: sqlite3.Connection, load: int) -> list[int]:
    """B's unload: the records the load owns and no other load read go, with what cites them;
    then edges and nodes left with no evidence. (Undoing property changes is as in format 3.)"""
    conn.execute("BEGIN IMMEDIATE")
    heirs = conn.execute(
        "SELECT lr.rec, (SELECT min(o.load) FROM load_records o WHERE o.rec = lr.rec AND o.load <> ?1) "
        "FROM load_records lr WHERE lr.load = ?1 AND lr.owner = 1", (load,)).fetchall()
    conn.executemany("UPDATE load_records SET owner = 1 WHERE load = ? AND rec = ?",
                     [(h, rec) for rec, h in heirs if h is not None])
    conn.execute("DELETE FROM load_records WHERE load = ?", (load,))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS gone (rec INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched_e (eid INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched_n (nid INTEGER PRIMARY KEY)")
    for t in ("gone", "touched_e", "touched_n"):
        conn.execute(f"DELETE FROM temp.{t}")  # names: constants
    conn.executemany("INSERT INTO temp.gone VALUES (?)", [(rec,) for rec, h in heirs if h is None])
    gone = "(SELECT rec FROM temp.gone)"
    conn.execute(f"INSERT OR IGNORE INTO temp.touched_e SELECT eid FROM edge_evidence WHERE rec IN {gone}")
    for column in ("made", "targeted", "via", "part_of"):
        conn.execute(f"INSERT OR IGNORE INTO temp.touched_n SELECT {column} FROM approaches "  # names: constants
                     f"WHERE rec IN {gone} AND {column} IS NOT NULL")
    conn.execute(f"INSERT OR IGNORE INTO temp.touched_n SELECT nid FROM approach_concerns WHERE rec IN {gone}")
    conn.execute(f"INSERT OR IGNORE INTO temp.touched_n SELECT nid FROM node_evidence WHERE rec IN {gone}")
    for table in ("edge_evidence", "approaches", "approach_concerns", "node_evidence", "record_locations"):
        conn.execute(f"DELETE FROM {table} WHERE rec IN {gone}")  # names: constants
    removed = conn.execute(f"DELETE FROM records WHERE rec IN {gone}").rowcount
    conn.execute("INSERT OR IGNORE INTO temp.touched_n SELECT source FROM edges WHERE eid IN (SELECT eid FROM temp.touched_e) "
                 "UNION SELECT target FROM edges WHERE eid IN (SELECT eid FROM temp.touched_e)")
    conn.execute("DELETE FROM edges WHERE eid IN (SELECT eid FROM temp.touched_e) "
                 "AND NOT EXISTS (SELECT 1 FROM edge_evidence v WHERE v.eid = edges.eid)")
    orphans = [(n,) for (n,) in conn.execute(
        "SELECT t.nid FROM temp.touched_n t WHERE "
        "NOT EXISTS (SELECT 1 FROM approaches WHERE made = t.nid) AND NOT EXISTS (SELECT 1 FROM approaches WHERE targeted = t.nid) "
        "AND NOT EXISTS (SELECT 1 FROM approaches WHERE via = t.nid) AND NOT EXISTS (SELECT 1 FROM approaches WHERE part_of = t.nid) "
        "AND NOT EXISTS (SELECT 1 FROM approach_concerns WHERE nid = t.nid) AND NOT EXISTS (SELECT 1 FROM node_evidence WHERE nid = t.nid) "
        "AND NOT EXISTS (SELECT 1 FROM edges WHERE source = t.nid) AND NOT EXISTS (SELECT 1 FROM edges WHERE target = t.nid)")]
    conn.executemany("DELETE FROM node_aliases WHERE nid = ?", orphans)
    conn.executemany("DELETE FROM nodes WHERE nid = ?", orphans)
    conn.execute("DELETE FROM loads WHERE load = ?", (load,))
    conn.execute("COMMIT")
    return [removed, conn.execute("SELECT count(*) FROM nodes").fetchone()[0],
            conn.execute("SELECT count(*) FROM edges").fetchone()[0]]


def _sqlite_reads(conn: sqlite3.Connection, out: dict, info: dict) -> None:
    from graphkit import schema
    rels, kinds = json.dumps(list(schema.ACTOR_RELATIONS)), json.dumps(list(schema.PROJECTED_KINDS))
    ties = _timed(out, "ties", repeat=READ_REPEATS, fn=lambda: _ties_from_rows(conn.execute(B_TIES, (rels,)), conn.execute(
        "SELECT id, kind, name, properties FROM nodes WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY id",
        (kinds,))))
    case = _timed(out, "case", repeat=READ_REPEATS, fn=lambda: _edges_from_rows(conn.execute(B_CASE, (info["largest_case"], rels))))
    node = _timed(out, "node", repeat=READ_REPEATS, fn=lambda: conn.execute(B_NODE, (info["busiest"],)).fetchall())
    out["check"] = {"ties": _ties_summary(ties), "case": _edges_summary(case), "node": len(node)}


def option_b(work: Path, info: dict, csv: str, batches: Feed) -> dict:
    out: dict = {"input_mib": _rss_mib()}
    db = work / "B" / "graph.sqlite"
    db.parent.mkdir()

    # --b-indexes / --b-cache-mib: where B's write goes (docs/benchmarks.md)
    indexes_mode, cache_mib = os.environ.get("BENCH_STORAGE_B", "kept,128").split(",")
    indexes = "\n".join(line for line in B_FACTS.splitlines() if line.startswith("CREATE INDEX"))
    facts = B_FACTS if indexes_mode == "kept" else "\n".join(
        line for line in B_FACTS.splitlines() if not line.startswith("CREATE INDEX"))
    out["variant"] = {"indexes": indexes_mode, "cache_mib": int(cache_mib)}

    def write() -> int:
        conn = _sqlite_open(db)
        conn.execute(f"PRAGMA cache_size=-{int(cache_mib) * 1024}")
        conn.executescript(B_MUTABLE + facts)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", info["meta"])
        load = _b_load(conn, batches, csv)
        if indexes_mode == "deferred":  # the secondary indexes built once, after the load
            conn.executescript(indexes)
        conn.close()
        return load
    load_1 = _fed(out, "write", batches, lambda _: write())
    out["write_peak_mib"], out["disk"] = _peak_mib(), _disk_bytes(db.parent)
    conn = _sqlite_open(db)
    conn.execute(f"PRAGMA cache_size=-{int(cache_mib) * 1024}")
    _sqlite_reads(conn, out, info)
    load_2 = _fed(out, "reload", batches, lambda _: _b_load(conn, batches, csv))
    out["check"]["reload_found"] = conn.execute(
        "SELECT count(*) FROM load_records WHERE load = ? AND owner = 0", (load_2,)).fetchone()[0]
    _timed(out, "unload_reload", lambda: _b_unload(conn, load_2))
    out["check"]["unload"] = _timed(out, "unload", lambda: _b_unload(conn, load_1))
    conn.close()
    return out


# --- C: DuckDB with B's tables ---------------------------------------------------------------

C_TABLES = """
CREATE TABLE records (rec BIGINT, record_id VARCHAR, layout VARCHAR, file VARCHAR, "row" BIGINT,
    source_id VARCHAR, case_id VARCHAR, date VARCHAR, reliability DOUBLE, channel VARCHAR, outcome VARCHAR,
    weight DOUBLE, raw VARCHAR);
CREATE TABLE nodes (nid BIGINT, id VARCHAR, kind VARCHAR, name VARCHAR, properties VARCHAR);
CREATE TABLE node_aliases (nid BIGINT, alias VARCHAR);
CREATE TABLE node_evidence (rec BIGINT, nid BIGINT);
CREATE TABLE approaches (rec BIGINT, made BIGINT, targeted BIGINT, via BIGINT, part_of BIGINT);
CREATE TABLE approach_concerns (rec BIGINT, nid BIGINT);
CREATE TABLE edges (eid BIGINT, id VARCHAR, source BIGINT, target BIGINT, relation VARCHAR, properties VARCHAR);
CREATE TABLE edge_evidence (rec BIGINT, eid BIGINT, counted INTEGER);
CREATE TABLE loads ("load" BIGINT, load_id VARCHAR, started VARCHAR, files VARCHAR);
CREATE TABLE load_records ("load" BIGINT, rec BIGINT, owner INTEGER);
"""
# the columns of a batch's lists (model B, ids as text), with their types: i integer, f real, s text
RECORD_COLUMNS = ("rec:i record_id:s layout:s file:s row:i source_id:s case_id:s date:s reliability:f "
                  "channel:s outcome:s weight:f raw:s")
C_COLUMNS = {
    "records": RECORD_COLUMNS,
    "nodes": "id:s kind:s name:s properties:s",
    "node_aliases": "id:s alias:s",
    "approaches": "rec:i made:s targeted:s via:s part_of:s",
    "concerns": "rec:i id:s",
    "edges": "id:s source:s target:s relation:s properties:s",
    "edge_evidence": "rec:i id:s counted:i",
}


def _arrow(rows: list[tuple], columns: str) -> Any:
    """An Arrow table of ``rows`` (None when there are none) with the declared column types."""
    import pyarrow as pa
    if not rows:
        return None
    types = {"i": pa.int64(), "f": pa.float64(), "s": pa.string()}
    fields = [(name, types[kind]) for name, kind in (c.split(":") for c in columns.split())]
    return pa.table([pa.array(values, type=t) for (_, t), values in zip(fields, zip(*rows))],
                    schema=pa.schema(fields))


def _c_load(con: Any, batches: Iterable[dict], csv: str) -> int:
    load = con.execute('SELECT coalesce(max("load"), 0) + 1 FROM loads').fetchone()[0]
    con.execute("INSERT INTO loads VALUES (?, ?, current_timestamp::VARCHAR, ?)", (load, f"load-{load}", json.dumps([csv])))
    for batch in batches:
        con.begin()
        con.register("b_records", _arrow(batch["records"], C_COLUMNS["records"]))
        con.execute('INSERT INTO load_records SELECT ?, b.rec, (r.rec IS NULL)::INTEGER FROM b_records b '
                    'LEFT JOIN records r ON r.record_id = b.record_id', (load,))
        known = {k for (k,) in con.execute(
            "SELECT b.record_id FROM b_records b JOIN records r ON r.record_id = b.record_id").fetchall()}
        con.unregister("b_records")
        batch = _new_records(batch, known)  # the reload: only load_records are written
        if not batch["records"]:
            con.commit()
            continue
        t = {name: _arrow(batch[name], cols) for name, cols in C_COLUMNS.items()}
        for name, table in t.items():
            if table is not None:
                con.register(f"b_{name}", table)
        if t["nodes"] is not None:
            con.execute("INSERT INTO nodes SELECT (SELECT coalesce(max(nid), 0) FROM nodes) + row_number() OVER (), "
                        "b.id, b.kind, b.name, b.properties FROM b_nodes b ANTI JOIN nodes n ON n.id = b.id")
        if t["node_aliases"] is not None:
            con.execute("INSERT INTO node_aliases SELECT n.nid, b.alias FROM b_node_aliases b JOIN nodes n ON n.id = b.id "
                        "ANTI JOIN node_aliases a ON a.nid = n.nid AND a.alias = b.alias")
        if t["edges"] is not None:
            con.execute("INSERT INTO edges SELECT (SELECT coalesce(max(eid), 0) FROM edges) + row_number() OVER (), "
                        "b.id, s.nid, t.nid, b.relation, b.properties FROM b_edges b "
                        "JOIN nodes s ON s.id = b.source JOIN nodes t ON t.id = b.target ANTI JOIN edges e ON e.id = b.id")
        con.execute("INSERT INTO records SELECT * FROM b_records")
        if t["approaches"] is not None:
            con.execute("INSERT INTO approaches SELECT a.rec, m.nid, t.nid, v.nid, p.nid FROM b_approaches a "
                        "JOIN nodes m ON m.id = a.made JOIN nodes t ON t.id = a.targeted "
                        "LEFT JOIN nodes v ON v.id = a.via LEFT JOIN nodes p ON p.id = a.part_of")
        if t["concerns"] is not None:
            con.execute("INSERT INTO approach_concerns SELECT c.rec, n.nid FROM b_concerns c JOIN nodes n ON n.id = c.id")
        if t["edge_evidence"] is not None:
            con.execute("INSERT INTO edge_evidence SELECT v.rec, e.eid, v.counted FROM b_edge_evidence v "
                        "JOIN edges e ON e.id = v.id")
        for name, table in t.items():
            if table is not None:
                con.unregister(f"b_{name}")
        con.commit()
    return load


def _c_unload(con: Any, load: int) -> list[int]:
    con.begin()
    con.execute('CREATE OR REPLACE TEMP TABLE heirs AS SELECT lr.rec, (SELECT min(o."load") FROM load_records o '
                'WHERE o.rec = lr.rec AND o."load" <> ?) AS heir FROM load_records lr WHERE lr."load" = ? AND lr.owner = 1',
                (load, load))
    con.execute('UPDATE load_records SET owner = 1 FROM heirs h WHERE load_records."load" = h.heir AND load_records.rec = h.rec')
    con.execute('DELETE FROM load_records WHERE "load" = ?', (load,))
    con.execute("CREATE OR REPLACE TEMP TABLE gone AS SELECT rec FROM heirs WHERE heir IS NULL")
    con.execute("CREATE OR REPLACE TEMP TABLE touched_e AS SELECT DISTINCT eid FROM edge_evidence WHERE rec IN (SELECT rec FROM gone)")
    con.execute("CREATE OR REPLACE TEMP TABLE touched_n AS "
                "SELECT made AS nid FROM approaches WHERE rec IN (SELECT rec FROM gone) "
                "UNION SELECT targeted FROM approaches WHERE rec IN (SELECT rec FROM gone) "
                "UNION SELECT via FROM approaches WHERE rec IN (SELECT rec FROM gone) AND via IS NOT NULL "
                "UNION SELECT part_of FROM approaches WHERE rec IN (SELECT rec FROM gone) AND part_of IS NOT NULL "
                "UNION SELECT nid FROM approach_concerns WHERE rec IN (SELECT rec FROM gone) "
                "UNION SELECT nid FROM node_evidence WHERE rec IN (SELECT rec FROM gone) "
                "UNION SELECT source FROM edges WHERE eid IN (SELECT eid FROM touched_e) "
                "UNION SELECT target FROM edges WHERE eid IN (SELECT eid FROM touched_e)")
    for table in ("edge_evidence", "approaches", "approach_concerns", "node_evidence"):
        con.execute(f"DELETE FROM {table} WHERE rec IN (SELECT rec FROM gone)")  # names: constants
    removed = con.execute("DELETE FROM records WHERE rec IN (SELECT rec FROM gone)").fetchone()[0]
    con.execute("DELETE FROM edges WHERE eid IN (SELECT eid FROM touched_e) AND eid NOT IN (SELECT eid FROM edge_evidence)")
    con.execute("CREATE OR REPLACE TEMP TABLE orphans AS SELECT nid FROM touched_n WHERE nid NOT IN ("
                "SELECT made FROM approaches UNION SELECT targeted FROM approaches UNION SELECT via FROM approaches "
                "WHERE via IS NOT NULL UNION SELECT part_of FROM approaches WHERE part_of IS NOT NULL "
                "UNION SELECT nid FROM approach_concerns UNION SELECT nid FROM node_evidence "
                "UNION SELECT source FROM edges UNION SELECT target FROM edges)")
    con.execute("DELETE FROM node_aliases WHERE nid IN (SELECT nid FROM orphans)")
    con.execute("DELETE FROM nodes WHERE nid IN (SELECT nid FROM orphans)")
    con.execute('DELETE FROM loads WHERE "load" = ?', (load,))
    con.commit()
    return [removed, con.execute("SELECT count(*) FROM nodes").fetchone()[0],
            con.execute("SELECT count(*) FROM edges").fetchone()[0]]


def option_c(work: Path, info: dict, csv: str, batches: Feed) -> dict:
    import duckdb
    from graphkit import schema
    out: dict = {"input_mib": _rss_mib()}
    db = work / "C" / "graph.duckdb"
    db.parent.mkdir()

    def write() -> int:
        con = duckdb.connect(str(db))
        con.execute(C_TABLES)
        load = _c_load(con, batches, csv)
        con.close()
        return load
    load_1 = _fed(out, "write", batches, lambda _: write())
    out["write_peak_mib"], out["disk"] = _peak_mib(), _disk_bytes(db.parent)
    con = duckdb.connect(str(db))
    rels, kinds = list(schema.ACTOR_RELATIONS), list(schema.PROJECTED_KINDS)
    evidence = B_EVIDENCE.replace("r.row", 'r."row"')
    ties = _timed(out, "ties", repeat=READ_REPEATS, fn=lambda: _ties_from_rows(con.execute(
        "SELECT s.id, t.id, e.relation, count(*), sum(coalesce(CASE WHEN v.counted = 1 THEN r.weight END, 1)), "
        "string_agg(DISTINCT r.date, ',') FROM edges e JOIN edge_evidence v ON v.eid = e.eid "
        "JOIN records r ON r.rec = v.rec JOIN nodes s ON s.nid = e.source JOIN nodes t ON t.nid = e.target "
        "WHERE list_contains(?, e.relation) GROUP BY e.eid, s.id, t.id, e.relation, e.id ORDER BY e.id", (rels,)).fetchall(),
        con.execute("SELECT id, kind, name, properties FROM nodes WHERE list_contains(?, kind) ORDER BY id",
                    (kinds,)).fetchall()))
    case = _timed(out, "case", repeat=READ_REPEATS, fn=lambda: _edges_from_rows(con.execute(
        "SELECT e.id, s.id, t.id, e.relation, e.properties, " + evidence.replace("WHEN v.counted", "WHEN v.counted = 1") +
        " FROM records r JOIN edge_evidence v ON v.rec = r.rec JOIN edges e ON e.eid = v.eid "
        "JOIN nodes s ON s.nid = e.source JOIN nodes t ON t.nid = e.target "
        "WHERE r.case_id = ? AND list_contains(?, e.relation) ORDER BY e.id, r.record_id",
        (info["largest_case"], rels)).fetchall()))
    node = _timed(out, "node", repeat=READ_REPEATS, fn=lambda: con.execute(
        B_NODE.replace("?1", "$1").replace("r.row", 'r."row"'), (info["busiest"],)).fetchall())
    out["check"] = {"ties": _ties_summary(ties), "case": _edges_summary(case), "node": len(node)}
    load_2 = _fed(out, "reload", batches, lambda _: _c_load(con, batches, csv))
    out["check"]["reload_found"] = con.execute(
        'SELECT count(*) FROM load_records WHERE "load" = ? AND owner = 0', (load_2,)).fetchone()[0]
    _timed(out, "unload_reload", lambda: _c_unload(con, load_2))
    out["check"]["unload"] = _timed(out, "unload", lambda: _c_unload(con, load_1))
    con.close()
    return out


# --- D: Parquet for the append-only tables, SQLite for the mutable ones ------------------------

D_FACTS = ("records", "approaches", "approach_concerns", "edge_evidence")


def _d_load(conn: sqlite3.Connection, facts: Path, batches: Iterable[dict], csv: str) -> int:
    import pyarrow.parquet as pq
    cur = conn.execute("INSERT INTO loads (load_id, started, files) VALUES (?, datetime('now'), ?)",
                       (f"load-{time.time_ns()}", json.dumps([csv])))
    load = cur.lastrowid
    assert load is not None
    stored = set()
    if (facts / "records").exists():  # the record ids already stored: one column of the record files
        stored = set(pq.read_table(facts / "records", columns=["record_id"]).column(0).to_pylist())
    for number, batch in enumerate(batches):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO load_records (load, rec, owner) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                         [(load, r[0], int(r[1] not in stored)) for r in batch["records"]])
        batch = _new_records(batch, stored)
        if not batch["records"]:
            conn.execute("COMMIT")
            continue
        node_ids = {r[0] for r in batch["nodes"]}
        node_ids.update(x for r in batch["approaches"] for x in r[1:] if x is not None)
        node_ids.update(r[1] for r in batch["concerns"])
        node_ids.update(x for r in batch["edges"] for x in r[1:3])
        nid = {i: n for chunk in _chunks(sorted(node_ids)) for i, n in conn.execute(
            "SELECT id, nid FROM nodes WHERE id IN (SELECT value FROM json_each(?))", (chunk,))}
        top = conn.execute("SELECT coalesce(max(nid), 0) FROM nodes").fetchone()[0]
        fresh = [r for r in batch["nodes"] if r[0] not in nid]
        for i, r in enumerate(fresh, start=top + 1):
            nid[r[0]] = i
        conn.executemany("INSERT INTO nodes (nid, id, kind, name, properties) VALUES (?, ?, ?, ?, ?)",
                         [(nid[r[0]], *r) for r in fresh])
        conn.executemany("INSERT INTO node_aliases (nid, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
                         [(nid[i], a) for i, a in batch["node_aliases"]])
        edge_ids = sorted({r[1] for r in batch["edge_evidence"]})
        eid = {i: n for chunk in _chunks(edge_ids) for i, n in conn.execute(
            "SELECT id, eid FROM edges WHERE id IN (SELECT value FROM json_each(?))", (chunk,))}
        top = conn.execute("SELECT coalesce(max(eid), 0) FROM edges").fetchone()[0]
        fresh = [r for r in batch["edges"] if r[0] not in eid]
        for i, r in enumerate(fresh, start=top + 1):
            eid[r[0]] = i
        conn.executemany("INSERT INTO edges (eid, id, source, target, relation, properties) VALUES (?, ?, ?, ?, ?, ?)",
                         [(eid[i], i, nid[s], nid[t], rel, p) for i, s, t, rel, p in fresh])
        get = nid.get
        tables = {
            "records": _arrow(batch["records"], RECORD_COLUMNS),
            "approaches": _arrow([(rec, nid[m], nid[t], get(v), get(p)) for rec, m, t, v, p in batch["approaches"]],
                                 "rec:i made:i targeted:i via:i part_of:i"),
            "approach_concerns": _arrow([(rec, nid[t]) for rec, t in batch["concerns"]], "rec:i nid:i"),
            "edge_evidence": _arrow([(rec, eid[e], c) for rec, e, c in batch["edge_evidence"]], "rec:i eid:i counted:i"),
        }
        for name, table in tables.items():
            if table is None:
                continue
            (facts / name).mkdir(parents=True, exist_ok=True)
            pq.write_table(table, facts / name / f"L{load:04d}-B{number:05d}.parquet")
        conn.execute("COMMIT")  # a crash between the files and this commit leaves files no load lists: ignored
    return load


def _d_unload(conn: sqlite3.Connection, facts: Path, load: int) -> list[int]:
    """D's unload: the load's own fact files go when it owns all their records (rewritten
    without them otherwise); then edges and nodes no remaining file cites."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    conn.execute("BEGIN IMMEDIATE")
    heirs = conn.execute(
        "SELECT lr.rec, (SELECT min(o.load) FROM load_records o WHERE o.rec = lr.rec AND o.load <> ?1) "
        "FROM load_records lr WHERE lr.load = ?1 AND lr.owner = 1", (load,)).fetchall()
    conn.executemany("UPDATE load_records SET owner = 1 WHERE load = ? AND rec = ?",
                     [(h, rec) for rec, h in heirs if h is not None])
    conn.execute("DELETE FROM load_records WHERE load = ?", (load,))
    gone = [rec for rec, h in heirs if h is None]
    removed = 0
    touched_e: set[int] = set()
    touched_n: set[int] = set()
    if gone:
        import pyarrow as pa
        gone_array = pa.array(gone, type=pa.int64())
        for name in D_FACTS:
            for path in sorted((facts / name).glob(f"L{load:04d}-*.parquet")):
                table = pq.read_table(path)
                mask = pc.is_in(table.column("rec"), value_set=gone_array)
                out = table.filter(mask)
                if name == "records":
                    removed += out.num_rows
                elif name == "edge_evidence":
                    touched_e.update(out.column("eid").to_pylist())
                else:
                    for column in out.column_names[1:]:
                        touched_n.update(x for x in out.column(column).to_pylist() if x is not None)
                kept = table.filter(pc.invert(mask))
                if kept.num_rows:
                    pq.write_table(kept, path)
                else:
                    path.unlink()
        # (records of this load another load also read stay in this load's files: they pass with them)
    if touched_e:
        remaining = set()
        if any((facts / "edge_evidence").glob("*.parquet")):
            remaining = set(pq.read_table(facts / "edge_evidence", columns=["eid"]).column(0).to_pylist())
        ids = json.dumps(sorted(touched_e))
        touched_n.update(x for pair in conn.execute(
            "SELECT source, target FROM edges WHERE eid IN (SELECT value FROM json_each(?))", (ids,)) for x in pair)
        conn.executemany("DELETE FROM edges WHERE eid = ?", [(e,) for e in touched_e - remaining])
    if touched_n:
        cited: set[int] = set()
        for name in ("approaches", "approach_concerns"):
            if any((facts / name).glob("*.parquet")):
                table = pq.read_table(facts / name)
                for column in table.column_names[1:]:
                    cited.update(x for x in table.column(column).to_pylist() if x is not None)
        cited.update(x for pair in conn.execute("SELECT source, target FROM edges") for x in pair)
        cited.update(n for (n,) in conn.execute("SELECT nid FROM node_evidence"))
        orphans = [(n,) for n in touched_n - cited]
        conn.executemany("DELETE FROM node_aliases WHERE nid = ?", orphans)
        conn.executemany("DELETE FROM nodes WHERE nid = ?", orphans)
    conn.execute("DELETE FROM loads WHERE load = ?", (load,))
    conn.execute("COMMIT")
    return [removed, conn.execute("SELECT count(*) FROM nodes").fetchone()[0],
            conn.execute("SELECT count(*) FROM edges").fetchone()[0]]


def _d_reads(conn: sqlite3.Connection, facts: Path, out: dict, info: dict) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    from graphkit import schema
    rels, kinds = json.dumps(list(schema.ACTOR_RELATIONS)), json.dumps(list(schema.PROJECTED_KINDS))

    def sql_table(sql: str, params: tuple, names: tuple[str, ...]) -> Any:
        rows = conn.execute(sql, params).fetchall()
        return pa.table({n: list(v) for n, v in zip(names, zip(*rows))} if rows else {n: [] for n in names})

    def edges_table() -> Any:
        return sql_table("SELECT e.eid, e.id, s.id, t.id, e.relation, e.properties FROM edges e "
                         "JOIN nodes s ON s.nid = e.source JOIN nodes t ON t.nid = e.target "
                         "WHERE e.relation IN (SELECT value FROM json_each(?))", (rels,),
                         ("eid", "id", "source", "target", "relation", "properties"))

    def ties() -> Any:
        ev = pq.read_table(facts / "edge_evidence")
        rec = pq.read_table(facts / "records", columns=["rec", "date", "weight"])
        joined = ev.join(rec, "rec", join_type="inner").join(edges_table(), "eid", join_type="inner")
        weight = pc.if_else(pc.equal(joined.column("counted"), 1), joined.column("weight"), pa.scalar(None, pa.float64()))
        joined = joined.append_column("w", pc.fill_null(weight, 1.0))
        grouped = joined.group_by(["eid", "id", "source", "target", "relation"]).aggregate(
            [("rec", "count"), ("w", "sum"), ("date", "distinct")]).sort_by("id")
        rows = zip(*(grouped.column(c).to_pylist() for c in ("source", "target", "relation", "rec_count", "w_sum",
                                                             "date_distinct")))
        return _ties_from_rows(((s, t, r, c, w, ",".join(d for d in dates if d is not None))
                                for s, t, r, c, w, dates in rows), conn.execute(
            "SELECT id, kind, name, properties FROM nodes WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY id",
            (kinds,)))

    def case() -> list:
        rec = pq.read_table(facts / "records", filters=[("case_id", "=", info["largest_case"])])
        ev = pq.read_table(facts / "edge_evidence", filters=[("rec", "in", rec.column("rec").to_pylist())])
        joined = ev.join(rec, "rec", join_type="inner").join(edges_table(), "eid", join_type="inner").sort_by([("id", "ascending"), ("record_id", "ascending")])
        counted = joined.column("counted").to_pylist()
        cols = [joined.column(c).to_pylist() for c in ("id", "source", "target", "relation", "properties", "record_id",
                                                      "file", "row", "source_id", "case_id", "date", "reliability",
                                                      "channel", "outcome", "weight")]
        rows = (r[:12] + ((r[12], r[13], r[14]) if k else (None, None, None)) for r, k in zip(zip(*cols), counted))
        return _edges_from_rows(rows)

    def node() -> list:
        nid = conn.execute("SELECT nid FROM nodes WHERE id = ?", (info["busiest"],)).fetchone()[0]
        recs: set[int] = set()
        ap = pq.read_table(facts / "approaches")
        for column in ("made", "targeted", "via", "part_of"):
            recs.update(ap.filter(pc.equal(ap.column(column), nid)).column("rec").to_pylist())
        recs.update(pq.read_table(facts / "approach_concerns", filters=[("nid", "=", nid)]).column("rec").to_pylist())
        eids = [e for (e,) in conn.execute("SELECT eid FROM edges WHERE source = ?1 UNION SELECT eid FROM edges "
                                           "WHERE target = ?1", (nid,))]
        recs.update(pq.read_table(facts / "edge_evidence", filters=[("eid", "in", eids)]).column("rec").to_pylist())
        recs.update(r for (r,) in conn.execute("SELECT rec FROM node_evidence WHERE nid = ?", (nid,)))
        found = pq.read_table(facts / "records", columns=["rec", "record_id", "file", "row"],
                              filters=[("rec", "in", sorted(recs))])
        return sorted(zip(*(found.column(c).to_pylist() for c in ("record_id", "file", "row"))))

    t = _timed(out, "ties", repeat=READ_REPEATS, fn=ties)
    c = _timed(out, "case", repeat=READ_REPEATS, fn=case)
    n = _timed(out, "node", repeat=READ_REPEATS, fn=node)
    out["check"] = {"ties": _ties_summary(t), "case": _edges_summary(c), "node": len(n)}


def option_d(work: Path, info: dict, csv: str, batches: Feed) -> dict:
    out: dict = {"input_mib": _rss_mib()}
    root = work / "D"
    facts, db = root / "facts", root / "graph.sqlite"
    facts.mkdir(parents=True)

    def write() -> int:
        conn = _sqlite_open(db)
        conn.executescript(B_MUTABLE)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", info["meta"])
        load = _d_load(conn, facts, batches, csv)
        conn.close()
        return load
    load_1 = _fed(out, "write", batches, lambda _: write())
    out["write_peak_mib"], out["disk"] = _peak_mib(), _disk_bytes(root)
    conn = _sqlite_open(db)
    _d_reads(conn, facts, out, info)
    load_2 = _fed(out, "reload", batches, lambda _: _d_load(conn, facts, batches, csv))
    out["check"]["reload_found"] = conn.execute(
        "SELECT count(*) FROM load_records WHERE load = ? AND owner = 0", (load_2,)).fetchone()[0]
    _timed(out, "unload_reload", lambda: _d_unload(conn, facts, load_2))
    out["check"]["unload"] = _timed(out, "unload", lambda: _d_unload(conn, facts, load_1))
    conn.close()
    return out


# --- the peer ------------------------------------------------------------------------------------

def option_peer(work: Path, csv: str, rows: int, pyarrow: bool) -> dict:
    if not pyarrow:
        sys.modules["pyarrow"] = None  # type: ignore[assignment]  # as in the locked environment
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_load  # the same peer as bench_load.py measures
    import pandas as pd
    result = bench_load.child("peer", csv, str(work), rows)
    result["string_dtype"] = repr(pd.read_csv(csv, dtype=str, keep_default_na=False, nrows=1)["date"].dtype)
    return {"write": {"cpu": result["cpu_seconds"], "wall": result["seconds"]},
            "write_peak_mib": result["peak_mib"], "input_mib": 0.0, "disk": 0, "peer": result}


# --- running them -------------------------------------------------------------------------------

def child(option: str, work: Path, cache: Path, csv: str) -> dict:
    info = json.loads((cache / "info.json").read_text())
    if option in ("peer", "peer-pyarrow"):
        return option_peer(work, csv, info["a_rows"]["records"], pyarrow=option == "peer-pyarrow")
    feed = Feed(cache, "a" if option == "A" else "b", info["batches"])
    if option in ("C", "D"):  # import the engine before the clock, as bench_load imports pandas
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
        if option == "C":
            import duckdb  # noqa: F401
    from graphkit.store import workspace  # noqa: F401
    return {"A": option_a, "B": option_b, "C": option_c, "D": option_d}[option](work, info, csv, feed)


def missing(option: str) -> list[str]:
    return [m for m in NEEDS.get(option, ()) if importlib.util.find_spec(m) is None]


def measure(option: str, cache: Path, csv: str) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-storage-{option}-") as tmp:
        done = subprocess.run([sys.executable, __file__, "--child", option, tmp, str(cache), csv],
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"option {option} failed:\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])


STEPS = (("write", "write"), ("ties", "actor ties"), ("case", "case edges"), ("node", "node evidence"),
         ("reload", "reload"), ("reload_lookup", "reload: record look-up"),
         ("unload_reload", "unload the reload"), ("unload", "unload"))


def table(results: dict[str, dict], info: dict) -> str:
    peer = results.get("peer") or results.get("peer-pyarrow")
    a = results.get("A")
    names = [o for o in OPTIONS if o in results]
    lines = ["| step | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for key, label in STEPS:
        cells = []
        for o in names:
            step = results[o].get(key)
            if step is None:
                cells.append("")
                continue
            ratio = ""
            if key == "write" and peer is not None and o not in ("peer", "peer-pyarrow"):
                ratio = f" (**{step['cpu'] / peer['write']['cpu']:.2f}x** peer"
                ratio += f", {step['cpu'] / a['write']['cpu']:.2f}x A)" if a is not None and o != "A" else ")"
            elif key != "write" and a is not None and a.get(key) and o != "A":
                ratio = f" (**{step['cpu'] / a[key]['cpu']:.2f}x**)"
            cells.append(f"{step['cpu']:.2f}{ratio}<br>{step['wall']:.1f} s wall")
        lines.append(f"| {label}, CPU s | " + " | ".join(cells) + " |")
    lines.append("| write: peak RSS (RSS before the clock) | " + " | ".join(
        f"{results[o]['write_peak_mib']:.0f} MiB ({results[o]['input_mib']:.0f})" for o in names) + " |")
    lines.append("| on disk | " + " | ".join(
        f"{results[o]['disk'] / 2**20:.0f} MiB" if results[o]["disk"] else "" for o in names) + " |")
    lines.append("")
    lines.append("Write ratios are to the peer (pandas without pyarrow), read/reload/unload ratios to A. "
                 f"Largest case {info['largest_case']}, busiest actor {info['busiest']}.")
    lines.append("Rows A writes: " + ", ".join(f"{t} {n:,}" for t, n in info["a_rows"].items()) +
                 f" ({sum(info['a_rows'].values()):,}).")
    lines.append("Rows B, C, D write: " + ", ".join(f"{t} {n:,}" for t, n in info["b_rows"].items()) +
                 f" ({sum(info['b_rows'].values()):,}).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=Path("/work/measure/r100k/workspace"),
                        help="a workspace loaded from --csv (read only)")
    parser.add_argument("--csv", default="/work/measure/r100k/contacts.csv", help="the contacts file it was loaded from")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench-storage-input",
                        help="where the rows read from the workspace are kept between runs")
    parser.add_argument("--options", nargs="+", default=list(OPTIONS), choices=OPTIONS)
    parser.add_argument("--batch", type=int, default=BATCH, help="records per batch (transaction)")
    parser.add_argument("--b-indexes", choices=("kept", "deferred", "none"), default="kept",
                        help="B's secondary indexes: kept up to date per batch, built after the load, or none")
    parser.add_argument("--b-cache-mib", type=int, default=128, help="B's SQLite page cache (the workspace's: 128)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(Path(args.prepare[0]), Path(args.prepare[1]), int(args.prepare[2]))
        return
    if args.child:
        option, work, cache, csv = args.child
        print(json.dumps(child(option, Path(work), Path(cache), csv)))
        return
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GB RAM, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}", flush=True)
    stamp = f"{(args.workspace / 'graph.sqlite').resolve()} {(args.workspace / 'graph.sqlite').stat().st_mtime} {args.batch}"
    if not (args.cache / "info.json").exists() or (args.cache / "stamp").read_text() != stamp:
        shutil.rmtree(args.cache, ignore_errors=True)
        t = time.perf_counter()
        # in a child: a child's ru_maxrss starts from its parent's high-water mark (Linux keeps
        # it across fork and exec), so this process must stay small
        subprocess.run([sys.executable, __file__, "--prepare", str(args.workspace), str(args.cache), str(args.batch)],
                       check=True)
        (args.cache / "stamp").write_text(stamp)
        print(f"read the workspace's rows in {time.perf_counter() - t:.0f} s", flush=True)
    info = json.loads((args.cache / "info.json").read_text())
    os.environ["BENCH_STORAGE_B"] = f"{args.b_indexes},{args.b_cache_mib}"
    results: dict[str, dict] = {}
    for option in args.options:
        lacking = missing(option)
        if lacking:
            print(f"{option}: skipped, needs {' and '.join(lacking)}: pip install -e '.[bench]' "
                  f"(or pip install {' '.join(lacking)})", flush=True)
            continue
        results[option] = measure(option, args.cache, args.csv)
        r = results[option]
        print(f"{option}: write {r['write']['cpu']:.2f} CPU s ({r['write']['wall']:.1f} s wall), "
              f"peak {r['write_peak_mib']:.0f} MiB, checks {json.dumps(r.get('check', r.get('peer', {})))}; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
    for option, r in results.items():
        if option not in ("A", "peer", "peer-pyarrow") and "A" in results and r["check"] != {
                **results["A"]["check"], "reload_found": r["check"]["reload_found"]}:
            print(f"WARNING: {option}'s reads differ from A's: {r['check']} vs {results['A']['check']}")
    print()
    print(table(results, info))
    print(f"\nload average (1, 5, 15 min) at the end: {os.getloadavg()}; this process's own peak "
          f"{_peak_mib():.0f} MiB (each child's peak starts from it)")
    if args.json:
        args.json.write_text(json.dumps({"info": info, "results": results}, indent=2))


if __name__ == "__main__":
    main()
