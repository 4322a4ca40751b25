// name: lists_all
// mode: read
// params: none
// returns: info (each reference list's ListInfo as JSON text), by name
MATCH (l:ReferenceList)
RETURN l.info AS info
ORDER BY l.name
