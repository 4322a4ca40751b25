"""Stores keep the graph between commands: the embedded workspace (default) or Neo4j.

Both implement :class:`graphkit.store.base.Store`; everything above the store (projection,
analysis, views, reports, the CLI) uses only that interface.
"""
from graphkit.store.base import LoadStats, Store

__all__ = ["LoadStats", "Store"]
