"""The graphkit command line: a thin click layer over the library.

Each command parses its options, opens the store its store options name (one
:class:`~graphkit.workflows.stores.StoreSpec`, ``with store.open() as opened``), makes one
workflow call (:mod:`graphkit.workflows`), prints the result with
:func:`graphkit.render.render`, and turns a :class:`~graphkit.errors.GraphkitError` into a
one-line message and a non-zero exit status. Every command is also a Python call for
notebooks: ``import graphkit as gk; gk.brokers(store, ...)``. Workflows are imported inside
the commands, so ``graphkit --help`` loads neither pandas nor networkx.
"""
from __future__ import annotations

if __name__ not in ("graphkit.cli", "__main__"):
    # One import name per file: a checkout reaches this file through the symlink
    # graphkit/cli.py -> ../cli.py, a wheel installs it there (docs/architecture.md).
    raise ImportError(f"import graphkit.cli, not {__name__}")

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from graphkit import __version__
from graphkit.errors import GraphkitError
from graphkit.render import FORMATS, render, terminal_text, terminal_width

if TYPE_CHECKING:
    from graphkit.workflows.stores import StoreSpec


def echo(message: Any = "", **options: Any) -> None:
    """``click.echo`` through the one terminal sanitiser (:func:`graphkit.render.terminal_text`):
    every line a command prints goes out with control and bidi characters made visible."""
    click.echo(terminal_text(message), **options)


class UserFacingError(click.ClickException):
    """A one-line error whose text is cleaned for the terminal like every other output."""

    def format_message(self) -> str:
        return terminal_text(self.message)


INTERRUPTED_EXIT = 130


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn graphkit errors, file-system and SQLite errors into one clear line (no stack trace)
    and exit status 1; Ctrl-C into a short note and exit status 130. This is the one place
    where such errors become words (:func:`graphkit.errors.describe_os_error`)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from graphkit.errors import describe_os_error, describe_sqlite_error

        try:
            return func(*args, **kwargs)
        except GraphkitError as err:
            raise UserFacingError(str(err)) from None
        except OSError as err:
            raise UserFacingError(describe_os_error(err)) from None
        except KeyboardInterrupt:
            echo("Interrupted (Ctrl-C): stopped.", err=True)
            sys.exit(INTERRUPTED_EXIT)
        except Exception as err:
            message = describe_sqlite_error(err)
            if message is None:
                raise
            raise UserFacingError(message) from None

    return wrapper


def wide_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--wide: print table cells whole instead of fitting the terminal (kept in the click
    context for :func:`echo_frame`, so commands need no parameter for it)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        ctx.meta["graphkit.wide"] = value
        return value

    return click.option(
        "--wide", is_flag=True, default=False, expose_value=False, callback=remember,
        help="Tables: show every cell whole instead of fitting the terminal width "
             "(COLUMNS, else the terminal's; output to a pipe or file is never cut).",
    )(func)


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--format table|csv|json and --wide."""
    return wide_option(click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="How to print the results.",
    )(func))


def workspace_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
        default=Path(".graphkit"), show_default=True, envvar="GRAPHKIT_WORKSPACE",
        help="The embedded workspace directory (the default store).",
    )(func)


def _neo4j_config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--neo4j-config FILE (or GRAPHKIT_NEO4J_CONFIG): a TOML file with uri, username, password,
    database."""
    return click.option(
        "--neo4j-config", type=click.Path(dir_okay=False, path_type=Path), envvar="GRAPHKIT_NEO4J_CONFIG",
        help="A TOML file with uri, username, password, database for Neo4j "
             "(default: NEO4J_* variables, else ~/.config/graphkit/neo4j.toml when it exists).",
    )(func)


def _trust_any_certificate_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--trust-any-certificate: the explicit opt-in a ``+ssc`` Neo4j URI needs."""
    return click.option(
        "--trust-any-certificate", is_flag=True, default=False,
        help="Allow a bolt+ssc:// or neo4j+ssc:// URI: TLS that accepts any certificate "
             "(also GRAPHKIT_NEO4J_TRUST_ANY_CERT=1 or trust_any_certificate = true in the config).",
    )(func)


def _neo4j_flag(func: Callable[..., Any]) -> Callable[..., Any]:
    """--neo4j: use the Neo4j store (settings from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
    NEO4J_DATABASE or the config file named by --neo4j-config / GRAPHKIT_NEO4J_CONFIG)."""
    return click.option(
        "--neo4j", is_flag=True, default=False, envvar="GRAPHKIT_NEO4J", show_envvar=True,
        help="Use the Neo4j store instead of the workspace (connection from NEO4J_URI, "
             "NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE or --neo4j-config).",
    )(func)


def store_options(*, neo4j: bool = True, neo4j_config: bool = True) -> Callable[..., Any]:
    """The store options of a command, bundled into one ``store`` argument (a
    :class:`~graphkit.workflows.stores.StoreSpec`) that the command opens with
    ``with store.open() as opened``: --workspace, and unless told otherwise --neo4j and
    --neo4j-config (push and pull take --neo4j-config without --neo4j: they use both stores;
    view takes the workspace only)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from graphkit.workflows.stores import StoreSpec

            kwargs["store"] = StoreSpec(workspace=kwargs.pop("workspace"),
                                        neo4j=kwargs.pop("neo4j", False),
                                        neo4j_config=kwargs.pop("neo4j_config", None),
                                        trust_any_certificate=kwargs.pop("trust_any_certificate", False))
            return func(*args, **kwargs)

        decorated: Callable[..., Any] = wrapper
        if neo4j_config:
            decorated = _trust_any_certificate_option(_neo4j_config_option(decorated))
        if neo4j:
            decorated = _neo4j_flag(decorated)
        return workspace_option(decorated)

    return decorate


def batch_size_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--batch-size: rows per Neo4j write transaction."""
    return click.option("--batch-size", type=click.IntRange(min=1), default=None, metavar="ROWS",
                        help="Rows per Neo4j write transaction (default 10000); smaller batches need "
                             "less server memory, larger ones load faster. Neo4j only.")(func)


def neo4j_write_options(batch_size: int | None) -> dict[str, Any]:
    """The Neo4j store options of a writing command: the batch size, and the per-batch
    throughput line on stderr for long loads."""
    options: dict[str, Any] = {"on_batch": lambda line: echo(line, err=True)}
    if batch_size is not None:
        options["chunk_rows"] = batch_size
    return options


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--case, --since, --until: which evidence counts (dates at any precision: 2024, 2024-05,
    2024-05-01; a period counts when it overlaps the window)."""
    for option in reversed([
        click.option("--case", help="Only evidence of this case id."),
        click.option("--since", metavar="DATE", help="Only evidence dated on or after DATE (2024, 2024-05 or 2024-05-01)."),
        click.option("--until", metavar="DATE", help="Only evidence dated on or before DATE (any precision)."),
    ]):
        func = option(func)
    return func


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--lang ja|en: the language of the page (default: GRAPHKIT_LANG, else the locale)."""
    return click.option("--lang", type=click.Choice(["ja", "en"], case_sensitive=False), default=None,
                        help="The page's language: ja or en (default: GRAPHKIT_LANG, else Japanese "
                             "on a Japanese locale, else English).")(func)


def marking_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--marking TEXT (also GRAPHKIT_MARKING)."""
    return click.option("--marking", metavar="TEXT", envvar="GRAPHKIT_MARKING", default="",
                        help="A handling marking (e.g. 取扱注意) shown at the top and bottom of the "
                             "page (also GRAPHKIT_MARKING).")(func)


