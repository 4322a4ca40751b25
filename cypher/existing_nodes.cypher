// name: existing_nodes
// mode: read
// params: $ids: list of node ids
// returns: id, name and the user properties (as [key, value] pairs) of each node already stored
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.name AS name, [k IN coalesce(n.property_keys, []) | [k, n[k]]] AS props
