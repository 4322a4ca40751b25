"""The report without the whole-graph read (issue 16 section 2): what it reads from the store's
aggregates and arrays equals what it computed before on the whole actor graph with every
evidence item (the reference computations below are that code, kept here), on the demo, a
generated workspace and a real network (the Madrid train bombing edge list, ../shared/datasets).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from graphkit import schema
from graphkit.ingest import load_files
from graphkit.model import stable_id
from graphkit.projection import actor_arrays, actor_graph, evidence_window, node_cases_and_records
from graphkit.reports import build_report, collect
from graphkit.reports import build as build_module
from graphkit.reports.ranking import rank_brokers
from graphkit.store.workspace import Workspace
from graphkit.workflows.generate import generate_contacts

MADRID_MAPPING = 'layout = "contacts"\n[columns]\nfrom_name = "source"\nto_name = "target"\n'


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("generated")
    generate_contacts(2000, seed=5, path=directory / "contacts.csv")
    with Workspace(directory / "ws") as ws:
        load_files([directory / "contacts.csv"], ws, layout="contacts")
    return directory / "ws"


@pytest.fixture(scope="module")
def madrid(tmp_path_factory: pytest.TempPathFactory, shared_datasets: Path) -> Path:
    directory = tmp_path_factory.mktemp("madrid")
    (directory / "madrid.toml").write_text(MADRID_MAPPING, encoding="utf-8")
    with Workspace(directory / "ws") as ws:
        load_files([shared_datasets / "madrid_train_bombing" / "madrid_train_bombing_edges.csv"], ws,
                   mapping=directory / "madrid.toml")
    return directory / "ws"


def _contact_mix(G) -> dict[tuple[str, str], int]:
    """contacts_by_side as it was counted on the whole graph."""
    counts: Counter = Counter()
    for u, v, data in G.edges(data=True):
        if data["relation"] in ("CONTACTED", "INTRODUCED"):
            counts[(collect.side(G.nodes[u].get("foreign")), collect.side(G.nodes[v].get("foreign")))] += data["contacts"]
    return dict(counts)


def _approaches(ws, G) -> frozenset[str]:
    """The approach records as the report marked them on the whole graph."""
    contacts = collect.contact_records(G)
    events = {stable_id(schema.APPROACH_KIND, rid): rid for rid in contacts}
    return frozenset(events[n] for n in ws.present_node_ids(events))


def _selections(G) -> list[dict]:
    dates = sorted(e.date for _, _, d in G.edges(data=True) for e in d["evidence"] if e.date)
    cases = collect.cases_of(G)
    chosen = [{}]
    if dates:
        chosen.append({"since": dates[len(dates) // 2][:7]})
    if cases:
        chosen.append({"case": cases[0], "until": dates[-1][:4] if dates else None})
    return chosen


@pytest.mark.parametrize("which", ["demo", "generated", "madrid"])
def test_the_reports_aggregates_equal_the_whole_graph_computation(which, demo_workspace, generated, madrid):
    path = {"demo": demo_workspace, "generated": generated, "madrid": madrid}[which]
    with Workspace(path, create=False) as ws:
        for selection in _selections(actor_graph(ws)):
            G = actor_graph(ws, **selection)
            arrays = actor_arrays(ws, **selection)
            assert (len(arrays), arrays.edge_count) == (G.number_of_nodes(), G.number_of_edges())
            # the approaches (their dates and channels) and the other contacts rows
            approaches, contacts = collect.approach_dates(ws, **selection)
            marked = _approaches(ws, G)
            G.graph[collect.APPROACH_RECORDS] = marked
            expected = [(e.date, e.channel) for e in collect.approach_records(G).values()]
            assert sorted(approaches, key=str) == sorted(expected, key=str), selection
            assert contacts == len(collect.contact_records(G)), selection
            # the case list, contacts by side
            start, end = evidence_window(selection.get("since"), selection.get("until"))
            if "case" not in selection:
                assert ws.case_ids(schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS, start=start, end=end) \
                    == collect.cases_of(G), selection
            mix = collect.contact_mix(arrays)
            assert {(r["from"], r["to"]): r["contacts"] for r in mix.to_dict("records")} == _contact_mix(G)
            # the overall ranking on arrays, with the listed actors' cases and records read for them
            listed = 25
            table, info = rank_brokers(G, seed=0, top_reasons=listed)
            on_arrays, info_arrays = rank_brokers(
                arrays, seed=0, top_reasons=listed, listed=listed,
                evidence=lambda ids: node_cases_and_records(ws, ids, case=selection.get("case")))
            assert info_arrays == info
            pd.testing.assert_frame_equal(on_arrays.head(listed), table.head(listed))
            assert list(on_arrays["node_id"]) == list(table["node_id"])


def test_screening_on_arrays_equals_the_screening_of_the_whole_graph(demo_workspace, shared_datasets, tmp_path):
    """The demo has actors on the 1260H and NDAA 5949 lists; the region read around them gives
    the whole graph's hits, chains and records."""
    import shutil

    from graphkit.analysis.screening import screen_arrays, screen_graph, screening_frame
    from graphkit.lists.index import NameIndex
    from graphkit.projection import node_aliases
    from graphkit.workflows.lists import load_lists

    shutil.copytree(demo_workspace, tmp_path / "ws")
    lists = shared_datasets / "export_control_lists"
    with Workspace(tmp_path / "ws", create=False) as ws:
        load_lists(ws, [lists / "us_dod_1260h_chinese_military_companies.csv",
                        lists / "us_ndaa_section_5949_semiconductors.csv"])
        index = NameIndex(ws.list_entries())
        for selection in ({}, {"since": "2024-01"}):
            G = actor_graph(ws, **selection)
            arrays = actor_arrays(ws, **selection)
            regions: list[int] = []

            def read(ids: list[str]):
                regions.append(len(ids))
                return actor_graph(ws, among=ids, **selection)

            expected = screen_graph(G, index, hops=2)
            found = screen_arrays(arrays, node_aliases(ws, arrays.ids), read, index, hops=2)
            assert expected and found == expected, selection
            pd.testing.assert_frame_equal(screening_frame(found), screening_frame(expected))
            assert regions and regions[0] < len(arrays)  # a region, not the whole graph


def test_the_report_never_reads_the_whole_graph_with_its_evidence(generated, tmp_path, monkeypatch):
    """Above the overview chart's size the report reads arrays, aggregates, cases and regions:
    never the whole selection's actor graph (each call names the nodes it reads)."""
    from graphkit import projection
    from graphkit.reports import page

    whole: list[dict] = []
    real = projection.actor_graph

    def watched(store, **options):
        if options.get("among") is None:
            whole.append(options)
        return real(store, **options)

    monkeypatch.setattr(page, "OVERVIEW_MAX_NODES", 10)
    monkeypatch.setattr(build_module, "actor_graph", watched)
    monkeypatch.setattr(projection, "actor_graph", watched)
    monkeypatch.setattr(collect, "actor_graph", watched)
    with Workspace(generated, create=False) as ws:
        result = build_report(ws, tmp_path / "report", k_paths=1, max_case_charts=1, seed=0)
    assert result.manifest["input"]["graph"]["nodes"] > 10 and not whole
    assert "overview.html" not in result.files
