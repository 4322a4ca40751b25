// name: node_ids_present
// mode: read
// params: $ids: list of node ids
// returns: the ids among them of the nodes stored
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id
