"""Organisation columns become nodes (issue 13.3), on both stores with the real loaders.

A contacts row's ``from_org`` / ``to_org`` / ``via_org`` names the organisation of a party: a
Company node (or the one actor kind the register knows the name as), tied to the party by
EMPLOYED_BY (a person) or AFFILIATED_WITH (a company or go-between), each tie citing its row,
and resolved by the same identity rules as every name, so an org spelled as the register
spells it, or as one of its aliases, or with another legal form, joins the register's node.
Expected values are read off the files below by hand.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable

import pytest

from graphkit.ingest import load_files
from graphkit.projection import actor_graph
from graphkit.store.base import Store

ENTITIES = [
    ["entity_id", "kind", "name", "aliases", "country", "org", "identifiers"],
    ["E-1", "company", "東都精機株式会社", "Toto Seiki; トウト精機", "JP", "", ""],
    ["E-2", "intermediary", "Apex Talent Partners Pte. Ltd.", "Apex Talent", "SG", "", ""],
]
CONTACTS = [
    ["contact_id", "date", "from_name", "from_kind", "from_country", "from_org", "to_name", "to_kind",
     "to_country", "to_org", "via_name", "via_kind", "via_org"],
    # row 2: the register's spelling
    ["C-1", "2024-05-01", "Li Wei", "person", "CN", "Huaxin Semiconductor Research Institute",
     "山田 太郎", "person", "JP", "東都精機株式会社", "", "", ""],
    # row 3: another legal form (㈱ prefix) of the same firm, and a go-between with its own org
    ["C-2", "2024-06", "Li Wei", "person", "CN", "Huaxin Semiconductor Research Institute",
     "佐藤 花子", "person", "JP", "㈱東都精機", "Global Talent Partners", "intermediary", "GTP Holdings Pte. Ltd."],
    # row 4: an alias of the firm; the approacher is a company whose org is a firm the register
    # declares an intermediary (so the org node keeps that kind)
    ["C-3", "2024-07", "Pacific Bridge Trading Ltd", "company", "HK", "Apex Talent",
     "鈴木 一郎", "person", "JP", "Toto Seiki", "", "", ""],
]

@pytest.fixture
def files(tmp_path: Path) -> Callable[[], list[Path]]:
    def write() -> list[Path]:
        paths = []
        for name, rows in (("entities.csv", ENTITIES), ("contacts.csv", CONTACTS)):
            path = tmp_path / name
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(rows)
            paths.append(path)
        return paths
    return write


def one(store: Store, name: str) -> str:
    ids = store.find_node_ids(name)
    assert len(ids) == 1, (name, ids)
    return ids[0]


def ties(store: Store, person: str, org: str) -> dict[str, list[int]]:
    """relation -> the rows its evidence cites, for the edges from ``person`` to ``org``."""
    a, b = one(store, person), one(store, org)
    return {e.relation: sorted(v.row for v in e.evidence)
            for e in store.edges_between(a, b) if e.source == a}


def test_org_columns_become_company_nodes_joined_to_the_register(store: Store, files):
    entities, contacts = files()
    report = load_files([contacts, entities], store)
    assert report.total.rejected == 0
    firm = store.get_node(one(store, "東都精機株式会社"))
    assert firm is not None and firm.kind == "Company"
    # the register's node (its entity id and country), with every spelling the rows used
    assert firm.properties.get("entity_id") == "E-1" and firm.properties.get("country") == "JP"
    assert {"㈱東都精機", "Toto Seiki", "東都精機株式会社"} <= firm.aliases
    assert one(store, "㈱東都精機") == one(store, "Toto Seiki") == firm.id
    # each employee is EMPLOYED_BY the firm, citing the row that says so
    assert ties(store, "山田 太郎", "東都精機株式会社") == {"EMPLOYED_BY": [2]}
    assert ties(store, "佐藤 花子", "東都精機株式会社") == {"EMPLOYED_BY": [3]}
    assert ties(store, "鈴木 一郎", "東都精機株式会社") == {"EMPLOYED_BY": [4]}
    # an org no register names is a Company node of its own; two rows, one tie citing both
    huaxin = store.get_node(one(store, "Huaxin Semiconductor Research Institute"))
    assert huaxin is not None and huaxin.kind == "Company" and "country" not in huaxin.properties
    assert ties(store, "Li Wei", "Huaxin Semiconductor Research Institute") == {"EMPLOYED_BY": [2, 3]}
    # a go-between's org (via_org) and a company's org are affiliations, not employment; a
    # firm the register declares an intermediary stays one
    assert ties(store, "Global Talent Partners", "GTP Holdings Pte. Ltd.") == {"AFFILIATED_WITH": [3]}
    apex = store.get_node(one(store, "Apex Talent"))
    assert apex is not None and apex.kind == "Intermediary" and apex.properties.get("entity_id") == "E-2"
    assert ties(store, "Pacific Bridge Trading Ltd", "Apex Talent") == {"AFFILIATED_WITH": [4]}
    counts = store.counts()
    # companies: 東都精機, Huaxin, GTP Holdings, Pacific Bridge; intermediaries: Apex, GTP
    assert (counts["Company"], counts["Intermediary"], counts["Person"]) == (4, 2, 4)
    assert (counts["EMPLOYED_BY"], counts["AFFILIATED_WITH"]) == (4, 2)
    # the orgs are actors of the projection analysis uses (Company is an actor kind)
    G = actor_graph(store)
    assert G.nodes[firm.id]["kind"] == "Company" and G.in_degree(firm.id) == 3
    # loading the same files again changes nothing
    again = load_files([contacts, entities], store)
    assert again.total.loaded == 0 and store.counts() == counts
