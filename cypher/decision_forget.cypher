// name: decision_forget
// mode: write
// params: $decision_id
MATCH (d:Decision {decision_id: $decision_id})
DELETE d
RETURN count(*) AS removed
