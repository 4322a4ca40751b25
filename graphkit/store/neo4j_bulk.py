"""The bulk path: a whole graph into a fresh or rebuilt Neo4j database through
``neo4j-admin database import full`` instead of transactions (``graphkit push --bulk``).

The files hold the transactional path's rows (:func:`~graphkit.store.neo4j_rows.prepare`,
``node_row``, ``edge_row``), so the same checks apply and the same values are stored, as CSV
lines with typed headers (one file per property signature, each with its own header; values
that span lines go to files of their own). From a workspace they are written straight from
its SQLite tables (:func:`write_workspace_files`: SQL gives the quoted cells, the evidence
JSON and the record locations, Python joins the grouped lists; an entry SQL flags as odd goes
the checked way), from any other store through the Store interface (:func:`write_store_files`,
every entry as objects; a test requires both to write the same lines). Then the server that
``scripts/neo4j`` manages is stopped, the database replaced by the import, the server started
again and the constraints and indexes created (``IF NOT EXISTS``, as every load does).

Only for the local server graphkit manages: the import needs ``neo4j-admin`` (the server's own
jars) and the database's data directory on this machine, with the server stopped. A shared or
remote server is refused with a message saying so; load it with ``graphkit push`` (transactional,
merging) or have its administrator run the import there.

In the database the bulk graph is the transactional one with one difference: a list property that
would be empty (no aliases, no property keys) is absent, since a CSV cell cannot hold an empty
array; every graphkit query and reader treats the two alike.

>>> csv_cell(["a", "b"]) == '"a' + ARRAY_DELIMITER + 'b"', csv_cell('say "hi" now')
(True, '"say ""hi"" now"')
>>> csv_cell(None), csv_cell(True), csv_cell(0.5)
('', 'true', '0.5')
>>> column_type([1, 2]), column_type("x"), column_type(False)
('long[]', '', 'boolean')
"""
from __future__ import annotations

import collections
import itertools
import json
import operator
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence
from urllib.parse import urlsplit

from graphkit import schema
from graphkit.errors import SchemaError, StoreError
from graphkit.model import Batch, Record, Reject
from graphkit.store.base import LoadStats, Store, records_with_locations
from graphkit.store.cypher import query
from graphkit.store.neo4j import Neo4jStore
from graphkit.store import workspace_bulk as sql
from graphkit.store.neo4j_rows import check_properties, edge_row, node_row, prepare, reject

if TYPE_CHECKING:
    from graphkit.store.workspace import Workspace

ARRAY_DELIMITER = "\x1f"
"""Between the elements of a list cell (U+001F, the unit separator): a character no text of the
graph holds (a value that does hold it is refused, naming it)."""
BULK_CHUNK = 50_000
"""Nodes or edges per chunk on the checked (object) way: memory stays flat."""
SCRIPT = Path(__file__).resolve().parent.parent.parent / "scripts" / "neo4j_server.py"
NOT_MANAGED = (
    "push --bulk replaces the database's files with `neo4j-admin database import`, which must run on "
    "the server's own machine with the server stopped: it works only with the local server that "
    "scripts/neo4j manages (GRAPHKIT_NEO4J_HOME, else .neo4j in the checkout)"
)
ALTERNATIVE = ("; for a shared or remote server use `graphkit push` (transactional, merging), or have its "
               "administrator run neo4j-admin there")


@dataclass
class ImportFiles:
    """The CSV files of one bulk import and what they hold."""

    folder: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    stats: LoadStats = field(default_factory=LoadStats)
    rejects: list[Reject] = field(default_factory=list)
    multiline: list[Path] = field(default_factory=list)  # the files with a value spanning lines


