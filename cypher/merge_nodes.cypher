// name: merge_nodes
// mode: write
// template: {label} = a node kind of graphkit/schema.toml (checked by graphkit.schema.check_node_kind)
// params: $rows: list of {id, kind, name, props (map of the merged user properties),
//         keys (their names), aliases (list), evidence (list of record ids)}
// MERGE on the deterministic id; the first name is kept (the caller turns a new spelling into
// an alias); properties arrive already merged (fill missing, never overwrite, union lists);
// aliases and evidence are set unions.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n:{label}, n.kind = row.kind, n.name = row.name
SET n += row.props, n.property_keys = row.keys,
    n.aliases = coalesce(n.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])],
    n.evidence = coalesce(n.evidence, []) + [e IN row.evidence WHERE NOT e IN coalesce(n.evidence, [])]
RETURN count(n) AS written
