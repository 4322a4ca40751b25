"""Run a load: record files -> loaders -> identity resolution -> a store, with counts and rejects.

:func:`load_files` checks every file first (format, encoding, layout, required columns): a file
that cannot be loaded at all raises one :class:`~graphkit.errors.FileFormatError` before
anything is written. Then each file is read in chunks; each chunk's good rows become a
:class:`~graphkit.model.Batch` that the store merges, and its bad rows go to the store's
rejects file. Cases and entities files load before contacts and relations, so contacts that
name an entity or one of its aliases join that entity's node. Loading the same files again
changes nothing: every record, node and edge id is deterministic.

>>> import tempfile, pathlib
>>> from graphkit.store.workspace import Workspace
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = (tmp / "c.csv").write_text("from_name,to_name,date\\nLi Wei,山田 太郎,R6.5.1\\nA,B,R6.2.30\\n", encoding="utf-8")
>>> with Workspace(tmp / "ws") as ws:
...     report = load_files([tmp / "c.csv"], ws)
>>> report.total.read, report.total.loaded, report.total.rejected
(2, 1, 1)
"""
from __future__ import annotations

import gc
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from graphkit import schema
from graphkit.errors import BadValue, FileFormatError, MappingError
from graphkit.loaders.batches import ROW_PASSES, rows_to_batch
from graphkit.loaders.common import RowContext
from graphkit.loaders.identity import PossibleDuplicate, Resolver
from graphkit.loaders.layouts import LOAD_ORDER, Layout, better_layout, get_layout, guess_layout, header_key
from graphkit.loaders.mapping import Mapping, bind_columns, load_mapping
from graphkit.loaders.readers import Table, open_table
from graphkit.model import Node, Reject
from graphkit.normalize import normalize_country
from graphkit.store.base import Store
from graphkit.store.node_merge import apply_decisions

KEPT_REJECTS = 1_000
"""Rejects kept in the report for display; every reject is in the store's rejects file."""


@dataclass
class FileReport:
    """What one file's load did. ``read = loaded + merged + rejected``: ``loaded`` rows were
    new records, ``merged`` rows were records already present (a reload, an overlap)."""

    file: str
    layout: str
    read: int = 0
    loaded: int = 0
    merged: int = 0
    rejected: int = 0
    nodes_new: int = 0
    nodes_merged: int = 0
    edges_new: int = 0
    edges_merged: int = 0
    encoding: str | None = None
    """The encoding the file was read with, as the summary names it (``EUC-JP``); None for Excel."""
    notes: list[str] = field(default_factory=list)
    """How the file was read, for the user to check (an encoding name read as another, text
    that looks out of place)."""
    id_conflicts: list[str] = field(default_factory=list)
    """Rows that reuse an earlier row's own id (entity_id, contact_id ...) with other content:
    each row is kept as its own record; the first 100 are listed here."""
    id_conflict_count: int = 0
    warnings: list[str] = field(default_factory=list)
    """What the user should know about the result (a file with a header only loaded nothing)."""
    unmapped: dict[tuple[str, str], int] = field(default_factory=dict)
    """(field, word) -> rows: channel and outcome words no vocabulary term knows (kept as
    given; see graphkit/schema.toml's vocabularies and a mapping file's value maps)."""


COUNT_FIELDS = ("read", "loaded", "merged", "rejected", "nodes_new", "nodes_merged", "edges_new", "edges_merged")


@dataclass
class LoadReport:
    """Counts per file and in total, the rejects (the first :data:`KEPT_REJECTS`), the rejects
    file and the possible duplicates found for a human to review."""

    files: list[FileReport] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    rejects_file: Path | None = None
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)
    duplicates_not_compared: int = 0
    """Names left out of the fuzzy duplicate check (blocks too large; kanji variants still checked)."""
    merged_by_decisions: list[str] = field(default_factory=list)
    """Decisions (``graphkit resolve``, entity register aliases) that merged nodes after this load."""
    load_id: str | None = None
    """The id the store gave this load (``graphkit loads`` lists it, ``graphkit unload`` takes it out)."""

    @property
    def total(self) -> FileReport:
        """The counts summed over all files."""
        total = FileReport(file="total", layout="")
        for report in self.files:
            for name in COUNT_FIELDS:
                setattr(total, name, getattr(total, name) + getattr(report, name))
        return total

    def to_frame(self) -> pd.DataFrame:
        """One row per file and a total row: file, layout and the counts."""
        columns = ["file", "layout", *COUNT_FIELDS]
        rows = [{c: getattr(r, c) for c in columns} for r in [*self.files, self.total]]
        return pd.DataFrame(rows, columns=columns)

    def duplicates_frame(self) -> pd.DataFrame:
        """The possible duplicates as a table (kind, both names and ids, score, reason)."""
        columns = [f.name for f in fields(PossibleDuplicate)]
        return pd.DataFrame([vars(d) for d in self.possible_duplicates], columns=columns)