@dataclass
class BulkResult:
    """What ``push --bulk`` did: the counts, the rows set aside, and seconds per phase."""

    stats: LoadStats
    rejects: list[Reject]
    phases: dict[str, float]
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds per phase: graphkit's own (write files; constraints with the server's),
    neo4j-admin's (import) and the server's until it answered (start)."""


# --- CSV cells and headers --------------------------------------------------------------

def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _checked(text: str) -> str:
    """``text``, when it holds no :data:`ARRAY_DELIMITER` (else SchemaError naming it)."""
    if ARRAY_DELIMITER in text:
        raise SchemaError(f"a value holds the control character U+001F, which the bulk path cannot write "
                          f"({text[:40]!r}...); remove it or push without --bulk")
    return text


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return str(value)


def csv_cell(value: Any) -> str:
    """One CSV cell as neo4j-admin reads it: text quoted (so an empty text stays a text), a
    missing value empty, a list joined by :data:`ARRAY_DELIMITER`."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return _scalar(value)
    if isinstance(value, list):
        return _quote(ARRAY_DELIMITER.join(_checked(v) if isinstance(v, str) else _scalar(v) for v in value))
    return _quote(str(value))


def _scalar_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def column_type(value: Any) -> str:
    """The neo4j-admin header type of a property value ('' for text, the default)."""
    if isinstance(value, list):
        kinds = {_scalar_type(v) for v in value}
        if len(kinds) != 1:
            raise SchemaError("a list property mixes text and numbers, which Neo4j cannot store")
        return kinds.pop() + "[]"
    found = _scalar_type(value)
    return "" if found == "string" else found


def _header(name: str, value: Any) -> str:
    kind = column_type(value)
    return f"{name}:{kind}" if kind else name


