"""One row -> record, nodes and edges; bad rows -> the reject's reason."""
from __future__ import annotations

import pytest

from graphkit.errors import BadValue
from graphkit.loaders.batches import rows_to_batch
from graphkit.loaders.cases import case_row
from graphkit.loaders.common import RowContext, record_id
from graphkit.loaders.contacts import contact_row
from graphkit.loaders.entities import entity_row
from graphkit.loaders.mapping import mapping_from_dict
from graphkit.loaders.readers import RawRow
from graphkit.loaders.relations import relation_row
from graphkit.model import edge_id


def ctx(layout="contacts", **kw):
    return RowContext(file="f.csv", layout=layout, **kw)


def by_relation(result):
    out = {}
    for e in result.edges:
        out.setdefault(e.relation, []).append(e)
    return out


def names(result):
    return {n.id: n.name for n in result.nodes}


def test_contact_without_intermediary():
    r = contact_row({"contact_id": "C-1", "case_id": "K1", "date": "令和6年5月", "from_name": "Li Wei",
                     "from_country": "中華人民共和国", "to_name": "山田 太郎", "to_org": "東都大学",
                     "technology": "EUV lithography; 量子センサ", "channel": "LinkedIn",
                     "outcome": "declined", "reliability": "B"}, 7, ctx())
    n = names(r)
    rel = by_relation(r)
    (contacted,) = rel["CONTACTED"]
    assert (n[contacted.source], n[contacted.target]) == ("Li Wei", "山田 太郎")
    assert "INTRODUCED" not in rel and "VIA" not in rel
    # the approach node and its role edges
    approach = next(x for x in r.nodes if x.kind == "Approach")
    assert approach.name == "C-1"
    # the channel as its vocabulary code (issue 11.6); the word as written stays in the record
    assert approach.properties == {"contact_id": "C-1", "case_id": "K1", "date": "2024-05",
                                   "channel": "networking_site", "outcome": "declined", "reliability": 0.8}
    assert r.record.raw["channel"] == "LinkedIn"
    assert rel["MADE"][0].target == approach.id and rel["TARGETED"][0].source == approach.id
    assert sorted(n[e.target] for e in rel["CONCERNS"]) == ["EUV lithography", "量子センサ"]
    assert sorted(n[e.target] for e in rel["SOUGHT"]) == ["EUV lithography", "量子センサ"]
    # the approached party is taken to hold the technology: marked inferred
    assert all(e.properties == {"inferred": True} and n[e.source] == "山田 太郎" for e in rel["HOLDS"])
    assert all(e.properties == {} for e in rel["SOUGHT"])
    # case membership: the approach is part of the case (its parties reach it through the approach)
    assert [(e.source, n[e.target]) for e in rel["PART_OF"]] == [(approach.id, "K1")]
    # every edge cites the row, with the date at its precision and the grade as a number
    # (B = 0.8 in graphkit.normalize.ADMIRALTY_GRADES)
    ev = contacted.evidence[0]
    assert (ev.file, ev.row, ev.source_id, ev.case_id, ev.date, ev.reliability, ev.channel, ev.outcome) == (
        "f.csv", 7, "C-1", "K1", "2024-05", 0.8, "networking_site", "declined")  # codes (issue 11.6)
    assert all(e.evidence == [ev] for e in r.edges if e.relation != "EMPLOYED_BY")
    # to_org: 山田 太郎 is EMPLOYED_BY the Company 東都大学 (issue 13.3); the tie cites the same row,
    # date and reliability, but no channel, outcome or weight (it is stated, not a contact)
    (employed,) = rel["EMPLOYED_BY"]
    assert (n[employed.source], n[employed.target]) == ("山田 太郎", "東都大学")
    assert next(x for x in r.nodes if x.id == employed.target).kind == "Company"
    (stated,) = employed.evidence
    assert (stated.record_id, stated.file, stated.row, stated.source_id, stated.case_id, stated.date,
            stated.reliability, stated.channel, stated.outcome, stated.weight) == (
        ev.record_id, "f.csv", 7, "C-1", "K1", "2024-05", 0.8, None, None, None)
    # foreign by country against home JP; org kept
    li = next(x for x in r.nodes if x.name == "Li Wei")
    assert li.properties == {"country": "CN", "foreign": True}
    yamada = next(x for x in r.nodes if x.name == "山田 太郎")
    assert yamada.properties == {"org": "東都大学"} and yamada.kind == "Person"


