// name: remove_aliases
// mode: write
// params: $rows: list of {id, aliases (to remove)}
// returns: how many aliases were removed
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
WITH n, row, size(coalesce(n.aliases, [])) AS before
SET n.aliases = [a IN coalesce(n.aliases, []) WHERE NOT a IN row.aliases]
RETURN sum(before - size(n.aliases)) AS removed
