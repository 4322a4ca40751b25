"""``graphkit lists``: load, show and remove export-control and sanctions lists.

Lists are reference data kept beside the case graph (:meth:`Store.replace_list`), never
mixed into it. Loading a newer edition of a list replaces the stored one and says which
entries were added and which delisted (by entry id: the list and the entry's main name).

>>> import tempfile, pathlib
>>> from graphkit.store.workspace import Workspace
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> [(c.name, c.entries, c.added, c.delisted) for c in load_lists(ws, ["../shared/datasets/export_control_lists/us_ndaa_section_889_telecom.csv"])]
[('us_ndaa_889', 5, 5, 0)]
>>> list_table(ws)[["list", "entries", "edition"]].values.tolist()
[['us_ndaa_889', 5, None]]
>>> remove_list(ws, "us_ndaa_889"), ws.list_infos()
(5, [])
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import pandas as pd

from graphkit.lists import read_lists
from graphkit.store.base import Store

__all__ = ["ListChange", "changes_table", "list_table", "load_lists", "remove_list"]


@dataclass(frozen=True)
class ListChange:
    """What loading one list did: its entries, and against the stored edition the entries
    added, delisted and kept (all added on a first load); ``same_edition`` when nothing changed."""

    name: str
    entries: int
    added: int
    delisted: int
    kept: int
    edition: str | None
    previous_edition: str | None = None
    same_edition: bool = False
    added_names: tuple[str, ...] = field(default=(), repr=False)
    delisted_names: tuple[str, ...] = field(default=(), repr=False)


def load_lists(store: Store, files: Sequence[str | Path], *, name: str | None = None) -> list[ListChange]:
    """Read every file (all or nothing), then store each list, replacing an earlier edition.

    ``name`` puts all files into one list of that name. Returns what changed per list.
    """
    parsed = read_lists(list(files), name=name)
    loaded = datetime.now(timezone.utc).isoformat(timespec="seconds")
    known = {info.name: info for info in store.list_infos()}
    changes = []
    for item in parsed:
        before = {e.entry_id: e.name for e in store.list_entries([item.info.name])} if item.info.name in known else {}
        now = {e.entry_id: e.name for e in item.entries}
        added = sorted(set(now) - set(before))
        delisted = sorted(set(before) - set(now))
        previous = known.get(item.info.name)
        change = ListChange(
            name=item.info.name, entries=len(now), added=len(added), delisted=len(delisted),
            kept=len(set(now) & set(before)), edition=item.info.edition,
            previous_edition=previous.edition if previous else None,
            same_edition=bool(previous and previous.digest == item.info.digest),
            added_names=tuple(now[i] for i in added), delisted_names=tuple(before[i] for i in delisted))
        counts = {"added": change.added, "delisted": change.delisted, "kept": change.kept}
        store.replace_list(replace(item.info, loaded=loaded, counts=counts), item.entries)
        changes.append(change)
    return changes


def list_table(store: Store) -> pd.DataFrame:
    """One row per stored list: name, title, entries, edition, files, when loaded, and what
    its last load added and delisted."""
    columns = ["list", "entries", "edition", "loaded", "added", "delisted", "title", "files"]
    return pd.DataFrame([{"list": i.name, "entries": i.entries, "edition": i.edition, "loaded": i.loaded,
                          "added": i.counts.get("added"), "delisted": i.counts.get("delisted"),
                          "title": i.title, "files": "; ".join(i.files)} for i in store.list_infos()],
                        columns=columns)


def remove_list(store: Store, name: str) -> int:
    """Take a list out of the store; return how many entries it had."""
    return store.remove_list(name)


def changes_table(changes: Sequence[ListChange]) -> pd.DataFrame:
    """``graphkit lists load``'s output: one row per list loaded."""
    return pd.DataFrame([{"list": c.name, "entries": c.entries, "added": c.added, "delisted": c.delisted,
                          "kept": c.kept, "edition": c.edition, "previous_edition": c.previous_edition,
                          "note": "same edition as stored" if c.same_edition else ""} for c in changes],
                        columns=["list", "entries", "added", "delisted", "kept", "edition", "previous_edition", "note"])
