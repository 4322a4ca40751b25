"""Identity that does not depend on load order (issue 13.3, first bullet), on both stores.

Loading the contacts (separate `load` calls) and then the entity register gives exactly the
graph that loading the register first gives: same nodes, ids, names, aliases, edges and
evidence, and byte-identical `graphkit export` files. A `same` decision made before the load
(its nodes not loaded yet) gives the graph the decision made after the load gives, and undo
restores the graph exactly.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from graphkit import schema
from graphkit.errors import StoreError
from graphkit.ingest import load_files
from graphkit.store.base import Decision, Store
from graphkit.workflows.inspect import export

DEMO = Path("graphkit/demo")
REGISTER = [DEMO / "cases.csv", DEMO / "entities.xlsx"]
RECORDS = [DEMO / "contacts.csv", DEMO / "contacts_jp.csv", DEMO / "relations.jsonl"]


def graph(store: Store, tmp_path: Path, tag: str) -> tuple[list, list, bytes, bytes, str]:
    """Every node and edge as read, the node and edge exports (all kinds and relations) as
    bytes, and the store's snapshot hash (what a report's manifest cites as its input)."""
    nodes = [(n.id, n.kind, n.name, sorted(n.aliases), n.properties, sorted(n.evidence)) for n in store.iter_nodes()]
    edges = [(e.id, e.source, e.target, e.relation, e.properties, e.evidence) for e in store.iter_edges()]
    export(store, "nodes", output=tmp_path / f"{tag}-nodes.csv", kinds=schema.NODE_KINDS)
    export(store, "edges", output=tmp_path / f"{tag}-edges.csv", relations=schema.RELATION_KINDS)
    return (nodes, edges, (tmp_path / f"{tag}-nodes.csv").read_bytes(), (tmp_path / f"{tag}-edges.csv").read_bytes(),
            store.snapshot_hash())


def test_contacts_then_register_gives_the_graph_of_register_then_contacts(
        open_empty: Callable[[], Store], tmp_path: Path) -> None:
    store = open_empty()
    load_files(REGISTER, store)
    for file in RECORDS:
        load_files([file], store)
    first = graph(store, tmp_path, "register-first")

    store = open_empty()
    for file in RECORDS:
        load_files([file], store)
    counts_before = store.counts()
    report = load_files(REGISTER, store)
    later = graph(store, tmp_path, "register-last")
    assert later[0] == first[0]  # same node ids, names, aliases, properties, evidence
    assert later[1] == first[1]  # same edge ids and evidence
    assert later[2:4] == first[2:4]  # byte-identical exports
    assert later[4] == first[4]  # the same snapshot hash (the workspace's leaves out record numbers)
    # the contacts' own nodes for the register's entities were merged, as automatic decisions
    register = [d for d in store.list_decisions() if d.origin == "register"]
    assert register and report.merged_by_decisions
    assert {d.decision_id for d in register} <= set(report.merged_by_decisions)
    assert counts_before["Company"] > store.counts()["Company"]  # the contacts' spellings were separate nodes
    sakura = [d for d in register if d.name_b == "さくら先端材料株式会社"]
    assert [d.name_a for d in sakura] == ["Sakura Advanced Materials K.K."]
    # loading the register again changes nothing (the decisions are not made twice)
    again = load_files(REGISTER, store)
    assert again.merged_by_decisions == [] and graph(store, tmp_path, "again")[:2] == first[:2]


def test_a_decision_made_before_the_load_gives_the_graph_of_one_made_after(
        open_empty: Callable[[], Store], tmp_path: Path) -> None:
    store = open_empty()
    load_files(REGISTER, store)
    register_only = graph(store, tmp_path, "register-only")
    for file in RECORDS:
        load_files([file], store)
    ids = {n.name: n.id for n in store.iter_nodes(["Person"])}
    decision = Decision("d-test01", "same", "Person", ids["高橋 健一"], "高橋 健一", ids["髙橋 健一"], "髙橋 健一",
                        "ann", "2026-12-01T00:00:00+00:00", "one man")
    unmerged = graph(store, tmp_path, "unmerged")
    store.save_decision(decision)
    store.merge_nodes(decision.id_a, decision.id_b, decision.decision_id)
    after = graph(store, tmp_path, "after")
    assert after != unmerged

    store = open_empty()
    store.save_decision(decision)  # imported before its nodes are loaded: it waits
    load_files(REGISTER, store)
    for file in RECORDS:
        load_files([file], store)
    assert graph(store, tmp_path, "before") == after
    # later loads wrote onto the merged node: undo would lose them, so it is refused ...
    with pytest.raises(StoreError, match="cannot undo decision d-test01 exactly: node person-"):
        store.undo_merges(decision.decision_id)
    # ... until they are unloaded; then the register's graph comes back exactly
    for info in reversed(store.list_loads()[1:]):
        store.unload(info.load_id)
    assert store.undo_merges(decision.decision_id) == 1
    store.forget_decision(decision.decision_id)
    assert graph(store, tmp_path, "undone") == register_only
    for file in RECORDS:  # and the records load as if no decision had been made
        load_files([file], store)
    assert graph(store, tmp_path, "reloaded") == unmerged


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("contact_id,from_name,from_kind,to_name,date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _person(store: Store, name: str) -> str:
    return next(n.id for n in store.iter_nodes(["Person"]) if n.name == name)


def test_unloading_a_load_merged_after_it_gives_the_graph_without_it(
        open_empty: Callable[[], Store], tmp_path: Path) -> None:
    from graphkit.workflows.load import unload

    a = _write(tmp_path / "a.csv", ["X1,Li Wei,Person,山田 太郎,2024-05-01"])
    b = _write(tmp_path / "b.csv", ["Y1,李伟,Person,鈴木 一郎,2024-06-01"])
    store = open_empty()
    load_files([a], store)
    only_a = graph(store, tmp_path, "only-a")

    load_files([b], store)
    decision = Decision("d-unld01", "same", "Person", _person(store, "李伟"), "李伟", _person(store, "Li Wei"),
                        "Li Wei", "ann", "2026-12-05T00:00:00+00:00", "one man")
    store.save_decision(decision)
    store.merge_nodes(decision.id_a, decision.id_b, decision.decision_id)
    merged = graph(store, tmp_path, "merged")
    # the merged node is named 李伟, a name only b.csv gave: unloading b takes it back with b's
    # records (the merge is undone first, the decision kept and waiting for its node) ...
    result = unload(store, [b])
    assert (result.merges_undone, result.merges_kept, result.decisions_reapplied) == (1, [], [])
    assert graph(store, tmp_path, "unloaded") == only_a
    assert [d.decision_id for d in store.list_decisions()] == ["d-unld01"]
    # ... and loading b again makes the decision's merge again
    load_files([b], store)
    assert graph(store, tmp_path, "reloaded") == merged


def test_unload_keeps_a_merge_a_later_load_wrote_onto_and_says_so(
        open_empty: Callable[[], Store], tmp_path: Path) -> None:
    from graphkit.workflows.load import unload

    a = _write(tmp_path / "a.csv", ["X1,Li Wei,Person,山田 太郎,2024-05-01"])
    b = _write(tmp_path / "b.csv", ["Y1,李伟,Person,鈴木 一郎,2024-06-01"])
    c = _write(tmp_path / "c.csv", ["Z1,Li Wei,Person,佐藤 花子,2024-07-01"])
    store = open_empty()
    load_files([a], store)
    load_files([b], store)
    decision = Decision("d-unld02", "same", "Person", _person(store, "李伟"), "李伟", _person(store, "Li Wei"),
                        "Li Wei", "ann", "2026-12-05T00:00:00+00:00")
    store.save_decision(decision)
    store.merge_nodes(decision.id_a, decision.id_b, decision.decision_id)
    load_files([c], store)  # joins the merged node: undoing the merge would lose what it wrote
    result = unload(store, [b])
    assert result.merges_kept == ["d-unld02"] and result.merges_undone == 0
    assert "decision d-unld02" in result.notes()[0]
    assert store.record_count() == 2  # b's record is gone all the same, with its own nodes
    assert not any(n.name == "鈴木 一郎" for n in store.iter_nodes(["Person"]))


def test_unloading_the_register_forgets_its_automatic_merges(open_empty: Callable[[], Store], tmp_path: Path) -> None:
    from graphkit.workflows.load import unload

    store = open_empty()
    for file in RECORDS:
        load_files([file], store)
    records_only = graph(store, tmp_path, "records-only")
    load_files(REGISTER, store)
    automatic = [d.decision_id for d in store.list_decisions() if d.origin == "register"]
    assert automatic  # the register names record spellings as its entities: merges were made
    result = unload(store, load_id=store.list_loads()[-1].load_id)
    assert sorted(result.decisions_forgotten) == sorted(automatic)
    assert store.list_decisions() == [] and store.list_merges() == []
    assert graph(store, tmp_path, "register-unloaded") == records_only