def progress_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--progress/--no-progress (default: when stderr is a terminal)."""
    return click.option("--progress/--no-progress", default=None,
                        help="Show a progress bar on stderr when the run takes more than a couple "
                             "of seconds (default: when stderr is a terminal).")(func)


def show_progress(progress: bool | None) -> bool:
    """--progress/--no-progress, defaulting to whether stderr is a terminal."""
    return sys.stderr.isatty() if progress is None else progress


def echo_frame(frame: Any, fmt: str) -> None:
    """Print a result (a DataFrame or :class:`~graphkit.render.Rows`); tables fit the terminal
    unless --wide."""
    ctx = click.get_current_context(silent=True)
    wide = bool(ctx and ctx.find_root().meta.get("graphkit.wide"))
    echo(render(frame, fmt, width=terminal_width(), wide=wide))


def echo_stats(stats: Any, fmt: str) -> None:
    """Print a :class:`~graphkit.store.base.LoadStats` (new and merged counts) as one row."""
    import pandas as pd

    echo_frame(pd.DataFrame([vars(stats)]), fmt)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
def main() -> None:
    """graphkit: map foreign approach networks from case and contact records.

    Load records into a graph (an embedded workspace by default, or Neo4j), decide who is who
    across scripts, screen actors against export-control lists, find brokers and likely transfer
    paths, draw offline link charts, timelines and reports, and write redacted FollowTheMoney
    packages for partners and anonymised briefs for firms.
    """
    _replace_unencodable_output()


def _replace_unencodable_output() -> None:
    """On a console whose encoding cannot write a name (张伟 on cp932, anything on ASCII), print
    a replacement character instead of stopping with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that cannot change (a test runner's buffer)
                pass


# --- records: load, info, explain, export (issue 2) -------------------------------------

SHOWN_REJECTS = 20


@main.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_options()
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="A mapping file (TOML or YAML) naming your columns; see docs/record-layouts.md.")
@click.option("--kind", "layout", type=click.Choice(["contacts", "entities", "relations", "cases"]),
              help="The record layout of every file (default: the mapping's, else guessed from each header).")
@click.option("--force-kind", is_flag=True,
              help="Load with --kind even when a file's header fits another layout better (refused otherwise).")
@click.option("--encoding", help="CSV text encoding, e.g. cp932 (also sjis, shift_jis), euc-jp or utf-8 "
              "(default: decided by graphkit's rules, see docs/record-layouts.md).")
@click.option("--on-bad-bytes", type=click.Choice(["refuse", "reject-rows"]), default="refuse", show_default=True,
              help="A file that is not one encoding: refuse it (naming the first bad row and column), "
                   "or reject-rows: set the rows with undecodable bytes aside and load the rest.")
@click.option("--sheet", help="The Excel sheet to read (default: the mapping's, else the first).")
@click.option("--delimiter", help="A CSV's separator: one character, or tab, comma, semicolon, pipe "
              "(default: the mapping's, else comma; a .tsv file is read tab-separated).")
@click.option("--home-country", default="JP", show_default=True,
              help="Actors from any other country are foreign.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when stderr is a terminal).")
@batch_size_option
@format_option
@user_errors
def load_command(files: tuple[Path, ...], store: StoreSpec, mapping: Path | None, layout: str | None,
                 force_kind: bool, encoding: str | None, on_bad_bytes: str, sheet: str | None,
                 delimiter: str | None, home_country: str, progress: bool | None, batch_size: int | None,
                 fmt: str) -> None:
    """Load record files (CSV, Excel .xlsx, JSON Lines) into the workspace (or Neo4j with --neo4j).

    Prints the counts per file (read, loaded, merged, rejected) and, on stderr, each rejected
    row as "file, row N: reason". Rows that cannot load are set aside in the workspace's
    rejects file; the good rows still load. Loading the same file again changes nothing.
    """
    from graphkit.ingest import conflict_lines, encoding_lines, rejects_lines, unmapped_lines, warning_lines
    from graphkit.workflows.load import NEO4J_REJECTS, load, load_plan

    # every file is checked before the store is opened (or created)
    plan = load_plan(files, layout=layout, mapping=mapping, encoding=encoding, home_country=home_country,
                     on_bad_bytes=on_bad_bytes, sheet=sheet, delimiter=delimiter, force_kind=force_kind)
    neo4j_options = {"rejects_path": NEO4J_REJECTS, **neo4j_write_options(batch_size)} if store.neo4j else {}
    with store.open(create=True, **neo4j_options) as opened:
        try:
            result = load(opened, plan, progress=show_progress(progress))
        except KeyboardInterrupt:
            echo(interrupted_load_note(opened), err=True)
            sys.exit(INTERRUPTED_EXIT)
    report, store_rejects = result.report, result.store_rejects
    echo_frame(report.to_frame(), fmt)
    lines = [*encoding_lines(report), *unmapped_lines(report), *conflict_lines(report), *warning_lines(report)]
    for line in lines:
        echo(line, err=True)
    if report.load_id:
        echo(f"Load id {report.load_id} (`graphkit unload --load-id {report.load_id}` takes it out).", err=True)
    for line in rejects_lines(store_rejects[:SHOWN_REJECTS]):
        echo(line, err=True)
    if store_rejects:
        echo(f"Neo4j set aside {len(store_rejects)} more row(s) it could not store, in "
                   f"{NEO4J_REJECTS} and as Reject nodes.", err=True)
    total = report.total
    if total.rejected:
        for line in rejects_lines(report.rejects[:SHOWN_REJECTS]):
            echo(line, err=True)
        if total.rejected > SHOWN_REJECTS:
            echo(f"… and {total.rejected - SHOWN_REJECTS} more in {report.rejects_file}", err=True)
        echo(f"Loaded with {total.rejected} rejected row(s), set aside in {report.rejects_file}.", err=True)
    if report.possible_duplicates:
        echo(f"{len(report.possible_duplicates)} possible duplicate(s) to review (not merged):", err=True)
        for dup in report.possible_duplicates[:SHOWN_REJECTS]:
            echo(f"  {dup.kind}: {dup.name_a} / {dup.name_b} ({dup.reason})", err=True)
        if len(report.possible_duplicates) > SHOWN_REJECTS:
            where = f" in {result.duplicates_file}" if result.duplicates_file else ""
            echo(f"  … and {len(report.possible_duplicates) - SHOWN_REJECTS} more{where}", err=True)
        if result.duplicates_file:
            echo(f"The full list of possible duplicates is in {result.duplicates_file}.", err=True)
        echo("Review them with `graphkit duplicates` (names across scripts, reasons, evidence) and decide "
             "with `graphkit resolve`.", err=True)
    if report.duplicates_not_compared:
        echo(f"Note: {report.duplicates_not_compared} names were too many to compare for similar "
                   "spellings (kanji variants were still checked).", err=True)


