"""Issue 12.9: control and bidi characters from records never reach a terminal, a file name,
a CSV or an XML file raw; the store keeps the raw value as evidence."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.safe_output import safe_filename, write_csv
from graphkit.store.workspace import Workspace

TITLE_ATTACK = "Li\x1b]0;pwned\x07Wei"  # an OSC sequence: retitles an xterm
BIDI_NAME = "Sato\u202eexe.txt\u202c"
C1_NAME = "Kim\x9b31mRed"  # C1 CSI
RAW = ("\x1b", "\x07", "\u202e", "\u202c", "\x9b", "\x00")


def _no_raw_controls(text: str) -> None:
    for char in RAW:
        assert char not in text, f"raw {char!r} in output"


@pytest.fixture
def hostile_workspace(tmp_path: Path) -> Path:
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "contact_id,case_id,date,from_name,from_country,to_name,to_country,technology\n"
        f"X1,K-\u202eexe.txt\u202c,2024-01-02,{TITLE_ATTACK},CN,{BIDI_NAME},JP,lidar\n"
        f"X2,K-\u202eexe.txt\u202c,2024-01-03,{BIDI_NAME},JP,{C1_NAME},KR,lidar\n",
        encoding="utf-8",
    )
    workspace = tmp_path / "ws"
    done = CliRunner().invoke(main, ["load", str(contacts), "-w", str(workspace)])
    assert done.exit_code == 0, done.output
    return workspace


def test_the_store_keeps_the_raw_value(hostile_workspace):
    with Workspace(hostile_workspace, create=False) as ws:
        names = {n.name for n in ws.iter_nodes(["Person"])}
    assert {TITLE_ATTACK, BIDI_NAME, C1_NAME} <= names


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_explain_and_brokers_print_no_raw_control(hostile_workspace, fmt):
    runner = CliRunner()
    explained = runner.invoke(main, ["explain", TITLE_ATTACK, "-w", str(hostile_workspace), "--format", fmt])
    assert explained.exit_code == 0, explained.output
    _no_raw_controls(explained.output)
    assert "\\u001b]0;pwned\\u0007" in explained.output
    brokers = runner.invoke(main, ["brokers", "-w", str(hostile_workspace), "--format", fmt])
    assert brokers.exit_code == 0, brokers.output
    _no_raw_controls(brokers.output)
    assert "Sato\\u202eexe.txt\\u202c" in brokers.output or fmt == "table" and "Sato" in brokers.output


def test_json_output_still_decodes_to_the_raw_value(hostile_workspace):
    import json

    done = CliRunner().invoke(main, ["export", "nodes", "-w", str(hostile_workspace), "--format", "json"])
    assert done.exit_code == 0, done.output
    _no_raw_controls(done.output)
    assert {TITLE_ATTACK, BIDI_NAME, C1_NAME} <= {row["name"] for row in json.loads(done.output)}


def test_error_messages_are_cleaned(hostile_workspace):
    done = CliRunner().invoke(main, ["explain", "Nobody\x1b]0;x\x07", "-w", str(hostile_workspace)])
    assert done.exit_code == 1
    _no_raw_controls(done.output)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_are_well_formed_xml(hostile_workspace, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    done = CliRunner().invoke(main, ["export", "nodes", "-w", str(hostile_workspace), "--format", fmt, "-o", str(out)])
    assert done.exit_code == 0, done.output
    root = ET.parse(out).getroot()  # raises ParseError on a control character
    text = ET.tostring(root, encoding="unicode")
    _no_raw_controls(text)
    assert "Li\\u001b]0;pwned\\u0007Wei" in text


def test_csv_with_a_nul_stays_utf8_and_readable(tmp_path):
    path = write_csv(pd.DataFrame({"name": ["A\x00B", BIDI_NAME, "line1\nline2"]}), tmp_path / "x.csv")
    data = path.read_bytes()
    assert b"\x00" not in data and "\u202e".encode() not in data
    assert data.startswith(b"\xef\xbb\xbf")  # user CSVs carry the UTF-8 BOM Excel needs
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name"], ["A\\u0000B"], ["Sato\\u202eexe.txt\\u202c"], ["line1\nline2"]]


def test_file_names_drop_bidi_and_controls():
    name = safe_filename("K-\u202eexe.txt\u202c")
    assert "\u202e" not in name and "\u202c" not in name and name.startswith("K-_exe.txt")
    assert safe_filename("a\x9bb") != "a\x9bb"
    assert safe_filename("K-2024-01") == "K-2024-01"


def test_report_pages_csvs_and_case_chart_names(hostile_workspace, tmp_path):
    out = tmp_path / "report"
    done = CliRunner().invoke(main, ["report", "-o", str(out), "-w", str(hostile_workspace), "--no-progress"])
    assert done.exit_code == 0, done.output
    for path in out.rglob("*"):
        _no_raw_controls(path.name)
        if path.suffix in (".html", ".csv", ".json"):
            _no_raw_controls(path.read_text(encoding="utf-8-sig"))
    assert any("Sato\\u202eexe.txt\\u202c" in p.read_text("utf-8-sig") for p in out.glob("*.csv"))
