// name: edges_by_type
// mode: read
// template: {type} = a relation kind of graphkit/schema.toml (checked by graphkit.schema.check_relation)
// params: none
// returns: every edge of the kind with its end ids, user properties and evidence (JSON texts), by id
MATCH (a:Entity)-[r:{type}]->(b:Entity)
RETURN r.id AS id, a.id AS source, b.id AS target, r.evidence AS evidence,
       [k IN coalesce(r.property_keys, []) | [k, r[k]]] AS props
ORDER BY id
