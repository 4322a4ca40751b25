// name: delete_bare_nodes
// mode: write
// params: $ids: list of node ids
// Deletes those of the nodes that have no evidence and no edge left.
// returns: how many were deleted
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE size(coalesce(n.evidence, [])) = 0 AND NOT (n)--()
DELETE n
RETURN count(*) AS removed
