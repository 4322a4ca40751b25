// name: loads_all
// mode: read
// params: none
// returns: every load, oldest first
MATCH (l:Load)
RETURN l.load_id AS load_id, l.started AS started, l.files AS files, l.counts AS counts
ORDER BY started, load_id
