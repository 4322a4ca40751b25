// name: gds_articulation_points
// mode: read
// params: $graph: the in-memory (undirected) graph
// returns: the id of every articulation point (cut vertex)
CALL gds.articulationPoints.stream($graph, {}) YIELD nodeId
RETURN gds.util.asNode(nodeId).id AS id
