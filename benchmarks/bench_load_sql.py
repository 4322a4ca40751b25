"""Benchmark: a load's SQL alone, replayed under different SQLite settings.

Loads a contacts file into a new workspace once, capturing every statement of its write
transactions (``BEGIN IMMEDIATE`` to ``COMMIT``) with its parameters on the workspace's
connection; then replays exactly those statements into a fresh workspace per setting, in this
process, and prints the CPU seconds SQLite took (and the ``COMMIT``s' share). No Python of
the loader runs during a replay, so the figures compare the settings, not the loader.

    PYTHONPATH=. python3 benchmarks/bench_load_sql.py /work/measure/r100k/contacts.csv --rounds 2

The captured statements are held in memory (about 1.5 GB for 100,000 contacts).
"""
from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from graphkit.ingest import load_files
from graphkit.store.workspace import DB_FILE, Workspace

SETTINGS: list[tuple[str, list[str]]] = [
    ("as the workspace sets it", []),
    ("cache_size 512 MiB", ["PRAGMA cache_size=-524288"]),
    ("wal_autocheckpoint 1000 (SQLite's default)", ["PRAGMA wal_autocheckpoint=1000"]),
    ("wal_autocheckpoint 262144", ["PRAGMA wal_autocheckpoint=262144"]),
]


class _Capture:
    """The workspace connection, noting each statement and its parameters."""

    def __init__(self, conn: sqlite3.Connection, log: list[tuple[str, str, Any]]) -> None:
        self._conn, self._log = conn, log

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self._log.append(("one", sql, params))
        return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        rows = list(rows)
        self._log.append(("many", sql, rows))
        return self._conn.executemany(sql, rows)


def capture(csv: Path) -> list[list[tuple[str, str, Any]]]:
    """The write transactions of loading ``csv`` into a new workspace."""
    log: list[tuple[str, str, Any]] = []
    with Workspace(Path(tempfile.mkdtemp()) / "ws") as ws:
        ws._conn = _Capture(ws._conn, log)  # type: ignore[assignment]
        load_files([csv], ws)
    transactions: list[list[tuple[str, str, Any]]] = []
    current: list[tuple[str, str, Any]] | None = None
    for item in log:
        if item[1].startswith("BEGIN IMMEDIATE"):
            current = []
        if current is not None:
            current.append(item)
            if item[1].startswith("COMMIT"):
                transactions.append(current)
                current = None
    return transactions


def replay(transactions: list[list[tuple[str, str, Any]]], pragmas: list[str]) -> tuple[float, float]:
    """CPU seconds of replaying ``transactions`` into a fresh workspace, and of its COMMITs."""
    path = Path(tempfile.mkdtemp()) / "ws"
    Workspace(path).close()  # the tables and the workspace's own settings
    conn = sqlite3.connect(path / DB_FILE, isolation_level=None)
    for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-131072",
                   "PRAGMA wal_autocheckpoint=65536", *pragmas]:
        conn.execute(pragma)
    conn.execute("CREATE TEMP TABLE load_created (load_id TEXT NOT NULL, id TEXT NOT NULL, "
                 "PRIMARY KEY (load_id, id)) WITHOUT ROWID")
    start, commits = time.process_time(), 0.0
    for transaction in transactions:
        for how, sql, params in transaction:
            if how == "many":
                conn.executemany(sql, params)
            elif sql.startswith("COMMIT"):
                began = time.process_time()
                conn.execute(sql)
                commits += time.process_time() - began
            else:
                conn.execute(sql, params).fetchall()
    total = time.process_time() - start
    conn.close()
    return total, commits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="A contacts file.")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    transactions = capture(args.csv)
    print(f"{len(transactions)} write transactions, {sum(map(len, transactions))} statements")
    gc.disable()  # the captured rows are many objects; nothing here makes cycles
    for _ in range(args.rounds):
        for name, pragmas in SETTINGS:
            total, commits = replay(transactions, pragmas)
            print(f"{name:45s} SQLite {total:6.2f} CPU s (COMMIT {commits:5.2f}); "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
