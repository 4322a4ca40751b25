"""The workspace's graph read for ``neo4j-admin database import``, in SQL (``push --bulk``).

The queries below read the workspace tables (:mod:`graphkit.store.workspace_tables`) and give
the import's CSV cells ready made: text quoted as :func:`graphkit.store.neo4j_bulk.csv_cell`
quotes it, evidence items as the JSON text :func:`graphkit.store.neo4j_rows.evidence_json`
makes, record locations as the JSON lists the transactional path stores. So the bulk path
writes its files straight from SQLite, with no Python object per node, edge or evidence item;
:mod:`graphkit.store.neo4j_bulk` only joins the grouped lists, adds the property columns and
writes the lines. The values are bound or read from the tables, never spliced into SQL.

Anything the fast path does not handle exactly as the transactional path does is flagged
(``odd``): a kind or relation not spelled as the schema spells it, an id that may be blank or
is too long for a Neo4j index, a value of an unexpected type. Flagged entries go through the
transactional path's own checks one by one (and are written or rejected as it would).

JSON numbers: a real is written by SQLite (``%!.15g``) only where that text is the one Python
writes (it reads back as the same number, 15 significant digits, no exponent); any other
number is written by :func:`python_json`, registered as the SQL function ``graphkit_json``.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:"); register_functions(conn)
>>> conn.execute("SELECT " + json_value("?1") + ", " + json_value("?2"), (0.7, 1e-05)).fetchone()
('0.7', '1e-05')
>>> conn.execute("SELECT " + csv_text("?"), ('a "b" c',)).fetchone()[0]
'"a ""b"" c"'
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

INDEX_KEY_LIMIT_SQL = 8000
"""Bytes; the same limit as :data:`graphkit.store.neo4j_rows.INDEX_KEY_LIMIT_BYTES` (a test
keeps them equal): an indexed value longer than this goes the checked way, to be refused."""

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def python_json(value: Any) -> str:
    """``value`` as Python's JSON encoder writes it (the SQL function ``graphkit_json``)."""
    return _JSON.encode(value)


def register_functions(conn: sqlite3.Connection) -> None:
    """Make ``graphkit_json`` known to ``conn`` (the queries call it for unusual numbers)."""
    conn.create_function("graphkit_json", 1, python_json, deterministic=True)


def csv_text(expr: str) -> str:
    """SQL for the CSV cell of a text: quoted, inner quotes doubled."""
    return f"""('"' || replace({expr}, '"', '""') || '"')"""


def csv_text_or_empty(expr: str) -> str:
    """SQL for the CSV cell of a text that may be missing (an empty cell then)."""
    return f"(CASE WHEN {expr} IS NULL THEN '' ELSE {csv_text(expr)} END)"


def json_value(expr: str) -> str:
    """SQL for the JSON text of a column value, exactly as Python's ``json`` writes it."""
    return (f"(CASE typeof({expr}) WHEN 'null' THEN 'null' WHEN 'text' THEN json_quote({expr}) "
            f"WHEN 'integer' THEN CAST({expr} AS TEXT) "
            f"WHEN 'real' THEN CASE WHEN abs({expr}) >= 1e-4 AND abs({expr}) < 1e15 "
            f"AND CAST(CAST({expr} AS TEXT) AS REAL) = {expr} THEN CAST({expr} AS TEXT) "
            f"ELSE graphkit_json({expr}) END "
            f"ELSE graphkit_json({expr}) END)")


def json_text(expr: str) -> str:
    """SQL for the JSON text of a column of TEXT affinity (a text or NULL: SQLite's
    ``json_quote`` escapes exactly as Python's ``json`` does, a test checks every character)."""
    return f"(CASE WHEN typeof({expr}) IN ('text', 'null') THEN json_quote({expr}) ELSE graphkit_json({expr}) END)"


def _plain_id(expr: str) -> str:
    """SQL: true when ``expr`` is a text that starts with a visible ASCII character (so it is
    not blank) and fits an index."""
    return (f"(typeof({expr}) = 'text' AND substr({expr}, 1, 1) BETWEEN '!' AND '~' "
            f"AND length(CAST({expr} AS BLOB)) <= {INDEX_KEY_LIMIT_SQL})")


NODES = f"""
SELECT n.id,
       {csv_text('n.id')} || ',"Entity' || char(31) || n.kind || '",' || {csv_text('n.kind')} || ','
           || {csv_text('n.name')} AS cells,
       n.properties,
       NOT ({_plain_id('n.id')} AND n.kind IN (SELECT value FROM json_each(?1))
            AND typeof(n.name) = 'text' AND length(CAST(n.name AS BLOB)) <= {INDEX_KEY_LIMIT_SQL}
            AND typeof(n.properties) = 'text') AS odd
FROM nodes n ORDER BY n.id
"""
"""Every node by id: the id, the cells up to the name (id, labels, kind, name), the
properties (JSON), whether it goes the checked way. ?1: the schema's node kinds (JSON)."""

NODE_ALIASES = "SELECT node_id, alias FROM node_aliases WHERE alias <> '' ORDER BY node_id, alias"
NODE_EVIDENCE = "SELECT node_id, record_id FROM node_evidence ORDER BY node_id, record_id"

ODD_ALIASES = "SELECT DISTINCT node_id FROM node_aliases WHERE instr(alias, char(31)) > 0 OR typeof(alias) <> 'text'"
"""Nodes with an alias the array delimiter cannot hold (they go the checked way, to be refused)."""
ODD_RECORD_IDS = "SELECT record_id FROM record_keys WHERE instr(record_id, char(31)) > 0"
"""Record ids the array delimiter cannot hold (an entry citing one goes the checked way)."""
ODD_EDGE_EVIDENCE = """
SELECT DISTINCT edge_id FROM edge_evidence
WHERE instr(record_id, char(31)) > 0 OR instr(case_id, char(31)) > 0 OR instr(date, char(31)) > 0
   OR typeof(case_id) NOT IN ('text', 'null') OR typeof(date) NOT IN ('text', 'null')
"""
"""Edges with evidence whose record id, case or date the delimiter cannot hold, or of an
unexpected type (they go the checked way)."""


