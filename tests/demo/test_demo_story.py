"""The demo's known story, asserted on the real loader and the real actor projection.

Every expected value is a fact documented in graphkit/demo/STORY.md; the numbers there were
computed with plain networkx on ``simple_graph(actor_graph(store))`` (see its "Reference
computation"), independently of graphkit's analysis code.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

from graphkit.workflows.demo import demo_files
from graphkit.ingest import load_files
from graphkit.projection import actor_graph, simple_graph
from graphkit.store.workspace import Workspace



@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    ws_dir = tmp_path_factory.mktemp("demo") / "ws"
    with Workspace(ws_dir) as store:
        report = load_files(demo_files(), store)
        G = actor_graph(store)
    return ws_dir, report, G


@pytest.fixture(scope="module")
def graph(loaded):
    return loaded[2]


def by_name(G: nx.MultiDiGraph, name: str) -> str:
    found = [n for n, d in G.nodes(data=True) if d["name"] == name]
    assert len(found) == 1, (name, found)
    return found[0]


def test_load_counts_per_file(loaded):
    _, report, _ = loaded
    counts = {Path(f.file).name: (f.read, f.loaded, f.rejected) for f in report.files}
    assert counts == {
        "cases.csv": (5, 5, 0), "entities.xlsx": (66, 66, 0), "contacts.csv": (286, 283, 3),
        "contacts_jp.csv": (63, 61, 2), "relations.jsonl": (33, 32, 1),
    }


def test_exactly_the_documented_rows_are_rejected_for_the_documented_reasons(loaded):
    _, report, _ = loaded
    got = {(Path(r.file).name, r.row): r.reason for r in report.rejects}
    assert set(got) == {("contacts.csv", 23), ("contacts.csv", 171), ("contacts.csv", 227),
                        ("contacts_jp.csv", 15), ("contacts_jp.csv", 55), ("relations.jsonl", 33)}
    assert "Ruritania" in got[("contacts.csv", 23)]
    assert "to_name" in got[("contacts.csv", 171)]
    assert "1.7" in got[("contacts.csv", 227)]
    assert "Heisei" in got[("contacts_jp.csv", 15)]
    assert "30" in got[("contacts_jp.csv", 55)]
    assert "played golf with" in got[("relations.jsonl", 33)]


def test_loading_the_demo_again_changes_nothing(loaded):
    ws_dir, report, G = loaded
    with Workspace(ws_dir) as store:
        again = load_files(demo_files(), store)
        G2 = actor_graph(store)
    assert again.total.loaded == 0
    assert again.total.merged == report.total.read - report.total.rejected
    assert G2.number_of_nodes() == G.number_of_nodes()
    assert G2.number_of_edges() == G.number_of_edges()


def test_node_and_edge_counts(graph):
    kinds = Counter((d["kind"], d["foreign"]) for _, d in graph.nodes(data=True))
    # + 6 domestic and 3 foreign persons, 3 foreign firms: the cross-script variants (issue 13);
    # ("Company", None): Hokuriku Quantum Industry Council, 松井 秀樹's from_org; every other org
    # a contacts row names is a register entry and joins it (issue 13.3)
    assert kinds == {("Person", False): 46, ("Person", True): 13, ("Company", False): 6,
                     ("Company", True): 10, ("Company", None): 1, ("Intermediary", True): 2,
                     ("Intermediary", False): 1, ("Technology", None): 5}
    relations = Counter(k for _, _, k in graph.edges(keys=True))
    # EMPLOYED_BY: 14 stated in relations.jsonl, and 36 more from the contacts' from_org / to_org
    # (the six variant rows name no org)
    assert relations == {"CONTACTED": 92, "HOLDS": 54, "SOUGHT": 26, "INTRODUCED": 23,
                         "EMPLOYED_BY": 50, "OWNS": 2, "AFFILIATED_WITH": 2, "TRANSFERRED": 1}


def test_name_variants_resolve_to_one_node(graph):
    sato = graph.nodes[by_name(graph, "佐藤 美咲")]
    assert {"Sato Misaki", "佐藤美咲", "ＳＡＴＯ\u3000Ｍｉｓａｋｉ"} <= set(sato["aliases"])
    assert "Takahashi Kenichi" in graph.nodes[by_name(graph, "高橋 健一")]["aliases"]
    assert "レオン・ヴァルガ" in graph.nodes[by_name(graph, "Leon Varga")]["aliases"]


def test_the_kanji_variant_pair_stays_two_people_and_is_listed_for_review(loaded, graph):
    _, report, _ = loaded
    a, b = by_name(graph, "高橋 健一"), by_name(graph, "髙橋 健一")
    assert a != b
    assert graph.nodes[a]["cases"] == ["C-2023-02"] and graph.nodes[b]["cases"] == ["C-2024-05"]
    assert [(d.name_a, d.name_b, d.reason) for d in report.possible_duplicates] == [
        ("高橋 健一", "髙橋 健一", "kanji variants")]


def test_leon_varga_is_the_top_broker_by_betweenness(graph):
    S = simple_graph(graph)
    name = lambda n: graph.nodes[n]["name"]  # noqa: E731
    directed = nx.betweenness_centrality(S)
    ranked = sorted(directed, key=directed.get, reverse=True)
    assert [name(n) for n in ranked[:3]] == ["Leon Varga", "Sakura Advanced Materials K.K.", "佐藤 美咲"]
    # 0.0374 before issue 13; 0.0526 with the org ties alone, 0.0272 with the variants alone
    assert directed[ranked[0]] == pytest.approx(0.0384, abs=5e-5)
    actors = S.subgraph(n for n in S if graph.nodes[n]["kind"] != "Technology")
    undirected = nx.betweenness_centrality(actors.to_undirected())
    top = max(undirected, key=undirected.get)
    assert name(top) == "Leon Varga" and undirected[top] == pytest.approx(0.3984, abs=5e-5)


def gould_fernandez(S: nx.DiGraph, group: dict) -> dict[str, Counter]:
    """Role counts per broker b over directed chains a->b->c with a != c and no a->c tie
    (Gould & Fernandez 1989, directed as in R's sna::brokerage)."""
    roles: dict[str, Counter] = defaultdict(Counter)
    for b in S:
        for a in S.predecessors(b):
            for c in S.successors(b):
                if a == c or S.has_edge(a, c):
                    continue
                ga, gb, gc = group[a], group[b], group[c]
                role = ("coordinator" if ga == gb == gc else "itinerant" if ga == gc else
                        "representative" if ga == gb else "gatekeeper" if gb == gc else "liaison")
                roles[b][role] += 1
    return roles


def test_brokerage_roles_of_the_story(graph):
    S = simple_graph(graph)
    actors = S.subgraph(n for n in S if graph.nodes[n]["kind"] != "Technology")
    name = {n: graph.nodes[n]["name"] for n in actors}
    roles = gould_fernandez(actors, {n: graph.nodes[n]["foreign"] for n in actors})
    by = {name[n]: c for n, c in roles.items()}
    assert by["Leon Varga"]["representative"] == 51
    assert by["Leon Varga"]["itinerant"] == 10
    assert max(c["representative"] for n, c in by.items() if n != "Leon Varga") == 5
    assert by["中村 彩"]["gatekeeper"] == 4
    assert by["Sakura Advanced Materials K.K."]["gatekeeper"] == 3
    assert by["Hokuyo Trading K.K."]["gatekeeper"] == 2
    assert by["佐藤 美咲"]["gatekeeper"] == 5
    by_country = gould_fernandez(actors, {n: graph.nodes[n]["country"] for n in actors})
    liaisons = {name[n]: c["liaison"] for n, c in by_country.items() if c["liaison"]}
    assert max(liaisons, key=liaisons.get) == "Leon Varga" and liaisons["Leon Varga"] == 41


def hop_dates(graph: nx.MultiDiGraph, a: str, b: str, relation: str) -> list[str]:
    return graph[by_name(graph, a)][by_name(graph, b)][relation]["dates"]


def test_main_path_hops_can_be_taken_in_time_order(graph):
    owns = hop_dates(graph, "Zhenhai Frontier Technologies Co., Ltd.", "Sakura Advanced Materials K.K.", "OWNS")
    hire = hop_dates(graph, "Sakura Advanced Materials K.K.", "Leon Varga", "CONTACTED")
    intro = hop_dates(graph, "Leon Varga", "佐藤 美咲", "INTRODUCED")
    holds = hop_dates(graph, "佐藤 美咲", "quantum sensing", "HOLDS")
    assert owns == ["2021-08-02", "2023-06-30"]
    assert hire[0] == intro[0] == "2023-03-14"
    assert intro == ["2023-03-14", "2023-05-20", "2023-07-08", "2023-08-22"]
    assert min(holds) <= "2023-03-14" and len(holds) == 13
    assert graph[by_name(graph, "佐藤 美咲")][by_name(graph, "quantum sensing")]["HOLDS"]["inferred"]


def test_the_tempting_path_runs_backwards_in_time(graph):
    met = hop_dates(graph, "Zhenhai Frontier Technologies Co., Ltd.", "松井 秀樹", "CONTACTED")
    introduced = hop_dates(graph, "松井 秀樹", "佐藤 美咲", "INTRODUCED")
    assert met == ["2023-10-05", "2023-11-21", "2024-01-16", "2024-03-08"]
    assert introduced == ["2022-09-14", "2022-11-10", "2022-12-20"]
    assert max(introduced) < min(met)
    # 松井 has no other way onward: the backwards INTRODUCED hop is his only tie to the lab side;
    # his other tie is to his own org (from_org, issue 13.3), which leads nowhere
    matsui = by_name(graph, "松井 秀樹")
    assert {graph.nodes[n]["name"] for n in graph.successors(matsui)} == {"佐藤 美咲", "Hokuriku Quantum Industry Council"}
    council = by_name(graph, "Hokuriku Quantum Industry Council")
    assert set(graph.predecessors(council)) == {matsui} and not list(graph.successors(council))


def test_the_lab_is_reached_from_outside_only_through_the_broker(graph):
    lab = by_name(graph, "Hokuriku Advanced University Quantum Sensing Laboratory")
    outside = {graph.nodes[n]["name"] for n in graph.predecessors(lab)
               if not any(k == "EMPLOYED_BY" for k in graph[n][lab])}
    assert outside == {"Leon Varga"}
