"""Read record files as chunks of text rows: CSV (UTF-8, UTF-8 with BOM, CP932, EUC-JP), Excel, JSON Lines.

Every cell comes back as text exactly as a person would read it in the file: ``NA``, ``None``
and ``null`` stay names, leading zeros stay, Excel numbers are written without a spurious
``.0`` and Excel dates as ISO 8601. A file is *opened* first (:func:`open_table`): its format
and encoding are decided and its header read, and a file that cannot be read at all raises one
:class:`~graphkit.errors.FileFormatError` before any row is handed on. Rows are then read in
chunks (:meth:`Table.chunks`) so a file of a million rows never sits in memory at once.
The encoding is decided by :mod:`graphkit.loaders.encodings` (graphkit's own rules, no guessing).

Row numbers are counted as a spreadsheet user counts them: the header is row 1, the first
record row 2 (for JSON Lines: the line number).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
>>> _ = path.write_bytes("from_name,to_name\\nNA,007\\n".encode("cp932"))
>>> table = open_table(path)
>>> table.encoding, table.encoding_label, table.columns
('utf-8', 'UTF-8', ['from_name', 'to_name'])
>>> [(r.number, r.cells) for chunk in table.chunks() for r in chunk]
[(2, {'from_name': 'NA', 'to_name': '007'})]
"""
from __future__ import annotations

import csv
import io
import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterator, Sequence, cast

from graphkit.errors import FileFormatError
from graphkit.normalize.text import caseless_key
from graphkit.loaders.encodings import (
    CANDIDATES, ON_BAD_BYTES, EncodingChoice, bad_bytes_problem, bad_cell, bad_json_key,
    decide_encoding, encoding_label, escape_placeholders, other_encoding_problem, shown_cells,
)

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
DETECTED_ENCODINGS = CANDIDATES
"""Decoded strictly, in this order, when a file has no byte-order mark (see loaders/encodings.py)."""

csv.field_size_limit(1 << 26)  # what the csv module will hold; cells over MAX_CELL_CHARS are rejected anyway
MAX_CELL_CHARS = 1 << 20
"""The most characters one cell may hold (1 MiB of text: hundreds of pages). A row with a larger
cell is rejected, its cells kept as a short preview, and the load goes on
(docs/record-layouts.md, Limits)."""
MAX_XLSX_UNCOMPRESSED = 1 << 30
"""The most bytes a workbook may unpack to (1 GiB; Excel's own 1,048,576-row sheets stay well
under it). Checked from the zip's declared sizes before anything is parsed (zipfile never
unpacks more than a part declares)."""
MAX_COMPRESSION_RATIO = 200
"""The most a workbook part larger than 1 MiB may expand relative to its compressed size:
real sheets compress 5 to 50 times, a zip bomb thousands of times."""
_PREVIEW_CHARS = 200
_RECORD_HEAD_CHARS = 1 << 16  # what is kept of a record the csv module gave up on, to name its cells

