// name: case_edges_by_case
// mode: read
// params: $case_ids: case ids; $types: list of relation kinds (schema names, as values)
// returns: for each of those cases, every edge of those kinds with evidence of the case (its
//          cases list names it), with the case id, its type, end ids, user properties and
//          evidence (JSON texts, every case's: the store keeps the case's); by case id, then id.
//          One scan of the relationships for all cases (case_edges scans them once per case);
//          the sort holds the relationships, their properties are read as the rows stream
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types AND any(c IN r.cases WHERE c IN $case_ids)
UNWIND [c IN r.cases WHERE c IN $case_ids] AS case_id
WITH DISTINCT case_id, r, a, b
ORDER BY case_id, r.id
RETURN case_id, r.id AS id, type(r) AS relation, a.id AS source, b.id AS target, r.evidence AS evidence,
       [k IN coalesce(r.property_keys, []) | [k, r[k]]] AS props
