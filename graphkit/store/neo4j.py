"""The Neo4j store: the shared case graph on a Neo4j server, beside the embedded workspace.

Same interface and merge rules as :class:`~graphkit.store.workspace.Workspace`: nodes and
edges merge on their deterministic ids, aliases, evidence and record locations are set
unions, a property is filled when missing and never overwritten, a node met under another
name keeps its first name and gains the new one as an alias.

In the database every graph node has its schema kind as label plus the fixed label
``Entity`` (unique ``id``); edges are relationships of the schema's relation types with a
unique ``id``, their evidence kept as ``evidence_ids`` plus one JSON text per record in
``evidence`` (and ``cases``, ``dates`` for server-side filters); source records are
``Record`` nodes and rejected rows ``Reject`` nodes. All Cypher is in ``cypher/``.

Writes: constraints first (``IF NOT EXISTS``), then records, nodes and edges in chunks of
``chunk_rows`` rows, each chunk one managed transaction (transient errors and lost
connections are retried; a re-run merges onto what is there). A chunk Neo4j refuses because
of its data is split in halves until the bad rows are found: they are rejected with their
file, row and reason, the rest commit.

Usage (it needs a running server, so tests/neo4j/ runs it, not the docstring examples)::

    store = open_neo4j_store()
    store.write(batch).nodes_new
"""
from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import json
import os
import time
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, Sequence

from graphkit import schema
from graphkit.errors import NotFound, StoreError
from graphkit.lists.model import ListEntry, ListInfo
from graphkit.model import Batch, Edge, Evidence, Node, Record, Reject, keeps_evidence
from graphkit.store import neo4j_loads, node_merge
from graphkit.store.base import (APPROACH_ROLE_RELATIONS, ActorTies, Decision, EdgeRecords, LoadInfo, LoadStats,
                                 MergeInfo, UnloadStats)
from graphkit.store.cypher import query, relation_name
from graphkit.store.neo4j_conn import BadRows, Neo4jSettings, QueryRunner, resolve_settings
from graphkit.store.neo4j_rows import (EdgeEntry, NodeEntry, dumps, edge_row, evidence_from_json,
                                       evidence_json, node_row, prepare, reject)
from graphkit.store.merging import merge_properties
from graphkit.store.rejects import append_rejects_csv, distinct_rejects, reject_key
from graphkit.store.snapshot import CANONICAL_METHOD, canonical_snapshot_hash

