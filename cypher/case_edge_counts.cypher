// name: case_edge_counts
// mode: read
// params: $case_ids: case ids; $types: list of relation kinds (schema names, as values);
//         $kinds: node kinds (schema names, as values)
// returns: for each of those cases with any, how many edges of those kinds have evidence of
//          the case (its cases list names it) with both ends nodes of those kinds; one scan of
//          the relationships for all cases
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types AND a.kind IN $kinds AND b.kind IN $kinds AND any(c IN r.cases WHERE c IN $case_ids)
UNWIND [c IN r.cases WHERE c IN $case_ids] AS case_id
WITH DISTINCT case_id, r
RETURN case_id, count(r) AS edges
ORDER BY case_id
