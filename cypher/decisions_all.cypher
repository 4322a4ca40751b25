// name: decisions_all
// mode: read
// params: none
// returns: every decision, oldest first
MATCH (d:Decision)
RETURN d.decision_id AS decision_id, d.verdict AS verdict, d.kind AS kind, d.id_a AS id_a, d.name_a AS name_a,
       d.id_b AS id_b, d.name_b AS name_b, d.analyst AS analyst, d.at AS at, d.note AS note, d.origin AS origin
ORDER BY at, decision_id
