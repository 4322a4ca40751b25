// name: gds_pagerank
// mode: read
// params: $graph: the in-memory graph; $config: gds.pageRank options (dampingFactor, tolerance,
//         maxIterations, relationshipWeightProperty, scaler)
// returns: each node's id and PageRank score (GDS's definition: sinks' rank is not spread)
CALL gds.pageRank.stream($graph, $config) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score
