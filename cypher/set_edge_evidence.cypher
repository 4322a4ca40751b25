// name: set_edge_evidence
// mode: write
// template: {type} = a relation kind of graphkit/schema.toml (checked by graphkit.schema.check_relation)
// params: $rows: list of {id, ev_ids, ev, cases, dates} (as merge_edges)
// Replaces an edge's evidence with what is left after an unload.
UNWIND $rows AS row
MATCH ()-[r:{type} {id: row.id}]->()
SET r.evidence_ids = row.ev_ids, r.evidence = row.ev, r.cases = row.cases, r.dates = row.dates
RETURN count(r) AS written
