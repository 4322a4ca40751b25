// name: actor_ties
// mode: read
// params: $types: relation kinds (schema names, as values); $case: a case id or null;
//         $windowed: whether a date window applies; $start, $end: ISO days bounding it (either null)
// returns: one row per edge of those kinds that may have evidence in the selection: its ends,
//          type, how many records and which dates it has; its evidence texts (JSON) only where
//          the client must look at each record (a case or a window to apply per record, or a
//          stated weight to add up), null elsewhere. By edge id, as edges_of_types.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types
  AND ($case IS NULL OR $case IN coalesce(r.cases, []))
  AND (NOT $windowed OR any(d IN [x IN coalesce(r.dates, []) | left(x, 10)]
       WHERE ($start IS NULL OR left($start, size(d)) <= d) AND ($end IS NULL OR d <= left($end, size(d)))))
RETURN r.id AS id, a.id AS source, b.id AS target, type(r) AS relation,
       size(coalesce(r.evidence_ids, [])) AS contacts, coalesce(r.dates, []) AS dates,
       CASE WHEN $case IS NULL AND NOT $windowed
                 AND none(x IN coalesce(r.evidence, []) WHERE x CONTAINS '"weight"')
            THEN null ELSE r.evidence END AS evidence
ORDER BY id
