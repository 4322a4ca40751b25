"""The report's transfer paths at scale (issue 16.2, the path stage): each region read light from
the store (graphkit.projection.path_graph: relation, inferred, each record's id, date and
reliability), the time bound limited to the budget the region settles within (likely_paths'
``cost_limit``), the cited records read again in full (Store.cited_evidence). The paths,
costs, dates and cited records must be those of the search of the whole graph read with every
evidence item, its time bound's labels all settled before the search (the search before this
change: graphkit.analysis.paths.likely_paths on transfer_graph(actor_graph(store)) with whole
cost profiles).

Real workspaces: 20,000 contacts from ``graphkit generate`` loaded by the real loader, and the
2016 DNC e-mail network (../shared/datasets/dnc_email_2016, 37,421 e-mails dated to the second)
written to a workspace with foreign senders and technologies held by recipients marked on it.
"""
from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from graphkit import schema
from graphkit.analysis.likelihood import LikelihoodModel
from graphkit.analysis import paths as paths_module
from graphkit.analysis.paths import likely_paths
from graphkit.analysis.temporal import CostProfiles
from graphkit.analysis.transfer import transfer_graph
from graphkit.ingest import load_files
from graphkit.model import Batch, Edge, Node, edge_id, keeps_evidence
from graphkit.projection import actor_arrays, actor_graph, path_graph
from graphkit.reports import collect
from graphkit.reports.build import _all_paths
from graphkit.store.workspace import Workspace
from graphkit.workflows.generate import generate_contacts
from tests.helpers.paths_graphs import dnc_email_graph
from tests.helpers.store_records import records_of

K, HOPS = 3, 6


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("generated20k")
    source = directory / "contacts.csv"
    generate_contacts(20_000, seed=5, path=source)
    path = directory / "ws"
    with Workspace(path) as ws:
        load_files([source], ws, layout="contacts")
    return path