class _Files:
    """CSV files of one kind of entry, one per property signature (its header).

    Lines whose cells span lines (a newline in a value) go to a file of their own, so that
    neo4j-admin reads every other file with its fast single-line parser (:attr:`multiline`
    names those files)."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder, self.prefix = folder, prefix
        self.paths: list[Path] = []
        self.multiline: list[Path] = []
        self._open: dict[str, Any] = {}
        self._spanning: dict[str, Any] = {}

    def _new(self, header: str, spans: bool) -> Any:
        path = self.folder / f"{self.prefix}{'-multiline' if spans else ''}-{len(self.paths) + 1:05d}.csv"
        out = open(path, "w", encoding="utf-8", newline="", buffering=1 << 20)
        out.write(header + "\n")
        self.paths.append(path)
        if spans:
            self.multiline.append(path)
            self._spanning[header] = out
        else:
            self._open[header] = out
        return out

    def write(self, header: str, line: str) -> None:
        """Add one line under ``header`` (the header line, without its newline)."""
        if "\n" in line or "\r" in line:
            out = self._spanning.get(header) or self._new(header, True)
        else:
            out = self._open.get(header) or self._new(header, False)
        out.write(line + "\n")

    def close(self) -> None:
        for out in (*self._open.values(), *self._spanning.values()):
            out.close()
        self._open.clear()
        self._spanning.clear()


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _user_columns(props: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((key, _header(key, value)) for key, value in props.items()
                 if not (isinstance(value, list) and not value))


NODE_HEAD = ("id:ID(Entity)", ":LABEL", "kind", "name")
NODE_TAIL = ("property_keys:string[]", "aliases:string[]", "evidence:string[]")
EDGE_HEAD = (":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id")
EDGE_TAIL = ("property_keys:string[]", "evidence_ids:string[]", "evidence:string[]", "cases:string[]",
             "dates:string[]")
RECORD_HEADER = ("record_id:ID(Record)", ":LABEL", "layout", "file", "row:long", "source_id", "case_id", "raw",
                 "locations:string[]")


class _Writer:
    """The import files being written and what they hold so far."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.out = ImportFiles(folder)
        self.nodes, self.edges, self.records = _Files(folder, "nodes"), _Files(folder, "edges"), _Files(folder, "records")
        self.rejected_nodes: set[str] = set()
        self.rejected_edges: set[str] = set()
        self.refused_citing: set[str] = set()  # record ids cited by a rejected node or edge

    def reject(self, item: Reject) -> None:
        self.out.rejects.append(item)

    def node_chunk(self, nodes: list[Any]) -> set[str]:
        """Write a chunk of nodes the checked way (the transactional path's rows); return the
        ids written and add their evidence to what they cite."""
        prepared = prepare(Batch(nodes=nodes))
        self.out.rejects.extend(prepared.rejects)
        written: set[str] = set()
        for kind, entries in prepared.nodes.items():
            for entry in entries:
                try:
                    row = node_row(entry, entry.properties, entry.aliases)
                    columns = _user_columns(row["props"])
                    line = ",".join([csv_cell(row["id"]), csv_cell(["Entity", kind]), csv_cell(row["kind"]),
                                     csv_cell(row["name"]), *(csv_cell(row["props"][k]) for k, _ in columns),
                                     csv_cell(row["keys"]), csv_cell(row["aliases"]), csv_cell(row["evidence"])])
                except SchemaError as err:
                    self.out.rejects.append(reject(entry.origin, str(err)))
                    continue
                self.nodes.write(",".join((*NODE_HEAD, *(h for _, h in columns), *NODE_TAIL)), line)
                written.add(entry.id)
                self.out.stats.nodes_new += 1
        refused = [n for n in nodes if n.id not in written]
        self.rejected_nodes.update(n.id for n in refused)
        self.refused_citing.update(r for n in refused for r in n.evidence)
        return written

    def edge_chunk(self, edges: list[Any], is_written: Any) -> list[str]:
        """Write a chunk of edges the checked way; ``is_written(node id)`` says whether an end
        node was written. Return the record ids the written edges cite."""
        prepared = prepare(Batch(edges=edges))
        self.out.rejects.extend(prepared.rejects)
        cited: list[str] = []
        written: set[str] = set()
        for relation, edge_entries in prepared.edges.items():
            for edge in edge_entries:
                if not is_written(edge.source) or not is_written(edge.target):
                    self.out.rejects.append(reject(edge.origin, f"{edge.relation} edge to or from a node that is "
                                                                "not stored (its node was rejected or is missing)"))
                    continue
                try:
                    row = edge_row(edge, edge.properties)
                    columns = _user_columns(row["props"])
                    line = ",".join([csv_cell(row["source"]), csv_cell(row["target"]), csv_cell(relation),
                                     csv_cell(row["id"]), *(csv_cell(row["props"][k]) for k, _ in columns),
                                     csv_cell(row["keys"]), csv_cell(row["ev_ids"]), csv_cell(row["ev"]),
                                     csv_cell(row["cases"]), csv_cell(row["dates"])])
                except SchemaError as err:
                    self.out.rejects.append(reject(edge.origin, str(err)))
                    continue
                self.edges.write(",".join((*EDGE_HEAD, *(h for _, h in columns), *EDGE_TAIL)), line)
                cited.extend(row["ev_ids"])
                written.add(edge.id)
                self.out.stats.edges_new += 1
        refused = [e for e in edges if e.id not in written]
        self.rejected_edges.update(e.id for e in refused)
        self.refused_citing.update(item.record_id for e in refused for item in e.evidence)
        return cited

    def record_chunk(self, records: list[Record]) -> None:
        """Write a chunk of records (one :class:`Record` per place read) the checked way."""
        prepared = prepare(Batch(records=records))
        self.out.rejects.extend(prepared.rejects)
        for row in prepared.records:
            try:
                line = ",".join([
                    csv_cell(row["record_id"]), csv_cell("Record"), csv_cell(row["layout"]), csv_cell(row["file"]),
                    csv_cell(row["row"]), csv_cell(row["source_id"]), csv_cell(row["case_id"]), csv_cell(row["raw"]),
                    csv_cell(row["locations"])])
            except SchemaError as err:
                self.out.rejects.append(Reject(row["file"], row["row"], str(err), row["layout"]))
                continue
            self.records.write(",".join(RECORD_HEADER), line)
            self.out.stats.records_new += 1

    def close(self) -> ImportFiles:
        for files in (self.nodes, self.edges, self.records):
            files.close()
        self.out.nodes = self.nodes.paths + self.records.paths
        self.out.relationships = self.edges.paths
        self.out.multiline = self.nodes.multiline + self.records.multiline + self.edges.multiline
        return self.out


