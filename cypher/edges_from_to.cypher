// name: edges_from_to
// mode: read
// params: $pairs: list of [source id, target id]
// returns: every edge from each source to its target, with its relation type and evidence
//          (JSON texts); each pair found through the indexed node ids
UNWIND $pairs AS pair
MATCH (a:Entity {id: pair[0]})-[r]->(b:Entity {id: pair[1]})
RETURN a.id AS source, b.id AS target, type(r) AS relation, r.evidence AS evidence
