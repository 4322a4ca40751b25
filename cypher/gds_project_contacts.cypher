// name: gds_project_contacts
// mode: read
// params: $graph: the in-memory graph name; $types: actor relation kinds; $kinds: actor kinds;
//         $case: a case id or null; $windowed, $start, $end: a date window (as actor_ties)
// returns: the GDS in-memory graph of the actors' contacts taken two-way: one undirected
//          relationship per linked pair of actors (parallel relations and both directions
//          merged, as graphkit's collapse), with the pair's records as `contacts`; edges selected
//          by their case and date sets;
//          `strength` is graphkit's tie strength (brokers --weighted): per relationship the sum of
//          its records' stated weights, a record without one counting 1 (projection.record_weight;
//          read from the canonical evidence JSON, whose last key is "weight" when stated), 1 for a
//          relationship without records; `cost` = 1 / strength (betweenness's distance)
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types AND a.kind IN $kinds AND b.kind IN $kinds AND a <> b
  AND ($case IS NULL OR $case IN coalesce(r.cases, []))
  AND (NOT $windowed OR any(d IN [x IN coalesce(r.dates, []) | left(x, 10)]
       WHERE ($start IS NULL OR left($start, size(d)) <= d) AND ($end IS NULL OR d <= left($end, size(d)))))
WITH CASE WHEN a.id < b.id THEN a ELSE b END AS x, CASE WHEN a.id < b.id THEN b ELSE a END AS y,
     sum(size(coalesce(r.evidence_ids, []))) AS contacts,
     sum(CASE WHEN size(coalesce(r.evidence, [])) = 0 THEN 1.0 ELSE reduce(w = 0.0, e IN r.evidence |
         w + coalesce(toFloat(split(split(e, '"weight":')[1], '}')[0]), 1.0)) END) AS strength
WITH gds.graph.project($graph, x, y, {relationshipProperties: {contacts: toFloat(contacts), strength: strength,
                                                               cost: 1.0 / strength}},
                       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships
