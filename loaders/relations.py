"""Relations rows: a relation stated directly (employed by, owns, introduced, transferred, ...).

Each end is named (``from_name`` with an optional ``from_kind``) or given by the
``entity_id`` of an entities row (``from_id``). The relation is a schema relation name or a
word the schema knows (``works for``, ``所属``, ``紹介``); its ends must be kinds the schema
allows. A blank kind defaults to Person where the relation allows it, else to the first kind
it allows (``HOLDS`` ends in a Technology, ``EMPLOYED_BY`` in a Company).

>>> from graphkit.loaders.common import RowContext
>>> r = relation_row({"from_name": "山田 太郎", "to_name": "Acme KK", "relation": "勤務"}, 2,
...                  RowContext(file="r.csv", layout="relations"))
>>> [(e.relation, n.kind) for e, n in zip(r.edges, r.nodes[1:])]
[('EMPLOYED_BY', 'Company')]
"""
from __future__ import annotations

from graphkit import schema
from graphkit.errors import BadValue, SchemaError
from graphkit.loaders.common import RowContext, RowResult, case_node, make_edge
from graphkit.model import Node
from graphkit.normalize import fold

ID_FIELD = None


def relation_row(fields: dict[str, str], row: int, ctx: RowContext,
                 raw: dict[str, str] | None = None) -> RowResult:
    """Turn one relations row into its record, the two end nodes and the stated edge."""
    word = ctx.required(fields, "relation")
    relation = schema.relation_from_word(word)
    if relation is None or relation not in schema.ACTOR_RELATIONS:
        raise BadValue(
            "relation the schema does not know; use one of " + ", ".join(schema.ACTOR_RELATIONS),
            column="relation", value=word,
        )
    spec = schema.RELATION_KINDS[relation]
    date = ctx.date(fields, "date")
    reliability = ctx.reliability(fields)
    weight = ctx.weight(fields)
    case_id = ctx.text(fields, "case_id")
    ends = [_end(ctx, fields, "from", spec.from_kinds), _end(ctx, fields, "to", spec.to_kinds)]
    try:
        schema.check_endpoints(relation, ends[0][1], ends[1][1])
    except SchemaError as err:
        raise BadValue(err.message, column="relation", value=word) from None
    if ends[0][0] == ends[1][0]:
        raise BadValue("a relation needs two different ends", column="to_name", value=fields.get("to_name"))
    record = ctx.record(fields, row, raw if raw is not None else fields, ID_FIELD, case_id)
    nodes = []
    for node_id, kind, raw_name in ends:
        if raw_name is None:  # given by entity id: the node exists, this row adds evidence
            nodes.append(Node(id=node_id, kind=kind, name=ctx.resolver.name_of(node_id) or node_id,
                              evidence={record.record_id}))
        else:
            node = Node(id=node_id, kind=kind, name=fold(raw_name), aliases={raw_name},
                        evidence={record.record_id})
            ctx.resolver.learn_node(node)
            nodes.append(node)
    evidence = ctx.evidence(record, date=date, reliability=reliability, weight=weight)
    result = RowResult(record, nodes=list(nodes))
    result.edges.append(make_edge(ends[0][0], relation, ends[1][0], evidence))
    if case_id:
        case = case_node(case_id, record)
        result.nodes.insert(0, case)
        for node in nodes:
            result.edges.append(make_edge(node.id, "PART_OF", case.id, evidence))
    return result


def _end(ctx: RowContext, fields: dict[str, str], role: str,
         allowed: tuple[str, ...]) -> tuple[str, str, str | None]:
    """(node id, kind, raw name or None when given by entity id) for one end of the relation."""
    entity_id = ctx.text(fields, f"{role}_id")
    if entity_id is not None:
        node_id = ctx.resolver.by_entity_id(entity_id)
        if node_id is None:
            raise BadValue("no entities row declares this entity_id", column=f"{role}_id", value=entity_id)
        return node_id, ctx.resolver.kind_of(node_id) or schema.DEFAULT_ACTOR_KIND, None
    raw_name = ctx.required(fields, f"{role}_name")
    default = schema.DEFAULT_ACTOR_KIND if schema.DEFAULT_ACTOR_KIND in allowed else allowed[0]
    kind = ctx.kind(fields, f"{role}_kind", default=default, kinds=schema.ENTITY_KINDS,
                    known_as=(f"{role}_name", raw_name, allowed))
    node_id = ctx.resolver.resolve(kind, raw_name, learn=False)
    return node_id, kind, raw_name
