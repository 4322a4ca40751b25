// name: existing_records
// mode: read
// params: $ids: list of record ids
// returns: record_id of each id already stored
UNWIND $ids AS id
MATCH (r:Record {record_id: id})
RETURN r.record_id AS record_id