EDGES = f"""
SELECT e.id, e.source, e.target,
       {csv_text('e.source')} || ',' || {csv_text('e.target')} || ',' || {csv_text('e.relation')} || ','
           || {csv_text('e.id')} AS cells,
       e.properties,
       NOT ({_plain_id('e.id')} AND {_plain_id('e.source')} AND {_plain_id('e.target')}
            AND e.relation IN (SELECT value FROM json_each(?1)) AND typeof(e.properties) = 'text') AS odd
FROM edges e ORDER BY e.id
"""
"""Every edge by id: id, source, target, the cells up to the id (start, end, type, id), the
properties (JSON), whether it goes the checked way (its end nodes are looked up by the
caller, among the nodes written). ?1: the schema's relations (JSON)."""


def _plain_real(expr: str) -> str:
    """SQL: true when ``expr`` is NULL or a real SQLite writes as Python does (``%!.15g``
    reads back as the same number, no exponent)."""
    return (f"({expr} IS NULL OR (typeof({expr}) = 'real' AND abs({expr}) >= 1e-4 AND abs({expr}) < 1e15 "
            f"AND CAST(CAST({expr} AS TEXT) AS REAL) = {expr}))")


def edge_evidence_sql(has_weight: bool) -> str:
    """Every evidence item by edge and record id: edge id, record id, the item's JSON text
    (the keys in sorted order, ``weight`` only when stated), case id, date.

    ``json_object`` writes the item where its numbers are plain (nearly always: it is twice
    as fast as building the text piece by piece); otherwise each value is written by
    :func:`json_value`. ``has_weight``: false for a workspace written
    before evidence had weights (read as NULL)."""
    weight = "v.weight" if has_weight else "NULL"
    texts = ("case_id", "channel", "date", "file", "outcome", "record_id", "source_id")  # TEXT affinity
    fields = ["case_id", "channel", "date", "file", "outcome", "record_id", "reliability", "row", "source_id"]
    pairs = ", ".join(f"'{name}', v.{name}" for name in fields)
    body = " || ',' || ".join(
        f"""'"{name}":' || {json_text('v.' + name) if name in texts else json_value('v.' + name)}""" for name in fields)
    return f"""
SELECT v.edge_id, v.record_id,
       CASE WHEN typeof(v.row) = 'integer' AND {_plain_real('v.reliability')} AND {_plain_real(weight)}
            THEN CASE WHEN {weight} IS NULL THEN json_object({pairs}) ELSE json_object({pairs}, 'weight', {weight}) END
            ELSE '{{' || {body} || CASE WHEN {weight} IS NULL THEN '}}'
                                        ELSE ',"weight":' || {json_value(weight)} || '}}' END
       END AS item,
       v.case_id, v.date
FROM edge_evidence v ORDER BY v.edge_id, v.record_id
"""


RECORDS = f"""
SELECT r.rec, r.record_id,
       {csv_text('r.record_id')} || ',"Record",' || {csv_text('r.layout')} AS head,
       {csv_text_or_empty('r.source_id')} || ',' || {csv_text_or_empty('r.case_id')} || ',' || {csv_text('r.raw')} AS tail,
       coalesce(l.file, r.file) AS file, coalesce(l.row, r.row) AS row,
       json_array(coalesce(l.file, r.file), coalesce(l.row, r.row)) AS location,
       NOT (typeof(r.layout) = 'text' AND typeof(coalesce(l.file, r.file)) = 'text'
            AND typeof(coalesce(l.row, r.row)) = 'integer'
            AND typeof(r.source_id) IN ('text', 'null') AND typeof(r.case_id) IN ('text', 'null')
            AND typeof(r.raw) = 'text' AND substr(r.raw, 1, 1) = '{{' AND typeof(r.record_id) = 'text'
            AND length(CAST(r.record_id AS BLOB)) <= {INDEX_KEY_LIMIT_SQL}
            AND coalesce(length(CAST(r.case_id AS BLOB)), 0) <= {INDEX_KEY_LIMIT_SQL}) AS odd
FROM records r LEFT JOIN record_locations l ON l.rec = r.rec
WHERE EXISTS (SELECT 1 FROM node_evidence v JOIN nodes n ON n.id = v.node_id WHERE v.rec = r.rec)
   OR EXISTS (SELECT 1 FROM edge_evidence v JOIN edges e ON e.id = v.edge_id WHERE v.rec = r.rec)
ORDER BY r.rec, l.file, l.row
"""
"""Every record an existing node or edge cites, once per place it was read (in the order
the transactional path reads them: by file and row): rec, record id, the cells before the
file (record id, label, layout), the cells after the row (source id, case id, raw cells),
file, row, the place as a JSON ``[file, row]`` list, whether it goes the checked way. The
caller keeps the first place as the record's file and row and lists every place."""

CITING = """
SELECT 'node', v.node_id FROM record_keys k JOIN node_evidence v ON v.rec = k.rec
  JOIN nodes n ON n.id = v.node_id WHERE k.record_id = ?1
UNION ALL
SELECT 'edge', v.edge_id FROM record_keys k JOIN edge_evidence v ON v.rec = k.rec
  JOIN edges e ON e.id = v.edge_id WHERE k.record_id = ?1
"""
"""The existing nodes and edges that cite one record (?1)."""
