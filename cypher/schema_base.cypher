// name: schema_base
// mode: write (schema)
// params: none
// The constraints every graphkit database has, whatever the schema's kinds: every graph node
// also carries the fixed label Entity with a unique deterministic id (edges find their end
// nodes through it); source records and rejected rows have their own unique ids.
// Statements are separated by semicolons and run one at a time; all are IF NOT EXISTS.
CREATE CONSTRAINT graphkit_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graphkit_record_id IF NOT EXISTS FOR (r:Record) REQUIRE r.record_id IS UNIQUE;
CREATE CONSTRAINT graphkit_reject_id IF NOT EXISTS FOR (r:Reject) REQUIRE r.id IS UNIQUE;
CREATE INDEX graphkit_record_case IF NOT EXISTS FOR (r:Record) ON (r.case_id);
CREATE INDEX graphkit_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE CONSTRAINT graphkit_load_id IF NOT EXISTS FOR (l:Load) REQUIRE l.load_id IS UNIQUE;
CREATE INDEX graphkit_load_change IF NOT EXISTS FOR (c:LoadChange) ON (c.load_id, c.entity_id);
CREATE CONSTRAINT graphkit_reference_list IF NOT EXISTS FOR (l:ReferenceList) REQUIRE l.name IS UNIQUE;
CREATE CONSTRAINT graphkit_listed_entry IF NOT EXISTS FOR (e:ListedEntry) REQUIRE e.entry_id IS UNIQUE;
CREATE INDEX graphkit_listed_entry_list IF NOT EXISTS FOR (e:ListedEntry) ON (e.list_name)
