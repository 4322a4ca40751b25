import pytest

from graphkit import schema
from graphkit.errors import BadValue, SchemaError
from graphkit.model import edge_id, stable_id


def test_actor_kinds_and_relations_come_from_schema_file():
    assert schema.ACTOR_KINDS == ("Person", "Company", "Intermediary")
    assert "CONTACTED" in schema.ACTOR_RELATIONS and "MADE" not in schema.ACTOR_RELATIONS


@pytest.mark.parametrize("word,relation", [("works for", "EMPLOYED_BY"), ("ＯＷＮＳ", "OWNS"), ("紹介", "INTRODUCED")])
def test_relation_words(word, relation):
    assert schema.check_relation(word) == relation


def test_unknown_relation_and_kind_are_refused():
    with pytest.raises(SchemaError):
        schema.check_relation("x'}) DETACH DELETE n //")
    with pytest.raises(SchemaError):
        schema.check_node_kind("Person:Admin")


def test_ids_are_deterministic_and_distinct():
    assert stable_id("Person", "a") == stable_id("Person", "a")
    assert stable_id("Person", "a") != stable_id("Company", "a")
    assert edge_id("x", "CONTACTED", "y") != edge_id("y", "CONTACTED", "x")


@pytest.mark.parametrize("relation", ["MADE", "TARGETED", "VIA", "CONCERNS", "PART_OF"])
def test_role_relations_pass_the_schema_check(relation):
    assert schema.check_relation(relation) == relation


# --- the schema is the one place kinds are declared -------------------------------------------

import ast
from pathlib import Path

from graphkit import normalize
from graphkit.normalize import identifiers

REPO = Path(__file__).resolve().parents[1]


