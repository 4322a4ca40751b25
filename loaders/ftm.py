"""FollowTheMoney (FtM) rows: one entity per JSON line, ``{"id", "schema", "properties"}``.

Which FtM schema becomes which kind, and which interval schema (Ownership, Directorship,
Family, Payment, ...) becomes which relation, is data: the ``[ftm]`` tables of
``graphkit/schema.toml`` (docs/exchange.md). Every entity's FtM id is its record id, so
evidence cites the id a partner's tooling knows, and the node of a thing entity is identified
by its FtM id (the identifier ``ftm:<id>``), never merged with another node on a name alone.

Links name entities anywhere in the file, so the file is read in passes (:func:`ftm_pass`):
addresses, then things (people, companies, technologies, cases), then events and sanctions,
then links. A link whose end is neither in the file nor in the store (a dangling reference)
is set aside as a reject that names the missing id; the load goes on.

>>> import json
>>> from graphkit.loaders.common import RowContext
>>> ctx = RowContext(file="x.ftm.json", layout="ftm")
>>> a = ftm_row({"id": "p1", "schema": "Person", "properties": json.dumps(
...     {"name": ["Alexander Zakharov"], "country": ["ru"], "birthDate": ["1970-05"]})}, 1, ctx)
>>> b = ftm_row({"id": "c1", "schema": "Company", "properties": '{"name": ["LLC CST"]}'}, 2, ctx)
>>> own = ftm_row({"id": "o1", "schema": "Ownership", "properties": json.dumps(
...     {"owner": ["p1"], "asset": ["c1"], "startDate": ["2015-11-25"]})}, 3, ctx)
>>> a.record.record_id, a.nodes[0].properties["birth_date"], a.nodes[0].properties["foreign"]
('p1', '1970-05', True)
>>> [(e.relation, e.evidence[0].record_id, e.evidence[0].date) for e in own.edges]
[('OWNS', 'o1', '2015-11-25')]
>>> ftm_row({"id": "o2", "schema": "Ownership", "properties": '{"owner": ["p9"], "asset": ["c1"]}'}, 4, ctx)
Traceback (most recent call last):
...
graphkit.errors.BadValue: column owner: dangling reference: no entity with this id in the file or the store (value: p9)
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from graphkit import schema
from graphkit.errors import BadValue, SchemaError
from graphkit.loaders.common import RowContext, RowResult, case_node, make_edge, split_raw
from graphkit.loaders.readers import RawRow
from graphkit.model import Node, Record, stable_id
from graphkit.normalize import PartialDate, fold, parse_date
from graphkit.normalize.countries import normalize_country

ID_FIELD = "id"
IDENTIFIER_PREFIX = "ftm:"
KIND_KEYWORD = "graphkit:kind="
"""The keyword graphkit writes on an exported entity to say its kind (``graphkit:kind=Intermediary``)."""
TERM_KEYWORD = "graphkit:{}="
"""The keyword an exported approach event carries per vocabulary (``graphkit:channel=email``)."""

NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias", "abbreviation")
COUNTRY_PROPERTIES = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")
DATE_PROPERTIES = ("startDate", "date", "endDate")
"""An interval's date for its evidence: the start, else its one date, else its end."""
_ADDRESSES = "ftm.addresses"
"""The key under which a file's context keeps the full text of its Address entities."""
_IDS, _KINDS, _NAMES = "ftm.ids", "ftm.kinds", "ftm.names"
"""Keys of what a file's context keeps: FtM id -> (node id, kind), node id -> kind, node id -> name."""


def identifier(ftm_id: str) -> str:
    """The identifier token that names an FtM entity's node (``ftm:NK-…``)."""
    return IDENTIFIER_PREFIX + ftm_id


def ftm_pass(row: RawRow) -> int:
    """The pass in which a row is read: 0 addresses, 1 things, 2 events and sanctions, 3 links.

    >>> ftm_pass(RawRow(1, {"schema": "Ownership"})), ftm_pass(RawRow(2, {"schema": "Person"}))
    (3, 1)
    """
    name = (row.cells.get("schema") or "").strip()
    roles = schema.ftm_table("roles")
    if name in roles.get("address", ()):
        return 0
    kind = schema.ftm_table("load").get(name)
    if kind is not None:
        return 2 if _held_properties(kind) else 1
    return 3


def _held_properties(kind: str) -> dict[str, tuple[str, str]]:
    """FtM property -> (relation, the end this entity is) for links an entity of ``kind`` holds
    as its own properties (an Event's ``organizer``, a Sanction's ``entity``)."""
    held = {}
    for relation, spec in schema.ftm_table("links").items():
        if "property" not in spec:
            continue
        rel = schema.relation_kind(relation)
        own_end = spec["on"]
        if kind in (rel.from_kinds if own_end == "source" else rel.to_kinds):
            held[spec["property"]] = (relation, own_end)
    return held


