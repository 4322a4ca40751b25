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
...     load(ws, [tmp / "c.csv"]).report.total.loaded
1
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from graphkit.errors import StoreUnavailable
from graphkit.ingest import LoadPlan, LoadReport, prepare_load, run_load
from graphkit.loaders.mapping import Mapping
from graphkit.model import Reject
from graphkit.store.base import Store

NEO4J_REJECTS = Path("neo4j-rejects.csv")
"""Where `graphkit load --neo4j` also writes rejected rows (besides Reject nodes in Neo4j)."""


@dataclass
class LoadResult:
    """``report``: counts per file and in total, rejects, possible duplicates (see
    :class:`~graphkit.ingest.LoadReport`); ``store_rejects``: rows the store could not keep
    (Neo4j only; also in its rejects file and as ``Reject`` nodes)."""

    report: LoadReport
    store_rejects: list[Reject] = field(default_factory=list)


def load_plan(files: Sequence[str | Path], *, layout: str | None = None,
              mapping: Mapping | str | Path | None = None, encoding: str | None = None,
              home_country: str = "JP", on_bad_bytes: str = "refuse", sheet: str | None = None,
              delimiter: str | None = None) -> LoadPlan:
    """Check every file without writing anything (see :func:`graphkit.ingest.prepare_load`;
    ``on_bad_bytes="reject-rows"`` sets aside the rows of a file that is not one encoding;
    ``sheet`` and ``delimiter`` choose an Excel sheet and a CSV separator)."""
    return prepare_load(list(files), layout=layout, mapping=mapping, encoding=encoding,
                        home_country=home_country, on_bad_bytes=on_bad_bytes, sheet=sheet,
                        delimiter=delimiter)


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
    return LoadResult(report=report, store_rejects=_store_rejects(store)[before:])


def _store_rejects(store: Store) -> list[Reject]:
    """The rows a Neo4j store set aside itself (the workspace keeps every row it is given)."""
    neo4j = sys.modules.get("graphkit.store.neo4j")  # loaded once a Neo4j store was opened
    return list(store.rejected) if neo4j is not None and isinstance(store, neo4j.Neo4jStore) else []
