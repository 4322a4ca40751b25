// name: restore_node_properties
// mode: write
// params: $rows: list of {id, props (map: the earlier values, null for a property to remove), keys}
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.props, n.property_keys = row.keys
RETURN count(n) AS written
