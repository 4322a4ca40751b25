// name: gds_drop
// mode: read
// params: $graph: an in-memory graph name
// returns: the graph dropped from the GDS catalogue (nothing when it is not there)
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName AS graph
