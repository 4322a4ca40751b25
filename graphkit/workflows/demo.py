"""The demo: load the shipped fictional case set into a workspace and summarise it.

The demo files live in the package (:func:`graphkit.resources.demo_dir`); their story (the
broker, the front company, the target lab, the likely transfer path, the bad rows) is in
``graphkit/demo/STORY.md`` and docs/demo.md. ``graphkit demo`` is a thin wrapper over
:func:`run_demo`.

>>> import tempfile
>>> result = run_demo(tempfile.mkdtemp())
>>> result.report.total.read, result.report.total.rejected
(453, 6)
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import InputError
from graphkit.ingest import LoadReport, load_files
from graphkit.resources import demo_dir

DEMO_FILES: tuple[str, ...] = (
    "cases.csv", "entities.xlsx", "contacts.csv", "contacts_jp.csv", "relations.jsonl",
)
"""The demo case set, in load order (ingest sorts by layout anyway)."""


@dataclass
class DemoResult:
    """What :func:`run_demo` did.

    ``workspace`` is the workspace directory the demo loaded into; ``report`` the load's counts,
    rejects and possible duplicates; ``summary`` what :func:`graphkit.workflows.info.summarise` says about
    the loaded graph; ``outputs`` the files later demo steps write (broker report, link chart,
    report), by name.
    """

    workspace: Path
    report: LoadReport
    summary: Any
    outputs: dict[str, Path] = field(default_factory=dict)


DEMO_STORY = "STORY.md"
"""The demo's story (who is who, the bad rows), copied out beside the records."""


def demo_files() -> list[Path]:
    """The paths of the shipped demo files."""
    return [demo_dir() / name for name in DEMO_FILES]


def copy_demo_files(directory: str | Path) -> list[Path]:
    """Copy the demo records and STORY.md into ``directory`` (created) and return the copies.

    The README's tour runs in that folder, so nothing is ever written into the package.
    Refuses (:class:`~graphkit.errors.InputError`) when a file of the same name is already there, rather than overwrite a user's file.

    >>> import pathlib, tempfile
    >>> [p.name for p in copy_demo_files(pathlib.Path(tempfile.mkdtemp()) / "my-case")][-1]
    'STORY.md'
    """
    target = Path(directory)
    names = [*DEMO_FILES, DEMO_STORY]
    clashes = [name for name in names if (target / name).exists()]
    if clashes:
        raise InputError(f"{target} already holds {', '.join(clashes)}; choose another folder")
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copyfile(demo_dir() / name, target / name)) for name in names]


def run_demo(out_dir: str | Path, workspace: str | Path | None = None, *,
             write_report: bool = True) -> DemoResult:
    """Load the demo case set into a workspace under ``out_dir`` and summarise it.

    Parameters
    ----------
    out_dir
        Where the demo writes (created when missing). The workspace is ``out_dir/workspace``
        unless ``workspace`` is given.
    write_report
        End by writing ``out_dir/report/`` (the batch report) and ``out_dir/linkchart.html``
        (the broker and the main transfer path highlighted); see docs/reports.md.
    workspace
        An existing or new workspace directory to load into instead. Running the demo twice
        into one workspace changes nothing the second time (every row is reported merged).

    Returns
    -------
    DemoResult
        the workspace path, the load report (6 rows rejected, as STORY.md documents) and the
        summary.
    """
    from graphkit.workflows.info import summarise
    from graphkit.store.workspace import Workspace

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ws_path = Path(workspace) if workspace is not None else out / "workspace"
    with Workspace(ws_path) as store:
        report = load_files(demo_files(), store)
        summary = summarise(store)
        # Later demo steps go here, each adding to ``outputs``: the broker report (issue 4),
        # the link chart with the broker and the main transfer path highlighted (issue 5),
        # and the batch report (issue 6).
        outputs: dict[str, Path] = {}
        if write_report:  # issue 6: the report, and the chart of its broker and main path
            from graphkit.reports.demo import demo_outputs

            written = demo_outputs(store, out)
            outputs["report"] = written.report.html
            if written.chart is not None:
                outputs["link chart"] = written.chart
    return DemoResult(workspace=ws_path, report=report, summary=summary, outputs=outputs)
