"""Identity: natural ids, joining declared entities by name or alias, never merging on similarity."""
from __future__ import annotations

from graphkit.loaders.identity import Resolver, natural_id
from graphkit.model import Node, stable_id
from graphkit.normalize import match_key


def test_natural_id_is_identifier_else_name_key_org_country():
    assert natural_id("Company", "Acme", identifiers=["jp-corp:7010001008844"]) == stable_id(
        "Company", "jp-corp:7010001008844")
    assert natural_id("Person", "Yamada, Taro") == stable_id("Person", match_key("taro yamada"), "", "")
    assert natural_id("Person", "王偉", org="Acme") != natural_id("Person", "王偉")
    assert natural_id("Person", "王偉", country="CN") != natural_id("Person", "王偉", country="JP")
    # legal forms are ignored in the org part too
    assert natural_id("Person", "王偉", org="Acme Co., Ltd.") == natural_id("Person", "王偉", org="Acme")
    assert natural_id("Person", "A") != natural_id("Company", "A")


def test_a_name_joins_the_one_entity_that_declares_it():
    r = Resolver()
    wang = r.resolve_entity("Person", "王偉", aliases=["Wang Wei", "WANG, Wei"], country="CN", org="Acme")
    # the row gives no org or country: the known entity is joined
    assert r.resolve("Person", "wang wei") == wang
    assert r.resolve("Person", "Wei Wang") == wang  # "WANG, Wei" was declared: comma form
    # a row with the same org and country joins too; one that contradicts does not
    assert r.resolve("Person", "Wang Wei", country="CN") == wang
    assert r.resolve("Person", "Wang Wei", country="US") != wang
    # a different kind never joins
    assert r.resolve("Company", "Wang Wei") != wang


def test_ambiguous_names_keep_their_own_id():
    r = Resolver()
    cn = r.resolve_entity("Person", "Li Na", country="CN")
    sg = r.resolve_entity("Person", "Li Na", country="SG")
    assert cn != sg
    plain = r.resolve("Person", "Li Na")
    assert plain not in (cn, sg) and plain == natural_id("Person", "Li Na")


def test_identifiers_join_across_spellings():
    r = Resolver()
    first = r.resolve_entity("Company", "Acme Optics", identifiers=["email:info@acme.example"])
    again = r.resolve_entity("Company", "アクメ光学", identifiers=["jp-corp:7010001008844", "email:info@acme.example"])
    assert again == first


def test_seeded_from_stored_nodes():
    stored = Node(id="company-x", kind="Company", name="Acme Optics", aliases={"アクメ光学"},
                  properties={"country": "JP", "entity_id": "E1", "identifiers": ["jp-corp:7010001008844"]})
    r = Resolver.from_nodes([stored])
    assert r.resolve("Company", "アクメ光学株式会社") == "company-x"
    assert r.by_entity_id("E1") == "company-x"
    assert r.resolve_entity("Company", "Other", identifiers=["jp-corp:7010001008844"]) == "company-x"
    assert r.kind_of("company-x") == "Company" and r.name_of("company-x") == "Acme Optics"


def test_possible_duplicates_are_listed_never_merged():
    r = Resolver()
    a = r.resolve("Person", "髙橋 一郎")
    b = r.resolve("Person", "高橋 一郎")
    c = r.resolve("Company", "Zhang Wei Technologies")
    d = r.resolve("Company", "Zhang Wei Technology")
    e = r.resolve("Person", "Sato Ken")
    assert len({a, b, c, d, e}) == 5
    dups = {(x.kind, frozenset((x.id_a, x.id_b)), x.reason) for x in r.possible_duplicates()}
    # fuzz.ratio("zhang wei technologies", "zhang wei technology"): Indel distance 4 ("ies" out,
    # "y" in) over 22 + 20 characters: 1 - 4/42 = 0.9048 -> 90.5 >= 90
    assert dups == {("Person", frozenset((a, b)), "kanji variants"),
                    ("Company", frozenset((c, d)), "similar names")}
    scores = {x.reason: x.score for x in r.possible_duplicates()}
    assert scores["similar names"] == 90.5


def test_seeded_pairs_are_not_relisted():
    nodes = [Node(id="p1", kind="Person", name="髙橋一郎"), Node(id="p2", kind="Person", name="高橋一郎")]
    r = Resolver.from_nodes(nodes)
    assert r.possible_duplicates() == []
    assert len(r.possible_duplicates(include_seeded=True)) == 1


def test_blank_kind_takes_the_declared_kind():
    r = Resolver()
    r.resolve_entity("Company", "東都大学", aliases=["Tohto University"])
    assert r.known_kind("tohto university", ["Person", "Company", "Intermediary"]) == "Company"
    # known under two kinds: no guess
    r.resolve_entity("Person", "Tohto University")
    assert r.known_kind("Tohto University", ["Person", "Company"]) is None


def test_oversized_fuzzy_blocks_are_skipped_and_counted(monkeypatch):
    import graphkit.loaders.identity as identity

    monkeypatch.setattr(identity, "FUZZY_BLOCK_LIMIT", 2)
    r = Resolver()
    for name in ("Zhang Wei Technologies", "Zhang Wei Technology", "Zhang Min"):
        r.resolve("Company", name)
    assert r.possible_duplicates() == []  # the "z" block has 3 names > 2
    assert r.fuzzy_skipped == 3
