"""The store-independent snapshot hash: every node, edge and evidence item as canonical JSON.

A store whose tables cannot be hashed directly (Neo4j) hashes what the :class:`Store`
interface reads: one canonical JSON line per node and per edge (evidence included), sorted,
so equal graphs give equal hashes whatever the load order or the store.

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Node
>>> from graphkit.store.workspace import Workspace
>>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws") as ws:
...     _ = ws.write(Batch(nodes=[Node(id="p1", kind="Person", name="A")]))
...     canonical_snapshot_hash(ws) == canonical_snapshot_hash(ws)
True
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Iterator, Protocol

from graphkit.model import Edge, Node

CANONICAL_METHOD = "sha256 over every node, edge and evidence record of the store, each as canonical JSON, sorted"


class _GraphReader(Protocol):
    def iter_nodes(self) -> Iterator[Node]: ...

    def iter_edges(self) -> Iterator[Edge]: ...


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=lambda v: sorted(v) if isinstance(v, (set, frozenset)) else str(v))


def canonical_snapshot_hash(store: _GraphReader) -> str:
    """``"sha256:<hex>"`` over the canonical JSON of every node and edge ``store`` reads."""
    lines: list[str] = []
    for node in store.iter_nodes():
        lines.append(_canon(["N", node.id, node.kind, node.name, sorted(node.aliases),
                             node.properties, sorted(node.evidence)]))
    for edge in store.iter_edges():
        evidence = sorted((e.record_id, e.file, e.row, e.source_id, e.case_id, e.date,
                           e.reliability, e.channel, e.outcome) for e in edge.evidence)
        lines.append(_canon(["E", edge.id, edge.source, edge.relation, edge.target,
                             edge.properties, evidence]))
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return "sha256:" + digest.hexdigest()
