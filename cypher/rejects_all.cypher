// name: rejects_all
// mode: read
// params: none
// returns: every rejected row kept in the database, by file and row
MATCH (r:Reject)
RETURN r.file AS file, r.row AS row, r.layout AS layout, r.reason AS reason, r.raw AS raw
ORDER BY file, row, reason
