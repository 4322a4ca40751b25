// name: restore_edge_properties
// mode: write
// template: {type} = a relation kind of graphkit/schema.toml (checked by graphkit.schema.check_relation)
// params: $rows: list of {id, props (map: the earlier values, null for a property to remove), keys}
UNWIND $rows AS row
MATCH ()-[r:{type} {id: row.id}]->()
SET r += row.props, r.property_keys = row.keys
RETURN count(r) AS written
