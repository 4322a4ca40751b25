"""Which store a command works on, opened one way: ``with spec.open() as store``.

A :class:`StoreSpec` names the embedded workspace (a directory) or, with ``neo4j=True``, the
Neo4j store (its settings from ``neo4j_config``, else the ``NEO4J_*`` variables, else
``~/.config/graphkit/neo4j.toml``). The CLI builds one from its store options; a notebook
builds one the same way, or calls :func:`graphkit.store.open_store` directly.

>>> import tempfile, pathlib
>>> spec = StoreSpec(workspace=pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> with spec.open(create=True) as store:
...     store.counts()
{}
>>> spec.describe().startswith("workspace ")
True
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from graphkit.store import DEFAULT_WORKSPACE, Store, open_store


@dataclass(frozen=True)
class StoreSpec:
    """The store to open: the workspace at ``workspace``, or Neo4j when ``neo4j`` is set.

    ``neo4j_config`` is the TOML file with uri, username, password, database (used only for
    Neo4j); ``trust_any_certificate`` allows ``+ssc`` URIs (TLS accepting any certificate). :meth:`as_neo4j` and :meth:`as_workspace` give the other side of the same options,
    for the commands that move data between the two (push, pull).
    """

    workspace: Path = DEFAULT_WORKSPACE
    neo4j: bool = False
    neo4j_config: Path | None = None
    trust_any_certificate: bool = False

    @contextlib.contextmanager
    def open(self, *, create: bool = False, **neo4j_options: Any) -> Iterator[Store]:
        """Open the store and close it when the block ends (also on an error).

        ``create``: make a missing workspace (commands that only read leave it ``False``, so a
        missing workspace is a :class:`~graphkit.errors.StoreUnavailable` error).
        ``neo4j_options`` go to :func:`graphkit.store.neo4j.open_neo4j_store` (e.g.
        ``rejects_path``); the workspace takes none.
        """
        if self.neo4j:
            if self.trust_any_certificate:
                neo4j_options.setdefault("trust_any_certificate", True)
            store = open_store(neo4j=True, config=self.neo4j_config, **neo4j_options)
        else:
            store = open_store(self.workspace, create=create)
        try:
            yield store
        finally:
            store.close()

    def as_neo4j(self) -> "StoreSpec":
        """The same options pointing at Neo4j."""
        return replace(self, neo4j=True)

    def as_workspace(self) -> "StoreSpec":
        """The same options pointing at the workspace."""
        return replace(self, neo4j=False)

    def describe(self) -> str:
        """``workspace PATH`` or ``Neo4j`` (for messages)."""
        return "Neo4j" if self.neo4j else f"workspace {self.workspace}"
