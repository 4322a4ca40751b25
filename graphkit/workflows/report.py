"""The report command as a call: :func:`report` writes a report directory and returns what
it ranked (:class:`~graphkit.reports.ReportResult`).

Everything a report does (brokers overall and per case, likely transfer paths to each
technology, charts, link charts, the manifest, the comparison with an earlier report) is
:func:`graphkit.reports.build_report`; this module is the workflow's one entry point and says
what the command prints (:func:`report_lines`).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.store.base import Store

if TYPE_CHECKING:
    from graphkit.reports import ReportResult


def report(store: Store, out_dir: Path | str, *, case: str | None = None, since: str | None = None,
           until: str | None = None, compare: Path | str | None = None, k_paths: int = 3,
           time_respecting: bool = True, seed: int = 0, max_case_charts: int | None = None,
           title: str | None = None, progress: bool = False, marking: str = "",
           file_mode: str = "private", lang: str | None = None, engine: str = "local") -> "ReportResult":
    """Write a report of ``store`` to ``out_dir`` (replaced as a whole; see docs/reports.md).

    ``compare``: an earlier report directory (new brokers, risers, fallers, new paths);
    ``k_paths``: most likely paths per technology; ``max_case_charts``: link charts for at most
    this many cases, the largest; ``marking``: a handling marking (e.g. 取扱注意) on every page
    and sheet; ``file_mode``: ``"private"`` (owner only, the default) or ``"umask"``;
    ``lang``: ``ja`` or ``en`` (default :func:`graphkit.language.page_language`);
    ``engine="gds"``: the overall broker ranking runs inside Neo4j with GDS (Neo4j only, see
    :func:`graphkit.workflows.gds_brokers.gds_broker_table`).
    """
    from graphkit.reports import build_report
    from graphkit.reports.build import TOP_BROKERS
    from graphkit.workflows.analyse import ENGINES, _neo4j_store

    analysis = None
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if engine == "gds":
        from graphkit.workflows.gds_brokers import gds_broker_table

        analysis = gds_broker_table(_neo4j_store(store), case=case, since=since, until=until, top=TOP_BROKERS,
                                    seed=seed)

    return build_report(store, out_dir, case=case, since=since, until=until, compare=compare,
                        k_paths=k_paths, time_respecting=time_respecting, seed=seed,
                        max_case_charts=max_case_charts, title=title, progress=progress,
                        marking=marking, file_mode=file_mode, lang=lang, broker_analysis=analysis)


def report_lines(result: "ReportResult") -> list[str]:
    """What ``graphkit report`` prints: where the report is, the top five brokers and the
    changes since the compared report."""
    lines = [f"Report written to {result.html}"]
    top = result.brokers.head(5)
    if not top.empty:
        lines.append("Top brokers: " + "; ".join(f"{r.rank}. {r.name}" for r in top.itertuples()))
    if result.changes is not None:
        counts = result.changes["change"].value_counts()
        lines.append("Changes: " + (", ".join(f"{n} {c}" for c, n in counts.items()) or "none"))
    return lines
