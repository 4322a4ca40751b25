// name: gds_version
// mode: read
// params: none
// returns: the version of the server's Graph Data Science plugin
RETURN gds.version() AS version
