// name: find_nodes
// mode: read
// params: $texts: list of node names or aliases
// returns: the id of every node but approach events whose name or one alias is one of the texts
//          (approach events are found by id only; ids are looked up with nodes_by_id)
MATCH (n:Entity)
WHERE n.kind <> 'Approach' AND (n.name IN $texts OR any(a IN coalesce(n.aliases, []) WHERE a IN $texts))
RETURN n.id AS id
ORDER BY id
