"""Lists published as tables (CSV): one entry per row, or per group of rows, by a layout.

The layout (``layouts.toml``) names the columns; this module only applies it: names and
aliases split, kinds mapped, dates parsed (``date_order = "dmy"`` for ``31.12.2024``),
programs filled from templates, rows folded (``fold_by``) and free text searched for names
(``name_patterns``). A cell that cannot be read stops the file with one
:class:`~graphkit.errors.InputError` naming the file and line.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any, Iterator

from graphkit.errors import BadValue, FileFormatError
from graphkit.lists.layouts import Layout
from graphkit.lists.model import ENTRY_KINDS, ListEntry, Owner, entry_id
from graphkit.normalize import normalize_country, parse_date

__all__ = ["list_date", "read_table"]

_DMY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$")


def list_date(raw: str | None, order: str = "", *, file: str = "", line: int | None = None) -> str | None:
    """An ISO date from a list's cell; ``order="dmy"`` reads ``02.12.2019`` and ``03.08.22``.

    >>> list_date("02.12.2019", "dmy"), list_date("March 12, 2021"), list_date("2022"), list_date("")
    ('2019-12-02', '2021-03-12', '2022', None)
    """
    text = (raw or "").strip()
    if not text:
        return None
    if order == "dmy":
        found = _DMY.match(text)
        if found:
            day, month, year = found.groups()
            text = f"{int(year) + 2000 if len(year) == 2 else int(year):04d}-{int(month):02d}-{int(day):02d}"
    try:
        parsed = parse_date(text)
    except BadValue as err:
        raise BadValue(err.reason, file=file, row=line, value=raw) from None
    return parsed.iso if parsed else None


def _country(raw: str) -> str:
    """The ISO code of a list's country cell (``Japan``, ``DPRK``, ``Russian``); the text as
    written when the country table does not know it."""
    try:
        return normalize_country(raw) or raw
    except BadValue:
        return raw


def _split(cell: str | None, separator: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(separator) if part.strip()] if separator else \
        ([cell.strip()] if cell and cell.strip() else [])


def _unique(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return tuple(seen)


def read_table(path: Path, layout: Layout, list_name: str, display: str) -> list[ListEntry]:
    """Every entry of a CSV list file, read by ``layout``; ``display`` names the file in sources."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    wanted = [layout.get("name"), layout.get("text"), *layout.get("names", []), *layout.get("aliases", []),
              layout.get("kind"), layout.get("listed"), layout.get("ended"), layout.get("owner"),
              *layout.get("countries", []), layout.get("addresses"), layout.get("fold_by"),
              *layout.get("identifiers", {})]
    missing = [column for column in wanted if column and column not in header]
    if missing:
        raise FileFormatError(f"the {list_name} layout needs the column(s) {', '.join(missing)}; "
                              f"the header has {', '.join(header)}", file=display, row=1)
    rows = _rows_with_lines(reader, text)
    if layout.get("text"):
        return list(_free_text_entries(rows, layout, list_name, display))
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in rows:
        name = (row.get(layout["name"]) or "").strip()
        if not name:
            raise BadValue("a row without a name", file=display, row=line, column=layout["name"])
        key = (row.get(layout["fold_by"]) or "").strip() if layout.get("fold_by") else f"{line}"
        groups.setdefault(key, []).append((line, row))
    return [_entry(group, layout, list_name, display) for group in groups.values()]


def _rows_with_lines(reader: csv.DictReader, text: str) -> list[tuple[int, dict[str, str]]]:
    """Rows with the text line each starts on (quoted cells may span lines)."""
    rows = []
    for row in reader:
        # reader.line_num is the line the row ends on; count back the newlines inside its cells
        inside = sum(str(value).count("\n") for value in row.values() if value)
        rows.append((reader.line_num - inside, row))
    return rows


def _kind(row: dict[str, str], layout: Layout, display: str, line: int) -> str:
    if layout.get("kind_is"):
        return str(layout["kind_is"])
    word = (row.get(layout["kind"]) or "").strip()
    kind = layout.get("kinds", {}).get(word)
    if kind not in ENTRY_KINDS:
        raise BadValue(f"unknown entity type; the layout knows {', '.join(layout.get('kinds', {}))}",
                       file=display, row=line, column=layout["kind"], value=word)
    return str(kind)


