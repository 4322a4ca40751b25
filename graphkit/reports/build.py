"""Build a batch report: brokers, likely transfer paths, changes, charts, tables and a manifest.

:func:`build_report` reads the selection's projection as arrays (one aggregate query; the
whole graph with its evidence is never built), ranks brokers overall on them, finds the most
likely transfer paths from foreign actors to each technology on regions read from the store,
ranks and charts each case as the cases pass in one read of the store (:func:`_cases`), and
writes one directory:

``report.html`` (self-contained, offline), ``cases/<case>.html`` (link charts), ``brokers.csv``,
``brokers_by_case.csv``, ``paths.csv``, ``approaches_by_month.csv``, ``contacts_by_side.csv``,
``changes.csv`` (with ``compare``), ``report.xlsx`` (the same tables) and ``manifest.json``.

The whole report is written into a temporary directory beside ``out_dir`` and moved into
place at the end, so a failed run leaves the previous report (or nothing) and never half a
report.

>>> import tempfile, pathlib
>>> from graphkit.store.workspace import Workspace
>>> from graphkit.ingest import load_files
>>> from graphkit.resources import demo_dir
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
>>> with Workspace(tmp / "ws") as ws:
...     _ = load_files(demo, ws)
...     result = build_report(ws, tmp / "report", k_paths=2)
>>> result.brokers.loc[0, "name"]
'Leon Varga'
>>> sorted(p.name for p in result.out_dir.iterdir())[:4]
['approaches_by_month.csv', 'brokers.csv', 'brokers_by_case.csv', 'cases']
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Hashable, Mapping, Sequence

import networkx as nx
import pandas as pd

from graphkit import __version__, schema
from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.analysis.path_region import likely_paths_by_region, reference_of
from graphkit.analysis.paths import TransferPath
from graphkit.errors import AnalysisError, GraphkitError, NotFound
from graphkit.language import message, page_language
from graphkit.projection import (ActorArrays, actor_graph, evidence_window, node_aliases, node_cases_and_records,
                                 selected_actor_arrays)
from graphkit.reports import collect
from graphkit.reports.compare import compare_manifests, read_manifest
from graphkit.reports.ranking import NodeEvidence, rank_brokers, rank_case
from graphkit.reports.tables import broker_rows, node_name, path_rows, write_tables
from graphkit.safe_output import atomic_write_text, atomic_writer, json_value, write_csv
from graphkit.safe_text import for_display
from graphkit.store.base import Store

if TYPE_CHECKING:
    from graphkit.reports.page import CaseCharts

TOP_BROKERS = 25
"""Brokers listed overall (tables, manifest, HTML)."""
TOP_CASE_BROKERS = 10
"""Brokers listed per case."""


class ReportError(GraphkitError):
    """The report cannot be written where it was asked to go."""


@dataclass
class ReportResult:
    """What :func:`build_report` made: the directory, its files and the results as data."""

    out_dir: Path
    manifest: dict[str, Any]
    brokers: pd.DataFrame
    case_brokers: dict[str, pd.DataFrame]
    paths: dict[Hashable, list[TransferPath]]
    changes: pd.DataFrame | None
    arrays: ActorArrays = field(repr=False)
    """The selection's projection as arrays (ids, names, kinds, ties; no evidence): the report
    never holds the whole graph with its evidence (``actor_graph(store, ...)`` reads it)."""
    files: list[str] = field(default_factory=list)

    @property
    def html(self) -> Path:
        """The HTML report."""
        return self.out_dir / "report.html"

    def name(self, node_id: Hashable) -> str:
        """A node's name in the report's selection (its id when it has none)."""
        return node_name(self.arrays, node_id)


def build_report(
    store: Store,
    out_dir: Path | str,
    *,
    case: str | None = None,
    since: str | None = None,
    until: str | None = None,
    compare: Path | str | None = None,
    k_paths: int = 3,
    time_respecting: bool = True,
    max_hops: int | None = 6,
    top_brokers: int = TOP_BROKERS,
    top_case_brokers: int = TOP_CASE_BROKERS,
    max_case_charts: int | None = None,
    model: LikelihoodModel | None = None,
    seed: int = 0,
    title: str | None = None,
    progress: bool = False,
    on_stage: Callable[[str], None] | None = None,
    marking: str = "",
    file_mode: str = "private",
    lang: str | None = None,
    broker_analysis: pd.DataFrame | None = None,
) -> ReportResult:
    """Write a report of ``store`` to ``out_dir`` and return its results.

    Parameters
    ----------
    store : the workspace or Neo4j store
    out_dir : the report directory; an earlier report there is replaced (atomically), any
        other non-empty directory is refused
    case, since, until : restrict to one case id and/or a date window (ISO, any precision)
    compare : an earlier report directory: list new brokers, risers, fallers and new paths
    k_paths : most likely paths per technology
    time_respecting : paths must run forward in time (each hop no earlier than the one before)
    max_hops : longest path searched
    top_brokers, top_case_brokers : how many ranked actors are listed overall and per case
    max_case_charts : draw link charts for at most this many cases (the largest); None = all
    model : the likelihood settings of the path search (default ``LikelihoodModel()``)
    seed : random seed for sampled betweenness and chart layouts (recorded in the manifest)
    title : the report's heading (default "graphkit report" in the report's language)
    progress : show a progress bar on stderr
    on_stage : called with each stage's name as it starts (for timing; see benchmarks/)
    marking : a handling marking (e.g. 取扱注意) on every page (top and bottom), in every
        sheet's header and footer, in the manifest and in ``MARKING.txt``
    file_mode : ``"private"`` (default: the report is the owner's only, 0700/0600) or
        ``"umask"`` (the modes an ordinary file gets under the user's umask)
    lang : ``"ja"`` or ``"en"``: the language of the pages and of the reasons in the tables
        (default :func:`graphkit.language.page_language`: GRAPHKIT_LANG, else the locale)
    broker_analysis : the overall broker table computed elsewhere (GDS inside Neo4j,
        ``graphkit report --engine gds``); by default graphkit's engine ranks the graph
    """
    if file_mode not in FILE_MODES:
        raise ValueError(f"file_mode must be one of {', '.join(FILE_MODES)}")
    from tqdm import tqdm

    out_dir = Path(out_dir)
    _check_target(out_dir)
    removed = clean_stale_staging(out_dir)
    if removed:
        print(f"graphkit: removed {len(removed)} temporary folder(s) left beside {out_dir} by an "
              f"interrupted report run ({', '.join(p.name for p in removed)})", file=sys.stderr)
    lang = page_language(lang)
    title = title if title is not None else message("report.title", lang)
    previous = read_manifest(compare) if compare is not None else None
    model = model or LikelihoodModel()
    bar = tqdm(total=6, desc="report", unit="step", disable=not progress, file=sys.stderr)

    def stage(name: str) -> None:
        bar.set_postfix_str(name)
        if on_stage is not None:
            on_stage(name)

    stage("reading the graph")
    # the projection as arrays (one aggregate read): the whole graph with its evidence is never
    # built; each case, path region and screening region is read from the store on its own
    try:
        arrays = selected_actor_arrays(store, case=case, since=since, until=until, purpose="nothing to report")
    except NotFound:
        bar.close()
        raise
    return _build(store, out_dir, arrays, bar, stage, case=case, since=since, until=until,
                  compare=compare, previous=previous, k_paths=k_paths,
                  time_respecting=time_respecting, max_hops=max_hops, top_brokers=top_brokers,
                  top_case_brokers=top_case_brokers, max_case_charts=max_case_charts,
                  model=model, seed=seed, title=title, progress=progress, marking=marking,
                  file_mode=file_mode, lang=lang, broker_analysis=broker_analysis)


def _build(store: Store, out_dir: Path, arrays: ActorArrays, bar: Any, stage: Callable[[str], None], *,
           case: str | None, since: str | None, until: str | None, compare: Path | str | None,
           previous: dict[str, Any] | None, k_paths: int, time_respecting: bool,
           max_hops: int | None, top_brokers: int, top_case_brokers: int,
           max_case_charts: int | None, model: LikelihoodModel, seed: int, title: str,
           progress: bool, marking: str = "", file_mode: str = "private", lang: str = "en",
           broker_analysis: pd.DataFrame | None = None) -> ReportResult:
    stage("hashing the input snapshot")
    snapshot = store.snapshot_hash()
    bar.update()
    # the approaches are the contacts rows, each an Approach node (what `info` counts), not
    # every record behind a CONTACTED edge (a relations file's "contacted" row is one too)
    events, contact_records = collect.approach_rows(store, case=case, since=since, until=until)
    approaches = [(date, channel) for _, _, date, channel in events]
    approaches_by_case = Counter(case_id for _, case_id, _, _ in events if case_id is not None)
    del events  # their record ids: the counts by case are what the cases need

    stage("ranking brokers")
    ranked, broker_info = rank_brokers(
        arrays, seed=seed, top_reasons=top_brokers, lang=lang, analysis=broker_analysis, listed=top_brokers,
        evidence=lambda ids: node_cases_and_records(store, ids, case=case))
    brokers = ranked.head(top_brokers).reset_index(drop=True)
    bar.update()

    stage("finding transfer paths")
    # before the cases: each charted case is drawn as it passes, with the paths inside it
    paths, path_notes, path_info = _all_paths(store, arrays, model, k_paths, time_respecting, max_hops,
                                              progress, case=case, since=since, until=until)
    bar.update()

    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(out_dir), suffix=".tmp", dir=out_dir.parent))
    try:
        from graphkit.reports.page import render_report, write_overview

        stage("ranking brokers per case")
        case_ids, case_brokers, case_scores, case_summaries, case_charts = _cases(
            store, arrays, staging, paths, approaches_by_case, case=case, since=since, until=until,
            top_case_brokers=top_case_brokers, max_case_charts=max_case_charts, seed=seed, progress=progress,
            marking=marking, lang=lang)
        bar.update()

        stage("screening against the lists")
        screening = _screening(store, arrays, case=case, since=since, until=until)
        bar.update()

        stage("manifest and comparison")
        manifest = _manifest(arrays, store, snapshot, brokers, case_brokers, paths, broker_info, path_info,
                             dict(case=case, since=since, until=until, k_paths=k_paths,
                                  time_respecting=time_respecting, max_hops=max_hops,
                                  top_brokers=top_brokers, top_case_brokers=top_case_brokers,
                                  max_case_charts=max_case_charts, seed=seed, lang=lang,
                                  compare=str(compare) if compare is not None else None))
        changes = None
        if previous is not None:
            changes = compare_manifests(previous, manifest, lang)
            manifest["compared_with"] = {"snapshot": previous.get("input", {}).get("snapshot"),
                                         "created": previous.get("created")}
        bar.update()

        stage("writing charts, tables and page")

        def whole_graph() -> nx.MultiDiGraph:  # for the overview chart of a small selection only
            return actor_graph(store, case=case, since=since, until=until)

        charts, chart_notes = case_charts.finish()
        charts.update(write_overview(staging, len(arrays), whole_graph, paths, ranked, seed, marking, lang))
        files = write_tables(staging, brokers, case_brokers, paths, arrays, approaches, changes, marking)
        if screening is not None:
            write_csv(screening, staging / SCREENING_FILE)
            files.append(SCREENING_FILE)
            manifest["screening"] = {"lists": [{"name": i.name, "edition": i.edition, "entries": i.entries,
                                                "digest": i.digest} for i in store.list_infos()],
                                     "hits": len(screening), "direct": int((screening["distance"] == 0).sum())}
        if marking:
            manifest["marking"] = marking
            atomic_write_text(staging / MARKING_FILE, marking + "\n")
            files.append(MARKING_FILE)
        manifest["files"] = files + sorted(str(p) for p in charts.values())
        page = render_report(
            title=title, arrays=arrays, approaches=approaches, contact_records=contact_records,
            manifest=manifest, brokers=brokers, case_brokers=case_brokers,
            case_summaries=case_summaries, paths=paths, path_notes=path_notes, changes=changes,
            previous=previous, charts=charts, chart_notes=chart_notes, table_files=files,
            case_scores=case_scores, marking=marking, lang=lang, screening=screening)
        atomic_write_text(staging / "report.html", page)
        manifest["files"] = sorted(["report.html", *manifest["files"]])
        _write_manifest(staging / "manifest.json", manifest)
        _set_modes(staging, file_mode)
        _move_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    bar.update()
    bar.close()
    return ReportResult(out_dir=out_dir, manifest=manifest, brokers=brokers,
                        case_brokers=case_brokers, paths=paths, changes=changes, arrays=arrays,
                        files=manifest["files"])


def _write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """``json.dumps(manifest, ensure_ascii=False, indent=2, default=str)`` with control and bidi
    characters as JSON escapes (:func:`for_display`: same values, safe to cat) and a final
    newline, written atomically and streamed about a million characters at a time: the whole
    text is never held (at 1M contacts 75 million characters, held three times over while
    escaped and encoded: a spike of about 380 MiB inside C calls, the report's lifetime peak).
    :func:`for_display` escapes single characters, so escaping part by part gives the same text.
    """
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, default=str)
    with atomic_writer(path, "w", encoding="utf-8", newline="") as fh:
        pending: list[str] = []
        size = 0
        for chunk in encoder.iterencode(manifest):
            pending.append(chunk)
            size += len(chunk)
            if size >= 1 << 20:
                fh.write(for_display("".join(pending), keep_newlines=True))
                pending, size = [], 0
        fh.write(for_display("".join(pending), keep_newlines=True) + "\n")


def _cases(store: Store, arrays: ActorArrays, staging: Path, paths: Mapping[Hashable, list[TransferPath]],
           approaches: Mapping[str, int], *, case: str | None, since: str | None, until: str | None,
           top_case_brokers: int, max_case_charts: int | None, seed: int, progress: bool, marking: str,
           lang: str) -> tuple[list[str], dict[str, pd.DataFrame], dict[str, dict[Hashable, float]],
                               dict[str, dict[str, Any]], CaseCharts]:
    """Each case of the selection ranked, summarised and let go: only the tables, the flow
    scores and a summary stay. The charted cases (:class:`~graphkit.reports.page.CaseCharts`,
    chosen by the store's edge counts before any case is read) are read as graphs in one pass
    (:func:`collect.case_graphs`), their charts written under ``staging`` as they pass; every
    other case as arrays in one pass of aggregate queries (:func:`collect.case_arrays`: no
    object per evidence item), its listed actors' records read at the end for them alone
    (:func:`collect.case_records`). Every case's approaches are counted from the selection's
    approach events (``approaches``, by case id: :func:`collect.approach_rows`, read once). Either way the same tables, scores and summaries (a test
    holds them equal). Returns the case ids, the three by case id in their order, and the charts."""
    from tqdm import tqdm

    from graphkit.reports.page import CaseCharts, case_summary

    start, end = evidence_window(since, until)
    case_ids = [case] if case is not None else store.case_ids(schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS,
                                                              start=start, end=end)
    edges = (store.case_edge_counts(case_ids, schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS, start=start, end=end)
             if max_case_charts and case_ids else None)
    charts = CaseCharts(staging, case_ids, edges, max_case_charts, paths, seed=seed, marking=marking, lang=lang)
    case_brokers: dict[str, pd.DataFrame] = {}
    case_scores: dict[str, dict[Hashable, float]] = {}
    case_summaries: dict[str, dict[str, Any]] = {}
    present = arrays.index()
    drawn = [c for c in case_ids if c in charts.chosen]
    bar = tqdm(total=len(case_ids), desc="cases", unit="case", leave=False, disable=not progress, file=sys.stderr)
    for case_id, sub in collect.case_graphs(store, drawn, since=since, until=until, present=present) if drawn else ():
        table, flow = rank_case(sub, seed=seed, top=top_case_brokers, lang=lang)
        case_brokers[case_id], case_scores[case_id] = table, flow
        case_summaries[case_id] = case_summary(sub, table, flow, approaches=approaches.get(case_id, 0))
        charts.draw(case_id, sub, flow, table)
        del sub
        bar.update()
    rest = [c for c in case_ids if c not in charts.chosen]
    listed: dict[str, list[str]] = {}
    for case_id, held in collect.case_arrays(store, rest, since=since, until=until, present=present) if rest else ():
        # the records come after the pass, for the listed actors of every case at once
        table, flow = rank_case(held, seed=seed, top=top_case_brokers, lang=lang, evidence=_in_case(case_id))
        case_brokers[case_id], case_scores[case_id] = table, flow
        listed[case_id] = [str(n) for n in table["node_id"]]
        case_summaries[case_id] = case_summary(held, table, flow, approaches=approaches.get(case_id, 0))
        del held
        bar.update()
    bar.close()
    records = collect.case_records(store, listed, since=since, until=until) if listed else {}
    for case_id, nodes in listed.items():
        table = case_brokers[case_id]
        table["records"] = pd.Series([records.get((case_id, n), []) for n in nodes], index=table.index, dtype=object)
    # in the order of the case ids, whatever order the store read them in
    return (case_ids, {c: case_brokers[c] for c in case_ids}, {c: case_scores[c] for c in case_ids},
            {c: case_summaries[c] for c in case_ids}, charts)


def _in_case(case_id: str) -> NodeEvidence:
    """The ``cases`` a case graph gives each of its nodes (the case), with no records yet."""
    def evidence(node_ids: Sequence[str]) -> dict[str, tuple[list[str], list[str]]]:
        return {n: ([case_id], []) for n in node_ids}
    return evidence


SCREENING_FILE = "screening.csv"
SCREENING_HOPS = 2


def _screening(store: Store, arrays: ActorArrays, *, case: str | None, since: str | None,
               until: str | None) -> pd.DataFrame | None:
    """The screening table of the report's selection against every loaded list (None: no
    lists): matched on the arrays' names, each matched actor's region read from the store
    (:func:`graphkit.analysis.screening.screen_arrays`)."""
    if not store.list_infos():
        return None
    from graphkit.analysis.screening import screen_arrays, screening_frame
    from graphkit.lists.index import NameIndex

    hits = screen_arrays(arrays, node_aliases(store, arrays.ids),
                         lambda ids: actor_graph(store, case=case, since=since, until=until, among=ids),
                         NameIndex(store.list_entries()), hops=SCREENING_HOPS)
    return screening_frame(hits)


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError("the report directory is a file", file=str(out_dir))
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "manifest.json").is_file():
        raise ReportError("the report directory is not empty and holds no graphkit report; "
                          "choose an empty or new directory", file=str(out_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)


STALE_UNKNOWN_SECONDS = 3600
"""A temporary folder of an older graphkit (no process id in its name) counts as stale once
it has not changed for this long."""


def _staging_prefix(out_dir: Path) -> str:
    """Hidden temporary folders beside the report carry the writing process's id:
    ``.R.<pid>.<random>.tmp`` (and ``.old``), so a later run can tell a dead run's leftovers."""
    return f".{out_dir.name}.{os.getpid()}."


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or cannot tell): keep its folder
    return True


def clean_stale_staging(out_dir: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary folders an interrupted report run (``kill -9``) left beside
    ``out_dir``; return the ones removed.

    A folder ``.<name>.<pid>.<random>.tmp`` (or ``.old``) is stale when process ``pid`` is
    gone; one without a process id (written by an older graphkit) when it has not changed for
    :data:`STALE_UNKNOWN_SECONDS`. Folders of running processes, this one included, are kept.

    >>> import tempfile, pathlib
    >>> parent = pathlib.Path(tempfile.mkdtemp())
    >>> (parent / ".R.999999999.abcd1234.tmp").mkdir()
    >>> [p.name for p in clean_stale_staging(parent / "R")]
    ['.R.999999999.abcd1234.tmp']
    """
    parent = out_dir.parent
    if not parent.is_dir():
        return []
    now = time.time() if now is None else now
    removed = []
    head = f".{out_dir.name}."
    for path in sorted(parent.iterdir()):
        name = path.name
        if not (name.startswith(head) and name.endswith((".tmp", ".old")) and path.is_dir()):
            continue
        middle = name[len(head):-4]
        pid_text, _, rest = middle.partition(".")
        if rest and pid_text.isdigit():
            stale = int(pid_text) != os.getpid() and not _process_alive(int(pid_text))
        else:
            try:
                stale = now - path.stat().st_mtime > STALE_UNKNOWN_SECONDS
            except OSError:
                continue
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path)
    return removed


FILE_MODES = ("private", "umask")
"""How a finished report's files are readable: the owner's only, or as the user's umask says."""
MARKING_FILE = "MARKING.txt"
"""The handling marking of a report, beside its CSVs (which stay plain tables)."""


def _set_modes(directory: Path, file_mode: str) -> None:
    """A report holds case data: by default only its owner may read it (folders 0700, files
    0600); ``file_mode="umask"`` gives the modes an ordinary file gets (0666/0777 less the umask)."""
    if file_mode == "private":
        mask = 0o077
    else:
        mask = os.umask(0)
        os.umask(mask)
    os.chmod(directory, 0o777 & ~mask)
    for path in directory.rglob("*"):
        os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~mask)


def _move_into_place(staging: Path, out_dir: Path) -> None:
    """Swap the finished staging directory in; the old report goes only once the new is there."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=_staging_prefix(out_dir), suffix=".old", dir=out_dir.parent))
        os.replace(out_dir, old / "report")
    try:
        os.replace(staging, out_dir)
    except BaseException:
        if old is not None:
            os.replace(old / "report", out_dir)
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _all_paths(store: Store, arrays: ActorArrays, model: LikelihoodModel, k: int, time_respecting: bool,
               max_hops: int | None, progress: bool, *, case: str | None, since: str | None,
               until: str | None) -> tuple[dict[Hashable, list[TransferPath]], dict[Hashable, str], dict[str, Any]]:
    """The ``k`` most likely paths from every foreign actor to each technology, searched on the
    regions of the graph that can hold them (:func:`likely_paths_by_region`): the same paths as
    a search of the whole graph. Each region is read from the store with only what the search
    weighs, as typed arrays (:func:`~graphkit.projection.read_path_arrays`: relation, inferred,
    each record's id, date and reliability; objects made only for the arcs the search looks
    at) and the records the paths cite are read again in full (``Store.cited_evidence``)."""
    from tqdm import tqdm

    from graphkit.projection import PathArrays, read_path_arrays

    sources = collect.foreign_actor_ids(arrays)
    techs = collect.technology_ids(arrays)
    regions: list[int] = []
    bar = tqdm(total=len(techs), desc="paths", unit="technology", leave=False, disable=not progress,
               file=sys.stderr)

    def read_region(node_ids: list[str]) -> PathArrays:
        regions.append(len(node_ids))
        return read_path_arrays(store, arrays, node_ids, case=case, since=since, until=until)

    if sources:
        paths, notes, reference = likely_paths_by_region(
            arrays, read_region, sources, techs, k=k, model=model, time_respecting=time_respecting,
            max_hops=max_hops, read_evidence=store.cited_evidence)
    else:
        paths = {tech: [] for tech in techs}
        notes = {tech: "no foreign actor in the selected records" for tech in techs}
        reference = reference_of(arrays, model)
    bar.update(len(techs))
    bar.close()
    info = {"algorithm": "graphkit.analysis.paths.likely_paths (A* enumeration of the k most "
                         "likely simple paths)",
            "k": k, "time_respecting": time_respecting, "max_hops": max_hops,
            "sources": "every foreign actor", "targets": "each Technology node",
            "likelihood_model": json_value(dataclasses.asdict(model)),
            "reference_date": reference}
    return paths, notes, info


def decisions_relied_on(store: Store) -> list[dict[str, Any]]:
    """The decisions the graph rests on (``graphkit resolve``; entity register alias merges):
    id, verdict, both nodes with the names as seen, who, when, note, and how many merges each
    made in this store (0: it waits for nodes not loaded)."""
    made: dict[str, int] = {}
    for merge in store.list_merges():
        made[merge.decision_id] = made.get(merge.decision_id, 0) + 1
    return [{"decision_id": d.decision_id, "verdict": d.verdict, "kind": d.kind, "id_a": d.id_a, "name_a": d.name_a,
             "id_b": d.id_b, "name_b": d.name_b, "analyst": d.analyst, "at": d.at, "note": d.note,
             "origin": d.origin, "merges": made.get(d.decision_id, 0)} for d in store.list_decisions()]


def _manifest(arrays: ActorArrays, store: Store, snapshot: str, brokers: pd.DataFrame,
              case_brokers: Mapping[str, pd.DataFrame], paths: Mapping[Hashable, list[TransferPath]],
              broker_info: dict[str, Any], path_info: dict[str, Any],
              parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "graphkit_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "parameters": parameters,
        "seeds": {"betweenness_sampling": parameters["seed"], "link_chart_layout": parameters["seed"]},
        "algorithms": {"brokers": broker_info, "paths": path_info},
        "input": {
            "store": type(store).__name__,
            "snapshot": snapshot,
            "snapshot_method": store.snapshot_method(),
            "store_counts": store.counts(),
            "graph": {"nodes": len(arrays), "edges": arrays.edge_count},
            "decisions": decisions_relied_on(store),
        },
        "brokers": {
            "overall": broker_rows(brokers),
            "cases": {case: broker_rows(table) for case, table in case_brokers.items()},
        },
        "paths": path_rows(arrays, paths),
    }
