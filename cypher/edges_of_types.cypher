// name: edges_of_types
// mode: read
// params: $types: list of relation kinds (schema names, as values)
// returns: every edge of those kinds with its type, end ids, user properties and evidence
//          (JSON texts), by id (the same order as the workspace)
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types
RETURN r.id AS id, type(r) AS relation, a.id AS source, b.id AS target, r.evidence AS evidence,
       [k IN coalesce(r.property_keys, []) | [k, r[k]]] AS props
ORDER BY id
