// name: edges_citing
// mode: read
// params: $ids: list of record ids
// returns: id, relation type and evidence (JSON texts) of every edge citing any of the records
MATCH ()-[r]->()
WHERE r.evidence_ids IS NOT NULL AND any(e IN r.evidence_ids WHERE e IN $ids)
RETURN r.id AS id, type(r) AS relation, r.evidence AS evidence
