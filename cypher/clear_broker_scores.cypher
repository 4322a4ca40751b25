// name: clear_broker_scores
// mode: write
// params: $run: the run id whose scores stay
// returns: how many nodes lost the broker scores of an earlier run (so only the latest run's
//          ranking is on the nodes)
MATCH (n:Entity)
WHERE n.broker_run IS NOT NULL AND n.broker_run <> $run
REMOVE n.broker_run, n.broker_engine, n.broker_rank, n.broker_betweenness, n.broker_pagerank,
       n.broker_constraint, n.broker_brokerage, n.broker_roles, n.broker_community
RETURN count(n) AS cleared
