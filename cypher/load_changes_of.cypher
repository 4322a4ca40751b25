// name: load_changes_of
// mode: read
// params: $load_id
// returns: entity id and change items (see merge_load_changes) of every node or edge the load changed
MATCH (c:LoadChange {load_id: $load_id})
RETURN c.entity_id AS entity_id, c.items AS items
ORDER BY entity_id
