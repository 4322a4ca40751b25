// name: set_record_loads
// mode: write
// params: $rows: list of {record_id, loads (the loads that still read it), owner (load id or null)}
UNWIND $rows AS row
MATCH (r:Record {record_id: row.record_id})
SET r.loads = row.loads, r.owner = row.owner
RETURN count(r) AS written
