"""Case timelines: one lane per actor (or per case), each approach and relation at its date.

:func:`timeline` turns approach events and an actor graph into a :class:`Timeline`;
``.save(path)`` writes one self-contained, offline page. An item is drawn over the whole
period its date stands for (:class:`graphkit.normalize.dates.PartialDate`): a date known to
the month is a month-long bar, never a day. Each item lists the records behind it (file, row,
record id), and the page filters items by channel and outcome.

The page is built like the link chart (:mod:`graphkit.views.linkchart`): its own script and
styles inline and pinned by hash in a Content-Security-Policy that forbids every request;
record text travels as JSON in a ``<script type="application/json">`` block and reaches the
screen through ``textContent`` only. Its words (headings, buttons, legends) are messages in
``ja`` or ``en`` (:mod:`graphkit.language`).

>>> import networkx as nx
>>> from graphkit.projection import ApproachEvent
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", kind="Person", name="Li Wei", foreign=True)
>>> G.add_node("b", kind="Person", name="山田 太郎", foreign=False)
>>> ev = ApproachEvent("x", "r1", "c.csv", 2, "CT-1", "K1", "2024-05", "email", "no response", "a", "b")
>>> page = timeline([ev], G, lang="en")
>>> [(i["lane"], i["start"], i["end"]) for i in page.data["items"]]
[(0, '2024-05-01', '2024-05-31'), (1, '2024-05-01', '2024-05-31')]
>>> "<script src" in page.html()
False
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Hashable, Iterable, Mapping

import jinja2
import networkx as nx

from graphkit import __version__, schema
from graphkit.language import message, messages, page_message
from graphkit.normalize.dates import PartialDate
from graphkit.projection import ApproachEvent
from graphkit.safe_output import atomic_write_bytes
from graphkit.safe_text import displayed
from graphkit.views.linkchart import page_json, script_hash

__all__ = ["Timeline", "timeline", "MAX_ITEMS"]

MAX_ITEMS = 20_000
"""Items past this many are left out of the page (the count left out is shown)."""
LANES = ("actor", "case")
"""What a lane is: an actor (each item on the lane of every party) or a case."""
APPROACH_ROLES = ("made", "targeted", "via")
"""An approach's item on each party's lane: who made it, whom it targeted, who passed it on."""


@dataclass
class Timeline:
    """A rendered timeline: the page data, its title and language."""

    data: dict[str, Any]
    title: str
    lang: str = "en"
    marking: str = ""

    @property
    def item_count(self) -> int:
        return len(self.data["items"])

    @property
    def lane_count(self) -> int:
        return len(self.data["lanes"])

    def html(self) -> str:
        """The whole page as one string."""
        assets = _assets()
        return _environment().get_template("timeline.html.j2").render(
            title=self.title, lang=self.lang, marking=self.marking, version=__version__,
            csp=_csp(assets), m=lambda key, **v: page_message(f"timeline.{key}", self.lang, **v),
            data_json=page_json(self.data), **assets)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` (UTF-8, atomically; nothing else is written)."""
        return atomic_write_bytes(Path(path), self.html().encode("utf-8"))


def _span(date: str | None) -> tuple[str, str, str] | None:
    """(first day, last day, precision) of a date at its precision, or None when undated."""
    if not date:
        return None
    try:
        found = PartialDate.from_iso(date)
    except ValueError:
        return None
    return found.start().isoformat(), found.end().isoformat(), found.precision


