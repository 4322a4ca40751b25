"""A link chart displayed inline in a real Jupyter kernel, then that output opened in Chromium."""
from __future__ import annotations

import html
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]

# The kernel runs in the checkout's root, so the test helpers import by their package name.
CELL = """
from graphkit.views import link_chart
from tests.helpers.view_graphs import approach_graph, HOSTILE
link_chart(approach_graph(), title=HOSTILE[1], brokers={"bridge"})
"""


@pytest.fixture(scope="module")
def notebook_output(tmp_path_factory) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(CELL))
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO)}}).execute()
    outputs = nb.cells[0].outputs
    assert [o["output_type"] for o in outputs] == ["execute_result"], outputs
    return outputs[0]["data"]["text/html"]


def test_chart_displays_as_a_sandboxed_iframe(notebook_output: str):
    assert notebook_output.startswith('<iframe srcdoc="')
    assert 'sandbox="allow-scripts"' in notebook_output  # no same-origin: the notebook is out of reach
    srcdoc = notebook_output.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert "<" not in srcdoc and "</script><script>window.__pwned" not in notebook_output
    assert html.unescape(srcdoc).startswith("<!DOCTYPE html>")


@pytest.mark.browser
def test_inline_output_renders_offline(notebook_output: str, browser, tmp_path: Path):
    host = tmp_path / "notebook-output.html"
    host.write_text(f"<!DOCTYPE html><meta charset=utf-8><body>{notebook_output}</body>", encoding="utf-8")
    page = browser.new_page()
    blocked: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:")) else blocked.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(host.as_uri())
    frame = page.frames[1]
    frame.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    assert frame.evaluate("graphkitChart.visibleNodeIds().length") == 7
    assert frame.text_content("#gk-heading") == "</script><script>window.__pwned=1</script>"
    assert frame.evaluate("window.__pwned") is None and page.evaluate("window.__pwned") is None
    assert blocked == [] and errors == []
    page.close()
