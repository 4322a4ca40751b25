"""The report's pages: the HTML report (Jinja2, autoescaped) and the link charts beside it.

The report page runs no script and loads nothing: its styles are inline and pinned by hash in
a Content-Security-Policy that forbids every request (``default-src 'none'``); its charts are
inline SVG drawn by :mod:`graphkit.reports.charts`. Every value from records reaches the page
through template autoescaping (or :func:`markupsafe.escape` in the charts), so a name such as
``<script>`` is shown as text. Case link charts are written to ``cases/<safe name>.html``
(names from :func:`graphkit.safe_output.safe_path`, which cannot leave the directory) and
linked relatively.

>>> csp = page_csp("body {}")
>>> csp.startswith("default-src 'none'") and "script-src 'none'" in csp
True
"""
from __future__ import annotations

import base64
import hashlib
import os
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Hashable, Mapping, Sequence

import jinja2
import networkx as nx
import pandas as pd
from markupsafe import Markup

from graphkit import __version__, schema
from graphkit.language import message, page_message
from graphkit.analysis.paths import TransferPath
from graphkit.projection import ActorArrays
from graphkit.reports import charts, collect
from graphkit.reports.tables import node_name
from graphkit.safe_output import safe_path
from graphkit.safe_text import displayed

EVIDENCE_SHOWN = 6
"""Evidence locations listed per hop in the HTML (all of them are in paths.csv)."""
CASE_CHART_BROKERS = 3
"""Top brokers starred in each link chart (in a case chart, by the case's flow: :func:`case_stars`)."""
OVERVIEW_MAX_NODES = 2_000
"""The whole-graph link chart (``overview.html``) is drawn only up to this many nodes."""


SCREENING_SHOWN = 50
"""Screening rows shown on the page (all of them are in screening.csv)."""


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graphkit.reports", "templates"),
        autoescape=True,
        finalize=displayed,  # control and bidi characters from records shown as \uXXXX
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report's pages (autoescaped, strict, controls shown)."""
    return _environment()


@lru_cache(maxsize=None)
def _stylesheet(name: str) -> str:
    text = resources.files("graphkit.reports").joinpath("templates", name).read_text("utf-8")
    if "</style" in text.lower():  # pragma: no cover - a changed asset, not a user error
        raise RuntimeError(f"{name} contains </style")
    return text


def _css() -> str:
    return _stylesheet("report.css")


def brief_css() -> str:
    """The brief's styles: the report's, plus its print layout."""
    return _stylesheet("report.css") + _stylesheet("brief.css")


def page_csp(css: str) -> str:
    """The report's Content-Security-Policy: no script, no request, only its own styles."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    return ("default-src 'none'; script-src 'none'; "
            f"style-src 'sha256-{digest}'; img-src data:; font-src 'none'; connect-src 'none'; "
            "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def _broker_view(table: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for item in table.to_dict("records"):
        rows.append({"rank": int(item["rank"]), "name": str(item.get("name", "")),
                     # a country the records never gave is blank, not NaN's "nan"
                     "kind": item.get("kind"), "country": item.get("country") if isinstance(item.get("country"), str) else None,
                     "foreign": item.get("foreign") if item.get("foreign") in (True, False) else None,
                     "score": float(item.get("betweenness") or 0.0),
                     "degree": item.get("degree"), "reason": item.get("reason"),
                     "cases": [str(c) for c in item.get("cases") or []]})
    return rows


def _relation_shown(relation: str, lang: str) -> str:
    """A relation as the report names it: the schema's name in English (as in paths.csv),
    its word in other languages."""
    return relation if lang == "en" else schema.relation_word(relation, lang)


def _path_view(arrays: ActorArrays, paths: Mapping[Hashable, list[TransferPath]],
               notes: Mapping[Hashable, str], lang: str = "en") -> list[dict[str, Any]]:
    out = []
    for tech, found in paths.items():
        items = []
        for path in found:
            hops = [{"source_name": h.source_name, "target_name": h.target_name,
                     "relation": _relation_shown(h.relation, lang) + (message("report.reversed", lang) if h.reversed else ""),
                     "p": h.p, "date": h.date,
                     "shown": [{**e, "name": _file_name(e["file"])} for e in h.evidence[:EVIDENCE_SHOWN]],
                     "more": max(0, len(h.evidence) - EVIDENCE_SHOWN)} for h in path.hops]
            items.append({"rank": path.rank, "probability": path.probability,
                          "names": list(path.names), "hops": hops})
        out.append({"name": node_name(arrays, tech), "paths": items,
                    "note": notes.get(tech)})
    return out


def _file_name(path: str) -> str:
    """The file's own name (the full path stays in the CSV, the manifest and a tooltip)."""
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


