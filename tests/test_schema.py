import pytest

from graphkit import schema
from graphkit.errors import SchemaError
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
