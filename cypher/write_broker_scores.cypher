// name: write_broker_scores
// mode: write
// params: $rows: list of {id, rank, betweenness, pagerank, constraint, brokerage, roles (role
//         names with a count), community}; $run: the run id; $engine: "local" or "gds"
// returns: how many nodes got the scores. Setting the same rows again changes nothing; the
//          values live in broker_* properties, apart from the loaded properties (property_keys)
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.broker_run = $run, n.broker_engine = $engine, n.broker_rank = row.rank,
    n.broker_betweenness = row.betweenness, n.broker_pagerank = row.pagerank,
    n.broker_constraint = row.constraint, n.broker_brokerage = row.brokerage,
    n.broker_roles = row.roles, n.broker_community = row.community
RETURN count(n) AS written
