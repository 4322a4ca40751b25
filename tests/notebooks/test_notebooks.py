"""Execute every notebook in notebooks/ end to end with a real Jupyter kernel (nbclient,
kernel ``python3`` from ipykernel) and check a few of its outputs.

The notebooks are stored with outputs cleared; the executed copies are written to
test-output/notebooks/ (git-ignored) for inspection. The CAVIAR notebook needs the shared
datasets (../shared/datasets beside the checkout or a parent, or $GRAPHKIT_SHARED).
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
CELL_TIMEOUT = 600
IOPUB_TIMEOUT = 120


def execute(name: str) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in nb.cells:  # stored with outputs cleared (small diffs, no stale results)
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{name}: outputs not cleared"
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env_path) if p)
    try:
        # nbclient waits only iopub_timeout (4 s by default) for a cell's output after the cell
        # finished and then drops the rest silently: under load a print went missing once (CI,
        # test_quickstart). Wait longer, and fail loudly rather than check a partial notebook.
        client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT,
                                iopub_timeout=IOPUB_TIMEOUT, raise_on_iopub_timeout=True,
                                resources={"metadata": {"path": str(NOTEBOOKS)}})
        client.execute()  # raises CellExecutionError on the first failing cell
    finally:
        os.environ["PYTHONPATH"] = env_path
    out = REPO / "test-output" / "notebooks"
    out.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out / name)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", (name, cell.source[:80])
    return nb


def text_of(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            parts.append(data.get("text/plain", ""))
            parts.append(data.get("text/html", ""))
    return "\n".join(parts)


def test_notebooks_are_the_three_documented():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == ["case_study.ipynb", "caviar.ipynb",
                                                                 "quickstart.ipynb", "screening.ipynb"]


def test_quickstart():
    nb = execute("quickstart.ipynb")
    text = text_of(nb)
    assert "Leon Varga" in text  # STORY.md: the top broker
    import re

    story = (REPO / "graphkit" / "demo" / "STORY.md").read_text(encoding="utf-8")
    nodes = re.search(r"^(\d+) nodes:", story, re.M).group(1)  # STORY.md: "71 nodes: 50 Person, ..."
    assert f"{nodes} nodes," in text
    assert "report.html" in text and "manifest.json" in text
    assert "<iframe srcdoc=" in text  # the link chart displayed inline


def test_case_study():
    nb = execute("case_study.ipynb")
    text = text_of(nb)
    # STORY.md: every introduction of an outsider to the lab and its staff runs through Leon Varga,
    # and the main path is Zhenhai -> Sakura -> Leon Varga -> 佐藤 美咲 -> quantum sensing
    assert "Zhenhai Frontier Technologies Co., Ltd. → Sakura Advanced Materials K.K. → Leon Varga → 佐藤 美咲 → quantum sensing" in text
    assert "contacts.csv:109" in text  # the lab tour arranged by Varga (STORY.md)
    assert "<iframe srcdoc=" in text


def test_caviar():
    nb = execute("caviar.ipynb")
    text = text_of(nb)
    assert "3611 intercepted communications" in text  # SOURCE.md: 3,611 over the 11 phases
    # Morselli (2009): N1 and N12 the coordinators; both lead the whole-investigation ranking
    first_table = next(o["data"]["text/plain"] for c in nb.cells if c.cell_type == "code"
                       and "report.brokers" in c.source for o in c.outputs if "data" in o)
    lines = first_table.splitlines()
    assert [line.split()[2] for line in lines[1:6]] == ["N1", "N12", "N3", "N76", "N87"]
    # who ranks first per phase, as the notebook's text states
    firsts = next(o["data"]["text/plain"] for c in nb.cells if c.cell_type == "code"
                  and c.source.startswith("top = ") for o in c.outputs if "data" in o)
    leaders = {line.split()[0]: line.split()[1] for line in firsts.splitlines()[1:]}
    assert leaders["phase-09"] == "N3" and leaders["phase-11"] == "N41"
    assert sum(1 for v in leaders.values() if v == "N1") == 9
    assert "<iframe srcdoc=" in text


def test_screening():
    nb = execute("screening.ipynb")
    text = text_of(nb)
    assert "中航重机股份有限公司" in text and "AVIC Heavy Machinery Company Limited" in text
    assert "—owned by" in text  # the 1260H parent link in a chain
    assert "9 hits before, 5 after the decision" in text  # the katakana intermediary and its 3 near hits dismissed
