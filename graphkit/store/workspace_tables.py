"""The tables of the embedded workspace (``graph.sqlite``), as SQL a user can read.

The workspace is a plain SQLite file: open it with ``sqlite3 .graphkit/graph.sqlite`` and
``.tables`` lists what is below. The ``v_*`` views show the same data with names instead of
ids, e.g. ``SELECT * FROM v_edges WHERE source_name = 'Wang Lei';``.

Format version 3: version 2 plus the load tables (``loads``, ``load_records``,
``load_changes``); a version 2 workspace is upgraded in place when opened (the new tables are
added, nothing else changes; its earlier loads are not known to ``graphkit loads``). Version 1,
keyed by text ids, was never released. A later graphkit that changes the tables raises the
version and refuses to write into an older workspace it cannot upgrade (see
:data:`FORMAT_VERSION`).
"""
from __future__ import annotations

FORMAT_VERSION = 3
UPGRADABLE = (2,)
"""Older format versions this graphkit upgrades in place (by adding the tables they lack)."""

SNAPSHOT_TABLES = (  # the graph tables Workspace.snapshot_hash reads: (table, columns, order)
    # `rec` (a record's number, in the order first seen) is left out: it depends on the order of
    # the loads, and the snapshot of equal graphs must be equal whatever that order was
    ("records", ("record_id", "layout", "file", "row", "source_id", "case_id", "raw"), "record_id"),
    ("nodes", ("id", "kind", "name", "properties"), "id"),
    ("node_aliases", ("node_id", "alias"), "node_id, alias"),
    ("node_evidence", ("node_id", "record_id"), "node_id, record_id"),
    # "+id": the rows sorted after a scan of the table, not read through the unique index on
    # `id` (one random look-up of the row per index entry): the same order, a third of the CPU
    # (1M contacts, 5.0M edges: 6.9 against 23.9 CPU s)
    ("edges", ("id", "source", "target", "relation", "properties"), "+id"),
    ("edge_evidence", ("edge_id", "record_id", "file", "row", "source_id", "case_id", "date",
                       "reliability", "channel", "outcome", "weight"), "edge_id, record_id"),
)
SNAPSHOT_VERSION = 3
"""Raised when what :data:`SNAPSHOT_TABLES` hashes changes, or how: version 1 hashed `rec` too,
so the same graph loaded in another order had another hash; version 2 wrote each row as SQL
literals (``quote()`` per column, joined by commas), version 3 as a JSON array, the same
values in a third less CPU. Recorded in the snapshot method."""


def snapshot_sql(table: str, columns: tuple[str, ...], order: str) -> str:
    """One text line per row of ``table``, its columns as a JSON array (``null``, a number or a
    string, so text ``'1'`` and the number 1 differ), in ``order``: SQLite builds the lines,
    Python only hashes them. One ``json_array`` call per row costs SQLite about two thirds of
    a ``quote()`` per column joined with ``||`` (half, on the evidence rows).

    >>> snapshot_sql("nodes", ("id", "name"), "id")
    'SELECT json_array(id, name) FROM nodes ORDER BY id'
    """
    return f"SELECT json_array({', '.join(columns)}) FROM {table} ORDER BY {order}"


TABLES_SQL = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Every record id the workspace has seen gets a number, `rec`, in the order first seen.
-- The evidence tables are keyed by `rec` first, so a load appends at their end instead of
-- writing all over them (the ids themselves are hashes, in no useful order).
CREATE TABLE IF NOT EXISTS record_keys (
    rec       INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE
);

-- One row per source record (a row of a contacts, entities, relations or cases file).
-- file/row: where it was first read; every place it was read is in record_locations.
CREATE TABLE IF NOT EXISTS records (
    rec       INTEGER PRIMARY KEY,  -- = record_keys.rec
    record_id TEXT NOT NULL,
    layout    TEXT NOT NULL,      -- contacts | entities | relations | cases
    file      TEXT NOT NULL,
    row       INTEGER NOT NULL,   -- as a spreadsheet user counts it: header = row 1
    source_id TEXT,               -- contact_id / entity_id / case_id given in the row
    case_id   TEXT,
    raw       TEXT NOT NULL       -- the cells as read, a JSON object
);