def render_report(*, title: str, arrays: ActorArrays, approaches: Sequence[tuple[str | None, str | None]],
                  contact_records: int, manifest: Mapping[str, Any],
                  brokers: pd.DataFrame, case_brokers: Mapping[str, pd.DataFrame],
                  case_summaries: Mapping[str, Mapping[str, Any]],
                  paths: Mapping[Hashable, list[TransferPath]], path_notes: Mapping[Hashable, str],
                  changes: pd.DataFrame | None, previous: Mapping[str, Any] | None,
                  charts: Mapping[str, str], chart_notes: Mapping[str, str],
                  table_files: list[str],
                  case_scores: Mapping[str, Mapping[Hashable, float]] | None = None,
                  marking: str = "", lang: str = "en", screening: pd.DataFrame | None = None) -> str:
    """The HTML report as one string in ``lang`` (``ja`` or ``en``) of the selection's
    projection ``arrays``, its approach events' ``approaches`` (date, channel) and the number
    of records behind its CONTACTED edges (``contact_records``,
    :func:`graphkit.reports.collect.approach_dates`); ``case_summaries`` are
    each case's :func:`case_summary` (with the actors its chart stars); ``case_scores`` (each
    case's flow of approaches) is kept for callers that pass it; ``marking`` (e.g. 取扱注意)
    tops and ends the page; ``screening`` (the screening table, None when no list is loaded)
    gives the Screening section."""
    css = _css()
    params = manifest["parameters"]

    def m(key: str, **values: Any) -> Markup:
        return page_message(f"report.{key}", lang, **values)

    scope = ", ".join(message(f"report.scope_{k}", lang, value=params[k]) for k in ("case", "since", "until")
                      if params[k]) or message("report.scope_all", lang)
    summary = {
        "actors": sum(1 for kind in arrays.kinds if kind != schema.TECHNOLOGY_KIND),
        "foreign": len(collect.foreign_actor_ids(arrays)),
        "technologies": len(collect.technology_ids(arrays)),
        "edges": arrays.edge_count,
        "approaches": len(approaches),
        "other_contacts": contact_records - len(approaches),
        "cases": len(case_summaries),
    }
    top = [(str(r["name"]), float(r["betweenness"] or 0.0)) for r in brokers.head(15).to_dict("records")]
    mix = collect.contact_mix(arrays)
    def side_word(side: str) -> str:
        return message(f"common.{side}", lang)  # plain text: escaped where the page shows it

    mix_items = [(f"{side_word(r['from'])} → {side_word(r['to'])}", r["contacts"]) for r in mix.to_dict("records")]
    cases = []
    for case_id, case_summary_ in case_summaries.items():
        cases.append({"id": case_id, "actors": case_summary_["actors"], "edges": case_summary_["edges"],
                      "approaches": case_summary_["approaches"],
                      "brokers": _broker_view(case_brokers.get(case_id, pd.DataFrame())),
                      "chart": charts.get(case_id), "chart_note": chart_notes.get(case_id),
                      "stars": case_summary_["stars"]})
    change_rows = None if changes is None else changes.to_dict("records")
    return _environment().get_template("report.html.j2").render(
        title=title, marking=marking, lang=lang, csp=page_csp(css), css=Markup(css),  # our own asset, checked in _css()
        m=m, side_word=side_word,
        change_word=lambda change: m(f"change_word.{str(change).replace(' ', '_')}"),
        kind_word=lambda kind: (kind or "") if lang == "en" else schema.kind_word(kind, lang),
        version=__version__,
        scope=scope, summary=summary, snapshot=manifest["input"]["snapshot"],
        seed=params["seed"], table_files=table_files + ["manifest.json"],
        overview=charts.get("__overview__"),
        broker_measure=message("report.measure", lang), brokers=_broker_view(brokers),
        broker_chart=charts_module_bar(top, lang),
        changes=change_rows,
        previous_snapshot=(previous or {}).get("input", {}).get("snapshot"),
        previous_created=(previous or {}).get("created"),
        k_paths=params["k_paths"], time_respecting=params["time_respecting"],
        paths=_path_view(arrays, paths, path_notes, lang),
        month_chart=charts_module_months(collect.approaches_by_month(approaches, lang), lang),
        mix_chart=charts.get("__none__") or _mix_chart(mix_items, lang),
        mix=mix.to_dict("records"), cases=cases,
        screening=None if screening is None else screening.head(SCREENING_SHOWN).to_dict("records"),
        screening_total=0 if screening is None else len(screening),
        screening_direct=0 if screening is None else int((screening["distance"] == 0).sum()),
    )