def interrupted_load_note(opened: Any) -> str:
    """What a load stopped by Ctrl-C left in the store."""
    runner = getattr(opened, "runner", None)
    again = "Run the same load again to finish it: it merges, nothing is duplicated."
    if runner is not None and hasattr(runner, "committed_writes"):
        return (f"Interrupted (Ctrl-C): the load stopped after {runner.committed_writes} committed "
                "write transaction(s) to Neo4j; each of them is complete and nothing after them was "
                f"written. {again}")
    return ("Interrupted (Ctrl-C): the load stopped; every batch the workspace committed before it "
            f"is complete and the batch in progress was rolled back. {again}")


@main.command("loads")
@store_options()
@format_option
@user_errors
def loads_command(store: StoreSpec, fmt: str) -> None:
    """List the loads the workspace (or Neo4j) remembers, oldest first: id, when, files and
    counts. `graphkit unload --load-id ID` takes one out."""
    import pandas as pd

    from graphkit.workflows.load import list_loads

    with store.open() as opened:
        found = list_loads(opened)
    columns = ["load_id", "started", "files", "read", "loaded", "merged", "rejected"]
    echo_frame(pd.DataFrame([{"load_id": x.load_id, "started": x.started, "files": "; ".join(x.files),
                              **{k: x.counts.get(k) for k in columns[3:]}} for x in found], columns=columns), fmt)


@main.command("unload")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--load-id", help="The id of the load to take out (see `graphkit loads`).")
@store_options()
@format_option
@user_errors
def unload_command(files: tuple[Path, ...], load_id: str | None, store: StoreSpec, fmt: str) -> None:
    """Take a load out again: every load of FILES, or the load --load-id ID.

    Removes the records only those loads brought, the evidence citing them, and the nodes and
    edges left without evidence; nodes and edges stored before keep their evidence, and the
    aliases and properties the load added to them are taken back. Merges made since are undone
    first and their decisions applied again after (a decision whose node went waits for a
    later load). See docs/workspace.md.
    """
    import pandas as pd

    from graphkit.workflows.load import unload

    if bool(files) == bool(load_id):
        raise click.UsageError("give FILES, or --load-id ID (not both)")
    with store.open() as opened:
        result = unload(opened, files, load_id=load_id)
    echo_frame(pd.DataFrame(result.to_rows()), fmt)
    for line in result.notes():
        echo(line, err=True)


# --- who is who: duplicates and decisions (issue 13) -------------------------------------

def analyst_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--analyst NAME: who decides (else GRAPHKIT_ANALYST, else the OS user)."""
    return click.option("--analyst", metavar="NAME",
                        help="Who makes the decision (default: GRAPHKIT_ANALYST, else the OS user).")(func)


def _written(path: Path) -> None:
    echo(f"Wrote {path}", err=True)


@main.command("duplicates")
@click.option("--kind", help="Only nodes of this kind (Person, Company, ...).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, metavar="S",
              help="Leave out pairs scoring below S (default 0.6, the matcher's question threshold).")
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "json", "xlsx")), default="table",
              show_default=True, help="How to print or write the pairs (xlsx needs -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the pairs to this file (csv, xlsx or json) with empty decision and note columns "
                   "to fill in, then apply it with `graphkit resolve --from FILE`.")
@store_options()
@wide_option
@user_errors
def duplicates_command(kind: str | None, min_score: float | None, fmt: str, output: Path | None,
                       store: StoreSpec) -> None:
    """Pairs of nodes that may be one actor: score, reasons, evidence on each side.

    Names are compared across scripts (李伟 / 李偉 / Li Wei, ファーウェイ / Huawei; see
    docs/matching.md). Nothing is merged: decide with `graphkit resolve`. Pairs decided
    "different" are not proposed again.
    """
    from graphkit.workflows.decisions import duplicates, write_table

    with store.open(create=False) as opened:
        result = duplicates(opened, kind, min_score=min_score)
    frame = result.to_frame()
    if output is not None:
        _written(write_table(frame, output, fmt))
    elif fmt == "xlsx":
        raise click.UsageError("--format xlsx writes a file: give -o FILE.xlsx")
    else:
        echo_frame(frame, fmt)
    echo(f"{len(result.pairs)} candidate pair(s)"
         + (f"; {result.decided_different} pair(s) decided different left out" if result.decided_different else "")
         + ". Decide with `graphkit resolve same|different|unsure A B` or fill in the decision column "
           "and run `graphkit resolve --from FILE`.", err=True)


def _echo_decisions(results: list[Any], fmt: str) -> None:
    import pandas as pd

    rows = [{"decision_id": r.decision.decision_id, "verdict": r.decision.verdict, "name_a": r.decision.name_a,
             "name_b": r.decision.name_b, "merged": r.merged, "waiting": r.waiting} for r in results]
    echo_frame(pd.DataFrame(rows, columns=["decision_id", "verdict", "name_a", "name_b", "merged", "waiting"]), fmt)


@main.group("resolve", invoke_without_command=True)
@click.option("--from", "from_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Apply the decisions written in a file: `graphkit duplicates -o FILE` with its decision "
                   "column filled in (same, different, unsure), or `graphkit resolve list -o FILE`.")
@analyst_option
@store_options()
@format_option
@click.pass_context
@user_errors
def resolve_group(ctx: click.Context, from_file: Path | None, analyst: str | None, store: StoreSpec,
                  fmt: str) -> None:
    """Decide who is who: same, different or unsure, kept as data; undo; list.

    `same A B` merges B into A (every alias, record and edge kept; `resolve undo ID` restores
    both exactly). Decisions are kept in the store with who made them and when, and apply to
    later loads. A decision naming an unknown or ambiguous node, or contradicting earlier
    decisions, is refused. See docs/decisions.md.
    """
    from graphkit.workflows.decisions import resolve_from_file

    if ctx.invoked_subcommand is not None:
        if from_file is not None:
            raise click.UsageError("give --from FILE, or a subcommand (not both)")
        ctx.meta["graphkit.resolve_store"] = store  # `resolve -w DIR same A B` works too
        return
    if from_file is None:
        raise click.UsageError("give --from FILE, or a subcommand: same, different, unsure, undo, list")
    with store.open(create=False) as opened:
        result = resolve_from_file(opened, from_file, analyst=analyst)
    _echo_decisions(result.recorded, fmt)
    echo(f"{len(result.recorded)} decision(s) recorded, {result.merged} merged, {result.waiting} waiting for "
         f"their nodes (applied after a later load); {result.skipped} row(s) without a new decision.", err=True)


def _resolve_store(store: StoreSpec) -> StoreSpec:
    """A subcommand's store, else the one given before the subcommand (`resolve -w DIR list`)."""
    ctx = click.get_current_context(silent=True)
    outer = ctx.find_root().meta.get("graphkit.resolve_store") if ctx else None
    given = store.neo4j or store.workspace != Path(".graphkit")
    return store if given or outer is None else outer


