// name: delete_edges_at
// mode: write
// params: $nodes: list of node ids, $ids: list of edge ids
// Deletes the edges with those ids that have one of those nodes at an end (a merge and its
// undo only touch edges of the two nodes, so no relationship scan is needed).
UNWIND $nodes AS nid
MATCH (:Entity {id: nid})-[r]-()
WHERE r.id IN $ids
WITH DISTINCT r
DELETE r
RETURN count(*) AS removed
