// name: edges_by_id
// mode: read
// params: $ids: list of edge ids
// returns: id, relation type and user properties (as [key, value] pairs) of each edge found
MATCH ()-[r]->()
WHERE r.id IN $ids
RETURN r.id AS id, type(r) AS relation, [k IN coalesce(r.property_keys, []) | [k, r[k]]] AS props
