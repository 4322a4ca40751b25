"""The schema as data: node kinds, relation kinds, their words, properties and roles.

The kinds live in ``schema.toml`` beside this module; this module only reads and checks them,
and every other module reads kinds through it (never through a list of its own). Anything that
becomes a Neo4j label or relationship type must pass :func:`check_node_kind` or
:func:`check_relation`, so text from records can never become query text.

A property's type names the normaliser that cleans its values (:data:`PROPERTY_TYPES`), so
cleaning belongs to the value's type, not to the loader that reads it. Another schema file can
be used with the ``GRAPHKIT_SCHEMA`` environment variable (read when graphkit is imported) or,
for a block of code, with :func:`use_schema`.

>>> from graphkit import schema
>>> schema.ACTOR_KINDS
('Person', 'Company', 'Intermediary')
>>> schema.TECHNOLOGY_KIND
'Technology'
>>> schema.check_relation("contacted")
'CONTACTED'
>>> schema.relation_from_word("紹介")
'INTRODUCED'
>>> schema.kind_from_word("法人")
'Company'
>>> schema.clean_property("Person", "country", "中国")
'CN'
>>> schema.term_code("channel", "ビジネスＳＮＳ"), schema.term_word("channel", "networking_site")
('networking_site', 'networking site')
"""
from __future__ import annotations

import contextlib
import os
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping

from graphkit.errors import BadValue, SchemaError

SCHEMA_ENV = "GRAPHKIT_SCHEMA"
"""Environment variable naming a schema file to use instead of the packaged ``schema.toml``."""


@dataclass(frozen=True)
class NodeKind:
    """A node kind: its name, whether it is an actor, its words, properties and required ones."""

    name: str
    actor: bool
    description: str
    properties: Mapping[str, str]
    required: tuple[str, ...]
    entity: bool = False
    words: Mapping[str, str] = field(default_factory=dict)
    synonyms: tuple[str, ...] = ()
    name_match: frozenset[str] = frozenset()
    style: Mapping[str, str] | None = None

    def word(self, language: str = "en") -> str:
        """The kind's word in ``language`` ("en" or "ja"), else its name in lower case.

        >>> node_kind("Company").word("ja")
        '法人'
        """
        return self.words.get(language) or self.name.casefold()


@dataclass(frozen=True)
class RelationKind:
    """A relation kind: its name, whether it belongs to the actor projection, and end kinds."""

    name: str
    actor: bool
    description: str
    from_kinds: tuple[str, ...]
    to_kinds: tuple[str, ...]
    words: Mapping[str, str] = field(default_factory=dict)

    def word(self, language: str = "en") -> str:
        """How pages name the relation in ``language`` ("en" or "ja"), else its name in lower
        case with spaces.

        >>> relation_kind("INTRODUCED").word("ja")
        '紹介'
        """
        return self.words.get(language) or self.name.casefold().replace("_", " ")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary (a channel, an outcome): its code, words and synonyms."""

    code: str
    words: Mapping[str, str]
    synonyms: tuple[str, ...] = ()
    stage: int | None = None
    """For outcomes: the stage of the approach funnel the outcome reaches (schema.toml)."""

    def word(self, language: str = "en") -> str:
        """The term's word in ``language`` ("en" or "ja"), else its English word, else its code.

        >>> term("outcome", "declined").word("ja")
        '辞退'
        """
        return self.words.get(language) or self.words.get("en") or self.code


@dataclass(frozen=True)
class PropertyType:
    """A property type: its name and the normaliser that turns a raw cell into a clean value
    (raising :class:`~graphkit.errors.BadValue` when it cannot)."""

    name: str
    clean: Callable[[Any], Any]
    description: str


@dataclass(frozen=True)
class Schema:
    """One schema file, read: kinds, relations, the words for them and the roles."""

    source: str
    nodes: Mapping[str, NodeKind]
    relations: Mapping[str, RelationKind]
    roles: Mapping[str, str]
    relation_words: Mapping[str, str]
    kind_words: Mapping[str, str]
    vocabularies: Mapping[str, Mapping[str, Term]] = field(default_factory=dict)
    """Vocabulary name (``channel``, ``outcome``) -> code -> :class:`Term`."""
    term_words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Vocabulary name -> folded word (code, words, synonyms) -> code."""
    relation_roles: Mapping[str, str] = field(default_factory=dict)
    """Role (``employment``, ``affiliation``) -> the relation kind that plays it."""
    ftm: Mapping[str, Any] = field(default_factory=dict)
    """The FollowTheMoney exchange tables (``[ftm]``: ``load``, ``export``, ``links``,
    ``load_links``, ``roles``), read by :func:`ftm_table`."""

    @property
    def actor_kinds(self) -> tuple[str, ...]:
        return tuple(k for k, v in self.nodes.items() if v.actor)

    def role(self, role: str) -> str:
        try:
            return self.roles[role]
        except KeyError:
            raise SchemaError(f"the schema {self.source} declares no {role!r} role") from None

    def relation_role(self, role: str) -> str:
        try:
            return self.relation_roles[role]
        except KeyError:
            raise SchemaError(f"the schema {self.source} declares no {role!r} relation role") from None


