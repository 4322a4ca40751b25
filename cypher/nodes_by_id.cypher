// name: nodes_by_id
// mode: read
// params: $ids: list of node ids
// returns: each stored node among the ids with its aliases, evidence and user properties
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.kind AS kind, n.name AS name, n.aliases AS aliases, n.evidence AS evidence,
       [k IN coalesce(n.property_keys, []) | [k, n[k]]] AS props
ORDER BY id
