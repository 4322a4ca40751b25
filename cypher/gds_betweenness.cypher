// name: gds_betweenness
// mode: read
// params: $graph: the in-memory graph; $config: gds.betweenness options (samplingSize,
//         samplingSeed, concurrency, relationshipWeightProperty)
// returns: each node's id and raw betweenness (GDS's scale)
CALL gds.betweenness.stream($graph, $config) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score
