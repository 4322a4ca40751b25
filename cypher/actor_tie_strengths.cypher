// name: actor_tie_strengths
// mode: read
// params: $ids: node ids; $types: actor relation kinds; $kinds: actor kinds; $case: a case id or
//         null; $windowed, $start, $end: a date window (as gds_project_contacts)
// returns: for each of the ids that has a tie, its total tie strength over every linked actor
//          (`total`) and its strongest tie (`strongest`), a pair's strength summed over both
//          directions and parallel relations (as gds_project_contacts' `strength`): the row sum
//          and row maximum of A + A.T that Burt's constraint reads for a contact whose ties
//          reach beyond a fetched neighbourhood
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]-(b:Entity)
WHERE type(r) IN $types AND a.kind IN $kinds AND b.kind IN $kinds AND a <> b
  AND ($case IS NULL OR $case IN coalesce(r.cases, []))
  AND (NOT $windowed OR any(d IN [x IN coalesce(r.dates, []) | left(x, 10)]
       WHERE ($start IS NULL OR left($start, size(d)) <= d) AND ($end IS NULL OR d <= left($end, size(d)))))
WITH a, b, sum(CASE WHEN size(coalesce(r.evidence, [])) = 0 THEN 1.0 ELSE reduce(w = 0.0, e IN r.evidence |
         w + coalesce(toFloat(split(split(e, '"weight":')[1], '}')[0]), 1.0)) END) AS pair
RETURN a.id AS id, sum(pair) AS total, max(pair) AS strongest
