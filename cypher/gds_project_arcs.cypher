// name: gds_project_arcs
// mode: read
// params: $graph: the in-memory graph name; $types: actor relation kinds; $kinds: actor kinds;
//         $case: a case id or null; $windowed, $start, $end: a date window (as actor_ties)
// returns: the GDS in-memory graph of the actors' contacts as loaded: one directed relationship
//          per ordered pair of actors (parallel relations merged), with its records as `contacts`
//          and its tie strength as `strength` (as in gds_project_contacts)
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types AND a.kind IN $kinds AND b.kind IN $kinds AND a <> b
  AND ($case IS NULL OR $case IN coalesce(r.cases, []))
  AND (NOT $windowed OR any(d IN [x IN coalesce(r.dates, []) | left(x, 10)]
       WHERE ($start IS NULL OR left($start, size(d)) <= d) AND ($end IS NULL OR d <= left($end, size(d)))))
WITH a, b, sum(size(coalesce(r.evidence_ids, []))) AS contacts,
     sum(CASE WHEN size(coalesce(r.evidence, [])) = 0 THEN 1.0 ELSE reduce(w = 0.0, e IN r.evidence |
         w + coalesce(toFloat(split(split(e, '"weight":')[1], '}')[0]), 1.0)) END) AS strength
WITH gds.graph.project($graph, a, b, {relationshipProperties: {contacts: toFloat(contacts), strength: strength}}) AS g
RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships
