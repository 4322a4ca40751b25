// name: count_all_nodes
// mode: read
// params: none
// returns: how many nodes of any label the database holds (push --bulk replaces a database only
// when this is 0 or the user said --overwrite); read from the count store, not a scan
MATCH (n)
RETURN count(n) AS count
