"""Exports: node and edge tables, CSV/JSON files, GraphML and GEXF read back with networkx."""
from __future__ import annotations

import csv
import json

import networkx as nx

from tests.helpers.store_records import small_batch
from graphkit.workflows.export import export_edges, export_nodes, write_gexf, write_graphml, write_table
from graphkit.model import Batch, Node


def test_export_nodes_columns_and_values(ws):
    ws.write(small_batch())
    frame = export_nodes(ws)
    assert list(frame.columns)[:6] == ["id", "kind", "name", "aliases", "country", "foreign"]
    wang = frame.set_index("id").loc["p-wang"]
    assert (wang["kind"], wang["country"], wang["foreign"]) == ("Person", "CN", True)
    assert wang["cases"] == ["K1"] and wang["evidence"] == ["contacts:C1", "contacts:C2"]
    assert export_nodes(ws, ["Technology"])["name"].tolist() == ["EUV lithography"]


def test_export_edges_are_the_projection(ws):
    ws.write(small_batch())
    frame = export_edges(ws)
    assert len(frame) == 5
    sought = frame[frame["relation"] == "SOUGHT"].iloc[0]
    assert (sought["source_name"], sought["target_name"], sought["contacts"]) == ("Wang Lei", "EUV lithography", 2)
    assert (sought["first_date"], sought["last_date"]) == ("2024-05", "2024-06-03")
    assert sought["evidence"] == ["contacts:C1", "contacts:C2"]
    assert len(export_edges(ws, since="2024-06")) == 2  # CONTACTED Wang->Sato and SOUGHT have June evidence


def test_csv_is_spreadsheet_safe_and_lists_are_joined(ws, tmp_path):
    ws.write(Batch(nodes=[Node("p-1", "Person", "=HYPERLINK(\"http://x\")", {"＋81 3", "b"})]))
    path = write_table(export_nodes(ws), tmp_path / "nodes.csv", "csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        row = list(csv.DictReader(fh))[0]
    assert row["name"] == "'=HYPERLINK(\"http://x\")"
    assert row["aliases"] == "b; ＋81 3"  # sorted: the risky spelling is not first, so the cell is safe


def test_json_keeps_lists_and_values(ws, tmp_path):
    ws.write(small_batch())
    path = write_table(export_edges(ws), tmp_path / "edges.json", "json")
    rows = json.loads(path.read_text(encoding="utf-8"))
    holds = [r for r in rows if r["relation"] == "HOLDS"][0]
    assert holds["inferred"] is True and holds["evidence"] == ["contacts:C1"] and holds["reliability"] is None


def test_graphml_reads_back(ws, tmp_path):
    ws.write(small_batch())
    path = write_graphml(ws, tmp_path / "g.graphml")
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.is_directed()
    assert sorted(g.nodes) == ["i-apex", "p-sato", "p-wang", "t-euv"]
    assert g.nodes["p-wang"]["label"] == "Wang Lei" and g.nodes["p-wang"]["foreign"] is True
    assert g.nodes["p-wang"]["evidence"] == "contacts:C1; contacts:C2"
    [(key, data)] = [(k, d) for _, _, k, d in g.edges("p-wang", keys=True, data=True) if d["relation"] == "SOUGHT"]
    assert data["contacts"] == 2 and data["weight"] == 2.0 and data["first_date"] == "2024-05"
    assert "reliability" in data and "foreign" not in g.nodes["t-euv"]  # None values left out
    assert len({k for _, _, k in g.edges(keys=True)}) == 5  # unique edge ids


def test_gexf_reads_back(ws, tmp_path):
    ws.write(small_batch())
    g = nx.read_gexf(write_gexf(ws, tmp_path / "g.gexf", case="K1"))
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 5
    assert g.nodes["p-sato"]["label"] == "佐藤 健" and g.nodes["p-sato"]["org"] == "Tokyo Univ"
    relations = sorted(d["relation"] for _, _, d in g.edges(data=True))
    assert relations == ["CONTACTED", "CONTACTED", "HOLDS", "INTRODUCED", "SOUGHT"]


def test_edge_csv_has_the_bom_of_every_user_facing_csv_and_no_float_noise(ws, tmp_path):
    # issue 11.7: `export edges` CSV lacked the BOM the report CSVs have; floats such as
    # 0.1 + 0.5 were written 0.6000000000000001
    import pandas as pd

    path = write_table(pd.DataFrame({"source": ["山田"], "reliability": [0.1 + 0.5], "p": [[0.1 + 0.2]]}),
                       tmp_path / "edges.csv", "csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"0.6000000000000001" not in data
    assert data.decode("utf-8-sig").splitlines()[1] == "山田,0.6,0.3"
    json_path = write_table(pd.DataFrame({"reliability": [0.1 + 0.5]}), tmp_path / "edges.json", "json")
    assert json.loads(json_path.read_text(encoding="utf-8")) == [{"reliability": 0.6}]


def test_explain_shows_no_case_for_a_record_without_one():
    # issue 11.7: register rows (entities) have no case and were shown as "case nan"
    import pandas as pd

    from graphkit.workflows.explain import records_text

    frame = pd.DataFrame([{"record_id": "r1", "case_id": float("nan"), "layout": "entities", "file": "e.xlsx",
                           "row": 2, "seen_at": "e.xlsx:2", "name": "A"},
                          {"record_id": "r2", "case_id": "K1", "layout": "contacts", "file": "c.csv",
                           "row": 3, "seen_at": "c.csv:3", "name": ""}])
    text = records_text(frame)
    assert "nan" not in text
    assert "e.xlsx row 2  (entities, r1)" in text and "c.csv row 3  (contacts, case K1, r2)" in text
