"""The interface every store implements: the embedded workspace and Neo4j plug in beside each other.

A store merges :class:`~graphkit.model.Batch` objects idempotently (nodes and edges by their
deterministic ids; aliases, evidence and records as set unions) and reads the graph back as
:class:`~graphkit.model.Node`, :class:`~graphkit.model.Edge` and
:class:`~graphkit.model.Record` objects. :class:`Store` declares everything a caller may ask
of a store, once; both :class:`~graphkit.store.workspace.Workspace` and
:class:`~graphkit.store.neo4j.Neo4jStore` implement all of it, and
``tests/store/test_store_conformance.py`` runs the same assertions against both.

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Node
>>> from graphkit.store.workspace import Workspace
>>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as store:
...     _ = store.write(Batch(nodes=[Node(id="p1", kind="Person", name="A", aliases={"Ａ"})]))
...     isinstance(store, Store), store.find_node_ids("Ａ"), store.counts()
(True, ['p1'], {'Person': 1})
"""
from __future__ import annotations

import math
import secrets
from array import array
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import (TYPE_CHECKING, Any, Collection, Iterable, Iterator, Mapping, Protocol, Self, Sequence,
                    runtime_checkable)

from graphkit.lists.model import ListEntry, ListInfo
from graphkit.model import Batch, Edge, Evidence, Node, Record, Reject

if TYPE_CHECKING:  # numpy is imported where columns are made: opening a store (``info``) loads none
    import numpy as np

APPROACH_ROLE_RELATIONS = ("MADE", "TARGETED", "VIA", "CONCERNS")
"""The role edges joining an actor to an Approach event node: reached through the approach,
never by the names of two actors, so :meth:`Store.edges_between` leaves them out."""


@dataclass
class LoadStats:
    """What one write did: new and merged (already present) nodes, edges and records."""

    nodes_new: int = 0
    nodes_merged: int = 0
    edges_new: int = 0
    edges_merged: int = 0
    records_new: int = 0
    records_merged: int = 0

    def __iadd__(self, other: "LoadStats") -> "LoadStats":
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


@dataclass
class LoadInfo:
    """One load a store remembers: its id, when it started (UTC, ISO), its files and counts."""

    load_id: str
    started: str
    files: list[str]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class UnloadStats:
    """What one unload removed or restored."""

    records_removed: int = 0
    nodes_removed: int = 0
    edges_removed: int = 0
    evidence_removed: int = 0
    aliases_removed: int = 0
    properties_restored: int = 0


VERDICTS = ("same", "different", "unsure")
"""What an analyst may decide about two nodes (``graphkit resolve same|different|unsure``)."""


@dataclass
class Decision:
    """A human's (or the entity register's) decision about two nodes: data a store keeps.

    ``id_a``/``id_b`` are the node ids and ``name_a``/``name_b`` the names as the analyst saw
    them (so a decision still reads right after a merge or in another workspace). ``verdict``
    is one of :data:`VERDICTS`; for ``same``, node ``b`` is merged into node ``a``. ``origin``
    is ``analyst``, or ``register`` for an automatic merge of an entity register alias.
    """

    decision_id: str
    verdict: str
    kind: str
    id_a: str
    name_a: str
    id_b: str
    name_b: str
    analyst: str
    at: str
    note: str = ""
    origin: str = "analyst"


@dataclass
class MergeInfo:
    """One merge a store made and can undo: node ``dropped`` merged into ``kept`` for a decision.

    ``pre`` is the exact pre-image (JSON of the nodes and edges the merge touched, as they
    were), ``post_digest`` a digest of what the merge wrote, so an undo can check that nothing
    changed them since. ``seq`` counts the merges of one decision (a decision is applied again
    when a later load brings the dropped node back).
    """

    decision_id: str
    seq: int
    kept: str
    dropped: str
    at: str
    pre: str
    post_digest: str

@dataclass
class ActorTies:
    """The projected edges as the store aggregates them: one row per edge (source, target,
    relation) with evidence inside the selection, in columns, and the nodes at their ends.

    ``contacts`` counts the kept evidence records, ``weight`` sums their stated weights (a
    record without one counts 1, :func:`graphkit.projection.record_weight`), ``dates`` holds
    the distinct kept evidence dates of each edge. ``nodes`` are (id, kind, name, properties)
    of the wanted kinds that are an end of a kept edge, or (with a case) mentioned by one of
    the case's records; by id. Rows come by edge id, as :meth:`Store.iter_edges` gives them.
    """

    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    relation: list[str] = field(default_factory=list)
    contacts: list[int] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)
    dates: list[tuple[str, ...]] = field(default_factory=list)
    nodes: list[tuple[str, str, str, dict]] = field(default_factory=list)



