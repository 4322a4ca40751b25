"""`graphkit duplicates` and `graphkit resolve` (issue 13.2, 13.4): candidate pairs with reasons,
decisions kept as data, merges undone exactly, decisions as a spreadsheet, bad input refused."""
from __future__ import annotations

import getpass
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.store.workspace import Workspace

DEMO = Path("graphkit/demo")
FILES = [DEMO / name for name in ("cases.csv", "entities.xlsx", "contacts.csv", "contacts_jp.csv", "relations.jsonl")]
TAKAHASHI, TAKAHASHI_KAGA = "高橋 健一", "髙橋 健一"


def run(*args: object, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False, env=env)


def ok(*args: object, env: dict[str, str] | None = None):
    result = run(*args, env=env)
    assert result.exit_code == 0, result.output
    return result


def exported(ws: Path) -> tuple[str, str]:
    """Every node (all kinds) and every edge (all relations) as `graphkit export` prints them."""
    from graphkit import schema

    kinds = [x for k in schema.NODE_KINDS for x in ("--kind", k)]
    relations = [x for r in schema.RELATION_KINDS for x in ("--relation", r)]
    nodes = ok("export", "nodes", *kinds, "-w", ws, "--format", "json")
    edges = ok("export", "edges", *relations, "-w", ws, "--format", "json")
    return nodes.stdout, edges.stdout


@pytest.fixture
def demo_ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ok("load", *FILES, "-w", ws)
    return ws


def pairs(ws: Path, *extra: object) -> list[dict]:
    return json.loads(ok("duplicates", "-w", ws, "--format", "json", *extra).stdout)


def test_duplicates_lists_pairs_with_reasons_and_evidence_per_side(demo_ws: Path) -> None:
    found = {(p["name_a"], p["name_b"]): p for p in pairs(demo_ws)}
    pair = found[(TAKAHASHI, TAKAHASHI_KAGA)]
    # two different kanji spellings stay a question, whatever kana alias one of them has
    assert pair["verdict"] == "question" and pair["reasons"].startswith("same reading, different kanji")
    assert (pair["evidence_a"], pair["evidence_b"]) == (5, 4)  # records behind each side (contacts + register)
    assert pair["decision"] == "" and pair["note"] == ""



def test_the_load_summary_points_at_duplicates_and_resolve(tmp_path: Path) -> None:
    loaded = ok("load", *FILES, "-w", tmp_path / "ws")
    assert "Person: 高橋 健一 / 髙橋 健一" in loaded.stderr
    assert "Review them with `graphkit duplicates`" in loaded.stderr and "`graphkit resolve`" in loaded.stderr


def test_same_merges_everything_and_undo_restores_the_export_exactly(demo_ws: Path) -> None:
    before = exported(demo_ws)
    done = ok("resolve", "same", TAKAHASHI, TAKAHASHI_KAGA, "--note", "one man", "--analyst", "ann",
              "-w", demo_ws, "--format", "json")
    (row,) = json.loads(done.stdout)
    assert row["merged"] is True and row["verdict"] == "same"
    with Workspace(demo_ws, create=False) as ws:
        (node,) = [n for n in ws.iter_nodes(["Person"]) if n.name == TAKAHASHI]
        assert {TAKAHASHI_KAGA, "髙橋健一", "Takahashi Kenichi"} <= node.aliases
        assert len(node.evidence) == 9
        assert ws.find_node_ids(TAKAHASHI_KAGA) == [node.id]
    assert exported(demo_ws) != before
    # explain shows the decision and both sides
    text = ok("explain", TAKAHASHI, "-w", demo_ws).stdout
    assert f"merged by decision {row['decision_id']} (same, by ann" in text and "note: one man" in text
    assert f"{TAKAHASHI_KAGA} (person-" in text and "4 record(s)" in text and "5 record(s)" in text
    (kept,) = json.loads(ok("resolve", "list", "-w", demo_ws, "--format", "json").stdout)
    assert (kept["analyst"], kept["note"], kept["name_a"], kept["name_b"]) == ("ann", "one man", TAKAHASHI,
                                                                               TAKAHASHI_KAGA)
    ok("resolve", "undo", row["decision_id"], "-w", demo_ws)
    assert exported(demo_ws) == before
    assert json.loads(ok("resolve", "list", "-w", demo_ws, "--format", "json").stdout) == []