def load_schema(path: str | Path | None = None) -> Schema:
    """Read a schema file (the packaged ``schema.toml`` when ``path`` is None) and check it.

    >>> load_schema().roles["technology"]
    'Technology'
    """
    if path is None:
        text = resources.files("graphkit").joinpath("schema.toml").read_text(encoding="utf-8")
        source = "graphkit/schema.toml"
    else:
        text = Path(path).read_text(encoding="utf-8")
        source = str(path)
    data = tomllib.loads(text)
    nodes = {
        name: NodeKind(
            name=name,
            actor=bool(spec.get("actor", False)),
            description=spec.get("description", ""),
            properties=MappingProxyType(dict(spec.get("properties", {}))),
            required=tuple(spec.get("required", ())),
            entity=bool(spec.get("entity", False)),
            words=MappingProxyType(dict(spec.get("words", {}))),
            synonyms=tuple(spec.get("synonyms", ())),
            name_match=frozenset(spec.get("name_match", ())),
            style=MappingProxyType(dict(spec["style"])) if "style" in spec else None,
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
            words=MappingProxyType(dict(spec.get("words", {}))),
        )
        for name, spec in data["relations"].items()
    }
    relation_words: dict[str, str] = {_word_key(name): name for name in relations}
    spelled = {name: [*relations[name].words.values(), *data.get("relation_words", {}).get(name, ())]
               for name in relations}
    for relation, spellings in spelled.items():
        for spelling in [relation, *spellings]:
            if relation_words.setdefault(_word_key(spelling), relation) != relation:
                raise SchemaError(f"{source}: {spelling!r} is a word of both "
                                  f"{relation_words[_word_key(spelling)]} and {relation}")
    kind_words: dict[str, str] = {}
    for name, kind in nodes.items():
        for spelling in [name, *kind.words.values(), *kind.synonyms]:
            kind_words[_word_key(spelling)] = name
    roles = dict(data.get("roles", {}))
    relation_roles = dict(data.get("relation_roles", {}))
    _check(source, nodes, relations, roles, relation_roles)
    vocabularies, term_words = _vocabularies(source, data.get("vocabulary", {}))
    ftm = dict(data.get("ftm", {}))
    _check_ftm(source, nodes, relations, ftm)
    return Schema(source, MappingProxyType(nodes), MappingProxyType(relations),
                  MappingProxyType(roles), MappingProxyType(relation_words),
                  MappingProxyType(kind_words), vocabularies, term_words,
                  relation_roles=MappingProxyType(relation_roles), ftm=MappingProxyType(ftm))