def test_contact_through_an_intermediary_runs_through_it():
    r = contact_row({"from_name": "Li Wei", "to_name": "Sato", "via_name": "Global Talent Partners",
                     "via_country": "SG"}, 2, ctx())
    n = names(r)
    rel = by_relation(r)
    assert [(n[e.source], n[e.target]) for e in rel["CONTACTED"]] == [("Li Wei", "Global Talent Partners")]
    assert [(n[e.source], n[e.target]) for e in rel["INTRODUCED"]] == [("Global Talent Partners", "Sato")]
    via = next(x for x in r.nodes if x.name == "Global Talent Partners")
    assert via.kind == "Intermediary"  # via defaults to intermediary
    assert via.properties == {"country": "SG", "foreign": True}
    assert len(rel["VIA"]) == 1


def test_kind_words_in_english_and_japanese():
    r = contact_row({"from_name": "Acme", "from_kind": "法人", "to_name": "B", "to_kind": "Company",
                     "via_name": "X", "via_kind": "個人"}, 2, ctx())
    kinds = {n.name: n.kind for n in r.nodes}
    assert kinds == {"Acme": "Company", "B": "Company", "X": "Person", "Acme → B": "Approach"}


def test_na_is_a_name_and_reloading_the_row_gives_the_same_ids():
    row = {"from_name": "NA", "to_name": "None"}
    first, second = contact_row(row, 2, ctx()), contact_row(dict(row), 9, ctx())
    assert [n.name for n in first.nodes[:2]] == ["NA", "None"]
    assert first.record.record_id == second.record.record_id
    assert [e.id for e in first.edges] == [e.id for e in second.edges]


@pytest.mark.parametrize("fields, reason", [
    ({"from_name": "A", "to_name": "B", "date": "令和6年2月30日"}, "date: February 2024 has 29 days (value: 令和6年2月30日)"),
    ({"from_name": "A", "to_name": "B", "date": "平成31年5月1日"}, "date: Heisei ended 2019-04-30 (value: 平成31年5月1日)"),
    ({"from_name": "A", "to_name": "", "date": "2024"}, "to_name: required value is missing"),
    ({"from_name": "A", "to_name": "B", "to_country": "Atlantis"}, "to_country: unknown country"),
    ({"from_name": "A", "to_name": "B", "from_kind": "alien"}, "from_kind: unknown kind; use person, company, intermediary"),
    ({"from_name": "A", "to_name": "B", "reliability": "80"}, "reliability: reliability must be between 0 and 1"),
    ({"from_name": "A", "to_name": "B", "reliability": "G"}, "reliability: reliability must be a number in [0, 1]"),
    ({"from_name": "山田 太郎", "to_name": "山田太郎"}, "to_name: from, to and via name the same entity"),
])
def test_bad_contact_rows_are_rejected_with_the_reason(fields, reason):
    batch = rows_to_batch([RawRow(5, fields)], ctx(), {k: k for k in fields})
    assert not batch.records and not batch.nodes and not batch.edges
    (reject,) = batch.rejects
    assert (reject.file, reject.row, reject.layout) == ("f.csv", 5, "contacts")
    assert reject.reason.startswith(reason), reject.reason
    assert reject.raw == fields


def test_row_loaders_raise_bad_value_with_the_column():
    with pytest.raises(BadValue) as err:
        contact_row({"from_name": "A", "to_name": "B", "date": "平成31年5月1日"}, 2, ctx())
    assert (err.value.column, err.value.value) == ("date", "平成31年5月1日")


