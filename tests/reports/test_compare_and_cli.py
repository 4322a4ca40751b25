"""--compare (what changed between two reports) and the `graphkit report` command.

The two-phase network is small enough to rank by hand (betweenness over the actors' contacts
taken as two-way, pairs counted): phase 1 has one go-between, Bridge (HK): Li Wei - Bridge -
山田 太郎, so Bridge lies on (Li, 山田): 1. Phase 2 adds Gate (SG) between Wang and Zhou on one
side and 佐藤 and 鈴木 on the other: Gate lies on every pair of those four but none else, 6
pairs. Gate ranks first, Bridge falls from 1 to 2; everyone else has 0.
"""
from __future__ import annotations

import json

import pandas as pd
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.reports import build_report

PHASE_1 = [
    {"case_id": "K1", "date": "2024-01-05", "from_name": "Li Wei", "from_country": "CN",
     "to_name": "山田 太郎", "to_country": "JP", "via_name": "Bridge", "via_kind": "intermediary",
     "via_country": "HK", "technology": "lasers", "channel": "email"},
]
PHASE_2 = PHASE_1 + [
    {"case_id": "K2", "date": "2024-03-01", "from_name": "Wang Hao", "from_country": "CN",
     "to_name": "佐藤 花子", "to_country": "JP", "via_name": "Gate", "via_kind": "intermediary",
     "via_country": "SG", "technology": "optics", "channel": "meeting"},
    {"case_id": "K2", "date": "2024-03-02", "from_name": "Zhou Min", "from_country": "CN",
     "to_name": "鈴木 一郎", "to_country": "JP", "via_name": "Gate", "via_kind": "intermediary",
     "via_country": "SG", "technology": "optics", "channel": "meeting"},
    {"case_id": "K2", "date": "2024-03-03", "from_name": "Wang Hao", "from_country": "CN",
     "to_name": "鈴木 一郎", "to_country": "JP", "via_name": "Gate", "via_kind": "intermediary",
     "via_country": "SG", "technology": "optics", "channel": "phone"},
]


