"""`graphkit load FILE.ftm.json`: real OpenSanctions FollowTheMoney fixtures into the workspace.

Every expected count is worked out here from the fixture with plain json (which schema is
which kind, which links have both ends in the file, which (source, target) pairs repeat), not
from graphkit's own mapping code, so a loader that drops or invents an entity fails.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit import schema
from graphkit.cli import main
from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace

FIXTURES = "opensanctions_ftm_fixtures"
ZALA = "zala_aero_cluster.entities.ftm.json"
EU_FSF = "eu_fsf_sample.entities.ftm.json"
DONATIONS = "de_parteispenden.entities.ftm.json"

# what the test expects of each FtM schema, written out here (docs/exchange.md has the table)
NODE_SCHEMATA = {"Person": "Person", "Company": "Company", "Organization": "Company", "LegalEntity": "Company",
                 "Sanction": "Sanction"}
LINKS = {"Ownership": ("OWNS", "owner", "asset"), "Directorship": ("DIRECTOR_OF", "director", "organization"),
         "Family": ("FAMILY_OF", "person", "relative"), "Payment": ("PAID", "payer", "beneficiary"),
         "Sanction": ("SANCTIONED", None, "entity")}


def entities(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def expected(path: Path) -> dict:
    """Node counts by kind, edge counts by relation, dangling link rows, from the file alone."""
    rows = entities(path)
    ids = {e["id"] for e in rows}
    nodes: Counter[str] = Counter(NODE_SCHEMATA[e["schema"]] for e in rows
                                  if e["schema"] in NODE_SCHEMATA and e["schema"] != "Sanction")
    pairs: dict[str, set] = {}
    dangling = []
    for e in rows:
        if e["schema"] not in LINKS:
            continue
        relation, source, target = LINKS[e["schema"]]
        sources = [e["id"]] if source is None else e["properties"][source]
        targets = e["properties"][target]
        if not set(sources + targets) <= ids:
            dangling.append(e["id"])
            continue
        if e["schema"] == "Sanction":
            nodes["Sanction"] += 1
        pairs.setdefault(relation, set()).update((s, t) for s in sources for t in targets)
    return {"nodes": dict(nodes), "edges": {r: len(p) for r, p in pairs.items()}, "dangling": dangling,
            "rows": len(rows)}


def store_counts(store) -> dict:
    """Node counts by kind and edge counts by relation (store.counts() holds both in one dict)."""
    counts = store.counts()
    return {"nodes": {k: v for k, v in counts.items() if v and k in schema.NODE_KINDS},
            "edges": {k: v for k, v in counts.items() if v and k in schema.RELATION_KINDS}}


@pytest.fixture(scope="module")
def zala(tmp_path_factory, shared_datasets):
    path = shared_datasets / FIXTURES / ZALA
    store = Workspace(tmp_path_factory.mktemp("zala") / "ws")
    report = load_files([path], store)
    yield path, store, report
    store.close()


@pytest.mark.parametrize("name", [ZALA, EU_FSF, DONATIONS])
def test_fixture_loads_with_the_counts_of_the_file(tmp_path, shared_datasets, name):
    path = shared_datasets / FIXTURES / name
    want = expected(path)
    with Workspace(tmp_path / "ws") as store:
        report = load_files([path], store)
        assert report.files[0].layout == "ftm"  # recognised from the objects' keys
        assert report.total.read == want["rows"]
        assert report.total.rejected == len(want["dangling"])
        assert store.record_count() == want["rows"] - len(want["dangling"])
        assert store_counts(store) == {"nodes": want["nodes"], "edges": want["edges"]}


def test_the_three_fixtures_counts_as_the_scout_found_them(shared_datasets):
    """The figures of the fixtures' SOURCE.md, as a check on expected() itself."""
    zala = expected(shared_datasets / FIXTURES / ZALA)
    assert zala["rows"] == 91 and zala["nodes"] == {"Person": 6, "Company": 11, "Sanction": 41}
    assert zala["edges"]["FAMILY_OF"] == 4 and zala["edges"]["DIRECTOR_OF"] == 3
    assert expected(shared_datasets / FIXTURES / EU_FSF)["nodes"] == {"Person": 4, "Company": 2}
    donations = expected(shared_datasets / FIXTURES / DONATIONS)
    assert donations["nodes"] == {"Person": 22, "Company": 56 + 18} and donations["rows"] == 475


