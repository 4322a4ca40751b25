"""The outreach brief as a call: :func:`brief` reads a store and writes the brief page.

The brief tells firms and universities how approaches happen, never who
(:mod:`graphkit.reports.brief` says what it holds and why it cannot name anyone). This module
reads what the brief needs from the store: the approach events in the chosen cases and dates,
the kind and side of each party, the technology names, the front companies (domestic
companies owned or controlled by a foreign actor), and every name, alias and id the page must
not contain.

>>> import tempfile, pathlib
>>> from graphkit.store.workspace import Workspace
>>> from graphkit.workflows.demo import demo_files
>>> from graphkit.ingest import load_files
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> with Workspace(tmp / "ws") as ws:
...     _ = load_files(demo_files(), ws)
...     result = brief(ws, tmp / "brief.html", lang="en")
>>> result.content.approaches, "Leon Varga" in result.path.read_text(encoding="utf-8")
(344, False)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from graphkit import schema
from graphkit.errors import NotFound
from graphkit.language import message, page_language
from graphkit.projection import ApproachEvent, approach_events, evidence_window
from graphkit.reports.brief import THRESHOLD, BriefContent, brief_content, render_brief
from graphkit.safe_output import atomic_write_bytes
from graphkit.store.base import Store


@dataclass
class BriefResult:
    """What :func:`brief` wrote: the page's path, its language and its counts."""

    path: Path
    lang: str
    content: BriefContent


def brief_events(store: Store, cases: Iterable[str] = (), since: str | None = None,
                 until: str | None = None) -> list[ApproachEvent]:
    """The approach events of the chosen cases (all when none) inside the date window."""
    chosen = list(dict.fromkeys(cases))
    if not chosen:
        return approach_events(store, since=since, until=until)
    return [ev for case in chosen for ev in approach_events(store, case=case, since=since, until=until)]


def withheld_words(store: Store) -> set[str]:
    """Every name and alias of an actor, every case id and contact id: what no brief may show
    (also what its leak test searches for)."""
    words = {spelling for _, _, spelling in store.iter_names(schema.ACTOR_KINDS)}
    for node in store.iter_nodes([schema.CASE_KIND, schema.APPROACH_KIND]):
        for key in ("case_id", "contact_id"):
            if node.properties.get(key):
                words.add(str(node.properties[key]))
    return words


def front_companies(store: Store) -> set[str]:
    """Domestic companies (of the organisation kind) that a foreign actor owns or controls."""
    owned = {(edge.source, edge.target) for edge in store.iter_edges(["OWNS"])}
    ends = store.get_nodes({n for pair in owned for n in pair})
    return {target for source, target in owned
            if source in ends and target in ends
            and ends[source].properties.get("foreign") is True
            and ends[target].properties.get("foreign") is False
            and ends[target].kind == schema.ORGANISATION_KIND}


def brief(store: Store, output: Path | str, *, cases: Iterable[str] = (), since: str | None = None,
          until: str | None = None, lang: str | None = None, threshold: int = THRESHOLD,
          marking: str = "") -> BriefResult:
    """Write the outreach brief of ``store`` to ``output`` (one HTML page, atomically).

    ``cases``: only these case ids (all when empty); ``since``/``until``: the date window;
    ``lang``: ``ja`` or ``en`` (default :func:`graphkit.language.page_language`);
    ``threshold``: counts below it are withheld; ``marking``: a handling marking on the page.
    NotFound when no approach falls inside the selection.
    """
    language = page_language(lang)
    evidence_window(since, until)  # a reversed window is a BadValue before any work
    events = brief_events(store, cases, since, until)
    if not events:
        raise NotFound("no approach in the selected cases and dates: nothing to brief")
    parties = {n for ev in events for n in (ev.approacher, ev.target, ev.via) if n}
    technologies = {t for ev in events for t in ev.technologies}
    nodes = store.get_nodes(parties | technologies)
    actors = {n: (node.kind, node.properties.get("foreign")) for n, node in nodes.items() if n in parties}
    names = {n: node.name for n, node in nodes.items() if n in technologies}
    content = brief_content(events, actors, names, front_companies(store), threshold=threshold,
                            withheld=withheld_words(store))
    page = render_brief(content, lang=language, scope=_scope(list(cases), since, until, language),
                        marking=marking)
    path = atomic_write_bytes(Path(output), page.encode("utf-8"))
    return BriefResult(path, language, content)


def _scope(cases: list[str], since: str | None, until: str | None, lang: str) -> str:
    # the case ids are not shown (the brief names no case), only how many were chosen
    parts = [message("brief.scope_cases", lang, n=len(set(cases)))] if cases else []
    if since:
        parts.append(message("brief.scope_since", lang, date=_month(since)))
    if until:
        parts.append(message("brief.scope_until", lang, date=_month(until)))
    return ", ".join(parts) if parts else message("brief.scope_all", lang)


def _month(date: str) -> str:
    """A window bound as the brief shows it: no finer than the month."""
    return str(date)[:7]
