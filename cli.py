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


# --- reports (issue 6) --------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
