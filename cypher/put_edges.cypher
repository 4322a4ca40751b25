// name: put_edges
// mode: write
// template: {type} = a relation kind of graphkit/schema.toml (checked by graphkit.schema.check_relation)
// params: $rows: list of {source, target, all (map: id, property_keys, evidence_ids, evidence,
//         cases, dates and the user properties)}
// Creates edges in full (a merge of two nodes, or its undo); the caller deleted them first.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
CREATE (a)-[r:{type}]->(b)
SET r = row.all
RETURN count(r) AS written