-- One case's records (Workspace.case_nodes): read per case by the report.
CREATE INDEX IF NOT EXISTS records_by_case ON records (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS record_locations (
    rec       INTEGER NOT NULL,
    record_id TEXT NOT NULL,
    file      TEXT NOT NULL,
    row       INTEGER NOT NULL,
    PRIMARY KEY (rec, file, row)
) WITHOUT ROWID;

-- Nodes: Person, Company, Intermediary, Technology, Case, Approach.
-- properties: a JSON object (country, foreign, org, identifiers, ...), never holding nulls.
CREATE TABLE IF NOT EXISTS nodes (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    properties TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
-- Approach events are looked up by id only; leaving them out keeps loads fast.
CREATE INDEX IF NOT EXISTS nodes_by_name ON nodes (name) WHERE kind <> 'Approach';
-- A case's Case node by its case id (Workspace.node_ids_in_case): the Case nodes only.
CREATE INDEX IF NOT EXISTS case_nodes_by_case_id ON nodes (json_extract(properties, '$.case_id')) WHERE kind = 'Case';

CREATE TABLE IF NOT EXISTS node_aliases (
    node_id TEXT NOT NULL,
    alias   TEXT NOT NULL,
    PRIMARY KEY (node_id, alias)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_aliases_by_alias ON node_aliases (alias);

CREATE TABLE IF NOT EXISTS node_evidence (
    rec       INTEGER NOT NULL,
    node_id   TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (rec, node_id)
) WITHOUT ROWID;

-- A property two sources disagree on: the first value is kept in nodes.properties,
-- every other value seen is listed here (JSON values) for a human to decide.
CREATE TABLE IF NOT EXISTS node_conflicts (
    node_id  TEXT NOT NULL,
    property TEXT NOT NULL,
    kept     TEXT NOT NULL,
    other    TEXT NOT NULL,
    PRIMARY KEY (node_id, property, other)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS edges (
    id         TEXT NOT NULL UNIQUE,
    source     TEXT NOT NULL,
    target     TEXT NOT NULL,
    relation   TEXT NOT NULL,
    properties TEXT NOT NULL DEFAULT '{}'
);
-- (source, target) serves look-ups in both directions: edges_between(a, b) probes it twice.
-- The approach event's role edges (graphkit.store.base.APPROACH_ROLE_RELATIONS) are left out of it: they
-- are most of the edges, and are reached through their approach node, never by name.
CREATE INDEX IF NOT EXISTS edges_by_source ON edges (source, target)
    WHERE relation NOT IN ('MADE', 'TARGETED', 'VIA', 'CONCERNS');
-- The nodes PART_OF a case, by the Case node (Workspace.node_ids_in_case).
CREATE INDEX IF NOT EXISTS part_of_by_target ON edges (target) WHERE relation = 'PART_OF';

-- One row per record supporting an edge.
CREATE TABLE IF NOT EXISTS edge_evidence (
    rec         INTEGER NOT NULL,
    edge_id     TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    file        TEXT NOT NULL,
    row         INTEGER NOT NULL,
    source_id   TEXT,
    case_id     TEXT,
    date        TEXT,       -- ISO 8601 at its precision: 2024, 2024-05, 2024-05-01
    reliability REAL,       -- in [0, 1]
    channel     TEXT,
    outcome     TEXT,
    weight      REAL,       -- a count of contacts or tie strength from a weight column; NULL counts 1
    PRIMARY KEY (rec, edge_id)
) WITHOUT ROWID;
-- One case's evidence (Workspace.case_edges, node_ids_in_case): read per case by the report.
CREATE INDEX IF NOT EXISTS edge_evidence_by_case ON edge_evidence (case_id, edge_id) WHERE case_id IS NOT NULL;

-- One row per load (`graphkit loads`): files as JSON list, counts as a JSON object.
CREATE TABLE IF NOT EXISTS loads (
    load_id TEXT PRIMARY KEY,
    started TEXT NOT NULL,      -- UTC, ISO 8601
    files   TEXT NOT NULL,
    counts  TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

-- Every record a load read; owner = 1 for the load the record belongs to (the one that
-- created it, or the next remaining one after an unload): unloading the owner removes the
-- record unless another load read it too.
CREATE TABLE IF NOT EXISTS load_records (
    load_id TEXT NOT NULL,
    rec     INTEGER NOT NULL,
    owner   INTEGER NOT NULL,
    PRIMARY KEY (load_id, rec)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS load_records_by_rec ON load_records (rec);

-- Decisions an analyst made about two nodes (graphkit resolve), and the automatic merges
-- of entity register aliases (origin = 'register'). verdict: same | different | unsure.
CREATE TABLE IF NOT EXISTS decisions (
    decision_id TEXT PRIMARY KEY,
    verdict     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    id_a        TEXT NOT NULL,
    name_a      TEXT NOT NULL,
    id_b        TEXT NOT NULL,
    name_b      TEXT NOT NULL,
    analyst     TEXT NOT NULL,
    at          TEXT NOT NULL,      -- UTC, ISO 8601
    note        TEXT NOT NULL DEFAULT '',
    origin      TEXT NOT NULL DEFAULT 'analyst'
) WITHOUT ROWID;

-- Each merge made for a "same" decision: node `dropped` merged into `kept`; `pre` the exact
-- pre-image (JSON: the nodes and edges as they were), `post_digest` a digest of what it wrote.
CREATE TABLE IF NOT EXISTS merges (
    decision_id TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    kept        TEXT NOT NULL,
    dropped     TEXT NOT NULL,
    at          TEXT NOT NULL,
    pre         TEXT NOT NULL,
    post_digest TEXT NOT NULL,
    PRIMARY KEY (decision_id, seq)
) WITHOUT ROWID;

-- What a load changed on nodes and edges it did not create, to undo it: item is a JSON
-- list, ["alias", text] | ["node_property", key, value before or null] |
-- ["edge_property", key, value before or null]; the first item per key is the value before.
-- Reference lists (export-control and sanctions lists, `graphkit lists`): kept beside the
-- case graph, never as nodes. One row per list (its ListInfo as JSON) and per entry (its
-- ListEntry as JSON). Added in place to any format-3 workspace; older graphkit ignores them.
CREATE TABLE IF NOT EXISTS reference_lists (
    name TEXT PRIMARY KEY,
    info TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS list_entries (
    list_name TEXT NOT NULL,
    entry_id  TEXT NOT NULL,
    entry     TEXT NOT NULL,
    PRIMARY KEY (list_name, entry_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS load_changes (
    load_id   TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    item      TEXT NOT NULL,
    UNIQUE (load_id, entity_id, item)
);
"""

VIEWS_SQL = """
CREATE VIEW IF NOT EXISTS v_nodes AS
SELECT n.id, n.kind, n.name,
       (SELECT group_concat(alias, '; ') FROM node_aliases a WHERE a.node_id = n.id) AS aliases,
       json_extract(n.properties, '$.country') AS country,
       json_extract(n.properties, '$.foreign') AS "foreign",
       json_extract(n.properties, '$.org') AS org,
       coalesce(e.records, 0) AS records,
       n.properties
FROM nodes n
LEFT JOIN (SELECT node_id, count(*) AS records FROM node_evidence GROUP BY node_id) e ON e.node_id = n.id;

CREATE VIEW IF NOT EXISTS v_edges AS
SELECT e.id, e.source, s.name AS source_name, e.relation, e.target, t.name AS target_name,
       coalesce(v.contacts, 0) AS contacts, v.first_date, v.last_date, e.properties
FROM edges e
LEFT JOIN (SELECT edge_id, count(*) AS contacts, min(date) AS first_date, max(date) AS last_date
           FROM edge_evidence GROUP BY edge_id) v ON v.edge_id = e.id
LEFT JOIN nodes s ON s.id = e.source
LEFT JOIN nodes t ON t.id = e.target;

CREATE VIEW IF NOT EXISTS v_edge_evidence AS
SELECT s.name AS source_name, e.relation, t.name AS target_name,
       v.record_id, v.file, v.row, v.source_id, v.case_id, v.date, v.reliability,
       v.channel, v.outcome, v.weight, e.id AS edge_id
FROM edge_evidence v
JOIN edges e ON e.id = v.edge_id
LEFT JOIN nodes s ON s.id = e.source
LEFT JOIN nodes t ON t.id = e.target;

CREATE VIEW IF NOT EXISTS v_cases AS
SELECT json_extract(n.properties, '$.case_id') AS case_id,
       json_extract(n.properties, '$.title') AS title,
       json_extract(n.properties, '$.status') AS status,
       n.id AS node_id
FROM nodes n WHERE n.kind = 'Case';
"""
