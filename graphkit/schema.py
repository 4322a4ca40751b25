"""The schema as data: node kinds, relation kinds, their properties.

The kinds live in ``schema.toml`` beside this module; this module only reads and checks them.
Anything that becomes a Neo4j label or relationship type must pass :func:`check_node_kind` or
:func:`check_relation`, so text from records can never become query text.

>>> from graphkit import schema
>>> schema.ACTOR_KINDS
('Person', 'Company', 'Intermediary')
>>> schema.check_relation("contacted")
'CONTACTED'
>>> schema.relation_from_word("紹介")
'INTRODUCED'
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from graphkit.errors import SchemaError


@dataclass(frozen=True)
class NodeKind:
    """A node kind: its name, whether it is an actor, its properties and required ones."""

    name: str
    actor: bool
    description: str
    properties: Mapping[str, str]
    required: tuple[str, ...]


@dataclass(frozen=True)
class RelationKind:
    """A relation kind: its name, whether it belongs to the actor projection, and end kinds."""

    name: str
    actor: bool
    description: str
    from_kinds: tuple[str, ...]
    to_kinds: tuple[str, ...]


def _load() -> tuple[dict[str, NodeKind], dict[str, RelationKind], dict[str, str]]:
    text = resources.files("graphkit").joinpath("schema.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    nodes = {
        name: NodeKind(
            name=name,
            actor=bool(spec.get("actor", False)),
            description=spec.get("description", ""),
            properties=MappingProxyType(dict(spec.get("properties", {}))),
            required=tuple(spec.get("required", ())),
        )
        for name, spec in data["nodes"].items()
    }
    relations = {
        name: RelationKind(
            name=name,
            actor=bool(spec.get("actor", False)),
            description=spec.get("description", ""),
            from_kinds=tuple(spec["from"]),
            to_kinds=tuple(spec["to"]),
        )
        for name, spec in data["relations"].items()
    }
    words: dict[str, str] = {_word_key(name): name for name in relations}
    for relation, spellings in data.get("relation_words", {}).items():
        for spelling in [relation, *spellings]:
            words[_word_key(spelling)] = relation
    return nodes, relations, words


def _word_key(word: str) -> str:
    folded = unicodedata.normalize("NFKC", word).casefold().strip()
    for sep in ("-", "_"):
        folded = folded.replace(sep, " ")
    return " ".join(folded.split())


NODE_KINDS, RELATION_KINDS, _RELATION_WORDS = _load()
ACTOR_KINDS: tuple[str, ...] = tuple(k for k, v in NODE_KINDS.items() if v.actor)
ACTOR_RELATIONS: tuple[str, ...] = tuple(k for k, v in RELATION_KINDS.items() if v.actor)
PROJECTED_KINDS: tuple[str, ...] = (*ACTOR_KINDS, "Technology")
"""Node kinds that appear in the actor projection (actors plus the technologies they reach)."""


def check_node_kind(kind: str) -> str:
    """Return the schema's spelling of ``kind`` (case-insensitive) or raise SchemaError.

    >>> check_node_kind("person")
    'Person'
    """
    for name in NODE_KINDS:
        if name.casefold() == str(kind).strip().casefold():
            return name
    raise SchemaError(f"unknown node kind {kind!r}; the schema has {', '.join(NODE_KINDS)}")


def check_relation(relation: str) -> str:
    """Return the schema's name of a relation kind given by name or a known word, or raise.

    >>> check_relation("EMPLOYED_BY")
    'EMPLOYED_BY'
    """
    found = relation_from_word(relation)
    if found is None:
        raise SchemaError(
            f"unknown relation {relation!r}; the schema has {', '.join(RELATION_KINDS)}"
        )
    return found


def relation_from_word(word: str) -> str | None:
    """The relation kind a relations file means by ``word``, or None if the schema has none."""
    return _RELATION_WORDS.get(_word_key(str(word)))


def node_kind(kind: str) -> NodeKind:
    """The declared :class:`NodeKind` for ``kind``."""
    return NODE_KINDS[check_node_kind(kind)]


def relation_kind(relation: str) -> RelationKind:
    """The declared :class:`RelationKind` for ``relation``."""
    return RELATION_KINDS[check_relation(relation)]


def check_endpoints(relation: str, from_kind: str, to_kind: str) -> None:
    """Raise SchemaError unless ``relation`` may join a ``from_kind`` to a ``to_kind``.

    >>> check_endpoints("HOLDS", "Person", "Technology")
    >>> check_endpoints("HOLDS", "Technology", "Person")
    Traceback (most recent call last):
    ...
    graphkit.errors.SchemaError: HOLDS cannot join a Technology to a Person
    """
    spec = relation_kind(relation)
    if from_kind not in spec.from_kinds or to_kind not in spec.to_kinds:
        raise SchemaError(f"{spec.name} cannot join a {from_kind} to a {to_kind}")
