"""The timeline an investigator asks for: a case, or the actors around a seed, over time.

:func:`timeline` is ``graphkit timeline``: it reads the approach events and the actor graph
of the chosen case (or of everything), keeps the lanes of the actors within ``depth`` links
of a seed when one is given, and writes the page (:mod:`graphkit.views.timeline`).

>>> import tempfile, pathlib
>>> from graphkit.store.workspace import Workspace
>>> from graphkit.workflows.demo import demo_files
>>> from graphkit.ingest import load_files
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> with Workspace(tmp / "ws") as ws:
...     _ = load_files(demo_files(), ws)
...     page = timeline(ws, tmp / "t.html", case="C-2023-02", lang="en")
>>> page.lane_count > 5, page.title
(True, 'Timeline of case C-2023-02')
"""
from __future__ import annotations

from pathlib import Path

from graphkit.errors import NotFound
from graphkit.language import message, page_language
from graphkit.projection import actor_graph, approach_events
from graphkit.store.base import Store
from graphkit.views.timeline import Timeline, timeline as draw


def timeline(store: Store, output: Path | str, *, case: str | None = None, seed: str | None = None,
             depth: int = 1, since: str | None = None, until: str | None = None, lanes: str = "actor",
             lang: str | None = None, title: str | None = None, marking: str = "") -> Timeline:
    """Write the timeline of ``store`` to ``output`` and return it.

    ``case``: only this case's evidence; ``seed`` (a name, alias, id or selector) and
    ``depth``: only the lanes of the actors within ``depth`` links of it; ``since``/``until``:
    the date window; ``lanes``: ``actor`` or ``case``; ``lang``: ``ja`` or ``en`` (default
    :func:`graphkit.language.page_language`). NotFound when nothing falls in the selection.
    """
    language = page_language(lang)
    G = actor_graph(store, case=case, since=since, until=until)
    events = approach_events(store, case=case, since=since, until=until)
    actors = None
    if seed is not None:
        from graphkit.analysis.communities import ego_network

        actors = set(ego_network(G, seed, depth=depth))
        events = [ev for ev in events if actors & {ev.approacher, ev.target, ev.via}]
    if not events and G.number_of_edges() == 0:
        raise NotFound("nothing to draw: no approach or relation in the selected case and dates")
    if title is None:
        title = (message("timeline.title_seed", language, seed=seed) if seed is not None
                 else message("timeline.title_case", language, case=case) if case is not None else None)
    page = draw(events, G, lanes=lanes, actors=actors, lang=language, title=title, marking=marking)
    page.save(output)
    return page
