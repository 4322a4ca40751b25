// name: load_finish
// mode: write
// params: $load_id, $counts (JSON text of the load's counts)
MATCH (l:Load {load_id: $load_id})
SET l.counts = $counts
RETURN count(l) AS found
