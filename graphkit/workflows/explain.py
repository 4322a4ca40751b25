"""Explain a node or an edge: the records behind it (provenance is evidence).

Names are resolved in this order: an exact node id; an exact name or alias; the folded
match key (:func:`graphkit.normalize.text.match_key`: width, spacing, case, legal forms).
Several nodes matching is an error that lists them; no match is an error that suggests close
names (suggestions only: nothing is ever merged on similarity).

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Node, Record
>>> from graphkit.store.workspace import Workspace
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> _ = ws.write(Batch(records=[Record("contacts:C1", "contacts", "c.csv", 2, "C1", "K1", {"from_name": "Ｗａｎｇ Ｌｅｉ"})],
...                    nodes=[Node(id="person-1", kind="Person", name="Wang Lei", aliases={"Ｗａｎｇ Ｌｅｉ"},
...                                evidence={"contacts:C1"})]))
>>> found = explain_node(ws, "wang lei")
>>> found["node"]["name"], found["records"]["row"].tolist()
('Wang Lei', [2])
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd

from graphkit import schema
from graphkit.errors import NotFound
from graphkit.model import Evidence, Node
from graphkit.normalize.names import close_nodes, matching_ids
from graphkit.normalize.text import is_missing
from graphkit.store.base import Store

MAX_SUGGESTIONS = 5
RECORD_COLUMNS = ("record_id", "case_id", "layout", "file", "row", "seen_at")




def _describe(store: Store, ids: list[str]) -> str:
    parts = []
    for node_id in ids[:10]:
        node = store.get_node(node_id)
        parts.append(f"{node.name} ({node.kind}, {node_id})" if node else node_id)
    more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
    return "; ".join(parts) + more


def resolve_node(store: Store, name_or_id: str) -> Node:
    """The one node that ``name_or_id`` names; raise NotFound when none or several do."""
    text = str(name_or_id).strip()
    node = store.get_node(text)
    if node is not None:
        return node
    exact = store.find_node_ids(text)
    if len(exact) == 1:
        return store.get_node(exact[0])  # type: ignore[return-value]
    if len(exact) > 1:
        raise NotFound(f"{text!r} names {len(exact)} nodes: {_describe(store, exact)}; give the id instead")
    ids = matching_ids(text, store.iter_names())  # no exact spelling: the one resolver's keys
    if len(ids) == 1:
        return store.get_node(str(ids[0]))  # type: ignore[return-value]
    if len(ids) > 1:
        raise NotFound(f"{text!r} matches {len(ids)} nodes: {_describe(store, [str(i) for i in ids])}; "
                       "give the id instead")
    hint = ""
    close = close_nodes(text, store.iter_names(), limit=MAX_SUGGESTIONS)  # each node once
    if close:
        hint = "; did you mean: " + ", ".join(close) + "?"
    raise NotFound(f"no node named {text!r} in the graph{hint}")


def explain_node(store: Store, name_or_id: str) -> dict[str, Any]:
    """A node and every record that supports it.

    Returns ``{"node": {...}, "records": DataFrame}``: the node's id, kind, name, aliases
    and properties; one row per supporting record with ``record_id, case_id, layout, file,
    row, seen_at`` (every file:row it was read from) and then the record's raw cells.
    """
    node = resolve_node(store, name_or_id)
    record_ids = sorted(node.evidence)
    records = store.get_records(record_ids)
    locations = store.record_locations(record_ids)
    rows: list[dict[str, Any]] = []
    for rid in record_ids:
        record = records.get(rid)
        if record is None:
            rows.append({"record_id": rid, "case_id": None, "layout": None, "file": None, "row": None, "seen_at": ""})
            continue
        seen = locations.get(rid) or [(record.file, record.row)]
        row = {"record_id": rid, "case_id": record.case_id, "layout": record.layout, "file": record.file,
               "row": record.row, "seen_at": "; ".join(f"{f}:{r}" for f, r in seen)}
        for key, value in record.raw.items():
            row.setdefault(key, value)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=None if rows else list(RECORD_COLUMNS))
    if not frame.empty:
        raw_columns = [c for c in frame.columns if c not in RECORD_COLUMNS]
        frame[raw_columns] = frame[raw_columns].fillna("")  # a cell another layout does not have
        frame = frame.sort_values(["file", "row"], na_position="last", kind="stable").reset_index(drop=True)
    return {
        "node": {"id": node.id, "kind": node.kind, "name": node.name, "aliases": sorted(node.aliases),
                 "properties": node.properties},
        "records": frame,
        "merges": merges_into(store, node.id),
    }


def merges_into(store: Store, node_id: str) -> list[dict[str, Any]]:
    """The decisions that merged nodes into ``node_id``, each with both sides as they were
    just before (name, id, aliases, how many records), oldest first."""
    from graphkit.store.node_merge import node_from_json

    decisions = {d.decision_id: d for d in store.list_decisions()}
    out = []
    for merge in store.list_merges():
        if merge.kept != node_id:
            continue
        sides = {n.id: n for n in (node_from_json(x) for x in json.loads(merge.pre)["nodes"])}
        decision = decisions.get(merge.decision_id)
        out.append({
            "decision_id": merge.decision_id, "at": merge.at,
            "verdict": decision.verdict if decision else "same",
            "analyst": decision.analyst if decision else "", "note": decision.note if decision else "",
            "origin": decision.origin if decision else "",
            **{role: {"id": n.id, "name": n.name, "aliases": sorted(n.aliases), "records": len(n.evidence)}
               for role, n in (("kept", sides[merge.kept]), ("dropped", sides[merge.dropped]))},
        })
    return out


def records_text(records: pd.DataFrame) -> str:
    """The records of :func:`explain_node` as readable blocks (one per record) for a terminal.

    Each block names where the record was read, then its non-empty raw cells.
    """
    blocks = []
    for row in records.to_dict("records"):
        case = row["case_id"]
        case_text = "" if is_missing(case) else f"case {case}, "
        head = f"{row['file']} row {row['row']}  ({row['layout']}, {case_text}{row['record_id']})"
        if row.get("seen_at") and ";" in str(row["seen_at"]):
            head += f"\n  also read at: {row['seen_at']}"
        cells = [f"{k}: {v}" for k, v in row.items() if k not in RECORD_COLUMNS and v not in ("", None)]
        blocks.append(head + ("\n  " + " | ".join(cells) if cells else ""))
    return "\n".join(blocks)


EDGE_COLUMNS = ["source_name", "relation", "target_name", "direction", "inferred", "record_id", "case_id",
                "date", "reliability", "channel", "outcome", "file", "row", "source", "target"]


def explain_edge(store: Store, a: str, b: str) -> pd.DataFrame:
    """Every relation between ``a`` and ``b`` (both directions), one row per evidence item.

    ``direction`` is ``"A -> B"`` or ``"B -> A"`` in the order the names were given.
    """
    first, second = resolve_node(store, a), resolve_node(store, b)
    edges = store.edges_between(first.id, second.id)
    if not edges:
        raise NotFound(f"no relation recorded between {first.name!r} and {second.name!r}")
    names = {first.id: first.name, second.id: second.name}
    rows: list[dict[str, Any]] = []
    for edge in edges:
        direction = "A -> B" if edge.source == first.id else "B -> A"
        items: list[Evidence | None] = list(edge.evidence) or [None]
        for item in items:
            rows.append({
                "source_name": names.get(edge.source, edge.source), "relation": edge.relation,
                "target_name": names.get(edge.target, edge.target), "direction": direction,
                "inferred": bool(edge.properties.get("inferred", False)),
                "record_id": item and item.record_id, "case_id": item and item.case_id,
                "date": item and item.date, "reliability": item and item.reliability,
                "channel": item and schema.term_word("channel", item.channel),
                "outcome": item and schema.term_word("outcome", item.outcome),
                "file": item and item.file, "row": item and item.row,
                "source": edge.source, "target": edge.target,
            })
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)
