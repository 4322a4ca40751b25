"""Whole loads into a real workspace: formats, reload no-op, overlaps, identity, rejects, file errors."""
from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from graphkit.errors import FileFormatError, MappingError
from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace

HEADER = ["contact_id", "case_id", "date", "from_name", "from_kind", "from_country", "to_name", "to_kind",
          "to_country", "to_org", "via_name", "technology", "channel", "reliability"]
CONTACTS = [
    HEADER,
    ["C-001", "K-1", "令和6年5月1日", "李 偉", "個人", "中国", "山田 太郎", "", "日本", "東都大学", "", "EUV露光; 量子センサ", "LinkedIn", "B"],
    ["C-002", "K-1", "R6.5", "李 偉", "", "CN", "佐藤 花子", "", "JP", "東都大学", "Global Talent Partners", "EUV露光", "headhunter", "0.6"],
    ["C-003", "K-1", "2024-02-30", "李 偉", "", "CN", "鈴木", "", "JP", "", "", "", "", ""],  # impossible date
    ["C-004", "K-2", "H15.3", "ＡＣＭＥ Trading", "法人", "香港", "NA", "", "", "", "", "AI accelerator", "conference", "80%"],
    ["C-005", "K-2", "2024", "Unknown Ltd", "company", "Atlantis", "X", "", "", "", "", "", "", ""],  # bad country
    ["C-006", "K-2", "2024", "Zed", "", "", "", "", "", "", "", "", "", ""],  # missing to_name
]


def snapshot(ws: Workspace) -> tuple:
    """Everything a load wrote, in a comparable form."""
    nodes = sorted((n.id, n.kind, n.name, tuple(sorted(n.aliases)), json.dumps(n.properties, sort_keys=True),
                    tuple(sorted(n.evidence))) for n in ws.iter_nodes())
    edges = sorted((e.id, e.relation, json.dumps(e.properties, sort_keys=True),
                    tuple(sorted((v.record_id, v.file, v.row) for v in e.evidence))) for e in ws.iter_edges())
    return nodes, edges, ws.record_count()


def find(ws: Workspace, name: str):
    ids = ws.find_node_ids(name)
    assert len(ids) == 1, (name, ids)
    return ws.get_node(ids[0])


def test_contacts_load_counts_and_rejects(write_csv, workspace):
    path = write_csv("contacts.csv", CONTACTS)
    report = load_files([path], workspace)
    (file_report,) = report.files
    assert (file_report.read, file_report.loaded, file_report.merged, file_report.rejected) == (6, 3, 0, 3)
    assert [(r.row, r.reason.split(":")[0]) for r in report.rejects] == [
        (4, "date"), (6, "from_country"), (7, "to_name")]
    # the rejects file in the workspace holds the same three rows with their cells
    lines = workspace.rejects_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "file,row,layout,reason,raw" and len(lines) == 4
    assert lines[1].startswith(f"{path},4,contacts,date: February 2024 has 29 days")
    counts = workspace.counts()
    # people: 李 偉, 山田 太郎, 佐藤 花子, NA; companies: ACME Trading and 東都大学 (the to_org of
    # C-001 and C-002, one node); intermediary: Global Talent Partners
    assert (counts["Person"], counts["Company"], counts["Intermediary"]) == (4, 2, 1)
    # 山田 太郎 and 佐藤 花子 are each EMPLOYED_BY 東都大学 (their rows' to_org)
    assert counts["EMPLOYED_BY"] == 2
    # technologies: EUV露光, 量子センサ, AI accelerator; cases K-1, K-2; three approach events
    assert (counts["Technology"], counts["Case"], counts["Approach"]) == (3, 2, 3)
    # C-001 direct, C-004 direct: CONTACTED x2, plus C-002 李 -> GTP; INTRODUCED GTP -> 佐藤
    assert (counts["CONTACTED"], counts["INTRODUCED"]) == (3, 1)
    li = find(workspace, "李 偉")
    assert li.properties["country"] == "CN" and li.properties["foreign"] is True
    assert find(workspace, "NA").kind == "Person"  # 'NA' is a name, not a missing value
    acme = find(workspace, "ACME Trading")  # width-folded display name, raw spelling as alias
    assert acme.kind == "Company" and "ＡＣＭＥ Trading" in acme.aliases and acme.properties["country"] == "HK"