# --- writing the files ------------------------------------------------------------------

def write_import_files(source: Store, folder: Path, *, chunk: int = BULK_CHUNK) -> ImportFiles:
    """Write every node, edge and cited record of ``source`` as neo4j-admin CSV files in ``folder``.

    A workspace is read with SQL (:func:`write_workspace_files`); any other store through
    the Store interface, each entry through the transactional path's rows. Entries the
    transactional path would refuse are set aside as rejects with the same reasons (bad kinds
    or properties, an edge whose end node is not written)."""
    from graphkit.store.workspace import Workspace

    if isinstance(source, Workspace):
        return write_workspace_files(source, folder)
    return write_store_files(source, folder, chunk=chunk)


def write_store_files(source: Store, folder: Path, *, chunk: int = BULK_CHUNK) -> ImportFiles:
    """:func:`write_import_files` through the Store interface: every node and edge as the
    transactional path's rows (any store; the peer the workspace's SQL is checked against)."""
    writer = _Writer(folder)
    written: set[str] = set()
    cited: set[str] = set()
    try:
        for nodes in _batched(source.iter_nodes(), chunk):
            done = writer.node_chunk(nodes)
            written |= done
            cited.update(r for n in nodes if n.id in done for r in n.evidence)
        for edges in _batched(source.iter_edges(), chunk):
            cited.update(writer.edge_chunk(edges, written.__contains__))
        for ids in _batched(sorted(cited), chunk):
            writer.record_chunk(records_with_locations(source, ids))
    finally:
        files = writer.close()
    return files


