"""Mapping files: load an agency's own spreadsheet layout without code.

A mapping file (TOML or YAML) says which layout the files follow, which of the agency's column
headers holds each layout field, values to fill in, date formats, and words to translate, much
as an i2 import specification does::

    layout = "contacts"
    encoding = "cp932"          # optional: else detected
    sheet = "接触記録"            # optional: Excel sheet (else the first)
    header_row = 3               # optional: the row holding the column names (else 1)
    delimiter = ";"              # optional: a CSV's separator (tab, comma, semicolon, pipe or the character)
    home_country = "JP"          # optional: overrides --home-country

    # A file without a header row (an edge list): name its columns in order instead.
    #   header = false
    #   column_names = ["from_name", "to_name", "weight", "confidence"]

    [columns]                    # layout field = the agency's column header (or a list of them)
    from_name = "接触者氏名"
    to_name = ["対象者氏名", "対象者"]
    date = "接触日"

    [defaults]                   # used when the cell is blank or the column is absent
    from_kind = "person"

    [constants]                  # always used, whatever the file says
    case_id = "C-2024-001"

    [dates]                      # strptime formats tried before the general date reader,
    date = ["%Y/%m/%d", "%Y年%m月"]  # or "epoch" / "epoch-ms" for Unix timestamps

    [values.kinds]               # value maps; "kinds" applies to every *_kind field,
    "個人" = "person"             # "countries" to every *country field, else name a field
    "法人" = "company"

>>> m = mapping_from_dict({"layout": "contacts", "columns": {"from_name": "A", "to_name": "B"}})
>>> bind_columns(["A", "B", "date"], LAYOUTS["contacts"], m)
{'date': 'date', 'from_name': 'A', 'to_name': 'B'}
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping as TypingMapping

from graphkit.errors import FileFormatError, MappingError
from graphkit.loaders.encodings import resolve_encoding
from graphkit.loaders.layouts import LAYOUTS, Layout, header_key
from graphkit.loaders.readers import delimiter_char
from graphkit.normalize.identifiers import corporate_numbers_cell, is_corporate_number_header
from graphkit.normalize.text import caseless_key

TOP_LEVEL_KEYS = (
    "layout", "encoding", "sheet", "header_row", "header", "column_names", "delimiter", "home_country",
    "columns", "defaults", "constants", "dates", "values",
)
EPOCH_FORMATS = {"epoch": "s", "epoch-s": "s", "epoch-ms": "ms", "unix": "s", "unix-ms": "ms"}
"""What ``[dates]`` may name instead of a strptime format: Unix timestamps in seconds or
milliseconds (the unit :func:`graphkit.normalize.dates.from_epoch` takes)."""
EPOCH_WORDS = tuple(EPOCH_FORMATS)
VALUE_GROUPS = {
    "kinds": ("kind", "from_kind", "to_kind", "via_kind"),
    "countries": ("country", "from_country", "to_country", "via_country"),
}


@dataclass
class Mapping:
    """A validated mapping file. ``columns`` maps a layout field to candidate headers."""

    layout: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    header_row: int = 1
    column_names: tuple[str, ...] | None = None
    """The columns of a file without a header row (``header = false``), in order."""
    delimiter: str | None = None
    home_country: str | None = None
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    dates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str | None = None

    def value_map(self, field_name: str) -> dict[str, str]:
        """The value translations for ``field_name`` (its own and its group's), keys folded."""
        merged: dict[str, str] = {}
        for group, members in VALUE_GROUPS.items():
            if field_name in members:
                merged.update(self.values.get(group, {}))
        merged.update(self.values.get(field_name, {}))
        return merged


def load_mapping(path: str | Path) -> Mapping:
    """Read and validate a mapping file (``.toml``, ``.yaml`` or ``.yml``).

    Raises :class:`MappingError` naming the file and what is wrong.
    """
    path = Path(path)
    if not path.is_file():
        raise MappingError("mapping file not found", file=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError("mapping file is not UTF-8 text", file=str(path)) from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            raise MappingError("mapping file must end in .toml, .yaml or .yml", file=str(path))
    except MappingError:
        raise
    except Exception as err:  # tomllib.TOMLDecodeError, yaml.YAMLError
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise MappingError(f"mapping file cannot be parsed: {first_line}", file=str(path)) from None
    if not isinstance(data, dict):
        raise MappingError("mapping file must hold a table of settings", file=str(path))
    return mapping_from_dict(data, source=str(path))


def mapping_from_dict(data: TypingMapping[str, Any], *, source: str | None = None) -> Mapping:
    """Validate a mapping given as a dict (what a mapping file holds).

    >>> mapping_from_dict({"layout": "contact"})
    Traceback (most recent call last):
    ...
    graphkit.errors.MappingError: layout: unknown layout 'contact'; choose one of cases, entities, contacts, relations, ftm
    """

    def fail(message: str, key: str | None = None) -> MappingError:
        return MappingError(f"{key}: {message}" if key and not message.startswith("[") else message, file=source)

    unknown = [k for k in data if k not in TOP_LEVEL_KEYS]
    if unknown:
        raise fail(f"unknown setting {unknown[0]!r}; a mapping may set {', '.join(TOP_LEVEL_KEYS)}")
    mapping = Mapping(source=source)
    layout: Layout | None = None
    if data.get("layout") is not None:
        name = header_key(_text(data["layout"], "layout", fail))
        if name not in LAYOUTS:
            raise fail(
                f"unknown layout {data['layout']!r}; choose one of {', '.join(LAYOUTS)}", "layout"
            )
        mapping.layout = name
        layout = LAYOUTS[name]
    if data.get("encoding") is not None:
        encoding = _text(data["encoding"], "encoding", fail)
        try:
            resolve_encoding(encoding)  # sjis, windows-31j ... are read as CP932
        except FileFormatError as err:
            raise fail(err.reason, "encoding") from None
        mapping.encoding = encoding
    if data.get("sheet") is not None:
        mapping.sheet = _text(data["sheet"], "sheet", fail)
    if data.get("header_row") is not None:
        value = data["header_row"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail("must be a row number, 1 or more (the row holding the column names)", "header_row")
        mapping.header_row = value
    if data.get("home_country") is not None:
        mapping.home_country = _text(data["home_country"], "home_country", fail)
    if data.get("delimiter") is not None:
        if not isinstance(data["delimiter"], str) or not data["delimiter"]:
            raise fail("must be one character, or tab, comma, semicolon, pipe, space", "delimiter")
        try:
            mapping.delimiter = delimiter_char(data["delimiter"])
        except FileFormatError as err:
            raise fail(err.reason, "delimiter") from None
    header = data.get("header", True)
    if not isinstance(header, bool):
        raise fail("must be true or false (false: the file has no header row; name its columns "
                   "with column_names)", "header")
    names = data.get("column_names")
    if not header:
        if data.get("header_row") is not None:
            raise fail("header = false and header_row cannot both be set", "header")
        if (not isinstance(names, list) or not names
                or not all(isinstance(n, str) and n.strip() for n in names)):
            raise fail("header = false needs column_names: the file's columns in order, e.g. "
                       "[\"from_name\", \"to_name\", \"weight\"]", "column_names")
        cleaned = tuple(n.strip() for n in names)
        if len(set(cleaned)) < len(cleaned):
            raise fail("names a column twice", "column_names")
        mapping.column_names = cleaned
    elif names is not None:
        raise fail("is only for a file without a header row: set header = false too", "column_names")

    known_fields = set(layout.fields) if layout else {f for lay in LAYOUTS.values() for f in lay.fields}
    where = f"layout {layout.name}" if layout else "any layout"

    def check_field(section: str, name: str) -> str:
        key = header_key(name)
        if key not in known_fields:
            raise fail(
                f"[{section}] names {name!r}, which is not a field of {where}; fields are "
                + ", ".join(sorted(known_fields)),
                section,
            )
        return key

    for name, headers in _table(data.get("columns"), "columns", fail).items():
        if isinstance(headers, str):
            headers = [headers]
        if not isinstance(headers, list) or not headers or not all(isinstance(h, str) for h in headers):
            raise fail(f"[columns] {name} must be a column header or a list of them", "columns")
        mapping.columns[check_field("columns", name)] = tuple(h.strip() for h in headers)
    for section in ("defaults", "constants"):
        target = getattr(mapping, section)
        for name, value in _table(data.get(section), section, fail).items():
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise fail(f"[{section}] {name} must be a text or number value", section)
            target[check_field(section, name)] = str(value)
    for name, formats in _table(data.get("dates"), "dates", fail).items():
        if isinstance(formats, str):
            formats = [formats]
        if not isinstance(formats, list) or not formats or not all(
                isinstance(f, str) and ("%" in f or f.strip().casefold() in EPOCH_WORDS) for f in formats):
            raise fail(f"[dates] {name} must be a strptime format such as '%Y/%m/%d', \"epoch\" (Unix "
                       "seconds), \"epoch-ms\" (milliseconds), or a list of them", "dates")
        mapping.dates[check_field("dates", name)] = tuple(
            f.strip().casefold() if f.strip().casefold() in EPOCH_WORDS else f for f in formats)
    for name, table in _table(data.get("values"), "values", fail).items():
        key = header_key(name)
        if key not in VALUE_GROUPS:
            key = check_field("values", name)
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise fail(f"[values.{name}] must map words to words, e.g. \"個人\" = \"person\"", "values")
        mapping.values[key] = {value_key(str(k)): v for k, v in table.items()}
    return mapping


def value_key(text: str) -> str:
    """How a cell is looked up in a value map: width- and case-folded, spaces collapsed."""
    return caseless_key(text)


def bind_columns(columns: Iterable[str], layout: Layout, mapping: Mapping | None = None) -> dict[str, str]:
    """Which file column holds each layout field: ``{field: header}``.

    Mapped headers come first; other fields bind to a header equal to their name after
    folding. Raises :class:`FileFormatError` when a mapped header is absent or a required
    field has neither a column nor a mapped default/constant, listing the columns found.
    """
    columns = list(columns)
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(header_key(column), column)
    mapping = mapping or Mapping()
    binding: dict[str, str] = {}
    for name in layout.fields:
        if name in mapping.columns:
            wanted = mapping.columns[name]
            found = next((c for c in columns if c in wanted), None) or next(
                (by_key[header_key(w)] for w in wanted if header_key(w) in by_key), None
            )
            if found is None and name not in mapping.defaults and name not in mapping.constants:
                raise FileFormatError(
                    f"the mapping puts {name} in column {' or '.join(map(repr, wanted))}, which the "
                    f"file does not have; columns found: {', '.join(columns)}",
                )
            if found is not None:
                binding[name] = found
        elif name in by_key:
            binding[name] = by_key[name]
    filled = set(binding) | set(mapping.defaults) | set(mapping.constants)
    missing = layout.missing_required(filled)
    if missing:
        raise FileFormatError(
            f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} for the "
            f"{layout.name} layout; columns found: {', '.join(columns)}"
        )
    return binding


def row_fields(cells: dict[str, str], binding: dict[str, str], mapping: Mapping | None) -> dict[str, str]:
    """A row's cells as layout fields: constants, then the cell, then defaults for blanks,
    then value maps. Values are returned as read otherwise (no trimming beyond maps).

    >>> m = mapping_from_dict({"defaults": {"from_kind": "person"}, "values": {"kinds": {"法人": "company"}}})
    >>> row_fields({"A": "法人", "B": ""}, {"to_kind": "A", "from_kind": "B"}, m)
    {'to_kind': 'company', 'from_kind': 'person'}
    """
    fields = {name: cells.get(header, "") for name, header in binding.items()}
    declared = binding.get("identifiers")
    if declared and is_corporate_number_header(declared) and fields["identifiers"].strip():
        fields["identifiers"] = corporate_numbers_cell(fields["identifiers"])  # 法人番号 only, never a phone
    if mapping is None:
        return fields
    for name, value in mapping.defaults.items():
        if not fields.get(name, "").strip():
            fields[name] = value
    fields.update(mapping.constants)
    if mapping.values:
        for name in list(fields):
            table = mapping.value_map(name)
            if table:
                replacement = table.get(value_key(fields[name]))
                if replacement is not None:
                    fields[name] = replacement
    return fields


def _text(value: Any, key: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{key} must be a non-empty text value", key)
    return value.strip()


def _table(value: Any, key: str, fail: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise fail(f"[{key}] must be a table (a section of name = value lines)", key)
    return value