def test_evidence_cites_file_row_ids_and_dates(write_csv, workspace):
    path = write_csv("contacts.csv", CONTACTS)
    load_files([path], workspace)
    li, gtp = find(workspace, "李 偉"), find(workspace, "Global Talent Partners")
    (edge,) = [e for e in workspace.edges_between(li.id, gtp.id) if e.relation == "CONTACTED"]
    (ev,) = edge.evidence
    assert (ev.file, ev.row, ev.source_id, ev.case_id, ev.date, ev.reliability, ev.channel) == (
        str(path), 3, "C-002", "K-1", "2024-05", 0.6, "headhunter")
    record = workspace.get_records([ev.record_id])[ev.record_id]
    assert record.raw["date"] == "R6.5" and record.layout == "contacts"


def test_utf8_bom_cp932_xlsx_and_jsonl_give_the_same_graph(tmp_path, write_csv):
    good = [row for row in CONTACTS if row[0] in ("contact_id", "C-001", "C-002", "C-004")]
    files = {
        "utf8": write_csv("c_utf8.csv", good, "utf-8"),
        "bom": write_csv("c_bom.csv", good, "utf-8-sig"),
        "cp932": write_csv("c_sjis.csv", good, "cp932"),
    }
    book = openpyxl.Workbook()
    for row in good:
        book.active.append(row)
    book.save(tmp_path / "c.xlsx")
    files["xlsx"] = tmp_path / "c.xlsx"
    with open(tmp_path / "c.jsonl", "w", encoding="utf-8") as fh:
        for row in good[1:]:
            fh.write(json.dumps(dict(zip(HEADER, row)), ensure_ascii=False) + "\n")
    files["jsonl"] = tmp_path / "c.jsonl"
    graphs = {}
    for name, path in files.items():
        with Workspace(tmp_path / f"ws_{name}") as ws:
            report = load_files([path], ws)
            assert (report.total.read, report.total.loaded, report.total.rejected) == (3, 3, 0), name
            nodes, edges, records = snapshot(ws)
            # compare without the file names in the evidence
            graphs[name] = ([n[:5] for n in nodes], [e[:3] for e in edges], records)
    assert all(g == graphs["utf8"] for g in graphs.values())


def test_reloading_the_same_file_changes_nothing(write_csv, workspace):
    path = write_csv("contacts.csv", CONTACTS)
    load_files([path], workspace)
    before = snapshot(workspace)
    again = load_files([path], workspace)
    t = again.total
    assert (t.read, t.loaded, t.merged, t.rejected, t.nodes_new, t.edges_new) == (6, 0, 3, 3, 0, 0)
    assert t.nodes_merged > 0 and t.edges_merged > 0
    assert snapshot(workspace) == before


def test_renamed_copy_and_overlapping_files_merge(tmp_path, write_csv, workspace):
    # no contact ids: records are identified by their content
    header = ["from_name", "to_name", "date", "technology"]
    a = write_csv("agency_a.csv", [header, ["Li Wei", "Sato", "2024-01", "EUV"], ["Li Wei", "Ito", "2024-02", ""],
                                   ["Ito", "Kato", "2024", ""]])
    b = write_csv("agency_b.csv", [header, ["Ito", "Kato", "2024", ""], ["Li  Wei", "Ｓａｔｏ", "2024-01", "EUV "],
                                   ["Li Wei", "Mori", "2024-03", ""]])
    first = load_files([a], workspace)
    assert first.total.loaded == 3
    copy = tmp_path / "renamed.csv"
    shutil.copy(a, copy)
    renamed = load_files([copy], workspace)
    assert (renamed.total.loaded, renamed.total.merged, renamed.total.nodes_new, renamed.total.edges_new) == (0, 3, 0, 0)
    overlap = load_files([b], workspace)
    # two of b's rows are a's rows (one re-spaced and full-width): only Li Wei -> Mori is new
    assert (overlap.total.loaded, overlap.total.merged) == (1, 2)
    assert workspace.record_count() == 4
    li, sato = find(workspace, "Li Wei"), find(workspace, "Sato")
    (contacted,) = [e for e in workspace.edges_between(li.id, sato.id) if e.relation == "CONTACTED"]
    # one record, read from three files: the edge has one piece of evidence
    assert len(contacted.evidence) == 1
    locations = workspace.record_locations([contacted.evidence[0].record_id])
    assert sorted(f for f, _ in next(iter(locations.values()))) == sorted([str(a), str(copy), str(b)])


