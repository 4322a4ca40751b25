// name: merge_forget
// mode: write
// params: $decision_id, $seq
MATCH (m:Merge {decision_id: $decision_id, seq: $seq})
DELETE m
RETURN count(*) AS removed