def charts_module_bar(items: list[tuple[str, float]], lang: str = "en") -> Any:
    return charts.bar_chart(items, title=message("report.chart_brokers", lang),
                            empty=message("common.no_data", lang))


def charts_module_months(frame: pd.DataFrame, lang: str = "en") -> Any:
    return charts.stacked_columns(frame, x="month", series="channel", value="approaches",
                                  title=message("report.chart_months", lang),
                                  categories=charts.month_range(list(frame["month"])),
                                  other=message("common.other", lang), empty=message("common.no_data", lang))


def _mix_chart(items: list[tuple[str, int]], lang: str = "en") -> Any:
    return charts.bar_chart(items, title=message("report.chart_mix", lang), empty=message("common.no_data", lang))


def case_summary(sub: nx.MultiDiGraph | ActorArrays, table: pd.DataFrame | None,
                 flow: Mapping[Hashable, float] | None, approaches: int | None = None) -> dict[str, Any]:
    """What the page shows of one case without its graph: actors, edges, approaches and the
    names of the actors its chart stars (:func:`case_stars`), so a report keeps this and
    lets the case's graph go. ``sub`` is the case's graph, or its arrays
    (:func:`graphkit.reports.collect.case_arrays`) with the case's ``approaches`` counted apart
    (:func:`graphkit.reports.collect.approach_rows`); with a graph, its
    :func:`~graphkit.reports.collect.approach_records` are counted.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="Person", name="A"); G.add_node("t", kind="Technology", name="T")
    >>> _ = G.add_edge("a", "t", key="CONTACTED", relation="CONTACTED", evidence=[])
    >>> case_summary(G, None, {"a": 1.0})
    {'actors': 1, 'edges': 1, 'approaches': 0, 'stars': ['A']}
    >>> from graphkit.projection import arrays_of
    >>> case_summary(arrays_of(G), None, {"a": 1.0}, approaches=0)
    {'actors': 1, 'edges': 1, 'approaches': 0, 'stars': ['A']}
    """
    stars = case_stars(flow or {}, table)
    if isinstance(sub, ActorArrays):
        index = sub.index()
        return {"actors": sum(1 for kind in sub.kinds if kind != schema.TECHNOLOGY_KIND), "edges": sub.edge_count,
                "approaches": approaches or 0, "stars": [sub.names[index[n]] for n in stars if n in index]}
    return {"actors": sum(1 for _, d in sub.nodes(data=True) if d.get("kind") != schema.TECHNOLOGY_KIND),
            "edges": sub.number_of_edges(),
            "approaches": len(collect.approach_records(sub)) if approaches is None else approaches,
            "stars": [str(sub.nodes[n].get("name", n)) for n in stars if n in sub]}


