// name: gds_bridges
// mode: read
// params: $graph: the in-memory (undirected) graph
// returns: the end ids of every bridge (a tie whose removal disconnects its ends)
CALL gds.bridges.stream($graph, {}) YIELD from, to
RETURN gds.util.asNode(from).id AS source, gds.util.asNode(to).id AS target
