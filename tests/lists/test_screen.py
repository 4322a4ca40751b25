"""`graphkit screen` / `gk.screen` on a case whose actors name listed entities in other scripts.

The case (tests/lists/data/screening_case.csv + screening_relations.jsonl, hand-written):

    東都精機株式会社 —CONTACTED (case.csv:2)— 王明 —EMPLOYED_BY (relations:1)— 中航重机股份有限公司
        中航重机 = "AVIC Heavy Machinery Company Limited" on the 1260H list (known rendering),
        a subsidiary of "Aviation Industry Corporation of China Ltd." (1260H Parent Name)
    北洋精密株式会社 —INTRODUCED (case.csv:3)— アルファ・トレーディング・インベストメンツ・リミテッド
        = METI third-country entry 7 (アルファ・トレーディング・インベストメンツ有限会社 /
        Alpha Trading Investments Limited), written in katakana with リミテッド
    Ivan Petrov —CONTACTED (case.csv:3)— the intermediary
    佐藤 花子 —EMPLOYED_BY— 北洋精密; 佐藤 花子 —CONTACTED— 田中 一郎 —CONTACTED— 鈴木 次郎

Expected distances (hops = 2) worked out by hand from that drawing.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import graphkit as gk
from graphkit.cli import main
from graphkit.errors import NotFound
from graphkit.workflows.lists import load_lists

DATA = Path("tests/lists/data")  # as a user names the files: records keep the name given
LISTS = Path("../shared/datasets/export_control_lists")
CASE_FILES = [DATA / "screening_case.csv", DATA / "screening_relations.jsonl"]
LIST_FILES = [LISTS / "us_dod_1260h_chinese_military_companies.csv",
              LISTS / "jp_meti_third_country_specified_entities_20250912.txt"]
HEAVY, AVIC = "AVIC Heavy Machinery Company Limited", "Aviation Industry Corporation of China Ltd."
ALPHA = "アルファ・トレーディング・インベストメンツ有限会社"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("screen") / "ws"
    with gk.open_store(path) as store:
        gk.load(store, CASE_FILES)
        load_lists(store, LIST_FILES)
    return path


def _rows(result) -> dict[tuple[str, str], dict]:
    return {(r["actor"], r["entry"]): r for r in result.frame.to_dict("records")}


def test_listed_firms_found_across_scripts_at_the_right_distance(workspace: Path) -> None:
    with gk.open_store(workspace, create=False) as store:
        result = gk.screen(store, hops=2)
    rows = _rows(result)
    expected = {
        ("中航重机股份有限公司", HEAVY): 0, ("中航重机股份有限公司", AVIC): 1,
        ("王明", HEAVY): 1, ("王明", AVIC): 2, ("東都精機株式会社", HEAVY): 2,
        ("アルファ・トレーディング・インベストメンツ・リミテッド", ALPHA): 0,
        ("北洋精密株式会社", ALPHA): 1, ("Ivan Petrov", ALPHA): 1, ("佐藤 花子", ALPHA): 2,
    }
    assert {key: row["distance"] for key, row in rows.items()} == expected  # nothing else, 田中 is 3 hops out
    heavy = rows[("中航重机股份有限公司", HEAVY)]
    assert heavy["score"] == 0.92 and heavy["reasons"].startswith("known_rendering")
    assert heavy["list"] == "us_dod_1260h" and heavy["listed"] == "2021-06-03"
    tozai = rows[("東都精機株式会社", HEAVY)]
    # the employment hop cites the relations row and the contact row whose from_org names the
    # firm (org columns are ties with evidence since issue 13.3)
    assert tozai["chain"] == (f"東都精機株式会社 —CONTACTED [{DATA}/screening_case.csv:2]— 王明 —EMPLOYED_BY "
                              f"[{DATA}/screening_case.csv:2, {DATA}/screening_relations.jsonl:1]— 中航重机股份有限公司 ≈ AVIC Heavy Machinery Company Limited "
                              "(0.92 known_rendering) [us_dod_1260h_chinese_military_companies.csv:7]")
    parent = rows[("王明", AVIC)]
    assert parent["chain"].endswith("—owned by [us_dod_1260h_chinese_military_companies.csv:7]→ " + AVIC)
    assert parent["via"] == f"中航重机股份有限公司; {HEAVY} (owned by {AVIC})"
    alpha = rows[("北洋精密株式会社", ALPHA)]
    assert alpha["verdict"] == "question" and "katakana_transcription" in alpha["reasons"]
    assert alpha["chain"].startswith(f"北洋精密株式会社 —INTRODUCED [{DATA}/screening_case.csv:3]— アルファ")
    # riskiest first: direct matches, then by distance and score
    assert list(result.frame["distance"]) == sorted(result.frame["distance"])
    assert result.frame.iloc[0]["actor"] == "中航重机股份有限公司"


def test_hops_lists_and_min_score_narrow_the_screening(workspace: Path) -> None:
    with gk.open_store(workspace, create=False) as store:
        direct = gk.screen(store, hops=0)
        only_meti = gk.screen(store, lists=["jp_meti_third_country"])
        likely = gk.screen(store, min_score=0.85)
        with pytest.raises(NotFound, match="no list named 'nope'"):
            gk.screen(store, lists=["nope"])
        late = gk.screen(store, since="2025-04-01")  # the 1260H chain's hops are dated before
    assert set(direct.frame["distance"]) == {0} and len(direct.frame) == 2
    assert set(only_meti.frame["list"]) == {"jp_meti_third_country"}
    assert set(likely.frame["list"]) == {"us_dod_1260h"}  # the katakana match is only a question
    assert ("東都精機株式会社", HEAVY) not in _rows(late) and ("北洋精密株式会社", ALPHA) in _rows(late)


def test_decisions_dismiss_and_confirm_hits(workspace: Path) -> None:
    with gk.open_store(workspace, create=False) as store:
        first = gk.screen(store)
        ids = {(r["actor"], r["entry"]): (r["actor_id"], r["entry_id"]) for r in first.frame.to_dict("records")}
        alpha_actor, alpha_entry = ids[("アルファ・トレーディング・インベストメンツ・リミテッド", ALPHA)]
        heavy_actor, heavy_entry = ids[("中航重机股份有限公司", HEAVY)]
        decisions = [SimpleNamespace(id_a=alpha_entry, id_b=alpha_actor, verdict="different"),
                     SimpleNamespace(id_a=heavy_actor, id_b=heavy_entry, verdict="same")]
        second = gk.screen(store, decisions=decisions)
    rows = _rows(second)
    assert not any(entry == ALPHA for _, entry in rows)  # dismissed: the near hits through it go too
    confirmed = rows[("中航重机股份有限公司", HEAVY)]
    assert confirmed["decision"] == "same" and confirmed["score"] == 1.0
    assert second.frame.iloc[0]["decision"] == "same"


def test_cli_formats_and_formula_inert_outputs(workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["screen", "-w", str(workspace)])
    assert table.exit_code == 0 and "中航重机股份有限公司" in table.output
    as_json = json.loads(runner.invoke(main, ["screen", "-w", str(workspace), "--format", "json"]).stdout)
    with gk.open_store(workspace, create=False) as store:
        assert [r["actor"] for r in as_json] == gk.screen(store).frame["actor"].tolist()
    # a list whose entry is a formula: stays text in csv and xlsx
    hostile = tmp_path / "us_ndaa_section_5949_semiconductors.csv"
    lines = (LISTS / "us_ndaa_section_5949_semiconductors.csv").read_text("utf-8").splitlines()
    lines.append('Company,"=HYPERLINK(""http://evil.example"",""東都精機"")",東都精機株式会社,debarment,x,y,,,,,,,')
    hostile.write_text("\n".join(lines) + "\n", "utf-8")
    assert runner.invoke(main, ["lists", "load", str(hostile), "-w", str(workspace)]).exit_code == 0
    out_csv, out_xlsx = tmp_path / "s.csv", tmp_path / "s.xlsx"
    assert runner.invoke(main, ["screen", "-w", str(workspace), "-o", str(out_csv)]).exit_code == 0
    assert runner.invoke(main, ["screen", "-w", str(workspace), "-o", str(out_xlsx)]).exit_code == 0
    with open(out_csv, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    evil = [r for r in rows if "HYPERLINK" in r["entry"]]
    assert evil and all(r["entry"].startswith("'=") for r in evil)
    sheet = load_workbook(out_xlsx)["screening"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(cells) >= 2 and all(c.data_type == "s" and c.quotePrefix for c in cells)  # entries and entry names
    bad = runner.invoke(main, ["screen", "-w", str(workspace), "--format", "xlsx"])
    assert bad.exit_code == 2 and "-o FILE.xlsx" in bad.output
    with gk.open_store(workspace) as store:
        store.remove_list("us_ndaa_5949")


def test_screening_without_lists_says_so(tmp_path: Path) -> None:
    with gk.open_store(tmp_path / "ws") as store:
        gk.load(store, CASE_FILES)
        with pytest.raises(NotFound, match="no lists loaded"):
            gk.screen(store)


@pytest.mark.neo4j
def test_screening_on_neo4j_gives_the_workspace_rows(workspace: Path, neo4j_env, wiper) -> None:
    from graphkit.store.neo4j import open_neo4j_store

    with gk.open_store(workspace, create=False) as ws:
        expected = gk.screen(ws).frame.drop(columns=["actor_id"])
    with open_neo4j_store() as neo:
        wiper(neo)
        gk.load(neo, CASE_FILES)
        load_lists(neo, LIST_FILES)
        got = gk.screen(neo).frame.drop(columns=["actor_id"])
    assert got.to_dict("records") == expected.to_dict("records")


def test_view_marks_listed_and_near_listed_actors(workspace: Path, tmp_path: Path) -> None:
    with gk.open_store(workspace, create=False) as store:
        chart = gk.view(store, output=tmp_path / "chart.html").chart
    nodes = {n["name"]: n for n in chart.data["nodes"]}
    assert nodes["中航重机股份有限公司"]["label"].startswith("⚠ ") and nodes["中航重机股份有限公司"]["listed"] == ["us_dod_1260h"]
    assert nodes["王明"]["label"].startswith("△ ") and nodes["王明"]["near_listed"] == ["us_dod_1260h"]
    assert nodes["鈴木 次郎"]["listed"] == [] and nodes["鈴木 次郎"]["near_listed"] == []
    marks = [m["mark"] for m in chart.data["meta"]["legend"]["marks"]]
    assert "listed" in marks and "near_listed" in marks


def test_report_has_a_screening_section_and_an_inert_screening_csv(workspace: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "us_ndaa_section_5949_semiconductors.csv"
    lines = (LISTS / "us_ndaa_section_5949_semiconductors.csv").read_text("utf-8").splitlines()
    lines.append('Company,<script>alert(1)</script>,=HYPERLINK("http://evil.example");東都精機株式会社,debarment,x,y,,,,,,,')
    hostile.write_text("\n".join(lines) + "\n", "utf-8")
    with gk.open_store(workspace) as store:
        load_lists(store, [hostile])
        try:
            result = gk.report(store, tmp_path / "report")
        finally:
            store.remove_list("us_ndaa_5949")
    out = tmp_path / "report"
    page = (out / "report.html").read_text("utf-8")
    assert 'id="screening"' in page and "中航重机股份有限公司" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    with open(out / "screening.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    evil = [r for r in rows if r["entry"] == "<script>alert(1)</script>"]
    assert evil and evil[0]["actor"] == "東都精機株式会社"  # kept as text; the page escaped it
    assert "screening.csv" in result.files and result.manifest["screening"]["direct"] >= 3
