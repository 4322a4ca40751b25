// name: records_of_load
// mode: read
// params: $load_id
// returns: every record the load read, with the loads that read it (in load order) and its owner
MATCH (r:Record)
WHERE $load_id IN coalesce(r.loads, [])
RETURN r.record_id AS record_id, r.loads AS loads, r.owner AS owner