def ftm_row(fields: dict[str, str], row: int, ctx: RowContext,
            raw: dict[str, str] | None = None) -> RowResult:
    """Turn one FtM entity into its record and the node or edges it gives."""
    ftm_id = ctx.required(fields, "id")
    name = ctx.required(fields, "schema")
    properties = _properties(fields.get("properties"))
    record = _record(fields, row, raw if raw is not None else fields, ctx, ftm_id)
    roles = schema.ftm_table("roles")
    if name in roles.get("address", ()):
        full = _values(properties, "full") or [", ".join(_values(properties, "street", "city", "country"))]
        ctx.memo.setdefault(_ADDRESSES, {})[ftm_id] = [v for v in full if v]
        return RowResult(record)
    if name in roles.get("identification", ()):
        return _identification(properties, record, ctx)
    kind = _kind(name, properties)
    if kind is not None:
        return _thing(kind, name, ftm_id, properties, record, ctx, caption=ctx.text(fields, "caption"))
    link = _link_spec(name, properties)
    if link is None:
        raise BadValue("FtM schema graphkit does not read (docs/exchange.md lists those it does)",
                       column="schema", value=name)
    return _link(link, properties, record, ctx)


def _properties(text: str | None) -> dict[str, list[str]]:
    """The entity's properties: FtM property -> list of text values."""
    if text is None or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise BadValue("properties is not a JSON object", column="properties", value=text[:80]) from None
    if not isinstance(value, dict):
        raise BadValue("properties is not a JSON object", column="properties", value=text[:80])
    out: dict[str, list[str]] = {}
    for prop, values in value.items():
        items = values if isinstance(values, list) else [values]
        out[str(prop)] = [str(v).strip() for v in items if v is not None and str(v).strip()]
    return out


def _values(properties: Mapping[str, list[str]], *names: str) -> list[str]:
    """The values of ``names`` in order, each once."""
    return list(dict.fromkeys(v for n in names for v in properties.get(n, ())))


def _record(fields: dict[str, str], row: int, raw: dict[str, str], ctx: RowContext, ftm_id: str) -> Record:
    """The entity's record: its FtM id is its record id (a second entity with the same id and
    other content in the file is kept beside it under a content id, as a conflict)."""
    record = ctx.record(fields, row, raw, ID_FIELD, None)
    if record.record_id == stable_id("record", ctx.layout, "id", fold(ftm_id)):
        return Record(record_id=ftm_id, layout=record.layout, file=record.file, row=row,
                      source_id=ftm_id, raw=record.raw)
    return record


def _kind(name: str, properties: Mapping[str, list[str]]) -> str | None:
    """The kind an entity of FtM schema ``name`` becomes (its graphkit keyword wins)."""
    kind = schema.ftm_table("load").get(name)
    if kind is None:
        return None
    for keyword in properties.get("keywords", ()):
        if keyword.startswith(KIND_KEYWORD):
            stated = keyword[len(KIND_KEYWORD):]
            if stated in schema.NODE_KINDS and schema.ftm_table("export").get(stated) == name:
                return stated
    return str(kind)


def _country(ctx: RowContext, properties: Mapping[str, list[str]]) -> str | None:
    """The first country graphkit knows among the entity's country properties."""
    for value in _values(properties, *COUNTRY_PROPERTIES):
        try:
            found = normalize_country(value)
        except BadValue:
            continue  # FtM also has codes of its own (suhh for the Soviet Union, zz): skip them
        if found:
            return found
    return None


def _date(properties: Mapping[str, list[str]], *names: str) -> PartialDate | None:
    """The first readable date among ``names`` (FtM dates are ISO 8601 prefixes)."""
    for value in _values(properties, *names):
        try:
            found = parse_date(value)
        except BadValue:
            continue
        if found is not None:
            return found
    return None


