"""The synthetic contact generator: determinism, layout, structure, bad rows, CLI.

Structural thresholds were measured on the generator's own output (seed 0, 20,000 contacts:
max degree 1,246 vs median 4; 30.5% foreign nodes; 8.7% of ties cross the foreign/domestic
line) and are set loosely below those figures, so a generator that loses its heavy tail,
its split or its brokers fails them.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.workflows.generate import CONTACT_COLUMNS, generate_contacts, iter_contact_chunks
from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace


@pytest.fixture(scope="module")
def sample():
    return generate_contacts(20_000, seed=0)


def actor_graph_of(frame: pd.DataFrame) -> tuple[nx.Graph, dict[str, bool]]:
    """Undirected actor graph of a contacts frame (via rows split in two), and foreign flags."""
    G = nx.Graph()
    foreign: dict[str, bool] = {}
    for row in frame.itertuples(index=False):
        for name, country in ((row.from_name, row.from_country), (row.to_name, row.to_country),
                              (row.via_name, row.via_country)):
            if name:
                foreign[name] = country != "JP"
        if row.via_name:
            G.add_edge(row.from_name, row.via_name)
            G.add_edge(row.via_name, row.to_name)
        else:
            G.add_edge(row.from_name, row.to_name)
    return G, foreign


def test_same_seed_same_rows_other_seed_other_rows():
    a = generate_contacts(3_000, seed=7).frame
    b = generate_contacts(3_000, seed=7).frame
    c = generate_contacts(3_000, seed=8).frame
    assert a.equals(b)
    assert not a.equals(c)


def test_file_has_the_contacts_layout_and_equals_the_frame(tmp_path: Path):
    path = tmp_path / "contacts.csv"
    written = generate_contacts(2_500, seed=3, path=path)
    assert written.path == path and written.rows == 2_500
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(CONTACT_COLUMNS)
    assert len(rows) == 2_501
    assert all(len(r) == len(CONTACT_COLUMNS) for r in rows)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back.equals(generate_contacts(2_500, seed=3).frame.astype(str))


def test_chunks_stream_rows_in_order_with_unique_ids():
    chunks = [rows for rows, _ in iter_contact_chunks(1_000, seed=5, chunk_size=300)]
    assert [len(c) for c in chunks] == [300, 300, 300, 100]
    ids = [r[0] for c in chunks for r in c]
    assert ids == [f"G{i:09d}" for i in range(1, 1_001)]


def test_degrees_are_heavy_tailed(sample):
    G, _ = actor_graph_of(sample.frame)
    degrees = np.array([d for _, d in G.degree()])
    assert degrees.max() >= 50 * np.median(degrees)
    assert np.percentile(degrees, 99) >= 5 * np.median(degrees)


def test_foreign_domestic_split_and_most_ties_within_sides(sample):
    assert abs(sample.n_foreign / sample.n_actors - 0.3) < 0.05
    G, foreign = actor_graph_of(sample.frame)
    share_foreign = np.mean([foreign[n] for n in G])
    assert 0.2 < share_foreign < 0.4
    crossing = sum(1 for u, v in G.edges() if foreign[u] != foreign[v])
    assert crossing / G.number_of_edges() < 0.2
    assert crossing > 0


def test_brokers_bridge_the_two_sides_and_rank_first():
    sample = generate_contacts(5_000, seed=0)
    frame = sample.frame
    brokered = frame[frame.via_name != ""]
    assert set(brokered.via_name) <= set(sample.brokers)
    assert (brokered.from_country != "JP").all() and (brokered.to_country == "JP").all()
    assert set(brokered.via_kind) == {"intermediary"}
    G, _ = actor_graph_of(frame)
    bc = nx.betweenness_centrality(G, k=150, seed=1)
    top = sorted(bc, key=bc.get, reverse=True)[:3]
    assert sample.brokers[0] in top


def test_technologies_are_held_on_the_domestic_side(sample):
    frame = sample.frame
    with_tech = frame[frame.technology != ""]
    assert len(with_tech) > 0.3 * len(frame)
    assert (with_tech.to_country == "JP").all()
    techs = Counter(t for cell in with_tech.technology for t in cell.split(";"))
    assert len(techs) >= 4


def test_dates_are_iso_days_spread_over_years(sample):
    years = sample.frame.date.str[:4].astype(int)
    assert years.min() == 2015 and years.max() == 2024
    assert sample.frame.date.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_bad_rows_are_the_ones_the_loader_rejects(tmp_path: Path):
    path = tmp_path / "bad.csv"
    made = generate_contacts(2_000, seed=11, bad_rows=0.02, path=path)
    assert 20 <= len(made.bad_rows) <= 60
    assert set(made.bad_rows.values()) == {"impossible date", "unknown country",
                                           "missing to_name", "reliability out of range"}
    with Workspace(tmp_path / "ws") as store:
        report = load_files([path], store)
    assert report.total.read == 2_000
    assert {r.row for r in report.rejects} == set(made.bad_rows)
    assert report.total.loaded == 2_000 - len(made.bad_rows)


def test_no_bad_rows_by_default(tmp_path: Path):
    path = tmp_path / "good.csv"
    made = generate_contacts(1_000, seed=2, path=path)
    assert made.bad_rows == {}
    with Workspace(tmp_path / "ws") as store:
        assert load_files([path], store).total.rejected == 0


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="foreign_share"):
        generate_contacts(10, foreign_share=1.0)
    with pytest.raises(ValueError, match="too few"):
        generate_contacts(10, n_actors=20, communities=15)


def test_cli_generate_writes_the_file(tmp_path: Path):
    out = tmp_path / "g.csv"
    result = CliRunner().invoke(main, ["generate", "--contacts", "500", "-o", str(out),
                                       "--seed", "4", "--actors", "100", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"rows": 500' in result.output and '"actors": 100' in result.output
    assert pd.read_csv(out, dtype=str, keep_default_na=False).equals(
        generate_contacts(500, seed=4, n_actors=100).frame.astype(str))


def test_cli_generate_writes_matching_entities(tmp_path: Path):
    out, ent = tmp_path / "g.csv", tmp_path / "e.csv"
    result = CliRunner().invoke(main, ["generate", "--contacts", "400", "-o", str(out),
                                       "--entities", str(ent)])
    assert result.exit_code == 0, result.output
    names = set(pd.read_csv(ent, dtype=str, keep_default_na=False).name)
    contacts = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(names) == 100  # 400 contacts -> 100 actors by default
    assert set(contacts.from_name) | set(contacts.to_name) <= names


def test_cli_generate_bad_argument_is_one_line(tmp_path: Path):
    result = CliRunner().invoke(main, ["generate", "--contacts", "10", "-o", str(tmp_path / "x.csv"),
                                       "--actors", "20", "--foreign-share", "0.5"])
    assert result.exit_code == 0
    result = CliRunner().invoke(main, ["generate", "--contacts", "10", "-o", str(tmp_path / "x.csv"),
                                       "--foreign-share", "1.5"])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_entities_file_names_the_contacts_actors(tmp_path: Path):
    from graphkit.workflows.generate import corporate_number, generate_entities

    assert corporate_number(123456789012) == "7123456789012"  # the NTA rule's worked example
    entities, contacts = tmp_path / "entities.csv", tmp_path / "contacts.csv"
    assert generate_entities(seed=6, n_actors=300, path=entities) == 300
    generate_contacts(1_500, seed=6, n_actors=300, path=contacts)
    with Workspace(tmp_path / "ws") as store:
        report = load_files([entities, contacts], store)
        counts = store.counts()
    assert report.total.rejected == 0
    # every name in the contacts joined its entity: no actor node beyond the 300 declared and
    # the organisations the contacts' from_org / to_org name (issue 13.3: each org is a Company
    # node; the generator's orgs are not in its entities file)
    frame = pd.read_csv(contacts, dtype=str, keep_default_na=False)
    orgs = set(frame["from_org"]) | set(frame["to_org"])
    orgs.discard("")
    assert orgs and all(" Org " in org for org in orgs)
    assert counts.get("Person", 0) + counts.get("Company", 0) + counts.get("Intermediary", 0) == 300 + len(orgs)
    assert counts["EMPLOYED_BY"] > 0
