// name: nodes_of_kinds
// mode: read
// params: $kinds: list of node kinds (schema names, as values)
// returns: every node of those kinds with its aliases, evidence and user properties, by id
//          (the same order as the workspace, so analyses see the same graph order)
MATCH (n:Entity)
WHERE n.kind IN $kinds
RETURN n.id AS id, n.kind AS kind, n.name AS name, n.aliases AS aliases, n.evidence AS evidence,
       [k IN coalesce(n.property_keys, []) | [k, n[k]]] AS props
ORDER BY id
