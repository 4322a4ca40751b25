// name: nodes_by_kind
// mode: read
// template: {label} = a node kind of graphkit/schema.toml (checked by graphkit.schema.check_node_kind)
// params: none
// returns: every node of the kind with its aliases, evidence and user properties, by id
MATCH (n:{label})
RETURN n.id AS id, n.kind AS kind, n.name AS name, n.aliases AS aliases, n.evidence AS evidence,
       [k IN coalesce(n.property_keys, []) | [k, n[k]]] AS props
ORDER BY id
