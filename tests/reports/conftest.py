"""Fixtures for the report tests: the demo case set and tiny contact files loaded by the real
loader into real workspaces, and Debian's headless Chromium (as in tests/views)."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Callable

import pytest

from graphkit.ingest import load_files
from graphkit.resources import demo_dir
from graphkit.store.workspace import Workspace
from tests.helpers.generated import generated_workspace_at

COLUMNS = ["contact_id", "case_id", "date", "from_name", "from_kind", "from_country", "to_name",
           "to_kind", "to_country", "via_name", "via_kind", "via_country", "technology", "channel",
           "reliability"]


def demo_files() -> list[Path]:
    return [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]


def contacts_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """A contacts file in the documented layout (docs/records.md); missing cells are blank."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for i, row in enumerate(rows, start=1):
        writer.writerow({"contact_id": f"T-{i:04d}", "from_kind": "person", "to_kind": "person",
                         "reliability": "A", **row})
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def generated_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 generated contacts in a workspace (loaded once; tests must not write to it)."""
    return generated_workspace_at(tmp_path_factory.mktemp("generated"), 1500)


@pytest.fixture(scope="session")
def many_cases_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 generated contacts in 8 cases that share actors (loaded once; tests must not write to it)."""
    return generated_workspace_at(tmp_path_factory.mktemp("many-cases"), 2000, communities=16)


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the demo case set (loaded once; tests must not write to it)."""
    path = tmp_path_factory.mktemp("demo") / "ws"
    with Workspace(path) as ws:
        load_files(demo_files(), ws)
    return path


@pytest.fixture(scope="session")
def demo_report(demo_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The report of the demo workspace (built once)."""
    from graphkit.reports import build_report

    out = tmp_path_factory.mktemp("demo-report") / "report"
    with Workspace(demo_workspace, create=False) as ws:
        return build_report(ws, out, seed=0)


@pytest.fixture
def make_workspace(tmp_path: Path) -> Callable[..., Workspace]:
    """make_workspace(rows, name="ws") -> an open workspace loaded from a contacts file of rows."""
    opened: list[Workspace] = []

    def make(rows: list[dict[str, str]], name: str = "ws") -> Workspace:
        source = contacts_csv(tmp_path / f"{name}-contacts.csv", rows)
        ws = Workspace(tmp_path / name)
        report = load_files([source], ws)
        assert report.total.rejected == 0, report.rejects
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()
