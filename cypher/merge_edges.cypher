// name: merge_edges
// mode: write
// template: {type} = a relation kind of graphkit/schema.toml (checked by graphkit.schema.check_relation)
// params: $rows: list of {id, source, target, props (merged user properties), keys,
//         ev_ids (record ids), ev (one JSON text per evidence item, same order), cases (case ids),
//         dates (evidence dates, ISO text)}
// returns: the id of every edge written and whether it is new; an edge whose end node is not
// stored is not written (the caller rejects it). Evidence is a set union keyed by record id.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
OPTIONAL MATCH (a)-[old:{type} {id: row.id}]->(b)
WITH a, b, row, old IS NULL AS created
MERGE (a)-[r:{type} {id: row.id}]->(b)
// a row without properties (its stored ones were not fetched) keeps the edge's keys
SET r += row.props, r.property_keys = CASE WHEN size(row.keys) = 0 THEN coalesce(r.property_keys, []) ELSE row.keys END
WITH r, row, created, [k IN range(0, size(row.ev_ids) - 1) WHERE NOT row.ev_ids[k] IN coalesce(r.evidence_ids, [])] AS fresh
SET r.evidence_ids = coalesce(r.evidence_ids, []) + [k IN fresh | row.ev_ids[k]],
    r.evidence = coalesce(r.evidence, []) + [k IN fresh | row.ev[k]],
    r.cases = coalesce(r.cases, []) + [c IN row.cases WHERE NOT c IN coalesce(r.cases, [])],
    r.dates = coalesce(r.dates, []) + [d IN row.dates WHERE NOT d IN coalesce(r.dates, [])]
RETURN r.id AS id, created