def _decide(verdict: str) -> Callable[..., Any]:
    @click.argument("a")
    @click.argument("b")
    @click.option("--note", default="", help="Why (kept with the decision).")
    @click.option("--kind", help="The kind both nodes must be (a check).")
    @analyst_option
    @store_options()
    @format_option
    @user_errors
    def command(a: str, b: str, note: str, kind: str | None, analyst: str | None, store: StoreSpec,
                fmt: str) -> None:
        from graphkit.workflows.decisions import resolve

        with _resolve_store(store).open(create=False) as opened:
            result = resolve(opened, verdict, a, b, note=note, analyst=analyst, kind=kind)
        _echo_decisions([result], fmt)
        if result.merged:
            echo(f"Merged {result.decision.name_b!r} into {result.decision.name_a!r} "
                 f"(`graphkit resolve undo {result.decision.decision_id}` restores both).", err=True)

    return command


resolve_group.command("same", help="A and B (names or ids) are one actor: merge B into A. With a list entry id "
                     "(the entry_id column of `graphkit screen`): the actor is that listed entity, the hit "
                     "is confirmed (nothing merged).")(_decide("same"))
resolve_group.command("different", help="A and B are two actors: never propose the pair again. With a list entry "
                      "id: the actor is not that listed entity, `graphkit screen` drops the hit.")(_decide("different"))
resolve_group.command("unsure", help="Not decided yet: keep the pair and a note.")(_decide("unsure"))


@resolve_group.command("undo")
@click.argument("decision_id")
@store_options()
@user_errors
def resolve_undo_command(decision_id: str, store: StoreSpec) -> None:
    """Undo a decision: its merges are undone exactly (both nodes restored) and it is forgotten."""
    from graphkit.workflows.decisions import undo

    with _resolve_store(store).open(create=False) as opened:
        decision = undo(opened, decision_id)
    echo(f"Undid {decision.decision_id}: {decision.verdict} {decision.name_a!r} / {decision.name_b!r}.")


@resolve_group.command("list")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the decisions to this file (csv, xlsx or json): `graphkit resolve --from FILE` "
                   "applies them in another workspace, or to later loads.")
@store_options()
@format_option
@user_errors
def resolve_list_command(output: Path | None, store: StoreSpec, fmt: str) -> None:
    """Every decision kept: id, verdict, both nodes and names as seen, who, when, note."""
    from graphkit.workflows.decisions import list_decisions, write_table

    with _resolve_store(store).open(create=False) as opened:
        frame = list_decisions(opened)
    if output is not None:
        _written(write_table(frame, output))
    else:
        echo_frame(frame, fmt)


@main.command("info")
@store_options()
@format_option
@user_errors
def info_command(store: StoreSpec, fmt: str) -> None:
    """Summarise the workspace: nodes by kind, edges by relation, foreign and domestic
    actors, the date range of the evidence, and the cases with their record counts."""
    from graphkit.workflows.inspect import info

    with store.open() as opened:
        result = info(opened)
    if fmt == "json":
        echo(result.to_json())
    else:
        echo_frame(result.rows, fmt)


@main.command("explain")
@click.argument("name", required=False)
@click.option("--edge", nargs=2, metavar="A B", help="Explain every relation between A and B instead.")
@store_options()
@format_option
@user_errors
def explain_command(name: str | None, edge: tuple[str, str] | None, store: StoreSpec, fmt: str) -> None:
    """Show the records behind a node (NAME: an id, a name, an alias or a spelling variant)
    or, with --edge A B, behind every relation between A and B in both directions."""
    from graphkit.workflows.inspect import EdgeExplanation, explain

    if bool(name) == bool(edge):
        raise click.UsageError("give a NAME, or --edge A B (not both)")
    with store.open() as opened:
        result = explain(opened, name, edge=edge)
    if isinstance(result, EdgeExplanation):
        echo_frame(result.frame, fmt)
    elif fmt == "json":
        echo(result.to_json())
    elif fmt == "table":
        echo(result.text())
    else:
        echo_frame(result.records, fmt)


@main.command("export")
@click.argument("what", type=click.Choice(["nodes", "edges", "graphml", "gexf", "ftm"]))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The file to write (default: print to the terminal); for ftm, the folder.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx", "graphml", "gexf"]),
              help="csv, json or xlsx table (default: from the file suffix, else csv); graphml or "
                   "gexf write the whole actor graph for Gephi; table only prints.")
@click.option("--kind", "kinds", multiple=True, help="Only nodes of this kind (repeatable); default all but Approach.")
@click.option("--relation", "relations", multiple=True,
              help="Only edges of this relation (repeatable); default the actor relations.")
@click.option("--dynamic", is_flag=True, default=False,
              help="GEXF only: give every dated edge its time intervals (spells) and every node "
                   "its first date, so Gephi's timeline plays the graph.")
@click.option("--redact", metavar="POLICY.toml",
              help="ftm only: the redaction policy (a TOML file, or 'default' for graphkit's own: "
                   "domestic persons pseudonymised, notes, phones, e-mails, addresses dropped, dates "
                   "to the month). The pseudonym key comes from the environment or a key file.")
@filter_options
@store_options()
@wide_option
@user_errors
def export_command(what: str, output: Path | None, fmt: str | None, kinds: tuple[str, ...],
                   relations: tuple[str, ...], dynamic: bool, redact: str | None, case: str | None,
                   since: str | None, until: str | None, store: StoreSpec) -> None:
    """Export the graph as a node or edge table (CSV, JSON) or, with --format graphml|gexf
    (or WHAT graphml|gexf), the whole actor graph (nodes and edges) for Gephi; `export gexf
    --dynamic` adds time intervals for Gephi's timeline. Cells are spreadsheet-safe.

    `export ftm -o DIR [--redact POLICY.toml]` writes FollowTheMoney entities and a manifest
    for a partner agency (docs/exchange.md)."""
    from graphkit.workflows.inspect import export, export_format

    if what == "ftm":
        if output is None:
            raise click.UsageError("export ftm writes a folder: give -o DIR")
        with store.open() as opened:
            package = export(opened, "ftm", output=output, case=case, since=since, until=until, redact=redact)
        echo(f"Wrote {package.summary} and manifest.json to {output}.", err=True)
        return
    if redact is not None:
        raise click.UsageError("--redact applies to export ftm only")
    if output is not None and output.is_dir():
        raise click.UsageError(f"{output} is a folder; give a file to write")
    fmt = what if what in ("graphml", "gexf") and fmt is None else export_format(output, fmt)
    if fmt == "table" and output:
        raise click.UsageError("--format table only prints; write a file as csv, json or xlsx")
    if fmt == "xlsx" and not output:
        raise click.UsageError("--format xlsx writes a file: give -o FILE.xlsx")
    with store.open() as opened:
        result = export(opened, what, output=output, fmt=fmt, kinds=kinds, relations=relations,
                        case=case, since=since, until=until, dynamic=dynamic)
    if output:
        echo(f"Wrote {result.summary} to {output} ({fmt}).", err=True)
    elif result.document is not None:
        echo(result.document, nl=False)
    else:
        echo_frame(result.frame, fmt)