def _thing(kind: str, ftm_schema: str, ftm_id: str, properties: Mapping[str, list[str]],
           record: Record, ctx: RowContext, *, caption: str | None = None) -> RowResult:
    """A thing entity: its node (and, for an event or sanction, the links it holds). Its name
    is the entity's caption (the display name OpenSanctions chose) when it has one, else its
    first name; every name, alias and previous name is an alias."""
    names = _values(properties, *NAME_PROPERTIES)
    if caption and names and caption in names:
        names.remove(caption)
        names.insert(0, caption)
    raw_name = names[0] if names else (caption or ftm_id)
    if kind == schema.CASE_KIND:
        case = case_node(raw_name, record)
        _remember(ctx, ftm_id, case.id, kind, case.name)
        return RowResult(record, nodes=[case])
    properties_out = _node_properties(kind, ftm_schema, properties, ctx)
    held = _held_properties(kind)
    declared = schema.node_kind(kind).properties
    identifiers = [identifier(ftm_id)]
    if "identifiers" in declared:
        properties_out["identifiers"] = identifiers
    properties_out["entity_id"] = ftm_id
    if kind == schema.APPROACH_KIND or not names:
        node_id = stable_id(kind, identifier(ftm_id))
    else:
        node_id = ctx.resolver.resolve_entity(kind, raw_name, aliases=names[1:], identifiers=identifiers,
                                              entity_id=ftm_id)
    label = raw_name if names else _label(kind, properties_out, ftm_id)
    node = Node(id=node_id, kind=kind, name=fold(label), aliases=set(names),
                properties=properties_out, evidence={record.record_id})
    _remember(ctx, ftm_id, node_id, kind, node.name)
    result = RowResult(record, nodes=[node])
    if held:
        date = _date(properties, *DATE_PROPERTIES)
        evidence = ctx.evidence(record, date=date, channel=properties_out.get("channel"),
                                outcome=properties_out.get("outcome"))
        for prop, (relation, own_end) in held.items():
            for ref in properties.get(prop, ()):
                other, other_kind = _end(ctx, ref, prop)
                ends = (node_id, other) if own_end == "source" else (other, node_id)
                kinds = (kind, other_kind) if own_end == "source" else (other_kind, kind)
                _check(relation, kinds, prop, ref)
                result.edges.append(make_edge(ends[0], relation, ends[1], evidence))
    return result


def _cleaned(type_name: str, value: str) -> str:
    """A value cleaned by its property type (a phone as ``+`` and digits), else as written."""
    try:
        return str(schema.cleaner(type_name)(value) or value)
    except BadValue:
        return value


def _node_properties(kind: str, ftm_schema: str, properties: Mapping[str, list[str]],
                     ctx: RowContext) -> dict[str, Any]:
    """The node properties an FtM entity gives (those its kind declares): country and the
    foreign flag, dates at their precision, addresses, phones, e-mails, topics, notes, a
    sanction's authority, programme and reason, an event's channel and outcome keywords."""
    properties_out: dict[str, Any] = {"ftm_schema": ftm_schema}
    declared = schema.node_kind(kind).properties
    if schema.is_actor(kind):
        country = _country(ctx, properties)
        properties_out.update(ctx.actor_properties(country, None))
    for prop, ftm_props in (("birth_date", ("birthDate",)), ("start_date", ("startDate",)),
                            ("end_date", ("endDate",)), ("listing_date", ("listingDate",)),
                            ("date", ("date", "startDate"))):
        if prop in declared:
            found = _date(properties, *ftm_props)
            if found is not None:
                properties_out[prop] = found.iso
    lists = {"address": _values(properties, "address") + [a for ref in properties.get("addressEntity", ())
                                                           for a in ctx.memo.get(_ADDRESSES, {}).get(ref, ())],
             "phone": [_cleaned("phone", v) for raw in _values(properties, "phone") for v in split_raw(raw)],
             "email": [_cleaned("email", v) for raw in _values(properties, "email") for v in split_raw(raw)],
             "topics": _values(properties, "topics")}
    for prop, values in lists.items():
        if prop in declared and values:
            properties_out[prop] = list(dict.fromkeys(values))
    texts = {"notes": _values(properties, "notes", "description", "summary"),
             "authority": _values(properties, "authority"), "program": _values(properties, "program"),
             "reason": _values(properties, "reason"), "status": _values(properties, "status")}
    for prop, values in texts.items():
        if prop in declared and values:
            properties_out[prop] = "\n".join(values)
    if "country" in declared and "country" not in properties_out:
        country = _country(ctx, properties)
        if country:
            properties_out["country"] = country
    for keyword in properties.get("keywords", ()):
        for vocabulary in ("channel", "outcome"):
            prefix = TERM_KEYWORD.format(vocabulary)
            if keyword.startswith(prefix) and vocabulary in declared:
                properties_out[vocabulary] = keyword[len(prefix):]
    return properties_out


def _label(kind: str, properties: Mapping[str, Any], ftm_id: str) -> str:
    """A name for an entity FtM gives none (a sanction: its authority and programme)."""
    parts = [str(properties[p]).split("\n")[0] for p in ("authority", "program") if properties.get(p)]
    return ": ".join(parts) or f"{schema.node_kind(kind).word()} {ftm_id}"


def _remember(ctx: RowContext, ftm_id: str, node_id: str, kind: str, name: str) -> None:
    """Note the node an FtM id became, for the links further down the file."""
    ctx.memo.setdefault(_IDS, {})[ftm_id] = (node_id, kind)
    ctx.memo.setdefault(_KINDS, {})[node_id] = kind
    ctx.memo.setdefault(_NAMES, {}).setdefault(node_id, name)


