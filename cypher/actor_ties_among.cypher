// name: actor_ties_among
// mode: read
// params: $ids: node ids (a neighbourhood); $types, $case, $windowed, $start, $end: as actor_ties
// returns: the rows of actor_ties for the edges whose two ends are both among the ids (found
//          from each id's node, not by matching every relationship), by edge id
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $ids AND type(r) IN $types
  AND ($case IS NULL OR $case IN coalesce(r.cases, []))
  AND (NOT $windowed OR any(d IN [x IN coalesce(r.dates, []) | left(x, 10)]
       WHERE ($start IS NULL OR left($start, size(d)) <= d) AND ($end IS NULL OR d <= left($end, size(d)))))
RETURN r.id AS id, a.id AS source, b.id AS target, type(r) AS relation,
       size(coalesce(r.evidence_ids, [])) AS contacts, coalesce(r.dates, []) AS dates,
       CASE WHEN $case IS NULL AND NOT $windowed
                 AND none(x IN coalesce(r.evidence, []) WHERE x CONTAINS '"weight"')
            THEN null ELSE r.evidence END AS evidence
ORDER BY id
