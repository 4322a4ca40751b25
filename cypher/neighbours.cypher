// name: neighbours
// mode: read
// params: $ids: list of node ids
// returns: the ids of the nodes one hop from any of them, in either direction (one k-hop step)
UNWIND $ids AS id
MATCH (:Entity {id: id})--(m:Entity)
RETURN DISTINCT m.id AS id
