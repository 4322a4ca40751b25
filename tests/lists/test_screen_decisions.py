"""`graphkit resolve same|different ACTOR ENTRY_ID` on screening hits, and `graphkit screen`
replaying the kept verdicts (the case of tests/lists/test_screen.py: 中航重机 is the 1260H entry
AVIC Heavy Machinery; the katakana intermediary is METI third-country entry 7)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit as gk
from graphkit.cli import main
from graphkit.workflows.lists import load_lists

from tests.lists.test_screen import ALPHA, CASE_FILES, HEAVY, LIST_FILES

HEAVY_ACTOR, ALPHA_ACTOR = "中航重机股份有限公司", "アルファ・トレーディング・インベストメンツ・リミテッド"


def _screen(store_args: list[str]) -> dict[tuple[str, str], dict]:
    out = CliRunner().invoke(main, ["screen", *store_args, "--format", "json"])
    assert out.exit_code == 0, out.output
    return {(r["actor"], r["entry"]): r for r in json.loads(out.stdout)}


def _decide_and_rescreen(store_args: list[str]) -> None:
    runner = CliRunner()
    first = _screen(store_args)
    alpha = first[(ALPHA_ACTOR, ALPHA)]
    heavy = first[(HEAVY_ACTOR, HEAVY)]
    assert heavy["decision"] == "" and heavy["score"] < 1.0
    assert any(entry == ALPHA for _, entry in first)
    # an entry id as either argument; the actor by id or by name
    dismissed = runner.invoke(main, ["resolve", "different", alpha["entry_id"], alpha["actor_id"], *store_args,
                                     "--note", "another firm of that name"])
    assert dismissed.exit_code == 0, dismissed.output
    confirmed = runner.invoke(main, ["resolve", "same", HEAVY_ACTOR, heavy["entry_id"], *store_args])
    assert confirmed.exit_code == 0, confirmed.output
    assert "Merged" not in confirmed.output  # an entry is reference data: nothing is merged
    second = _screen(store_args)
    assert not any(entry == ALPHA for _, entry in second)  # gone, and the near hits through it
    assert second[(HEAVY_ACTOR, HEAVY)]["decision"] == "same" and second[(HEAVY_ACTOR, HEAVY)]["score"] == 1.0
    assert next(iter(second.values()))["decision"] == "same"  # confirmed first
    assert len(second) < len(first)
    # the decisions are kept with the others, and undo brings the hit back
    listed = runner.invoke(main, ["resolve", "list", *store_args, "--format", "json"])
    kept = [d for d in json.loads(listed.stdout) if d["id_b"] == alpha["entry_id"]]
    assert [(d["verdict"], d["origin"], d["name_b"]) for d in kept] == [("different", "screening", ALPHA)]
    assert runner.invoke(main, ["resolve", "undo", kept[0]["decision_id"], *store_args]).exit_code == 0
    assert (ALPHA_ACTOR, ALPHA) in _screen(store_args)
    # a later verdict on the same pair replaces the earlier one
    assert runner.invoke(main, ["resolve", "different", HEAVY_ACTOR, heavy["entry_id"], *store_args]).exit_code == 0
    assert (HEAVY_ACTOR, HEAVY) not in _screen(store_args)
    # an unknown actor is one clear line
    bad = runner.invoke(main, ["resolve", "same", "nobody-at-all", heavy["entry_id"], *store_args])
    assert bad.exit_code != 0 and "Traceback" not in bad.output and "actor" in bad.output


def test_resolve_an_actor_and_a_list_entry_on_the_workspace(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    with gk.open_store(path) as store:
        gk.load(store, CASE_FILES)
        load_lists(store, LIST_FILES)
    _decide_and_rescreen(["-w", str(path)])


@pytest.mark.neo4j
def test_resolve_an_actor_and_a_list_entry_on_neo4j(neo4j_env, wiper) -> None:
    from graphkit.store.neo4j import open_neo4j_store

    with open_neo4j_store() as neo:
        wiper(neo)
        gk.load(neo, CASE_FILES)
        load_lists(neo, LIST_FILES)
    _decide_and_rescreen(["--neo4j"])