class CaseCharts:
    """The link charts of a report's cases, each drawn as its case passes (the report reads each
    case once and holds one at a time): ``cases/<case>.html`` for every case, or for the
    ``max_case_charts`` largest (:func:`chart_order` of the cases' edge counts, which the store
    gives before any case is read: ``Store.case_edge_counts``).

    :meth:`draw` is given each case's graph with its flow scores and broker table; a chosen
    case's chart is written under ``directory`` at once (a hidden name) and gets its file name
    in :meth:`finish`, in case order as before (two names that differ only in case get a
    digest), which returns ``(charts, notes)``: each chart's relative path by case id and, for
    cases left without a chart, why.
    """

    def __init__(self, directory: Path, case_ids: Sequence[str], edges: Mapping[str, int] | None,
                 max_case_charts: int | None, paths: Mapping[Hashable, list[TransferPath]], *,
                 seed: int = 0, marking: str = "", lang: str = "en") -> None:
        self.directory, self.case_ids = directory, list(case_ids)
        self.max_case_charts, self.seed, self.marking, self.lang = max_case_charts, seed, marking, lang
        if max_case_charts is None:
            self.chosen = set(self.case_ids)
        else:
            sizes = edges or {}
            order = sorted(self.case_ids, key=lambda c: chart_order(c, {"edges": sizes.get(c, 0)}))
            self.chosen = set(order[:max_case_charts])
        self.all_paths = [p for found in paths.values() for p in found]
        self.drawn: dict[str, Path] = {}
        self.notes: dict[str, str] = {}
        self._hidden = directory / ".case-charts"
        try:
            from graphkit.views import linkchart  # noqa: F401
            self.available = True
        except ImportError:  # pragma: no cover - views is part of graphkit
            self.available = False

    def draw(self, case_id: str, sub: nx.MultiDiGraph, flow: Mapping[Hashable, float] | None,
             table: pd.DataFrame | None) -> None:
        """Write the chart of ``case_id`` if it is chosen (``sub``: its graph; ``flow``, ``table``:
        :func:`graphkit.reports.ranking.rank_case` of it)."""
        if case_id not in self.chosen or not self.available:
            return
        from graphkit.views.linkchart import ViewTooLarge, link_chart

        inside = [p for p in self.all_paths if all(n in sub for n in p.nodes)]
        top = case_stars(flow or {}, table)
        try:
            chart = link_chart(sub, scores=flow, brokers=top, paths=inside,
                               title=message("chart.report_case", self.lang, case=case_id), seed=self.seed,
                               marking=self.marking, lang=self.lang)
        except ViewTooLarge as err:
            self.notes[case_id] = message("report.no_chart", self.lang, reason=err)
            return
        self._hidden.mkdir(exist_ok=True)
        self.drawn[case_id] = chart.save(self._hidden / f"{len(self.drawn)}.html")

    def finish(self) -> tuple[dict[str, str], dict[str, str]]:
        """Name the charts drawn (in case order), and say why each other case has none."""
        if not self.available:
            return {}, {c: "link charts are not available in this installation" for c in self.case_ids}
        out: dict[str, str] = {}
        notes: dict[str, str] = {}
        cases_dir = self.directory / "cases"
        used: set[str] = set()
        for case_id in sorted(self.case_ids):
            if case_id not in self.chosen:
                notes[case_id] = message("report.no_chart_largest", self.lang, n=self.max_case_charts)
                continue
            if case_id not in self.drawn:
                notes[case_id] = self.notes[case_id]
                continue
            target = safe_path(cases_dir.resolve() if cases_dir.exists() else _mkdir(cases_dir), case_id, ".html")
            if target.name.casefold() in used:  # "K1" and "k1" would share a file on macOS / Windows
                digest = hashlib.sha1(case_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
                target = target.with_name(f"{target.stem}-{digest}.html")
            used.add(target.name.casefold())
            os.replace(self.drawn[case_id], target)
            out[case_id] = f"cases/{target.name}"
        if self._hidden.exists():
            self._hidden.rmdir()
        return out, notes


def write_overview(directory: Path, node_count: int, whole_graph: Callable[[], nx.MultiDiGraph],
                   paths: Mapping[Hashable, list[TransferPath]], ranked: pd.DataFrame, seed: int,
                   marking: str = "", lang: str = "en") -> dict[str, str]:
    """Write ``overview.html``, the link chart of ``whole_graph()`` (read then, small), when the
    selection has at most :data:`OVERVIEW_MAX_NODES` nodes (``node_count``); return
    ``{"__overview__": "overview.html"}`` then, else nothing."""
    if node_count > OVERVIEW_MAX_NODES:
        return {}
    try:
        from graphkit.views.linkchart import link_chart
    except ImportError:  # pragma: no cover - views is part of graphkit
        return {}
    top = list(ranked["node_id"].head(CASE_CHART_BROKERS))
    best = [found[0] for found in paths.values() if found]
    scores = dict(zip(ranked["node_id"], ranked["betweenness"]))
    link_chart(whole_graph(), scores=scores, brokers=top, paths=best, title=message("chart.report_all", lang),
               seed=seed, marking=marking, lang=lang).save(directory / "overview.html")
    return {"__overview__": "overview.html"}


def chart_order(case_id: str, summary: Mapping[str, Any]) -> tuple[int, str]:
    """The order cases are chosen for link charts in: the largest (by edges) first, then by id.

    >>> sorted(["K2", "K1", "K3"], key=lambda c: chart_order(c, {"K1": {"edges": 5}, "K2": {"edges": 5},
    ...                                                          "K3": {"edges": 9}}[c]))
    ['K3', 'K1', 'K2']
    """
    return -summary["edges"], case_id


def case_stars(flow: Mapping[Hashable, float], table: pd.DataFrame | None,
               count: int = CASE_CHART_BROKERS) -> list[Hashable]:
    """The actors a case chart stars: the ``count`` strongest by the case's own flow of
    approaches (:func:`graphkit.reports.ranking.case_flow_scores`; ties by the case table's
    order), those with a flow only; the case table's top when nothing passes through anyone.

    >>> case_stars({"a": 0.0, "b": 0.5, "c": 0.2}, None, count=2)
    ['b', 'c']
    """
    order = {node: i for i, node in enumerate(table["node_id"])} if table is not None else {}
    flowing = sorted((n for n, score in flow.items() if score > 0),
                     key=lambda n: (-flow[n], order.get(n, len(order)), str(n)))
    if flowing:
        return flowing[:count]
    return list(table["node_id"].head(count)) if table is not None else []


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()
