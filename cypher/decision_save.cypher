// name: decision_save
// mode: write
// params: $decision_id, $props (map: verdict, kind, id_a, name_a, id_b, name_b, analyst, at, note, origin)
// Keeps a decision about two nodes (graphkit resolve); replaces one with the same id.
MERGE (d:Decision {decision_id: $decision_id})
SET d += $props
RETURN d.decision_id AS decision_id
