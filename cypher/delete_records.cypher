// name: delete_records
// mode: write
// params: $ids: list of record ids
// returns: how many records were deleted
UNWIND $ids AS id
MATCH (r:Record {record_id: id})
DETACH DELETE r
RETURN count(*) AS removed
