"""Merging one node into another, and undoing it: the plan both stores carry out.

A merge of node ``dropped`` into node ``kept`` is computed here, the same way for the
workspace and for Neo4j, from what the :class:`~graphkit.store.base.Store` interface reads:

- the pre-image: both nodes, every edge on ``dropped`` and every edge already stored under
  an id a rewritten edge will take (all as they are now);
- the post-image: ``kept`` with the union of both nodes' aliases (``dropped``'s name among
  them), evidence and properties (:func:`~graphkit.store.merging.merge_properties`: the kept
  node's values win), and each edge on ``dropped`` rewritten onto ``kept`` under its new
  deterministic id (:func:`graphkit.model.edge_id`), merged with an edge already there.

A store applies a plan as one *replacement*: delete the listed node and edge ids, write the
listed nodes and edges in full. Undoing is the replacement the other way round, with the
pre-image saved as JSON (:func:`plan_json`), so it restores the rows exactly.

>>> from graphkit.model import Edge, Evidence, Node, edge_id
>>> a = Node("p-a", "Person", "李伟", {"Li Wei"}, {"country": "CN"}, {"r1"})
>>> b = Node("p-b", "Person", "李偉", set(), {"org": "X"}, {"r2"})
>>> e = Edge("e1", "p-b", "p-c", "CONTACTED", {}, [Evidence("r2", "c.csv", 2)])
>>> plan = plan_merge(a, b, [e], {})
>>> plan.post_nodes[0].aliases == {"Li Wei", "李偉"}, plan.post_nodes[0].properties
(True, {'country': 'CN', 'org': 'X'})
>>> [(x.source, x.target, x.id == edge_id("p-a", "CONTACTED", "p-c")) for x in plan.post_edges]
[('p-a', 'p-c', True)]
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from graphkit.errors import BadValue, NotFound
from graphkit.model import Edge, Evidence, Node, edge_id
from graphkit.store.merging import canonical_json, merge_properties


@dataclass
class MergePlan:
    """What a merge (or its undo) replaces: ids to delete, nodes and edges to write in full."""

    kept: str
    dropped: str
    pre_nodes: list[Node]
    pre_edges: list[Edge]
    post_nodes: list[Node]
    post_edges: list[Edge]
    remove_nodes: list[str] = field(default_factory=list)
    remove_edges: list[str] = field(default_factory=list)


def node_json(node: Node) -> dict[str, Any]:
    """A node as plain JSON data (sets sorted)."""
    return {"id": node.id, "kind": node.kind, "name": node.name, "aliases": sorted(node.aliases),
            "properties": node.properties, "evidence": sorted(node.evidence)}


def node_from_json(data: dict[str, Any]) -> Node:
    """The inverse of :func:`node_json`."""
    return Node(data["id"], data["kind"], data["name"], set(data["aliases"]), dict(data["properties"]),
                set(data["evidence"]))


def edge_json(edge: Edge) -> dict[str, Any]:
    """An edge as plain JSON data (evidence by record id)."""
    return {"id": edge.id, "source": edge.source, "target": edge.target, "relation": edge.relation,
            "properties": edge.properties,
            "evidence": [asdict(e) for e in sorted(edge.evidence, key=lambda e: e.record_id)]}


def edge_from_json(data: dict[str, Any]) -> Edge:
    """The inverse of :func:`edge_json`."""
    return Edge(data["id"], data["source"], data["target"], data["relation"], dict(data["properties"]),
                [Evidence(**e) for e in data["evidence"]])


def state_digest(nodes: Iterable[Node], edges: Iterable[Edge]) -> str:
    """A digest of nodes and edges as stored (order-free), to see whether they changed since."""
    lines = sorted([canonical_json(["N", node_json(n)]) for n in nodes]
                   + [canonical_json(["E", edge_json(e)]) for e in edges])
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def merged_node(kept: Node, dropped: Node) -> Node:
    """``kept`` with ``dropped``'s name, aliases, evidence and missing properties added."""
    aliases = set(kept.aliases) | set(dropped.aliases)
    if dropped.name != kept.name:
        aliases.add(dropped.name)
    properties, _ = merge_properties(kept.properties, dropped.properties)
    return Node(kept.id, kept.kind, kept.name, aliases, properties, set(kept.evidence) | set(dropped.evidence))


