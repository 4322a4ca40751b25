"""Read list files into :class:`ParsedList` objects: every file by its layout, all or nothing.

>>> lists = read_lists(["../shared/datasets/export_control_lists/us_ndaa_section_5949_semiconductors.csv"])
>>> [(p.info.name, p.info.entries) for p in lists], lists[0].entries[1].names
([('us_ndaa_5949', 3)], ('Semiconductor Manufacturing International Corporation', 'SMIC'))
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from graphkit.errors import FileFormatError, InputError
from graphkit.lists.ftm import read_ftm
from graphkit.lists.index import NameIndex
from graphkit.lists.layouts import layout_for
from graphkit.lists.meti import read_meti_text
from graphkit.lists.model import ListEntry, ListInfo, Owner
from graphkit.lists.tables import read_table

__all__ = ["ParsedList", "read_list_file", "read_lists", "list_digest"]


@dataclass(frozen=True)
class ParsedList:
    """One list read from its file(s): what it is and its entries."""

    info: ListInfo
    entries: tuple[ListEntry, ...]


def list_digest(entries: Iterable[ListEntry]) -> str:
    """A hash of the entries' content (sources aside): the same edition gives the same digest."""
    digest = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.entry_id):
        data = entry.to_dict()
        data.pop("sources")
        digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return "sha256:" + digest.hexdigest()


def read_list_file(path: str | Path, name: str | None = None) -> ParsedList:
    """One list file, read by the layout its name picks (``layouts.toml``).

    ``name`` renames the list (default: the layout's list name; for FtM files the file's
    name up to its first dot). An unreadable file raises one :class:`InputError` naming the
    file and line.
    """
    path = Path(path)
    display = path.name
    layout = layout_for(path)
    if layout["format"] == "context":
        raise FileFormatError(f"{layout['title']}: explains a list, names no entity; nothing to load", file=display)
    list_name = name or (path.name.split(".")[0] if layout["format"] == "ftm" else layout.list_name)
    edition: str | None = None
    try:
        if layout["format"] == "csv":
            entries = read_table(path, layout, list_name, display)
        elif layout["format"] == "meti_text":
            entries, edition = read_meti_text(path.read_text(encoding="utf-8-sig"), list_name,
                                              str(layout["program"]), display)
        elif layout["format"] == "ftm":
            entries = read_ftm(path, layout, list_name, display)
        else:
            raise FileFormatError(f"unknown list format {layout['format']!r} in layouts.toml", file=display)
    except UnicodeDecodeError as err:
        raise FileFormatError(f"not UTF-8 text (byte {err.start})", file=display) from None
    if not entries:
        raise FileFormatError("no entries found", file=display)
    entries = _with_owner_ids(_unique_ids(entries))
    dates = [e.listed for e in entries if e.listed]
    info = ListInfo(name=list_name, title=str(layout["title"]), authority=str(layout["authority"]),
                    files=(display,), entries=len(entries), edition=edition or (max(dates) if dates else None),
                    digest=list_digest(entries))
    return ParsedList(info, tuple(entries))


def read_lists(paths: Sequence[str | Path], name: str | None = None) -> list[ParsedList]:
    """Every file read before anything is returned (a file that fails stops all: nothing is
    half-loaded). With ``name``, all files form one list of that name."""
    parsed = [read_list_file(p, name) for p in paths]
    by_name: dict[str, list[ParsedList]] = {}
    for item in parsed:
        by_name.setdefault(item.info.name, []).append(item)
    merged = []
    for list_name, items in by_name.items():
        if len(items) == 1:
            merged.append(items[0])
            continue
        entries = _with_owner_ids(_unique_ids([e for item in items for e in item.entries]))
        editions = [i.info.edition for i in items if i.info.edition]
        first = items[0].info
        info = replace(first, files=tuple(f for i in items for f in i.info.files), entries=len(entries),
                       edition=max(editions) if editions else None, digest=list_digest(entries),
                       title=" + ".join(dict.fromkeys(i.info.title for i in items)))
        merged.append(ParsedList(info, tuple(entries)))
    return merged


def _unique_ids(entries: list[ListEntry]) -> list[ListEntry]:
    """The same name listed twice (METI lists an entity once per address): ``#2``, ``#3``."""
    seen: dict[str, int] = {}
    unique = []
    for entry in entries:
        seen[entry.entry_id] = seen.get(entry.entry_id, 0) + 1
        unique.append(entry if seen[entry.entry_id] == 1 else replace(entry, entry_id=f"{entry.entry_id}#{seen[entry.entry_id]}"))
    return unique


def _with_owner_ids(entries: list[ListEntry]) -> list[ListEntry]:
    """Owner names resolved to the list's own entries by the matcher (a ``likely`` match)."""
    if not any(o.entry_id is None for e in entries for o in e.owners):
        return entries
    index = NameIndex(entries)
    resolved: dict[str, str | None] = {}
    out = []
    for entry in entries:
        owners = []
        for owner in entry.owners:
            if owner.entry_id is None:
                if owner.name not in resolved:
                    found = [(e, m) for e, m in index.match((owner.name,), "organisation", min_score=0.85)
                             if e.entry_id != entry.entry_id]
                    resolved[owner.name] = found[0][0].entry_id if found else None
                owner = replace(owner, entry_id=resolved[owner.name])
            owners.append(owner)
        out.append(replace(entry, owners=tuple(owners)))
    return out