@dataclass
class _Plan:
    table: Table
    layout: Layout
    binding: dict[str, str]


def check_file(path: str | Path, *, layout: str | None = None, mapping: Mapping | None = None,
               encoding: str | None = None, on_bad_bytes: str = "refuse", sheet: str | None = None,
               delimiter: str | None = None, force_kind: bool = False) -> _Plan:
    """Open a file and decide its layout and columns; FileFormatError if it cannot load.

    A ``layout`` given (``--kind``) that the header fits worse than another layout is refused
    (see :func:`~graphkit.loaders.layouts.better_layout`) unless ``force_kind``.
    """
    mapping = mapping or Mapping()
    table = open_table(path, encoding=encoding or mapping.encoding, sheet=sheet or mapping.sheet,
                       header_row=mapping.header_row, on_bad_bytes=on_bad_bytes,
                       delimiter=delimiter or mapping.delimiter, column_names=mapping.column_names)
    chosen = layout or mapping.layout
    # the mapping's fields count as columns: an agency's headers are its own words
    present = set(table.columns)
    mapped = [f for f, headers in mapping.columns.items() if present.intersection(headers)]
    if layout and not force_kind:
        better = better_layout([*table.columns, *mapped], layout)
        if better is not None:
            raise FileFormatError(
                f"--kind {layout} was given, but the header fits the {better.name} layout better "
                f"(columns found: {', '.join(table.columns)}); give --kind {better.name}, or add "
                f"--force-kind to load it as {layout} anyway",
                file=str(path),
            )
    if chosen:
        found = get_layout(chosen)
    else:
        guessed = guess_layout([*table.columns, *mapped])
        if guessed is None:
            raise FileFormatError(
                "cannot tell which record layout this is from its header (columns found: "
                + ", ".join(table.columns) + "); give --kind contacts|entities|relations|cases if the "
                "columns are named as a layout's fields, else map your columns with --mapping FILE "
                f"(graphkit mapping suggest {Path(path).name} -o mapping.toml writes one to check)"
                + _other_sheets(table),
                file=str(path),
            )
        found = guessed
    try:
        binding = bind_columns(table.columns, found, mapping)
    except FileFormatError as err:
        advice = ""
        # no required field found at all: the headers are the agency's own words (a header
        # with some of the fields is more likely a typo, and the message lists what was found)
        if not mapping.columns and found.missing_required(header_key(c) for c in table.columns) == [
                "|".join(group) for group in found.required]:
            advice = (f"; if the file names them otherwise, map its columns with --mapping FILE "
                      f"(graphkit mapping suggest {Path(path).name} -o mapping.toml writes one to check)")
        raise FileFormatError(err.reason + advice + _other_sheets(table), file=str(path)) from None
    table.row_pass = ROW_PASSES.get(found.name)
    return _Plan(table, found, binding)


def _other_sheets(table: Table) -> str:
    """For a workbook: which sheet was read and which others it has (to choose with --sheet)."""
    others = [name for name in table.sheets if name != table.sheet]
    if table.format != "xlsx" or not others:
        return ""
    return f" (read sheet {table.sheet!r}; the workbook also has {', '.join(others)}: choose with --sheet)"


@dataclass
class LoadPlan:
    """Checked files, in load order, with the mapping and home country to load them with."""

    files: list[_Plan]
    mapping: Mapping | None
    home_country: str


