// name: foreign_counts
// mode: read
// params: $kinds: list of node kinds (schema names) to count
// returns: how many of those nodes are foreign (true), domestic (false) or unknown (null)
MATCH (n:Entity)
WHERE n.kind IN $kinds
RETURN n.foreign AS foreign, count(*) AS count