def plan_merge(kept: Node, dropped: Node, edges_of_dropped: list[Edge], stored: dict[str, Edge]) -> MergePlan:
    """The replacement that merges ``dropped`` into ``kept``.

    ``edges_of_dropped``: every edge with ``dropped`` at an end; ``stored``: edges already
    stored by id (those not on ``dropped`` whose id a rewritten edge takes are merged into).
    """
    if kept.id == dropped.id:
        raise BadValue(f"a node cannot be merged into itself ({kept.id})")
    if kept.kind != dropped.kind:
        raise BadValue(f"{kept.name!r} is a {kept.kind} and {dropped.name!r} a {dropped.kind}: only nodes "
                       "of one kind are merged")
    moved = sorted(edges_of_dropped, key=lambda e: e.id)
    new_edges: dict[str, Edge] = {}
    pre_edges: dict[str, Edge] = {e.id: e for e in moved}
    for edge in moved:
        source = kept.id if edge.source == dropped.id else edge.source
        target = kept.id if edge.target == dropped.id else edge.target
        new_id = edge_id(source, edge.relation, target)
        base = new_edges.get(new_id)
        if base is None:
            earlier = stored.get(new_id)
            if earlier is not None and earlier.id not in pre_edges:
                pre_edges[earlier.id] = earlier
                base = Edge(earlier.id, earlier.source, earlier.target, earlier.relation,
                            dict(earlier.properties), list(earlier.evidence))
            else:
                base = Edge(new_id, source, target, edge.relation, {}, [])
            new_edges[new_id] = base
        base.properties, _ = merge_properties(base.properties, edge.properties)
        have = {e.record_id for e in base.evidence}
        base.evidence = sorted([*base.evidence, *(e for e in edge.evidence if e.record_id not in have)],
                               key=lambda e: e.record_id)
    for edge in new_edges.values():
        edge.evidence.sort(key=lambda e: e.record_id)
    return MergePlan(
        kept=kept.id, dropped=dropped.id, pre_nodes=[kept, dropped], pre_edges=sorted(pre_edges.values(), key=lambda e: e.id),
        post_nodes=[merged_node(kept, dropped)], post_edges=sorted(new_edges.values(), key=lambda e: e.id),
        remove_nodes=[dropped.id], remove_edges=sorted(pre_edges),
    )


def plan_json(plan: MergePlan) -> str:
    """The pre-image and the ids written, as JSON text kept with the merge."""
    return canonical_json({"nodes": [node_json(n) for n in plan.pre_nodes],
                           "edges": [edge_json(e) for e in plan.pre_edges],
                           "post_edges": [e.id for e in plan.post_edges]})


def undo_plan(kept: str, dropped: str, pre: str) -> MergePlan:
    """The replacement that undoes a merge from its saved pre-image (:func:`plan_json`)."""
    data = json.loads(pre)
    nodes = [node_from_json(n) for n in data["nodes"]]
    edges = [edge_from_json(e) for e in data["edges"]]
    return MergePlan(kept=kept, dropped=dropped, pre_nodes=[], pre_edges=[], post_nodes=nodes, post_edges=edges,
                     remove_nodes=[], remove_edges=sorted(set(data["post_edges"]) | {e.id for e in edges}))


def read_plan(store: Any, kept_id: str, dropped_id: str) -> MergePlan:
    """Read what a merge of ``dropped_id`` into ``kept_id`` touches from ``store``; plan it."""
    nodes = store.get_nodes([kept_id, dropped_id])
    for node_id in (kept_id, dropped_id):
        if node_id not in nodes:
            raise NotFound(f"no node with id {node_id!r} in {store.location}")
    around = set(store.neighbour_ids([dropped_id])) | {kept_id, dropped_id}
    edges = store.edges_among(around)
    on_dropped = [e for e in edges if dropped_id in (e.source, e.target)]
    stored = {e.id: e for e in edges if kept_id in (e.source, e.target)}
    return plan_merge(nodes[kept_id], nodes[dropped_id], on_dropped, stored)


def post_state(store: Any, kept_id: str, dropped_id: str, pre: str) -> tuple[list[Node], list[Edge], bool]:
    """What the store holds now where a merge wrote: the kept node, the edges written, and
    whether the dropped node exists again."""
    data = json.loads(pre)
    nodes = store.get_nodes([kept_id, dropped_id])
    written = set(data["post_edges"])
    around = set(store.neighbour_ids([kept_id])) | {kept_id}
    edges = [e for e in store.edges_among(around) if e.id in written]
    return [nodes[kept_id]] if kept_id in nodes else [], edges, dropped_id in nodes


