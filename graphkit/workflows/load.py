"""The load command as a call: check record files, then merge them into a store.

:func:`load_plan` checks every file (format, encoding, layout, required columns) before any
store is opened or created; :func:`load` runs the load and returns a :class:`LoadResult`: the
counts per file, the rejected rows and the possible duplicates (a
:class:`~graphkit.ingest.LoadReport`), and the rows the store itself set aside (Neo4j refuses
some values the workspace keeps).

>>> import tempfile, pathlib
>>> from graphkit.store.workspace import Workspace
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = (tmp / "c.csv").write_text("from_name,to_name\\nLi Wei,Yamada Taro\\n", encoding="utf-8")
>>> with Workspace(tmp / "ws") as ws:
...     loaded = load(ws, [tmp / "c.csv"]).report
...     before = [x.load_id for x in list_loads(ws)]
...     stats = unload(ws, load_id=loaded.load_id).stats
...     (loaded.total.loaded, before == [loaded.load_id], stats.records_removed, ws.counts())
(1, True, 1, {})
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from graphkit.errors import GraphkitError, NotFound, StoreError, StoreUnavailable
from graphkit.ingest import LoadPlan, LoadReport, prepare_load, run_load
from graphkit.loaders.mapping import Mapping
from graphkit.model import Reject
from graphkit.store.base import LoadInfo, Store, UnloadStats
from graphkit.store.node_merge import apply_decisions

DUPLICATES_FILE = "possible-duplicates.csv"
NEO4J_REJECTS = Path("neo4j-rejects.csv")
"""Where `graphkit load --neo4j` also writes rejected rows (besides Reject nodes in Neo4j)."""


@dataclass
class LoadResult:
    """``report``: counts per file and in total, rejects, possible duplicates (see
    :class:`~graphkit.ingest.LoadReport`); ``store_rejects``: rows the store could not keep
    (Neo4j only; also in its rejects file and as ``Reject`` nodes)."""

    report: LoadReport
    store_rejects: list[Reject] = field(default_factory=list)
    duplicates_file: Path | None = None
    """Every possible duplicate of this load (the CLI shows only the first few), as a
    spreadsheet-safe CSV next to the rejects file: :data:`DUPLICATES_FILE`."""


def load_plan(files: Sequence[str | Path], *, layout: str | None = None,
              mapping: Mapping | str | Path | None = None, encoding: str | None = None,
              home_country: str = "JP", on_bad_bytes: str = "refuse", sheet: str | None = None,
              delimiter: str | None = None, force_kind: bool = False) -> LoadPlan:
    """Check every file without writing anything (see :func:`graphkit.ingest.prepare_load`;
    ``on_bad_bytes="reject-rows"`` sets aside the rows of a file that is not one encoding;
    ``sheet`` and ``delimiter`` choose an Excel sheet and a CSV separator; ``force_kind`` loads
    with ``layout`` even where a header fits another layout better)."""
    return prepare_load(list(files), layout=layout, mapping=mapping, encoding=encoding,
                        home_country=home_country, on_bad_bytes=on_bad_bytes, sheet=sheet,
                        delimiter=delimiter, force_kind=force_kind)



def load(store: Store, files: LoadPlan | Sequence[str | Path], *, layout: str | None = None,
         mapping: Mapping | str | Path | None = None, encoding: str | None = None,
         home_country: str = "JP", progress: bool = False, on_bad_bytes: str = "refuse",
         sheet: str | None = None, delimiter: str | None = None) -> LoadResult:
    """Load record files (or a checked :func:`load_plan`) into ``store``.

    Loading the same files again changes nothing. A server lost during the load stops it with
    a :class:`~graphkit.errors.StoreUnavailable` that says how to go on (every batch written
    so far is complete; the same load again merges onto it).
    """
    plan = files if isinstance(files, LoadPlan) else load_plan(
        files, layout=layout, mapping=mapping, encoding=encoding, home_country=home_country,
        on_bad_bytes=on_bad_bytes, sheet=sheet, delimiter=delimiter)
    before = len(_store_rejects(store))
    try:
        report = run_load(plan, store, progress=progress)
    except StoreUnavailable as err:
        raise StoreUnavailable(
            f"the load stopped: {err} Every batch written so far is complete; once the server "
            "is back, run the same load again: it merges onto what is there, nothing is duplicated."
        ) from None
    return LoadResult(report=report, store_rejects=_store_rejects(store)[before:],
                      duplicates_file=write_duplicates(report, store))


def write_duplicates(report: LoadReport, store: Store) -> Path | None:
    """Write every possible duplicate of ``report`` to :data:`DUPLICATES_FILE` beside the
    store's rejects file (the workspace folder; for Neo4j, beside ``neo4j-rejects.csv``),
    spreadsheet-safe (:func:`graphkit.safe_output.write_csv`); return its path, or None when
    there are none or the store keeps no rejects file."""
    rejects_path = getattr(store, "rejects_path", None)
    if not report.possible_duplicates or rejects_path is None:
        return None
    from graphkit.safe_output import write_csv

    return write_csv(report.duplicates_frame(), Path(rejects_path).parent / DUPLICATES_FILE)


def _store_rejects(store: Store) -> list[Reject]:
    """The rows a Neo4j store set aside itself (the workspace keeps every row it is given)."""
    neo4j = sys.modules.get("graphkit.store.neo4j")  # loaded once a Neo4j store was opened
    return list(store.rejected) if neo4j is not None and isinstance(store, neo4j.Neo4jStore) else []


@dataclass
class UnloadResult:
    """The loads taken out (oldest first) and what was removed or restored, summed over them.

    ``merges_kept`` names the decisions whose merges, made after a load taken out, could not be
    undone first because a later load wrote onto the merged nodes (see :func:`unload`);
    ``decisions_forgotten`` the entity register's automatic decisions the loads made;
    ``decisions_reapplied`` the decisions whose merges were made again after the unload.
    """

    unloaded: list[LoadInfo]
    stats: UnloadStats
    merges_undone: int = 0
    merges_kept: list[str] = field(default_factory=list)
    decisions_forgotten: list[str] = field(default_factory=list)
    decisions_reapplied: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What the analyst should know beyond the counts (one line each)."""
        return [f"decision {d}: its merge was made after the load and a later load wrote onto the "
                "merged node, so it was kept; names and aliases the unloaded records gave that node "
                "stay until the later loads are unloaded too (`graphkit loads`)" for d in self.merges_kept]

    def to_rows(self) -> list[dict[str, object]]:
        """One row per load taken out, with the summed counts on the last row."""
        rows: list[dict[str, object]] = [{"load_id": x.load_id, "files": "; ".join(x.files)} for x in self.unloaded]
        if rows:
            rows[-1].update(vars(self.stats))
            rows[-1]["merges_undone"] = self.merges_undone
            rows[-1]["decisions_reapplied"] = len(self.decisions_reapplied)
        return rows


