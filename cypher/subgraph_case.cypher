// name: subgraph_case
// mode: read
// params: $case_id: the case id
// returns: the ids of the nodes in the case: the Case node, the nodes PART_OF it, and the end
//          nodes of every edge with evidence from a record of the case
CALL () {
  MATCH (c:Case {case_id: $case_id})
  RETURN c.id AS id
  UNION
  MATCH (n:Entity)-[:PART_OF]->(:Case {case_id: $case_id})
  RETURN n.id AS id
  UNION
  MATCH (a:Entity)-[r]->(b:Entity) WHERE $case_id IN r.cases
  UNWIND [a.id, b.id] AS id
  RETURN id
}
RETURN DISTINCT id
ORDER BY id