@main.group("lists", invoke_without_command=True)
@store_options()
@format_option
@click.pass_context
@user_errors
def lists_group(ctx: click.Context, store: StoreSpec, fmt: str) -> None:
    """Export-control and sanctions lists, kept beside the case graph (never in it).

    Without a subcommand: the lists loaded, with their entries, edition (the list's own
    date), when loaded and what the last load added and delisted. `graphkit screen` checks
    the case's actors against them. See docs/screening.md.
    """
    if ctx.invoked_subcommand is not None:
        return
    from graphkit.workflows.lists import list_table

    with store.open() as opened:
        echo_frame(list_table(opened), fmt)


@lists_group.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="Load all FILES as one list of this name (default: each file's list, "
                             "by its layout in graphkit/lists/layouts.toml).")
@store_options()
@format_option
@user_errors
def lists_load_command(files: tuple[Path, ...], name: str | None, store: StoreSpec, fmt: str) -> None:
    """Load list FILES (the official CSV, the METI texts, FtM entity files). Every file is
    read before anything is stored: a file that cannot be read stops all with its file and
    line. A newer edition of a loaded list replaces it; the output says what was added and
    delisted."""
    from graphkit.workflows.lists import changes_table, load_lists

    with store.open(create=True) as opened:
        changes = load_lists(opened, files, name=name)
    echo_frame(changes_table(changes), fmt)


@lists_group.command("remove")
@click.argument("name")
@store_options()
@user_errors
def lists_remove_command(name: str, store: StoreSpec) -> None:
    """Take the list NAME out (see `graphkit lists` for the names)."""
    from graphkit.workflows.lists import remove_list

    with store.open() as opened:
        removed = remove_list(opened, name)
    echo(f"Removed the list {name} ({removed} entries).")


@main.command("screen")
@click.option("--hops", type=click.IntRange(min=0), default=2, show_default=True,
              help="How far from a listed actor to look: graph hops plus the lists' ownership links.")
@click.option("--lists", "lists", multiple=True, metavar="LIST",
              help="Only this list (repeatable; default every loaded list, see `graphkit lists`).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.6, show_default=True,
              help="The weakest name match that counts (0.6: the matcher's 'question'; 0.85: 'likely').")
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the table to this file (csv, json or xlsx; spreadsheet-safe).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default=None,
              help="table (default when printing), csv, json or xlsx (from -o's suffix when not given).")
@store_options()
@wide_option
@user_errors
def screen_command(hops: int, lists: tuple[str, ...], min_score: float, case: str | None, since: str | None,
                   until: str | None, output: Path | None, fmt: str | None, store: StoreSpec) -> None:
    """Check every actor against the loaded export-control and sanctions lists, and find the
    actors within --hops of a listed one: one row per (actor, list entry) with the list, the
    match's score and reasons, the distance and the shortest chain with every hop's records
    (file:row). Riskiest first: direct matches, then by distance and score. A name match is a
    question for a human, not a finding. See docs/screening.md."""
    from graphkit.workflows.screen import screen, write_screening

    if fmt is None:
        fmt = output.suffix.lstrip(".").lower() if output and output.suffix.lower() in {".csv", ".json", ".xlsx"} \
            else ("csv" if output else "table")
    if fmt == "table" and output:
        raise click.UsageError("--format table only prints; write a file as csv, json or xlsx")
    if fmt == "xlsx" and not output:
        raise click.UsageError("--format xlsx writes a file: give -o FILE.xlsx")
    with store.open() as opened:
        result = screen(opened, hops=hops, lists=list(lists) or None, min_score=min_score,
                        case=case, since=since, until=until)
    if output:
        write_screening(result.frame, output, fmt)
        echo(f"Wrote {len(result.frame)} screening rows to {output} ({fmt}).", err=True)
    elif fmt == "table":
        echo_frame(result.frame[["actor", "list", "entry", "distance", "score", "verdict", "via", "chain"]], fmt)
    else:
        echo_frame(result.frame, fmt)


@main.group("mapping")
def mapping_group() -> None:
    """Mapping files: load an agency's own column layout (docs/record-layouts.md)."""


@mapping_group.command("suggest")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the mapping file here (TOML); default: print it.")
@click.option("--sheet", help="The Excel sheet to read (default: the first).")
@click.option("--delimiter", help="A CSV's separator: one character, or tab, comma, semicolon, pipe.")
@click.option("--encoding", help="CSV text encoding (default: decided by graphkit's rules).")
@click.option("--force", is_flag=True, default=False, help="Replace the --out file if it exists.")
@user_errors
def mapping_suggest_command(file: Path, out: Path | None, sheet: str | None, delimiter: str | None,
                            encoding: str | None, force: bool) -> None:
    """Suggest a mapping file for FILE, guessing each column from its header and values.

    Headers in Japanese or English (接触日 date, 接触者 who approached, 相手 who was approached,
    国籍 country, 手段 channel, 法人番号 corporate number, ...) and values (dates, Unix
    timestamps, countries, e-mail addresses) say which field a column holds. Each line of the
    mapping says why; check it, then load with `graphkit load FILE --mapping OUT`.
    """
    from graphkit.workflows.mapping import suggest

    result = suggest(file, out=out, sheet=sheet, delimiter=delimiter, encoding=encoding, overwrite=force)
    if result.written is None:
        click.echo(result.text, nl=False)
    else:
        mapped = result.suggestion.mapped
        click.echo(f"Wrote {result.written}: layout {result.suggestion.layout}, "
                   f"{len(mapped)} of {len(result.suggestion.columns)} column(s) mapped; check it, then run",
                   err=True)
        click.echo(f"  graphkit load {file} --mapping {result.written}", err=True)
    for note in result.suggestion.notes:
        click.echo(f"Note: {note}", err=True)


# --- demo and generator (issue 2) ---------------------------------------------------------


@main.command("demo")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("graphkit-demo"), show_default=True,
              help="Directory the demo writes to; its workspace is OUT/workspace.")
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Load into this workspace instead of OUT/workspace.")
@click.option("--files", "files_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Only copy the demo records and STORY.md into this folder (for the README's "
                   "tour) and stop; nothing is loaded.")
@format_option
@user_errors
def demo_command(out_dir: Path, workspace: Path | None, files_dir: Path | None, fmt: str) -> None:
    """Load the fictional demo case set and summarise it.

    Loads the shipped demo files (cases, entities, contacts in UTF-8 and CP932, relations)
    into a workspace, then prints the load counts per file, the rejected rows (the demo has six
    deliberately bad rows) and the graph summary. The story the data tells is in docs/demo.md.
    With --files DIR it only copies the records out, to load them yourself.
    """
    if files_dir is not None:
        from graphkit.workflows.demo import copy_demo_files

        copied = copy_demo_files(files_dir)
        click.echo(f"Copied {len(copied)} demo files to {files_dir}: {', '.join(p.name for p in copied)}")
        click.echo(f"Next: cd {files_dir} && graphkit load {' '.join(p.name for p in copied if p.suffix != '.md')}")
        return
    from graphkit.ingest import rejects_lines
    from graphkit.workflows.demo import run_demo
    from graphkit.workflows.info import summary_rows

    result = run_demo(out_dir, workspace=workspace)
    echo(f"Demo loaded into {result.workspace}")
    echo_frame(result.report.to_frame(), fmt)
    total = result.report.total
    echo(f"{total.rejected} row(s) rejected, set aside in {result.report.rejects_file}:")
    for line in rejects_lines(result.report.rejects):
        echo(f"  {line}")
    for dup in result.report.possible_duplicates:
        echo(f"Possible duplicate to review (not merged): {dup.name_a} / {dup.name_b} ({dup.reason})")
    echo("Summary:")
    echo_frame(summary_rows(result.summary), fmt)
    # Later issues add the broker report (issue 4), the link chart (issue 5) and the report
    # (issue 6) here, printing the paths in result.outputs.
    for name, path in result.outputs.items():
        echo(f"{name}: {path}")