def prepare_load(
    paths: Sequence[str | Path],
    *,
    layout: str | None = None,
    mapping: Mapping | str | Path | None = None,
    encoding: str | None = None,
    home_country: str = "JP",
    on_bad_bytes: str = "refuse",
    force_kind: bool = False,
    sheet: str | None = None,
    delimiter: str | None = None,
) -> LoadPlan:
    """Check every file (format, encoding, layout, required columns) without writing anything.

    Raises :class:`FileFormatError` for the first file that cannot be loaded at all and
    :class:`MappingError` for a malformed mapping. See :func:`load_files` for the parameters.
    """
    if isinstance(mapping, (str, Path)):
        mapping = load_mapping(mapping)
    if layout and mapping and mapping.layout and get_layout(layout).name != mapping.layout:
        raise MappingError(
            f"the mapping is for the {mapping.layout} layout but --kind {layout} was given",
            file=mapping.source,
        )
    home = _home_country(mapping.home_country if mapping and mapping.home_country else home_country)
    plans = [check_file(p, layout=layout, mapping=mapping, encoding=encoding, on_bad_bytes=on_bad_bytes,
                        force_kind=force_kind, sheet=sheet, delimiter=delimiter)
             for p in paths]
    plans.sort(key=lambda plan: LOAD_ORDER.index(plan.layout.name))
    return LoadPlan(plans, mapping, home)


def run_load(plan: LoadPlan, store: Store, *, chunk_size: int = 10_000, progress: bool = False) -> LoadReport:
    """Load checked files into ``store``: chunks -> loaders -> batches -> store, rejects aside."""
    report = LoadReport(rejects_file=store.rejects_path)
    resolver = Resolver.from_nodes(store.iter_nodes(kinds=schema.PROJECTED_KINDS))
    resolver.learn_merges(merged_away(store))
    report.load_id = store.start_load([str(Path(checked.table.name).resolve()) for checked in plan.files])
    declared: dict[str, tuple[str, set[str]]] = {}
    for checked in plan.files:
        report.files.append(_load_one(checked, store, resolver, report, mapping=plan.mapping,
                                      home=plan.home_country, chunk_size=chunk_size, progress=progress,
                                      declared=declared))
    total = report.total
    store.finish_load(report.load_id, {name: getattr(total, name) for name in COUNT_FIELDS})
    report.possible_duplicates = resolver.possible_duplicates()
    report.duplicates_not_compared = resolver.fuzzy_skipped
    report.merged_by_decisions = settle_identity(store, resolver, declared, load_id=report.load_id)
    return report


def merged_away(store: Store) -> list[tuple[Node, str]]:
    """Every node merged into another (oldest first): the node as it was, and the id kept."""
    from graphkit.store.node_merge import merged_nodes

    return merged_nodes(store.list_merges())


DECLARING_LAYOUTS = ("cases", "entities")
"""Layouts whose rows declare a node: the name they give is its display name, whatever load
named it first (:func:`settle_identity`)."""


def settle_identity(store: Store, resolver: Resolver | None = None,
                    declared: dict[str, tuple[str, set[str]]] | None = None, *,
                    load_id: str | None = None) -> list[str]:
    """After a load: merge what the entity register and the kept decisions say is one node.

    A node an earlier load named that an entities row of this load declares (by its name, an
    alias or an identifier: :meth:`Resolver.register_merges`) is merged into the entity's node,
    recorded as an automatic decision (origin ``register``, a deterministic id), so loading
    contacts then the register gives the graph register-then-contacts gives. ``same``
    decisions made before the load (or imported from another workspace) apply to the nodes it
    brought, so deciding before or after a load gives the same graph (docs/decisions.md).
    A rename is journaled as a change of ``load_id``, so unloading the load names the node back.
    """
    from graphkit.model import stable_id
    from graphkit.store.base import Decision
    from graphkit.store.node_merge import now_iso

    stored = store.get_nodes(declared or {})
    for node_id, (name, aliases) in sorted((declared or {}).items()):
        node = stored.get(node_id)
        if node is not None and node.name != name:  # an earlier load named it first
            spellings = (node.aliases | {node.name}) - ({name} - aliases)
            store.set_node_name(node_id, name, spellings, load_id=load_id)
    if resolver is not None:
        kept = store.list_decisions()
        known = {d.decision_id for d in kept}
        apart = {frozenset((d.id_a, d.id_b)) for d in kept if d.verdict == "different"}
        for entity, other in resolver.register_merges():
            decision_id = "r-" + stable_id("merge", entity, other).split("-", 1)[1][:12]
            if decision_id in known or frozenset((entity, other)) in apart:
                continue
            name_a, name_b = resolver.name_of(entity) or entity, resolver.name_of(other) or other
            store.save_decision(Decision(
                decision_id, "same", resolver.kind_of(entity) or "", entity, name_a, other, name_b, "graphkit",
                now_iso(), f"the entity register names {name_b!r} as {name_a!r}", "register"))
    return apply_decisions(store)


