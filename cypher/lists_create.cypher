// name: lists_create
// mode: write
// params: $name, $info (the list's ListInfo as JSON text), $rows (list of {entry_id, entry}: each entry as JSON text)
// returns: created (entries written)
// Writes one reference list after lists_delete took out any earlier edition (same transaction).
CREATE (l:ReferenceList {name: $name, info: $info})
WITH l
UNWIND $rows AS row
CREATE (e:ListedEntry {list_name: $name, entry_id: row.entry_id, entry: row.entry})
RETURN count(e) AS created
