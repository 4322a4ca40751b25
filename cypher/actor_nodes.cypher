// name: actor_nodes
// mode: read
// params: $ids: node ids; $kinds: node kinds (schema names, as values)
// returns: id, kind, name and user properties of the nodes of those kinds among the ids,
//          without aliases or evidence (what the analysis arrays need)
UNWIND $ids AS wanted
MATCH (n:Entity {id: wanted})
WHERE n.kind IN $kinds
RETURN n.id AS id, n.kind AS kind, n.name AS name,
       [k IN coalesce(n.property_keys, []) | [k, n[k]]] AS props
