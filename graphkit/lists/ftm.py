"""A small reader of FollowTheMoney entity files (JSON lines) for lists: the entities with a
sanction or export-control topic become entries; Ownership entities become owner links.

FtM relationships are entities of their own (``Ownership`` with ``owner`` and ``asset``,
``Sanction`` with ``entity``), pointing to other entities by id; ids that are not in the file
(dangling) are skipped. Which schemata, topics and properties count is the ``ftm`` layout's
data (``layouts.toml``), so this module names none.

This is not the case-data FtM loader (a loader turns FtM into case evidence); lists only need
names, dates, identifiers and ownership, read here.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphkit.errors import FileFormatError
from graphkit.lists.layouts import Layout
from graphkit.lists.model import ListEntry, Owner, entry_id

__all__ = ["read_ftm"]


def _values(entity: dict[str, Any], prop: str) -> list[str]:
    values = entity.get("properties", {}).get(prop, [])
    return [str(v).strip() for v in values if str(v).strip()] if isinstance(values, list) else []


def read_ftm(path: Path, layout: Layout, list_name: str, display: str) -> list[ListEntry]:
    """The entries of one FtM entity file (JSON lines), read by the ``ftm`` layout."""
    entities: dict[str, tuple[int, dict[str, Any]]] = {}
    with open(path, encoding="utf-8") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                entity = json.loads(text)
            except json.JSONDecodeError as err:
                raise FileFormatError(f"not a FollowTheMoney entity (JSON): {err.msg}", file=display, row=line) from None
            if not isinstance(entity, dict) or "id" not in entity or "schema" not in entity:
                raise FileFormatError("not a FollowTheMoney entity: an object with id and schema expected",
                                      file=display, row=line)
            entities[str(entity["id"])] = (line, entity)
    topics = set(layout["topics"])
    kinds = layout["kinds"]
    listed_ids = {eid for eid, (_, e) in entities.items()
                  if e["schema"] in kinds and topics & set(_values(e, "topics"))}
    if not listed_ids:
        raise FileFormatError(f"no entity with a listed topic ({', '.join(sorted(topics))})", file=display)
    ids = {eid: entry_id(list_name, eid) for eid in listed_ids}
    sanctions: dict[str, list[dict[str, Any]]] = {}
    owners: dict[str, list[Owner]] = {}
    for eid, (line, entity) in entities.items():
        if entity["schema"] == layout["sanction_schema"]:
            for target in _values(entity, layout["sanction_entity"]):
                sanctions.setdefault(target, []).append(entity)
        if entity["schema"] == layout["ownership_schema"]:
            for asset in _values(entity, layout["ownership_asset"]):
                for owner in _values(entity, layout["ownership_owner"]):
                    if owner not in entities:
                        continue  # a dangling reference
                    owner_entity = entities[owner][1]
                    name = str(owner_entity.get("caption") or (_values(owner_entity, "name") or [owner])[0])
                    start, end = _values(entity, "startDate"), _values(entity, "endDate")
                    owners.setdefault(asset, []).append(Owner(
                        name, ids.get(owner), start[0] if start else None, end[0] if end else None,
                        f"{display}:{line}"))
    entries = []
    for eid in sorted(listed_ids, key=lambda i: entities[i][0]):
        line, entity = entities[eid]
        caption = [str(entity["caption"]).strip()] if str(entity.get("caption") or "").strip() else []
        names = caption + [n for prop in layout["name_properties"] for n in _values(entity, prop)]
        if not names:
            raise FileFormatError("a listed entity without a name", file=display, row=line)
        applied = sanctions.get(eid, [])
        starts = sorted(d for s in applied for p in ("startDate", "listingDate") for d in _values(s, p))
        ends = sorted(d for s in applied for d in _values(s, "endDate"))
        programs = sorted({p for s in applied for p in _values(s, "programId") + _values(s, "program")})
        datasets = ", ".join(entity.get("datasets", [])) if isinstance(entity.get("datasets"), list) else ""
        program = "; ".join(programs) or str(layout.get("program", "")).format(datasets=datasets)
        identifiers = [f"{scheme}:{value}" for prop, scheme in layout["identifier_properties"].items()
                       for value in _values(entity, prop)]
        entries.append(ListEntry(
            list_name=list_name, entry_id=ids[eid], kind=str(kinds[entity["schema"]]),
            names=tuple(dict.fromkeys(names)), program=program,
            listed=starts[0][:10] if starts else None,
            ended=ends[-1][:10] if ends and len(ends) == len(applied) else None,
            countries=tuple(dict.fromkeys(c.upper() for c in _values(entity, "country"))),
            addresses=tuple(dict.fromkeys(a for p in layout["address_properties"] for a in _values(entity, p))),
            identifiers=tuple(dict.fromkeys(identifiers)),
            owners=tuple(dict.fromkeys(owners.get(eid, []))),
            sources=(f"{display}:{line}",),
            notes=tuple(sorted(set(_values(entity, "topics"))))))
    return entries
