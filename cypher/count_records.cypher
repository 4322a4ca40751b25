// name: count_records
// mode: read
// params: none
// returns: records per case id (null: records without a case)
MATCH (r:Record)
RETURN r.case_id AS case_id, count(*) AS count
