// name: count_projected_actors
// mode: read
// params: $types: actor relation kinds; $kinds: actor kinds; $case: a case id or null;
//         $windowed, $start, $end: a date window (as actor_ties)
// returns: how many actors the actor projection holds: those at an end of an edge of those
//          kinds selected by its case and date sets (a tie to a technology counts), the n that
//          normalises betweenness
MATCH (a:Entity)-[r]-(:Entity)
WHERE type(r) IN $types AND a.kind IN $kinds
  AND ($case IS NULL OR $case IN coalesce(r.cases, []))
  AND (NOT $windowed OR any(d IN [x IN coalesce(r.dates, []) | left(x, 10)]
       WHERE ($start IS NULL OR left($start, size(d)) <= d) AND ($end IS NULL OR d <= left($end, size(d)))))
RETURN count(DISTINCT a) AS actors
