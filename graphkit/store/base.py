"""The interface every store implements: the embedded workspace and Neo4j plug in beside each other.

A store merges :class:`~graphkit.model.Batch` objects idempotently (nodes and edges by their
deterministic ids; aliases, evidence and records as set unions) and reads the graph back as
:class:`~graphkit.model.Node`, :class:`~graphkit.model.Edge` and
:class:`~graphkit.model.Record` objects.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Protocol, Self, runtime_checkable

from graphkit.model import Batch, Edge, Node, Record, Reject


@dataclass
class LoadStats:
    """What one write did: new and merged (already present) nodes, edges and records."""

    nodes_new: int = 0
    nodes_merged: int = 0
    edges_new: int = 0
    edges_merged: int = 0
    records_new: int = 0
    records_merged: int = 0

    def __iadd__(self, other: "LoadStats") -> "LoadStats":
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


@runtime_checkable
class Store(Protocol):
    """What the workspace and the Neo4j store both provide."""

    def write(self, batch: Batch) -> LoadStats:
        """Merge a batch; return what was new and what merged into existing entries."""
        ...

    def write_rejects(self, rejects: Iterable[Reject]) -> None:
        """Append rejected rows to the store's rejects file (workspace) or table."""
        ...

    def iter_nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        """Every node, or only those of the given schema kinds."""
        ...

    def iter_edges(self, relations: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge with its evidence, or only those of the given relation kinds."""
        ...

    def get_records(self, record_ids: Iterable[str]) -> dict[str, Record]:
        """The records with these ids (unknown ids are left out)."""
        ...

    def counts(self) -> dict[str, int]:
        """Node counts by kind and edge counts by relation, e.g. ``{"Person": 12, "CONTACTED": 30}``."""
        ...

    def close(self) -> None:
        """Release files or connections."""
        ...

    def __enter__(self) -> Self:
        """``with open_store(...) as store:`` closes the store when the block ends."""
        ...

    def __exit__(self, *exc: object) -> None:
        ...
