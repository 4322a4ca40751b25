// name: merge_records
// mode: write
// params: $rows: list of {record_id, layout, file, row, source_id, case_id, raw (JSON text),
//         locations (list of JSON texts ["file", row])}; $load_id: the load writing them, or null
//         (each record keeps the loads that read it, in order, and its owner: the load that created it)
// MERGE on the deterministic record id; the first reading's fields are kept, every (file, row)
// the record was read from is added to locations (a set union).
// returns: how many of the rows were new records and their ids (the node writes of the same load
// append evidence from records created here without scanning the stored evidence list)
UNWIND $rows AS row
OPTIONAL MATCH (old:Record {record_id: row.record_id})
WITH row, old IS NULL AS fresh
MERGE (r:Record {record_id: row.record_id})
ON CREATE SET r.layout = row.layout, r.file = row.file, r.row = row.row,
              r.source_id = row.source_id, r.case_id = row.case_id, r.raw = row.raw, r.owner = $load_id
SET r.loads = coalesce(r.loads, []) + CASE WHEN $load_id IS NULL OR $load_id IN coalesce(r.loads, [])
                                         THEN [] ELSE [$load_id] END,
    r.locations = coalesce(r.locations, []) + [l IN row.locations WHERE NOT l IN coalesce(r.locations, [])]
RETURN sum(CASE WHEN fresh THEN 1 ELSE 0 END) AS new, collect(CASE WHEN fresh THEN row.record_id END) AS created,
       count(*) AS written
