"""Interactive link charts: one self-contained, offline, injection-safe HTML file.

:func:`link_chart` turns an actor graph into a :class:`LinkChart`; ``.save(path)`` writes the
page, and in Jupyter the object displays itself inline. The page bundles vis-network (the copy
pyvis ships) and graphkit's own script and styles inline: it makes no request of any kind, and
its Content-Security-Policy forbids it to. Record text travels as JSON in a
``<script type="application/json">`` block and reaches the screen through ``textContent`` and
the canvas only, so a name such as ``<img src=x onerror=...>`` is shown, never run.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", kind="Person", name="Li Wei", country="CN", foreign=True)
>>> G.add_node("b", kind="Company", name="東都精機", country="JP", foreign=False)
>>> _ = G.add_edge("a", "b", key="CONTACTED", relation="CONTACTED", contacts=1)
>>> chart = link_chart(G, title="Case 1")
>>> page = chart.html()
>>> page.startswith("<!DOCTYPE html>") and "<script src" not in page and "<link" not in page
True
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Hashable, Iterable, Iterator, Mapping, Sequence

import jinja2
import networkx as nx

from graphkit import __version__
from graphkit.language import messages, page_message
from graphkit.safe_output import atomic_writer
from graphkit.safe_text import displayed, for_display, has_unsafe_text
from graphkit.views.chartdata import MAX_NODES, ViewTooLarge, chart_data
from graphkit.views.layout import LAYOUT_THRESHOLD

__all__ = ["LinkChart", "link_chart", "ViewTooLarge", "script_json", "page_json", "script_hash"]

VIS_VERSION = "9.1.2"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_TRANSLATION = str.maketrans(_JSON_ESCAPES)


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``
    or line separators survive literally, so no record text can close the block.

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return _script_escaped(_json_text(value))


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, default=str, separators=(",", ":"))


def _script_escaped(text: str) -> str:
    return text.translate(_JSON_TRANSLATION) if any(ch in text for ch in _JSON_ESCAPES) else text


def page_json(value: Any) -> str:
    """Page data as a view embeds it: record text as shown (controls visible), then
    :func:`script_json` (safe inside a ``<script type="application/json">`` block).

    The data's JSON is written first: when it holds no backslash (so no string had a
    character below U+0020, a quote or a backslash) and nothing :func:`for_display` escapes,
    every string is already as shown and that text is the page's. Otherwise each string is
    shown first (:func:`_shown`, a walk over every value, which took most of a large chart's
    writing time when it ran always) and the data written again.

    >>> print(page_json({"name": "K-\u202eexe", "org": "A & B"}))
    {"name":"K-\\\\u202eexe","org":"A \\u0026 B"}
    """
    text = _json_text(value)
    if "\\" in text or has_unsafe_text(text, keep_newlines=True):
        text = _json_text(_shown(value))
    return _script_escaped(text)


PAGE_JSON_BATCH = 2000
"""Items of a long list encoded at a time by :func:`page_json_parts`."""


def page_json_parts(value: Any, batch: int = PAGE_JSON_BATCH) -> Iterator[str]:
    """:func:`page_json` of ``value`` in pieces whose concatenation is the same text: dicts key
    by key and long lists ``batch`` items at a time, each piece encoded (and, where it needs
    it, shown) on its own, so a large chart's page is written without its whole JSON text, a
    shown copy of its data and the encoded bytes all held at once.

    The same text because the JSON of a piece is the JSON of its values (same separators), and
    a piece without a backslash or an unsafe character is already as shown: showing the whole
    value or only the pieces that need it gives the same strings.

    >>> data = {"nodes": [{"name": f"n{i}<"} for i in range(5)], "note": "K-\u202eexe"}
    >>> "".join(page_json_parts(data, batch=2)) == page_json(data)
    True
    """
    if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ("," if i else "") + page_json(key) + ":"
            yield from page_json_parts(item, batch)
        yield "}"
    elif isinstance(value, list) and len(value) > batch:
        yield "["
        for start in range(0, len(value), batch):
            yield ("," if start else "") + page_json(value[start:start + batch])[1:-1]
        yield "]"
    else:
        yield page_json(value)


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script or style (``'sha256-...'``)."""
    return _sha256(text)


