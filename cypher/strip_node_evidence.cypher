// name: strip_node_evidence
// mode: write
// params: $ids: list of record ids being unloaded
// Removes those record ids from every node's evidence.
// returns: id of each node changed and how many evidence items it lost
MATCH (n:Entity)
WHERE any(e IN coalesce(n.evidence, []) WHERE e IN $ids)
WITH n, size(n.evidence) AS before
SET n.evidence = [e IN n.evidence WHERE NOT e IN $ids]
RETURN n.id AS id, before - size(n.evidence) AS removed
