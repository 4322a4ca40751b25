// name: lists_delete
// mode: write
// params: $name (a list's name)
// returns: removed (how many entries the list had)
// Takes one reference list out: its ListedEntry nodes and its ReferenceList node. Lists are
// reference data beside the case graph: these labels never carry the Entity label.
OPTIONAL MATCH (e:ListedEntry {list_name: $name})
WITH collect(e) AS entries
FOREACH (e IN entries | DELETE e)
WITH size(entries) AS removed
OPTIONAL MATCH (l:ReferenceList {name: $name})
DELETE l
RETURN removed