@main.command("generate")
@click.option("--contacts", "n_contacts", type=click.IntRange(min=0), required=True,
              help="Number of contact rows to generate.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The contacts CSV to write (UTF-8).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed; the same arguments always give the same file.")
@click.option("--actors", "n_actors", type=click.IntRange(min=20), default=None,
              help="Number of actors (default: contacts / 4).")
@click.option("--foreign-share", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=0.3, show_default=True, help="Share of actors on the foreign side.")
@click.option("--bad-rows", type=click.FloatRange(0, 1, max_open=True), default=0.0,
              show_default=True, help="Share of rows made deliberately bad (to test rejects).")
@click.option("--entities", "entities_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write an entities CSV declaring the same actors.")
@format_option
@user_errors
def generate_command(n_contacts: int, output: Path, seed: int, n_actors: int | None,
                     foreign_share: float, bad_rows: float, entities_path: Path | None,
                     fmt: str) -> None:
    """Generate a synthetic contacts CSV with realistic structure.

    Heavy-tailed activity, communities, a foreign/domestic split and a few planted brokers
    bridging the two sides; see docs/demo.md ("The generator"). Prints what was written.
    """
    from graphkit.workflows.generate import generate, generated_frame

    try:
        result = generate(n_contacts, output, seed=seed, n_actors=n_actors, foreign_share=foreign_share,
                          bad_rows=bad_rows, entities=entities_path)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    echo_frame(generated_frame(result), fmt)


# --- Neo4j: push, pull, server store options (issue 3) ------------------------------------

@main.command("push")
@store_options(neo4j=False)
@batch_size_option
@click.option("--bulk", is_flag=True, default=False,
              help="Replace the Neo4j database through neo4j-admin database import (fast, for a fresh "
                   "or rebuilt database): stops and restarts the local server scripts/neo4j manages; "
                   "refused for any other server and for a database that is not empty.")
@click.option("--overwrite", is_flag=True, default=False,
              help="With --bulk: replace a database that already holds a graph.")
@format_option
@user_errors
def push_command(store: StoreSpec, batch_size: int | None, bulk: bool, overwrite: bool, fmt: str) -> None:
    """Copy the workspace's records, nodes and edges into Neo4j (merging; pushing twice
    changes nothing). Prints how many were new and how many merged into what was there.
    With --bulk the database is replaced by an import instead (docs/neo4j.md, "The bulk path")."""
    if overwrite and not bulk:
        raise click.UsageError("--overwrite goes with --bulk (a push without --bulk merges, it never replaces)")
    if bulk and batch_size is not None:
        raise click.UsageError("--batch-size is for the transactional push, not --bulk")
    from graphkit.workflows.sync import push, push_bulk

    with store.open() as source, store.as_neo4j().open(**neo4j_write_options(batch_size)) as target:
        if bulk:
            result = push_bulk(source, target, overwrite=overwrite)
            echo("bulk import: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.phases.items()),
                 err=True)
            if result.rejects:
                echo(f"{len(result.rejects):,} entries set aside (kept as Reject nodes)", err=True)
            stats = result.stats
        else:
            stats = push(source, target)
    echo_stats(stats, fmt)


@main.command("pull")
@click.option("--seed", "seeds", multiple=True, help="Start from this node (id, name or alias); repeatable.")
@click.option("--depth", type=click.IntRange(0, 6), default=1, show_default=True,
              help="With --seed: how many hops around the seeds to pull.")
@filter_options
@store_options(neo4j=False)
@format_option
@user_errors
def pull_command(case: str | None, seeds: tuple[str, ...], depth: int, since: str | None, until: str | None,
                 store: StoreSpec, fmt: str) -> None:
    """Bring a subgraph of Neo4j (a case, the neighbourhood of seeds, a time window, or all of
    it) with its records into the workspace, for analysis offline. Filters combine."""
    from graphkit.workflows.sync import pull

    with store.as_neo4j().open() as source, store.open(create=True) as target:
        stats = pull(source, target, case=case, seeds=seeds, depth=depth, since=since, until=until)
    echo_stats(stats, fmt)



# --- analysis: brokers, paths, communities, ego (issue 4) ---------------------------------

@main.command("brokers")
@store_options()
@filter_options
@click.option(
    "--partition", default="foreign", show_default=True,
    help="Node attribute that splits actors into groups for the brokerage roles "
    "(foreign, country, org, cases: an actor in several cases counts in the one with most of "
    "its records). Without it on any actor the table comes out without roles.",
)
@click.option("--top", "top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many top-ranked actors to print (and explain).")
@click.option("--exact/--approx", "exact", default=None,
              help="Force exact or approximate betweenness (default: exact up to 10,000 actors).")
@click.option("--method", "method", type=click.Choice(["sources", "kadabra"]), default=None,
              help="Approximation of betweenness: sampled sources (default) or KADABRA "
              "(undirected hop counts; every score within --epsilon with probability 0.9).")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="Sources sampled by the approximation  [default: 1024].")
@click.option("--epsilon", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.01,
              show_default=True, help="KADABRA's error bound on normalised betweenness.")
@click.option("--weighted", is_flag=True, default=False,
              help="Weight ties by their weight: a weight column's values summed, else the number of contacts (cost 1/weight for betweenness).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed of the betweenness approximation and of Louvain.")
@click.option("--reading", type=click.Choice(["directed", "undirected"]), default="directed",
              show_default=True,
              help="How roles, reasons and degrees read the ties: as loaded (from -> to) or both "
              "ways, as the rank (betweenness) always does; undirected suits a list of ties "
              "without direction.")
@click.option("--engine", type=click.Choice(["local", "gds"]), default="local", show_default=True,
              help="Where the ranking runs: graphkit's engine on this machine, or (with --neo4j) "
                   "inside Neo4j with the Graph Data Science plugin, fetching only the top actors' "
                   "neighbourhoods (docs/neo4j.md).")
@click.option("--write", is_flag=True, default=False,
              help="With --neo4j: keep the ranking on the nodes (broker_rank, broker_betweenness, "
                   "broker_roles, ... and broker_run, the run id) for Bloom or Cypher users.")
