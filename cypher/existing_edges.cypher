// name: existing_edges
// mode: read
// template: {type} = a relation kind of graphkit/schema.toml (checked by graphkit.schema.check_relation)
// params: $ids: list of edge ids
// returns: id and the user properties (as [key, value] pairs) of each edge already stored
UNWIND $ids AS id
MATCH ()-[r:{type} {id: id}]->()
RETURN r.id AS id, [k IN coalesce(r.property_keys, []) | [k, r[k]]] AS props
