// name: list_entries
// mode: read
// params: $names (list of list names, or null for every list)
// returns: entry (each ListEntry as JSON text), by list name and entry id
MATCH (e:ListedEntry)
WHERE $names IS NULL OR e.list_name IN $names
RETURN e.entry AS entry
ORDER BY e.list_name, e.entry_id
