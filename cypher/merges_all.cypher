// name: merges_all
// mode: read
// params: none
// returns: every merge, in the order made
MATCH (m:Merge)
RETURN m.decision_id AS decision_id, m.seq AS seq, m.kept AS kept, m.dropped AS dropped, m.at AS at,
       m.pre AS pre, m.post_digest AS post_digest
ORDER BY at, decision_id, seq