def test_every_entity_id_is_its_record_id_with_file_and_row(zala):
    path, store, _ = zala
    rows = entities(path)
    records = store.get_records({e["id"] for e in rows})
    assert set(records) == {e["id"] for e in rows}
    assert all(r.record_id == r.source_id == i and r.layout == "ftm" for i, r in records.items())
    locations = store.record_locations([rows[10]["id"]])
    assert locations[rows[10]["id"]] == [(str(path), 11)]  # the 11th line of the file


def test_nodes_carry_names_aliases_country_and_dates_at_their_precision(zala):
    path, store, _ = zala
    person = next(e for e in entities(path) if e["schema"] == "Person" and e["properties"].get("birthDate"))
    [node_id] = store.find_node_ids(person["caption"])
    node = store.get_node(node_id)
    assert node.name == person["caption"]
    assert set(person["properties"]["name"]) <= node.aliases
    assert node.properties["birth_date"] == person["properties"]["birthDate"][0]
    assert node.properties["country"] == person["properties"]["country"][0].upper()
    assert node.properties["entity_id"] == person["id"] and node.properties["ftm_schema"] == "Person"


def test_an_ownership_is_an_owns_edge_dated_by_its_start(zala):
    path, store, _ = zala
    rows = entities(path)
    names = {e["id"]: e.get("caption") for e in rows}
    own = next(e for e in rows if e["schema"] == "Ownership" and e["properties"].get("startDate"))
    [owner] = store.find_node_ids(names[own["properties"]["owner"][0]])
    [asset] = store.find_node_ids(names[own["properties"]["asset"][0]])
    [edge] = [e for e in store.edges_between(owner, asset) if e.relation == "OWNS"]
    item = next(x for x in edge.evidence if x.record_id == own["id"])
    assert item.date == own["properties"]["startDate"][0]


def test_dates_keep_their_precision(tmp_path):
    lines = [{"id": "p1", "schema": "Person", "properties": {"name": ["A B"], "birthDate": ["1970"]}},
             {"id": "p2", "schema": "Person", "properties": {"name": ["C D"], "birthDate": ["1971-03"]}},
             {"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p2"], "startDate": ["2001-07"]}}]
    path = tmp_path / "small.ftm.json"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Workspace(tmp_path / "ws") as store:
        load_files([path], store)
        births = sorted(n.properties["birth_date"] for n in store.iter_nodes(["Person"]))
        [edge] = list(store.iter_edges(["FAMILY_OF"]))
    assert births == ["1970", "1971-03"] and edge.evidence[0].date == "2001-07"


def test_dangling_references_are_rejected_rows_and_the_rest_loads(tmp_path, shared_datasets):
    rows = entities(shared_datasets / FIXTURES / ZALA)
    gone = next(e for e in rows if e["schema"] == "Company" and e.get("caption") == "LLC CST")
    path = tmp_path / "cut.ftm.json"
    kept = [e for e in rows if e is not gone]
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept), encoding="utf-8")
    want = expected(path)
    referring = [e["id"] for e in kept if gone["id"] in json.dumps(e["properties"]) and e["schema"] in LINKS]
    assert referring and sorted(want["dangling"]) == sorted(referring)
    with Workspace(tmp_path / "ws") as store:
        report = load_files([path], store)
        assert report.total.rejected == len(referring)
        assert {r.row for r in report.rejects} == {kept.index(e) + 1 for e in kept if e["id"] in referring}
        assert all(r.file == str(path) and "dangling reference" in r.reason and gone["id"] in r.reason
                   for r in report.rejects)
        assert store.rejects_count() == len(referring)
        assert store_counts(store) == {"nodes": want["nodes"], "edges": want["edges"]}


def test_reload_changes_nothing_and_unload_takes_it_out(tmp_path, shared_datasets):
    path = shared_datasets / FIXTURES / ZALA
    with Workspace(tmp_path / "ws") as store:
        first = load_files([path], store)
        before, counts = store.snapshot_hash(), store_counts(store)
        again = load_files([path], store)
        assert again.total.loaded == 0 and again.total.merged == first.total.loaded
        assert store.snapshot_hash() == before and store_counts(store) == counts
        for load_id in (again.load_id, first.load_id):
            store.unload(load_id)
        assert store_counts(store) == {"nodes": {}, "edges": {}} and store.record_count() == 0


