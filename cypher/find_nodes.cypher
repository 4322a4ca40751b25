// name: find_nodes
// mode: read
// params: $texts: list of node ids, names or aliases
// returns: the id of every node whose id, name or one alias is one of the texts
MATCH (n:Entity)
WHERE n.id IN $texts OR n.name IN $texts OR any(a IN coalesce(n.aliases, []) WHERE a IN $texts)
RETURN n.id AS id
ORDER BY id