def now_iso() -> str:
    """The time now, UTC, ISO 8601 to the microsecond (when a decision or merge was made)."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def new_merge(store: Any, kept_id: str, dropped_id: str, decision_id: str, seq: int) -> tuple[MergePlan, Any]:
    """The plan and the :class:`~graphkit.store.base.MergeInfo` of a new merge (not applied yet)."""
    from graphkit.store.base import MergeInfo

    plan = read_plan(store, kept_id, dropped_id)
    info = MergeInfo(decision_id, seq, kept_id, dropped_id, now_iso(), plan_json(plan),
                     state_digest(plan.post_nodes, plan.post_edges))
    return plan, info


def checked_undo(store: Any, info: Any) -> MergePlan:
    """The undo plan of a merge, after checking that nothing changed what it wrote."""
    from graphkit.errors import StoreError

    nodes, edges, back = post_state(store, info.kept, info.dropped, info.pre)
    if back or state_digest(nodes, edges) != info.post_digest:
        why = (f"node {info.dropped} was brought back by a later load" if back
               else f"node {info.kept} or its edges changed after the merge (a later load or merge)")
        raise StoreError(f"cannot undo decision {info.decision_id} exactly: {why}; undo the later "
                         "decisions (`graphkit resolve list`) or unload the later loads first")
    return undo_plan(info.kept, info.dropped, info.pre)


class NodeMerges:
    """The merge members of the Store interface, shared by both stores: a store supplies
    ``_replace(plan, add=, remove=)`` (one transaction), ``list_merges``, ``get_node`` and
    ``location``; what a merge or its undo writes is planned here, once.
    """

    location: Any

    def _replace(self, plan: MergePlan, *, add: Any = None, remove: Any = None) -> None:
        raise NotImplementedError

    def list_merges(self) -> list[Any]:
        raise NotImplementedError

    def get_node(self, node_id: str) -> Node | None:
        raise NotImplementedError

    def merge_nodes(self, kept: str, dropped: str, decision_id: str) -> Any:
        """Merge node ``dropped`` into ``kept`` (see :meth:`graphkit.store.base.Store.merge_nodes`)."""
        seq = 1 + max((m.seq for m in self.list_merges() if m.decision_id == decision_id), default=0)
        plan, info = new_merge(self, kept, dropped, decision_id, seq)
        self._replace(plan, add=info)
        return info

    def _journal(self, load_id: str, entity_id: str, item: str) -> None:
        raise NotImplementedError

    def set_node_name(self, node_id: str, name: str, aliases: Iterable[str], *, load_id: str | None = None) -> None:
        """Give a node its display name and alias set in full (see :meth:`Store.set_node_name`);
        with ``load_id``, the load is journaled as the change, so unloading it restores both."""
        node = self.get_node(node_id)
        if node is None:
            raise NotFound(f"no node with id {node_id!r} in {self.location}")
        renamed = Node(node.id, node.kind, name, set(aliases), node.properties, node.evidence)
        if load_id is not None:
            self._journal(load_id, node_id, name_change(node, renamed))
        self._replace(MergePlan(node_id, node_id, [], [], [renamed], []))

    def undo_merges(self, decision_id: str) -> int:
        """Undo every merge of ``decision_id``, newest first (see :meth:`Store.undo_merges`)."""
        mine = [m for m in self.list_merges() if m.decision_id == decision_id]
        for info in sorted(mine, key=lambda m: -m.seq):
            self._replace(checked_undo(self, info), remove=info)
        return len(mine)


def name_change(before: Node, after: Node) -> str:
    """The load-change item (JSON) of a rename: ``["name", name before, aliases before, aliases
    set]``; :func:`renamed_back` reads it when the load is taken out."""
    return canonical_json(["name", before.name, sorted(before.aliases), sorted(after.aliases)])


def renamed_back(item: list[Any], aliases_now: Iterable[str]) -> tuple[str, set[str]]:
    """The name and aliases a node gets back when the load that renamed it is taken out: the
    earlier name, the earlier aliases and any alias added since that the rename did not set.

    >>> name, aliases = renamed_back(["name", "C-1", ["C-1"], ["C-1", "Case one"]], ["C-1", "Case one", "later"])
    >>> name, sorted(aliases)
    ('C-1', ['C-1', 'later'])
    """
    _, name, before, set_by_rename = item
    return name, set(before) | (set(aliases_now) - set(set_by_rename))


def apply_decisions(store: Any) -> list[str]:
    """Merge what ``same`` decisions join and ``store`` still holds apart; return the ids of the
    decisions that merged something.

    Run after every load (:func:`graphkit.ingest.run_load`) and after each new decision, so a
    decision made before its nodes were loaded, or a load that brought a merged node back (a
    row whose org or country kept it apart), gives the graph the decision made after the load
    gives. Each side is followed through earlier merges to the node that holds it now; the
    first node of the decision (``id_a``) is the one kept.
    """
    decisions = [d for d in store.list_decisions() if d.verdict == "same"]
    if not decisions:
        return []
    survivor = {m.dropped: m.kept for m in store.list_merges()}

    def current(node_id: str) -> str:
        seen: set[str] = set()
        while node_id in survivor and node_id not in seen:
            seen.add(node_id)
            node_id = survivor[node_id]
        return node_id

    applied: list[str] = []
    for decision in decisions:
        kept = current(decision.id_a)
        for other in dict.fromkeys((decision.id_b, current(decision.id_b), decision.id_a)):
            if other == kept:
                continue
            present = store.get_nodes([kept, other])
            if kept in present and other in present and present[kept].kind == present[other].kind:
                store.merge_nodes(kept, other, decision.decision_id)
                survivor[other] = kept
                applied.append(decision.decision_id)
    return list(dict.fromkeys(applied))


def merged_nodes(merges: Iterable[Any]) -> list[tuple[Node, str]]:
    """(the node merged away as it was just before, the id it was merged into) per merge."""
    out = []
    for merge in merges:
        for data in json.loads(merge.pre)["nodes"]:
            if data["id"] == merge.dropped:
                out.append((node_from_json(data), merge.kept))
    return out