def test_a_bad_row_teaches_the_resolver_nothing():
    c = ctx()
    rows_to_batch([RawRow(2, {"from_name": "Ghost", "to_name": "B", "date": "2024-13-01"})], c,
                  {"from_name": "from_name", "to_name": "to_name", "date": "date"})
    assert c.resolver.possible_duplicates() == []
    assert c.resolver.known_count() == 0


def test_mapping_date_formats_keep_precision():
    mapping = mapping_from_dict({"dates": {"date": ["%d/%m/%Y", "%m/%Y"]}})
    c = ctx(mapping=mapping)
    assert c.date({"date": "01/05/2024"}, "date").iso == "2024-05-01"
    assert c.date({"date": "05/2024"}, "date").iso == "2024-05"
    assert c.date({"date": "R6.5.1"}, "date").iso == "2024-05-01"  # the general reader still applies


def test_record_ids_layout_plus_id_else_content():
    assert record_id("contacts", {"contact_id": "C1", "from_name": "A"}, "C1") == record_id(
        "contacts", {"contact_id": "C1", "from_name": "changed"}, "C1")
    assert record_id("contacts", {"from_name": "A"}, "C1") != record_id("relations", {"from_name": "A"}, "C1")
    # content ids ignore blanks and width, but not values
    assert record_id("contacts", {"from_name": "Ａ", "notes": " "}, None) == record_id("contacts", {"from_name": "A"}, None)
    assert record_id("contacts", {"from_name": "A"}, None) != record_id("contacts", {"from_name": "B"}, None)


def test_entity_row_with_aliases_identifiers_and_corporate_number():
    # 7010001008844 is a valid 法人番号 (check digit 7, see graphkit.normalize tests)
    c = ctx("entities")
    r = entity_row({"entity_id": "E1", "kind": "company", "name": "株式会社アクメ光学",
                    "aliases": "Acme Optics KK；アクメ光学", "country": "JP",
                    "identifiers": "7010001008844; info@acme.example"}, 3, c)
    (node,) = r.nodes
    assert node.kind == "Company" and node.name == "株式会社アクメ光学"
    assert node.aliases == {"株式会社アクメ光学", "Acme Optics KK", "アクメ光学"}
    assert node.properties["identifiers"][0] == "jp-corp:7010001008844"
    assert node.properties["corporate_number"] == "7010001008844"
    assert node.properties["foreign"] is False and node.properties["entity_id"] == "E1"
    assert c.resolver.by_entity_id("E1") == node.id


def test_entity_with_a_bad_corporate_number_is_rejected():
    batch = rows_to_batch([RawRow(2, {"name": "Acme", "kind": "法人", "identifiers": "7010001008845"})],
                          ctx("entities"), {"name": "name", "kind": "kind", "identifiers": "identifiers"})
    (reject,) = batch.rejects
    assert reject.reason.startswith("identifiers: corporate number check digit"), reject.reason


def test_entities_kind_defaults_to_person_and_may_be_technology():
    c = ctx("entities")
    assert entity_row({"name": "王偉"}, 2, c).nodes[0].kind == "Person"
    tech = entity_row({"name": "EUV lithography", "kind": "technology", "aliases": "極端紫外線リソグラフィ"}, 3, c)
    assert tech.nodes[0].kind == "Technology"
    # a contact about the Japanese name lands on the declared technology
    r = contact_row({"from_name": "A", "to_name": "B", "technology": "極端紫外線リソグラフィ"}, 2, ctx(resolver=c.resolver))
    assert tech.nodes[0].id in {n.id for n in r.nodes}


def test_relation_rows_by_word_and_by_entity_id():
    c = ctx("relations")
    acme = entity_row({"entity_id": "E7", "kind": "company", "name": "Acme KK"}, 2, ctx("entities", resolver=c.resolver))
    r = relation_row({"from_name": "山田 太郎", "to_id": "E7", "relation": "works for", "date": "2020",
                      "case_id": "K1"}, 4, c)
    stated = [e for e in r.edges if e.relation != "PART_OF"]
    assert [(e.relation, e.target) for e in stated] == [("EMPLOYED_BY", acme.nodes[0].id)]
    assert stated[0].evidence[0].date == "2020" and stated[0].evidence[0].row == 4
    assert len([e for e in r.edges if e.relation == "PART_OF"]) == 2
    # blank to_kind on HOLDS defaults to Technology (the only kind HOLDS may end in)
    held = relation_row({"from_name": "Acme KK", "from_kind": "company", "to_name": "EUV", "relation": "保有"}, 5, c)
    assert held.edges[0].relation == "HOLDS" and held.nodes[1].kind == "Technology"
    assert held.nodes[0].id == acme.nodes[0].id  # the name joins the declared entity