_JSONL_HEADER_SAMPLE = 1000  # objects whose keys make up a JSON Lines file's columns
MAX_JSON_DEPTH = 100
"""A JSON line nested deeper than this (objects and lists inside each other) is rejected
before it is parsed (docs/record-layouts.md, Limits)."""
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKETS = re.compile(r"[\[\]{}]")


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row as read: its spreadsheet row number, its cells by header, and a problem if the
    row itself is malformed (too many cells, a JSON line that is not an object)."""

    number: int
    cells: dict[str, str]
    problem: str | None = None


@dataclass
class Table:
    """An opened record file: its format, encoding (CSV, JSON Lines), sheet (Excel) and header."""

    path: Path
    format: str  # "csv" | "xlsx" | "jsonl"
    columns: list[str]
    encoding: str | None = None
    sheet: str | None = None
    delimiter: str = ","
    header_row: int = 1
    """The row holding the column names; 0 when the file has none (names given by a mapping)."""
    sheets: list[str] = field(default_factory=list)
    """Every sheet of the workbook (Excel), for messages that help choose another one."""
    notes: list[str] = field(default_factory=list)
    """Notes about how the file was read (an encoding name read as another, unexpected text)."""
    reject_bad_bytes: bool = False
    """Rows with bytes not valid in ``encoding`` become row problems (``on_bad_bytes="reject-rows"``)."""
    check_other_encodings: bool = False
    """Rows in another encoding (mojibake here, clean there) become row problems too."""
    half_width_suspect: bool = False
    """See :attr:`graphkit.loaders.encodings.EncodingChoice.half_width_suspect`."""
    row_pass: Callable[[RawRow], int] | None = None
    """For a layout whose rows refer to rows further down (FollowTheMoney links name entities
    anywhere in the file): the pass (0, 1, ...) in which each row is read. The file is then
    read once per pass, each pass yielding its rows in file order with their own numbers."""
    # where reading has got to, for progress bars (set while rows are read)
    _tell: Any = field(default=None, init=False, repr=False, compare=False)
    _rows_total: int | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def encoding_label(self) -> str | None:
        """The encoding as the load summary names it (``UTF-8``, ``CP932``, ``EUC-JP`` ...)."""
        return encoding_label(self.encoding) if self.encoding else None

    def extent(self) -> tuple[int | None, str]:
        """How much there is to read and its unit: the bytes of a CSV or JSON Lines file, the
        rows of an Excel sheet (None when the sheet does not say)."""
        if self.format == "xlsx":
            return self._rows_total, "rows"
        return self.path.stat().st_size, "bytes"

    def read_so_far(self) -> int:
        """How much of :meth:`extent` the rows yielded so far have read (0 before reading)."""
        if self._tell is None:
            return 0
        try:
            return int(self._tell())
        except ValueError:  # the file is closed: it was read to its end
            return self.extent()[0] or 0

    @property
    def name(self) -> str:
        """The file name as given (what rejects and evidence cite)."""
        return str(self.path)

    def chunks(self, size: int = 10_000) -> Iterator[list[RawRow]]:
        """Yield the data rows in lists of at most ``size`` rows."""
        if size < 1:
            raise ValueError("chunk size must be at least 1")
        reader = {"csv": self._csv_rows, "xlsx": self._excel_rows, "jsonl": self._jsonl_rows}[self.format]
        rows = reader() if self.row_pass is None else self._rows_in_passes(reader)
        chunk: list[RawRow] = []
        for row in rows:
            chunk.append(_within_cell_limit(row))
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _rows_in_passes(self, reader: Callable[[], Iterator[RawRow]]) -> Iterator[RawRow]:
        """The rows pass by pass (see :attr:`row_pass`); a malformed row comes in the first."""
        assert self.row_pass is not None
        wanted, last = 0, 0
        while wanted <= last:
            for row in reader():
                number = 0 if row.problem else self.row_pass(row)
                last = max(last, number)
                if number == wanted:
                    yield row
            wanted += 1

    # -- CSV ---------------------------------------------------------------------------
    def _csv_rows(self) -> Iterator[RawRow]:
        errors = "surrogateescape" if self.reject_bad_bytes else "strict"
        with open(self.path, encoding=self.encoding, errors=errors, newline="") as handle:
            self._tell = _position(handle)
            lines = _RecordLines(handle)
            reader = csv.reader(lines, delimiter=self.delimiter)
            for _ in range(self.header_row):
                next(reader, None)  # title rows and the header, already read by open_table
            width = len(self.columns)
            columns = self.columns
            number = self.header_row
            while True:
                number += 1
                lines.start_record()
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as err:  # a cell over the csv module's limit, a malformed row
                    yield self._unreadable_row(number, lines, err)
                    continue
                if not values or (len(values) == 1 and not values[0].strip()):
                    continue  # a blank line: counted as a row, as a spreadsheet shows it
                if self.reject_bad_bytes:
                    values = escape_placeholders(values, self.encoding or "")
                if self.reject_bad_bytes and (bad := bad_cell(values)) is not None:
                    yield self._bad_bytes_row(number, values, bad)
                    continue
                if self.check_other_encodings and (other := self._other_encoding_row(number, values)):
                    yield other
                    continue
                problem = None
                if len(values) > width:
                    extra = values[width:]
                    if any(v.strip() for v in extra):
                        problem = f"row has {len(values)} cells but the header has {width}"
                    values = values[:width]
                elif len(values) < width:
                    values = values + [""] * (width - len(values))
                yield RawRow(number, dict(zip(columns, values)), problem)

    def _unreadable_row(self, number: int, lines: _RecordLines, err: csv.Error) -> RawRow:
        """The row the csv module gave up on, as a problem row; the reader is moved past it."""
        lines.skip_rest_of_record()
        text = lines.head
        if text.count('"') % 2:
            text += '"'
        try:
            values = next(csv.reader(io.StringIO(text), delimiter=self.delimiter), [])
        except csv.Error:
            values = []
        cells = {column: _preview(value) for column, value in zip(self.columns, values)}
        if "field larger than field limit" in str(err):
            position = max(len(values) - 1, 0)
            column = self.columns[position] if position < len(self.columns) else f"column {position + 1}"
            cells[column] = _preview(values[position] if values else "") + " ..."
            return RawRow(number, cells, cell_too_large(column, None))
        return RawRow(number, cells, f"row cannot be read as CSV ({err})")

    def _bad_bytes_row(self, number: int, values: list[str], position: int) -> RawRow:
        column = self.columns[position] if position < len(self.columns) else f"column {position + 1}"
        cells = shown_cells(dict(zip(self.columns, values)))
        problem = f"{column}: {bad_bytes_problem(values[position], self.encoding or '')}"
        return RawRow(number, cells, problem)

    def _other_encoding_row(self, number: int, values: list[str]) -> RawRow | None:
        for position, value in enumerate(values[:len(self.columns)]):
            problem = other_encoding_problem(value, self.encoding or "", self.half_width_suspect)
            if problem:
                return RawRow(number, dict(zip(self.columns, values)), f"{self.columns[position]}: {problem}")
        return None

    # -- Excel -------------------------------------------------------------------------
    def _excel_rows(self) -> Iterator[RawRow]:
        book = _open_workbook(self.path)
        formulas = _open_workbook(self.path, formulas=True) if _has_formulas(self.path) else None
        try:
            sheet = book[self.sheet] if self.sheet else book.worksheets[0]
            width = len(self.columns)
            rows = sheet.iter_rows(min_row=self.header_row + 1)
            self._rows_total = max(sheet.max_row - self.header_row, 0) if sheet.max_row else None
            done = [0]
            self._tell = lambda: done[0]
            formula_rows: Iterator[Any] = (
                formulas[sheet.title].iter_rows(min_row=self.header_row + 1) if formulas is not None else iter(())
            )
            for offset, cells, written in _excel_row_pairs(rows, formula_rows, self.header_row + 1, self.path):
                done[0] = offset - self.header_row
                number = _excel_row_number(cells, offset)
                values = [_excel_text(c) for c in cells]
                if not any(v.strip() for v in values) and not _formula_cells(cells, written, width):
                    continue
                problem = None
                unsaved = _formula_cells(cells, written, width)
                if unsaved:
                    position, coordinate, formula = unsaved[0]
                    problem = (f"{self.columns[position]}: cell {coordinate} holds a formula ({formula}) with no "
                               "saved value; open the file in Excel and save it so the values are stored, or paste "
                               "the values in place of the formulas")
                elif len(values) > width:
                    if any(v.strip() for v in values[width:]):
                        problem = f"row has cells beyond the {width} header columns"
                if len(values) > width:
                    values = values[:width]
                elif len(values) < width:
                    values = values + [""] * (width - len(values))
                yield RawRow(number, dict(zip(self.columns, values)), problem)
        finally:
            book.close()
            if formulas is not None:
                formulas.close()

    # -- JSON Lines --------------------------------------------------------------------
    def _jsonl_rows(self) -> Iterator[RawRow]:
        errors = "surrogateescape" if self.reject_bad_bytes else "strict"
        with open(self.path, encoding=self.encoding, errors=errors) as handle:
            self._tell = _position(handle)
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                if self.reject_bad_bytes and bad_cell(escape_placeholders([line], self.encoding or "")) is not None:
                    yield RawRow(number, shown_cells({"line": line.rstrip("\r\n")}),
                                 f"{bad_json_key(line)}: {bad_bytes_problem(line, self.encoding or '')}")
                    continue
                if self.check_other_encodings:
                    problem = other_encoding_problem(line, self.encoding or "", self.half_width_suspect)
                    if problem:
                        yield RawRow(number, {"line": line.rstrip("\r\n")}, f"line: {problem}")
                        continue
                obj, problem = parse_json_line(line)
                if problem is not None:
                    yield RawRow(number, {"line": line.rstrip("\r\n")}, problem)
                    continue
                if not isinstance(obj, dict):
                    yield RawRow(number, {"line": line.rstrip("\r\n")}, "line is not a JSON object")
                    continue
                yield RawRow(number, {str(k): _json_text(v) for k, v in obj.items()})


class _RecordLines:
    """A text file's lines as the csv module reads them, remembering enough of the record being
    read (its first characters, its quotes) to name it and skip it if the csv module gives up."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self.head = ""
        self._quotes = 0

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line: str = next(self._handle)
        if len(self.head) < _RECORD_HEAD_CHARS:
            self.head += line[:_RECORD_HEAD_CHARS - len(self.head)]
        self._quotes += line.count('"')
        return line

    def start_record(self) -> None:
        self.head = ""
        self._quotes = 0

    def skip_rest_of_record(self) -> None:
        """Read on to the line end that closes the record (an even number of quotes so far)."""
        while self._quotes % 2:
            line = next(self._handle, None)
            if line is None:
                return
            self._quotes += line.count('"')


