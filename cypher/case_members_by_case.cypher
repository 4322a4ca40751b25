// name: case_members_by_case
// mode: read
// params: $case_ids: case ids
// returns: for each of those cases, the ids of its nodes (subgraph_case of each case): the
//          Case node, the nodes PART_OF it, and the end nodes of every edge with evidence from
//          a record of the case; by case id, then id. One scan of the relationships for all cases
CALL () {
  MATCH (c:Case) WHERE c.case_id IN $case_ids
  RETURN c.case_id AS case_id, c.id AS id
  UNION
  MATCH (n:Entity)-[:PART_OF]->(c:Case) WHERE c.case_id IN $case_ids
  RETURN c.case_id AS case_id, n.id AS id
  UNION
  MATCH (a:Entity)-[r]->(b:Entity) WHERE any(c IN r.cases WHERE c IN $case_ids)
  UNWIND [c IN r.cases WHERE c IN $case_ids] AS case_id
  UNWIND [a.id, b.id] AS id
  RETURN case_id, id
}
RETURN DISTINCT case_id, id
ORDER BY case_id, id
