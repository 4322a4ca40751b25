"""The example files in docs/examples load as docs/record-layouts.md says."""
from __future__ import annotations

from pathlib import Path

from graphkit.ingest import load_files

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_example_files_load_cleanly_and_join_their_entities(workspace):
    files = [EXAMPLES / f"{name}.csv" for name in ("contacts", "relations", "entities", "cases")]
    report = load_files(files, workspace)
    assert [f.layout for f in report.files] == ["cases", "entities", "contacts", "relations"]
    assert (report.total.read, report.total.rejected) == (19, 0)  # 2 cases, 7 entities, 6 contacts, 4 relations
    counts = workspace.counts()
    # people: 李 偉, 山田 太郎, 佐藤 花子, 鈴木 一郎, 高橋 健, 髙橋 健, Wang Fang, Chen Hao
    assert counts["Person"] == 8
    # companies: 東都大学, 株式会社サクラ精密, Pacific Bridge Trading Ltd, and Huaxin Semiconductor
    # Research Institute (Li Wei's from_org in C-0001; the other orgs are the register's own
    # firms, joined by name); one intermediary (GTP)
    assert (counts["Company"], counts["Intermediary"]) == (4, 1)
    # technologies: EUV lithography (3 spellings), quantum sensing (2), photoresist
    assert counts["Technology"] == 3
    li = workspace.get_node(workspace.find_node_ids("李 偉")[0])
    assert {"Li Wei", "李 偉"} <= li.aliases and li.properties["foreign"] is True
    (dup,) = report.possible_duplicates
    assert {dup.name_a, dup.name_b} == {"高橋 健", "髙橋 健"}


def test_agency_file_loads_through_its_mapping(workspace):
    load_files([EXAMPLES / f"{n}.csv" for n in ("cases", "entities", "contacts")], workspace)
    before = workspace.counts()
    report = load_files([EXAMPLES / "agency-contacts.csv"], workspace, mapping=EXAMPLES / "agency-mapping.toml")
    assert (report.total.read, report.total.loaded, report.total.rejected) == (3, 3, 0)
    after = workspace.counts()
    # ＰＢＴ, 李　偉, Ｌｉ　Ｗｅｉ, ＧＴＰ, 高橋　健, 佐藤　花子, 鈴木　一郎, 極端紫外線リソグラフィ, 量子センサ and
    # ＥＵＶ露光 are all spellings of nodes already there: only three approach events are new
    assert after["Approach"] == before["Approach"] + 3
    for kind in ("Person", "Company", "Intermediary", "Technology"):
        assert after[kind] == before[kind], kind
    pbt = workspace.get_node(workspace.find_node_ids("Pacific Bridge Trading Ltd")[0])
    assert "ＰＢＴ" in pbt.aliases


def test_example_channel_and_outcome_words_all_have_a_code(workspace):
    # docs/record-layouts.md, "Channels and outcomes": the documented examples use only words
    # the vocabulary knows (directly or through the agency's value maps)
    from graphkit.ingest import unmapped_lines

    plain = load_files([EXAMPLES / f"{n}.csv" for n in ("cases", "entities", "contacts")], workspace)
    agency = load_files([EXAMPLES / "agency-contacts.csv"], workspace, mapping=EXAMPLES / "agency-mapping.toml")
    assert unmapped_lines(plain) == [] and unmapped_lines(agency) == []
    channels = {n.properties.get("channel") for n in workspace.iter_nodes(["Approach"])}
    assert channels == {"networking_site", "conference", "email", "headhunter"}