def cell_too_large(column: str, size: int | None) -> str:
    """The reason a row with a cell over :data:`MAX_CELL_CHARS` is rejected, saying what to do."""
    measured = f" ({size:,} characters)" if size is not None else ""
    return (f"{column}: cell is larger than {MAX_CELL_CHARS:,} characters{measured}, graphkit's limit per cell; "
            "split the text over several rows or cells, or keep the document elsewhere and put its reference "
            "in the cell")


def _preview(value: str) -> str:
    return value if len(value) <= _PREVIEW_CHARS else value[:_PREVIEW_CHARS] + f" ... ({len(value):,} characters)"


def _within_cell_limit(row: RawRow) -> RawRow:
    """The row, or a problem row with previews of its cells if one is over :data:`MAX_CELL_CHARS`."""
    for column, value in row.cells.items():
        if len(value) > MAX_CELL_CHARS:
            cells = {name: _preview(text) for name, text in row.cells.items()}
            return RawRow(row.number, cells, cell_too_large(column, len(value)))
    return row


def open_table(path: str | Path, *, encoding: str | None = None, sheet: str | None = None,
               header_row: int = 1, on_bad_bytes: str = "refuse", delimiter: str | None = None,
               column_names: Sequence[str] | None = None) -> Table:
    """Open a record file: decide its format and encoding and read its header.

    ``header_row`` (CSV and Excel) is the spreadsheet row holding the column names, for
    sheets with title rows above the table; rows keep their spreadsheet numbers.
    ``column_names`` (CSV and Excel) names the columns of a file without a header row: its
    first row is then data (row 1), as in an edge list. ``delimiter`` separates a CSV's cells
    (default: a tab for ``.tsv``, else a comma).
    ``on_bad_bytes`` says what to do with rows whose bytes are not valid in the file's
    encoding (a file that is not one encoding): ``"refuse"`` the file, naming the first such
    row and column, or ``"reject-rows"``: set those rows aside and load the rest.

    Raises :class:`FileFormatError` naming the file and what is wrong when the file is missing,
    of an unknown format, not decodable (listing the encodings tried), has no header, or when
    ``sheet`` is not in the workbook.

    >>> open_table("no/such/file.csv")
    Traceback (most recent call last):
    ...
    graphkit.errors.FileFormatError: no/such/file.csv: file not found
    """
    path = Path(path)
    if on_bad_bytes not in ON_BAD_BYTES:
        raise ValueError(f"on_bad_bytes must be one of {', '.join(ON_BAD_BYTES)}, not {on_bad_bytes!r}")
    if not path.is_file():
        raise FileFormatError("file not found", file=str(path))
    suffix = path.suffix.lower()
    if column_names is not None:
        names = [str(n).strip() for n in column_names]
        if not names or not all(names) or len(set(names)) < len(names):
            raise FileFormatError("the column names for a file without a header must be distinct and not blank",
                                  file=str(path))
    if suffix in EXCEL_SUFFIXES:
        return _open_excel(path, sheet, header_row, column_names)
    if suffix == ".xls":
        raise FileFormatError(
            "old Excel .xls files are not supported; save it as .xlsx or CSV UTF-8", file=str(path)
        )
    if suffix in JSONL_SUFFIXES:
        return _open_jsonl(path, encoding, on_bad_bytes)
    if suffix in CSV_SUFFIXES or suffix == "":
        separator = delimiter_char(delimiter) if delimiter else ("\t" if suffix == ".tsv" else ",")
        return _open_csv(path, encoding, delimiter=separator, header_row=header_row,
                         on_bad_bytes=on_bad_bytes, column_names=column_names)
    raise FileFormatError(
        f"unknown file type {suffix!r}; graphkit reads .csv, .tsv, .xlsx, .jsonl", file=str(path)
    )


