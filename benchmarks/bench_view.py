"""Link chart benchmark: how soon a big chart is usable, against plain pyvis in the same run.

For a synthetic actor graph (scale-free, ~2 edges per node, kinds, countries, dated evidence)
it measures, for graphkit's ``link_chart(G).save()`` and for plain pyvis 0.3.2
(``Network(directed=True).from_nx(G)`` on names, kinds and counts, then ``write_html`` with
``cdn_resources="in_line"``, its
most self-contained mode, run in a scratch directory because it writes a ``lib/`` folder):

* Python time to build and write the page;
* browser time from navigation until the chart is usable (graphkit: the page's ready flag,
  set when drawn with the Python layout, or when physics has stabilised and stopped; pyvis:
  vis-network's ``physics.stabilized``), in Debian's headless Chromium with the network blocked;
* outbound requests the page tried (all blocked);
* for graphkit, the time a search and a time-window change take once the chart is up.

Usage: PYTHONPATH=. python benchmarks/bench_view.py [--nodes 5000] [--baseline-timeout 120]
Prints one table; the ratio column is pyvis / graphkit (higher is better for graphkit).
"""
from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import networkx as nx

REPO = Path(__file__).resolve().parent.parent

from graphkit.views import link_chart  # noqa: E402
from tests.helpers.view_graphs import random_actor_graph  # noqa: E402  (the graph the browser tests use)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def open_timed(browser, path: Path, ready_js: str, timeout_s: float) -> tuple[float | None, int, object]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    blocked: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else blocked.append(r.url))
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
    try:
        if ready_js.startswith("body"):  # a selector: graphkit's CSP forbids evaluated strings
            page.wait_for_selector(ready_js, state="attached", timeout=timeout_s * 1000)
        else:
            page.wait_for_function(ready_js, timeout=timeout_s * 1000, polling=50)
        took: float | None = time.perf_counter() - start
    except PlaywrightTimeout:  # a timeout is a result here
        took = None
    return took, len(blocked), (context, page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--baseline-timeout", type=float, default=120.0)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    G = random_actor_graph(args.nodes)
    scratch = Path(tempfile.mkdtemp(prefix="bench_view_"))

    t = time.perf_counter()
    ours = link_chart(G, title="benchmark").save(scratch / "graphkit.html")
    ours_py = time.perf_counter() - t

    from pyvis.network import Network

    cwd = os.getcwd()
    os.chdir(scratch)  # pyvis writes lib/ into the working directory
    try:
        t = time.perf_counter()
        net = Network(directed=True, cdn_resources="in_line", height="850px")
        plain = nx.DiGraph()  # pyvis cannot serialise evidence objects: names, kinds and counts
        plain.add_nodes_from((n, {"label": d["name"], "group": d["kind"]}) for n, d in G.nodes(data=True))
        plain.add_edges_from((u, v, {"weight": d["contacts"]}) for u, v, d in G.edges(data=True))
        net.from_nx(plain)
        net.write_html("pyvis.html")
        theirs_py = time.perf_counter() - t
    finally:
        os.chdir(cwd)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        ours_s, ours_req, (ctx, page) = open_timed(
            browser, ours, "body[data-ready='1']", 120)
        search_ms = page.evaluate("""() => { const t = performance.now();
            graphkitChart.search('アクター 42'); return performance.now() - t; }""")
        focus_ms = page.evaluate("""() => { const t = performance.now();
            graphkitChart.search(''); return performance.now() - t; }""")
        window_ms = page.evaluate("""() => { const s = document.getElementById('gk-since');
            const t = performance.now(); s.value = '2023-01-01';
            s.dispatchEvent(new Event('change')); return performance.now() - t; }""")
        shown = page.evaluate("[graphkitChart.visibleNodeIds().length, graphkitChart.visibleEdgeIds().length]")
        ctx.close()
        theirs_s, theirs_req, (ctx, _) = open_timed(
            browser, scratch / "pyvis.html",
            "window.network && window.network.physics && window.network.physics.stabilized === true",
            args.baseline_timeout)
        ctx.close()
        browser.close()

    def fmt(v: float | None) -> str:
        return f">{args.baseline_timeout:.0f}" if v is None else f"{v:.2f}"

    ratio = (f"{(theirs_s or args.baseline_timeout) / ours_s:.1f}x" + ("+" if theirs_s is None else "")
             if ours_s else "n/a")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    print(f"{'measure':42} {'graphkit':>10} {'pyvis':>10} {'ratio':>8}")
    print(f"{'python build + write (s)':42} {ours_py:10.2f} {theirs_py:10.2f} {theirs_py / ours_py:7.1f}x")
    print(f"{'browser: navigation to usable chart (s)':42} {fmt(ours_s):>10} {fmt(theirs_s):>10} {ratio:>8}")
    print(f"{'outbound requests attempted':42} {ours_req:10d} {theirs_req:10d}")
    print(f"{'file size (MB)':42} {ours.stat().st_size / 1e6:10.2f} {(scratch / 'pyvis.html').stat().st_size / 1e6:10.2f}")
    print(f"{'lib/ folder written':42} {'no':>10} {'yes' if (scratch / 'lib').exists() else 'no':>10}")
    print(f"graphkit search 'アクター 42': {search_ms:.0f} ms, clearing it {focus_ms:.0f} ms; "
          f"time window from 2023-01-01: {window_ms:.0f} ms "
          f"({shown[0]} nodes, {shown[1]} links left)")


if __name__ == "__main__":
    main()
