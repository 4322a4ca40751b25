// name: names
// mode: read
// params: none
// returns: (id, kind, spelling) for the name and every alias of every node but Approach nodes
MATCH (n:Entity)
WHERE n.kind <> 'Approach'
UNWIND [n.name] + coalesce(n.aliases, []) AS spelling
RETURN n.id AS id, n.kind AS kind, spelling
