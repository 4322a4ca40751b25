"""Fixtures for the link chart tests: hand-made graphs and a real headless Chromium.

Chromium is Debian's package at /usr/bin/chromium (``apt-get install -y chromium``; the test
set-up installs it in CI). It is driven through Playwright's Python package with that
executable: ``playwright install`` is never needed. Every page is opened with the network
blocked: any request that is not for the file itself is aborted and recorded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def test_output() -> Path:
    """test-output/views under the checkout (git-ignored): screenshots land here."""
    path = REPO / "test-output" / "views"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class OpenedChart:
    page: Any
    blocked: list[str] = field(default_factory=list)  # every request the page started
    routed: list[str] = field(default_factory=list)  # those that got as far as the network
    console: list[tuple[str, str]] = field(default_factory=list)

    def errors(self) -> list[tuple[str, str]]:
        return [(kind, text) for kind, text in self.console if kind in ("error", "pageerror")]

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def node_point(self, key: str) -> tuple[float, float]:
        """Where the node with graph key ``key`` is drawn, in page pixels."""
        return tuple(self.page.evaluate(
            """(key) => { const c = window.graphkitChart, n = c.network, id = c.idOfKey(key);
                const d = n.canvasToDOM(n.getPositions([id])[id]);
                const r = document.getElementById('gk-network').getBoundingClientRect();
                return [r.left + d.x, r.top + d.y]; }""", key))

    def visible(self) -> tuple[int, int]:
        """Nodes and links vis-network draws now (its own visible indices), checked against
        what the page's filter state says."""
        drawn = tuple(self.page.evaluate("graphkitChart.drawnCounts()"))
        state = tuple(self.page.evaluate(
            "[graphkitChart.visibleNodeIds().length, graphkitChart.visibleEdgeIds().length]"))
        assert drawn == state, (drawn, state)
        return drawn


@pytest.fixture
def open_chart(browser: Any) -> Iterator[Any]:
    """Open a saved chart file with the network blocked; wait until the page says it is ready."""
    contexts = []

    def opener(path: Path, timeout_ms: int = 60_000) -> OpenedChart:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = OpenedChart(page)
        page.on("console", lambda m: opened.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: opened.console.append(("pageerror", str(e))))
        page.on("request", lambda r: None if r.url.startswith(("file://", "data:")) else opened.blocked.append(r.url))

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith("file://"):
                request_route.continue_()
            else:  # the request listener recorded it too
                opened.routed.append(url)
                request_route.abort()

        context.route("**/*", route)
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout_ms)
        return opened

    yield opener
    for context in contexts:
        context.close()