CHUNK_ROWS = 10_000
THROUGHPUT_EVERY_S = 10.0
"""A load writing for longer than this reports its throughput after each batch, at most once
per this many seconds (see ``on_batch``)."""
_LOOKUP = 20_000  # ids per read


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (a write allocates hundreds of thousands of
    small dicts and lists, none in cycles; each full collection also walked every object the
    loader keeps, about a quarter of a load's client CPU). Collection resumes after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _tie_of(kept: list[Evidence]) -> tuple[int, float, tuple[str, ...]]:
    """An edge's aggregate over its kept evidence, as :class:`ActorTies` holds it: how many
    records, their weights summed (a record without one counting 1), the distinct dates sorted."""
    return (len(kept), float(sum(1 if e.weight is None else e.weight for e in kept)),
            tuple(sorted({e.date for e in kept if e.date})))


def _props(pairs: list[list[Any]] | None) -> dict[str, Any]:
    return {k: v for k, v in (pairs or []) if v is not None}


class Neo4jStore(node_merge.NodeMerges):
    """A :class:`~graphkit.store.base.Store` on a Neo4j database.

    Parameters
    ----------
    runner
        The connected :class:`~graphkit.store.neo4j_conn.QueryRunner`.
    chunk_rows
        Rows per write transaction.
    rejects_path
        Also append rejected rows to this CSV file (as the workspace's ``rejects.csv``).
    on_batch
        Called with a one-line throughput report (rows so far, rows/s, batch n of N of the
        current write) after a batch, once the store has been writing for
        :data:`THROUGHPUT_EVERY_S` and at most that often (``graphkit load --neo4j`` prints it
        on stderr).
    """

    def __init__(self, runner: QueryRunner, *, chunk_rows: int = CHUNK_ROWS,
                 rejects_path: Path | None = None, on_batch: Callable[[str], None] | None = None) -> None:
        if chunk_rows < 1:
            raise StoreError(f"the Neo4j batch size must be at least 1, not {chunk_rows}")
        self.runner = runner
        self.chunk_rows = chunk_rows
        self.on_batch = on_batch
        self._rows_written = 0
        self._writing_since: float | None = None
        self._last_report = 0.0
        self.rejects_path = Path(rejects_path) if rejects_path else None
        self.rejected: list[Reject] = []  # rows this store set aside itself (bad for Neo4j)
        self._schema_ready = False
        self._created: tuple[str | None, set[str]] = (None, set())  # node and edge ids the current load created

    @property
    def settings(self) -> Neo4jSettings:
        return self.runner.settings

    def __repr__(self) -> str:
        return f"Neo4jStore({self.settings.shown_uri!r}, database={self.settings.database!r})"

    @property
    def location(self) -> str:
        """The server's URI and the database, e.g. ``neo4j bolt://127.0.0.1:7687 database neo4j``."""
        return f"neo4j {self.settings.uri} database {self.settings.database}"

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver's connections."""
        self.runner.close()

    # --- schema ---------------------------------------------------------------------------

    def reset_schema_state(self) -> None:
        """Forget that the constraints were created (the database was replaced under this store)."""
        self._schema_ready = False

    def ensure_schema(self) -> None:
        """Create the constraints and indexes (``IF NOT EXISTS``): the base ones, one set per
        node kind and one per relation kind of the schema."""
        if self._schema_ready:
            return
        self.runner.run_schema(query("schema_base"), *(query("schema_kind", label=kind) for kind in schema.NODE_KINDS),
                               *(query("schema_relation", rel_type=relation) for relation in schema.RELATION_KINDS))
        self.runner.driver.execute_query("CALL db.awaitIndexes(300)", database_=self.settings.database)
        self._schema_ready = True

    # --- writing --------------------------------------------------------------------------

    def write(self, batch: Batch, load_id: str | None = None) -> LoadStats:
        """Merge ``batch``; return what was new and what merged. Entries that cannot be
        stored are set aside as rejects (see :attr:`rejected` and :meth:`write_rejects`).

        With a ``load_id`` (:meth:`start_load`) each record keeps the loads that read it and
        what the load changed on nodes and edges stored before it is kept, for :meth:`unload`."""
        self.ensure_schema()
        with _gc_paused():
            return self._write(batch, load_id)

    def _write(self, batch: Batch, load_id: str | None) -> LoadStats:
        prepared = prepare(batch)
        stats = LoadStats()
        rejects = list(prepared.rejects)
        if load_id is not None and self._created[0] != load_id:
            self._created = (load_id, set())
        created: set[str] = set()  # records this write created: no stored node cites them yet
        groups: list[Sequence[Any]] = [prepared.records, *prepared.nodes.values(), *prepared.edges.values()]
        batches = sum(-(-len(group) // self.chunk_rows) for group in groups)
        done = 0
        if self._writing_since is None:
            self._writing_since = self._last_report = time.monotonic()
        for rows in _chunks(prepared.records, self.chunk_rows):
            created.update(self._write_records(list(rows), stats, load_id))
            done += 1
            self._batch_done(len(rows), done, batches)
        for kind, entries in prepared.nodes.items():
            for chunk in _chunks(entries, self.chunk_rows):
                self._guarded(list(chunk), functools.partial(self._write_nodes, kind, stats=stats, created=created,
                                                             load_id=load_id), rejects)
                done += 1
                self._batch_done(len(chunk), done, batches)
        for relation, edge_entries in prepared.edges.items():
            for chunk in _chunks(edge_entries, self.chunk_rows):
                self._guarded(list(chunk), functools.partial(self._write_edges, relation, stats=stats, rejects=rejects,
                                                             load_id=load_id), rejects)
                done += 1
                self._batch_done(len(chunk), done, batches)
        if rejects:
            self.rejected.extend(rejects)
            self.write_rejects(rejects)
        return stats

    def _batch_done(self, rows: int, done: int, batches: int) -> None:
        """Count a written batch; report the throughput when due (see ``on_batch``)."""
        self._rows_written += rows
        now = time.monotonic()
        if self.on_batch is None or self._writing_since is None or now - self._last_report < THROUGHPUT_EVERY_S:
            return
        self._last_report = now
        rate = self._rows_written / max(now - self._writing_since, 1e-9)
        self.on_batch(f"Neo4j: {self._rows_written:,} rows written so far, {rate:,.0f} rows/s "
                      f"(batch {done} of {batches} of this chunk, {self.chunk_rows:,} rows per batch)")

    def _guarded(self, entries: list[Any], write: Callable[[list[Any]], None], rejects: list[Reject]) -> None:
        """Write ``entries``; if Neo4j refuses them for their data, split and retry the halves,
        rejecting the single entries it still refuses."""
        try:
            write(entries)
        except BadRows as err:
            if len(entries) == 1:
                rejects.append(reject(entries[0].origin, f"Neo4j could not store it ({err.code})"))
                return
            middle = len(entries) // 2
            self._guarded(entries[:middle], write, rejects)
            self._guarded(entries[middle:], write, rejects)

    def _write_records(self, rows: list[dict[str, Any]], stats: LoadStats, load_id: str | None = None) -> list[str]:
        """Merge record rows; return the ids of the records that were new."""
        found = self.runner.write(query("merge_records"), rows=rows, load_id=load_id)
        new = int(found[0]["new"] or 0) if found else 0
        stats.records_new += new
        stats.records_merged += len(rows) - new
        return list(found[0]["created"] or []) if found else []

    def _write_nodes(self, kind: str, entries: list[NodeEntry], stats: LoadStats, created: set[str],
                     load_id: str | None = None) -> None:
        existing_q, merge_q = query("existing_nodes"), query("merge_nodes", label=kind)
        made_by_load = self._created[1]

        def work(tx: Any) -> tuple[int, set[str]]:
            found = {r["id"]: (r["name"], _props(r["props"]), set(r["aliases"] or []))
                     for r in tx.run(existing_q.text, ids=[e.id for e in entries])}
            rows, changes = [], []
            for entry in entries:
                aliases = set(entry.aliases)
                properties = entry.properties
                if entry.id in found:
                    stored_name, stored, stored_aliases = found[entry.id]
                    properties, _ = merge_properties(stored, entry.properties)
                    if stored_name is not None and stored_name != entry.name:
                        aliases.add(entry.name)
                    if load_id is not None and entry.id not in made_by_load:
                        items = (neo4j_loads.change_items_for_aliases(aliases - stored_aliases)
                                 + neo4j_loads.change_items_for_properties("node_property", stored, properties))
                        if items:
                            changes.append({"load_id": load_id, "entity_id": entry.id, "items": items})
                rows.append(node_row(entry, properties, aliases, created))
            tx.run(merge_q.text, rows=rows).consume()
            if changes:
                tx.run(query("merge_load_changes").text, rows=changes).consume()
            return len(found), {e.id for e in entries if e.id not in found}

        merged, made = self.runner.transaction(work, "merge_nodes")
        if load_id is not None:
            made_by_load.update(made)  # what this load changes on them later is not undone separately
        stats.nodes_new += len(entries) - merged
        stats.nodes_merged += merged

    def _write_edges(self, relation: str, entries: list[EdgeEntry], stats: LoadStats,
                     rejects: list[Reject], load_id: str | None = None) -> None:
        existing_q = query("existing_edges", rel_type=relation)
        merge_q = query("merge_edges", rel_type=relation)
        made_by_load = self._created[1]

        def work(tx: Any) -> tuple[int, set[str], set[str]]:
            with_props = [e.id for e in entries if e.properties]  # only these need the stored ones
            found = {r["id"]: _props(r["props"]) for r in tx.run(existing_q.text, ids=with_props)} if with_props else {}
            rows, changes = [], []
            for entry in entries:
                properties = entry.properties
                if entry.id in found:
                    properties, _ = merge_properties(found[entry.id], entry.properties)
                    if load_id is not None and entry.id not in made_by_load:
                        items = neo4j_loads.change_items_for_properties("edge_property", found[entry.id], properties)
                        if items:
                            changes.append({"load_id": load_id, "entity_id": entry.id, "items": items})
                rows.append(edge_row(entry, properties))
            result = [(r["id"], r["created"]) for r in tx.run(merge_q.text, rows=rows)]
            if changes:
                tx.run(query("merge_load_changes").text, rows=changes).consume()
            return (sum(1 for _, created in result if not created), {i for i, _ in result},
                    {i for i, created in result if created})

        merged, written, made = self.runner.transaction(work, "merge_edges")
        if load_id is not None:
            made_by_load.update(made)
        stats.edges_merged += merged
        stats.edges_new += len(written) - merged
        for entry in entries:
            if entry.id not in written:
                rejects.append(reject(entry.origin, f"{entry.relation} edge to or from a node that is not "
                                                    "stored (its node was rejected or is missing)"))

    # --- loads ----------------------------------------------------------------------------

    def start_load(self, files: Sequence[str]) -> str:
        """Register a new load of ``files`` (a ``Load`` node); return its id."""
        self.ensure_schema()
        load_id = neo4j_loads.start_load(self.runner, files)
        self._created = (load_id, set())
        return load_id

    def finish_load(self, load_id: str, counts: dict[str, int]) -> None:
        """Keep the counts of a finished load on its ``Load`` node."""
        neo4j_loads.finish_load(self.runner, load_id, counts)

    def list_loads(self) -> list[LoadInfo]:
        """Every load the database remembers, oldest first."""
        return neo4j_loads.list_loads(self.runner)

    def unload(self, load_id: str) -> UnloadStats:
        """Take out what the load ``load_id`` added, in one transaction (see :mod:`graphkit.store.neo4j_loads`)."""
        return neo4j_loads.unload(self.runner, load_id, where=self.location)

    # --- decisions and merges ----------------------------------------------------------

    def save_decision(self, decision: Decision) -> None:
        """Keep a decision as a ``Decision`` node (replacing one with the same id)."""
        self.ensure_schema()
        props = {k: v for k, v in vars(decision).items() if k != "decision_id"}
        self.runner.write(query("decision_save"), decision_id=decision.decision_id, props=props)

    def list_decisions(self) -> list[Decision]:
        """Every decision kept, oldest first."""
        return [Decision(**{k: ("" if v is None else v) for k, v in row.items()})
                for row in self.runner.read(query("decisions_all"))]

    def forget_decision(self, decision_id: str) -> None:
        """Delete a decision."""
        self.runner.write(query("decision_forget"), decision_id=decision_id)

    def _journal(self, load_id: str, entity_id: str, item: str) -> None:
        """Keep ``item`` as a change load ``load_id`` made (a ``LoadChange`` node's items)."""
        self.runner.write(query("merge_load_changes"),
                          rows=[{"load_id": load_id, "entity_id": entity_id, "items": [item]}])

    def list_merges(self) -> list[MergeInfo]:
        """Every merge kept, in the order made."""
        return [MergeInfo(**row) for row in self.runner.read(query("merges_all"))]

    def _replace(self, plan: node_merge.MergePlan, *, add: MergeInfo | None = None,
                 remove: MergeInfo | None = None) -> None:
        """Carry out a merge plan (or its undo) in one transaction: delete, then write in full."""
        self.ensure_schema()
        ends = sorted({plan.kept, plan.dropped})
        node_rows: dict[str, list[dict[str, Any]]] = {}
        for n in plan.post_nodes:
            props = dict(sorted(n.properties.items()))
            node_rows.setdefault(n.kind, []).append({"id": n.id, "all": {
                **props, "id": n.id, "kind": n.kind, "name": n.name, "aliases": sorted(n.aliases),
                "evidence": sorted(n.evidence), "property_keys": sorted(props)}})
        edge_rows: dict[str, list[dict[str, Any]]] = {}
        for e in plan.post_edges:
            items = sorted(e.evidence, key=lambda v: v.record_id)
            props = dict(sorted(e.properties.items()))
            edge_rows.setdefault(e.relation, []).append({"source": e.source, "target": e.target, "all": {
                **props, "id": e.id, "property_keys": sorted(props),
                "evidence_ids": [v.record_id for v in items], "evidence": [evidence_json(v) for v in items],
                "cases": sorted({v.case_id for v in items if v.case_id}),
                "dates": sorted({v.date for v in items if v.date})}})

        def work(tx: Any) -> None:
            tx.run(query("delete_edges_at").text, nodes=ends, ids=list(plan.remove_edges)).consume()
            for kind, rows in node_rows.items():
                tx.run(query("put_nodes", label=kind).text, rows=rows).consume()
            for relation, rows in edge_rows.items():
                tx.run(query("put_edges", rel_type=relation).text, rows=rows).consume()
            if plan.remove_nodes:
                tx.run(query("delete_entities").text, ids=list(plan.remove_nodes)).consume()
            if add is not None:
                tx.run(query("merge_save").text, props=vars(add)).consume()
            if remove is not None:
                tx.run(query("merge_forget").text, decision_id=remove.decision_id, seq=remove.seq).consume()

        self.runner.transaction(work, "merge_nodes")

    def write_rejects(self, rejects: Iterable[Reject]) -> None:
        """Keep rejected rows as ``Reject`` nodes in the database (one per file, row and
        reason) and, when the store has a ``rejects_path``, append them to that CSV file."""
        items = list(rejects)
        if not items:
            return
        rows = [{"id": reject_key(r), "file": r.file, "row": r.row, "layout": r.layout, "reason": r.reason,
                 "raw": dumps(r.raw or {})} for r in items]
        self.ensure_schema()
        for chunk in _chunks(rows, self.chunk_rows):
            self.runner.write(query("merge_rejects"), rows=list(chunk))
        if self.rejects_path is not None:
            append_rejects_csv(self.rejects_path, items)

    def read_rejects(self) -> list[Reject]:
        """Every rejected row kept in the database, one per (file, row, reason), sorted."""
        rows = self.runner.read(query("rejects_all"))
        return distinct_rejects(Reject(r["file"], r["row"], r["reason"], r["layout"], json.loads(r["raw"] or "{}"))
                                for r in rows)

    # --- reading --------------------------------------------------------------------------

    @staticmethod
    def _node(row: dict[str, Any]) -> Node:
        return Node(id=row["id"], kind=row["kind"], name=row["name"], aliases=set(row["aliases"] or []),
                    properties=_props(row["props"]), evidence=set(row["evidence"] or []))

    @staticmethod
    def _edge(row: dict[str, Any], relation: str) -> Edge:
        evidence = sorted((evidence_from_json(t) for t in row["evidence"] or []), key=lambda e: e.record_id)
        return Edge(id=row["id"], source=row["source"], target=row["target"], relation=relation,
                    properties=_props(row["props"]), evidence=evidence)

    def iter_nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        """Every node (ordered by id), or only those of the given schema kinds; streamed."""
        chosen = list(schema.NODE_KINDS) if kinds is None else [schema.check_node_kind(k) for k in kinds]
        for row in self.runner.stream(query("nodes_of_kinds"), kinds=chosen):
            yield self._node(row)

    def iter_edges(self, relations: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge with its evidence (ordered by id), or only the given relation kinds; streamed."""
        chosen = list(schema.RELATION_KINDS) if relations is None else [relation_name(r) for r in relations]
        for row in self.runner.stream(query("edges_of_types"), types=chosen):
            yield self._edge(row, row["relation"])

    def get_nodes(self, node_ids: Iterable[str]) -> dict[str, Node]:
        """The nodes with these ids (unknown ids are left out)."""
        ids = list(dict.fromkeys(node_ids))
        out: dict[str, Node] = {}
        for chunk in _chunks(ids, _LOOKUP):
            for row in self.runner.read(query("nodes_by_id"), ids=list(chunk)):
                out[row["id"]] = self._node(row)
        return out

    def get_node(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        return self.get_nodes([node_id]).get(node_id)

    def find_node_ids(self, text: str) -> list[str]:
        """Ids of nodes whose id, name or an alias is exactly ``text`` (an id match wins;
        approach events are found by id only, as in the workspace)."""
        found = self.get_nodes([text])
        if text in found:
            return [text]
        return [r["id"] for r in self.runner.read(query("find_nodes"), texts=[text])]

    def present_node_ids(self, node_ids: Iterable[str]) -> set[str]:
        """Which of ``node_ids`` are nodes here."""
        found: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(node_ids)), _LOOKUP):
            found.update(r["id"] for r in self.runner.read(query("node_ids_present"), ids=list(chunk)))
        return found

    def edges_among(self, node_ids: Iterable[str]) -> list[Edge]:
        """Every edge whose two ends are both among ``node_ids``, with its evidence, by id."""
        out: list[Edge] = []
        for row in self.runner.read(query("edges_among"), ids=list(dict.fromkeys(node_ids))):
            relation = row["relation"]
            if relation in schema.RELATION_KINDS:  # relationship types the schema does not know are not graphkit's
                out.append(self._edge(row, relation))
        return out

    def _record_rows(self, record_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        ids = list(dict.fromkeys(record_ids))
        for chunk in _chunks(ids, _LOOKUP):
            yield from self.runner.read(query("records_by_id"), ids=list(chunk))

    def get_records(self, record_ids: Iterable[str]) -> dict[str, Record]:
        """The records with these ids (unknown ids are left out)."""
        return {
            row["record_id"]: Record(row["record_id"], row["layout"], row["file"], row["row"],
                                     row["source_id"], row["case_id"], raw=json.loads(row["raw"] or "{}"))
            for row in self._record_rows(record_ids)
        }

    def record_locations(self, record_ids: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
        """Every (file, row) each record was read from, sorted."""
        return {
            row["record_id"]: sorted(tuple(json.loads(t)) for t in row["locations"] or [])
            for row in self._record_rows(record_ids)
        }

    def record_case_ids(self, record_ids: Iterable[str]) -> dict[str, str | None]:
        """The case id of each known record (the projection's fast path)."""
        return {row["record_id"]: row["case_id"] for row in self._record_rows(record_ids)}

    def record_counts_by_case(self) -> dict[str | None, int]:
        """How many records each case id has (None: records without a case)."""
        return {row["case_id"]: row["count"] for row in self.runner.read(query("count_records"))}

    def record_count(self) -> int:
        """How many distinct records the database holds."""
        return sum(self.record_counts_by_case().values())

    def counts(self) -> dict[str, int]:
        """Node counts by kind and edge counts by relation, e.g. ``{"Person": 12, "CONTACTED": 30}``."""
        found = {row["name"]: row["count"] for row in self.runner.read(query("counts"))}
        kinds = sorted(k for k in found if k in schema.NODE_KINDS)
        relations = sorted(k for k in found if k in schema.RELATION_KINDS)
        return {k: found[k] for k in [*kinds, *relations]}

    def rejects_count(self) -> int:
        """How many rejected rows the database keeps (one per file, row and reason)."""
        return int(self.runner.read(query("count_rejects"))[0]["count"])

    def evidence_dates(self) -> list[str]:
        """Every distinct evidence date on any edge, sorted (the info command's fast path)."""
        return [row["date"] for row in self.runner.read(query("evidence_dates"))]

    def foreign_counts(self, kinds: Iterable[str]) -> dict[str, int]:
        """How many nodes of ``kinds`` are foreign, domestic or of unknown origin."""
        out = {"foreign": 0, "domestic": 0, "unknown": 0}
        chosen = [schema.check_node_kind(k) for k in kinds]
        for row in self.runner.read(query("foreign_counts"), kinds=chosen):
            flag = row["foreign"]
            out["unknown" if flag is None else "foreign" if flag else "domestic"] += row["count"]
        return out

    def iter_names(self, kinds: Iterable[str] | None = None) -> Iterator[tuple[str, str, str]]:
        """(id, kind, spelling) for each name and alias of every node but Approach nodes."""
        chosen = None if kinds is None else {schema.check_node_kind(k) for k in kinds}
        for row in self.runner.stream(query("names")):
            if chosen is None or row["kind"] in chosen:
                yield row["id"], row["kind"], row["spelling"]

    def edge_records(self, relations: Iterable[str], *, among: Collection[str] | None = None,
                     case: str | None = None, start: str | None = None, end: str | None = None) -> EdgeRecords:
        """Every edge of ``relations`` (and ``among``) keeping a record of the selection, by
        id, with each kept record's id, date and reliability (by record id), as columns
        (``edges_of_types``, or ``edges_among`` with ``among``: the evidence is JSON text on
        the relationship, read and filtered here); see
        :meth:`graphkit.store.base.Store.edge_records`."""
        chosen = set(relations)
        edges = self.iter_edges(chosen) if among is None else (e for e in self.edges_among(among) if e.relation in chosen)
        rows = ((e.source, e.target, e.relation, bool(e.properties.get("inferred", False)),
                 [ev for ev in e.evidence if keeps_evidence(ev, case, start, end)]) for e in edges)
        return EdgeRecords.of_rows(row for row in rows if row[4])

    def cited_evidence(self, cited: Mapping[tuple[str, str, str], Iterable[str]]
                       ) -> dict[tuple[str, str, str], list[Evidence]]:
        """The evidence items in full of the given records on the given edges, by record id:
        each edge found by its ends (``edges_from_to``), its evidence kept for the records
        asked for."""
        wanted = {edge: set(ids) for edge, ids in cited.items()}
        pairs = sorted({(source, target) for source, target, _ in wanted})
        out: dict[tuple[str, str, str], list[Evidence]] = {}
        for chunk in _chunks(pairs, _LOOKUP):
            for row in self.runner.read(query("edges_from_to"), pairs=[list(p) for p in chunk]):
                edge = (row["source"], row["target"], row["relation"])
                records = wanted.get(edge)
                if records is not None:
                    items = [e for e in map(evidence_from_json, row["evidence"] or []) if e.record_id in records]
                    if items:
                        out[edge] = sorted(items, key=lambda e: e.record_id)
        return dict(sorted(out.items()))

    def edges_between(self, a: str, b: str) -> list[Edge]:
        """Every edge from ``a`` to ``b`` or from ``b`` to ``a``, with evidence (role edges of
        approach events left out, as the workspace does)."""
        return [e for e in self.edges_among([a, b])
                if {e.source, e.target} == {a, b} and e.relation not in APPROACH_ROLE_RELATIONS]

    # --- subgraph selection ---------------------------------------------------------------

    def node_ids_in_case(self, case_id: str) -> set[str]:
        """The Case node of ``case_id``, the nodes PART_OF it, and both ends of every edge
        with evidence from the case."""
        return {r["id"] for r in self.runner.read(query("subgraph_case"), case_id=case_id)}

    def case_nodes(self, case_id: str, kinds: Sequence[str]) -> list[Node]:
        """The nodes of ``kinds`` among :meth:`node_ids_in_case` with the case's records as their
        evidence, by id."""
        return self._nodes_of_case(case_id, self.node_ids_in_case(case_id), kinds)

    def case_edges(self, case_id: str, relations: Sequence[str]) -> list[Edge]:
        """The edges of ``relations`` with evidence of case ``case_id`` (its ``cases`` list
        names it), each with only that evidence, by id."""
        out: list[Edge] = []
        types = [relation_name(r) for r in relations]
        for row in self.runner.read(query("case_edges"), case_id=case_id, types=types):
            edge = self._edge(row, row["relation"])
            edge.evidence = [e for e in edge.evidence if e.case_id == case_id]
            if edge.evidence:
                out.append(edge)
        return out

    def case_edge_counts(self, case_ids: Sequence[str], relations: Sequence[str], kinds: Sequence[str], *,
                         start: str | None = None, end: str | None = None) -> dict[str, int]:
        """The edges of each case's actor graph: counted by the server in one scan
        (``case_edge_counts``); with a window, each case's edges streamed with their evidence
        (``case_edges_by_case``) and counted here. See
        :meth:`graphkit.store.base.Store.case_edge_counts`."""
        wanted = list(dict.fromkeys(case_ids))
        types = [relation_name(r) for r in relations]
        chosen = [schema.check_node_kind(k) for k in kinds]
        if start is None and end is None:
            return {r["case_id"]: r["edges"] for r in self.runner.read(
                query("case_edge_counts"), case_ids=wanted, types=types, kinds=chosen)}
        kept: list[tuple[str, str, str]] = []
        for row in self.runner.stream(query("case_edges_by_case"), case_ids=wanted, types=types):
            case_id = row["case_id"]
            if any(keeps_evidence(evidence_from_json(t), case_id, start, end) for t in row["evidence"] or []):
                kept.append((case_id, row["source"], row["target"]))
        present = self._present_of_kinds({n for _, source, target in kept for n in (source, target)}, kinds)
        counts: dict[str, int] = {}
        for case_id, source, target in kept:
            if source in present and target in present:
                counts[case_id] = counts.get(case_id, 0) + 1
        return counts

    def case_contents(self, case_ids: Sequence[str], relations: Sequence[str],
                      kinds: Sequence[str]) -> Iterator[tuple[str, list[Node], list[Edge]]]:
        """Each case's :meth:`case_nodes` and :meth:`case_edges` from two queries streamed side
        by side, each scanning the relationships once for all cases (``case_members_by_case``,
        ``case_edges_by_case``), by the server's order of case ids; each case's nodes looked up
        by id. See :meth:`graphkit.store.base.Store.case_contents`."""
        wanted = list(dict.fromkeys(case_ids))
        types = [relation_name(r) for r in relations]
        members = self.runner.stream(query("case_members_by_case"), case_ids=wanted)
        edge_rows = self.runner.stream(query("case_edges_by_case"), case_ids=wanted, types=types)
        # a case with edges has members (their ends), and both come in the same order of case
        # ids, so each case's edges are the next edge rows when they name it
        head = next(edge_rows, None)
        seen: set[str] = set()
        for case_id, group in itertools.groupby(members, key=lambda r: r["case_id"]):
            seen.add(case_id)
            edges: list[Edge] = []
            while head is not None and head["case_id"] == case_id:
                edge = self._edge(head, head["relation"])
                edge.evidence = [e for e in edge.evidence if e.case_id == case_id]
                if edge.evidence:
                    edges.append(edge)
                head = next(edge_rows, None)
            yield case_id, self._nodes_of_case(case_id, [r["id"] for r in group], kinds), edges
        for case_id in wanted:
            if case_id not in seen:
                yield case_id, [], []

    def case_ties(self, case_ids: Sequence[str], relations: Sequence[str], kinds: Sequence[str], *,
                  start: str | None = None, end: str | None = None) -> Iterator[tuple[str, ActorTies]]:
        """Each case's :meth:`actor_ties` among its nodes from the two scans :meth:`case_contents`
        streams (``case_members_by_case``, ``case_edges_by_case``): each edge's evidence of the
        case aggregated here as it passes, the case's nodes of ``kinds`` looked up by id
        (``actor_nodes``) and, for those not at an end of a kept edge, their records' cases.
        See :meth:`graphkit.store.base.Store.case_ties`."""
        wanted = list(dict.fromkeys(case_ids))
        types = [relation_name(r) for r in relations]
        chosen = [schema.check_node_kind(k) for k in kinds]
        members = self.runner.stream(query("case_members_by_case"), case_ids=wanted)
        edge_rows = self.runner.stream(query("case_edges_by_case"), case_ids=wanted, types=types)
        head = next(edge_rows, None)  # the same order of case ids as the members (case_contents)
        seen: set[str] = set()
        for case_id, group in itertools.groupby(members, key=lambda r: r["case_id"]):
            seen.add(case_id)
            ties = ActorTies()
            while head is not None and head["case_id"] == case_id:
                kept = [e for e in map(evidence_from_json, head["evidence"] or [])
                        if keeps_evidence(e, case_id, start, end)]
                if kept:
                    contacts, weight, dates = _tie_of(kept)
                    ties.source.append(head["source"])
                    ties.target.append(head["target"])
                    ties.relation.append(head["relation"])
                    ties.contacts.append(contacts)
                    ties.weight.append(weight)
                    ties.dates.append(dates)
                head = next(edge_rows, None)
            ends = set(ties.source) | set(ties.target)
            nodes = self.runner.read(query("actor_nodes"), ids=[r["id"] for r in group], kinds=chosen)
            others = self.get_nodes(r["id"] for r in nodes if r["id"] not in ends)
            cases = self.record_case_ids({rec for node in others.values() for rec in node.evidence})
            named = ends | {n for n, node in others.items() if any(cases.get(rec) == case_id for rec in node.evidence)}
            ties.nodes = sorted((r["id"], r["kind"], r["name"], _props(r["props"])) for r in nodes if r["id"] in named)
            yield case_id, ties
        for case_id in wanted:
            if case_id not in seen:
                yield case_id, ActorTies()

    def case_node_records(self, wanted: Mapping[str, Collection[str]], relations: Sequence[str],
                          kinds: Sequence[str], *, start: str | None = None,
                          end: str | None = None) -> dict[tuple[str, str], list[str]]:
        """The records of each (case, node) pair behind the case's kept projected evidence: the
        nodes read once by id, their records' cases looked up, and the evidence of the cases'
        edges scanned once for all cases (``case_edges_by_case``), only the pairs' records kept.
        See :meth:`graphkit.store.base.Store.case_node_records`."""
        pairs = sorted({(case, node) for case, ids in wanted.items() for node in ids})
        nodes = self.get_nodes({node for _, node in pairs})
        cases = self.record_case_ids({rec for node in nodes.values() for rec in node.evidence})
        mentioned: dict[str, set[str]] = {}  # case -> its records that mention a wanted node
        for case, node in pairs:
            if node in nodes:
                mentioned.setdefault(case, set()).update(r for r in nodes[node].evidence if cases.get(r) == case)
        kept: list[tuple[str, str, str, set[str]]] = []
        types = [relation_name(r) for r in relations]
        for row in self.runner.stream(query("case_edges_by_case"), case_ids=sorted(mentioned), types=types):
            case, mine = row["case_id"], mentioned[row["case_id"]]
            behind = {e.record_id for e in map(evidence_from_json, row["evidence"] or [])
                      if e.record_id in mine and keeps_evidence(e, case, start, end)}
            if behind:
                kept.append((case, row["source"], row["target"], behind))
        present = self._present_of_kinds({n for _, source, target, _ in kept for n in (source, target)}, kinds)
        behind_edges = {(case, r) for case, source, target, records in kept
                        if source in present and target in present for r in records}
        out: dict[tuple[str, str], list[str]] = {}
        for case, node in pairs:
            records = sorted(r for r in nodes[node].evidence if (case, r) in behind_edges) if node in nodes else []
            if records:
                out[(case, node)] = records
        return out

    def _nodes_of_case(self, case_id: str, node_ids: Iterable[str], kinds: Sequence[str]) -> list[Node]:
        """The nodes of ``kinds`` among ``node_ids``, by id, each with the records of the case only."""
        wanted = set(kinds)
        nodes = sorted((n for n in self.get_nodes(node_ids).values() if n.kind in wanted), key=lambda n: n.id)
        cases = self.record_case_ids({r for n in nodes for r in n.evidence})
        for node in nodes:
            node.evidence = {r for r in node.evidence if cases.get(r) == case_id}
        return nodes

    def neighbour_ids(self, node_ids: Iterable[str]) -> set[str]:
        """The nodes one hop from any of ``node_ids``, over any edge, in either direction."""
        return {r["id"] for r in self.runner.read(query("neighbours"), ids=sorted(set(node_ids)))}

    def actor_ties(self, relations: Sequence[str], kinds: Sequence[str], *, case: str | None = None,
                   start: str | None = None, end: str | None = None,
                   among: Collection[str] | None = None) -> ActorTies:
        """The edges of ``relations`` aggregated over their kept evidence, and their end nodes of
        ``kinds``; see :meth:`graphkit.store.base.Store.actor_ties`.

        The server selects the edges by their case and date sets and counts their records;
        evidence texts travel only for the edges whose records must be looked at one by one
        (a case or window to apply per record, or stated weights to add up). With ``among``
        the edges are found from those nodes (``actor_ties_among``).
        """
        windowed = start is not None or end is not None
        ties = ActorTies()
        types = [relation_name(r) for r in relations]
        chosen_ids = list(dict.fromkeys(among)) if among is not None else None
        rows = (self.runner.stream(query("actor_ties"), types=types, case=case, windowed=windowed,
                                   start=start, end=end) if chosen_ids is None else
                self.runner.stream(query("actor_ties_among"), ids=chosen_ids, types=types, case=case,
                                   windowed=windowed, start=start, end=end))
        # each id, relation and date once (the driver gives a new string per row)
        held: dict[str, str] = {}
        once = held.setdefault
        for row in rows:
            texts = row["evidence"]
            if texts is None:
                contacts, weight, dates = row["contacts"], float(row["contacts"]), tuple(sorted(row["dates"]))
            else:
                kept = [e for e in map(evidence_from_json, texts) if keeps_evidence(e, case, start, end)]
                if not kept:
                    continue
                contacts, weight, dates = _tie_of(kept)
            source, target, relation = row["source"], row["target"], row["relation"]
            ties.source.append(once(source, source))
            ties.target.append(once(target, target))
            ties.relation.append(once(relation, relation))
            dates = tuple([once(d, d) for d in dates])
            ties.contacts.append(contacts)
            ties.weight.append(weight)
            ties.dates.append(dates)
        wanted = set(ties.source) | set(ties.target)
        chosen = [schema.check_node_kind(k) for k in kinds]
        if case is not None:
            wanted.update(r["id"] for r in self.runner.read(query("case_mentions"), case_id=case, kinds=chosen))
        if chosen_ids is not None:
            wanted &= set(chosen_ids)
        nodes: list[tuple[str, str, str, dict]] = []
        for chunk in _chunks(sorted(wanted), _LOOKUP):
            nodes.extend((r["id"], r["kind"], r["name"], _props(r["props"]))
                         for r in self.runner.read(query("actor_nodes"), ids=list(chunk), kinds=chosen))
        ties.nodes = sorted(nodes)
        return ties

    def evidence_records(self, relations: Sequence[str], kinds: Sequence[str], *, case: str | None = None,
                         start: str | None = None, end: str | None = None) -> list[tuple[str, str | None, str | None, str | None]]:
        """The distinct records behind the kept evidence of edges of ``relations`` between nodes
        of ``kinds``; see :meth:`graphkit.store.base.Store.evidence_records`. The edges stream
        by (:meth:`iter_edges`), only their kept records are held."""
        kept = self._kept_evidence(relations, kinds, case, start, end)
        found: dict[str, tuple[str, str | None, str | None, str | None]] = {}
        for _, _, evidence in kept:
            for e in evidence:
                found.setdefault(e.record_id, (e.record_id, e.case_id, e.date, e.channel))
        return [found[r] for r in sorted(found)]

    def case_ids(self, relations: Sequence[str], kinds: Sequence[str], *, start: str | None = None,
                 end: str | None = None) -> list[str]:
        """The case ids of the projection's kept evidence and of its nodes' records; see
        :meth:`graphkit.store.base.Store.case_ids`."""
        kept = self._kept_evidence(relations, None, None, start, end)
        present = self._present_of_kinds({n for source, target, _ in kept for n in (source, target)}, kinds)
        found = {e.case_id for source, target, evidence in kept if source in present and target in present
                 for e in evidence if e.case_id}
        records = {r for node in self.get_nodes(present).values() for r in node.evidence}
        found.update(c for c in self.record_case_ids(records).values() if c)
        return sorted(found)

    def _present_of_kinds(self, node_ids: Iterable[str], kinds: Sequence[str]) -> set[str]:
        chosen = [schema.check_node_kind(k) for k in kinds]
        present: set[str] = set()
        for chunk in _chunks(sorted(set(node_ids)), _LOOKUP):
            present.update(r["id"] for r in self.runner.read(query("actor_nodes"), ids=list(chunk), kinds=chosen))
        return present

    def _kept_evidence(self, relations: Sequence[str], kinds: Sequence[str] | None, case: str | None,
                       start: str | None, end: str | None) -> list[tuple[str, str, list[Evidence]]]:
        """(source, target, kept evidence) of each edge of ``relations`` with evidence inside the
        selection, both ends nodes of ``kinds`` (any node when None), by edge id."""
        kept = []
        for edge in self.iter_edges(relations):
            evidence = [e for e in edge.evidence if keeps_evidence(e, case, start, end)]
            if evidence:
                kept.append((edge.source, edge.target, evidence))
        if kinds is None:
            return kept
        present = self._present_of_kinds({n for source, target, _ in kept for n in (source, target)}, kinds)
        return [k for k in kept if k[0] in present and k[1] in present]

    def node_ids_in_window(self, start: str | None, end: str | None) -> set[str]:
        """Both ends of every edge with an evidence date overlapping ``start``..``end`` (ISO days)."""
        pairs = self.runner.read(query("edges_in_window"), start=start, end=end)
        return {r["source"] for r in pairs} | {r["target"] for r in pairs}

    # --- snapshot -------------------------------------------------------------------------

    # --- reference lists ------------------------------------------------------------------

    def replace_list(self, info: ListInfo, entries: Sequence[ListEntry]) -> None:
        """Keep a list as ``ReferenceList`` / ``ListedEntry`` nodes (never ``Entity``), replacing
        any list of the same name in one transaction."""
        self.ensure_schema()
        rows = [{"entry_id": e.entry_id, "entry": json.dumps(e.to_dict(), ensure_ascii=False)} for e in entries]
        info_json = json.dumps(info.to_dict(), ensure_ascii=False)

        def work(tx: Any) -> None:
            tx.run(query("lists_delete").text, name=info.name).consume()
            tx.run(query("lists_create").text, name=info.name, info=info_json, rows=rows).consume()

        self.runner.transaction(work, "lists_create")

    def list_infos(self) -> list[ListInfo]:
        """Every stored list, by name."""
        return [ListInfo.from_dict(json.loads(row["info"])) for row in self.runner.read(query("lists_all"))]

    def list_entries(self, names: Iterable[str] | None = None) -> list[ListEntry]:
        """The entries of the lists ``names`` (default: all), by list and entry id."""
        wanted = None if names is None else sorted(set(names))
        return [ListEntry.from_dict(json.loads(row["entry"]))
                for row in self.runner.stream(query("list_entries"), names=wanted)]

    def remove_list(self, name: str) -> int:
        """Take the list ``name`` out; return how many entries it had."""
        known = [info.name for info in self.list_infos()]
        if name not in known:
            raise NotFound(f"no list named {name!r} in {self.location}; `graphkit lists` shows the lists"
                           + (f" ({', '.join(known)})" if known else " (none loaded)"))
        return int(self.runner.write(query("lists_delete"), name=name)[0]["removed"])

    def snapshot_hash(self) -> str:
        """``"sha256:<hex>"`` over every node and edge as canonical JSON (:mod:`graphkit.store.snapshot`)."""
        return canonical_snapshot_hash(self)

    def snapshot_method(self) -> str:
        """How :meth:`snapshot_hash` hashes the database, in words."""
        return CANONICAL_METHOD


def open_neo4j_store(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    config: str | Path | None = None,
    *,
    chunk_rows: int = CHUNK_ROWS,
    rejects_path: Path | None = None,
    retry_seconds: float | None = None,
    on_batch: Callable[[str], None] | None = None,
    trust_any_certificate: bool | None = None,
) -> Neo4jStore:
    """Connect to Neo4j and check the connection now (a fast, clear error if it is down).

    ``retry_seconds`` (default ``GRAPHKIT_NEO4J_RETRY`` or 15): how long a write retries
    transient errors and a lost server before the load stops. ``chunk_rows``: rows per write
    transaction (``--batch-size``); ``on_batch``: see :class:`Neo4jStore`.
    ``trust_any_certificate``: allow ``+ssc`` URIs (default: ``GRAPHKIT_NEO4J_TRUST_ANY_CERT``
    or the config key; see :func:`~graphkit.store.neo4j_conn.check_tls`).

    Settings: the arguments, else ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``,
    ``NEO4J_DATABASE``, else the config file (see :mod:`graphkit.store.neo4j_conn`).

    Raises
    ------
    StoreUnavailable
        The server cannot be reached (the message says how to start the local one).
    AuthenticationError
        The server refused the credentials (the message never holds the password).
    """
    settings = resolve_settings(uri, user, password, database, config, trust_any_certificate)
    if retry_seconds is None:
        retry_seconds = float(os.environ.get("GRAPHKIT_NEO4J_RETRY", "15"))
    runner = QueryRunner(settings, retry_seconds=retry_seconds)
    try:
        runner.verify()
    except StoreError:
        runner.close()
        raise
    return Neo4jStore(runner, chunk_rows=chunk_rows, rejects_path=rejects_path, on_batch=on_batch)
