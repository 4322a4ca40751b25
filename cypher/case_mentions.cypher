// name: case_mentions
// mode: read
// params: $case_id: a case id; $kinds: node kinds (schema names, as values)
// returns: the ids of the nodes of those kinds that a record of the case mentions (the record
//          is in the node's evidence)
MATCH (rec:Record {case_id: $case_id})
WITH collect(rec.record_id) AS records
MATCH (n:Entity)
WHERE n.kind IN $kinds AND any(e IN coalesce(n.evidence, []) WHERE e IN records)
RETURN n.id AS id
