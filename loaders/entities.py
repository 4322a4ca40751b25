"""Entities rows: declare a person, company, intermediary or technology with its aliases and
identifiers, so that contacts naming any alias land on the same node.

The node id comes from the first identifier when the row gives one (``jp-corp:…``,
``email:…``), else from the kind and the name's matching key with the org and country given;
an identifier or name already known joins that node (see :mod:`graphkit.loaders.identity`).

>>> from graphkit.loaders.common import RowContext
>>> ctx = RowContext(file="e.csv", layout="entities")
>>> r = entity_row({"kind": "法人", "name": "株式会社アクメ", "aliases": "ACME KK; アクメ",
...                 "identifiers": "7010001008844", "country": "日本"}, 2, ctx)
>>> node = r.nodes[0]
>>> node.kind, node.properties["corporate_number"], sorted(node.aliases)
('Company', '7010001008844', ['ACME KK', 'アクメ', '株式会社アクメ'])
>>> ctx.resolver.resolve("Company", "アクメ") == node.id
True
"""
from __future__ import annotations

from graphkit import schema
from graphkit.errors import BadValue
from graphkit.loaders.common import RowContext, RowResult, split_raw
from graphkit.model import Node
from graphkit.normalize import fold, parse_identifiers

ID_FIELD = "entity_id"
CORPORATE_PREFIX = "jp-corp:"


def entity_row(fields: dict[str, str], row: int, ctx: RowContext,
               raw: dict[str, str] | None = None) -> RowResult:
    """Turn one entities row into its record and node (no edges)."""
    raw_name = ctx.required(fields, "name")
    kind = ctx.kind(fields, "kind", default=schema.DEFAULT_ACTOR_KIND, kinds=schema.ENTITY_KINDS)
    declared = schema.node_kind(kind).properties
    country = ctx.country(fields, "country")
    org = ctx.text(fields, "org")
    try:
        identifiers = parse_identifiers(fields.get("identifiers"), home=ctx.home_country)
    except BadValue as err:
        raise BadValue(err.reason, column="identifiers", value=fields.get("identifiers")) from None
    aliases = split_raw(fields.get("aliases"))
    entity_id = ctx.text(fields, ID_FIELD)
    record = ctx.record(fields, row, raw if raw is not None else fields, ID_FIELD, None)
    if not all(prop in declared for prop, value in
               (("country", country), ("org", org), ("identifiers", identifiers)) if value):
        raise BadValue(f"a {schema.node_kind(kind).word()} has no country, org or identifiers",
                       column="kind", value=fields.get("kind"))

    node_id = ctx.resolver.resolve_entity(
        kind, raw_name, aliases=aliases, org=org, country=country, identifiers=identifiers,
        entity_id=entity_id,
    )
    properties = ctx.actor_properties(country, org)
    if identifiers:
        properties["identifiers"] = identifiers
        corporate = [t[len(CORPORATE_PREFIX):] for t in identifiers if t.startswith(CORPORATE_PREFIX)]
        if corporate and "corporate_number" in declared:
            properties["corporate_number"] = schema.clean_property(kind, "corporate_number", corporate[0])
    if entity_id:
        properties["entity_id"] = entity_id
    node = Node(id=node_id, kind=kind, name=fold(raw_name), aliases={raw_name, *aliases},
                properties=properties, evidence={record.record_id})
    return RowResult(record, nodes=[node])