@dataclass
class EdgeRecords:
    """Edges with only what the transfer-path search weighs of their kept records, in columns
    (:meth:`Store.edge_records`): edge ``j`` runs ``sources[j] -> targets[j]`` with
    ``relations[j]`` and ``inferred[j]`` (its ``inferred`` property, as a bool); its records
    are ``stops[j - 1]`` (0 for the first) to ``stops[j]`` (exclusive) of the record columns.
    Record ``r`` has id ``record_id(r)`` (the ``records[r]``-th distinct id, UTF-8 in
    ``record_bytes`` ending at ``record_ends[code]``: each id held once), date
    ``date_names[dates[r]]`` (code -1: undated) and ``reliability[r]`` (NaN: none). No file,
    row or case: what a found path cites is read again in full (:meth:`Store.cited_evidence`).

    >>> from graphkit.model import RecordKey
    >>> found = EdgeRecords.of_rows([("a", "b", "CONTACTED", False, [RecordKey("r1", None, "2024-05", 0.5)]),
    ...                              ("b", "c", "SOUGHT", True, [RecordKey("r1", None, "2024-05", None),
    ...                                                          RecordKey("r2", None, None, 0.9)])])
    >>> found.stops.tolist(), [found.record_id(r) for r in range(3)], found.dates.tolist(), found.date_names
    ([1, 3], ['r1', 'r1', 'r2'], [0, 0, -1], ['2024-05'])
    """

    sources: list[str]
    targets: list[str]
    relations: list[str]
    inferred: list[bool]
    stops: np.ndarray
    records: np.ndarray
    record_bytes: bytes | bytearray
    record_ends: np.ndarray
    dates: np.ndarray
    date_names: list[str]
    reliability: np.ndarray

    def record_id(self, r: int) -> str:
        code = int(self.records[r])
        start = int(self.record_ends[code - 1]) if code else 0
        return self.record_bytes[start:int(self.record_ends[code])].decode()

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[str, str, str, bool, Sequence[Any]]]) -> "EdgeRecords":
        """These edges ``(source, target, relation, inferred, records)`` in the order given,
        each record anything with ``record_id``, ``date`` and ``reliability`` (an
        :class:`~graphkit.model.Evidence`, a :class:`~graphkit.model.RecordKey`), in its
        order; distinct ids and dates coded in the order first met."""
        import numpy as np

        sources: list[str] = []
        targets: list[str] = []
        relations: list[str] = []
        inferred: list[bool] = []
        stops, codes, ends = array("q"), array("q"), array("q")
        dates, reliability = array("i"), array("d")
        blob = bytearray()
        id_codes: dict[str, int] = {}
        date_codes: dict[str, int] = {}
        for source, target, relation, is_inferred, items in rows:
            for e in items:
                code = id_codes.get(e.record_id)
                if code is None:
                    code = id_codes[e.record_id] = len(id_codes)
                    blob += e.record_id.encode()
                    ends.append(len(blob))
                codes.append(code)
                d = e.date
                dates.append(-1 if d is None else date_codes.setdefault(d, len(date_codes)))
                r = e.reliability
                reliability.append(math.nan if r is None else r)
            sources.append(source)
            targets.append(target)
            relations.append(relation)
            inferred.append(bool(is_inferred))
            stops.append(len(codes))
        return cls(sources=sources, targets=targets, relations=relations, inferred=inferred,
                   stops=np.frombuffer(stops, dtype=np.int64), records=np.frombuffer(codes, dtype=np.int64),
                   record_bytes=blob, record_ends=np.frombuffer(ends, dtype=np.int64),
                   dates=np.frombuffer(dates, dtype=np.int32), date_names=list(date_codes),
                   reliability=np.frombuffer(reliability, dtype=np.float64))


def new_load_id(now: datetime | None = None) -> str:
    """A load id people can type and sort: UTC time of the load plus 8 random hex digits
    (4 digits let two loads started in the same second collide about once in 65,536, which a
    test suite's thousands of quick loads hit: the second load was refused).

    >>> load_id = new_load_id(datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc))
    >>> load_id[:16], len(load_id)
    ('20240501-093000-', 24)
    """
    now = now or datetime.now(timezone.utc)
    return now.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(4)