def _check_ftm(source: str, nodes: Mapping[str, NodeKind], relations: Mapping[str, RelationKind],
               ftm: Mapping[str, Any]) -> None:
    """The ``[ftm]`` tables name only kinds and relations the schema declares."""
    named_kinds = [*ftm.get("load", {}).values(), *ftm.get("export", {})]
    named_relations = [*ftm.get("links", {}), *(spec["relation"] for spec in ftm.get("load_links", {}).values())]
    unknown = [k for k in named_kinds if k not in nodes] + [r for r in named_relations if r not in relations]
    if unknown:
        raise SchemaError(f"{source}: the [ftm] tables name kinds or relations it does not declare: "
                          + ", ".join(sorted(set(unknown))))


def ftm_table(name: str) -> Mapping[str, Any]:
    """One of the schema's FollowTheMoney exchange tables (``load``, ``export``, ``links``,
    ``load_links``, ``roles``); empty when the schema in use has none.

    >>> ftm_table("links")["OWNS"]["schema"], ftm_table("load")["Organization"]
    ('Ownership', 'Company')
    """
    return _active.ftm.get(name, {})


def _vocabularies(source: str, data: Mapping[str, Any]) -> tuple[
        Mapping[str, Mapping[str, Term]], Mapping[str, Mapping[str, str]]]:
    """The ``[vocabulary.NAME.CODE]`` tables read, and each vocabulary's word index; a word
    given to two codes of one vocabulary is a SchemaError."""
    vocabularies: dict[str, Mapping[str, Term]] = {}
    indexes: dict[str, Mapping[str, str]] = {}
    for name, entries in data.items():
        terms = {code: Term(code, MappingProxyType(dict(spec.get("words", {}))), tuple(spec.get("synonyms", ())),
                            int(spec["stage"]) if "stage" in spec else None)
                 for code, spec in entries.items()}
        index: dict[str, str] = {}
        for code, entry in terms.items():
            for spelling in [code, *entry.words.values(), *entry.synonyms]:
                key = _word_key(spelling)
                if index.setdefault(key, code) != code:
                    raise SchemaError(f"{source}: vocabulary {name}: {spelling!r} is a word of both "
                                      f"{index[key]} and {code}")
        vocabularies[name] = MappingProxyType(terms)
        indexes[name] = MappingProxyType(index)
    return MappingProxyType(vocabularies), MappingProxyType(indexes)


def _check(source: str, nodes: Mapping[str, NodeKind], relations: Mapping[str, RelationKind],
           roles: Mapping[str, str], relation_roles: Mapping[str, str] | None = None) -> None:
    for role, kind in roles.items():
        if kind not in nodes:
            raise SchemaError(f"{source}: role {role} names {kind!r}, which is not a node kind")
    for role, relation_name in (relation_roles or {}).items():
        if relation_name not in relations:
            raise SchemaError(f"{source}: relation role {role} names {relation_name!r}, which is not a relation kind")
    for relation in relations.values():
        for kind in (*relation.from_kinds, *relation.to_kinds):
            if kind not in nodes:
                raise SchemaError(f"{source}: relation {relation.name} names unknown kind {kind!r}")
    for node in nodes.values():
        for prop, type_name in node.properties.items():
            if type_name not in PROPERTY_TYPES:
                raise SchemaError(f"{source}: {node.name}.{prop} has unknown type {type_name!r}; "
                                  f"the types are {', '.join(PROPERTY_TYPES)}")


def _word_key(word: str) -> str:
    # imported here, not at the top: graphkit.normalize asks the schema for kinds
    from graphkit.normalize.text import word_key

    return word_key(word)


# --- property types -----------------------------------------------------------------------

def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = _word_key(str(raw))
    if word in {"true", "yes", "y", "1", "はい"}:
        return True
    if word in {"false", "no", "n", "0", "いいえ"}:
        return False
    raise BadValue("not a yes/no value", value=raw)


def _number(raw: Any) -> float:
    try:
        return float(unicodedata.normalize("NFKC", str(raw)).replace(",", ""))
    except ValueError:
        raise BadValue("not a number", value=raw) from None


