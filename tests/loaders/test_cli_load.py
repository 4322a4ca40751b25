"""`graphkit load` through click's CliRunner: output, exit codes, no tracebacks."""
from __future__ import annotations

import json

from click.testing import CliRunner

from graphkit.cli import main

GOOD = [["contact_id", "from_name", "to_name", "date"], ["C1", "Li Wei", "山田 太郎", "R6.5.1"],
        ["C2", "Li Wei", "佐藤", "2024-05"]]
WITH_BAD = GOOD + [["C3", "Li Wei", "鈴木", "令和6年2月30日"], ["C4", "", "X", ""]]


def run(*args):
    return CliRunner().invoke(main, ["load", *map(str, args)], catch_exceptions=False)


def test_load_prints_counts_and_exits_0(tmp_path, write_csv):
    path = write_csv("c.csv", GOOD)
    result = run(path, "--workspace", tmp_path / "ws", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[-1] == {"file": "total", "layout": "", "read": 2, "loaded": 2, "merged": 0, "rejected": 0,
                        "nodes_new": 5, "nodes_merged": 0, "edges_new": 6, "edges_merged": 0}
    # nodes: Li Wei, 山田 太郎, 佐藤 and two approaches = 5; edges: MADE (Li Wei -> each approach) 2,
    # TARGETED 2, CONTACTED 2 = 6
    again = run(path, "--workspace", tmp_path / "ws", "--format", "csv")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "total,,2,0,2,0,0,5,0,6"


def test_rejects_go_to_stderr_and_the_exit_is_still_0(tmp_path, write_csv):
    path = write_csv("c.csv", WITH_BAD)
    result = run(path, "-w", tmp_path / "ws")
    assert result.exit_code == 0
    assert f"{path}, row 4: date: February 2024 has 29 days (value: 令和6年2月30日)" in result.stderr
    assert f"{path}, row 5: from_name: required value is missing" in result.stderr
    assert f"Loaded with 2 rejected row(s), set aside in {tmp_path / 'ws' / 'rejects.csv'}." in result.stderr
    assert "Traceback" not in result.output
    table = result.stdout.splitlines()
    assert table[0].split() == ["file", "layout", "read", "loaded", "merged", "rejected", "nodes_new",
                                "nodes_merged", "edges_new", "edges_merged"]


def test_more_than_20_rejects_are_summarised(tmp_path, write_csv):
    rows = [["from_name", "to_name", "date"]] + [["A", "B", f"2024-02-{30 + i % 2}"] for i in range(25)]
    path = write_csv("c.csv", rows)
    result = run(path, "-w", tmp_path / "ws")
    assert result.exit_code == 0
    assert sum(1 for line in result.stderr.splitlines() if ", row " in line) == 20
    assert f"… and 5 more in {tmp_path / 'ws' / 'rejects.csv'}" in result.stderr


def test_a_file_that_cannot_load_is_one_line_and_exit_1(tmp_path, write_csv):
    bad = write_csv("bad.csv", [["from_name", "date"], ["A", "2024"]])
    result = run(bad, "-w", tmp_path / "ws")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {bad}: missing required column to_name for the contacts layout; columns found: from_name, date"]
    assert "Traceback" not in result.output
    noise = tmp_path / "noise.csv"
    noise.write_bytes(bytes(range(0x80, 0x100)) * 40)
    result = run(noise, "-w", tmp_path / "ws")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    result = run(tmp_path / "missing.csv", "-w", tmp_path / "ws")
    assert result.exit_code == 1 and result.stderr.strip() == f"Error: {tmp_path / 'missing.csv'}: file not found"


def test_kind_encoding_mapping_and_home_country_options(tmp_path, write_csv):
    path = write_csv("people.csv", [["name", "country"], ["李 偉", "中国"]], "cp932")
    result = run(path, "--kind", "entities", "--encoding", "cp932", "-w", tmp_path / "ws", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["layout"] == "entities"
    wrong = run(path, "--encoding", "utf-8", "-w", tmp_path / "ws")
    assert wrong.exit_code == 1 and "cannot be read as utf-8" in wrong.stderr
    mapping = tmp_path / "m.yaml"
    mapping.write_text("layout: contacts\ncolumns: {from_name: 氏名}\n", encoding="utf-8")
    bad_mapping = run(path, "--mapping", mapping, "-w", tmp_path / "ws")
    assert bad_mapping.exit_code == 1
    assert bad_mapping.stderr.strip().startswith(f"Error: {path}: the mapping puts from_name in column '氏名'")
    home = run(path, "--kind", "entities", "--home-country", "Narnia", "-w", tmp_path / "ws")
    assert home.exit_code == 1 and "home country" in home.stderr


def test_load_help_documents_every_option():
    result = CliRunner().invoke(main, ["load", "--help"])
    assert result.exit_code == 0
    for option in ("--workspace", "--mapping", "--kind", "--encoding", "--home-country", "--format", "--progress"):
        assert option in result.output


def test_a_failed_check_creates_no_workspace(tmp_path, write_csv):
    bad = write_csv("bad.csv", [["from_name"], ["A"]])
    result = run(bad, "-w", tmp_path / "ws")
    assert result.exit_code == 1
    assert not (tmp_path / "ws").exists()


def test_progress_bar_goes_to_stderr(tmp_path, write_csv):
    path = write_csv("c.csv", GOOD)
    result = run(path, "-w", tmp_path / "ws", "--progress")
    assert result.exit_code == 0
    assert "c.csv" in result.stderr and "rows" in result.stderr  # tqdm's "c.csv: 2 rows [...]"


def test_a_kind_the_header_fits_worse_is_refused_unless_forced(tmp_path):
    # issue 11.10: the demo contacts file has a case_id column, so --kind cases used to load
    # two bogus cases with exit 0
    contacts = "graphkit/demo/contacts.csv"
    result = run(contacts, "--kind", "cases", "-w", tmp_path / "ws")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "--kind cases was given, but the header fits the contacts layout better" in result.stderr
    assert "give --kind contacts, or add --force-kind to load it as cases anyway" in result.stderr
    assert not (tmp_path / "ws").exists()  # refused before the workspace is created
    forced = run(contacts, "--kind", "cases", "--force-kind", "-w", tmp_path / "ws")
    assert forced.exit_code == 0, forced.output
    right = run(contacts, "--kind", "contacts", "-w", tmp_path / "ws2")
    assert right.exit_code == 0, right.output


def test_a_header_only_file_loads_nothing_with_a_warning(tmp_path, write_csv):
    path = write_csv("empty.csv", [GOOD[0]])
    result = run(path, "-w", tmp_path / "ws", "--format", "json")
    assert result.exit_code == 0
    assert f"Warning: {path}: no data rows (a header only); nothing was loaded from it" in result.stderr
    assert json.loads(result.stdout)[-1]["read"] == 0
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.load import load
    with Workspace(tmp_path / "ws2") as ws:
        report = load(ws, [path]).report
    assert report.files[0].warnings == ["no data rows (a header only); nothing was loaded from it"]