@runtime_checkable
class Store(Protocol):
    """What the workspace and the Neo4j store both provide.

    Orders are part of the contract: nodes and edges come by id, an edge's evidence by
    record id, so an analysis sees the same graph in the same order on either store.
    """

    # --- lifecycle --------------------------------------------------------------------------

    @property
    def location(self) -> str:
        """Where the store is, for people: the workspace directory, or the Neo4j URI and database."""
        ...

    def __enter__(self) -> Self:
        """``with open_store(...) as store:`` closes the store when the block ends."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Close the store (see :meth:`close`)."""
        ...

    def close(self) -> None:
        """Release files or connections."""
        ...

    # --- writing ----------------------------------------------------------------------------

    def write(self, batch: Batch, load_id: str | None = None) -> LoadStats:
        """Merge a batch; return what was new and what merged into existing entries.

        Writing the same batch twice changes nothing the second time (all ``*_new`` are 0).
        With a ``load_id`` (from :meth:`start_load`) the store also keeps what this write
        added for that load, so :meth:`unload` can take it out again.
        """
        ...

    # --- loads ------------------------------------------------------------------------------

    def start_load(self, files: Sequence[str]) -> str:
        """Register a new load of ``files`` (as the user named them); return its new id."""
        ...

    def finish_load(self, load_id: str, counts: dict[str, int]) -> None:
        """Keep the counts of a finished load (read, loaded, rejected, ...) with it."""
        ...

    def list_loads(self) -> list[LoadInfo]:
        """Every load the store remembers, oldest first (loads not yet unloaded)."""
        ...

    def unload(self, load_id: str) -> UnloadStats:
        """Take out what the load ``load_id`` added, and forget the load.

        Removed: the records only this load brought (a record another remaining load also
        read stays, and passes to it); every evidence item citing them; nodes and edges left
        with no evidence. Restored on nodes and edges that existed before the load: the
        aliases it added are removed, the properties it filled or extended get their earlier
        values. Unknown ids raise :class:`~graphkit.errors.NotFound`.
        """
        ...

    # --- rejected rows ----------------------------------------------------------------------

    @property
    def rejects_path(self) -> Path | None:
        """The CSV file rejected rows are appended to (:mod:`graphkit.store.rejects` format), or None."""
        ...

    @property
    def rejected(self) -> list[Reject]:
        """Rows this store itself refused while writing, since it was opened (a workspace
        stores anything a loader yields, so its list stays empty)."""
        ...

    def write_rejects(self, rejects: Iterable[Reject]) -> None:
        """Keep rejected rows (one per file, row and reason) and append them to :attr:`rejects_path`."""
        ...

    def read_rejects(self) -> list[Reject]:
        """Every rejected row kept, one per (file, row, reason), sorted by them."""
        ...

    def rejects_count(self) -> int:
        """How many rejected rows :meth:`read_rejects` returns."""
        ...

    # --- nodes and edges --------------------------------------------------------------------

    def iter_nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        """Every node (by id), or only those of the given schema kinds; streamed."""
        ...

    def iter_edges(self, relations: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge with its evidence (by id), or only those of the given relation kinds; streamed."""
        ...

    def get_node(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        ...

    def get_nodes(self, node_ids: Iterable[str]) -> dict[str, Node]:
        """The nodes with these ids (unknown ids are left out)."""
        ...

    def present_node_ids(self, node_ids: Iterable[str]) -> set[str]:
        """Which of ``node_ids`` the store holds (no node read: for many ids at once)."""
        ...

    def edges_among(self, node_ids: Iterable[str]) -> list[Edge]:
        """Every edge whose two ends are both among ``node_ids``, with its evidence, by id."""
        ...

    def edges_between(self, a: str, b: str) -> list[Edge]:
        """Every edge from ``a`` to ``b`` or from ``b`` to ``a``, with evidence, by id.

        The role edges of approach events (:data:`APPROACH_ROLE_RELATIONS`) are left out.
        """
        ...

    def edge_records(self, relations: Iterable[str], *, among: Collection[str] | None = None,
                     case: str | None = None, start: str | None = None, end: str | None = None) -> EdgeRecords:
        """Every edge of ``relations`` (with ``among``: both ends among those node ids) that
        keeps a record in the selection (:func:`~graphkit.model.keeps_evidence` of ``case``
        and the window ``start``..``end`` of :func:`graphkit.projection.evidence_window`),
        ordered by id, with only the id, date and reliability of each kept record (by record
        id), as columns (:class:`EdgeRecords`). The light read of the transfer-path search
        (:func:`graphkit.projection.read_path_arrays`): no Python object per record.
        """
        ...

    def cited_evidence(self, cited: Mapping[tuple[str, str, str], Iterable[str]]
                       ) -> dict[tuple[str, str, str], list[Evidence]]:
        """The evidence items in full of the given records on the given edges: for each
        (source, target, relation) the items of the listed record ids, by record id (unknown
        edges and records left out). What a transfer path found on a light read
        (:func:`graphkit.projection.path_graph`) cites: looked up by record (workspace) or
        by the edge's ends (Neo4j), never by scanning the evidence.
        """
        ...

    def counts(self) -> dict[str, int]:
        """Node counts by kind and edge counts by relation, e.g. ``{"Person": 12, "CONTACTED": 30}``.

        Kinds first, then relations, each sorted; kinds and relations without any are left out.
        """
        ...

    # --- names ------------------------------------------------------------------------------

    def find_node_ids(self, text: str) -> list[str]:
        """Ids of the nodes whose id, name or an alias is exactly ``text``, sorted.

        An id match wins: when ``text`` is a node id the answer is ``[text]``. Approach nodes
        are found by id only.
        """
        ...

    def iter_names(self, kinds: Iterable[str] | None = None) -> Iterator[tuple[str, str, str]]:
        """(node id, kind, spelling) for the name and every alias of every node but approach
        events (or only nodes of ``kinds``); a node's name comes before its aliases."""
        ...

    # --- records ----------------------------------------------------------------------------

    def get_records(self, record_ids: Iterable[str]) -> dict[str, Record]:
        """The records with these ids (unknown ids are left out)."""
        ...

    def record_locations(self, record_ids: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
        """Every (file, row) each known record was read from, sorted."""
        ...

    def record_case_ids(self, record_ids: Iterable[str]) -> dict[str, str | None]:
        """The case id of each known record (None: a record without a case)."""
        ...

    def record_counts_by_case(self) -> dict[str | None, int]:
        """How many records each case id has (None: records without a case)."""
        ...

    def record_count(self) -> int:
        """How many distinct records the store holds."""
        ...

    # --- summaries --------------------------------------------------------------------------

    def evidence_dates(self) -> list[str]:
        """Every distinct evidence date on any edge (ISO text at its precision), sorted as text."""
        ...

    def foreign_counts(self, kinds: Iterable[str]) -> dict[str, int]:
        """How many nodes of ``kinds`` are ``foreign``, ``domestic`` or of ``unknown`` origin."""
        ...

    def actor_ties(self, relations: Sequence[str], kinds: Sequence[str], *, case: str | None = None,
                   start: str | None = None, end: str | None = None,
                   among: Collection[str] | None = None) -> ActorTies:
        """The edges of ``relations`` aggregated over their evidence, and their end nodes of
        ``kinds`` (:class:`ActorTies`), without an object per edge or per evidence item;
        with ``among``, only the edges whose two ends are among those ids, and only those nodes
        (a neighbourhood, read without the rest of the graph).

        The evidence kept is of ``case`` (when given) and dated inside ``start``..``end`` (ISO
        days, either None for an open end; a date at a coarser precision counts when its period
        overlaps, as :meth:`node_ids_in_window`; undated evidence only when there is no
        window). Edges left without evidence are left out. Each node id, relation and date is
        one string object however many ties repeat it (the lists hold references, not a copy
        per row: at 1M contacts this halves the read's memory). This is what
        :func:`graphkit.projection.actor_arrays` builds the analysis arrays from.
        """
        ...

    def evidence_records(self, relations: Sequence[str], kinds: Sequence[str], *, case: str | None = None,
                         start: str | None = None, end: str | None = None) -> list[tuple[str, str | None, str | None, str | None]]:
        """The distinct records behind the edges of ``relations`` between two nodes of ``kinds``,
        inside the selection of :meth:`actor_ties` (``case``, ``start``..``end``): one
        ``(record_id, case_id, date, channel)`` per record, by record id. The records behind
        the projection's edges of those relations, without an object per edge (the report's
        approaches are the CONTACTED ones, :func:`graphkit.reports.collect.approach_counts`).
        """
        ...

    def case_ids(self, relations: Sequence[str], kinds: Sequence[str], *, start: str | None = None,
                 end: str | None = None) -> list[str]:
        """Every case id the projection of ``relations`` and ``kinds`` inside ``start``..``end``
        mentions, sorted: the cases of the kept evidence of its edges (both ends nodes of
        ``kinds``) and of every record its nodes cite (a node of ``kinds`` at an end of an edge
        with kept evidence), as ``cases`` of :func:`graphkit.projection.actor_graph` gathers them.
        """
        ...

    # --- subgraph selection -----------------------------------------------------------------

    def node_ids_in_case(self, case_id: str) -> set[str]:
        """The nodes of a case: its Case node (property ``case_id``), the nodes PART_OF it,
        and both ends of every edge with evidence from the case."""
        ...

    def case_nodes(self, case_id: str, kinds: Sequence[str]) -> list[Node]:
        """The nodes of ``kinds`` among :meth:`node_ids_in_case`, by id, each with only the
        case's records in its ``evidence`` (:func:`graphkit.projection.case_actor_graph`)."""
        ...

    def case_edges(self, case_id: str, relations: Sequence[str]) -> list[Edge]:
        """The edges of ``relations`` with evidence from a record of case ``case_id``, by id,
        each carrying only that case's evidence (by record id): one case's edges read through
        the case's evidence, in work that scales with the case, not with the whole graph
        (:func:`graphkit.reports.collect.case_graph`)."""
        ...

    def case_contents(self, case_ids: Sequence[str], relations: Sequence[str],
                      kinds: Sequence[str]) -> Iterator[tuple[str, list[Node], list[Edge]]]:
        """Each case of ``case_ids`` as ``(case_id, case_nodes(case_id, kinds),
        case_edges(case_id, relations))``, one case at a time, every case once (empty lists
        for a case with nothing), in an order of the store's choosing: all cases in one read
        (a few streamed queries, not a few per case), held one case at a time, so a caller
        going through them holds the largest case, not the whole graph
        (:func:`graphkit.reports.collect.case_graphs`, the report's per-case stage).
        """
        ...

    def case_edge_counts(self, case_ids: Sequence[str], relations: Sequence[str], kinds: Sequence[str], *,
                         start: str | None = None, end: str | None = None) -> dict[str, int]:
        """How many edges each case's actor graph has, without reading them: the edges of
        ``relations`` with evidence of the case inside ``start``..``end`` (ISO days, either
        None), both ends nodes of ``kinds`` (a case without any is left out). The report
        chooses the cases it charts by it before it reads them
        (:class:`graphkit.reports.page.CaseCharts`).
        """
        ...

    def case_ties(self, case_ids: Sequence[str], relations: Sequence[str], kinds: Sequence[str], *,
                  start: str | None = None, end: str | None = None) -> Iterator[tuple[str, ActorTies]]:
        """Each case of ``case_ids`` as ``(case_id, ties)``: what ``actor_ties(relations, kinds,
        case=case_id, start=start, end=end)`` gives, its nodes only among
        :meth:`node_ids_in_case` (an end of a kept edge, or a node of the case that a record of
        the case mentions); one case at a time, every case once (empty ties for a case with
        nothing), in an order of the store's choosing, all cases in one read (a few streamed
        aggregate queries): the report's per-case stage on arrays, no object per evidence item
        (:func:`graphkit.reports.collect.case_arrays`).
        """
        ...

    def case_node_records(self, wanted: Mapping[str, Collection[str]], relations: Sequence[str],
                          kinds: Sequence[str], *, start: str | None = None,
                          end: str | None = None) -> dict[tuple[str, str], list[str]]:
        """For each case of ``wanted`` and each of its node ids, the records of the case that
        mention the node (in its evidence) and stand behind kept evidence of the case (inside
        ``start``..``end``) on an edge of ``relations`` between two nodes of ``kinds``, sorted;
        by ``(case_id, node_id)``, pairs without any left out. The ``evidence`` a case's actor
        graph gives a node (:func:`graphkit.reports.collect.case_graph`), read for a few nodes
        (the ones a case table lists) without the case's graph.
        """
        ...

    def neighbour_ids(self, node_ids: Iterable[str]) -> set[str]:
        """The nodes one hop from any of ``node_ids`` over any edge, in either direction
        (one step of a k-hop neighbourhood; the given nodes are in it only when a neighbour's)."""
        ...

    def node_ids_in_window(self, start: str | None, end: str | None) -> set[str]:
        """Both ends of every edge with an evidence date whose period overlaps ``start``..``end``.

        ``start`` and ``end`` are ISO days (``YYYY-MM-DD``, either may be None for an open
        end); a date at a coarser precision overlaps when its period does (``"2024-05"``
        overlaps ``start="2024-05-20"``).
        """
        ...

    # --- reference lists (export-control and sanctions lists, beside the case graph) ---------

    def replace_list(self, info: ListInfo, entries: Sequence[ListEntry]) -> None:
        """Keep a list beside the case graph, replacing any list of the same name, in one
        transaction (all of it or none). Lists never become nodes or edges: nothing that
        reads the case graph (counts, projections, :meth:`snapshot_hash`) sees them."""
        ...

    def list_infos(self) -> list[ListInfo]:
        """Every stored list (:class:`~graphkit.lists.model.ListInfo`), by name."""
        ...

    def list_entries(self, names: Iterable[str] | None = None) -> list[ListEntry]:
        """The entries of the lists ``names`` (default: all; unknown names give none), by list
        name and entry id."""
        ...

    def remove_list(self, name: str) -> int:
        """Take the list ``name`` out; return how many entries it had. An unknown name raises
        :class:`~graphkit.errors.NotFound`."""

    # --- decisions and merges ---------------------------------------------------------------

    def save_decision(self, decision: Decision) -> None:
        """Keep a decision (replacing one with the same id)."""
        ...

    def list_decisions(self) -> list[Decision]:
        """Every decision kept, oldest first (by time, then id)."""
        ...

    def forget_decision(self, decision_id: str) -> None:
        """Delete a decision (its merges must have been undone first)."""
        ...

    def merge_nodes(self, kept: str, dropped: str, decision_id: str) -> MergeInfo:
        """Merge node ``dropped`` into node ``kept`` physically, in one transaction.

        ``kept`` gains every alias (and the other's name as an alias), every evidence record
        and the properties it lacks (:func:`graphkit.store.merging.merge_properties`); every
        edge on ``dropped`` is rewritten onto ``kept`` (its id recomputed with
        :func:`graphkit.model.edge_id`, evidence merged into an edge already there); ``dropped``
        is deleted. The exact pre-image is saved with the decision's id so
        :meth:`undo_merges` restores it. Raises :class:`~graphkit.errors.NotFound` for an
        unknown id and :class:`~graphkit.errors.BadValue` for two kinds or one node.
        """
        ...

    def list_merges(self) -> list[MergeInfo]:
        """Every merge kept, in the order made."""
        ...

    def set_node_name(self, node_id: str, name: str, aliases: Iterable[str], *, load_id: str | None = None) -> None:
        """Give a node its display name and alias set in full (after a load, the name an
        entities or cases row declares wins over a spelling an earlier load met first). With
        ``load_id`` the rename is that load's change: unloading it gives the name back."""
        ...

    def undo_merges(self, decision_id: str) -> int:
        """Undo every merge of ``decision_id``, newest first, restoring the pre-images exactly;
        return how many were undone. Refused (:class:`~graphkit.errors.StoreError`) when a
        later load or merge changed what a merge wrote: undo that first."""
        ...

    # --- snapshot ---------------------------------------------------------------------------

    def snapshot_hash(self) -> str:
        """``"sha256:<hex>"`` of the stored graph: the same records, nodes and edges give the
        same hash (nodes and edges in any order); a node, an edge, a property, an alias or
        an evidence item changes it. Comparable between two stores of one kind only."""
        ...

    def snapshot_method(self) -> str:
        """How :meth:`snapshot_hash` hashes this store, in words (recorded in report manifests)."""
        ...


def records_with_locations(store: Store, record_ids: Iterable[str]) -> list[Record]:
    """The records with these ids, one :class:`Record` per (file, row) each was read from."""
    ids = list(dict.fromkeys(record_ids))
    records = store.get_records(ids)
    locations = store.record_locations(ids)
    out: list[Record] = []
    for rid, rec in records.items():
        for file, row in locations.get(rid) or [(rec.file, rec.row)]:
            out.append(Record(rec.record_id, rec.layout, file, int(row), rec.source_id, rec.case_id, dict(rec.raw)))
    return out
