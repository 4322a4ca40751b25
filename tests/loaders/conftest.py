"""Fixtures for the loader tests: tiny record files written into tmp_path, and a real workspace."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Callable

import pytest

from graphkit.store.workspace import Workspace


def csv_text(rows: list[list[str]]) -> str:
    """Rows as CSV text with \\r\\n line ends, as Excel writes them."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """write_csv(name, rows, encoding="utf-8") -> path of a CSV file in tmp_path."""

    def write(name: str, rows: list[list[str]], encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(csv_text(rows).encode(encoding))
        return path

    return write


@pytest.fixture
def workspace(tmp_path: Path):
    with Workspace(tmp_path / "ws") as ws:
        yield ws