def _program(row: dict[str, str], layout: Layout) -> str:
    template = str(layout.get("program", ""))
    cells = {key: (value or "").strip() for key, value in row.items() if key}
    program = template.format_map(_Blank(cells))
    return re.sub(r"[:\s]+$", "", program)


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _entry(group: list[tuple[int, dict[str, str]]], layout: Layout, list_name: str, display: str) -> ListEntry:
    first_line, first = group[0]
    separator = str(layout.get("separator", ";"))
    strip = [re.compile(pattern) for pattern in layout.get("strip_from_names", [])]
    names: list[str] = [first[layout["name"]].strip()]
    for line, row in group:
        for column in layout.get("names", []):
            value = (row.get(column) or "").strip()
            for pattern in strip:
                value = pattern.sub("", value).strip()
            names.append(value)
        for column in layout.get("aliases", []):
            names.extend(_split(row.get(column), separator))
    order = str(layout.get("date_order", ""))
    listed = [d for line, row in group if layout.get("listed")
              for d in [list_date(row.get(layout["listed"]), order, file=display, line=line)] if d]
    ended = [d for line, row in group if layout.get("ended")
             for d in [list_date(row.get(layout["ended"]), order, file=display, line=line)] if d]
    countries = [_country(c) for _, row in group for column in layout.get("countries", [])
                 for c in _split(row.get(column), separator)]
    addresses = [a for _, row in group if layout.get("addresses") for a in _split(row.get(layout["addresses"]), separator)]
    identifiers = [f"{scheme}:{value}" for _, row in group for column, scheme in layout.get("identifiers", {}).items()
                   for value in _split(row.get(column), separator)]
    owners = [Owner(o, source=f"{display}:{line}") for line, row in group if layout.get("owner")
              for o in _split(row.get(layout["owner"]), "")]
    notes = [n for _, row in group for column in layout.get("notes", []) for n in _split(row.get(column), "")]
    return ListEntry(
        list_name=list_name,
        entry_id=entry_id(list_name, names[0]),
        kind=_kind(first, layout, display, first_line),
        names=_unique(names),
        program=_unique([_program(row, layout) for _, row in group])[0] if group else "",
        listed=min(listed) if listed else None,
        # an entry folded over several reports ends only when its last report says so
        ended=max(ended) if ended and len(ended) == len(group) else None,
        countries=_unique(countries), addresses=_unique(addresses), identifiers=_unique(identifiers),
        owners=tuple({o.name: o for o in reversed(owners)}.values())[::-1], sources=tuple(f"{display}:{line}" for line, _ in group), notes=_unique(notes))


def _free_text_entries(rows: list[tuple[int, dict[str, str]]], layout: Layout, list_name: str,
                       display: str) -> Iterator[ListEntry]:
    """Entities named inside free text (the FCC covered list's equipment descriptions); rows
    naming no entity (generic foreign-made equipment) give none."""
    patterns = [re.compile(p) for p in layout["name_patterns"]]
    order = str(layout.get("date_order", ""))
    for line, row in rows:
        text = " ".join((row.get(layout["text"]) or "").split())
        found = next((m for p in patterns for m in [p.search(text)] if m), None)
        if not found:
            continue
        listed = list_date(row.get(layout.get("listed", "")), order, file=display, line=line)
        common: dict[str, Any] = dict(list_name=list_name, kind=str(layout["kind_is"]), program=_program(row, layout),
                                      listed=listed, sources=(f"{display}:{line}",), notes=(text,))
        name = found.group("name").strip()
        yield ListEntry(entry_id=entry_id(list_name, name), names=(name,), **common)
        subsidiary = (found.groupdict().get("subsidiary") or "").strip()
        if subsidiary:
            yield ListEntry(entry_id=entry_id(list_name, subsidiary), names=(subsidiary,),
                            owners=(Owner(name, source=f"{display}:{line}"),), **common)
