// name: delete_entities
// mode: write
// params: $ids: list of node ids
// Deletes those nodes with any edge left on them (a merge deletes the node merged away).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
DETACH DELETE n
RETURN count(*) AS removed
