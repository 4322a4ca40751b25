"""Contacts rows: one approach event each, kept faithfully and projected onto the actors.

A row becomes an **Approach** node with role edges ``(from)-[:MADE]->(approach)``,
``(approach)-[:TARGETED]->(to)``, ``(approach)-[:VIA]->(via)``,
``(approach)-[:CONCERNS]->(technology)`` and ``(approach)-[:PART_OF]->(case)``, plus the actor
edges analysis uses, each citing the row:

- no intermediary: ``from -CONTACTED-> to``;
- with one: ``from -CONTACTED-> via`` and ``via -INTRODUCED-> to``;
- each technology: ``from -SOUGHT-> technology`` and ``to -HOLDS-> technology`` (inferred);
- each party's org (``from_org``, ``to_org``, ``via_org``): a node of the schema's organisation
  kind (or of the one actor kind the name is already known as, e.g. a declared intermediary
  firm), tied by ``party -EMPLOYED_BY-> org`` (``AFFILIATED_WITH`` for a party that is not a
  person; :func:`graphkit.schema.org_relation`). The org is resolved like any name, so
  ``東都精機株式会社`` in a row and ``(株)東都精機`` in the entity register are one node.

>>> from graphkit.loaders.common import RowContext
>>> ctx = RowContext(file="c.csv", layout="contacts")
>>> result = contact_row({"from_name": "Li Wei", "from_country": "中国", "to_name": "山田 太郎",
...                       "technology": "EUV; 量子センサ", "date": "R6.5.1"}, 2, ctx)
>>> sorted(e.relation for e in result.edges)
['CONCERNS', 'CONCERNS', 'CONTACTED', 'HOLDS', 'HOLDS', 'MADE', 'SOUGHT', 'SOUGHT', 'TARGETED']
>>> result.edges[0].evidence[0].date
'2024-05-01'
>>> with_org = contact_row({"from_name": "Li Wei", "to_name": "山田 太郎", "to_org": "東都精機株式会社"}, 3, ctx)
>>> [(e.relation, n.kind, n.name) for e in with_org.edges for n in with_org.nodes
...  if e.relation == "EMPLOYED_BY" and n.id == e.target]
[('EMPLOYED_BY', 'Company', '東都精機株式会社')]
"""
from __future__ import annotations

from graphkit.errors import BadValue
from graphkit import schema
from graphkit.loaders.common import RowContext, RowResult, case_node, make_edge, split_raw
from graphkit.model import Node, stable_id
from graphkit.normalize import fold

ID_FIELD = "contact_id"


def actor_node(ctx: RowContext, fields: dict[str, str], role: str, record_id: str, *,
               default_kind: str) -> Node | None:
    """The node for the ``from``, ``to`` or ``via`` party of a row (None when ``via`` is blank)."""
    name_field = f"{role}_name"
    if role == "via" and ctx.text(fields, name_field) is None:
        return None
    raw_name = ctx.required(fields, name_field)
    kind = ctx.kind(fields, f"{role}_kind", default=default_kind, known_as=(name_field, raw_name, schema.ACTOR_KINDS))
    country = ctx.country(fields, f"{role}_country")
    org = ctx.text(fields, f"{role}_org")
    node_id = ctx.resolver.resolve(kind, raw_name, org=org, country=country, learn=False)
    properties = ctx.actor_properties(country, org)
    return Node(id=node_id, kind=kind, name=fold(raw_name), aliases={raw_name},
                properties=properties, evidence={record_id})


def org_node(ctx: RowContext, fields: dict[str, str], role: str, party: Node) -> Node | None:
    """The organisation the ``{role}_org`` cell names (None when blank), resolved like any name.

    Its kind is the one actor kind the name is already known as among those the party's org
    relation may reach (a firm the register declares an intermediary stays one), else the
    schema's organisation kind. No country: a person's country says nothing of the firm's.
    """
    raw = fields.get(f"{role}_org")
    if raw is None or not raw.strip():
        return None
    raw = raw.strip()
    reachable = schema.relation_kind(schema.org_relation(party.kind)).to_kinds
    kind = ctx.resolver.known_kind(raw, reachable) or schema.ORGANISATION_KIND
    node_id = ctx.resolver.resolve(kind, raw, learn=False)
    return Node(id=node_id, kind=kind, name=fold(raw), aliases={raw}, evidence=set(party.evidence))