def test_contacts_naming_an_alias_land_on_the_declared_entity(write_csv, workspace):
    entities = write_csv("entities.csv", [
        ["entity_id", "kind", "name", "aliases", "country", "org", "identifiers"],
        ["E1", "法人", "株式会社アクメ光学", "Acme Optics; アクメ", "JP", "", "7010001008844"],
        ["E2", "仲介", "Global Talent Partners", "GTP; グローバル・タレント", "SG", "", "email:info@gtp.example"],
        ["E3", "個人", "王 偉", "Wang Wei; WANG, Wei", "中国", "", ""],
    ])
    contacts = write_csv("contacts.csv", [
        ["from_name", "from_kind", "to_name", "to_kind", "via_name"],
        ["Wei Wang", "", "Acme Optics KK", "company", "GTP"],
        ["ワン・ウェイ", "", "アクメ光学 株式会社", "法人", "グローバル タレント"],
    ])
    # contacts listed first: entities still load first
    report = load_files([contacts, entities], workspace)
    assert [f.layout for f in report.files] == ["entities", "contacts"]
    acme = find(workspace, "株式会社アクメ光学")
    assert acme.kind == "Company" and acme.properties["corporate_number"] == "7010001008844"
    assert {"Acme Optics KK", "アクメ光学 株式会社", "Acme Optics", "アクメ"} <= acme.aliases
    gtp = find(workspace, "Global Talent Partners")
    assert {"GTP", "グローバル タレント"} <= gtp.aliases
    wang = find(workspace, "王 偉")
    assert "Wei Wang" in wang.aliases  # "WANG, Wei" declared: the comma form matches "Wei Wang"
    # ワン・ウェイ is a different spelling no entity declares: its own node, not merged
    assert find(workspace, "ワン・ウェイ").id != wang.id
    assert workspace.counts()["Company"] == 1 and workspace.counts()["Intermediary"] == 1


def test_name_variants_are_listed_not_merged(write_csv, workspace):
    path = write_csv("c.csv", [["from_name", "to_name"], ["Li Wei", "髙橋 一郎"], ["Li Wei", "高橋 一郎"]])
    report = load_files([path], workspace)
    assert workspace.counts()["Person"] == 3
    (dup,) = report.possible_duplicates
    assert {dup.name_a, dup.name_b} == {"髙橋 一郎", "高橋 一郎"} and dup.reason == "kanji variants"
    assert list(report.duplicates_frame().columns) == ["kind", "id_a", "name_a", "id_b", "name_b", "score", "reason"]


def test_a_file_that_cannot_load_stops_before_anything_is_written(tmp_path, write_csv, workspace):
    good = write_csv("good.csv", CONTACTS)
    no_to = write_csv("no_to.csv", [["from_name", "date"], ["A", "2024"]])
    with pytest.raises(FileFormatError) as err:
        load_files([good, no_to], workspace)
    assert str(err.value) == (f"{no_to}: missing required column to_name for the contacts layout; "
                              "columns found: from_name, date")
    noise = tmp_path / "noise.csv"
    noise.write_bytes(bytes(range(0x80, 0x100)) * 40)
    with pytest.raises(FileFormatError, match="cannot be decoded as text; tried utf-8, cp932"):
        load_files([good, noise], workspace)
    unknown = write_csv("odd.csv", [["氏名", "会社"], ["A", "B"]])
    with pytest.raises(FileFormatError, match=r"cannot tell which record layout .* give --kind"):
        load_files([unknown], workspace)
    assert workspace.counts() == {} and workspace.record_count() == 0
    assert not workspace.rejects_path.exists()