def _kind_literals(path: Path, kinds: set[str]) -> list[str]:
    """Kind names written as string constants in code (docstrings and their examples aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)
                  and isinstance(node.value, ast.Constant)}
    return [f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in kinds and id(node) not in docstrings]


def test_no_code_but_the_schema_names_a_node_kind():
    kinds = set(schema.NODE_KINDS)
    files = [*sorted((REPO / "graphkit").rglob("*.py")), *sorted((REPO / "loaders").rglob("*.py")), REPO / "cli.py"]
    found = [hit for path in files if path.name != "schema.py" for hit in _kind_literals(path, kinds)]
    assert found == []


def test_property_types_are_the_normalisers():
    assert schema.cleaner("country") is normalize.normalize_country
    assert schema.cleaner("date") is normalize.parse_date
    assert schema.cleaner("reliability") is normalize.parse_reliability
    assert schema.cleaner("corporate_number") is normalize.check_corporate_number
    assert schema.cleaner("identifiers") is normalize.parse_identifiers
    assert schema.cleaner("name") is normalize.fold and schema.cleaner("list") is normalize.split_multi
    assert schema.cleaner("email") is identifiers.normalize_email
    assert schema.cleaner("phone") is identifiers.normalize_phone
    with pytest.raises(SchemaError):
        schema.cleaner("colour")


def test_every_declared_property_has_a_registered_type():
    for kind in schema.NODE_KINDS.values():
        for prop, type_name in kind.properties.items():
            assert type_name in schema.PROPERTY_TYPES, f"{kind.name}.{prop}: {type_name}"
    assert schema.property_type("Company", "corporate_number").name == "corporate_number"
    assert schema.property_type("Approach", "date").name == "date"
    assert schema.property_type("Technology", "country") is None


def test_clean_property_cleans_by_the_declared_type():
    assert schema.clean_property("Person", "country", "中国") == "CN"
    assert schema.clean_property("Approach", "reliability", "B") == pytest.approx(0.8)
    assert schema.clean_property("Case", "opened", "令和5年4月").iso == "2023-04"
    with pytest.raises(BadValue):
        schema.clean_property("Company", "corporate_number", "7000012050003")  # wrong check digit
    with pytest.raises(SchemaError):
        schema.clean_property("Technology", "country", "JP")


def test_email_and_phone_types():
    assert identifiers.normalize_email("mailto:Info@Example.JP") == "info@example.jp"
    assert identifiers.normalize_phone("+81 (0)3-1234-5678") == "+81312345678"
    assert identifiers.normalize_phone("030-1234-5678", home="DE") == "+493012345678"
    for bad, clean in [("not mail", identifiers.normalize_email), ("call me", identifiers.normalize_phone)]:
        with pytest.raises(BadValue):
            clean(bad)


# every word the loaders accepted for a kind before the words moved into schema.toml
OLD_KIND_WORDS = {
    "Person": ["person", "individual", "people", "human", "natural person", "researcher",
               "個人", "人", "人物", "自然人", "研究者"],
    "Company": ["company", "corporation", "corp", "firm", "organisation", "organization", "org",
                "university", "institute", "laboratory", "lab", "legal person", "business",
                "法人", "会社", "企業", "組織", "団体", "大学", "研究所", "研究機関"],
    "Intermediary": ["intermediary", "broker", "agent", "go between", "go-between", "headhunter",
                     "consultancy", "consultant", "platform", "仲介", "仲介者", "仲介人",
                     "仲介業者", "ブローカー", "コンサルタント"],
    "Technology": ["technology", "tech", "技術"],
}


@pytest.mark.parametrize("kind,word", [(k, w) for k, words in OLD_KIND_WORDS.items() for w in words])
def test_kind_words_and_synonyms_come_from_the_schema(kind, word):
    assert schema.kind_from_word(word) == kind
    assert schema.kind_from_word(word.upper().replace(" ", "_")) == kind


def test_kind_words_in_english_and_japanese_and_the_allowed_kinds():
    assert [schema.node_kind(k).word("ja") for k in schema.ACTOR_KINDS] == ["個人", "法人", "仲介"]
    assert schema.kind_from_word("技術", schema.ACTOR_KINDS) is None
    assert schema.kind_from_word("alien") is None
    assert schema.ENTITY_KINDS == ("Person", "Company", "Intermediary", "Technology")


def test_roles_name_the_kinds_code_needs():
    assert (schema.TECHNOLOGY_KIND, schema.CASE_KIND, schema.APPROACH_KIND) == ("Technology", "Case", "Approach")
    assert (schema.DEFAULT_ACTOR_KIND, schema.GO_BETWEEN_KIND, schema.ORGANISATION_KIND) == (
        "Person", "Intermediary", "Company")
    assert schema.PROJECTED_KINDS == (*schema.ACTOR_KINDS, "Technology")


def _schema_file(tmp_path: Path, old: str, new: str) -> Path:
    text = (REPO / "graphkit" / "schema.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "schema.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_schema_file_with_an_unknown_type_or_role_is_refused(tmp_path):
    with pytest.raises(SchemaError, match="unknown type 'colour'"):
        schema.load_schema(_schema_file(tmp_path, 'name = "name", aliases', 'name = "colour", aliases'))
    with pytest.raises(SchemaError, match="role technology names 'Gadget'"):
        schema.load_schema(_schema_file(tmp_path, 'technology = "Technology"', 'technology = "Gadget"'))
    with pytest.raises(SchemaError, match="unknown kind 'Ship'"):
        schema.load_schema(_schema_file(tmp_path, 'to = ["Technology"]', 'to = ["Ship"]'))


def test_use_schema_is_scoped_and_restored_on_error(vessel_schema):
    with pytest.raises(RuntimeError):
        with schema.use_schema(vessel_schema):
            assert schema.check_node_kind("vessel") == "Vessel"
            raise RuntimeError("boom")
    assert "Vessel" not in schema.NODE_KINDS
    with pytest.raises(SchemaError):
        schema.check_node_kind("vessel")


def test_name_matching_rules_come_from_the_schema(tmp_path):
    assert normalize.match_key("Acme K.K.", "Company") == "acme"
    assert normalize.match_key("Acme K.K.", "Person") == "acme kk"
    assert normalize.match_key("Yamada, Taro") == normalize.match_key("Yamada, Taro", "Person") == "taro yamada"
    # give Person the company rule too, in a test schema: match_key follows it
    path = _schema_file(tmp_path, 'name_match = ["comma_form"]', 'name_match = ["comma_form", "legal_forms"]')
    with schema.use_schema(path):
        assert normalize.match_key("Acme K.K.", "Person") == "acme"
    assert normalize.match_key("Acme K.K.", "Person") == "acme kk"


def test_chart_styles_come_from_the_schema_with_a_default(vessel_schema):
    from graphkit.views import style

    assert style.kind_style("Person") == style.KindStyle("dot", "#56B4E9", "person (circle)")
    assert [k["kind"] for k in style.legend()["kinds"]] == ["Person", "Company", "Intermediary", "Technology"]
    with schema.use_schema(vessel_schema):
        assert style.kind_style("Vessel") == style.KindStyle("ellipse", "#BBBBBB", "vessel")
        assert "Vessel" in [k["kind"] for k in style.legend()["kinds"]]
    assert style.kind_style("Vessel") == style.UNKNOWN_KIND


def test_schema_module_names_follow_the_schema_in_use(vessel_schema):
    with schema.use_schema(vessel_schema):
        assert schema.ACTOR_KINDS[-1] == "Vessel" and "Vessel" in schema.NODE_KINDS
        assert schema.check_endpoints("OWNS", "Company", "Vessel") is None
