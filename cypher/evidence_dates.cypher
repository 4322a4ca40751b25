// name: evidence_dates
// mode: read
// params: none
// returns: every distinct evidence date (ISO text at its precision) on any graph edge, sorted
MATCH (:Entity)-[r]->(:Entity)
UNWIND coalesce(r.dates, []) AS date
RETURN DISTINCT date
ORDER BY date
