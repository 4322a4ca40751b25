"""The report's cases without a chart are ranked on arrays read from the store in one aggregate
pass (collect.case_arrays, Store.case_ties), their listed actors' records read for them alone
(collect.case_records, Store.case_node_records) and their approaches counted from the
selection's (collect.approach_rows): every table, flow score and summary must be exactly what
the case's graph gives (collect.case_graphs, the path the charted cases keep).

Real data on both stores: the demo case set and 2,000 generated contacts in 8 cases, loaded by the real
loader into a workspace and pushed into the real Neo4j test server; the whole selection and a
window from the middle month.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pandas as pd
import pytest

from graphkit import schema
from graphkit.model import stable_id
from graphkit.projection import actor_arrays, arrays_of, evidence_window
from graphkit.reports import build_report, collect
from graphkit.reports.page import case_summary
from graphkit.reports.ranking import rank_case
from graphkit.store.base import Store
from graphkit.store.workspace import Workspace

FIELDS = ["ids", "kinds", "names", "countries", "foreign", "orgs", "relations", "first_dates", "last_dates",
          "edges_without_nodes"]
NUMBERS = ["tails", "heads", "contacts", "weights"]


@pytest.fixture(params=["workspace", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def open_store(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Open the data of a workspace as a store of the parameter's kind (Neo4j: pushed into the
    emptied test database)."""
    opened: list[Store] = []

    def open_(path: Path) -> Store:
        if request.param == "workspace":
            store: Store = Workspace(path, create=False)
        else:
            request.getfixturevalue("neo4j_env")
            from graphkit.store.neo4j import open_neo4j_store
            from graphkit.workflows.sync import push

            store = open_neo4j_store()
            request.getfixturevalue("wiper")(store)
            with Workspace(path, create=False) as ws:
                push(ws, store)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()


def _middle_month(store: Store) -> str:
    dates = store.evidence_dates()
    return dates[len(dates) // 2][:7]


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_each_case_on_arrays_equals_its_graph(which, open_store, demo_workspace, many_cases_workspace):
    store = open_store(demo_workspace if which == "demo" else many_cases_workspace)
    for since in (None, _middle_month(store)):
        present = actor_arrays(store, since=since).index()
        start, end = evidence_window(since, None)
        cases = store.case_ids(schema.ACTOR_RELATIONS, schema.PROJECTED_KINDS, start=start, end=end)
        assert len(cases) >= (2 if which == "demo" else 6)
        read = dict(collect.case_arrays(store, cases, since=since, present=present))
        graphs = dict(collect.case_graphs(store, cases, since=since, present=present))
        assert sorted(read) == sorted(graphs) == sorted(cases)
        events, _ = collect.approach_rows(store, since=since)
        approaches = Counter(case_id for _, case_id, _, _ in events)
        tables = {}
        for case_id in cases:
            arrays, sub = read[case_id], graphs[case_id]
            expected = arrays_of(sub)
            for name in FIELDS:
                assert getattr(arrays, name) == getattr(expected, name), (case_id, name)
            for name in NUMBERS:
                assert np.array_equal(getattr(arrays, name), getattr(expected, name)), (case_id, name)
            # the approaches: the case's contacts rows whose Approach node is in the store
            contacts = collect.contact_records(sub)
            ids = {stable_id(schema.APPROACH_KIND, rid): rid for rid in contacts}
            collect.mark_approaches(sub, (ids[n] for n in store.present_node_ids(ids)))
            assert approaches.get(case_id, 0) == len(collect.approach_records(sub)), case_id
            table, flow = rank_case(sub, seed=0, top=10)
            ranked, ranked_flow = rank_case(arrays, seed=0, top=10,
                                            evidence=lambda ids, c=case_id: {n: ([c], []) for n in ids})
            assert ranked_flow == flow, case_id
            assert case_summary(arrays, ranked, ranked_flow, approaches.get(case_id, 0)) \
                == case_summary(sub, table, flow), case_id
            tables[case_id] = (table, ranked)
        # the listed actors' records, read for them alone, all cases at once
        records = collect.case_records(store, {c: list(ranked["node_id"]) for c, (_, ranked) in tables.items()},
                                       since=since)
        listed = 0
        for case_id, (table, ranked) in tables.items():
            ranked["records"] = pd.Series([records.get((case_id, n), []) for n in ranked["node_id"]],
                                          index=ranked.index, dtype=object)
            pd.testing.assert_frame_equal(ranked, table, check_exact=True)
            listed += int(table["records"].map(len).gt(0).sum())
        assert listed > 0


def test_a_report_of_cases_on_arrays_equals_one_of_cases_as_graphs(many_cases_workspace, tmp_path):
    """Every case charted (every case read as a graph) or none (every case on arrays): the same
    case tables, summaries and manifest rows, with and without a window."""
    with Workspace(many_cases_workspace, create=False) as ws:
        since = _middle_month(ws)
        for options in ({}, {"since": since}):
            graphs = build_report(ws, tmp_path / f"graphs{len(options)}", k_paths=1, seed=0, **options)
            arrays = build_report(ws, tmp_path / f"arrays{len(options)}", k_paths=1, seed=0, max_case_charts=0,
                                  **options)
            assert len(graphs.case_brokers) >= 6
            assert not [f for f in arrays.manifest["files"] if f.startswith("cases/")]
            for name in ("brokers_by_case.csv", "brokers.csv", "paths.csv", "approaches_by_month.csv"):
                assert (arrays.out_dir / name).read_bytes() == (graphs.out_dir / name).read_bytes(), name
            assert arrays.manifest["brokers"] == graphs.manifest["brokers"]
            before = json.loads((graphs.out_dir / "manifest.json").read_text(encoding="utf-8"))
            after = json.loads((arrays.out_dir / "manifest.json").read_text(encoding="utf-8"))
            assert after["brokers"]["cases"] == before["brokers"]["cases"]
            page = (arrays.out_dir / "report.html").read_text(encoding="utf-8")
            for case_id, table in graphs.case_brokers.items():
                pd.testing.assert_frame_equal(arrays.case_brokers[case_id], table, check_exact=True)
                assert case_id in page
