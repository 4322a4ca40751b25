"""The demo's last step: its report and a link chart of the story's broker and main path.

``graphkit demo`` loads the fictional demo case set (graphkit/demo/STORY.md) and then calls
:func:`demo_outputs`, which writes ``OUT/report/`` (the full report) and ``OUT/linkchart.html``
(the whole demo graph with the top broker starred and the main transfer path highlighted).

The main path is the story's: the most likely time-respecting path from
:data:`STORY_SOURCE` to :data:`STORY_TECHNOLOGY` that passes through the report's top broker
(Leon Varga), the approach of case C-2023-02.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from graphkit import schema
from graphkit.analysis.paths import TransferPath, likely_paths
from graphkit.projection import actor_graph
from graphkit.reports.build import ReportResult, build_report
from graphkit.store.base import Store

STORY_SOURCE = "Zhenhai Frontier Technologies Co., Ltd."
STORY_TECHNOLOGY = "quantum sensing"


@dataclass
class DemoOutputs:
    """What the demo wrote: the report, the link chart, and the path it highlights."""

    report: ReportResult
    chart: Path | None
    main_path: TransferPath | None


def story_path(report: ReportResult, G: nx.MultiDiGraph, k: int = 10) -> TransferPath | None:
    """The most likely time-respecting path from the story's source to its technology that
    runs through the report's top broker, in ``G`` (the demo's actor graph; None when the data
    is not the demo's)."""
    source = [n for n, d in G.nodes(data=True) if d.get("name") == STORY_SOURCE]
    target = [n for n, d in G.nodes(data=True)
              if d.get("kind") == schema.TECHNOLOGY_KIND and d.get("name") == STORY_TECHNOLOGY]
    if not source or not target or report.brokers.empty:
        return None
    broker = report.brokers.loc[0, "node_id"]
    found = likely_paths(G, source, target, k=k, time_respecting=True)
    through = [p for p in found if broker in p.nodes]
    return through[0] if through else (found[0] if found else None)


def demo_outputs(store: Store, out_dir: Path | str, *, seed: int = 0,
                 progress: bool = False) -> DemoOutputs:
    """Write ``out_dir/report/`` and ``out_dir/linkchart.html`` for the loaded demo data."""
    out_dir = Path(out_dir)
    report = build_report(store, out_dir / "report", seed=seed, title="graphkit demo report",
                          progress=progress)
    G = actor_graph(store)  # the demo is small: its whole graph, for the story's path and the chart
    path = story_path(report, G)
    try:
        from graphkit.views.linkchart import link_chart
    except ImportError:  # pragma: no cover - views is part of graphkit
        return DemoOutputs(report, None, path)
    scores = dict(zip(report.brokers["node_id"], report.brokers["betweenness"]))
    chart = link_chart(G, scores=scores, brokers=list(report.brokers["node_id"].head(1)),
                       paths=[path] if path else None,
                       title="graphkit demo: the top broker and the main transfer path (fictional data)",
                       seed=seed).save(out_dir / "linkchart.html")
    return DemoOutputs(report, chart, path)