def load_files(
    paths: Sequence[str | Path],
    store: Store,
    *,
    layout: str | None = None,
    mapping: Mapping | str | Path | None = None,
    encoding: str | None = None,
    home_country: str = "JP",
    chunk_size: int = 10_000,
    progress: bool = False,
    on_bad_bytes: str = "refuse",
    force_kind: bool = False,
    sheet: str | None = None,
    delimiter: str | None = None,
) -> LoadReport:
    """Load record files into ``store``; return the counts, rejects and possible duplicates.

    Parameters
    ----------
    paths
        CSV (UTF-8, UTF-8 with BOM, CP932, EUC-JP), Excel ``.xlsx`` or JSON Lines files.
    store
        The store to merge into (the embedded workspace or Neo4j).
    layout
        ``contacts``, ``entities``, ``relations`` or ``cases`` for every file; else the
        mapping's layout, else guessed from each file's header.
    mapping
        A :class:`~graphkit.loaders.mapping.Mapping` or the path of a mapping file.
    encoding
        The CSV encoding (``sjis``/``shift_jis`` are read as CP932); else the mapping's, else
        decided by graphkit's rules (loaders/encodings.py). Each file's report names it.
    home_country
        Actors from other countries are foreign (a mapping's ``home_country`` wins).
    chunk_size
        Rows per batch written to the store (memory stays flat for any file size).
    progress
        Show a tqdm progress bar per file on stderr.
    on_bad_bytes
        ``"refuse"`` a file that is not one encoding (naming its first bad row and column), or
        ``"reject-rows"``: set the rows with bytes not valid in its encoding aside, load the rest.
    force_kind
        Load with ``layout`` even when a file's header fits another layout better (refused
        otherwise, so a wrong ``--kind`` cannot load bogus entries).
    sheet
        The Excel sheet to read (else the mapping's, else the first).
    delimiter
        A CSV's separator (a character or ``tab``, ``semicolon`` ...); else the mapping's, else a
        tab for ``.tsv`` and a comma otherwise.

    Raises
    ------
    FileFormatError
        When a file cannot be loaded at all (not found, undecodable, unknown layout, missing
        required columns): raised after checking every file, before anything is written.
    MappingError
        When the mapping file is malformed or disagrees with ``layout``.
    """
    plan = prepare_load(paths, layout=layout, mapping=mapping, encoding=encoding, home_country=home_country,
                        on_bad_bytes=on_bad_bytes, force_kind=force_kind, sheet=sheet, delimiter=delimiter)
    return run_load(plan, store, chunk_size=chunk_size, progress=progress)


