"""The report of the demo case set: its files, and agreement with the analysis it reports.

Expected values come from graphkit/demo/STORY.md ("The facts analysis must find": Leon Varga
0.0353, Sakura Advanced Materials 0.0166, 佐藤 美咲 0.0064, plain networkx on simple_graph)
and from recomputing each figure here with networkx or the projection.
"""
from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from graphkit import __version__
from graphkit.projection import actor_graph, simple_graph
from graphkit.reports.ranking import rank_brokers
from graphkit.store.workspace import Workspace

EXPECTED_FILES = {"report.html", "manifest.json", "report.xlsx", "brokers.csv", "brokers_by_case.csv",
                  "paths.csv", "approaches_by_month.csv", "contacts_by_side.csv", "overview.html"}
DEMO_CASES = ["C-2023-01", "C-2023-02", "C-2024-03", "C-2024-04", "C-2024-05"]


def read_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)


def test_report_directory_has_every_file(demo_report):
    out = demo_report.out_dir
    names = {p.name for p in out.iterdir()}
    assert EXPECTED_FILES <= names
    assert sorted(p.name for p in (out / "cases").iterdir()) == [f"{c}.html" for c in DEMO_CASES]
    listed = set(demo_report.manifest["files"])
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk


def test_brokers_match_story_and_networkx(demo_report, demo_workspace):
    from graphkit.analysis.brokers import broker_table

    brokers = read_csv(demo_report.out_dir / "brokers.csv")
    assert brokers["name"][0] == "Leon Varga"  # STORY.md: the top broker
    with Workspace(demo_workspace, create=False) as ws:
        G = actor_graph(ws)
    # reference: networkx betweenness over the actors' contacts taken as two-way (the analysis
    # table's definition; Technology nodes are not actors)
    actors = simple_graph(G).subgraph(n for n, d in G.nodes(data=True) if d["kind"] != "Technology")
    reference = nx.betweenness_centrality(actors.to_undirected())
    for node, score in zip(brokers["node_id"], brokers["betweenness"]):
        assert score == pytest.approx(reference[node], abs=1e-9)
    # the CSV holds the analysis table's top actors with their scores and reasons (ties in
    # score are ordered by id, so two runs agree byte for byte)
    table = broker_table(G, seed=0, top_reasons=25).set_index("id")
    assert brokers["node_id"].head(5).tolist() == table.index[:5].tolist()  # no ties up there
    for row in brokers.itertuples():
        assert row.betweenness == pytest.approx(table.loc[row.node_id, "betweenness"], abs=1e-9)
        if table.loc[row.node_id, "reason"]:
            assert row.reason == table.loc[row.node_id, "reason"]
    assert brokers["betweenness"].is_monotonic_decreasing
    assert brokers["rank"].tolist() == list(range(1, len(brokers) + 1))
    assert len(brokers) == 25


def test_brokers_per_case_agree_with_case_projection(demo_report, demo_workspace):
    by_case = read_csv(demo_report.out_dir / "brokers_by_case.csv")
    assert sorted(by_case["case"].unique()) == DEMO_CASES
    with Workspace(demo_workspace, create=False) as ws:
        for case in DEMO_CASES:
            table, _ = rank_brokers(actor_graph(ws, case=case), seed=0, top_reasons=10)
            rows = by_case[by_case["case"] == case]
            assert rows["node_id"].tolist() == table["node_id"].head(10).tolist()
            assert rows["betweenness"].tolist() == pytest.approx(table["betweenness"].head(10).tolist())


def test_leon_varga_is_among_the_brokers_of_his_cases(demo_report, demo_workspace):
    # STORY.md: he introduces domestic researchers to foreign actors in C-2023-01, C-2023-02,
    # C-2024-03 and C-2024-04; within one case others can lie between more pairs, but he is
    # ranked in each of them, and first overall
    assert demo_report.brokers.loc[0, "name"] == "Leon Varga"
    for case in ("C-2023-01", "C-2023-02"):
        assert "Leon Varga" in set(demo_report.case_brokers[case]["name"]), case
    assert "Leon Varga" not in set(demo_report.case_brokers["C-2024-05"]["name"])  # not in that case
    # His rank among each case's actors. The rows' from_org / to_org tie the approached staff
    # to their employers (issue 13.3), so an employer and the staff between it and their
    # approachers now rank among the case's brokers: in C-2024-03 Tsukuba Neural Devices and
    # seven of its staff rank above him (13th, was 5th), in C-2024-04 Echigo Carbon Fiber joins
    # those above him (11th of 12, was 10th, betweenness 0 both times), so the report's top 10
    # of those two cases no longer lists him; in C-2023-01 Shinano Optics is above him (6th,
    # was 5th), in C-2023-02 he rises (4th, was 5th).
    expected = {"C-2023-01": 6, "C-2023-02": 4, "C-2024-03": 13, "C-2024-04": 11}
    with Workspace(demo_workspace, create=False) as ws:
        for case, rank in expected.items():
            table, _ = rank_brokers(actor_graph(ws, case=case), seed=0, top_reasons=0)
            assert table["name"].tolist().index("Leon Varga") + 1 == rank, case
            if case == "C-2024-03":
                above = table.iloc[:rank - 1]
                assert "Tsukuba Neural Devices Inc." in set(above["name"])
                assert sum(not n.isascii() for n in above["name"]) == 7  # the firm's approached staff

