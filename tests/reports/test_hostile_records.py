"""Hostile record text in a report: formulas in CSV/XLSX, markup in HTML, paths in case ids.

Names and case ids below are loaded through the real contacts loader into a real workspace.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from graphkit.model import Batch, Edge, Evidence, Node, edge_id
from graphkit.reports import build_report

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "=1+1", "+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)"]
# The loader folds full-width text (＝ -> =), so full-width names are written to the store
# directly, as another loader or a Neo4j user might leave them.
# So are names starting with a tab or a carriage return (the loader trims them).
FULL_WIDTH = ["＝SUM(1)", "＠SUM(2)", "＋3", "\tTAB", "\rCR"]
SCRIPT = "<script>window.pwned=1</script>"
IMG = "<img src=x onerror=\"window.pwned=2\">"
HOSTILE_CASES = ["../../etc/passwd", "CON", "a/b", "x" * 300, "事件・第１号", "..", "aux.txt"]


def hostile_rows() -> list[dict[str, str]]:
    rows = []
    for i, name in enumerate(FORMULAS + [SCRIPT, IMG]):
        rows.append({"case_id": HOSTILE_CASES[i % len(HOSTILE_CASES)], "date": f"2024-0{1 + i % 9}-10",
                     "from_name": name, "from_country": "CN", "to_name": "Broker " + str(i % 2),
                     "to_kind": "intermediary", "to_country": "HK", "channel": "=cmd" if i == 0 else "email"})
        rows.append({"case_id": HOSTILE_CASES[i % len(HOSTILE_CASES)], "date": f"2024-0{1 + i % 9}-11",
                     "from_name": "Broker " + str(i % 2), "from_kind": "intermediary", "from_country": "HK",
                     "to_name": f"研究者 {i}", "to_country": "JP", "technology": "=tech" if i == 1 else "lasers"})
        # a second approach to the researcher, so "研究者 HOLDS the technology" rests on a row of
        # its own and the paths through the hostile names stay in the report (issue 11.4)
        rows.append({**rows[-1], "date": f"2024-0{1 + i % 9}-12"})
    return rows


@pytest.fixture
def hostile_report(make_workspace, tmp_path):
    ws = make_workspace(hostile_rows())
    (broker,) = [n.id for n in ws.iter_nodes(["Intermediary"]) if n.name == "Broker 0"]
    nodes, edges = [], []
    for i, name in enumerate(FULL_WIDTH):
        node = Node(id=f"person-fullwidth-{i}", kind="Person", name=name, properties={"country": "CN", "foreign": True},
                    evidence={f"direct:{i}"})
        nodes.append(node)
        edges.append(Edge(edge_id(node.id, "CONTACTED", broker), node.id, broker, "CONTACTED",
                          evidence=[Evidence(f"direct:{i}", "direct.csv", i + 2, case_id="CON", date="2024-02-01")]))
    ws.write(Batch(nodes=nodes, edges=edges))
    return build_report(ws, tmp_path / "out", seed=0)


def test_csv_cells_are_neutralised(hostile_report):
    out = hostile_report.out_dir
    text = "\n".join((out / n).read_bytes().decode("utf-8-sig") for n in
                     ("brokers.csv", "brokers_by_case.csv", "paths.csv", "approaches_by_month.csv"))
    for name in FORMULAS + FULL_WIDTH:
        # every formula-like name appears, and only with the leading apostrophe
        assert "'" + name in text or ("'" + name.replace('"', '""')) in text, name
    for name in ("brokers.csv", "paths.csv", "brokers_by_case.csv", "approaches_by_month.csv"):
        frame = pd.read_csv(out / name, encoding="utf-8-sig", keep_default_na=False, dtype=str)
        for column in frame.columns:
            for cell in frame[column]:
                assert not cell or not cell.lstrip("\ufeff").startswith(("=", "+", "@", "＝", "＋", "＠", "\t", "\r")), (name, cell)
                if cell.startswith("-") and not _is_number(cell):
                    raise AssertionError((name, cell))
    brokers = pd.read_csv(out / "brokers.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert {"'＝SUM(1)", "'＠SUM(2)", "'＋3"} <= set(brokers["name"])  # caught after width folding


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_xlsx_has_no_formulas(hostile_report):
    from openpyxl import load_workbook

    path = hostile_report.out_dir / "report.xlsx"
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(member).decode("utf-8") and "<f " not in archive.read(member).decode("utf-8")
    book = load_workbook(path)
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "＝", "+", "@", "＠", "＋")):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    seen.add(cell.value.lstrip("'"))
    assert {"=1+1", "@SUM(A1:A9)", "=tech", "＝SUM(1)", "＠SUM(2)"} <= seen


def test_html_shows_markup_as_text(hostile_report):
    page = (hostile_report.out_dir / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    from html import unescape

    assert "default-src 'none'" in unescape(page) and "script-src 'none'" in unescape(page)


def test_case_files_stay_inside_the_report(hostile_report, tmp_path):
    out = hostile_report.out_dir.resolve()
    files = [p for p in out.rglob("*") if p.is_file()]
    assert all(out in p.resolve().parents for p in files)
    charts = sorted((out / "cases").iterdir())
    assert len(charts) == len(HOSTILE_CASES)  # one chart per case, none lost or merged
    for chart in charts:
        assert chart.parent == out / "cases"
        assert len(chart.name.encode("utf-8")) <= 255
        assert not chart.name.startswith(".")
        assert chart.name.split(".")[0].upper() not in ("CON", "AUX", "NUL", "PRN")
    assert not (tmp_path / "etc").exists() and not (out / "etc").exists()
    # every case link in the HTML points at its existing chart
    page = (out / "report.html").read_text(encoding="utf-8")
    import re

    links = set(re.findall(r'href="(cases/[^"]+)"', page))
    assert len(links) == len(HOSTILE_CASES)
    for link in links:
        from html import unescape

        assert (out / unescape(link)).is_file()
    assert "事件・第1号" in page  # Japanese case ids are shown (the loader folds １ to 1)


def test_manifest_keeps_hostile_names_as_data(hostile_report):
    manifest = json.loads((hostile_report.out_dir / "manifest.json").read_text(encoding="utf-8"))
    names = {b["name"] for b in manifest["brokers"]["overall"]}
    assert SCRIPT in names or any(SCRIPT in p["names"] for p in manifest["paths"])
    import unicodedata

    assert set(manifest["brokers"]["cases"]) == {unicodedata.normalize("NFKC", c) for c in HOSTILE_CASES}


def test_report_page_in_headless_chromium(hostile_report, browser):
    """The page opens offline, runs nothing (no script element, no pwned flag), requests
    nothing, and shows the hostile names as text."""
    context = browser.new_context()
    page = context.new_page()
    requests, console = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.goto((hostile_report.out_dir / "report.html").resolve().as_uri())
    assert page.evaluate("document.querySelectorAll('script, img, iframe, object').length") == 0
    assert page.evaluate("window.pwned") is None
    csp = page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert csp.startswith("default-src 'none'; script-src 'none';")
    text = page.inner_text("body")
    assert SCRIPT in text and IMG in text
    assert page.evaluate("document.querySelectorAll('svg').length") == 3
    assert [u for u in requests if not u.startswith("file://")] == []
    assert [c for c in console if c[0] == "error"] == []  # e.g. no CSP violation by our own styles
    # the stylesheet applied (the CSP hash matches): table headers get the grey background
    assert page.evaluate("getComputedStyle(document.querySelector('section th')).backgroundColor") == "rgb(242, 242, 242)"
    context.close()


def test_case_ids_differing_in_case_get_different_files(make_workspace, tmp_path):
    rows = [{"case_id": case, "date": "2024-01-05", "from_name": "Li Wei", "from_country": "CN",
             "to_name": "山田 太郎", "to_country": "JP"} for case in ("K1", "k1")]
    rows[1]["to_name"] = "佐藤 花子"
    result = build_report(make_workspace(rows), tmp_path / "out")
    names = sorted(p.name for p in (result.out_dir / "cases").iterdir())
    assert len(names) == 2 and len({n.casefold() for n in names}) == 2  # safe on macOS / Windows