def list_loads(store: Store) -> list[LoadInfo]:
    """Every load the store remembers, oldest first (what `graphkit loads` prints)."""
    return store.list_loads()


def unload(store: Store, files: Sequence[str | Path] = (), *, load_id: str | None = None) -> UnloadResult:
    """Take loads out of ``store``: the one with ``load_id``, or every load of ``files``.

    A load of several files is taken out only by its id (its other files would go too): naming
    one of its files raises an error naming the load. See :meth:`Store.unload` for what is
    removed and what is restored. Merges made since the first load taken out are undone before
    and the decisions applied again after, so the graph is the one the remaining loads and
    decisions give; the entity register's automatic decisions those loads made are forgotten.
    """
    known = store.list_loads()
    if load_id is not None:
        chosen = [x for x in known if x.load_id == load_id]
        if not chosen:
            raise NotFound(f"no load with id {load_id!r} in {store.location}; `graphkit loads` lists the loads")
    else:
        wanted = {str(Path(f).resolve()) for f in files}
        chosen = [x for x in known if wanted & set(x.files)]
        missing = wanted - {f for x in chosen for f in x.files}
        if missing:
            raise NotFound(f"no load of {', '.join(sorted(missing))} in {store.location}; "
                           "`graphkit loads` lists the loads and their files")
        wider = [x for x in chosen if set(x.files) - wanted]
        if wider:
            x = wider[0]
            raise GraphkitError(
                f"load {x.load_id} also read {', '.join(sorted(set(x.files) - wanted))}; "
                f"take the whole load out with `graphkit unload --load-id {x.load_id}`")
    undone, kept = _undo_merges_since(store, min(x.started for x in chosen))
    forgotten = _forget_register_decisions(store, chosen, known)
    total = UnloadStats()
    for info in reversed(chosen):  # newest first
        stats = store.unload(info.load_id)
        for name, value in vars(stats).items():
            setattr(total, name, getattr(total, name) + value)
    reapplied = apply_decisions(store)
    return UnloadResult(unloaded=chosen, stats=total, merges_undone=undone, merges_kept=kept,
                        decisions_forgotten=forgotten, decisions_reapplied=reapplied)


def _undo_merges_since(store: Store, started: str) -> tuple[int, list[str]]:
    """Undo the merges made since ``started``, newest decision first, so the unload sees the
    nodes as the loads wrote them (a merge moved names, aliases and edges between nodes: left
    in place, a name only the unloaded records gave would stay on the merged node).

    The decisions stay; :func:`unload` applies them again afterwards, so a merge whose nodes
    both remain comes back and one whose node went waits for a later load. A merge a later
    load wrote onto cannot be undone exactly and is kept (its decision id returned).
    """
    since: dict[str, str] = {}
    for merge in store.list_merges():
        if merge.at >= started:
            since[merge.decision_id] = max(merge.at, since.get(merge.decision_id, ""))
    undone, kept = 0, []
    for decision_id in sorted(since, key=lambda d: since[d], reverse=True):
        try:
            undone += store.undo_merges(decision_id)
        except StoreUnavailable:
            raise
        except StoreError:  # a later load wrote onto the merged nodes
            kept.append(decision_id)
    return undone, kept


def _forget_register_decisions(store: Store, chosen: list[LoadInfo], known: list[LoadInfo]) -> list[str]:
    """Forget the entity register's automatic decisions made during the loads taken out: the
    register rows that justified them go with the load (an analyst's decisions stay)."""
    starts = sorted(x.started for x in known)
    windows = []
    for info in chosen:
        later = [s for s in starts if s > info.started]
        windows.append((info.started, later[0] if later else "\uffff"))
    forgotten = []
    for decision in store.list_decisions():
        if decision.origin == "register" and any(lo <= decision.at < hi for lo, hi in windows):
            store.forget_decision(decision.decision_id)
            forgotten.append(decision.decision_id)
    return forgotten
