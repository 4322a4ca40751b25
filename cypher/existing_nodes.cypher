// name: existing_nodes
// mode: read
// params: $ids: list of node ids
// returns: id, name, aliases and the user properties (as [key, value] pairs) of each node already stored
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases, [k IN coalesce(n.property_keys, []) | [k, n[k]]] AS props
