// name: gds_degree
// mode: read
// params: $graph: the in-memory graph; $config: gds.degree options (orientation)
// returns: each node's id and degree (collapsed pairs: distinct neighbours)
CALL gds.degree.stream($graph, $config) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, toInteger(score) AS degree
