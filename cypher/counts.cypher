// name: counts
// mode: read
// params: none
// returns: kind/relation name and count, for graph nodes (label Entity, by kind) and their edges
MATCH (n:Entity)
RETURN n.kind AS name, count(*) AS count
UNION ALL
MATCH (:Entity)-[r]->(:Entity)
RETURN type(r) AS name, count(*) AS count
