// name: gds_louvain
// mode: read
// params: $graph: the in-memory graph; $config: gds.louvain options (concurrency,
//         relationshipWeightProperty)
// returns: each node's id and Louvain community id
CALL gds.louvain.stream($graph, $config) YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).id AS id, communityId AS community
