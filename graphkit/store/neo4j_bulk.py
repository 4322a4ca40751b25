"""The bulk path: a whole graph into a fresh or rebuilt Neo4j database through
``neo4j-admin database import full`` instead of transactions (``graphkit push --bulk``).

The rows are the transactional path's own (:func:`~graphkit.store.neo4j_rows.prepare`,
``node_row``, ``edge_row``), so the same checks apply and the same property values are stored;
they are written as CSV files with typed headers (one file per chunk and property signature,
each with its own header), then the server that ``scripts/neo4j`` manages is stopped, the
database replaced by the import, the server started again and the constraints and indexes
created (``IF NOT EXISTS``, as every load does).

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

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import urlsplit

from graphkit.errors import SchemaError, StoreError
from graphkit.model import Batch, Reject
from graphkit.store.base import LoadStats, Store, records_with_locations
from graphkit.store.cypher import query
from graphkit.store.neo4j import Neo4jStore
from graphkit.store.neo4j_rows import edge_row, node_row, prepare, reject

ARRAY_DELIMITER = "\x1f"
"""Between the elements of a list cell (U+001F, the unit separator): a character no text of the
graph holds (a value that does hold it is refused, naming it)."""
BULK_CHUNK = 50_000
"""Nodes or edges per prepared chunk (and per CSV file at most): memory stays flat."""
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


@dataclass
class BulkResult:
    """What ``push --bulk`` did: the counts, the rows set aside, and seconds per phase."""

    stats: LoadStats
    rejects: list[Reject]
    phases: dict[str, float]


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
    """CSV files of one kind of entry, one per property signature and chunk."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder, self.prefix, self.paths = folder, prefix, []  # type: tuple[Path, str, list[Path]]

    def write(self, header: list[str], lines: list[str]) -> None:
        path = self.folder / f"{self.prefix}-{len(self.paths) + 1:05d}.csv"
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write(",".join(header) + "\n")
            out.write("\n".join(lines) + "\n")
        self.paths.append(path)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _user_columns(props: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((key, _header(key, value)) for key, value in props.items()
                 if not (isinstance(value, list) and not value))


# --- writing the files ------------------------------------------------------------------

def write_import_files(source: Store, folder: Path, *, chunk: int = BULK_CHUNK) -> ImportFiles:
    """Write every node, edge and cited record of ``source`` as neo4j-admin CSV files in ``folder``.

    Entries the transactional path would refuse are set aside as rejects with the same
    reasons (bad kinds or properties, an edge whose end node is not written)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = ImportFiles(folder)
    node_files, edge_files, record_files = _Files(folder, "nodes"), _Files(folder, "edges"), _Files(folder, "records")
    written: set[str] = set()
    cited: set[str] = set()
    for nodes in _batched(source.iter_nodes(), chunk):
        prepared = prepare(Batch(nodes=nodes))
        out.rejects.extend(prepared.rejects)
        groups: dict[tuple[Any, ...], list[str]] = {}
        for kind, entries in prepared.nodes.items():
            for entry in entries:
                try:
                    row = node_row(entry, entry.properties, entry.aliases)
                    columns = _user_columns(row["props"])
                    line = ",".join([csv_cell(row["id"]), csv_cell(["Entity", kind]), csv_cell(row["kind"]),
                                     csv_cell(row["name"]), *(csv_cell(row["props"][k]) for k, _ in columns),
                                     csv_cell(row["keys"]), csv_cell(row["aliases"]), csv_cell(row["evidence"])])
                except SchemaError as err:
                    out.rejects.append(reject(entry.origin, str(err)))
                    continue
                groups.setdefault(columns, []).append(line)
                written.add(entry.id)
                cited.update(entry.evidence)
                out.stats.nodes_new += 1
        for columns, lines in groups.items():
            node_files.write(["id:ID(Entity)", ":LABEL", "kind", "name", *(h for _, h in columns),
                              "property_keys:string[]", "aliases:string[]", "evidence:string[]"], lines)
    for edges in _batched(source.iter_edges(), chunk):
        prepared = prepare(Batch(edges=edges))
        out.rejects.extend(prepared.rejects)
        edge_groups: dict[tuple[Any, ...], list[str]] = {}
        for relation, edge_entries in prepared.edges.items():
            for edge in edge_entries:
                if edge.source not in written or edge.target not in written:
                    out.rejects.append(reject(edge.origin, f"{edge.relation} edge to or from a node that is not "
                                                           "stored (its node was rejected or is missing)"))
                    continue
                try:
                    row = edge_row(edge, edge.properties)
                    columns = _user_columns(row["props"])
                    line = ",".join([csv_cell(row["source"]), csv_cell(row["target"]), csv_cell(relation),
                                     csv_cell(row["id"]), *(csv_cell(row["props"][k]) for k, _ in columns),
                                     csv_cell(row["keys"]), csv_cell(row["ev_ids"]), csv_cell(row["ev"]),
                                     csv_cell(row["cases"]), csv_cell(row["dates"])])
                except SchemaError as err:
                    out.rejects.append(reject(edge.origin, str(err)))
                    continue
                edge_groups.setdefault(columns, []).append(line)
                cited.update(row["ev_ids"])
                out.stats.edges_new += 1
        for columns, lines in edge_groups.items():
            edge_files.write([":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id", *(h for _, h in columns),
                              "property_keys:string[]", "evidence_ids:string[]", "evidence:string[]",
                              "cases:string[]", "dates:string[]"], lines)
    record_rows: list[str] = []
    for ids in _batched(sorted(cited), chunk):
        prepared = prepare(Batch(records=records_with_locations(source, ids)))
        out.rejects.extend(prepared.rejects)
        for row in prepared.records:
            try:
                record_rows.append(",".join([
                    csv_cell(row["record_id"]), csv_cell("Record"), csv_cell(row["layout"]), csv_cell(row["file"]),
                    csv_cell(row["row"]), csv_cell(row["source_id"]), csv_cell(row["case_id"]), csv_cell(row["raw"]),
                    csv_cell(row["locations"])]))
            except SchemaError as err:
                out.rejects.append(Reject(row["file"], row["row"], str(err), row["layout"]))
                continue
            out.stats.records_new += 1
        record_files.write(["record_id:ID(Record)", ":LABEL", "layout", "file", "row:long", "source_id", "case_id",
                            "raw", "locations:string[]"], record_rows)
        record_rows = []
    out.nodes = node_files.paths + record_files.paths
    out.relationships = edge_files.paths
    return out


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
    started = time.monotonic()
    (where / "import").mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="graphkit-bulk-", dir=where / "import"))
    try:
        files = write_import_files(source, folder)
        phases["write files"] = time.monotonic() - started
        manifest = folder / "manifest.json"
        manifest.write_text(json.dumps({
            "database": target.settings.database, "array_delimiter": "U+001F",
            "nodes": [str(p) for p in files.nodes], "relationships": [str(p) for p in files.relationships],
        }), encoding="utf-8")
        done = subprocess.run([sys.executable, str(SCRIPT), "import", str(manifest)], capture_output=True, text=True,
                              env=dict(os.environ, GRAPHKIT_NEO4J_HOME=str(where)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the files hold the records: never left behind
    report = _last_json(done.stdout)
    phases.update(report.get("phases", {}))
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-12:])
        raise StoreError(f"the bulk import into {target.settings.shown_uri} failed:\n{tail}")
    started = time.monotonic()
    target.runner.reconnect()
    target.reset_schema_state()
    target.ensure_schema()
    if files.rejects:
        target.write_rejects(files.rejects)
    phases["constraints"] = time.monotonic() - started
    return BulkResult(files.stats, files.rejects, phases)


def _last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().splitlines()):
        try:
            found = json.loads(line)
        except ValueError:
            continue
        if isinstance(found, dict):
            return found
    return {}
