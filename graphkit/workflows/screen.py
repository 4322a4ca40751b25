"""``graphkit screen``: the case's actors checked against the loaded lists, k hops out.

One row per (actor, list entry): the list and program, the distance (0: the actor itself is
the entry; 1: one hop from an actor that is, or the entry's listed parent; ...), the match's
score and reasons, and the shortest chain with every hop's records (``file:row``), like
``graphkit paths``. Riskiest first: confirmed and direct matches, then by distance and score.
Names are matched by :mod:`graphkit.matching` through an index of the lists' names (blocking
keys), so screening grows with the number of actors, not actors times entries.

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Edge, Evidence, Node
>>> from graphkit.store.workspace import Workspace
>>> from graphkit.workflows.lists import load_lists
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> ev = Evidence("c:1", "contacts.csv", 2)
>>> _ = ws.write(Batch(nodes=[Node("a", "Person", "Tanaka Ken"), Node("s", "Company", "中芯国际集成电路制造有限公司")],
...                    edges=[Edge("e", "a", "s", "CONTACTED", evidence=[ev])]))
>>> _ = load_lists(ws, ["../shared/datasets/export_control_lists/us_ndaa_section_5949_semiconductors.csv"])
>>> screen(ws).frame[["actor", "list", "entry", "distance", "records"]].values.tolist()
[['中芯国际集成电路制造有限公司', 'us_ndaa_5949', 'Semiconductor Manufacturing International Corporation', 0, 'us_ndaa_section_5949_semiconductors.csv:3'], ['Tanaka Ken', 'us_ndaa_5949', 'Semiconductor Manufacturing International Corporation', 1, 'contacts.csv:2; us_ndaa_section_5949_semiconductors.csv:3']]
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from graphkit import schema
from graphkit.analysis.screening import SCREEN_COLUMNS, ScreeningHit, Verdict, screen_arrays, screening_frame
from graphkit.errors import NotFound
from graphkit.lists.index import NameIndex
from graphkit.projection import actor_arrays, actor_graph, node_aliases
from graphkit.safe_output import atomic_write_text, json_value, write_csv, write_xlsx
from graphkit.store.base import Store

__all__ = ["SCREEN_COLUMNS", "ScreenResult", "screen", "write_screening"]

@dataclass
class ScreenResult:
    """``hits``: the (actor, entry) pairs, riskiest first; ``frame``: one row per hit
    (:data:`SCREEN_COLUMNS`); ``lists``: the lists screened against."""

    hits: list[ScreeningHit]
    frame: pd.DataFrame
    lists: list[str]

    def listed_actors(self) -> dict[str, list[str]]:
        """Actor id -> the lists it is on (distance 0), for views and reports."""
        found: dict[str, list[str]] = {}
        for hit in self.hits:
            if hit.distance == 0:
                found.setdefault(hit.actor, [])
                if hit.entry.list_name not in found[hit.actor]:
                    found[hit.actor].append(hit.entry.list_name)
        return found

    def near_actors(self) -> dict[str, list[str]]:
        """Actor id -> the lists of entries it is near (distance 1 or more), not listed itself."""
        listed = self.listed_actors()
        found: dict[str, list[str]] = {}
        for hit in self.hits:
            if hit.distance > 0 and hit.actor not in listed:
                found.setdefault(hit.actor, [])
                if hit.entry.list_name not in found[hit.actor]:
                    found[hit.actor].append(hit.entry.list_name)
        return found


def screen(store: Store, *, hops: int = 2, lists: Sequence[str] | None = None, min_score: float = 0.6,
           case: str | None = None, since: str | None = None, until: str | None = None,
           decisions: Iterable[Verdict] | None = None) -> ScreenResult:
    """Screen the actors of the case graph (optionally one case, one window) against the lists.

    ``lists``: only these lists (default: every loaded list); ``min_score``: the weakest match
    that counts (0.6, the matcher's ``question``); ``decisions``: human verdicts on (actor id,
    entry id) pairs, replayed (``different`` dismisses a hit, ``same`` confirms it); default:
    the store's, kept by ``graphkit resolve same|different ACTOR ENTRY_ID``.
    """
    if hops < 0:
        raise ValueError("hops must be 0 or more")
    known = [info.name for info in store.list_infos()]
    if not known:
        raise NotFound("no lists loaded; load them first with `graphkit lists load FILES`")
    unknown = [name for name in lists or [] if name not in known]
    if unknown:
        raise NotFound(f"no list named {', '.join(map(repr, unknown))}; loaded: {', '.join(known)}")
    chosen = list(lists) if lists else known
    index = NameIndex(store.list_entries(chosen))
    # the projection as arrays: the actors are matched on their names, and only the region
    # within `hops` of a matched actor is read with its evidence (never the whole graph)
    arrays = actor_arrays(store, case=case, since=since, until=until)
    identifiers = {node.id: list(node.properties.get("identifiers") or [])
                   for node in store.iter_nodes(schema.ACTOR_KINDS) if node.properties.get("identifiers")}
    if decisions is None:
        from graphkit.workflows.decisions import screening_decisions

        decisions = screening_decisions(store)
    hits = screen_arrays(arrays, node_aliases(store, arrays.ids),
                         lambda ids: actor_graph(store, case=case, since=since, until=until, among=ids),
                         index, hops=hops, min_score=min_score, decisions=decisions, identifiers=identifiers)
    return ScreenResult(hits, screening_frame(hits), chosen)


def write_screening(frame: pd.DataFrame, path: Path | str, fmt: str) -> Path:
    """Write the screening table as csv or xlsx (spreadsheet-safe: formulas stay text) or json."""
    if fmt == "csv":
        return write_csv(frame, path)
    if fmt == "xlsx":
        return write_xlsx({"screening": frame}, path)
    if fmt == "json":
        rows = [json_value(row) for row in frame.to_dict("records")]
        return atomic_write_text(path, json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    raise ValueError(f"unknown format {fmt!r} for a file: csv, json or xlsx")


