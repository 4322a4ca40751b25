// name: delete_edges
// mode: write
// template: {type} = a relation kind of graphkit/schema.toml (checked by graphkit.schema.check_relation)
// params: $ids: list of edge ids
UNWIND $ids AS id
MATCH ()-[r:{type} {id: id}]->()
DELETE r
RETURN count(*) AS removed
