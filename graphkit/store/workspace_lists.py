"""Reference lists in the workspace: the ``reference_lists`` and ``list_entries`` tables.

The workspace methods (:meth:`~graphkit.store.workspace.Workspace.replace_list`, ...) call
these; each list is replaced in one SQLite transaction, so a list is either all there or not.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable, Sequence

from graphkit.errors import NotFound
from graphkit.lists.model import ListEntry, ListInfo


def _has_tables(conn: sqlite3.Connection) -> bool:
    """A read-only workspace written before lists existed has no list tables: no lists."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reference_lists'").fetchone() is not None


def replace_list(conn: sqlite3.Connection, info: ListInfo, entries: Sequence[ListEntry]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM list_entries WHERE list_name = ?", (info.name,))
        conn.execute("INSERT OR REPLACE INTO reference_lists (name, info) VALUES (?, ?)",
                     (info.name, json.dumps(info.to_dict(), ensure_ascii=False)))
        conn.executemany("INSERT INTO list_entries (list_name, entry_id, entry) VALUES (?, ?, ?)",
                         [(info.name, e.entry_id, json.dumps(e.to_dict(), ensure_ascii=False)) for e in entries])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def list_infos(conn: sqlite3.Connection) -> list[ListInfo]:
    if not _has_tables(conn):
        return []
    return [ListInfo.from_dict(json.loads(info)) for (info,) in
            conn.execute("SELECT info FROM reference_lists ORDER BY name")]


def list_entries(conn: sqlite3.Connection, names: Iterable[str] | None = None) -> list[ListEntry]:
    if not _has_tables(conn):
        return []
    if names is None:
        rows = conn.execute("SELECT entry FROM list_entries ORDER BY list_name, entry_id")
    else:
        wanted = sorted(set(names))
        marks = ",".join("?" * len(wanted))
        rows = conn.execute(f"SELECT entry FROM list_entries WHERE list_name IN ({marks}) "
                            "ORDER BY list_name, entry_id", wanted)
    return [ListEntry.from_dict(json.loads(entry)) for (entry,) in rows]


def remove_list(conn: sqlite3.Connection, name: str, where: str) -> int:
    known = [info.name for info in list_infos(conn)]
    if name not in known:
        raise NotFound(f"no list named {name!r} in {where}; `graphkit lists` shows the lists"
                       + (f" ({', '.join(known)})" if known else " (none loaded)"))
    conn.execute("BEGIN IMMEDIATE")
    try:
        removed = conn.execute("DELETE FROM list_entries WHERE list_name = ?", (name,)).rowcount
        conn.execute("DELETE FROM reference_lists WHERE name = ?", (name,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return int(removed)
