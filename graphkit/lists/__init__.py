"""Export-control and sanctions lists as reference data (issue 14).

Lists are read by layouts that are data (``layouts.toml``), kept beside the case graph in
either store (never as case nodes), and screened against the case graph's actors
(:func:`graphkit.workflows.screen.screen`). docs/screening.md is the user guide.

>>> from graphkit.lists import read_lists
>>> [p.info.entries for p in read_lists(["../shared/datasets/export_control_lists/us_ndaa_section_889_telecom.csv"])]
[5]
"""
from __future__ import annotations

from graphkit.lists.index import NameIndex, kinds_meet, matcher_kind
from graphkit.lists.layouts import layout_for, layouts
from graphkit.lists.model import ENTRY_KINDS, ListEntry, ListInfo, Owner, entry_id
from graphkit.lists.read import ParsedList, list_digest, read_list_file, read_lists

__all__ = [
    "ENTRY_KINDS", "ListEntry", "ListInfo", "NameIndex", "Owner", "ParsedList", "entry_id", "kinds_meet",
    "layout_for", "layouts", "list_digest", "matcher_kind", "read_list_file", "read_lists",
]