def test_the_command_line_recognises_the_layout(tmp_path, shared_datasets):
    path = shared_datasets / FIXTURES / EU_FSF
    result = CliRunner().invoke(main, ["load", str(path), "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    assert " ftm " in result.output and "cannot tell which record layout" not in result.output


def test_a_schema_graphkit_does_not_read_is_a_rejected_row(tmp_path):
    path = tmp_path / "v.ftm.json"
    path.write_text(json.dumps({"id": "v1", "schema": "Vessel", "properties": {"name": ["Ever Given"]}}) + "\n"
                    + json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["A B"]}}) + "\n",
                    encoding="utf-8")
    with Workspace(tmp_path / "ws") as store:
        report = load_files([path], store)
        assert [(r.row, r.reason) for r in report.rejects] == [
            (1, "schema: FtM schema graphkit does not read (docs/exchange.md lists those it does) (value: Vessel)")]
        assert store_counts(store)["nodes"] == {"Person": 1}


def test_every_interval_schema_a_user_would_expect(tmp_path):
    """One small file with each link schema: each becomes the relation docs/exchange.md names."""
    def entity(id_, schema_, **props):
        return {"id": id_, "schema": schema_, "properties": {k: v if isinstance(v, list) else [v] for k, v in props.items()}}

    lines = [
        entity("l1", "Ownership", owner="p1", asset="c1", startDate="2019"),
        entity("l2", "Employment", employee="p1", employer="c1"),
        entity("l3", "Membership", member="p2", organization="o1"),
        entity("l4", "Representation", agent="p3", client="c1"),
        entity("l5", "Associate", person="p1", associate="p2"),
        entity("l6", "Family", person="p2", relative="p3", relationship="sister"),
        entity("l7", "Directorship", director="p2", organization="c1"),
        entity("l8", "Payment", payer="c1", beneficiary="o1", amountEur="50000", date="2010-03-01"),
        entity("l9", "UnknownLink", subject="p3", object="p1", role="contacted"),
        entity("l10", "UnknownLink", subject="p3", object="c1", role="business partner"),
        entity("l11", "Succession", predecessor="c1", successor="o2"),
        entity("l12", "ProjectParticipant", participant="p1", project="k1"),
        entity("l13", "UnknownLink", subject="p1", object="a1", role="holds"),
        entity("s1", "Sanction", entity="c1", authority="OFAC", program="RUSSIA-EO14024", startDate="2022-06"),
        entity("e1", "Event", name="approach", organizer="p3", involved="p1", date="2023-09"),
        entity("p1", "Person", name="Ann One", country="jp"),
        entity("p2", "Person", name="Bo Two", country="de"),
        entity("p3", "Person", name="Cy Three"),
        entity("c1", "Company", name="Acme LLC", jurisdiction="ru"),
        entity("o1", "Organization", name="Party A"),
        entity("o2", "LegalEntity", name="Acme Successor"),
        entity("k1", "Project", name="K-1"),
        entity("a1", "Asset", name="EUV lithography"),
    ]
    path = tmp_path / "links.ftm.json"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Workspace(tmp_path / "ws") as store:
        report = load_files([path], store)
        assert report.total.rejected == 0, report.rejects
        counts = store_counts(store)
        edges = {(e.source, e.relation, e.target) for e in store.iter_edges()}
        ids = {n.properties.get("entity_id") or n.name: n.id for n in store.iter_nodes()}
        foreign = {n.name: n.properties.get("foreign") for n in store.iter_nodes(schema.ACTOR_KINDS)}
    assert counts["nodes"] == {"Person": 3, "Company": 3, "Technology": 1, "Case": 1, "Approach": 1, "Sanction": 1}
    expected_edges = {("p1", "OWNS", "c1"), ("p1", "EMPLOYED_BY", "c1"), ("p2", "AFFILIATED_WITH", "o1"),
                      ("p3", "REPRESENTS", "c1"), ("p1", "ASSOCIATE_OF", "p2"), ("p2", "FAMILY_OF", "p3"),
                      ("p2", "DIRECTOR_OF", "c1"), ("c1", "PAID", "o1"), ("p3", "CONTACTED", "p1"),
                      ("p3", "LINKED_TO", "c1"), ("c1", "LINKED_TO", "o2"), ("p1", "PART_OF", "K-1"),
                      ("p1", "HOLDS", "a1"), ("s1", "SANCTIONED", "c1"), ("p3", "MADE", "e1"), ("e1", "TARGETED", "p1")}
    assert edges == {(ids[s], r, ids[t]) for s, r, t in expected_edges}
    assert foreign == {"Ann One": False, "Bo Two": True, "Cy Three": None, "Acme LLC": True,
                       "Party A": None, "Acme Successor": None}
