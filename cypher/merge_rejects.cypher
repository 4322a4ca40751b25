// name: merge_rejects
// mode: write
// params: $rows: list of {id (deterministic: file, row, reason), file, row, layout, reason, raw (JSON text)}
// Rows set aside by a load; MERGE so a re-run does not list a row twice.
UNWIND $rows AS row
MERGE (r:Reject {id: row.id})
ON CREATE SET r.file = row.file, r.row = row.row, r.layout = row.layout, r.reason = row.reason, r.raw = row.raw
RETURN count(r) AS written