def test_different_is_never_proposed_again_and_unsure_keeps_its_note(demo_ws: Path) -> None:
    ok("resolve", "unsure", TAKAHASHI, TAKAHASHI_KAGA, "--note", "ask the case officer", "-w", demo_ws)
    (pair,) = [p for p in pairs(demo_ws) if p["name_b"] == TAKAHASHI_KAGA]
    assert (pair["decision"], pair["note"]) == ("unsure", "ask the case officer")
    ok("resolve", "different", TAKAHASHI_KAGA, TAKAHASHI, "-w", demo_ws)
    listed = pairs(demo_ws)
    assert not [p for p in listed if {p["name_a"], p["name_b"]} == {TAKAHASHI, TAKAHASHI_KAGA}]
    result = run("duplicates", "-w", demo_ws)
    assert "decided different left out" in result.stderr


def test_who_decides_option_then_environment_then_os_user(demo_ws: Path) -> None:
    ok("resolve", "unsure", TAKAHASHI, TAKAHASHI_KAGA, "-w", demo_ws)
    ok("resolve", "unsure", TAKAHASHI, TAKAHASHI_KAGA, "-w", demo_ws, env={"GRAPHKIT_ANALYST": "kei"})
    ok("resolve", "unsure", TAKAHASHI, TAKAHASHI_KAGA, "-w", demo_ws, "--analyst", "ann",
       env={"GRAPHKIT_ANALYST": "kei"})
    listed = json.loads(ok("resolve", "list", "-w", demo_ws, "--format", "json").stdout)
    assert [d["analyst"] for d in listed] == [getpass.getuser(), "kei", "ann"]
    # the store may also be named before the subcommand
    assert json.loads(ok("resolve", "-w", demo_ws, "list", "--format", "json").stdout) == listed


def test_a_filled_in_spreadsheet_applies_and_the_decisions_travel_to_another_workspace(
        demo_ws: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "pairs.xlsx"
    ok("duplicates", "-w", demo_ws, "-o", sheet)
    book = openpyxl.load_workbook(sheet)
    table = book.active
    header = [c.value for c in table[1]]
    for row in table.iter_rows(min_row=2):
        values = dict(zip(header, [c.value for c in row]))
        if values["name_b"] == TAKAHASHI_KAGA:
            row[header.index("decision")].value = "same"
            row[header.index("note")].value = "checked the passport"
    book.save(sheet)
    applied = ok("resolve", "--from", sheet, "-w", demo_ws, "--analyst", "ann")
    assert "1 decision(s) recorded, 1 merged" in applied.stderr
    merged = exported(demo_ws)

    # the decisions as a file, applied to an empty workspace before the load: the same graph
    decisions = tmp_path / "decisions.csv"
    ok("resolve", "list", "-w", demo_ws, "-o", decisions)
    other = tmp_path / "other"
    ok("load", DEMO / "cases.csv", "-w", other)
    waiting = ok("resolve", "--from", decisions, "-w", other)
    assert "1 waiting for their nodes" in waiting.stderr
    ok("load", *FILES, "-w", other)
    assert exported(other) == merged
    # applying the same file again records nothing new
    assert "0 decision(s) recorded" in ok("resolve", "--from", decisions, "-w", other).stderr


def test_a_report_manifest_lists_the_decisions_it_relied_on(demo_ws: Path, tmp_path: Path) -> None:
    ok("resolve", "same", TAKAHASHI, TAKAHASHI_KAGA, "-w", demo_ws, "--analyst", "ann")
    ok("report", "-w", demo_ws, "--out", tmp_path / "report")
    manifest = json.loads((tmp_path / "report" / "manifest.json").read_text(encoding="utf-8"))
    (decision,) = manifest["input"]["decisions"]
    assert (decision["verdict"], decision["name_a"], decision["name_b"], decision["analyst"], decision["merges"]) == (
        "same", TAKAHASHI, TAKAHASHI_KAGA, "ann", 1)


# --- bad input (issue 13.4) --------------------------------------------------------------------

def test_unknown_and_ambiguous_nodes_are_refused_with_the_candidates(demo_ws: Path) -> None:
    unknown = run("resolve", "same", "高橋", TAKAHASHI_KAGA, "-w", demo_ws)
    assert unknown.exit_code == 1
    assert "first node: no node named '高橋' in the graph; did you mean: '高橋 健一'" in unknown.stderr
    with Workspace(demo_ws, create=False) as ws:
        from graphkit.model import Batch, Node

        ws.write(Batch(nodes=[Node("person-x1", "Person", "Wang Wei", {"WW"}), Node("person-x2", "Person", "Wang Wei",
                                                                                   {"WW"}, {"country": "CN"})]))
    ambiguous = run("resolve", "same", "Wang Wei", TAKAHASHI, "-w", demo_ws)
    assert ambiguous.exit_code == 1
    assert "'Wang Wei' names 2 nodes: Wang Wei (Person, person-x1); Wang Wei (Person, person-x2)" in ambiguous.stderr
    assert json.loads(ok("resolve", "list", "-w", demo_ws, "--format", "json").stdout) == []


def test_a_decisions_file_with_unknown_columns_or_values_names_the_row(demo_ws: Path, tmp_path: Path) -> None:
    bad_column = tmp_path / "cols.csv"
    bad_column.write_text(f"name_a,name_b,decision,verdictt\n{TAKAHASHI},{TAKAHASHI_KAGA},same,\n", encoding="utf-8")
    result = run("resolve", "--from", bad_column, "-w", demo_ws)
    assert result.exit_code == 1 and "unknown column(s) 'verdictt'" in result.stderr
    bad_value = tmp_path / "values.csv"
    bad_value.write_text(f"name_a,name_b,decision\n{TAKAHASHI},{TAKAHASHI_KAGA},unsure\n"
                         f"{TAKAHASHI},{TAKAHASHI_KAGA},maybe\n", encoding="utf-8")
    result = run("resolve", "--from", bad_value, "-w", demo_ws)
    assert result.exit_code == 1 and "row 3: unknown decision 'maybe' in column decision" in result.stderr
    unknown_name = tmp_path / "names.csv"
    unknown_name.write_text(f"name_a,name_b,decision\n{TAKAHASHI},Nobody Here,same\n", encoding="utf-8")
    result = run("resolve", "--from", unknown_name, "-w", demo_ws)
    assert result.exit_code == 1 and "names.csv, row 2: no node named 'Nobody Here'" in result.stderr
    # nothing of a refused file is recorded
    assert json.loads(ok("resolve", "list", "-w", demo_ws, "--format", "json").stdout) == []


def test_conflicting_decisions_are_reported_not_resolved(demo_ws: Path, tmp_path: Path) -> None:
    a, b, c = TAKAHASHI, TAKAHASHI_KAGA, "Takahashi Kenichi"
    with Workspace(demo_ws, create=False) as ws:
        from graphkit.model import Batch, Node

        ws.write(Batch(nodes=[Node("person-tk", "Person", "Takahashi K.")]))
    ok("resolve", "same", a, b, "-w", demo_ws)
    ok("resolve", "same", a, "Takahashi K.", "-w", demo_ws)
    refused = run("resolve", "different", b, "Takahashi K.", "-w", demo_ws)
    assert refused.exit_code == 1
    assert "conflicting decisions (nothing was recorded): '髙橋 健一' and 'Takahashi K.' are one node already " \
           "(merged by decision d-" in refused.stderr
    # in one file: A = B, B = C, A ≠ C
    other = tmp_path / "other"
    ok("load", *FILES, "-w", other)
    with Workspace(other, create=False) as ws:
        from graphkit.model import Batch, Node

        ws.write(Batch(nodes=[Node("person-tk", "Person", "Takahashi K.")]))
    file = tmp_path / "conflict.csv"
    file.write_text(f"name_a,name_b,decision\n{a},{b},same\n{b},Takahashi K.,same\n{a},Takahashi K.,different\n",
                    encoding="utf-8")
    result = run("resolve", "--from", file, "-w", other)
    assert result.exit_code == 1 and "says 高橋 健一 and Takahashi K. are different" in result.stderr
    assert json.loads(ok("resolve", "list", "-w", other, "--format", "json").stdout) == []
    assert "says 高橋 健一 and Takahashi K. are different, but d-" in result.stderr
    assert run("resolve", "same", a, c, "-w", other).stderr.startswith(
        f"Error: '{a}' and '{c}' are one node already")  # the register's alias names A itself


# --- the demo's cross-script variants (issue 13, tests and figures) -----------------------------

def test_duplicates_proposes_the_demos_cross_script_variants_with_reasons(demo_ws: Path) -> None:
    found = {frozenset((p["name_a"], p["name_b"])): p for p in pairs(demo_ws)}
    expected = {
        ("李伟", "李偉"): "traditional/simplified (or shinjitai) variant of the same characters",
        ("李伟", "Li Wei"): "same pinyin", ("李偉", "Li Wei"): "same pinyin",
        ("ファーウェイ", "華為技術"): "known English rendering of the same firm",
        ("ファーウェイ", "Huawei Technologies Co., Ltd."): "known English rendering of the same firm",
        ("華為技術", "Huawei Technologies Co., Ltd."): "known English rendering of the same firm",
    }
    for (a, b), reason in expected.items():
        pair = found[frozenset((a, b))]
        assert pair["verdict"] == "likely" and pair["reasons"].startswith(reason), (a, b, pair)
        assert pair["evidence_a"] == pair["evidence_b"] == 1  # one contacts row each
    # plain string similarity (the load's own check) lists none of them
    loaded = ok("load", *FILES, "-w", demo_ws)
    assert "李偉" not in loaded.stderr and "ファーウェイ" not in loaded.stderr


def test_resolving_the_variants_merges_them_into_one_recruiter_and_one_firm(demo_ws: Path, tmp_path: Path) -> None:
    before = exported(demo_ws)
    ok("resolve", "same", "李伟", "李偉", "-w", demo_ws)
    ok("resolve", "same", "李伟", "Li Wei", "-w", demo_ws)
    sheet = tmp_path / "firms.csv"
    sheet.write_text("name_a,name_b,decision,note\n"
                     '"Huawei Technologies Co., Ltd.",ファーウェイ,same,known rendering\n'
                     '"Huawei Technologies Co., Ltd.",華為技術,same,known rendering\n', encoding="utf-8")
    assert "2 decision(s) recorded, 2 merged" in ok("resolve", "--from", sheet, "-w", demo_ws).stderr
    with Workspace(demo_ws, create=False) as ws:
        (li,) = [n for n in ws.iter_nodes(["Person"]) if n.name == "李伟"]
        assert li.aliases >= {"李偉", "Li Wei"} and len(li.evidence) == 3
        (huawei,) = [n for n in ws.iter_nodes(["Company"]) if "Huawei" in n.name or "華為" in n.name
                     or "ファーウェイ" in n.name]
        assert huawei.name == "Huawei Technologies Co., Ltd." and huawei.aliases >= {"ファーウェイ", "華為技術"}
        targets = {ws.get_node(e.target).name for e in ws.iter_edges(["CONTACTED"]) if e.source == li.id}
        assert targets == {"山下 健", "森田 光", "西村 玲"}  # one recruiter, three approaches
        assert not [p for p in pairs(demo_ws) if "李偉" in (p["name_a"], p["name_b"])]
    # undo everything, newest first: the graph is as loaded
    decisions = json.loads(ok("resolve", "list", "-w", demo_ws, "--format", "json").stdout)
    for decision in reversed(decisions):
        ok("resolve", "undo", decision["decision_id"], "-w", demo_ws)
    assert exported(demo_ws) == before
