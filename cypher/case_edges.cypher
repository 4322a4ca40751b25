// name: case_edges
// mode: read
// params: $case_id: a case id; $types: list of relation kinds (schema names, as values)
// returns: every edge of those kinds with evidence of the case (its cases list names it), with
//          its type, end ids, user properties and evidence (JSON texts, every case's: the
//          store keeps the case's), by id
MATCH (a:Entity)-[r]->(b:Entity)
WHERE $case_id IN r.cases AND type(r) IN $types
RETURN r.id AS id, type(r) AS relation, a.id AS source, b.id AS target, r.evidence AS evidence,
       [k IN coalesce(r.property_keys, []) | [k, r[k]]] AS props
ORDER BY id