def test_paths_reach_every_technology_with_evidence(demo_report, demo_workspace):
    paths = read_csv(demo_report.out_dir / "paths.csv")
    assert sorted(paths["technology"].unique()) == sorted(
        ["EUV lithography", "quantum sensing", "AI accelerator", "carbon fibre", "5-axis machine tools"])
    with Workspace(demo_workspace, create=False) as ws:
        G = actor_graph(ws)
        records = ws.get_records([r for cell in paths["records"] for r in cell.split("; ")])
    names = {d["name"]: n for n, d in G.nodes(data=True)}
    for row in paths.itertuples():
        assert row.records, row
        for rid, location in zip(row.records.split("; "), row.evidence.split("; ")):
            record = records[rid]  # every cited record exists in the store ...
            assert location == f"{record.file}:{record.row}"  # ... at the cited file and row
        first = row.path.split(" → ")[0]
        assert G.nodes[names[first]]["foreign"] is True  # every path starts at a foreign actor
    assert (paths.groupby("technology")["rank"].max() <= 3).all()


def test_manifest_records_version_parameters_seeds_and_evidence(demo_report, demo_workspace):
    manifest = json.loads((demo_report.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["graphkit_version"] == __version__
    assert manifest["parameters"]["seed"] == 0
    assert manifest["seeds"]["betweenness_sampling"] == 0
    assert manifest["algorithms"]["brokers"]["algorithm"] == "graphkit.analysis.brokers.broker_table"
    assert manifest["algorithms"]["brokers"]["betweenness"]["method"] == "exact"
    assert manifest["algorithms"]["paths"]["time_respecting"] is True
    assert manifest["input"]["snapshot"].startswith("sha256:")
    with Workspace(demo_workspace, create=False) as ws:
        G = actor_graph(ws)
    for item in manifest["brokers"]["overall"]:
        assert item["records"] == sorted(G.nodes[item["node_id"]]["evidence"])
        assert item["records"]
    first = manifest["paths"][0]
    for hop in first["hops"]:
        a, b = (hop["to"], hop["from"]) if hop["reversed"] else (hop["from"], hop["to"])
        edge = G.edges[a, b, hop["relation"]]  # the relation edge the hop walks
        # the same records, none missing or added
        assert sorted(hop["records"]) == sorted(ev.record_id for ev in edge["evidence"])
        assert len(hop["records"]) == edge["contacts"] > 0


def test_tables_are_in_the_workbook(demo_report):
    from openpyxl import load_workbook

    book = load_workbook(demo_report.out_dir / "report.xlsx")
    assert book.sheetnames == ["brokers", "brokers_by_case", "paths", "approaches_by_month",
                               "contacts_by_side"]
    sheet = book["brokers"]
    assert [c.value for c in sheet[2]][:2] == [1, "Leon Varga"]
    assert sheet.max_row == len(demo_report.brokers) + 1


def test_approach_counts_add_up(demo_report, demo_workspace):
    months = read_csv(demo_report.out_dir / "approaches_by_month.csv")
    sides = read_csv(demo_report.out_dir / "contacts_by_side.csv")
    # counted again straight from the store: distinct records behind CONTACTED edges, dated to
    # the month or day (every loaded contact row is, STORY.md; relations rows may add a few)
    with Workspace(demo_workspace, create=False) as ws:
        dated = {ev.record_id: ev for edge in ws.iter_edges(["CONTACTED"]) for ev in edge.evidence
                 if ev.date and len(ev.date) >= 7}
        layouts = {rid: r.layout for rid, r in ws.get_records(dated).items()}
        contact_rows = sum(1 for layout in layouts.values() if layout == "contacts")
    # the approaches are the contacts rows (Approach nodes), not the relations files' rows
    assert months["approaches"].sum() == contact_rows < len(dated)
    import re

    from graphkit.resources import demo_dir

    story = (demo_dir() / "STORY.md").read_text(encoding="utf-8")
    loaded = int(re.search(r"^\| all \|.*\*\*(\d+)\*\* \|\s*$", story, re.M).group(1))
    assert contact_rows == loaded  # STORY.md's table: contact rows loaded, all cases
    assert set(months["month"]) >= {"2023-03", "2023-04"}
    mix = {(r["from"], r["to"]): r["contacts"] for r in sides.to_dict("records")}
    assert mix[("foreign", "domestic")] > sum(v for k, v in mix.items() if k != ("foreign", "domestic"))


def test_same_data_and_seed_give_the_same_report(demo_workspace, demo_report, tmp_path):
    from graphkit.reports import build_report

    with Workspace(demo_workspace, create=False) as ws:
        again = build_report(ws, tmp_path / "again", seed=0)
    for name in ("brokers.csv", "brokers_by_case.csv", "paths.csv", "approaches_by_month.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (demo_report.out_dir / name).read_bytes(), name
    strip = lambda m: {k: v for k, v in m.items() if k != "created"}  # noqa: E731
    assert strip(again.manifest) == strip(demo_report.manifest)


def test_report_header_counts_approaches_as_info_does(demo_report, demo_workspace):
    # issue 11.7: the header said 340 approaches (every record behind a CONTACTED edge, two
    # relations-file "contacted" rows included) while `info` counts 338 Approach nodes
    with Workspace(demo_workspace, create=False) as ws:
        approach_nodes = ws.counts()["Approach"]
    assert approach_nodes == sum(1 for _ in Workspace(demo_workspace, create=False).iter_nodes(["Approach"]))
    html = (demo_report.out_dir / "report.html").read_text(encoding="utf-8")
    assert f"{approach_nodes} approaches (contacts rows) and 2 more contact(s) from relations files" in html


def test_demo_report_counts_each_channel_once(demo_report):
    # issue 11.6: "networking site" 97 / "ビジネスSNS" 20, "conference" 41 / "学会" 13 and
    # "email" 58 / "メール" 8 were counted as different channels
    from graphkit import schema

    months = read_csv(demo_report.out_dir / "approaches_by_month.csv")
    channels = set(months["channel"])
    japanese = {t.word("ja") for t in schema.vocabulary("channel").values()}
    assert not channels & japanese, channels & japanese
    assert {"networking site", "email", "conference", "meeting", "trading house"} <= channels
    per_channel = months.groupby("channel")["approaches"].sum()
    assert per_channel["networking site"] > 97 and per_channel["conference"] > 41 and per_channel["email"] > 58
    assert not months.duplicated(["month", "channel"]).any()


def test_case_charts_star_the_brokers_of_their_own_story(demo_report):
    # Issue 11.5. STORY.md: Leon Varga brokers C-2023-02 (Sakura hires him; he introduces 佐藤 美咲
    # and the lab); 中村 彩 passes Wang Haoran's approach on in C-2023-01; Apex Talent Partners
    # introduces for Qiyun in C-2024-03; Sakura and Northstar front for Zhenhai in C-2024-04;
    # Hokuyo Trading fronts for Straits Machinery in C-2024-05.
    import re

    def starred(case: str) -> set[str]:
        page = (demo_report.out_dir / "cases" / f"{case}.html").read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/json" id="[^"]*">(.*?)</script>', page, re.S).group(1))
        names = [n["name"] for n in data["nodes"]]
        return {names[i] for i in data["meta"]["brokers"]}

    assert {"Leon Varga", "佐藤 美咲", "Sakura Advanced Materials K.K."} == starred("C-2023-02")
    assert {"Leon Varga", "中村 彩"} <= starred("C-2023-01")
    assert {"Leon Varga", "Apex Talent Partners Pte. Ltd."} <= starred("C-2024-03")
    assert {"Sakura Advanced Materials K.K.", "Northstar Composites Trading Ltd."} <= starred("C-2024-04")
    assert {"Hokuyo Trading K.K.", "Straits Machinery Trading Pte. Ltd."} <= starred("C-2024-05")
    assert "Park Min-jun" not in starred("C-2023-02")  # the competitor who only approaches
    page = (demo_report.out_dir / "report.html").read_text(encoding="utf-8")
    assert "starred along the case's approaches: 佐藤 美咲, Sakura Advanced Materials K.K., Leon Varga" in page
