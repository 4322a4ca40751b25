"""The workspace under the real loaders: docs/examples loaded twice, then projected and explained."""
from __future__ import annotations

from pathlib import Path

from tests.helpers.store_records import dump
from graphkit.workflows.explain import explain_node
from graphkit.ingest import load_files
from graphkit.projection import actor_graph
from graphkit.store.workspace import Workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
FILES = [EXAMPLES / name for name in ("cases.csv", "entities.csv", "contacts.csv", "relations.csv")]


def test_reloading_the_examples_changes_nothing(tmp_path: Path):
    with Workspace(tmp_path / "ws") as ws:
        first = load_files(FILES, ws)
        before, counts = dump(ws), ws.counts()
        second = load_files(FILES, ws)
        assert first.total.loaded > 0
        assert ws.counts() == counts and dump(ws) == before
        assert (second.total.loaded, second.total.merged) == (0, first.total.loaded)  # every record known
        # the reload is recorded as a second load that read every record and owns none
        assert [x.load_id for x in ws.list_loads()] == [first.load_id, second.load_id]
        owned = ws.connection.execute("SELECT load_id, sum(owner), count(*) FROM load_records GROUP BY load_id "
                                      "ORDER BY sum(owner) DESC").fetchall()
        assert owned == [(first.load_id, first.total.loaded, first.total.loaded), (second.load_id, 0, first.total.loaded)]


def test_every_projected_edge_cites_records_of_the_workspace(tmp_path: Path):
    with Workspace(tmp_path / "ws") as ws:
        load_files(FILES, ws)
        g = actor_graph(ws)
        assert g.number_of_edges() > 0
        cited = {e.record_id for _, _, d in g.edges(data=True) for e in d["evidence"]}
        assert set(ws.get_records(cited)) == cited  # every cited record is stored
        some = next(iter(g.nodes))
        found = explain_node(ws, some)
        assert len(found["records"]) == len(g.nodes[some]["evidence"])