@progress_option
@format_option
@user_errors
def brokers_command(store: StoreSpec, case: str | None, since: str | None, until: str | None,
                    partition: str, top: int, exact: bool | None, method: str | None,
                    sample: int | None, epsilon: float, weighted: bool, seed: int, reading: str,
                    engine: str, write: bool, progress: bool | None, fmt: str) -> None:
    """Rank the actors as brokers: betweenness, PageRank, Burt's constraint and effective
    size, Gould-Fernandez brokerage roles, cut points and communities, with a plain-language
    reason for each of the top actors. The table format shows the main columns; csv and json
    carry every column (z-scores, effective size, community, ...)."""
    from graphkit.workflows.analyse import brokers

    with store.open() as opened:
        result = brokers(opened, case=case, since=since, until=until, partition=partition, top=top,
                         exact=exact, method=method, sample=sample, epsilon=epsilon,
                         weighted=weighted, seed=seed, reading=reading,
                         progress=show_progress(progress), engine=engine, write=write,
                         on_warning=lambda line: echo(line, err=True))
    if fmt == "table":
        echo_frame(result.main_columns, fmt)
        echo(result.note)
    else:
        echo_frame(result.shown, fmt)
    if result.written is not None:
        echo(f"wrote broker scores to {result.written['written']} nodes (run {result.written['run']}; "
             f"{result.written['cleared']} nodes of earlier runs cleared)", err=True)


@main.command("cuts")
@store_options()
@filter_options
@click.option("--partition", default="foreign", show_default=True,
              help="Node attribute that marks the foreign actors (true) for the minimum vertex cut.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="At most this many articulation points and bridges.")
@format_option
@user_errors
def cuts_command(store: StoreSpec, case: str | None, since: str | None, until: str | None,
                 partition: str, limit: int, fmt: str) -> None:
    """Actors and contacts whose removal cuts foreign actors off from technology holders:
    the minimum vertex cut between the two sets, the articulation points (with how many
    actors and technology holders each cuts off) and the bridges of the actor graph."""
    from graphkit.workflows.analyse import cuts

    with store.open() as opened:
        result = cuts(opened, case=case, since=since, until=until, partition=partition, limit=limit)
    if result.table.empty:
        echo("no cut points: no single actor or contact separates any part of the network")
        return
    echo_frame(result.shown if fmt == "table" else result.table, fmt)


@main.command("paths")
@click.option("--from", "sources", required=True, metavar="SELECTOR",
              help='Where paths start: a name, an id, "foreign", "domestic", "case:ID" or '
                   '"KIND:NAME" (e.g. person:"Li Wei"); join several with commas.')
@click.option("--to", "targets", required=True, metavar="SELECTOR",
              help='Where paths end, same forms as --from (e.g. technology:"quantum sensing").')
@click.option("-k", "k", type=click.IntRange(1), default=10, show_default=True,
              help="How many paths, most likely first.")
@click.option("--time-respecting", is_flag=True,
              help="Only paths whose hops can be dated in order (never backwards in time).")
@click.option("--max-gap", type=click.IntRange(0), metavar="DAYS",
              help="With --time-respecting: at most this many days between consecutive hops.")
@click.option("--max-hops", type=click.IntRange(1), help="Longest path, in hops.")
@click.option("--reuse-records", is_flag=True,
              help="Let a hop rest on a record an earlier hop already uses, and rank by "
                   "probability alone (by default each hop needs a record of its own and paths "
                   "that link records come first).")
@filter_options
@store_options()
@format_option
@user_errors
def paths_command(sources: str, targets: str, k: int, time_respecting: bool, max_gap: int | None,
                  max_hops: int | None, reuse_records: bool, case: str | None, since: str | None,
                  until: str | None, store: StoreSpec, fmt: str) -> None:
    """The k most likely transfer paths from --from to --to, one row per hop with the path's
    rank and probability, the relation, its date(s) and the supporting records (file:row).

    Each edge's probability comes from its relation, number of contacts, reliability and
    recency (docs/analysis.md, "Transfer paths"); a path's probability is the product."""
    from graphkit.workflows.analyse import paths

    if max_gap is not None and not time_respecting:
        raise click.UsageError("--max-gap needs --time-respecting")
    with store.open() as opened:
        result = paths(opened, sources, targets, k=k, time_respecting=time_respecting, max_gap=max_gap,
                       max_hops=max_hops, case=case, since=since, until=until,
                       distinct_evidence=not reuse_records)
    if not result.paths:
        echo(f"No {'time-respecting ' if time_respecting else ''}path from {sources} "
                   f"to {targets}.", err=True)
    echo_frame(result.frame, fmt)


@main.command("communities")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed gives the same communities.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0,
              show_default=True, help="Above 1: more, smaller communities; below 1: fewer.")
@filter_options
@store_options()
@format_option
@user_errors
def communities_command(seed: int, resolution: float, case: str | None, since: str | None,
                        until: str | None, store: StoreSpec, fmt: str) -> None:
    """Louvain communities of the actors (weighted by contacts), one row per actor; the
    number of communities and the modularity go to stderr."""
    from graphkit.workflows.analyse import communities

    with store.open() as opened:
        result = communities(opened, seed=seed, resolution=resolution, case=case, since=since, until=until)
    echo(result.note, err=True)
    echo_frame(result.frame, fmt)


@main.command("ego")
@click.argument("name")
@click.option("--depth", type=click.IntRange(0), default=1, show_default=True,
              help="How many hops out from NAME (edges walked either way).")
@filter_options
@store_options()
@format_option
@user_errors
def ego_command(name: str, depth: int, case: str | None, since: str | None, until: str | None,
                store: StoreSpec, fmt: str) -> None:
    """The neighbourhood of NAME (a name, an id or a selector such as case:ID): every node
    within --depth hops, one row each with its distance and degree inside the neighbourhood."""
    from graphkit.workflows.analyse import ego

    with store.open() as opened:
        result = ego(opened, name, depth=depth, case=case, since=since, until=until)
    echo(result.note, err=True)
    echo_frame(result.frame, fmt)


# --- link charts: view (issue 5) ----------------------------------------------------------


@main.command("view")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one self-contained page that works offline).")
@click.option("--seed", metavar="NAME",
              help="Draw only the ego network of this name, alias, id or selector "
                   "(e.g. 'Li Wei', person:\"山田 太郎\").")
@click.option("--depth", type=click.IntRange(0, 10), default=2, show_default=True,
              help="With --seed: how many links out from the seed to draw.")
@click.option("--case", "case_id", metavar="ID", help="Draw only the evidence of this case.")
@click.option("--from", "sources", metavar="SELECTOR",
              help="Highlight the likely transfer paths from this selection (needs --to).")
@click.option("--to", "targets", metavar="SELECTOR",
              help="Highlight the likely transfer paths to this selection (needs --from).")
@click.option("--paths", "k", type=click.IntRange(1, 50), default=3, show_default=True,
              help="With --from/--to: how many paths to highlight.")
@click.option("--time-respecting", is_flag=True,
              help="With --from/--to: only paths whose contacts can be dated in order.")
@click.option("--since", metavar="DATE", help="Only evidence dated on or after DATE (2024, 2024-05, 2024-05-01).")
@click.option("--until", metavar="DATE", help="Only evidence dated on or before DATE.")
@click.option("--brokers", "n_brokers", type=click.IntRange(0, 100), default=3, show_default=True,
              help="Mark this many brokers: the actors of highest betweenness.")
