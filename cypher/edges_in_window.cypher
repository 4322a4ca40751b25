// name: edges_in_window
// mode: read
// params: $start, $end: ISO dates (YYYY-MM-DD) bounding the window; either may be null
// returns: the end node ids of every edge with at least one evidence date whose period overlaps
//          the window (a date "2024-05" overlaps when the window, cut to its precision, spans it)
MATCH (a:Entity)-[r]->(b:Entity)
WHERE any(d IN coalesce(r.dates, [])
          WHERE ($start IS NULL OR left($start, size(d)) <= d) AND ($end IS NULL OR d <= left($end, size(d))))
RETURN DISTINCT a.id AS source, b.id AS target