class _Groups:
    """Rows ordered by their first column, taken group by group for keys in the same order."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._groups = itertools.groupby(rows, key=operator.itemgetter(0))
        self._next = self._advance(None)

    def _advance(self, last: Any) -> Any:
        """The next group; stops when SQLite's order is not Python's (the merge needs both)."""
        found = next(self._groups, None)
        if found is not None and last is not None and not last < found[0]:
            raise StoreError(f"the workspace's rows did not come in order ({last!r} before {found[0]!r}); "
                             "push without --bulk")
        return found

    def take(self, key: str) -> list[tuple[Any, ...]]:
        """The rows whose first column is ``key`` (keys asked in increasing order)."""
        upcoming = self._next
        while upcoming is not None and upcoming[0] < key:
            upcoming = self._advance(upcoming[0])
        if upcoming is None or upcoming[0] != key:
            self._next = upcoming
            return []
        rows = list(upcoming[1])
        self._next = self._advance(upcoming[0])
        return rows

    def each(self) -> Iterator[tuple[Any, list[tuple[Any, ...]]]]:
        """Every (key, rows) in order."""
        while self._next is not None:
            key, rows = self._next[0], list(self._next[1])
            self._next = self._advance(key)
            yield key, rows


def import_lines(paths: Iterable[Path]) -> "collections.Counter[tuple[str, str]]":
    r"""Every (header, line) of import CSV files, counted; a quoted value may span lines. Two
    writers made the same import when these are equal, whatever order they wrote lines in.

    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "n.csv").write_text('id:ID,name\nn1,"two\nlines"\n', encoding="utf-8")
    >>> sorted(import_lines([folder / "n.csv"]).items())
    [(('id:ID,name', 'n1,"two\nlines"'), 1)]
    """
    found: collections.Counter[tuple[str, str]] = collections.Counter()
    for path in paths:
        header, _, body = path.read_text(encoding="utf-8").partition("\n")
        pending: list[str] = []
        for line in body.split("\n"):
            pending.append(line)
            if "\n".join(pending).count('"') % 2 == 0:
                if pending != [""]:
                    found[(header, "\n".join(pending))] += 1
                pending = []
    return found


def _list_cell(items: list[str]) -> str:
    """:func:`csv_cell` of a list of texts that hold no :data:`ARRAY_DELIMITER`."""
    return '"' + ARRAY_DELIMITER.join(items).replace('"', '""') + '"'


_NO_PROPERTIES = ("", "", '""')


def _property_cells(text: str, cache: dict[str, tuple[str, str, str]]) -> tuple[str, str, str]:
    """The property headers (each after a comma), cells (each after a comma) and
    property-keys cell of a stored properties text; raises SchemaError as the transactional
    path would refuse them."""
    if text == "{}":
        return _NO_PROPERTIES
    found = cache.get(text)
    if found is None:
        props = check_properties(json.loads(text))
        columns = _user_columns(props)
        found = ("".join("," + h for _, h in columns), "".join("," + csv_cell(props[k]) for k, _ in columns),
                 csv_cell(sorted(props)))
        if len(cache) > 50_000:
            cache.clear()
        cache[text] = found
    return found


def write_workspace_files(ws: Workspace, folder: Path, *, chunk: int = BULK_CHUNK) -> ImportFiles:
    """:func:`write_import_files` for a workspace: the lines come from SQL over its tables
    (:mod:`graphkit.store.workspace_bulk`), with no Python object per node, edge or evidence
    item; the few entries SQL flags as odd go the checked way (:func:`write_store_files`'s).
    The files hold the same lines (:func:`write_store_files` is the peer a test compares)."""
    conn = ws.connection
    sql.register_functions(conn)
    has_weight = any(row[1] == "weight" for row in conn.execute("PRAGMA table_info(edge_evidence)"))
    odd_records = {r for (r,) in conn.execute(sql.ODD_RECORD_IDS)}
    odd_alias_nodes = {n for (n,) in conn.execute(sql.ODD_ALIASES)}
    odd_evidence_edges = {e for (e,) in conn.execute(sql.ODD_EDGE_EVIDENCE)}
    writer = _Writer(folder)
    cache: dict[str, tuple[str, str, str]] = {}
    node_headers: dict[str, str] = {}  # property headers -> the whole header line
    edge_headers: dict[str, str] = {}
    in_transaction = conn.in_transaction
    if not in_transaction:
        conn.execute("BEGIN")  # one snapshot for every query
    try:
        # nodes
        alias_rows_cursor, evidence_cursor = conn.execute(sql.NODE_ALIASES), conn.execute(sql.NODE_EVIDENCE)
        aliases, evidence = _Groups(alias_rows_cursor), _Groups(evidence_cursor)
        odd_nodes: list[str] = []
        written: set[str] = set()  # the nodes written, for the edges' ends (SQL look-ups cost 5x more)
        nodes_out, stats = writer.nodes, writer.out.stats
        for node_id, cells, properties, odd in conn.execute(sql.NODES, (json.dumps(list(schema.NODE_KINDS)),)):
            alias_rows, cited = aliases.take(node_id), evidence.take(node_id)
            if odd or node_id in odd_alias_nodes or (odd_records and any(r[1] in odd_records for r in cited)):
                odd_nodes.append(node_id)
                continue
            try:
                headers, prop_cells, keys_cell = _property_cells(properties, cache)
            except (SchemaError, ValueError):
                odd_nodes.append(node_id)
                continue
            header = node_headers.get(headers)
            if header is None:
                header = node_headers[headers] = ",".join(NODE_HEAD) + headers + "," + ",".join(NODE_TAIL)
            nodes_out.write(header,
                            f"{cells}{prop_cells},{keys_cell},{_list_cell([r[1] for r in alias_rows])},"
                            f"{_list_cell([r[1] for r in cited])}")
            written.add(node_id)
            stats.nodes_new += 1
        alias_rows_cursor.close()  # frees their sorts' memory before the edges
        evidence_cursor.close()
        for ids in _batched(odd_nodes, chunk):
            written |= writer.node_chunk(list(ws.get_nodes(ids).values()))

        # edges
        items_cursor = conn.execute(sql.edge_evidence_sql(has_weight))
        items = _Groups(items_cursor)
        odd_edges: list[str] = []
        edges_out = writer.edges
        for edge_id, source, target, cells, properties, odd in conn.execute(
                sql.EDGES, (json.dumps(list(schema.RELATION_KINDS)),)):
            rows = items.take(edge_id)
            if odd or source not in written or target not in written or edge_id in odd_evidence_edges \
                    or (odd_records and any(r[1] in odd_records for r in rows)):
                odd_edges.append(edge_id)
                continue
            try:
                headers, prop_cells, keys_cell = _property_cells(properties, cache)
            except (SchemaError, ValueError):
                odd_edges.append(edge_id)
                continue
            if len(rows) == 1:
                _, record_id, item, case_id, date = rows[0]
                ev_ids, ev, cases, dates = record_id, item, case_id or "", date or ""
            else:
                ev_ids = ARRAY_DELIMITER.join([r[1] for r in rows])
                ev = ARRAY_DELIMITER.join([r[2] for r in rows])
                cases = ARRAY_DELIMITER.join(sorted({r[3] for r in rows if r[3]}))
                dates = ARRAY_DELIMITER.join(sorted({r[4] for r in rows if r[4]}))
            header = edge_headers.get(headers)
            if header is None:
                header = edge_headers[headers] = ",".join(EDGE_HEAD) + headers + "," + ",".join(EDGE_TAIL)
            edges_out.write(header,
                            f"{cells}{prop_cells},{keys_cell},{_quote(ev_ids)},{_quote(ev)},{_quote(cases)},"
                            f"{_quote(dates)}")
            stats.edges_new += 1
        items_cursor.close()
        cache.clear()
        for ids in _batched(odd_edges, chunk):
            writer.edge_chunk(ws.get_edges(ids), written.__contains__)

        # records: every one an existing node or edge cites, but those only refused ones cite
        uncited = {rid for rid in writer.refused_citing if not any(
            (kind == "node" and entry not in writer.rejected_nodes)
            or (kind == "edge" and entry not in writer.rejected_edges)
            for kind, entry in conn.execute(sql.CITING, (rid,)))}
        odd_record_ids: list[str] = []
        records_out = writer.records
        record_header = ",".join(RECORD_HEADER)
        for _, places in _Groups(conn.execute(sql.RECORDS)).each():
            _, record_id, head, tail, file, row, location, odd = places[0]
            if record_id in uncited:
                continue
            if odd or any(place[7] for place in places):
                odd_record_ids.append(record_id)
                continue
            locations = location if len(places) == 1 else ARRAY_DELIMITER.join(sorted({p[6] for p in places}))
            records_out.write(record_header, f"{head},{_quote(file)},{row},{tail},{_quote(locations)}")
            stats.records_new += 1
        for ids in _batched(odd_record_ids, chunk):
            writer.record_chunk(records_with_locations(ws, ids))
    finally:
        if not in_transaction:
            conn.execute("COMMIT")
        files = writer.close()
    return files


# --- the import -------------------------------------------------------------------------

def managed_home(target: Neo4jStore, home: str | Path | None = None) -> Path:
    """The home of the local server ``target`` talks to, when scripts/neo4j manages it; else
    raise :class:`StoreError` saying why the bulk path cannot run."""
    where = Path(home or os.environ.get("GRAPHKIT_NEO4J_HOME") or SCRIPT.parent.parent / ".neo4j").resolve()
    conf = where / "conf" / "neo4j.conf"
    if not SCRIPT.exists():
        raise StoreError(f"{NOT_MANAGED}; this installation has no scripts/neo4j (it comes with a graphkit "
                         f"checkout){ALTERNATIVE}")
    if not conf.exists():
        raise StoreError(f"{NOT_MANAGED}; there is no server in {where} (no conf/neo4j.conf){ALTERNATIVE}")
    settings = {k.strip(): v.strip() for k, _, v in (line.partition("=") for line in
                conf.read_text(encoding="utf-8").splitlines()) if not k.lstrip().startswith("#")}
    port = settings.get("server.bolt.listen_address", "").rpartition(":")[2]
    uri = urlsplit(target.settings.uri)
    try:
        uri_port = uri.port or 7687
    except ValueError:
        uri_port = -1
    if uri.hostname not in ("127.0.0.1", "localhost", "::1") or str(uri_port) != port:
        raise StoreError(f"{NOT_MANAGED}; {target.settings.shown_uri} is not the server of {where} "
                         f"(bolt://127.0.0.1:{port or '?'}){ALTERNATIVE}")
    return where


def node_total(target: Neo4jStore) -> int:
    """How many nodes of any label the target database holds."""
    return int(target.runner.read(query("count_all_nodes"))[0]["count"])


def bulk_import(source: Store, target: Neo4jStore, *, overwrite: bool = False,
                home: str | Path | None = None) -> BulkResult:
    """Replace ``target``'s database with every record, node and edge of ``source`` through
    ``neo4j-admin database import full``; return the counts, rejects and seconds per phase.

    Refuses (:class:`StoreError`, nothing changed) when the target is not the local server
    scripts/neo4j manages, or when its database holds anything and ``overwrite`` is false.
    The server is stopped for the import and started again (with the configuration it ran
    with); then the constraints and indexes are created and the rejects kept as ``Reject``
    nodes, as a transactional push does.
    """
    phases: dict[str, float] = {}
    where = managed_home(target, home)
    held = node_total(target)
    if held and not overwrite:
        raise StoreError(f"Neo4j database {target.settings.database!r} at {target.settings.shown_uri} is not "
                         f"empty ({held:,} nodes): push --bulk replaces the whole database; add --overwrite to "
                         "replace it, or push without --bulk to merge into it")
    started, cpu0 = time.monotonic(), time.process_time()
    (where / "import").mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="graphkit-bulk-", dir=where / "import"))
    cpu: dict[str, float] = {}
    try:
        files = write_import_files(source, folder)
        phases["write files"], cpu["write files"] = time.monotonic() - started, time.process_time() - cpu0
        manifest = folder / "manifest.json"
        manifest.write_text(json.dumps({
            "database": target.settings.database, "array_delimiter": "U+001F",
            "nodes": [str(p) for p in files.nodes], "relationships": [str(p) for p in files.relationships],
            "multiline": [str(p) for p in files.multiline],
        }), encoding="utf-8")
        done = subprocess.run([sys.executable, str(SCRIPT), "import", str(manifest)], capture_output=True, text=True,
                              env=dict(os.environ, GRAPHKIT_NEO4J_HOME=str(where)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the files hold the records: never left behind
    report = _last_json(done.stdout)
    phases.update(report.get("phases", {}))
    cpu.update(report.get("cpu", {}))
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-12:])
        raise StoreError(f"the bulk import into {target.settings.shown_uri} failed:\n{tail}")
    started, cpu0, server0 = time.monotonic(), time.process_time(), _server_cpu(where)
    target.runner.reconnect()
    target.reset_schema_state()
    target.ensure_schema()
    if files.rejects:
        target.write_rejects(files.rejects)
    phases["constraints"] = time.monotonic() - started
    cpu["constraints"] = time.process_time() - cpu0 + max(_server_cpu(where) - server0, 0.0)
    return BulkResult(files.stats, files.rejects, phases, cpu)


def _server_cpu(where: Path) -> float:
    """CPU seconds the server of home ``where`` has used (0 when unknown)."""
    try:
        pid = int((where / "run" / "graphkit-neo4j.pid").read_text().strip())
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().splitlines()):
        try:
            found = json.loads(line)
        except ValueError:
            continue
        if isinstance(found, dict):
            return found
    return {}