DELIMITER_WORDS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}


def delimiter_char(text: str) -> str:
    """The one character a ``--delimiter`` (or a mapping's ``delimiter``) names: itself, or
    ``tab`` (also ``\\t``), ``comma``, ``semicolon``, ``pipe``, ``space``.

    >>> delimiter_char("tab"), delimiter_char(";")
    ('\\t', ';')
    """
    found = DELIMITER_WORDS.get(text.strip().casefold(), text)
    if len(found) != 1 or found in "\r\n\"":
        raise FileFormatError(
            f"the delimiter must be one character (or tab, comma, semicolon, pipe, space), not {text!r}")
    return found


def detect_encoding(path: Path, encoding: str | None = None) -> str:
    """The Python codec ``path`` is read with, by the rules of :mod:`graphkit.loaders.encodings`.

    Raises :class:`FileFormatError` (with row and column) when some row is not valid in it.
    """
    choice = _choose_encoding(Path(path), encoding, ",", lines=False, on_bad_bytes="refuse", header_row=1)
    return choice.codec


def _choose_encoding(path: Path, encoding: str | None, delimiter: str, *, lines: bool,
                     on_bad_bytes: str, header_row: int) -> EncodingChoice:
    """Decide the encoding; refuse a file that is not one encoding unless rows may be rejected."""
    try:
        choice = decide_encoding(path, encoding, delimiter=delimiter, lines=lines)
    except FileFormatError as err:
        raise FileFormatError(err.reason, file=str(path)) from None
    bad = choice.bad
    if bad is None:
        return choice
    cannot = f"cannot be read as {encoding}: " if encoding else ""
    if on_bad_bytes == "reject-rows" and bad.row > header_row and choice.codec not in ("utf-16",):
        return choice
    advice = ("; the header cannot be read, give the right encoding with --encoding" if bad.row <= header_row
              else f"; the file is {choice.label} up to there. Fix that row, or give --on-bad-bytes reject-rows "
                   "to set such rows aside and load the rest" + ("" if encoding else ", or --encoding"))
    raise FileFormatError(cannot + bad.problem + advice, file=str(path), row=bad.row, column=bad.column)


