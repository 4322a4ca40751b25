// name: load_start
// mode: write
// params: $load_id (text), $started (UTC, ISO text), $files (list of the files' paths)
// A new load (graphkit loads lists them; graphkit unload takes one out).
CREATE (l:Load {load_id: $load_id, started: $started, files: $files, counts: '{}'})
RETURN l.load_id AS load_id
