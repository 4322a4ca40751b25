"""Stores keep the graph between commands: the embedded workspace (default) or Neo4j.

Both implement :class:`graphkit.store.base.Store`; everything above the store (projection,
analysis, views, reports, the CLI) uses only that interface.

>>> import tempfile, pathlib
>>> store = open_store(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> store.counts()
{}
>>> store.close()
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.store.base import LoadStats, Store

DEFAULT_WORKSPACE = Path(".graphkit")

__all__ = ["DEFAULT_WORKSPACE", "LoadStats", "Store", "open_store"]


def open_store(
    workspace: Path | str | None = None, *, neo4j: bool = False, create: bool = True, **options: Any
) -> Store:
    """Open the store a command or notebook works on.

    Parameters
    ----------
    workspace
        The embedded workspace directory (default ``.graphkit`` in the current directory).
    neo4j
        Use the Neo4j store instead; ``options`` go to
        :func:`graphkit.store.neo4j.open_neo4j_store` (uri, user, database, ...).
    create
        For the workspace: create it when missing. Read-only commands pass ``False`` so a
        missing workspace is a :class:`~graphkit.errors.StoreUnavailable` error.
    """
    if neo4j:
        from graphkit.store.neo4j import open_neo4j_store  # imported only when asked for

        return open_neo4j_store(**options)
    from graphkit.store.workspace import Workspace

    return Workspace(DEFAULT_WORKSPACE if workspace is None else Path(workspace), create=create)
