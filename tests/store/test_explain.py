"""explain: name resolution, node provenance, edge evidence."""
from __future__ import annotations

import pytest

from tests.helpers.store_records import edge, evidence, person, record, small_batch
from graphkit.errors import NotFound
from graphkit.workflows.explain import explain_edge, explain_node, resolve_node
from graphkit.model import Batch, Node


def test_resolution_order_id_then_name_then_alias_then_folded(ws):
    ws.write(small_batch())
    ws.write(Batch(nodes=[Node("c-1", "Company", "株式会社 山田製作所", {"㈱山田製作所"})]))
    assert resolve_node(ws, "p-wang").name == "Wang Lei"  # exact id
    assert resolve_node(ws, "佐藤 健").id == "p-sato"  # exact name
    assert resolve_node(ws, "㈱山田製作所").id == "c-1"  # exact alias
    assert resolve_node(ws, "ＷＡＮＧ　ＬＥＩ").id == "p-wang"  # full width, case, ideographic space
    assert resolve_node(ws, "山田製作所").id == "c-1"  # legal form ignored for matching


def test_ambiguous_name_lists_candidates(ws):
    ws.write(Batch(nodes=[person("p-1", "Li Wei"), person("p-2", "Li Wei")]))
    with pytest.raises(NotFound) as info:
        resolve_node(ws, "Li Wei")
    assert "p-1" in str(info.value) and "p-2" in str(info.value)


def test_unknown_name_suggests_but_never_merges(ws):
    ws.write(Batch(nodes=[person("p-1", "高橋 一郎")]))
    with pytest.raises(NotFound, match="高橋 一郎") as info:
        resolve_node(ws, "髙橋 一郎")  # a kanji variant: a question for a human
    assert "did you mean" in str(info.value)
    with pytest.raises(NotFound, match="no node named 'zzz'"):
        resolve_node(ws, "zzz")


def test_explain_node_lists_every_supporting_record_with_raw_cells(ws):
    ws.write(small_batch())
    ws.write(Batch(records=[record(1, file="copy.csv", from_name="Wang Lei", to_name="佐藤 健")]))
    found = explain_node(ws, "Wang Lei")
    assert found["node"]["id"] == "p-wang" and found["node"]["properties"]["country"] == "CN"
    frame = found["records"]
    assert frame["record_id"].tolist() == ["contacts:C1", "contacts:C2"]
    assert frame["row"].tolist() == [2, 3] and frame["case_id"].tolist() == ["K1", "K1"]
    assert frame.loc[0, "seen_at"] == "contacts.csv:2; copy.csv:2"
    assert frame.loc[0, "from_name"] == "Wang Lei" and frame.loc[0, "to_name"] == "佐藤 健"


def test_explain_edge_both_directions_one_row_per_evidence(ws):
    ws.write(small_batch())
    ws.write(Batch(edges=[edge("p-sato", "CONTACTED", "p-wang", evidence(5, date="2025-01"))]))
    frame = explain_edge(ws, "Wang Lei", "佐藤 健")
    assert sorted(zip(frame["direction"], frame["relation"], frame["record_id"])) == [
        ("A -> B", "CONTACTED", "contacts:C2"), ("B -> A", "CONTACTED", "contacts:C5")]
    row = frame[frame["record_id"] == "contacts:C2"].iloc[0]
    assert (row["date"], row["reliability"], row["file"], row["row"]) == ("2024-06-03", 0.4, "contacts.csv", 3)


def test_explain_edge_without_relation_is_not_found(ws):
    ws.write(small_batch())
    with pytest.raises(NotFound, match="no relation recorded"):
        explain_edge(ws, "Apex Consulting", "EUV lithography")


def test_unknown_name_suggests_each_node_once(ws):
    # issue 11: three aliases of one node were offered as three suggestions
    ws.write(Batch(nodes=[Node("c-zh", "Company", "Zhenhai Frontier Technologies Co., Ltd.",
                               {"Zhenhai Frontier Tech", "Zhenhai Frontier Technologies", "Zhenhai Frontier"})]))
    with pytest.raises(NotFound) as info:
        resolve_node(ws, "Zhenhai Fronteir Tech")
    message = str(info.value)
    assert message.count("Zhenhai Frontier") == 2, message  # the name, and the one alias that matched
    assert "did you mean: 'Zhenhai Frontier Technologies Co., Ltd.' (alias 'Zhenhai Frontier Tech')?" in message