def test_kind_forces_the_layout_and_must_agree_with_the_mapping(tmp_path, write_csv, workspace):
    path = write_csv("people.csv", [["name", "country"], ["王偉", "CN"]])
    report = load_files([path], workspace, layout="entities")
    assert report.files[0].layout == "entities" and report.total.loaded == 1
    mapping = tmp_path / "m.toml"
    mapping.write_text('layout = "contacts"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="the mapping is for the contacts layout but --kind entities"):
        load_files([path], workspace, layout="entities", mapping=mapping)


AGENCY_MAPPING = """
layout = "contacts"
home_country = "JP"

[columns]
contact_id = "整理番号"
date = "接触日"
from_name = "接触者"
from_kind = "接触者区分"
from_country = "接触者国籍"
to_name = "対象者"
to_org = "対象者所属"
technology = "関心技術"

[values.kinds]
"個人" = "person"
"法人" = "company"
"仲介業者" = "intermediary"

[dates]
date = "%Y/%m/%d"
"""


def test_agency_spreadsheet_with_a_mapping_file(tmp_path, write_csv, workspace):
    mapping = tmp_path / "agency.toml"
    mapping.write_text(AGENCY_MAPPING, encoding="utf-8")
    path = write_csv("接触記録.csv", [
        ["整理番号", "接触日", "接触者", "接触者区分", "接触者国籍", "対象者", "対象者所属", "関心技術", "備考"],
        ["0001", "2024/05/01", "ＡＣＭＥ商事", "法人", "中国", "山田 太郎", "東都大学", "量子センサ；EUV露光", "x"],
        ["0002", "令和6年6月", "李 偉", "個人", "中国", "佐藤 花子", "", "", ""],
        ["0003", "2024/13/01", "李 偉", "個人", "中国", "鈴木", "", "", ""],
    ], "cp932")
    report = load_files([path], workspace, mapping=mapping)
    t = report.total
    assert (t.read, t.loaded, t.rejected) == (3, 2, 1)
    # 2024/13/01 fails the mapping's format and the general reader: month 13
    assert report.rejects[0].row == 4 and report.rejects[0].reason.startswith("date: ")
    assert find(workspace, "ACME商事").kind == "Company"
    assert workspace.counts()["Technology"] == 2  # 量子センサ and EUV露光 from one cell
    rec = workspace.get_records([e.record_id for e in find_edge_evidence(workspace, "ACME商事")])
    assert {r.source_id for r in rec.values()} == {"0001"}  # leading zeros kept


def find_edge_evidence(ws, name):
    node = find(ws, name)
    return [v for e in ws.iter_edges(["CONTACTED"]) if e.source == node.id for v in e.evidence]


def test_chunk_size_does_not_change_the_result(tmp_path, write_csv):
    path = write_csv("contacts.csv", CONTACTS)
    with Workspace(tmp_path / "one") as one, Workspace(tmp_path / "many") as many:
        a = load_files([path], one, chunk_size=1)
        b = load_files([path], many, chunk_size=10_000)
        assert snapshot(one) == snapshot(many)
        assert (a.total.read, a.total.loaded, a.total.rejected) == (b.total.read, b.total.loaded, b.total.rejected)


def test_relations_and_cases_files(write_csv, workspace):
    cases = write_csv("cases.csv", [["case_id", "title", "opened", "status"], ["K-1", "EUV 技術流出", "令和5年4月", "open"]])
    entities = write_csv("entities.csv", [["entity_id", "kind", "name"], ["E1", "company", "Acme KK"]])
    relations = write_csv("relations.csv", [
        ["from_name", "to_id", "relation", "date", "case_id"],
        ["山田 太郎", "E1", "勤務", "2019", "K-1"],
        ["山田 太郎", "E1", "friends with", "2019", "K-1"],
    ])
    report = load_files([relations, entities, cases], workspace)
    assert [f.layout for f in report.files] == ["cases", "entities", "relations"]
    assert report.total.rejected == 1 and report.rejects[0].reason.startswith("relation: relation the schema does not know")
    case = find(workspace, "EUV 技術流出")
    assert case.kind == "Case" and case.properties["opened"] == "2023-04"
    (employed,) = list(workspace.iter_edges(["EMPLOYED_BY"]))
    assert employed.target == find(workspace, "Acme KK").id
    # the relation row names case K-1: the same Case node the cases file declared
    part_of = [e for e in workspace.iter_edges(["PART_OF"])]
    assert {e.target for e in part_of} == {case.id}


def test_mapping_header_row_for_sheets_with_title_rows(tmp_path, workspace):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "接触記録"
    sheet.append(["令和6年度 接触記録（部外秘）"])
    sheet.append(["氏名", "相手方", "日付"])
    sheet.append(["李 偉", "山田 太郎", "R6.5.1"])
    sheet.append(["李 偉", "", "R6.5.2"])
    book.save(tmp_path / "log.xlsx")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("layout: contacts\nsheet: 接触記録\nheader_row: 2\n"
                       "columns: {from_name: 氏名, to_name: 相手方, date: 日付}\n", encoding="utf-8")
    report = load_files([tmp_path / "log.xlsx"], workspace, mapping=mapping)
    assert (report.total.read, report.total.loaded, report.total.rejected) == (2, 1, 1)
    assert (report.rejects[0].row, report.rejects[0].reason) == (4, "to_name: required value is missing")


def test_a_mapping_without_layout_guesses_from_the_mapped_fields(tmp_path, write_csv, workspace):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\nfrom_name = "接触者"\nto_name = "対象者"\n', encoding="utf-8")
    path = write_csv("log.csv", [["接触者", "対象者"], ["李 偉", "山田 太郎"]])
    report = load_files([path], workspace, mapping=mapping)
    assert report.files[0].layout == "contacts" and report.total.loaded == 1