def _property_types() -> dict[str, PropertyType]:
    # graphkit.normalize is imported here, not at the top, so that it may itself ask the
    # schema about kinds (match_key reads each kind's name_match) without an import cycle.
    from graphkit import normalize
    from graphkit.normalize import identifiers

    types = [
        PropertyType("text", normalize.fold, "text, width-folded"),
        PropertyType("name", normalize.fold, "a name, width-folded (matched by match_key)"),
        PropertyType("list", normalize.split_multi, "a list of text (';'-separated in a cell)"),
        PropertyType("date", normalize.parse_date, "a date at its precision (PartialDate)"),
        PropertyType("country", normalize.normalize_country, "an ISO 3166-1 alpha-2 code"),
        PropertyType("bool", _bool, "true or false"),
        PropertyType("number", _number, "a number"),
        PropertyType("reliability", normalize.parse_reliability, "a number in [0, 1] (or grade A-F)"),
        PropertyType("identifiers", normalize.parse_identifiers, "canonical identifier tokens"),
        PropertyType("corporate_number", normalize.check_corporate_number,
                     "a 13-digit 法人番号 with a valid check digit"),
        PropertyType("email", identifiers.normalize_email, "an e-mail address, lower-cased"),
        PropertyType("phone", identifiers.normalize_phone, "a phone number, +country digits"),
    ]
    return {t.name: t for t in types}


class _PropertyTypes(Mapping[str, PropertyType]):
    """The property type registry, built on first use (see :func:`_property_types`)."""

    _types: dict[str, PropertyType] | None = None

    def _all(self) -> dict[str, PropertyType]:
        if self._types is None:
            self._types = _property_types()
        return self._types

    def __getitem__(self, name: str) -> PropertyType:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


PROPERTY_TYPES: Mapping[str, PropertyType] = _PropertyTypes()
"""Property type name -> :class:`PropertyType` (its normaliser); ``schema.toml`` uses these names."""


def property_type(kind: str, prop: str) -> PropertyType | None:
    """The declared type of ``kind``'s property ``prop``, or None when the kind has no such property.

    >>> property_type("Approach", "reliability").name
    'reliability'
    """
    type_name = node_kind(kind).properties.get(prop)
    return PROPERTY_TYPES[type_name] if type_name else None


def cleaner(type_name: str) -> Callable[[Any], Any]:
    """The normaliser of a property type.

    >>> cleaner("date")("令和6年5月").iso
    '2024-05'
    """
    try:
        return PROPERTY_TYPES[type_name].clean
    except KeyError:
        raise SchemaError(f"unknown property type {type_name!r}; the types are "
                          f"{', '.join(PROPERTY_TYPES)}") from None


def clean_property(kind: str, prop: str, raw: Any) -> Any:
    """``raw`` cleaned by the normaliser of ``kind``'s property ``prop`` (BadValue when it is
    not a value of that type; SchemaError when the kind has no such property).

    >>> clean_property("Company", "corporate_number", "7000-0120-50002")
    '7000012050002'
    """
    found = property_type(kind, prop)
    if found is None:
        raise SchemaError(f"{check_node_kind(kind)} has no property {prop!r}")
    return found.clean(raw)


# --- the schema in use --------------------------------------------------------------------

_active: Schema = load_schema(os.environ.get(SCHEMA_ENV) or None)


def current() -> Schema:
    """The schema in use (the packaged one, ``GRAPHKIT_SCHEMA``'s, or :func:`use_schema`'s)."""
    return _active


@contextlib.contextmanager
def use_schema(schema: Schema | str | Path) -> Iterator[Schema]:
    """Use another schema (a :class:`Schema` or a schema file) inside a ``with`` block.

    >>> with use_schema(load_schema()) as s:
    ...     s.actor_kinds
    ('Person', 'Company', 'Intermediary')
    """
    global _active
    chosen = schema if isinstance(schema, Schema) else load_schema(schema)
    previous, _active = _active, chosen
    try:
        yield chosen
    finally:
        _active = previous