@pytest.mark.parametrize("fields, reason", [
    ({"from_name": "A", "to_name": "B", "relation": "befriended"}, "relation: relation the schema does not know"),
    ({"from_name": "A", "to_name": "B", "relation": "MADE"}, "relation: relation the schema does not know"),
    ({"from_name": "A", "to_name": "B", "relation": "employed by", "to_kind": "person"},
     "relation: EMPLOYED_BY cannot join a Person to a Person"),
    ({"from_id": "E404", "to_name": "B", "relation": "owns"}, "from_id: no entities row declares this entity_id (value: E404)"),
    ({"from_name": "A", "relation": "owns"}, "to_name: required value is missing"),
])
def test_bad_relation_rows(fields, reason):
    batch = rows_to_batch([RawRow(2, fields)], ctx("relations"), {k: k for k in fields})
    (reject,) = batch.rejects
    assert reject.reason.startswith(reason), reject.reason


def test_case_rows():
    r = case_row({"case_id": "Ｋ－１", "title": "", "opened": "H30.4", "status": "open"}, 2, ctx("cases"))
    (node,) = r.nodes
    assert node.kind == "Case" and node.name == "K-1"  # no title: named by its id, width-folded
    assert node.properties == {"case_id": "K-1", "opened": "2018-04", "status": "open"}
    # the same case named in a contacts row is the same node
    c = contact_row({"from_name": "A", "to_name": "B", "case_id": "k-1"}, 2, ctx())
    assert node.id in {n.id for n in c.nodes}


def test_edge_ids_are_deterministic():
    r = contact_row({"from_name": "A", "to_name": "B"}, 2, ctx())
    a, b = r.nodes[0].id, r.nodes[1].id
    assert edge_id(a, "CONTACTED", b) in {e.id for e in r.edges}


def test_a_blank_kind_takes_the_kind_of_the_declared_entity():
    c = ctx("entities")
    uni = entity_row({"kind": "company", "name": "東都大学", "aliases": "Tohto University"}, 2, c).nodes[0]
    r = contact_row({"from_name": "Li Wei", "to_name": "Tohto University"}, 2, ctx(resolver=c.resolver))
    assert r.nodes[1].id == uni.id and r.nodes[1].kind == "Company"
    # a stated kind is kept: a person called Tohto University is another node
    p = contact_row({"from_name": "Li Wei", "to_name": "Tohto University", "to_kind": "person"}, 3, ctx(resolver=c.resolver))
    assert p.nodes[1].kind == "Person" and p.nodes[1].id != uni.id
    owns = relation_row({"from_name": "東都大学", "to_name": "Tohto Spinout KK", "relation": "owns"}, 4,
                        ctx("relations", resolver=c.resolver))
    assert owns.nodes[0].id == uni.id


def test_multi_value_cells_keep_each_raw_spelling_as_an_alias():
    r = contact_row({"from_name": "A", "to_name": "B", "technology": "ＥＵＶ露光；量子センサ; EUV露光 ;;"}, 2, ctx())
    techs = [n for n in r.nodes if n.kind == "Technology"]
    # ＥＵＶ露光 and EUV露光 fold to the same text: one technology, first spelling kept as written
    assert [(t.name, t.aliases) for t in techs] == [("EUV露光", {"ＥＵＶ露光"}), ("量子センサ", {"量子センサ"})]
    e = entity_row({"name": "Acme", "kind": "company", "aliases": "ＡＣＭＥ；acme kk"}, 2, ctx("entities"))
    assert e.nodes[0].aliases == {"Acme", "ＡＣＭＥ", "acme kk"}
