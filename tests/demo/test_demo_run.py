"""run_demo and `graphkit demo`: the demo loads with the documented counts and prints them."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graphkit.cli import main
from graphkit.workflows.demo import demo_files, run_demo


def test_demo_files_are_shipped_in_the_package():
    files = demo_files()
    assert [f.name for f in files] == ["cases.csv", "entities.xlsx", "contacts.csv",
                                       "contacts_jp.csv", "relations.jsonl"]
    assert all(f.is_file() for f in files)
    assert (files[0].parent / "STORY.md").is_file()


def test_run_demo_loads_and_summarises(tmp_path: Path):
    result = run_demo(tmp_path / "out")
    assert result.workspace == tmp_path / "out" / "workspace"
    total = result.report.total
    assert (total.read, total.loaded, total.rejected) == (453, 447, 6)  # 6 variant rows (issue 13)
    summary = result.summary
    assert summary["nodes"]["Person"] == 59 and summary["nodes"]["Technology"] == 5
    # unknown: Hokuriku Quantum Industry Council, 松井 秀樹's from_org (issue 13.3: a Company node
    # of its own, with no country, since no register entry names it)
    assert summary["actors"] == {"foreign": 25, "domestic": 53, "unknown": 1}
    assert summary["rejects"] == 6
    assert [c["case_id"] for c in summary["cases"]] == ["C-2023-01", "C-2023-02", "C-2024-03",
                                                        "C-2024-04", "C-2024-05"]
    assert result.report.rejects_file.is_file()


def test_running_the_demo_twice_into_one_workspace_adds_nothing(tmp_path: Path):
    first = run_demo(tmp_path / "a")
    again = run_demo(tmp_path / "b", workspace=first.workspace)
    assert again.report.total.loaded == 0
    assert again.report.total.merged == 447
    assert again.summary["nodes"] == first.summary["nodes"]
    assert again.summary["edges"] == first.summary["edges"]


def test_cli_demo_prints_counts_rejects_and_summary(tmp_path: Path):
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "6 row(s) rejected" in out
    assert "contacts_jp.csv, row 55" in out and "played golf with" in out
    assert "高橋 健一 / 髙橋 健一" in out
    assert "C-2023-02" in out and "Brokered access" in out
    assert (tmp_path / "demo" / "workspace").is_dir()


def test_cli_demo_json_output_is_parseable(tmp_path: Path):
    import json

    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "d"), "--format", "json"])
    assert result.exit_code == 0, result.output
    start = result.output.index("[")
    counts, _ = json.JSONDecoder().raw_decode(result.output[start:])
    assert counts[-1]["file"] == "total" and counts[-1]["rejected"] == 6


def test_demo_and_generate_have_help_and_user_docs():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "demo.md").read_text(encoding="utf-8")
    for command in ("demo", "generate"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Options:" in result.output
        assert f"graphkit {command}" in docs