_DERIVED: dict[str, Callable[[Schema], Any]] = {
    "NODE_KINDS": lambda s: s.nodes,
    "RELATION_KINDS": lambda s: s.relations,
    "ACTOR_KINDS": lambda s: s.actor_kinds,
    "ACTOR_RELATIONS": lambda s: tuple(k for k, v in s.relations.items() if v.actor),
    "ENTITY_KINDS": lambda s: tuple(k for k, v in s.nodes.items() if v.entity),
    "PROJECTED_KINDS": lambda s: (*s.actor_kinds, s.role("technology")),
    "TECHNOLOGY_KIND": lambda s: s.role("technology"),
    "CASE_KIND": lambda s: s.role("case"),
    "APPROACH_KIND": lambda s: s.role("approach"),
    "DEFAULT_ACTOR_KIND": lambda s: s.role("default_actor"),
    "GO_BETWEEN_KIND": lambda s: s.role("go_between"),
    "ORGANISATION_KIND": lambda s: s.role("organisation"),
    "EMPLOYMENT_RELATION": lambda s: s.relation_role("employment"),
    "AFFILIATION_RELATION": lambda s: s.relation_role("affiliation"),
}
"""Names read from the schema in use each time they are asked for (``schema.ACTOR_KINDS``).

NODE_KINDS, RELATION_KINDS: name -> kind; ACTOR_KINDS, ACTOR_RELATIONS: those marked actor;
ENTITY_KINDS: kinds a file may name in a kind column; PROJECTED_KINDS: the node kinds of the
actor projection (actors plus the technology kind); *_KIND: the kind that plays each role;
*_RELATION: the relation kind that plays each relation role.
Read them as ``schema.NAME``: ``from graphkit.schema import NAME`` would keep one schema's value.
"""


def __getattr__(name: str) -> Any:
    if name in _DERIVED:
        return _DERIVED[name](_active)
    raise AttributeError(f"module 'graphkit.schema' has no attribute {name!r}")


def is_actor(kind: str | None) -> bool:
    """True when ``kind`` is an actor kind.

    >>> is_actor("Intermediary"), is_actor("Technology"), is_actor(None)
    (True, False, False)
    """
    found = _active.nodes.get(kind or "")
    return bool(found and found.actor)


def kind_from_word(word: str, kinds: tuple[str, ...] | None = None) -> str | None:
    """The node kind a kind cell means by ``word`` (its name, words or synonyms, folded), or
    None when no kind (of ``kinds``, when given) has that word.

    >>> kind_from_word("ＧＯ－ＢＥＴＷＥＥＮ"), kind_from_word("技術", ("Person",))
    ('Intermediary', None)
    """
    found = _active.kind_words.get(_word_key(str(word)))
    return found if found is not None and (kinds is None or found in kinds) else None


def name_match(kind: str | None) -> frozenset[str]:
    """How names of ``kind`` are matched (``legal_forms``, ``comma_form``); none for unknown kinds.

    >>> sorted(name_match("intermediary"))
    ['comma_form', 'legal_forms']
    """
    found = _active.nodes.get(kind or "")
    if found is not None:
        return found.name_match
    key = str(kind or "").casefold()
    for name, spec in _active.nodes.items():
        if name.casefold() == key:
            return spec.name_match
    return frozenset()


def check_node_kind(kind: str) -> str:
    """Return the schema's spelling of ``kind`` (case-insensitive) or raise SchemaError.

    >>> check_node_kind("person")
    'Person'
    """
    for name in _active.nodes:
        if name.casefold() == str(kind).strip().casefold():
            return name
    raise SchemaError(f"unknown node kind {kind!r}; the schema has {', '.join(_active.nodes)}")


