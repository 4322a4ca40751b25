"""The graphkit command line: a thin click layer over the library.

Each command parses its options, calls one library function, prints the result with
:func:`graphkit.tables.render`, and turns a :class:`~graphkit.errors.GraphkitError` into a
one-line message and a non-zero exit status. Every command is also a Python call for notebooks.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click

from graphkit import __version__
from graphkit.errors import GraphkitError
from graphkit.tables import FORMATS, render


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn graphkit errors into one clear line (no stack trace) and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GraphkitError as err:
            raise click.ClickException(str(err)) from None

    return wrapper


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="How to print the results.",
    )(func)


def workspace_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
        default=Path(".graphkit"), show_default=True, envvar="GRAPHKIT_WORKSPACE",
        help="The embedded workspace directory (the default store).",
    )(func)


def echo_frame(frame: Any, fmt: str) -> None:
    click.echo(render(frame, fmt))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
def main() -> None:
    """graphkit: map foreign approach networks from case and contact records.

    Load records into a graph (an embedded workspace by default, or Neo4j), find brokers and
    likely transfer paths, and draw offline link charts and reports.
    """


# --- records: load, info, explain, export (issue 2) -------------------------------------


# --- demo and generator (issue 2) ---------------------------------------------------------


# --- Neo4j: push, pull, server store options (issue 3) ------------------------------------


# --- analysis: brokers, paths, communities, ego (issue 4) ---------------------------------


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
              help="Mark this many top brokers (by betweenness).")
@click.option("--title", help="The page title (default: a description of the view).")
@workspace_option
@user_errors
def view(output: Path, seed: str | None, depth: int, case_id: str | None, sources: str | None,
         targets: str | None, k: int, time_respecting: bool, since: str | None, until: str | None,
         n_brokers: int, title: str | None, workspace: Path) -> None:
    """Write an interactive link chart: an offline HTML page to open in any browser.

    Shapes and colours show kinds, a red ring marks foreign actors, node size the broker
    score; hover for the evidence, search, filter, set a time window, click to focus.
    """
    if (sources is None) != (targets is None):
        raise click.UsageError("--from and --to go together")
    from graphkit.projection import actor_graph
    from graphkit.store import open_store
    from graphkit.views.investigate import investigation_chart

    store = open_store(workspace, create=False)
    try:
        graph = actor_graph(store, case=case_id, since=since, until=until)
    finally:
        store.close()
    chart = investigation_chart(graph, seed=seed, depth=depth, sources=sources, targets=targets,
                                k=k, time_respecting=time_respecting, n_brokers=n_brokers, title=title)
    chart.save(output)
    click.echo(f"wrote {output} ({chart.node_count} nodes, {chart.edge_count} links)")



# --- reports (issue 6) --------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