def _shown(value: Any) -> Any:
    """Record text as the chart shows it: control and bidi characters as visible ``\\uXXXX``
    (escaped once more in the JSON, so the page draws the escape, not the character)."""
    if isinstance(value, str):
        return for_display(value, keep_newlines=True)
    if isinstance(value, dict):
        return {_shown(k): _shown(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shown(v) for v in value]
    return value


@dataclass
class LinkChart:
    """A rendered link chart: the page data and its title.

    ``save(path)`` writes the page; ``html()`` returns it; in Jupyter the chart displays inline
    (a sandboxed iframe holding the same page).
    """

    data: dict[str, Any]
    title: str = "graphkit link chart"
    height: str = "720px"
    marking: str = ""
    """A handling marking (e.g. 取扱注意) shown at the top and bottom of the page."""
    lang: str = "en"
    """The language of the page's words (``ja`` or ``en``); the data's legend, kind, relation,
    channel and outcome words are in it too (:func:`link_chart`)."""

    @property
    def node_count(self) -> int:
        return len(self.data["nodes"])

    @property
    def edge_count(self) -> int:
        return len(self.data["edges"])

    def html(self) -> str:
        """The whole page as one string."""
        return _render(self.data, self.title, self.marking, self.lang)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` as UTF-8, atomically (a reader never sees half a file).

        Nothing else is written: no ``lib/`` folder, no side files. Returns the path.
        """
        # the page around a placeholder, then the data streamed into its place: the same bytes
        # as html(), without the whole page, its data's JSON and their encoding held at once
        # (the largest case chart of a 1M report is ~100 MB of page)
        marker = f"gk-data-{os.urandom(8).hex()}"
        head, tail = _render(self.data, self.title, self.marking, self.lang, data_json=marker).split(marker)
        with atomic_writer(Path(path), "w", encoding="utf-8", newline="") as handle:
            handle.write(head)
            for part in page_json_parts({**self.data, "words": messages("chart", self.lang)}):
                handle.write(part)
            handle.write(tail)
        return Path(path)

    def _repr_html_(self) -> str:
        page = html.escape(self.html(), quote=True)
        return (f'<iframe srcdoc="{page}" sandbox="allow-scripts" title="{html.escape(self.title)}" '
                f'style="width:100%;height:{html.escape(self.height)};border:1px solid #ddd"></iframe>')


def link_chart(
    G: nx.Graph,
    *,
    scores: Mapping[Hashable, float] | None = None,
    paths: Iterable[Sequence[Hashable] | Any] | None = None,
    brokers: Iterable[Hashable] | None = None,
    title: str = "graphkit link chart",
    layout_threshold: int = LAYOUT_THRESHOLD,
    max_nodes: int = MAX_NODES,
    seed: int = 7,
    marking: str = "",
    lang: str = "en",
    listed: Mapping[Hashable, Sequence[str]] | None = None,
    near_listed: Mapping[Hashable, Sequence[str]] | None = None,
) -> LinkChart:
    """A link chart of an actor graph.

    Parameters
    ----------
    G : the actor graph (``graphkit.projection.actor_graph``) or any graph following its contract
    scores : broker score per node (e.g. betweenness); node size grows with it
    paths : likely transfer paths to highlight: node lists, or objects with ``.nodes``
        (``graphkit.analysis.paths.TransferPath``)
    brokers : nodes to mark as brokers (gold halo and ★)
    title : the page title and heading (shown as text)
    layout_threshold : above this many nodes the layout is computed in Python, physics off
    marking : a handling marking (e.g. 取扱注意) shown at the top and bottom of the page
    max_nodes : above this many nodes :class:`ViewTooLarge` (an ``AnalysisError``) is raised
    seed : layout seed: the same graph always gets the same picture
    lang : the page's language, ``ja`` or ``en`` (its words: graphkit/messages.toml)
    listed, near_listed : node -> lists it is on / near (``graphkit screen``): ⚠ / △ badges

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("x", kind="Intermediary", name="Bridge Consulting", country="SG", foreign=True)
    >>> link_chart(G, brokers={"x"}).data["nodes"][0]["label"]
    '★ Bridge Consulting [SG]'
    """
    data = chart_data(G, scores=scores, paths=paths, brokers=brokers,
                      layout_threshold=layout_threshold, max_nodes=max_nodes, seed=seed, lang=lang,
                      listed=listed, near_listed=near_listed)
    return LinkChart(data=data, title=str(title), marking=str(marking), lang=lang)


# --- rendering ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graphkit.views", "templates"),
        autoescape=True,
        finalize=displayed,  # control and bidi characters from records shown as \uXXXX  # every {{ }} is escaped unless marked |safe (only our own assets are)
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """vis-network (shipped inside the pyvis package) and the page's own script and styles."""
    vis = resources.files("pyvis").joinpath("lib", f"vis-{VIS_VERSION}")
    own = resources.files("graphkit.views").joinpath("templates")
    assets = {
        "vis_js": vis.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
        "vis_css": vis.joinpath("vis-network.css").read_text(encoding="utf-8"),
        "page_js": own.joinpath("linkchart.js").read_text(encoding="utf-8"),
        "page_css": own.joinpath("linkchart.css").read_text(encoding="utf-8"),
    }
    for name, text in assets.items():
        closing = "</script" if name.endswith("_js") else "</style"
        for bad in (closing, "<!--"):  # either would end or confuse the inline block
            if bad in text.lower():  # pragma: no cover - a changed asset, not a user error
                raise RuntimeError(f"asset {name} contains {bad}; it cannot be inlined")
    return assets


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _csp(assets: Mapping[str, str]) -> str:
    """No fetch, image, font, frame or form may leave the page; only our two scripts run."""
    scripts = " ".join(_sha256(assets[k]) for k in ("vis_js", "page_js"))
    return ("default-src 'none'; "
            f"script-src {scripts}; "
            f"style-src {_sha256(assets['vis_css'])} {_sha256(assets['page_css'])}; "
            "img-src data:; font-src 'none'; connect-src 'none'; media-src 'none'; "
            "object-src 'none'; frame-src 'none'; worker-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def _render(data: Mapping[str, Any], title: str, marking: str = "", lang: str = "en",
            data_json: str | None = None) -> str:
    assets = _assets()
    return _environment().get_template("linkchart.html.j2").render(
        title=title,
        marking=marking,
        lang=lang,
        m=lambda key, **values: page_message(f"chart.{key}", lang, **values),
        csp=_csp(assets),
        version=__version__,
        vis_version=VIS_VERSION,
        # record text as shown: controls visible (``data_json``: a placeholder to stream it into)
        data_json=page_json({**data, "words": messages("chart", lang)}) if data_json is None else data_json,
        **assets,
    )