def check_relation(relation: str) -> str:
    """Return the schema's name of a relation kind given by name or a known word, or raise.

    >>> check_relation("EMPLOYED_BY")
    'EMPLOYED_BY'
    """
    found = relation_from_word(relation)
    if found is None:
        raise SchemaError(
            f"unknown relation {relation!r}; the schema has {', '.join(_active.relations)}"
        )
    return found


def relation_from_word(word: str) -> str | None:
    """The relation kind a relations file means by ``word``, or None if the schema has none."""
    return _active.relation_words.get(_word_key(str(word)))


def vocabulary(name: str) -> Mapping[str, Term]:
    """The terms of a vocabulary (``channel``, ``outcome``) by code, or SchemaError.

    >>> list(vocabulary("channel"))[:3]
    ['networking_site', 'email', 'conference']
    """
    try:
        return _active.vocabularies[name]
    except KeyError:
        raise SchemaError(f"the schema {_active.source} has no vocabulary {name!r}; it has "
                          f"{', '.join(_active.vocabularies) or 'none'}") from None


def term(name: str, code: str) -> Term:
    """The :class:`Term` of ``code`` in vocabulary ``name`` (SchemaError when it has none)."""
    found = vocabulary(name).get(code)
    if found is None:
        raise SchemaError(f"vocabulary {name} has no code {code!r}")
    return found


def term_code(name: str, word: str | None) -> str | None:
    """The code vocabulary ``name`` gives ``word`` (its code, a word in any language or a
    synonym, after width, case and separator folding), or None when no term has that word.

    >>> term_code("channel", "メール"), term_code("channel", "E-Mail"), term_code("outcome", "carrier pigeon")
    ('email', 'email', None)
    """
    if word is None:
        return None
    vocabulary(name)
    return _active.term_words[name].get(_word_key(str(word)))


def term_word(name: str, value: str | None, lang: str = "en") -> str | None:
    """How to show a stored channel or outcome ``value``: the word of its term in ``lang``
    (its code, or a word the vocabulary knows), else the value as given (an unmapped word).

    >>> term_word("channel", "trading_house"), term_word("channel", "trading_house", lang="ja")
    ('trading house', '商社')
    >>> term_word("channel", "pigeon post"), term_word("channel", None)
    ('pigeon post', None)
    """
    if value is None:
        return None
    code = term_code(name, value)
    return value if code is None else vocabulary(name)[code].word(lang)


def kind_word(kind: str | None, lang: str = "en") -> str:
    """How pages name a node kind in ``lang``; an unknown kind as given.

    >>> kind_word("Intermediary", "ja"), kind_word("Spy", "ja")
    ('仲介', 'Spy')
    """
    found = _active.nodes.get(kind or "")
    return found.word(lang) if found is not None else str(kind or "")


def relation_word(relation: str | None, lang: str = "en") -> str:
    """How pages name a relation kind in ``lang``; an unknown relation as given.

    >>> relation_word("SOUGHT", "ja"), relation_word("EMPLOYED_BY")
    ('要求', 'employed by')
    """
    found = _active.relations.get(relation or "")
    return found.word(lang) if found is not None else str(relation or "")


def node_kind(kind: str) -> NodeKind:
    """The declared :class:`NodeKind` for ``kind``."""
    return _active.nodes[check_node_kind(kind)]


def relation_kind(relation: str) -> RelationKind:
    """The declared :class:`RelationKind` for ``relation``."""
    return _active.relations[check_relation(relation)]


def org_relation(kind: str) -> str:
    """The relation that ties an actor of ``kind`` to the organisation its record names (a
    contact row's ``from_org``): the employment role's relation when it may start at that kind,
    else the affiliation role's (a company's or a go-between firm's org).

    >>> org_relation("Person"), org_relation("Company")
    ('EMPLOYED_BY', 'AFFILIATED_WITH')
    """
    employment = _active.relations[_active.relation_role("employment")]
    if kind in employment.from_kinds:
        return employment.name
    return _active.relation_role("affiliation")


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
