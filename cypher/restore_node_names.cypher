// name: restore_node_names
// mode: write
// params: $rows: list of {id, name, aliases}: the name and aliases a node had before the load
//         being taken out renamed it (graphkit unload)
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.name = row.name, n.aliases = row.aliases
RETURN count(n) AS restored