def _end(ctx: RowContext, ref: str, prop: str) -> tuple[str, str]:
    """(node id, kind) of the entity ``ref`` names; BadValue for a dangling reference."""
    known = ctx.memo.get(_IDS, {}).get(ref)
    if known is not None:
        return known
    node_id = ctx.resolver.by_entity_id(ref)
    kind = ctx.resolver.kind_of(node_id) if node_id else None
    if node_id is None or kind is None:
        raise BadValue("dangling reference: no entity with this id in the file or the store",
                       column=prop, value=ref)
    return node_id, kind


def _check(relation: str, kinds: tuple[str, str], prop: str, ref: str) -> None:
    try:
        schema.check_endpoints(relation, *kinds)
    except SchemaError as err:
        raise BadValue(err.message, column=prop, value=ref) from None


def _link_spec(name: str, properties: Mapping[str, list[str]]) -> tuple[str, str, str] | None:
    """(relation, source property, target property) for an interval schema, None if unknown.

    An UnknownLink's ``role`` chooses the relation: the one graphkit writes with that role,
    else a relation the schema knows the word of, else LINKED_TO's table entry."""
    links = schema.ftm_table("links")
    candidates = [(rel, spec) for rel, spec in links.items() if spec.get("schema") == name]
    if not candidates:
        extra = schema.ftm_table("load_links").get(name)
        return (extra["relation"], extra["source"], extra["target"]) if extra else None
    roles = [fold(r).casefold() for r in properties.get("role", ())]
    if len(candidates) > 1:
        for rel, spec in candidates:
            if spec.get("role") and fold(spec["role"]).casefold() in roles:
                return rel, spec["source"], spec["target"]
        plain = [(rel, spec) for rel, spec in candidates if not spec.get("role")]
        for role in properties.get("role", ()):
            named = schema.relation_from_word(role)
            if named is not None and named in links and named in schema.ACTOR_RELATIONS:
                spec = links[named]
                if spec.get("schema") == name:
                    return named, spec["source"], spec["target"]
        candidates = plain or candidates
    rel, spec = candidates[0]
    return rel, spec["source"], spec["target"]


def _link(link: tuple[str, str, str], properties: Mapping[str, list[str]], record: Record,
          ctx: RowContext) -> RowResult:
    """An interval entity as one edge per (source, target) pair it names."""
    relation, source_prop, target_prop = link
    sources = properties.get(source_prop, [])
    targets = properties.get(target_prop, [])
    if not sources or not targets:
        missing = source_prop if not sources else target_prop
        raise BadValue(f"a link needs its {source_prop} and {target_prop}", column=missing)
    ends_from = [_end(ctx, ref, source_prop) for ref in sources]
    ends_to = [_end(ctx, ref, target_prop) for ref in targets]
    evidence = ctx.evidence(record, date=_date(properties, *DATE_PROPERTIES))
    result = RowResult(record)
    for (source, source_kind), ref_from in zip(ends_from, sources):
        for (target, target_kind), ref_to in zip(ends_to, targets):
            _check(relation, (source_kind, target_kind), target_prop, ref_to)
            if source == target:
                raise BadValue("a link needs two different ends", column=target_prop, value=ref_to)
            result.edges.append(make_edge(source, relation, target, evidence))
    for node_id in {n for pair in result.edges for n in (pair.source, pair.target)}:
        result.nodes.append(_evidence_only(ctx, node_id, record))
    return result


def _evidence_only(ctx: RowContext, node_id: str, record: Record) -> Node:
    """A known node again, adding this record to its evidence."""
    kind = ctx.memo.get(_KINDS, {}).get(node_id) or ctx.resolver.kind_of(node_id) or schema.DEFAULT_ACTOR_KIND
    return Node(id=node_id, kind=kind, name=ctx.resolver.name_of(node_id) or ctx.memo.get(_NAMES, {}).get(node_id, node_id),
                evidence={record.record_id})


def _identification(properties: Mapping[str, list[str]], record: Record, ctx: RowContext) -> RowResult:
    """A passport or identification: its number becomes an identifier of its holder."""
    holders = properties.get("holder", [])
    if not holders:
        raise BadValue("an identification needs its holder", column="holder")
    result = RowResult(record)
    for ref in holders:
        node_id, kind = _end(ctx, ref, "holder")
        numbers = _values(properties, "number", "passportNumber")
        node = _evidence_only(ctx, node_id, record)
        if numbers and "identifiers" in schema.node_kind(kind).properties:
            node.properties["identifiers"] = [identifier(ref), *(f"passport:{n}" for n in numbers)]
        result.nodes.append(node)
    return result