def timeline(events: Iterable[ApproachEvent], G: nx.MultiDiGraph, *, lanes: str = "actor",
             actors: Iterable[Hashable] | None = None, approach_records: Iterable[str] = (),
             lang: str = "en", title: str | None = None, marking: str = "",
             max_items: int = MAX_ITEMS) -> Timeline:
    """A timeline of approach events and of the dated relations of ``G`` (an actor graph).

    Parameters
    ----------
    events : approach events (:func:`graphkit.projection.approach_events`)
    G : the actor graph the relations come from (its nodes name the parties)
    lanes : ``"actor"`` (one lane per actor, an approach on each party's lane) or ``"case"``
    actors : only these actors' lanes (e.g. an ego network); all by default
    approach_records : record ids of the approach events, so a relation ``G`` holds because of
        an approach (its CONTACTED, SOUGHT and HOLDS edges) is not drawn twice
    lang : ``ja`` or ``en``
    """
    if lanes not in LANES:
        raise ValueError(f"lanes must be one of {', '.join(LANES)}")
    keep = None if actors is None else set(actors)
    events = list(events)
    skip = set(approach_records) | {ev.record_id for ev in events}
    lane_index: dict[str, int] = {}
    lane_rows: list[dict[str, Any]] = []

    def lane(key: str) -> int:
        if key not in lane_index:
            lane_index[key] = len(lane_rows)
            if lanes == "case":
                lane_rows.append({"key": key, "label": key, "kind": message("timeline.case_lane", lang),
                                  "foreign": None})
            else:
                data = G.nodes[key] if key in G else {}
                lane_rows.append({"key": key, "label": str(data.get("name", key)),
                                  "kind": schema.kind_word(data.get("kind"), lang),
                                  "foreign": data.get("foreign")})
        return lane_index[key]

    def name(node: str | None) -> str | None:
        return None if node is None else str(G.nodes[node].get("name", node)) if node in G else node

    items: list[dict[str, Any]] = []
    undated = 0
    for ev in events:
        span = _span(ev.date)
        if span is None:
            undated += 1
            continue
        parties = [(role, node) for role, node in zip(APPROACH_ROLES, (ev.approacher, ev.target, ev.via)) if node]
        if lanes == "case":
            homes = [("case", ev.case_id)] if ev.case_id else []
        else:
            homes = [(role, node) for role, node in parties if keep is None or node in keep]
        record = {"file": ev.file, "row": ev.row, "record_id": ev.record_id, "contact_id": ev.contact_id,
                  "case": ev.case_id}
        channel = schema.term_code("channel", ev.channel) or ev.channel or ""
        outcome = schema.term_code("outcome", ev.outcome) or ev.outcome or ""
        for role, home in homes:
            items.append({"lane": lane(str(home)), "type": "approach", "role": role,
                          "start": span[0], "end": span[1], "date": ev.date, "precision": span[2],
                          "from": name(ev.approacher), "to": name(ev.target), "via": name(ev.via),
                          "technologies": [name(t) for t in ev.technologies],
                          "channel": channel, "outcome": outcome, "records": [record]})
    for u, v, relation, data in G.edges(keys=True, data=True):
        for ev in data.get("evidence") or []:
            if ev.record_id in skip:
                continue
            span = _span(ev.date)
            if span is None:
                undated += 1
                continue
            record = {"file": ev.file, "row": ev.row, "record_id": ev.record_id, "contact_id": ev.source_id,
                      "case": ev.case_id}
            if lanes == "case":
                relation_homes = [ev.case_id] if ev.case_id else []
            else:
                relation_homes = [n for n in (u, v)
                                  if schema.is_actor(G.nodes[n].get("kind")) and (keep is None or n in keep)]
            for home in dict.fromkeys(relation_homes):
                items.append({"lane": lane(str(home)), "type": "relation", "role": relation,
                              "relation": schema.relation_word(relation, lang),
                              "start": span[0], "end": span[1], "date": ev.date, "precision": span[2],
                              "from": name(u), "to": name(v), "via": None, "technologies": [],
                              "channel": "", "outcome": "", "records": [record]})
    items.sort(key=lambda i: (i["lane"], i["start"], i["end"], i["records"][0]["record_id"]))
    left_out = max(0, len(items) - max_items)
    items = items[:max_items]
    for k, item in enumerate(items):
        item["id"] = k
    order = sorted(range(len(lane_rows)), key=lambda i: (lane_rows[i]["label"].casefold(), lane_rows[i]["key"]))
    position = {old: new for new, old in enumerate(order)}
    for item in items:
        item["lane"] = position[item["lane"]]
    lane_list = [{**lane_rows[old], "id": new} for new, old in enumerate(order)]
    channels = sorted({i["channel"] for i in items if i["type"] == "approach"})
    outcomes = sorted({i["outcome"] for i in items if i["type"] == "approach"})
    meta = {
        "lanes": lanes, "lang": lang, "undated": undated, "left_out": left_out,
        "date_min": min((i["start"] for i in items), default=None),
        "date_max": max((i["end"] for i in items), default=None),
        "channels": [{"code": c, "word": _word("channel", c, lang)} for c in channels],
        "outcomes": [{"code": c, "word": _word("outcome", c, lang)} for c in outcomes],
        "stages": {c: _stage(c) for c in outcomes},
    }
    heading = title if title is not None else message("timeline.title", lang)
    return Timeline(data={"lanes": lane_list, "items": items, "meta": meta, "words": {**messages("common", lang), **messages("timeline", lang)}},
                    title=str(heading), lang=lang, marking=str(marking))


def _word(vocabulary: str, code: str, lang: str) -> str:
    if not code:
        return message("common.none", lang)
    return schema.term_word(vocabulary, code, lang) or code


def _stage(code: str) -> int:
    term = schema.vocabulary("outcome").get(code)
    return term.stage or 0 if term is not None else 0


# --- rendering ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graphkit.views", "templates"),
        autoescape=True,
        finalize=displayed,  # control and bidi characters shown as \uXXXX
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    own = resources.files("graphkit.views").joinpath("templates")
    assets = {"page_js": own.joinpath("timeline.js").read_text(encoding="utf-8"),
              "page_css": own.joinpath("timeline.css").read_text(encoding="utf-8")}
    for key, text in assets.items():
        for bad in ("</script" if key.endswith("_js") else "</style", "<!--"):
            if bad in text.lower():  # pragma: no cover - a changed asset, not a user error
                raise RuntimeError(f"asset {key} contains {bad}; it cannot be inlined")
    return assets


def _csp(assets: Mapping[str, str]) -> str:
    """The link chart's policy: no request of any kind; only the page's own script and styles."""
    return ("default-src 'none'; "
            f"script-src {script_hash(assets['page_js'])}; "
            f"style-src {script_hash(assets['page_css'])}; "
            "img-src data:; font-src 'none'; connect-src 'none'; media-src 'none'; "
            "object-src 'none'; frame-src 'none'; worker-src 'none'; "
            "base-uri 'none'; form-action 'none'")