# -- helpers ---------------------------------------------------------------------------


def _read_csv_header(path: Path, encoding: str, delimiter: str, header_row: int) -> list[str]:
    # bytes not valid in the encoding may follow the header (rows to reject): escape, not fail
    with open(path, encoding=encoding, errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        for number, header in enumerate(reader, start=1):
            if number < header_row:
                continue
            if header and any(h.strip() for h in header):
                return header
            break
    return []


def _open_csv(path: Path, encoding: str | None, delimiter: str, header_row: int = 1,
              on_bad_bytes: str = "refuse", column_names: Sequence[str] | None = None) -> Table:
    if column_names is not None:
        header_row = 0  # no header: the first row is data, row 1
    choice = _choose_encoding(path, encoding, delimiter, lines=False, on_bad_bytes=on_bad_bytes,
                              header_row=header_row)
    chosen = choice.codec
    if column_names is not None:
        table = Table(path, "csv", [str(n).strip() for n in column_names], encoding=chosen,
                      delimiter=delimiter, header_row=0, notes=choice.notes)
        return _with_row_checks(table, choice)
    try:
        header = _read_csv_header(path, chosen, delimiter, header_row)
    except csv.Error as err:
        raise FileFormatError(f"the header row cannot be read as CSV ({err})", file=str(path)) from None
    if not header:
        where = "its first row" if header_row == 1 else f"row {header_row}"
        raise FileFormatError(f"is empty or {where} (the header) is blank", file=str(path))
    if len(header) == 1 and delimiter == "," and (";" in header[0] or "\t" in header[0]):
        sep = ";" if ";" in header[0] else "\t"
        advice = ("give --delimiter tab (or name the file .tsv, which is read tab-separated)" if sep == "\t"
                  else "give --delimiter ';' (or delimiter = \";\" in a mapping file)")
        raise FileFormatError(
            f"the header has one column {header[0]!r}; the file seems separated by {sep!r}, "
            f"not commas; {advice}",
            file=str(path),
        )
    table = Table(path, "csv", _clean_header(header, path), encoding=chosen, delimiter=delimiter,
                  header_row=header_row, notes=choice.notes)
    return _with_row_checks(table, choice)


def _open_jsonl(path: Path, encoding: str | None, on_bad_bytes: str = "refuse") -> Table:
    choice = _choose_encoding(path, encoding, ",", lines=True, on_bad_bytes=on_bad_bytes, header_row=0)
    chosen = choice.codec
    columns: dict[str, None] = {}
    seen = 0
    with open(path, encoding=chosen, errors="surrogateescape" if choice.bad else "strict") as handle:
        for line in handle:
            if not line.strip():
                continue
            obj, problem = parse_json_line(line)
            if problem is not None:
                continue  # reported as a bad row when the rows are read
            if isinstance(obj, dict) and bad_cell([line]) is None:
                columns.update(dict.fromkeys(str(k) for k in obj))
                seen += 1
                if seen >= _JSONL_HEADER_SAMPLE:
                    break
    if not seen:
        raise FileFormatError("has no JSON object lines (expected one JSON object per line)", file=str(path))
    return _with_row_checks(Table(path, "jsonl", list(columns), encoding=chosen, notes=choice.notes), choice)


def _with_row_checks(table: Table, choice: EncodingChoice) -> Table:
    """Turn on the per-row checks a table needs (none for a file that is one clean encoding)."""
    table.reject_bad_bytes = choice.bad is not None and not choice.rows_in_other_encodings
    table.check_other_encodings = choice.rows_in_other_encodings
    table.half_width_suspect = choice.half_width_suspect
    return table


def _position(handle: IO[str]) -> Callable[[], int]:
    """How many bytes of a text file opened with ``open`` have been read (its buffer's tell)."""
    return cast(BinaryIO, handle.buffer).tell  # type: ignore[attr-defined]  # a TextIOWrapper's buffer


def _open_workbook(path: Path, *, formulas: bool = False) -> Any:
    """The workbook, read-only: its saved values, or with ``formulas`` the formulas as written.

    Its size is checked first (:func:`_check_workbook_size`) and its XML is parsed by openpyxl
    with defusedxml (a dependency of graphkit), which refuses entity declarations."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise FileFormatError("Excel files are read only with defusedxml installed and enabled "
                              "(OPENPYXL_DEFUSEDXML must not be False)", file=str(path))
    _check_workbook_size(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=not formulas)
    except Exception as err:  # zipfile.BadZipFile, KeyError, InvalidFileException, ...
        raise _workbook_error(path, err) from None


def _workbook_error(path: Path, err: Exception) -> FileFormatError:
    """One clear error for a workbook openpyxl could not parse (entity declarations, bad XML)."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]  # no stubs published

    cause: BaseException | None = err
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__  # openpyxl wraps what the parser raised
    if cause is not None:
        return FileFormatError("declares XML entities or a DTD, which a workbook saved by Excel never does "
                               "(an 'XML bomb' can use them to exhaust memory); graphkit refuses such files: "
                               "open it in Excel and save it again", file=str(path))
    return FileFormatError(f"cannot be opened as an Excel .xlsx workbook ({err})", file=str(path))


def _check_workbook_size(path: Path) -> None:
    """Refuse a workbook whose parts unpack beyond :data:`MAX_XLSX_UNCOMPRESSED` in all or any
    large part beyond :data:`MAX_COMPRESSION_RATIO`, from the zip's directory, before parsing."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise FileFormatError(f"cannot be opened as an Excel .xlsx workbook ({err})", file=str(path)) from None
    total = sum(part.file_size for part in parts)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise FileFormatError(
            f"unpacks to {total / (1 << 20):.1f} MiB, more than graphkit's limit of "
            f"{MAX_XLSX_UNCOMPRESSED / (1 << 20):.1f} MiB for a workbook; split it into several files "
            "or save it as CSV", file=str(path))
    for part in parts:
        if part.file_size > (1 << 20) and part.file_size > MAX_COMPRESSION_RATIO * max(part.compress_size, 1):
            raise FileFormatError(
                f"part {part.filename} expands from {part.compress_size:,} to {part.file_size:,} bytes, more than "
                f"{MAX_COMPRESSION_RATIO} times its compressed size (graphkit's limit): a zip bomb, or data so "
                "repetitive that it should be checked; save it as CSV to load it", file=str(path))


def _excel_row_pairs(rows: Iterator[Any], formula_rows: Iterator[Any], start: int,
                     path: Path) -> Iterator[tuple[int, Any, Any]]:
    """(row offset, saved values, formulas) per sheet row; malformed XML is one clear error."""
    offset = start
    while True:
        try:
            cells = next(rows)
            written = next(formula_rows, ())
        except StopIteration:
            return
        except Exception as err:  # defusedxml's refusals, xml.etree's ParseError
            raise _workbook_error(path, err) from None
        yield offset, cells, written
        offset += 1


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula (``<f>`` elements)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as part:
                    tail = b""
                    while block := part.read(1 << 20):
                        if b"<f>" in tail + block or b"<f " in tail + block or b":f>" in tail + block:
                            return True
                        tail = block[-8:]
    return False


def _formula_cells(cells: tuple[Any, ...], written: tuple[Any, ...], width: int) -> list[tuple[int, str, str]]:
    """(position, coordinate, formula) of each cell within the header that holds a formula but
    no saved value (a workbook written by a program, never opened and saved in Excel)."""
    found = []
    for position, (cell, as_written) in enumerate(zip(cells[:width], written[:width])):
        formula = getattr(as_written, "value", None)
        if getattr(cell, "value", None) is None and isinstance(formula, str) and formula.startswith("="):
            found.append((position, str(getattr(as_written, "coordinate", f"column {position + 1}")), formula))
    return found


_SHEET_STATES = {"hidden": "hidden", "veryHidden": "very hidden"}


def _choose_sheet(book: Any, sheet: str | None, path: Path) -> tuple[Any, list[str]]:
    """The sheet to read and a note on the choice: the named one, else the first visible one."""
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise FileFormatError(
                f"has no sheet {sheet!r}; its sheets are {', '.join(book.sheetnames)} (choose one with --sheet)",
                file=str(path)
            )
        return book[sheet], []
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    others = [f"{ws.title!r} {_SHEET_STATES.get(ws.sheet_state, ws.sheet_state)}"
              for ws in book.worksheets if ws.sheet_state != "visible"]
    if not visible:
        raise FileFormatError(f"has no visible sheet ({', '.join(others)}); choose one with --sheet", file=str(path))
    chosen = visible[0]
    if book.worksheets[0] is not chosen:
        before = [f"{ws.title!r} {_SHEET_STATES.get(ws.sheet_state, ws.sheet_state)}"
                  for ws in book.worksheets[:book.worksheets.index(chosen)]]
        return chosen, [f"sheet {chosen.title!r} read: the sheets before it are hidden ({', '.join(before)}); "
                        "choose another with --sheet"]
    if len(visible) > 1:
        listed = ", ".join(repr(ws.title) for ws in visible) + ("; " + ", ".join(others) if others else "")
        return chosen, [f"sheet {chosen.title!r} read, the first of {len(visible)} visible sheets ({listed}); "
                        "choose another with --sheet"]
    return chosen, []


def _open_excel(path: Path, sheet: str | None, header_row: int = 1,
                column_names: Sequence[str] | None = None) -> Table:
    book = _open_workbook(path)
    try:
        ws, notes = _choose_sheet(book, sheet, path)
        if column_names is not None:
            return Table(path, "xlsx", [str(n).strip() for n in column_names], sheet=ws.title, header_row=0,
                         sheets=list(book.sheetnames), notes=notes)
        try:
            first = next(ws.iter_rows(min_row=header_row, max_row=header_row), None)
        except Exception as err:  # defusedxml's refusals, xml.etree's ParseError
            raise _workbook_error(path, err) from None
        header = [_excel_text(c) for c in first] if first else []
        while header and not header[-1].strip():
            header.pop()
        if not header:
            others = [name for name in book.sheetnames if name != ws.title]
            raise FileFormatError(f"sheet {ws.title!r} has no header in row {header_row}"
                                  + (f"; the workbook's other sheets are {', '.join(others)} (choose one with --sheet)"
                                     if others else ""), file=str(path))
        return Table(path, "xlsx", _clean_header(header, path), sheet=ws.title, header_row=header_row,
                     sheets=list(book.sheetnames), notes=notes)
    finally:
        book.close()


def _clean_header(header: list[str], path: Path) -> list[str]:
    """The header's names, trimmed (a blank name becomes ``column N``); a file whose header
    names the same column twice (after trimming and case folding) is refused, naming them:
    loading only one of the two would drop the other's cells silently."""
    cleaned = [name.replace("\ufeff", "").strip() or f"column {position}"
               for position, name in enumerate(header, start=1)]
    places: dict[str, list[int]] = {}
    for position, name in enumerate(cleaned, start=1):
        places.setdefault(caseless_key(name), []).append(position)
    repeated = [(cleaned[spots[0] - 1], spots) for spots in places.values() if len(spots) > 1]
    if repeated:
        listed = "; ".join(
            f"{name!r} (columns {', '.join(map(str, spots[:-1]))} and {spots[-1]})" for name, spots in repeated
        )
        raise FileFormatError(
            f"the header has duplicate column names (compared after trimming and case folding): {listed}; "
            "rename or remove the extra columns so each name is used once",
            file=str(path),
        )
    return cleaned


def _excel_row_number(cells: tuple[Any, ...], fallback: int) -> int:
    for cell in cells:
        row = getattr(cell, "row", None)
        if row is not None:
            return int(row)
    return fallback


def _excel_text(cell: Any) -> str:
    """An Excel cell as the text a person sees: 42 not 42.0, dates as ISO, blanks as ''."""
    value = getattr(cell, "value", cell)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        fmt = getattr(cell, "number_format", "") or ""
        if fmt and set(fmt) == {"0"} and len(fmt) > len(text) and value >= 0:
            text = text.zfill(len(fmt))  # a "00000" number format shows leading zeros
        return text
    if isinstance(value, float):
        return repr(value)
    return str(value)


class _JsonRowError(ValueError):
    """A JSON line that parses but cannot be a row as it stands (NaN, a key given twice)."""


def _refuse_constant(name: str) -> Any:
    raise _JsonRowError(f"not valid JSON: {name} is not a JSON value (write null or a quoted text)")


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _JsonRowError(f"key {key!r} appears twice in the object; keep one")
        obj[key] = value
    return obj


def json_depth(line: str) -> int:
    """How deep objects and lists nest in a JSON text (brackets inside strings do not count).

    >>> json_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    depth = deepest = 0
    for bracket in _JSON_BRACKETS.findall(_JSON_STRING.sub("", line)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_json_line(line: str) -> tuple[Any, str | None]:
    """A JSON line's value, or None and why it cannot be a row: not JSON, ``NaN`` or
    ``Infinity`` (not JSON, though Python's json reads them), a key given twice (json would
    keep the last silently), nested deeper than :data:`MAX_JSON_DEPTH`.

    >>> parse_json_line('{"a": NaN}')
    (None, 'not valid JSON: NaN is not a JSON value (write null or a quoted text)')
    >>> parse_json_line('{"a": 1, "a": 2}')
    (None, "key 'a' appears twice in the object; keep one")
    """
    if json_depth(line) > MAX_JSON_DEPTH:
        return None, f"nested more than {MAX_JSON_DEPTH} levels deep (graphkit's limit for a JSON line)"
    try:
        return json.loads(line, parse_constant=_refuse_constant, object_pairs_hook=_object_without_repeats), None
    except _JsonRowError as err:
        return None, str(err)
    except json.JSONDecodeError as err:
        return None, f"not valid JSON ({err.msg})"
    except (ValueError, RecursionError) as err:  # an integer of more digits than Python reads
        return None, f"not valid JSON: {err}"


def _json_text(value: Any) -> str:
    """A JSON value as text: null is a blank cell, lists join with ';', numbers as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return ";".join(_json_text(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


__all__ = ["RawRow", "Table", "open_table", "detect_encoding", "DETECTED_ENCODINGS"]
