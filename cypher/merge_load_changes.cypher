// name: merge_load_changes
// mode: write
// params: $rows: list of {load_id, entity_id, items (JSON texts: ["alias", text],
//         ["node_property", key, value before], ["edge_property", key, value before])}
// What a load changed on a node or edge stored before it, kept for graphkit unload: the
// items are a set union in the order first made (the first item per key is the value before).
UNWIND $rows AS row
MERGE (c:LoadChange {load_id: row.load_id, entity_id: row.entity_id})
SET c.items = coalesce(c.items, []) + [i IN row.items WHERE NOT i IN coalesce(c.items, [])]
RETURN count(c) AS written
