// name: gds_wcc
// mode: read
// params: $graph: the in-memory graph
// returns: each node's id and weakly connected component id
CALL gds.wcc.stream($graph, {}) YIELD nodeId, componentId
RETURN gds.util.asNode(nodeId).id AS id, componentId AS component
