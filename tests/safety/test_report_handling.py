"""Issue 12.13: reports are the owner's only by default (or follow the umask when asked) and
carry a handling marking on every page and sheet; the CSVs stay plain tables."""
from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from graphkit.cli import main

MARK = "取扱注意 & need-to-know"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    contacts = tmp_path / "c.csv"
    contacts.write_text("contact_id,case_id,date,from_name,from_country,to_name,to_country,technology\n"
                        "C1,K1,2024-01-02,Li Wei,CN,Sato Ken,JP,lidar\n"
                        "C2,K1,2024-01-03,Sato Ken,JP,Mori Aya,JP,lidar\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["load", str(contacts), "-w", str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    return tmp_path / "ws"


def _modes(directory: Path) -> set[int]:
    return {stat.S_IMODE(p.stat().st_mode) for p in [directory, *directory.rglob("*")]}


def test_a_report_is_private_by_default_and_marked_everywhere(workspace, tmp_path):
    out = tmp_path / "report"
    done = CliRunner().invoke(main, ["report", "-o", str(out), "-w", str(workspace), "--no-progress",
                                     "--marking", MARK])
    assert done.exit_code == 0, done.output
    assert _modes(out) <= {0o700, 0o600} and 0o600 in _modes(out)
    pages = [out / "report.html", *out.glob("cases/*.html"), *out.glob("overview.html")]
    assert len(pages) >= 2
    for page in pages:
        text = page.read_text("utf-8")
        assert text.count('class="gk-marking"') == 2 and "取扱注意 &amp; need-to-know" in text, page
    book = load_workbook(out / "report.xlsx")
    for sheet in book.worksheets:
        assert sheet.oddHeader.center.text == "取扱注意 && need-to-know"
        assert sheet.oddFooter.center.text == "取扱注意 && need-to-know"
    assert (out / "MARKING.txt").read_text("utf-8").strip() == MARK
    assert json.loads((out / "manifest.json").read_text("utf-8"))["marking"] == MARK
    header = next(csv.reader((out / "brokers.csv").open(encoding="utf-8-sig")))
    assert header[0] == "rank"  # the CSV is still a plain table


def test_umask_mode_and_the_marking_from_the_environment(workspace, tmp_path):
    import os

    out = tmp_path / "report"
    old = os.umask(0o022)
    try:
        done = CliRunner().invoke(main, ["report", "-o", str(out), "-w", str(workspace), "--no-progress",
                                         "--file-mode", "umask"], env={"GRAPHKIT_MARKING": "SECRET"})
    finally:
        os.umask(old)
    assert done.exit_code == 0, done.output
    assert _modes(out) <= {0o755, 0o644} and 0o644 in _modes(out)
    assert "SECRET" in (out / "report.html").read_text("utf-8")


def test_view_pages_carry_the_marking(workspace, tmp_path):
    page = tmp_path / "chart.html"
    done = CliRunner().invoke(main, ["view", "-o", str(page), "-w", str(workspace), "--marking", MARK])
    assert done.exit_code == 0, done.output
    assert page.read_text("utf-8").count('class="gk-marking"') == 2