@click.option("--title", help="The page title (default: a description of the view).")
@click.option("--marking", metavar="TEXT", envvar="GRAPHKIT_MARKING", default="",
              help="A handling marking (e.g. 取扱注意) shown at the top and bottom of the page "
                   "(also GRAPHKIT_MARKING).")
@lang_option
@store_options()
@progress_option
@user_errors
def view(output: Path, seed: str | None, depth: int, case_id: str | None, sources: str | None,
         targets: str | None, k: int, time_respecting: bool, since: str | None, until: str | None,
         n_brokers: int, title: str | None, marking: str, lang: str | None, store: StoreSpec,
         progress: bool | None) -> None:
    """Write an interactive link chart: an offline HTML page to open in any browser.

    Shapes and colours show kinds, a red ring marks foreign actors, node size the broker
    score; hover for the evidence, search, filter, set a time window, click to focus.
    """
    if (sources is None) != (targets is None):
        raise click.UsageError("--from and --to go together")
    from graphkit.workflows.chart import view as draw

    with store.open() as opened:
        result = draw(opened, output=output, seed=seed, depth=depth, case=case_id, since=since,
                      until=until, sources=sources, targets=targets, k=k,
                      time_respecting=time_respecting, n_brokers=n_brokers, title=title,
                      marking=marking, lang=lang, progress=show_progress(progress), around_seed=store.neo4j)
    echo(f"wrote {output} ({result.chart.node_count} nodes, {result.chart.edge_count} links)")



# --- reports (issue 6) --------------------------------------------------------------------


@main.command("report")
@click.option("--out", "-o", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The report directory (created; an earlier report there is replaced as a whole).")
@filter_options
@click.option("--compare", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="An earlier report directory: list new brokers, risers, fallers and new paths.")
@click.option("--k-paths", "-k", default=3, show_default=True, type=click.IntRange(1, 100),
              help="Most likely transfer paths per technology.")
@click.option("--time-respecting/--any-order", default=True, show_default=True,
              help="Paths must run forward in time (each hop no earlier than the one before).")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Random seed for sampled betweenness and chart layouts (kept in the manifest).")
@click.option("--max-case-charts", type=click.IntRange(0), default=None,
              help="Draw link charts for at most this many cases, the largest (default: all).")
@click.option("--title", default=None, help="The report's heading (default: graphkit report, in the report's language).")
@click.option("--marking", metavar="TEXT", envvar="GRAPHKIT_MARKING", default="",
              help="A handling marking (e.g. 取扱注意) on every page (top and bottom), in every "
                   "sheet's header and footer, and in MARKING.txt beside the CSVs (also GRAPHKIT_MARKING).")
@click.option("--file-mode", type=click.Choice(["private", "umask"]), default="private", show_default=True,
              help="private: only you can read the report (folders 0700, files 0600); umask: the "
                   "modes your umask gives ordinary files.")
@click.option("--engine", type=click.Choice(["local", "gds"]), default="local", show_default=True,
              help="Where the overall broker ranking runs: graphkit's engine, or (with --neo4j) "
                   "inside Neo4j with the Graph Data Science plugin (docs/neo4j.md).")
@lang_option
@store_options()
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when stderr is a terminal).")
@user_errors
def report_command(out_dir: Path, case: str | None, since: str | None, until: str | None,
                   compare: Path | None, k_paths: int, time_respecting: bool, seed: int,
                   max_case_charts: int | None, title: str | None, marking: str, file_mode: str,
                   engine: str, lang: str | None, store: StoreSpec, progress: bool | None) -> None:
    """Write a report: brokers ranked overall and per case, likely transfer paths from foreign
    actors to each technology with their evidence, charts and link charts.

    OUT_DIR gets report.html (offline, open it in any browser), cases/*.html (link charts),
    CSV tables, report.xlsx and manifest.json (version, parameters, seeds, input hash and the
    record ids behind every ranked actor and path). The report is written to a temporary
    directory and moved into place, so a failed run never leaves half a report.
    """
    from graphkit.workflows.report import report, report_lines

    with store.open() as opened:
        result = report(opened, out_dir, case=case, since=since, until=until, compare=compare,
                        k_paths=k_paths, time_respecting=time_respecting, seed=seed,
                        max_case_charts=max_case_charts, title=title, progress=show_progress(progress),
                        marking=marking, file_mode=file_mode, lang=lang, engine=engine)
    for line in report_lines(result):
        echo(line)



# --- sharing: the outreach brief and the case timeline (issue 15) ---------------------------


@main.command("brief")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one printable page that works offline).")
@click.option("--case", "cases", multiple=True, metavar="ID", help="Only this case (repeatable; default all).")
@click.option("--since", metavar="DATE", help="Only approaches dated on or after DATE (2024, 2024-05, 2024-05-01).")
@click.option("--until", metavar="DATE", help="Only approaches dated on or before DATE.")
@click.option("--threshold", type=click.IntRange(1), default=3, show_default=True,
              help="Withhold every count below this.")
@lang_option
@marking_option
@store_options()
@user_errors
def brief_command(output: Path, cases: tuple[str, ...], since: str | None, until: str | None,
                  threshold: int, lang: str | None, marking: str, store: StoreSpec) -> None:
    """Write the outreach brief: how approaches happen, never who, for firms and universities.

    Channels and their share, the stage funnel, technologies sought, kinds of go-between, time
    to escalation and warning signs mapped to See / Stop / Share. No names, ids or record
    text; dates to the month; counts below --threshold withheld (docs/brief.md).
    """
    from graphkit.workflows.brief import brief

    with store.open() as opened:
        result = brief(opened, output, cases=cases, since=since, until=until, lang=lang,
                       threshold=threshold, marking=marking)
    echo(f"wrote {result.path} ({result.lang})")


@main.command("timeline")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one self-contained page that works offline).")
@click.option("--case", "case_id", metavar="ID", help="Only the evidence of this case.")
@click.option("--seed", metavar="NAME", help="Only the lanes of the actors around this name, alias, id or selector.")
@click.option("--depth", type=click.IntRange(0, 10), default=1, show_default=True,
              help="With --seed: how many links out from the seed.")
@click.option("--since", metavar="DATE", help="Only evidence dated on or after DATE (2024, 2024-05, 2024-05-01).")
@click.option("--until", metavar="DATE", help="Only evidence dated on or before DATE.")
@click.option("--lanes", type=click.Choice(["actor", "case"]), default="actor", show_default=True,
              help="One lane per actor, or one per case.")
@click.option("--title", help="The page title (default: a description of the view).")
@lang_option
@marking_option
@store_options()
@user_errors
def timeline_command(output: Path, case_id: str | None, seed: str | None, depth: int, since: str | None,
                     until: str | None, lanes: str, title: str | None, lang: str | None, marking: str,
                     store: StoreSpec) -> None:
    """Write a case timeline: one lane per actor (or case), each approach and relation at its
    date and precision, linked to its records, filterable by channel and outcome."""
    from graphkit.workflows.timeline import timeline

    with store.open() as opened:
        page = timeline(opened, output, case=case_id, seed=seed, depth=depth, since=since, until=until,
                        lanes=lanes, lang=lang, title=title, marking=marking)
    echo(f"wrote {output} ({page.item_count} items, {page.lane_count} lanes)")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
