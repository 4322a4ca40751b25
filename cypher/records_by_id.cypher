// name: records_by_id
// mode: read
// params: $ids: list of record ids
// returns: each stored record among the ids, with every (file, row) it was read from
UNWIND $ids AS id
MATCH (r:Record {record_id: id})
RETURN r.record_id AS record_id, r.layout AS layout, r.file AS file, r.row AS row,
       r.source_id AS source_id, r.case_id AS case_id, r.raw AS raw, r.locations AS locations
