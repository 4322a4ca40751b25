"""Export-control and sanctions lists as reference data (issue 14).

Lists are read by layouts that are data (``layouts.toml``), kept beside the case graph in
either store (never as case nodes), and screened against the case graph's actors
(:func:`graphkit.workflows.screen.screen`). docs/screening.md is the user guide.

>>> from graphkit.lists import read_lists
>>> [p.info.entries for p in read_lists(["../shared/datasets/export_control_lists/us_ndaa_section_889_telecom.csv"])]
[5]
"""
from __future__ import annotations

import importlib
from typing import Any

# Lazy (PEP 562): the store interface imports graphkit.lists.model, and importing the package
# must not import the matcher (its reading dictionaries take a quarter of a second), so
# `graphkit info` and `--help` stay quick.
_WHERE = {
    "NameIndex": "index", "kinds_meet": "index", "matcher_kind": "index",
    "layout_for": "layouts", "layouts": "layouts",
    "ENTRY_KINDS": "model", "ListEntry": "model", "ListInfo": "model", "Owner": "model", "entry_id": "model",
    "ParsedList": "read", "list_digest": "read", "read_list_file": "read", "read_lists": "read",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'graphkit.lists' has no attribute {name!r}")
    return getattr(importlib.import_module(f"graphkit.lists.{_WHERE[name]}"), name)
