"""graphkit paths, communities and ego through click's CliRunner on a real workspace loaded
from a contacts CSV by graphkit load."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from graphkit.cli import main

ROWS = [
    ["contact_id", "case_id", "date", "from_name", "from_country", "to_name", "to_country",
     "via_name", "technology", "reliability"],
    ["C1", "K1", "2024-03-01", "Li Wei", "CN", "Sato Hanako", "JP", "Apex Consulting",
     "quantum sensing", "0.9"],
    ["C2", "K1", "2024-01-10", "Li Wei", "CN", "Tanaka Ken", "JP", "", "quantum sensing", "0.5"],
    ["C3", "K2", "2023-12-01", "Tanaka Ken", "JP", "Sato Hanako", "JP", "", "", "0.9"],
]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paths_cli")
    path = folder / "contacts.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(ROWS)
    loaded = run("load", path, "-w", folder / "ws")
    assert loaded.exit_code == 0, loaded.output
    return folder / "ws"


def test_paths_rest_on_distinct_records_by_default(workspace):
    # issue 11.4: C2 alone supports "Li Wei contacted Tanaka Ken" and "Tanaka Ken HOLDS quantum
    # sensing", C1 alone Li Wei -> Apex -> Sato Hanako -> HOLDS: those paths restate one row.
    # The one path left links three rows: C2, then C3 (Tanaka met Sato), then C1 (Sato holds).
    result = run("paths", "--from", "Li Wei", "--to", 'technology:"Quantum Sensing"', "-k", "5",
                 "-w", workspace, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["rank"], r["from"], r["to"]) for r in rows] == [
        (1, "Li Wei", "Tanaka Ken"), (1, "Tanaka Ken", "Sato Hanako"),
        (1, "Sato Hanako", "quantum sensing")]
    cited = [r["evidence"][0].rsplit(":", 1)[-1] for r in rows]
    assert cited[:2] == ["3", "4"] and "2" in rows[2]["evidence"][0]


def test_paths_json_rows_per_hop_with_evidence(workspace):
    result = run("paths", "--from", "Li Wei", "--to", 'technology:"Quantum Sensing"', "-k", "5",
                 "-w", workspace, "--format", "json", "--reuse-records")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    paths = {}
    for row in rows:
        paths.setdefault(row["rank"], []).append(row)
    routes = [tuple([hops[0]["from"]] + [h["to"] for h in hops]) for hops in paths.values()]
    # direct contact to a holder, through the intermediary, and through Tanaka's contact
    assert set(routes) == {("Li Wei", "Tanaka Ken", "quantum sensing"),
                           ("Li Wei", "Apex Consulting", "Sato Hanako", "quantum sensing"),
                           ("Li Wei", "Tanaka Ken", "Sato Hanako", "quantum sensing"),
                           ("Li Wei", "Apex Consulting", "Sato Hanako", "Tanaka Ken",
                            "quantum sensing")}
    probabilities = [hops[0]["probability"] for hops in paths.values()]
    assert probabilities == sorted(probabilities, reverse=True)
    first_hops = {h["from"] + ">" + h["to"]: h for h in rows}
    # C2 is the file's third row (header = row 1)
    (cited,) = first_hops["Li Wei>Tanaka Ken"]["evidence"]
    assert cited.endswith("contacts.csv:3")
    assert first_hops["Tanaka Ken>quantum sensing"]["relation"] == "HOLDS"
    assert first_hops["Apex Consulting>Sato Hanako"]["relation"] == "INTRODUCED"


def test_paths_time_respecting_drops_the_backwards_route(workspace):
    result = run("paths", "--from", "foreign", "--to", "technology:quantum sensing",
                 "--time-respecting", "-w", workspace, "--format", "csv", "--reuse-records")
    assert result.exit_code == 0, result.output
    assert "Sato Hanako" in result.stdout and "2023-12-01" not in result.stdout
    # on distinct records the one linking path (C2, C3, C1) runs backwards in time: none left
    linking = run("paths", "--from", "foreign", "--to", "technology:quantum sensing",
                  "--time-respecting", "-w", workspace, "--format", "csv")
    assert linking.exit_code == 0 and "No time-respecting path" in linking.stderr
    assert linking.stdout.count("\n") == 1  # the header only
    table = run("paths", "--from", "Tanaka Ken", "--to", "Li Wei", "-w", workspace)
    assert table.exit_code == 0 and "CONTACTED (reversed)" in table.stdout


def test_paths_errors_are_one_line(workspace):
    result = run("paths", "--from", "Li Wie", "--to", "Sato Hanako", "-w", workspace)
    assert result.exit_code == 1 and "did you mean 'Li Wei'" in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1
    gap = run("paths", "--from", "Li Wei", "--to", "Sato Hanako", "--max-gap", "3", "-w", workspace)
    assert gap.exit_code == 2 and "--time-respecting" in gap.output
    none = run("paths", "--from", "Sato Hanako", "--to", "Li Wei", "--case", "K2", "-w", workspace)
    assert none.exit_code == 1 and "Li Wei" in none.output  # not in case K2's graph


def test_communities_and_ego(workspace):
    result = run("communities", "--seed", "1", "-w", workspace, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["name"] for r in rows} == {"Li Wei", "Sato Hanako", "Tanaka Ken", "Apex Consulting"}
    assert "modularity" in result.stderr
    ego = run("ego", "Apex Consulting", "--depth", "1", "-w", workspace, "--format", "json")
    assert ego.exit_code == 0, ego.output
    assert {(r["name"], r["distance"]) for r in json.loads(ego.stdout)} == {
        ("Apex Consulting", 0), ("Li Wei", 1), ("Sato Hanako", 1)}


def test_every_command_has_help():
    for command in ("paths", "communities", "ego"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "--format" in result.output and "--workspace" in result.output
