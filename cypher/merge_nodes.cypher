// name: merge_nodes
// mode: write
// template: {label} = a node kind of graphkit/schema.toml (checked by graphkit.schema.check_node_kind)
// params: $rows: list of {id, kind, name, props (map of the merged user properties),
//         keys (their names), aliases (list), evidence (list of record ids of records stored
//         before this load: each is checked against the stored list), evidence_new (list of record
//         ids of records this load created: no stored node can hold them yet, so they are
//         appended without scanning the stored list, unless the first of them is already there,
//         i.e. this row was committed before and is being re-run)}
// MERGE on the deterministic id; the first name is kept (the caller turns a new spelling into
// an alias); properties arrive already merged (fill missing, never overwrite, union lists);
// aliases and evidence are set unions. Splitting the evidence keeps a hub node (a Case or a
// Technology collecting every record id) linear per batch instead of quadratic.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n:{label}, n.kind = row.kind, n.name = row.name
SET n += row.props, n.property_keys = row.keys,
    n.aliases = coalesce(n.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])],
    n.evidence = coalesce(n.evidence, []) + [e IN row.evidence WHERE NOT e IN coalesce(n.evidence, [])]
                 + CASE WHEN size(row.evidence_new) = 0 THEN []
                        WHEN row.evidence_new[0] IN coalesce(n.evidence, [])
                        THEN [e IN row.evidence_new WHERE NOT e IN coalesce(n.evidence, [])]
                        ELSE row.evidence_new END
RETURN count(n) AS written
