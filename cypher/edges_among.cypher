// name: edges_among
// mode: read
// params: $ids: list of node ids
// returns: every edge whose two end nodes are both among the ids, with its relation type,
//          user properties and evidence (JSON texts)
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $ids
RETURN r.id AS id, type(r) AS relation, a.id AS source, b.id AS target, r.evidence AS evidence,
       [k IN coalesce(r.property_keys, []) | [k, r[k]]] AS props
ORDER BY id