def contact_row(fields: dict[str, str], row: int, ctx: RowContext,
                raw: dict[str, str] | None = None) -> RowResult:
    """Turn one contacts row (layout field -> text) into its record, nodes and edges.

    Raises :class:`BadValue` for a bad cell (the reject's reason) before anything is learnt.
    """
    # read and check every cell first, so a bad row teaches the resolver nothing
    for role in ("from", "to"):
        ctx.required(fields, f"{role}_name")
        ctx.kind(fields, f"{role}_kind", default=schema.DEFAULT_ACTOR_KIND)
        ctx.country(fields, f"{role}_country")
    if ctx.text(fields, "via_name") is not None:
        ctx.kind(fields, "via_kind", default=schema.GO_BETWEEN_KIND)
        ctx.country(fields, "via_country")
    date = ctx.date(fields, "date")
    reliability = ctx.reliability(fields)
    weight = ctx.weight(fields)
    case_id = ctx.text(fields, "case_id")
    channel = ctx.term(fields, "channel")  # a vocabulary code (or an unmapped word as given)
    outcome = ctx.term(fields, "outcome")
    technologies = split_raw(fields.get("technology"))
    record = ctx.record(fields, row, raw if raw is not None else fields, ID_FIELD, case_id)
    rid = record.record_id

    actor_from = actor_node(ctx, fields, "from", rid, default_kind=schema.DEFAULT_ACTOR_KIND)
    actor_to = actor_node(ctx, fields, "to", rid, default_kind=schema.DEFAULT_ACTOR_KIND)
    via = actor_node(ctx, fields, "via", rid, default_kind=schema.GO_BETWEEN_KIND)
    assert actor_from is not None and actor_to is not None
    ends = [actor_from.id, actor_to.id] + ([via.id] if via else [])
    if len(set(ends)) < len(ends):
        raise BadValue(
            "from, to and via name the same entity; a contact needs two different parties",
            column="to_name" if actor_from.id == actor_to.id else "via_name",
            value=fields.get("to_name") if actor_from.id == actor_to.id else fields.get("via_name"),
        )

    orgs = [(party, org_node(ctx, fields, role, party))
            for role, party in (("from", actor_from), ("to", actor_to), ("via", via)) if party is not None]
    for node in (actor_from, actor_to, via, *(org for _, org in orgs)):
        if node is not None:
            ctx.resolver.learn_node(node)
    evidence = ctx.evidence(record, date=date, reliability=reliability, channel=channel, outcome=outcome,
                            weight=weight)
    # an affiliation is stated by the row, not a contact: its evidence keeps the row, date and
    # reliability, not the channel, outcome or weight (those count contacts)
    stated = ctx.evidence(record, date=date, reliability=reliability)
    approach_props: dict[str, object] = {
        key: value for key, value in {
            "contact_id": record.source_id, "case_id": case_id, "date": date.iso if date else None,
            "channel": channel, "outcome": outcome, "reliability": reliability,
            "notes": ctx.text(fields, "notes"),
        }.items() if value is not None
    }
    label = record.source_id or f"{actor_from.name} → {actor_to.name}" + (f" {date.iso}" if date else "")
    approach = Node(id=stable_id(schema.APPROACH_KIND, rid), kind=schema.APPROACH_KIND, name=label,
                    properties=approach_props, evidence={rid})
    result = RowResult(record, nodes=[actor_from, actor_to, approach])
    edges = result.edges
    edges.append(make_edge(actor_from.id, "MADE", approach.id, evidence))
    edges.append(make_edge(approach.id, "TARGETED", actor_to.id, evidence))
    if via is not None:
        result.nodes.append(via)
        edges.append(make_edge(approach.id, "VIA", via.id, evidence))
        edges.append(make_edge(actor_from.id, "CONTACTED", via.id, evidence))
        edges.append(make_edge(via.id, "INTRODUCED", actor_to.id, evidence))
    else:
        edges.append(make_edge(actor_from.id, "CONTACTED", actor_to.id, evidence))
    for raw_tech in technologies:
        tech_id = ctx.resolver.resolve(schema.TECHNOLOGY_KIND, raw_tech)
        result.nodes.append(Node(id=tech_id, kind=schema.TECHNOLOGY_KIND, name=fold(raw_tech),
                                 aliases={raw_tech}, evidence={rid}))
        edges.append(make_edge(approach.id, "CONCERNS", tech_id, evidence))
        edges.append(make_edge(actor_from.id, "SOUGHT", tech_id, evidence))
        edges.append(make_edge(actor_to.id, "HOLDS", tech_id, evidence, inferred=True))
    for party, org in orgs:
        if org is not None and org.id != party.id:
            result.nodes.append(org)
            edges.append(make_edge(party.id, schema.org_relation(party.kind), org.id, stated))
    if case_id:
        # the approach is part of the case; its parties and technologies reach the case
        # through it (and every edge's evidence carries the case id)
        case = case_node(case_id, record)
        result.nodes.append(case)
        edges.append(make_edge(approach.id, "PART_OF", case.id, evidence))
    ctx.note_unmapped("channel", channel)
    ctx.note_unmapped("outcome", outcome)
    return result