def _load_one(plan: _Plan, store: Store, resolver: Resolver, report: LoadReport, *,
              mapping: Mapping | None, home: str, chunk_size: int, progress: bool,
              declared: dict[str, tuple[str, set[str]]] | None = None) -> FileReport:
    from tqdm import tqdm

    table = plan.table
    counts = FileReport(file=table.name, layout=plan.layout.name, encoding=table.encoding_label,
                        notes=list(table.notes))
    ctx = RowContext(file=table.name, layout=plan.layout.name, mapping=mapping,
                     home_country=home, resolver=resolver)
    total, unit = table.extent()
    # total, percent, rate and time left from the bytes read (rows for a sheet); the last line
    # stays on screen with the rows read
    with tqdm(desc=Path(table.name).name, total=total, unit="B" if unit == "bytes" else " rows",
              unit_scale=unit == "bytes", unit_divisor=1024, disable=not progress, file=sys.stderr,
              leave=True, mininterval=0.5) as bar:
        # The chunk's objects are all freed by reference counting when it is written; the
        # cyclic collector, left on, walks them again and again while they are built (about a
        # fifth of the load's CPU): it is off during a chunk and collects once after it.
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            for chunk in table.chunks(chunk_size):
                batch = rows_to_batch(chunk, ctx, plan.binding, mapping)
                if declared is not None and plan.layout.name in DECLARING_LAYOUTS:
                    for node in batch.nodes:
                        declared.setdefault(node.id, (node.name, set(node.aliases)))
                stats = store.write(batch, report.load_id)
                if batch.rejects:
                    store.write_rejects(batch.rejects)
                    room = KEPT_REJECTS - len(report.rejects)
                    report.rejects.extend(batch.rejects[:max(room, 0)])
                counts.read += len(chunk)
                counts.rejected += len(batch.rejects)
                counts.loaded += stats.records_new
                counts.merged += len(batch.records) - stats.records_new
                counts.nodes_new += stats.nodes_new
                counts.nodes_merged += stats.nodes_merged
                counts.edges_new += stats.edges_new
                counts.edges_merged += stats.edges_merged
                bar.set_postfix_str(f"{counts.read:,} rows", refresh=False)
                bar.update(table.read_so_far() - bar.n)
                counts.id_conflicts, counts.id_conflict_count = list(ctx.id_conflicts), ctx.id_conflict_count
                del batch, chunk  # free this chunk's objects before the next one is built
                gc.collect(1)  # the chunk's cycles (a cached BadValue's traceback), not the whole heap
        finally:
            if gc_was_on:
                gc.enable()
        if total:
            bar.update(total - bar.n)  # the whole file is read
        bar.set_postfix_str(f"{counts.read:,} rows")
    if counts.read == 0:
        counts.warnings.append("no data rows (a header only); nothing was loaded from it")
    counts.unmapped = dict(sorted(ctx.unmapped.items()))
    return counts


def _home_country(raw: str) -> str:
    try:
        code = normalize_country(raw)
    except BadValue as err:
        raise BadValue(f"home country: {err.reason}", value=raw) from None
    if code is None:
        raise BadValue("home country is blank; give an ISO code such as JP")
    return code


def warning_lines(report: LoadReport) -> list[str]:
    """Each file's warnings as one line: ``Warning: file: what happened``."""
    return [f"Warning: {f.file}: {w}" for f in report.files for w in f.warnings]


def encoding_lines(report: LoadReport) -> list[str]:
    """One line per text file: ``file: read as EUC-JP`` and any notes on how it was read; for a
    workbook, its notes only (which sheet was read when others are hidden or also visible)."""
    lines = []
    for f in report.files:
        if f.encoding:
            lines.append(f"{f.file}: read as {f.encoding}" + (f" ({'; '.join(f.notes)})" if f.notes else ""))
        elif f.notes:
            lines.append(f"{f.file}: {'; '.join(f.notes)}")
    return lines


def conflict_lines(report: LoadReport) -> list[str]:
    """One line per row that reused an earlier row's id with other content, and a count of
    those not listed: ``file: entity_id 'E1': row 3 differs from row 2 (both rows kept ...)``."""
    lines = []
    for f in report.files:
        lines += [f"{f.file}: {conflict}" for conflict in f.id_conflicts]
        if f.id_conflict_count > len(f.id_conflicts):
            lines.append(f"{f.file}: ... and {f.id_conflict_count - len(f.id_conflicts)} more rows reusing an id")
    return lines


def unmapped_lines(report: LoadReport) -> list[str]:
    """One line per file with channel or outcome words no vocabulary term knows (kept as given).

    >>> unmapped_lines(LoadReport(files=[FileReport("c.csv", "contacts", unmapped={("channel", "fax"): 2})]))
    ['c.csv: unmapped channel words kept as given: fax (2 rows)']
    """
    lines = []
    for file in report.files:
        by_field: dict[str, list[str]] = {}
        for (name, word), rows in file.unmapped.items():
            by_field.setdefault(name, []).append(f"{word} ({rows} row{'s' if rows != 1 else ''})")
        for name, words in by_field.items():
            lines.append(f"{file.file}: unmapped {name} words kept as given: {', '.join(words)}")
    return lines


def rejects_lines(rejects: Iterable[Reject]) -> list[str]:
    """Each reject as one line: ``file, row N: reason``."""
    return [f"{r.file}, row {r.row}: {r.reason}" for r in rejects]
