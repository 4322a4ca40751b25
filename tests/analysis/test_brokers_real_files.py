"""`graphkit brokers` on real networks loaded as a user would (issue 11, items 3, 7, 8a, 8b).

The files come from ../shared/datasets: the Madrid train bombing edge list (one row per
undirected tie; its own header `source,target,weight`) loaded with a mapping file; CAVIAR's
110 x 110 matrix of intercepted calls and the 9/11 hijackers' header-less edge list written out
as contacts files (the records a user would prepare). None of them has countries.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import main

MADRID_MAPPING = 'layout = "contacts"\n[columns]\nfrom_name = "source"\nto_name = "target"\n'


def _load(tmp_path: Path, files: list[Path], *extra: str) -> str:
    workspace = str(tmp_path / "ws")
    result = CliRunner().invoke(main, ["load", *map(str, files), "-w", workspace, *extra])
    assert result.exit_code == 0, result.output
    return workspace


def _brokers(workspace: str, *options: str):
    return CliRunner().invoke(main, ["brokers", "-w", workspace, *options])


def _madrid(tmp_path: Path, datasets: Path) -> str:
    mapping = tmp_path / "madrid.toml"
    mapping.write_text(MADRID_MAPPING, encoding="utf-8")
    return _load(tmp_path, [datasets / "madrid_train_bombing" / "madrid_train_bombing_edges.csv"],
                 "--mapping", str(mapping))


def _contacts(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...] = ("from_name", "to_name")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _caviar_rows(datasets: Path) -> list[tuple[str, str]]:
    """CAVIAR: cell (i, j) > 0 means i called j; one contacts row per calling pair."""
    with (datasets / "caviar" / "caviar_full_110x110.csv").open(encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    heads = table[0][1:]
    return [(f"N{row[0]}", f"N{heads[j]}") for row in table[1:] for j, cell in enumerate(row[1:])
            if cell.strip() and float(cell) > 0 and row[0] != heads[j]]


def _hijacker_rows(datasets: Path) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """9/11: each tie with the flight of its first hijacker as the case (the attribute file
    lists the 19 hijackers; a tie between two associates has no case)."""
    folder = datasets / "krebs_911_hijackers"
    flight = dict(line.strip().split(",")[:2] for line in (folder / "9_11_attrib.txt").read_text().splitlines() if line.strip())
    ties = [[name.strip() for name in line.split(",")[:2]] for line in (folder / "9_11_edgelist.txt").read_text().splitlines() if line.strip()]
    return [(a, b, flight.get(a) or flight.get(b) or "") for a, b in ties], flight


# --- item 3: no countries -> the table comes out, roles left out with one line ----------------

@pytest.mark.parametrize("partition", [None, "country"])
def test_madrid_without_countries_gives_the_table_and_says_why_roles_are_missing(tmp_path, datasets, partition):
    workspace = _madrid(tmp_path, datasets)
    result = _brokers(workspace, "--top", "5", *(["--partition", partition] if partition else []))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Jamal Zougam" in result.output and len(lines) > 6
    assert "betweenness" in lines[0] and "gatekeeper" not in lines[0] and "brokerage" not in lines[0]
    attribute = partition or "foreign"
    notes = [line for line in lines if line.startswith("brokerage roles left out")]
    assert notes == [f"brokerage roles left out: no actor has the attribute {attribute!r}; "
                     "no attribute splits these actors into groups (load countries or cases to get roles)"]
    rows = json.loads(_brokers(workspace, "--top", "5", "--format", "json").output)
    assert len(rows) == 5 and all(r["brokerage"] is None for r in rows)


def test_caviar_and_hijackers_without_countries_rank_and_name_the_attributes_there_are(tmp_path, datasets):
    (tmp_path / "caviar").mkdir()
    (tmp_path / "911").mkdir()
    caviar = _load(tmp_path / "caviar", [_contacts(tmp_path / "caviar.csv", _caviar_rows(datasets))])
    result = _brokers(caviar, "--top", "3")
    assert result.exit_code == 0, result.output
    # Morselli (2009): N1 (Serero) and N12 (Cohen) are the network's brokers.
    assert {"N1", "N12"} <= {line.split()[1] for line in result.output.splitlines()[1:4]}
    assert "brokerage roles left out: no actor has the attribute 'foreign'" in result.output

    rows, _ = _hijacker_rows(datasets)
    hijackers = _load(tmp_path / "911", [_contacts(tmp_path / "911.csv", rows, ("from_name", "to_name", "case_id"))])
    result = _brokers(hijackers, "--top", "3")
    assert result.exit_code == 0, result.output
    assert "no actor has the attribute 'foreign'; attributes to partition by: cases" in result.output


# --- item 8b: multi-valued attributes: cases by a rule, aliases/evidence refused --------------

def test_hijackers_partition_by_cases_puts_each_actor_in_its_case_with_most_records(tmp_path, datasets):
    rows, flight = _hijacker_rows(datasets)
    workspace = _load(tmp_path, [_contacts(tmp_path / "911.csv", rows, ("from_name", "to_name", "case_id"))])
    result = _brokers(workspace, "--partition", "cases", "--top", "100", "--format", "json")
    assert result.exit_code == 0, result.output
    table = {r["name"]: r for r in json.loads(result.output)}
    # The rule, recomputed from the file: the case of most of the actor's records, ties to the
    # smallest id (a row repeated word for word is one record: record ids hash the row).
    per_actor: dict[str, Counter] = {}
    for a, b, case in set(rows):
        for name in (a, b):
            per_actor.setdefault(name, Counter())
            if case:
                per_actor[name][case] += 1
    expected = {name: min(c, key=lambda case: (-c[case], case)) if c else None for name, c in per_actor.items()}
    assert {name: r["group"] for name, r in table.items()} == expected
    assert expected["Mohamed Atta"] == flight["Mohamed Atta"] == "11_WTC North"
    # four records in each of two flights: the smaller id
    assert table["Mustafa Ahmed al-Hisawi"]["group"] == "11_WTC North"
    assert sum(r["brokerage"] for r in table.values()) > 0


@pytest.mark.parametrize("attribute", ["aliases", "evidence"])
def test_partition_by_names_or_records_is_refused_in_one_line(tmp_path, datasets, attribute):
    rows, _ = _hijacker_rows(datasets)
    workspace = _load(tmp_path, [_contacts(tmp_path / "911.csv", rows, ("from_name", "to_name", "case_id"))])
    result = _brokers(workspace, "--partition", attribute)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == (f"Error: {attribute!r} holds several values per actor (names or records, "
                                     "not a group); partition by one of: cases")


# --- item 8a: the reading the roles use ------------------------------------------------------

def _zougam(output: str) -> str:
    return next(line for line in output.splitlines() if "Jamal Zougam" in line)


def test_madrid_roles_read_the_ties_as_the_rank_does_with_reading_undirected(tmp_path, datasets):
    (tmp_path / "once").mkdir()
    (tmp_path / "both").mkdir()
    once = _madrid(tmp_path / "once", datasets)
    with (datasets / "madrid_train_bombing" / "madrid_train_bombing_edges.csv").open(encoding="utf-8") as f:
        ties = [(r["source"], r["target"]) for r in csv.DictReader(f)]
    both = _load(tmp_path / "both", [_contacts(tmp_path / "both.csv", ties + [(b, a) for a, b in ties])])

    as_loaded = _brokers(once, "--partition", "kind", "--top", "3")
    assert as_loaded.exit_code == 0, as_loaded.output
    # rank 2 by two-way betweenness; read as loaded it has ties in only, and the reason says so
    assert _zougam(as_loaded.output).split()[0] == "2"
    assert "no chain passes through it as loaded (29 ties in, 0 out)" in _zougam(as_loaded.output)
    assert ("rank: betweenness with every tie taken both ways; roles, reasons and degrees: ties as loaded "
            "(from -> to), none recorded both ways: for a list of ties without direction, "
            "--reading undirected counts them both ways as the rank does") in as_loaded.output

    undirected = _brokers(once, "--partition", "kind", "--top", "3", "--reading", "undirected", "--format", "json")
    written_both_ways = _brokers(both, "--partition", "kind", "--top", "3", "--format", "json")
    first, second = json.loads(undirected.output), json.loads(written_both_ways.output)
    zougam = next(r for r in first if r["name"] == "Jamal Zougam")
    assert zougam["coordinator"] == 542 and zougam["in_degree"] == zougam["out_degree"] == 29
    assert [(r["name"], r["coordinator"], r["reason"]) for r in first] == \
        [(r["name"], r["coordinator"], r["reason"]) for r in second]
    table = _brokers(once, "--partition", "kind", "--top", "3", "--reading", "undirected")
    assert "roles, reasons and degrees: every tie both ways too (--reading undirected)" in table.output
    table = _brokers(both, "--partition", "kind", "--top", "3")
    assert "ties as loaded (from -> to; 100% recorded both ways; --reading undirected" in table.output


# --- item 7: sampled betweenness says how sure it is ------------------------------------------

def test_sampled_betweenness_states_a_bound_that_means_something(tmp_path, datasets):
    workspace = _madrid(tmp_path, datasets)
    result = _brokers(workspace, "--approx", "--sample", "24", "--seed", "2", "--top", "10")
    assert result.exit_code == 0, result.output
    note = next(line for line in result.output.splitlines() if line.startswith("betweenness: sources"))
    # The Hoeffding bound (about 0.6 here) exceeds every score shown: the note says it is loose
    # and gives the error measured from independent batches of sources.
    assert "(Hoeffding worst case, loose: larger than 10 of the 10 scores shown)" in note
    assert "measured standard error <= " in note and "from 8 independent batches of sources" in note

    approx = json.loads(_brokers(workspace, "--approx", "--sample", "24", "--seed", "2", "--top", "10",
                                 "--format", "json").output)
    exact = json.loads(_brokers(workspace, "--top", "64", "--format", "json").output)
    truth = {r["name"]: r["betweenness"] for r in exact}
    assert all(r["betweenness_se"] > 0 for r in approx[:3])
    within = [abs(r["betweenness"] - truth[r["name"]]) <= 3 * r["betweenness_se"] + 1e-12 for r in approx]
    assert sum(within) >= 9, [(r["name"], r["betweenness"], truth[r["name"]], r["betweenness_se"]) for r in approx]
    assert all(r["betweenness_se"] == 0 for r in exact)
