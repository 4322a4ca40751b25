// name: schema_kind
// mode: write (schema)
// template: {label} = a node kind of graphkit/schema.toml (checked by graphkit.schema.check_node_kind)
// params: none
// Per node kind: a uniqueness constraint on the deterministic id and an index on the name.
CREATE CONSTRAINT graphkit_{label}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;
CREATE INDEX graphkit_{label}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)
