// name: count_rejects
// mode: read
// params: none
// returns: how many rejected rows the database keeps
MATCH (r:Reject)
RETURN count(r) AS count