def test_compare_lists_new_brokers_fallers_and_new_paths(make_workspace, tmp_path):
    first = build_report(make_workspace(PHASE_1, name="one"), tmp_path / "r1")
    assert first.brokers.loc[0, "name"] == "Bridge"
    second = build_report(make_workspace(PHASE_2, name="two"), tmp_path / "r2", compare=tmp_path / "r1")
    assert second.brokers["name"].head(2).tolist() == ["Gate", "Bridge"]
    changes = second.changes
    row = changes[changes["subject"] == "Gate"].iloc[0]
    assert (row["change"], row["previous_rank"], row["rank"]) == ("new broker", None, 1)
    row = changes[changes["subject"] == "Bridge"].iloc[0]
    assert (row["change"], row["previous_rank"], row["rank"]) == ("faller", 1, 2)
    new_paths = changes[changes["change"] == "new path"]
    assert len(new_paths) >= 1 and all("to optics" in d for d in new_paths["detail"])
    # Gate (SG) is foreign itself, and a path starts at the last foreign actor it meets unless
    # the part from Gate restates one row: Gate -> 鈴木 -> optics rests on rows 2 and 3 alone, so
    # a path may also reach back to Wang Hao, whose own row (1) links it to other records
    # (issue 11.4); Gate -> 佐藤 rests on row 1 only, and so does 佐藤 HOLDS optics: no path
    assert set(new_paths["subject"]) == {"Wang Hao → Gate → 鈴木 一郎 → optics",
                                         "Gate → 鈴木 一郎 → optics"}, list(new_paths["subject"])
    assert (changes["change"] == "gone path").sum() == 0  # Bridge's path to lasers is still there
    # the same changes are in changes.csv, the workbook and the manifest
    csv = pd.read_csv(tmp_path / "r2" / "changes.csv", encoding="utf-8-sig", keep_default_na=False)
    assert csv["change"].tolist() == changes["change"].tolist()
    manifest = json.loads((tmp_path / "r2" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["compared_with"]["snapshot"] == first.manifest["input"]["snapshot"]
    page = (tmp_path / "r2" / "report.html").read_text(encoding="utf-8")
    assert "What changed since the previous report" in page and "new broker" in page


def test_compare_with_the_same_data_finds_no_change(make_workspace, tmp_path):
    ws = make_workspace(PHASE_2)
    build_report(ws, tmp_path / "a")
    again = build_report(ws, tmp_path / "b", compare=tmp_path / "a")
    assert again.changes.empty
    assert "No change in the top brokers" in (tmp_path / "b" / "report.html").read_text(encoding="utf-8")


def test_compare_into_the_same_directory(make_workspace, tmp_path):
    build_report(make_workspace(PHASE_1, name="one"), tmp_path / "r")
    result = build_report(make_workspace(PHASE_2, name="two"), tmp_path / "r", compare=tmp_path / "r")
    assert "new broker" in set(result.changes["change"])


def test_cli_report_and_compare(make_workspace, tmp_path):
    make_workspace(PHASE_1, name="one").close()
    make_workspace(PHASE_2, name="two").close()
    runner = CliRunner()
    first = runner.invoke(main, ["report", "-o", str(tmp_path / "r1"), "-w", str(tmp_path / "one"),
                                 "--no-progress"])
    assert first.exit_code == 0, first.output
    assert "Top brokers: 1. Bridge" in first.output
    second = runner.invoke(main, ["report", "-o", str(tmp_path / "r2"), "-w", str(tmp_path / "two"),
                                  "--compare", str(tmp_path / "r1"), "--seed", "7", "-k", "2",
                                  "--no-progress"])
    assert second.exit_code == 0, second.output
    assert "Top brokers: 1. Gate; 2. Bridge" in second.output
    assert "new broker" in second.output and "faller" in second.output
    manifest = json.loads((tmp_path / "r2" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["seed"] == 7 and manifest["parameters"]["k_paths"] == 2
    only = runner.invoke(main, ["report", "-o", str(tmp_path / "k2"), "-w", str(tmp_path / "two"),
                                "--case", "K2", "--no-progress"])
    assert only.exit_code == 0, only.output
    by_case = pd.read_csv(tmp_path / "k2" / "brokers_by_case.csv", encoding="utf-8-sig")
    assert set(by_case["case"]) == {"K2"}
    assert "Bridge" not in set(pd.read_csv(tmp_path / "k2" / "brokers.csv", encoding="utf-8-sig")["name"])
    window = runner.invoke(main, ["report", "-o", str(tmp_path / "feb"), "-w", str(tmp_path / "two"),
                                  "--since", "2024-02", "--progress"])
    assert "report: 100%" in window.stderr and "6/6" in window.stderr  # the progress bar
    assert window.exit_code == 0, window.output
    assert json.loads((tmp_path / "feb" / "manifest.json").read_text())["parameters"]["since"] == "2024-02"


def test_cli_errors_are_one_line(make_workspace, tmp_path):
    make_workspace(PHASE_1).close()
    runner = CliRunner()
    missing = runner.invoke(main, ["report", "-o", str(tmp_path / "r"), "-w", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and "Error: no workspace" in missing.output
    assert "Traceback" not in missing.output
    (tmp_path / "not-a-report").mkdir()
    bad = runner.invoke(main, ["report", "-o", str(tmp_path / "r"), "-w", str(tmp_path / "ws"),
                               "--compare", str(tmp_path / "not-a-report")])
    assert bad.exit_code == 1 and "no manifest.json" in bad.output and "Traceback" not in bad.output
    assert not (tmp_path / "r").exists()
    window = runner.invoke(main, ["report", "-o", str(tmp_path / "r"), "-w", str(tmp_path / "ws"),
                                  "--since", "2024-05", "--until", "2024-01"])
    assert window.exit_code == 1 and "after" in window.output
    assert runner.invoke(main, ["report", "--help"]).output.count("--") >= 10
    typo = runner.invoke(main, ["report", "-o", str(tmp_path / "r"), "-w", str(tmp_path / "ws"),
                                "--case", "k1"])  # the case is K1
    assert typo.exit_code == 1 and "no relation has evidence for case 'k1'" in typo.output
    assert "did you mean K1?" in typo.output and not (tmp_path / "r").exists()
    later = runner.invoke(main, ["report", "-o", str(tmp_path / "r"), "-w", str(tmp_path / "ws"),
                                 "--since", "2030"])
    assert later.exit_code == 1 and "nothing to report" in later.output


def test_a_network_without_countries_is_ranked_in_one_group(make_workspace, tmp_path):
    # no country anywhere, so no actor is known to be foreign or domestic: the brokerage roles
    # run with one group, and no transfer path can start (there is no foreign actor)
    rows = [{"case_id": "K", "date": "2024-01-0" + str(i), "from_name": a, "to_name": b,
             "technology": "lasers" if b == "B" else ""}
            for i, (a, b) in enumerate([("A", "Hub"), ("Hub", "B"), ("C", "Hub"), ("Hub", "D")], 1)]
    result = build_report(make_workspace(rows), tmp_path / "r")
    assert result.brokers.loc[0, "name"] == "Hub"
    params = result.manifest["algorithms"]["brokers"]["parameters"]
    assert params["partition"] == "one group (no actor has a foreign flag)"
    assert [result.name(t) for t in result.paths] == ["lasers"]
    assert all(not found for found in result.paths.values())
    assert "no foreign actor" in (result.out_dir / "report.html").read_text(encoding="utf-8")
