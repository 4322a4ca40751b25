// name: forget_load
// mode: write
// params: $load_id
// Deletes a load and its change notes (after its unload).
MATCH (l:Load {load_id: $load_id})
OPTIONAL MATCH (c:LoadChange {load_id: $load_id})
WITH l, collect(c) AS changes
FOREACH (c IN changes | DELETE c)
DELETE l
RETURN count(*) AS removed
