// name: schema_relation
// mode: write (schema)
// template: {type} = a relation kind of graphkit/schema.toml (checked by graphkit.schema.check_relation)
// params: none
// Per relation kind: a uniqueness constraint on the deterministic edge id (Community 5.7+).
CREATE CONSTRAINT graphkit_{type}_id IF NOT EXISTS FOR ()-[r:{type}]-() REQUIRE r.id IS UNIQUE
