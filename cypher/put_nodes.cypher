// name: put_nodes
// mode: write
// template: {label} = a node kind of graphkit/schema.toml (checked by graphkit.schema.check_node_kind)
// params: $rows: list of {id, all (map: every property the node has, in full: id, kind, name,
//         aliases, evidence, property_keys and the user properties)}
// Writes nodes in full (a merge of two nodes, or its undo): every stored property is replaced.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n:{label}
SET n = row.all
RETURN count(n) AS written
