"""Loaders: read record files and turn their rows into schema-typed records, nodes, edges and
rejects. Loaders never touch a store; :mod:`graphkit.ingest` runs a load.

- :mod:`~graphkit.loaders.readers`: CSV (UTF-8, BOM, CP932), Excel, JSON Lines as text rows
- :mod:`~graphkit.loaders.layouts`: the four record layouts and :func:`guess_layout`
- :mod:`~graphkit.loaders.mapping`: mapping files for an agency's own column names
- :mod:`~graphkit.loaders.contacts`, :mod:`~graphkit.loaders.entities`,
  :mod:`~graphkit.loaders.relations`, :mod:`~graphkit.loaders.cases`: one row -> graph
- :mod:`~graphkit.loaders.identity`: which node a name stands for; possible duplicates
- :mod:`~graphkit.loaders.batches`: chunks of rows -> Batch objects
"""
if __name__ != "graphkit.loaders":
    # One import name per file: a checkout reaches this folder through the symlink
    # graphkit/loaders -> ../loaders, a wheel installs it there (docs/architecture.md).
    raise ImportError(f"import graphkit.loaders, not {__name__}")

from graphkit.loaders.layouts import LAYOUTS, LOAD_ORDER, Layout, get_layout, guess_layout
from graphkit.loaders.mapping import Mapping, bind_columns, load_mapping
from graphkit.loaders.readers import RawRow, Table, open_table

__all__ = [
    "LAYOUTS", "LOAD_ORDER", "Layout", "Mapping", "RawRow", "Table",
    "bind_columns", "get_layout", "guess_layout", "load_mapping", "open_table",
]
