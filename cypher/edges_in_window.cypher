// name: edges_in_window
// mode: read
// params: $start, $end: ISO dates (YYYY-MM-DD) bounding the window; either may be null
// returns: the end node ids of every edge with at least one evidence date whose period overlaps
//          the window (a date "2024-05" overlaps when the window, cut to its precision, spans it;
//          a datetime "2016-05-17T09:00:00Z" counts as its day as written)
MATCH (a:Entity)-[r]->(b:Entity)
WHERE any(d IN [x IN coalesce(r.dates, []) | left(x, 10)]
          WHERE ($start IS NULL OR left($start, size(d)) <= d) AND ($end IS NULL OR d <= left($end, size(d))))
RETURN DISTINCT a.id AS source, b.id AS target
