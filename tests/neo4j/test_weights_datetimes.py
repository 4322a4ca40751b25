"""Weights and datetimes (issue 11.8) through Neo4j: pushed and read back unchanged, and the
time window reads a datetime on its end day as that day."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.ingest import load_files
from graphkit.projection import actor_graph
from graphkit.store.neo4j import open_neo4j_store
from graphkit.store.workspace import Workspace
from graphkit.workflows.sync import pull_graph, push

pytestmark = pytest.mark.neo4j


def test_weights_and_datetimes_round_trip_through_neo4j(neo4j_env, tmp_path: Path, wiper) -> None:
    path = tmp_path / "c.csv"
    path.write_text("from_name,to_name,date,weight\n"
                    "A,B,2024-05-01T23:30:00-05:00,3\n"
                    "B,C,2024-05-01,\n"
                    "C,D,2024-05-02T00:10:00Z,2.5\n", encoding="utf-8")
    with Workspace(tmp_path / "ws") as ws:
        load_files([path], ws)
        neo = open_neo4j_store()
        try:
            wiper(neo)
            push(ws, neo)
            expected = {(u, v, k): (d["weight"], d["dates"], [e.weight for e in d["evidence"]])
                        for u, v, k, d in actor_graph(ws).edges(keys=True, data=True)}
            got = {(u, v, k): (d["weight"], d["dates"], [e.weight for e in d["evidence"]])
                   for u, v, k, d in actor_graph(neo).edges(keys=True, data=True)}
            assert got == expected
            assert sorted(w for w, _, _ in got.values()) == [1, 2.5, 3]
            window = pull_graph(neo, since="2024-05-01", until="2024-05-01")
            names = {(window.nodes[u]["name"], window.nodes[v]["name"]) for u, v in window.edges()}
            assert names == {("A", "B"), ("B", "C")}
            assert {(u, v) for u, v in actor_graph(ws, since="2024-05-01", until="2024-05-01").edges()} == set(
                window.edges())
        finally:
            neo.close()