@pytest.fixture(scope="module")
def dnc_workspace(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    """The DNC e-mails as CONTACTED edges (one record per e-mail); every 9th sender id foreign;
    three technologies, each held (HOLDS, a standing relation) by five recipients drawn with a
    fixed seed."""
    G = dnc_email_graph(datasets / "dnc_email_2016" / "dnc_temporal_edges.csv")
    rng = random.Random(16)
    nodes = [Node(id=n, kind="Person", name=f"dnc {n}", properties={"foreign": int(n) % 9 == 0})
             for n in sorted(G)]
    edges = [Edge(edge_id(u, "CONTACTED", v), u, v, "CONTACTED", evidence=list(d["evidence"]))
             for u, v, d in G.edges(data=True)]
    pool = sorted(n for n in G if int(n) % 9 != 0 and G.in_degree(n) > 0)
    for t in range(3):
        tech = f"tech-{t}"
        nodes.append(Node(id=tech, kind=schema.TECHNOLOGY_KIND, name=f"technology {t}"))
        for holder in rng.sample(pool, 5):
            edges.append(Edge(edge_id(holder, "HOLDS", tech), holder, tech, "HOLDS",
                              evidence=[e for e in G.in_edges(holder, data="evidence")][0][2][:1]))
    path = tmp_path_factory.mktemp("dnc") / "ws"
    with Workspace(path) as ws:
        ws.write(Batch(nodes=nodes, edges=edges))
    return path


@pytest.fixture(scope="module")
def generated_whole(generated):
    """The generated workspace's arrays, sources, technologies and whole-graph transfer graph
    (every evidence item), and its search's paths per technology."""
    with Workspace(generated, create=False) as ws:
        arrays = actor_arrays(ws)
        H = transfer_graph(actor_graph(ws), LikelihoodModel())
    sources, techs = collect.foreign_actor_ids(arrays), collect.technology_ids(arrays)
    return arrays, sources, techs, H, _searched(H, sources, techs)


class _WholeProfiles(CostProfiles):
    """The time bound as the search had it before this change: every label of the whole graph
    settled before the search starts, no cost limit."""

    def __init__(self, H, dst, standing, **_ignored) -> None:
        super().__init__(H, dst, standing)
        self.advance(math.inf)


def _searched(H, sources: list[str], techs: list[str]) -> dict:
    """The search of the whole graph as it was: whole profiles, no limit."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths_module, "CostProfiles", _WholeProfiles)
        return {tech: likely_paths(H, sources, [tech], k=K, time_respecting=True, max_hops=HOPS) for tech in techs}


def _report_paths(ws: Workspace, arrays) -> dict:
    found, notes, _ = _all_paths(ws, arrays, LikelihoodModel(), K, True, HOPS, False,
                                 case=None, since=None, until=None)
    assert not notes
    cited = [e for paths in found.values() for p in paths for h in p.hops for e in h.evidence]
    assert cited and all(e["file"] and e["row"] for e in cited)  # the records in full, not the light ones
    return found


def test_the_report_paths_read_light_equal_the_whole_graphs_search_generated(generated, generated_whole):
    arrays, sources, techs, _, expected = generated_whole
    with Workspace(generated, create=False) as ws:
        found = _report_paths(ws, arrays)
    assert sum(len(p) for p in found.values()) >= len(techs)
    for tech in techs:
        assert found[tech] == expected[tech], tech


def test_the_report_paths_read_light_equal_the_whole_graphs_search_dnc(dnc_workspace):
    with Workspace(dnc_workspace, create=False) as ws:
        arrays = actor_arrays(ws)
        found = _report_paths(ws, arrays)
        H = transfer_graph(actor_graph(ws), LikelihoodModel())
    sources, techs = collect.foreign_actor_ids(arrays), collect.technology_ids(arrays)
    assert len(techs) == 3 and len(sources) > 100
    expected = _searched(H, sources, techs)
    assert sum(len(p) for p in found.values()) >= len(techs)
    for tech in techs:
        assert found[tech] == expected[tech], tech


def test_a_cost_limit_keeps_the_paths_within_it_and_cuts_the_time_bound(generated_whole):
    """likely_paths with ``cost_limit`` (and no source floors: 0 everywhere) at the k-th path's
    cost finds the same k paths as without it, and its time bound holds fewer labels."""
    from graphkit.analysis.temporal import DEFAULT_STANDING, cost_profiles

    _, sources, techs, H, expected = generated_whole
    cut = 0
    for tech in techs[:4]:
        unlimited = expected[tech]
        assert len(unlimited) == K, tech
        limit = unlimited[-1].cost * (1 + 1e-6) + 1e-6
        assert likely_paths(H, sources, [tech], k=K, time_respecting=True, max_hops=HOPS,
                            cost_limit=limit, source_floors={}) == unlimited, tech
        labels = lambda profiles: sum(len(costs) for _, costs in profiles.values())
        whole = labels(cost_profiles(H, {tech}, DEFAULT_STANDING))
        limited = labels(cost_profiles(H, {tech}, DEFAULT_STANDING, limit=limit))
        assert limited <= whole
        cut += whole - limited
    assert cut > 0


def _read_record_by_record(ws: Workspace, *, among=None, case=None, start=None, end=None) -> list[tuple]:
    """The light read as it was before Store.edge_records: every actor edge by id with its
    evidence items in full (Store.iter_edges, by record id), each kept by keeps_evidence, one
    at a time in Python; edges without a kept record left out."""
    rows = []
    for edge in ws.iter_edges(schema.ACTOR_RELATIONS):
        if among is not None and not (edge.source in among and edge.target in among):
            continue
        kept = [(e.record_id, e.date, e.reliability) for e in edge.evidence if keeps_evidence(e, case, start, end)]
        if kept:
            rows.append((edge.source, edge.target, edge.relation, bool(edge.properties.get("inferred", False)), kept))
    return rows


@pytest.mark.parametrize("data", ["generated", "dnc"])
def test_edge_records_are_the_record_by_record_read(generated, dnc_workspace, data):
    """Store.edge_records (the evidence filtered and grouped by record in SQL, no object per
    row) gives every edge, record, date and reliability in the order of the read it replaced,
    on the whole graph, one case, windows open on either side and both, and a part of it."""
    with Workspace(generated if data == "generated" else dnc_workspace, create=False) as ws:
        dates = sorted(ws.evidence_dates())
        middle, late = dates[len(dates) // 2][:10], dates[3 * len(dates) // 4][:10]
        cases = sorted(c for c in ws.record_counts_by_case() if c)
        ids = sorted({n for e in ws.iter_edges(schema.ACTOR_RELATIONS) for n in (e.source, e.target)})
        part = set(ids[: len(ids) // 3])
        selections = [{}, {"start": middle}, {"end": middle}, {"start": middle, "end": late}, {"among": part}]
        if cases:
            selections += [{"case": cases[0]}, {"case": cases[-1], "start": middle}]
        for selection in selections:
            read = records_of(ws.edge_records(schema.ACTOR_RELATIONS, **selection))
            assert read and read == _read_record_by_record(ws, **selection), selection


@pytest.mark.parametrize("selection", ["all", "case", "since"])
def test_the_light_read_is_the_projection_the_search_weighs(generated, selection):
    """path_graph has actor_graph's nodes and edges in its order, each edge's relation, inferred
    flag and records (id, date, reliability, in order), streamed (most of the graph) or read
    with edges_among (a smaller part); Store.cited_evidence gives the kept records in full."""
    with Workspace(generated, create=False) as ws:
        case = since = None
        if selection == "case":
            case = sorted(c for c in ws.record_counts_by_case() if c)[0]
        if selection == "since":
            dates = sorted(d for d in ws.evidence_dates())
            since = dates[len(dates) // 2][:7]
        arrays = actor_arrays(ws, case=case, since=since)
        for part in (1.0, 0.3):
            among = arrays.ids[: int(len(arrays) * part)]
            full = actor_graph(ws, case=case, since=since, among=among)
            light = path_graph(ws, arrays, among, case=case, since=since)
            assert list(light) == [n for n in full if full.degree(n)]
            assert list(light.edges(keys=True)) == list(full.edges(keys=True))
            for u, v, key, data in full.edges(keys=True, data=True):
                mine = light.edges[u, v, key]
                assert (mine["relation"], mine["inferred"], mine["contacts"]) == \
                    (data["relation"], data["inferred"], data["contacts"])
                assert [(e.record_id, e.date, e.reliability) for e in mine["evidence"]] == \
                    [(e.record_id, e.date, e.reliability) for e in data["evidence"]]
                assert light.nodes[u]["name"] == full.nodes[u]["name"]
        some = list(full.edges(keys=True, data=True))[:20]
        read = ws.cited_evidence({(u, v, key): [e.record_id for e in d["evidence"]] for u, v, key, d in some})
        assert read == {(u, v, key): d["evidence"] for u, v, key, d in some}


def _arcs_as_read(adjacency: dict) -> list:
    """A transfer graph's adjacency as plain data: each neighbour in order with its pair's
    attributes, each arc's fields and its edge's records (id, date, reliability) in order."""
    def arc(a: dict) -> dict:
        data = {k: ([(e.record_id, e.date, e.reliability) for e in v] if k == "evidence" else v)
                for k, v in a["data"].items()}
        return {**{k: v for k, v in a.items() if k != "memo"}, "data": data}
    return [(u, [(v, {k: ([arc(a) for a in x] if k == "arcs" else x) for k, x in attrs.items()})
                 for v, attrs in nbrs.items()]) for u, nbrs in adjacency.items()]


@pytest.mark.parametrize("form", ["objects", "arrays"])
@pytest.mark.parametrize("part", [1.0, 0.3])
def test_the_region_goes_into_the_transfer_graph_the_search_reads(generated, part, form):
    """transfer_graph_of(read_path_region(...)) and transfer_graph_of_arrays(read_path_arrays(...))
    (the region as typed arrays, the report's form: arcs and their records made when a node is
    first looked at, no multigraph built) are transfer_graph(path_graph(...)): the same nodes,
    neighbours in the same order, arcs in the same order with the same fields and records, an
    edge's two arcs sharing one memo and one data dict, a pair's dict the same from both sides,
    and the same Dijkstra matrix."""
    from graphkit.analysis.transfer import distances_to, transfer_graph_of, transfer_graph_of_arrays
    from graphkit.projection import read_path_arrays, read_path_region

    with Workspace(generated, create=False) as ws:
        arrays = actor_arrays(ws)
        among = arrays.ids[: int(len(arrays) * part)]
        if form == "arrays":
            held = read_path_arrays(ws, arrays, among)
        else:
            region = read_path_region(ws, arrays, among)
        eager = transfer_graph(path_graph(ws, arrays, among), LikelihoodModel())
    if form == "arrays":
        lazy = transfer_graph_of_arrays(held, LikelihoodModel())
        assert not lazy._made  # no edge's records made as objects before the search looks
    else:
        lazy = transfer_graph_of(region.nodes, region.edges, LikelihoodModel())
    assert list(lazy.nodes(data=True)) == list(eager.nodes(data=True))
    assert lazy.graph["reference"] == eager.graph["reference"] is not None
    assert lazy.number_of_edges() == eager.number_of_edges() > 1000
    nodes = list(eager)
    # nodes looked at one by one, out of order (as a search does), then each side as a whole
    for n in nodes[::-37]:
        assert _arcs_as_read({n: lazy._pred[n]}) == _arcs_as_read({n: eager._pred[n]})
        assert _arcs_as_read({n: lazy[n]}) == _arcs_as_read({n: eager[n]})
    assert _arcs_as_read(lazy._succ) == _arcs_as_read(eager._succ)
    assert _arcs_as_read(lazy._pred) == _arcs_as_read(eager._pred)
    two_way = 0
    for u, v, attrs in lazy.edges(data=True):
        assert lazy._pred[v][u] is attrs
        for arc in attrs["arcs"]:
            if arc["reversed"]:
                two_way += 1
                back = next(a for a in lazy[v][u]["arcs"] if a["data"] is arc["data"])
                assert back["memo"] is arc["memo"]
                assert back["source"] == arc["source"] == v and back["target"] == arc["target"] == u
    assert two_way > 1000
    targets = {n for n in nodes if eager.nodes[n]["kind"] == schema.TECHNOLOGY_KIND}
    assert distances_to(lazy, targets) == distances_to(eager, targets)


def test_a_regions_transfer_graph_is_freed_when_the_search_lets_go_of_it(generated):
    """The lazy transfer graph of a region (and the region's arrays) hold no reference cycle:
    dropping the last reference frees them at once, with the cyclic collector off (as the
    path search runs), after a search has made arcs and node attributes; not at the next full
    collection, with the report's next stage grown on top of them."""
    import gc
    import weakref

    from graphkit.analysis.transfer import transfer_graph_of_arrays
    from graphkit.projection import read_path_arrays

    with Workspace(generated, create=False) as ws:
        arrays = actor_arrays(ws)
        region = read_path_arrays(ws, arrays)
    techs = collect.technology_ids(arrays)
    collecting = gc.isenabled()
    gc.disable()
    try:
        H = transfer_graph_of_arrays(region, LikelihoodModel())
        sources = [s for s in collect.foreign_actor_ids(arrays) if s in H]
        assert techs and sources
        likely_paths(H, sources, techs[:1], k=K, time_respecting=True, max_hops=HOPS)
        assert H._made and H._pairs and dict.__len__(H._node)  # the search made some
        graph, held = weakref.ref(H), weakref.ref(region)
        del H, region
        assert graph() is None and held() is None
    finally:
        if collecting:
            gc.enable()


def test_the_time_bound_reads_the_arrays_and_settles_the_eager_graphs_labels(generated):
    """CostProfiles on the lazy transfer graph of a region read as arrays (each predecessor's
    arcs and records read from the arrays, no arc made) settles the same labels, in the same
    order of cost and leave-by, as on transfer_graph(path_graph(...)), with and without a cost
    limit; and makes no arc, pair or record object."""
    from graphkit.analysis.transfer import transfer_graph_of_arrays
    from graphkit.projection import read_path_arrays

    with Workspace(generated, create=False) as ws:
        arrays = actor_arrays(ws)
        region = read_path_arrays(ws, arrays)
        eager = transfer_graph(path_graph(ws, arrays), LikelihoodModel())
    lazy = transfer_graph_of_arrays(region, LikelihoodModel())
    techs = collect.technology_ids(arrays)
    standing = frozenset({"HOLDS", "EMPLOYED_BY"})
    settled = 0
    for tech in techs[:4]:
        for limit in (None, 4.0):
            mine = CostProfiles(lazy, {tech}, standing, limit=limit)
            theirs = CostProfiles(eager, {tech}, standing, limit=limit)
            mine.advance(math.inf)
            theirs.advance(math.inf)
            assert mine.profiles() == theirs.profiles()
            settled += len(theirs.profiles())
    assert settled > 1000
    assert not lazy._pairs and not lazy._made
