"""Read record files as chunks of text rows: CSV (UTF-8, UTF-8 with BOM, CP932), Excel, JSON Lines.

Every cell comes back as text exactly as a person would read it in the file: ``NA``, ``None``
and ``null`` stay names, leading zeros stay, Excel numbers are written without a spurious
``.0`` and Excel dates as ISO 8601. A file is *opened* first (:func:`open_table`): its format
and encoding are decided and its header read, and a file that cannot be read at all raises one
:class:`~graphkit.errors.FileFormatError` before any row is handed on. Rows are then read in
chunks (:meth:`Table.chunks`) so a file of a million rows never sits in memory at once.

Row numbers are counted as a spreadsheet user counts them: the header is row 1, the first
record row 2 (for JSON Lines: the line number).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
>>> _ = path.write_bytes("from_name,to_name\\nNA,007\\n".encode("cp932"))
>>> table = open_table(path)
>>> table.encoding, table.columns
('utf-8', ['from_name', 'to_name'])
>>> [(r.number, r.cells) for chunk in table.chunks() for r in chunk]
[(2, {'from_name': 'NA', 'to_name': '007'})]
"""
from __future__ import annotations

import codecs
import csv
import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from graphkit.errors import FileFormatError

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
DETECTED_ENCODINGS = ("utf-8-sig", "utf-8", "cp932")
"""Tried in this order (after a byte-order-mark check) when no encoding is given."""

csv.field_size_limit(1 << 26)  # a notes cell may be long; the default 128 KiB is not enough

_BLOCK = 1 << 20  # bytes decoded at a time when checking an encoding
_JSONL_HEADER_SAMPLE = 1000  # objects whose keys make up a JSON Lines file's columns


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
    notes: list[str] = field(default_factory=list)
    # where reading has got to, for progress bars (set while rows are read)
    _tell: Any = field(default=None, init=False, repr=False, compare=False)
    _rows_total: int | None = field(default=None, init=False, repr=False, compare=False)

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
        rows = {"csv": self._csv_rows, "xlsx": self._excel_rows, "jsonl": self._jsonl_rows}[
            self.format
        ]()
        chunk: list[RawRow] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # -- CSV ---------------------------------------------------------------------------
    def _csv_rows(self) -> Iterator[RawRow]:
        with open(self.path, encoding=self.encoding, newline="") as handle:
            self._tell = handle.buffer.tell
            reader = csv.reader(handle, delimiter=self.delimiter)
            for _ in range(self.header_row):
                next(reader, None)  # title rows and the header, already read by open_table
            width = len(self.columns)
            columns = self.columns
            number = self.header_row
            while True:
                number += 1
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as err:
                    raise FileFormatError(f"row {number} cannot be read as CSV ({err})", file=self.name) from None
                if not values or (len(values) == 1 and not values[0].strip()):
                    continue  # a blank line: counted as a row, as a spreadsheet shows it
                problem = None
                if len(values) > width:
                    extra = values[width:]
                    if any(v.strip() for v in extra):
                        problem = f"row has {len(values)} cells but the header has {width}"
                    values = values[:width]
                elif len(values) < width:
                    values = values + [""] * (width - len(values))
                yield RawRow(number, dict(zip(columns, values)), problem)

    # -- Excel -------------------------------------------------------------------------
    def _excel_rows(self) -> Iterator[RawRow]:
        book = _open_workbook(self.path)
        try:
            sheet = book[self.sheet] if self.sheet else book.worksheets[0]
            width = len(self.columns)
            rows = sheet.iter_rows(min_row=self.header_row + 1)
            self._rows_total = max(sheet.max_row - self.header_row, 0) if sheet.max_row else None
            done = [0]
            self._tell = lambda: done[0]
            for offset, cells in enumerate(rows, start=self.header_row + 1):
                done[0] = offset - self.header_row
                number = _excel_row_number(cells, offset)
                values = [_excel_text(c) for c in cells]
                if not any(v.strip() for v in values):
                    continue
                problem = None
                if len(values) > width:
                    if any(v.strip() for v in values[width:]):
                        problem = f"row has cells beyond the {width} header columns"
                    values = values[:width]
                elif len(values) < width:
                    values = values + [""] * (width - len(values))
                yield RawRow(number, dict(zip(self.columns, values)), problem)
        finally:
            book.close()

    # -- JSON Lines --------------------------------------------------------------------
    def _jsonl_rows(self) -> Iterator[RawRow]:
        with open(self.path, encoding=self.encoding) as handle:
            self._tell = handle.buffer.tell
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as err:
                    yield RawRow(number, {"line": line.rstrip("\r\n")}, f"not valid JSON ({err.msg})")
                    continue
                if not isinstance(obj, dict):
                    yield RawRow(number, {"line": line.rstrip("\r\n")}, "line is not a JSON object")
                    continue
                yield RawRow(number, {str(k): _json_text(v) for k, v in obj.items()})


def open_table(path: str | Path, *, encoding: str | None = None, sheet: str | None = None,
               header_row: int = 1) -> Table:
    """Open a record file: decide its format and encoding and read its header.

    ``header_row`` (CSV and Excel) is the spreadsheet row holding the column names, for
    sheets with title rows above the table; rows keep their spreadsheet numbers.

    Raises :class:`FileFormatError` naming the file and what is wrong when the file is missing,
    of an unknown format, not decodable (listing the encodings tried), has no header, or when
    ``sheet`` is not in the workbook.

    >>> open_table("no/such/file.csv")
    Traceback (most recent call last):
    ...
    graphkit.errors.FileFormatError: no/such/file.csv: file not found
    """
    path = Path(path)
    if not path.is_file():
        raise FileFormatError("file not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _open_excel(path, sheet, header_row)
    if suffix == ".xls":
        raise FileFormatError(
            "old Excel .xls files are not supported; save it as .xlsx or CSV UTF-8", file=str(path)
        )
    if suffix in JSONL_SUFFIXES:
        return _open_jsonl(path, encoding)
    if suffix in CSV_SUFFIXES or suffix == "":
        return _open_csv(path, encoding, delimiter="\t" if suffix == ".tsv" else ",", header_row=header_row)
    raise FileFormatError(
        f"unknown file type {suffix!r}; graphkit reads .csv, .tsv, .xlsx, .jsonl", file=str(path)
    )


def detect_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding ``path`` decodes with, checked over the whole file.

    Without ``encoding``: a UTF-8 byte-order mark means ``utf-8-sig``; otherwise strict UTF-8,
    then CP932 (unless its reading looks like EUC-JP mojibake and charset-normalizer names a
    Japanese EUC), then charset-normalizer's best guess. A UTF-16 file is refused with advice.
    """
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise FileFormatError(f"unknown encoding {encoding!r}", file=str(path)) from None
        if name == "utf-8" and path.read_bytes()[:3] == codecs.BOM_UTF8:
            name = "utf-8-sig"
        problem = _decode_problem(path, name)
        if problem:
            raise FileFormatError(f"cannot be read as {encoding}: {problem}", file=str(path))
        return name
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        problem = _decode_problem(path, "utf-8-sig")
        if problem:
            raise FileFormatError(
                f"starts with a UTF-8 byte-order mark but is not UTF-8: {problem}", file=str(path)
            )
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(head) >= 4 and (head[1] == 0 and head[3] == 0 or head[0] == 0 and head[2] == 0)
    ):
        raise FileFormatError(
            "looks like UTF-16 text (Excel's 'Unicode Text'), which graphkit does not read; "
            "save it as 'CSV UTF-8' or give --encoding utf-16",
            file=str(path),
        )
    tried = ["utf-8"]
    if _decode_problem(path, "utf-8") is None:
        return "utf-8"
    tried.append("cp932")
    if _decode_problem(path, "cp932") is None:
        # EUC-JP text also "decodes" as CP932, into half-width katakana; when the CP932
        # reading looks like that, let charset-normalizer say whether it is EUC.
        if _looks_garbled_cp932(path):
            guess = _charset_normalizer_guess(path)
            if guess and codecs.lookup(guess).name in _EUC_JAPANESE and _decode_problem(path, guess) is None:
                return codecs.lookup(guess).name
        return "cp932"
    guess = _charset_normalizer_guess(path)
    if guess:
        tried.append(f"{guess} (charset-normalizer's guess)")
        if _decode_problem(path, guess) is None:
            return guess
    else:
        tried.append("charset-normalizer (no plausible guess)")
    raise FileFormatError(
        "cannot be decoded as text; tried " + ", ".join(tried)
        + "; give the right one with --encoding",
        file=str(path),
    )


# -- helpers ---------------------------------------------------------------------------


def _decode_problem(path: Path, encoding: str) -> str | None:
    """None if the whole file decodes as ``encoding`` into plausible text, else what failed."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with open(path, "rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            final = not block
            try:
                text = decoder.decode(block, final=final)
            except UnicodeDecodeError as err:
                return f"byte {offset + err.start} is not valid {encoding}"
            if "\x00" in text:
                return "contains NUL characters (binary data or UTF-16)"
            if final:
                return None
            offset += len(block)


_EUC_JAPANESE = {"euc_jp", "euc_jis_2004", "euc_jisx0213"}


def _looks_garbled_cp932(path: Path) -> bool:
    """True when most non-ASCII characters of the CP932 reading are half-width katakana or
    private-use characters, as when EUC-JP bytes are read as CP932."""
    with open(path, "rb") as handle:
        text = handle.read(_BLOCK).decode("cp932", errors="ignore")
    wide = [ch for ch in text if ord(ch) > 127]
    if len(wide) < 8:
        return False
    odd = sum(1 for ch in wide if "\uff61" <= ch <= "\uff9f" or "\ue000" <= ch <= "\uf8ff")
    return odd / len(wide) > 0.5


def _charset_normalizer_guess(path: Path) -> str | None:
    """charset-normalizer's guess from the first megabyte (the caller checks the whole file)."""
    from charset_normalizer import from_bytes

    with open(path, "rb") as handle:
        sample = handle.read(_BLOCK)
    best = from_bytes(sample).best()
    if best is None:
        return None
    text = str(best)
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\t\r\n")
    if controls:  # random bytes "decode" in some 8-bit code page; real text has no controls
        return None
    return best.encoding


def _read_csv_header(path: Path, encoding: str, delimiter: str, header_row: int) -> list[str]:
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        for number, header in enumerate(reader, start=1):
            if number < header_row:
                continue
            if header and any(h.strip() for h in header):
                return header
            break
    return []


def _open_csv(path: Path, encoding: str | None, delimiter: str, header_row: int = 1) -> Table:
    chosen = detect_encoding(path, encoding)
    try:
        header = _read_csv_header(path, chosen, delimiter, header_row)
    except csv.Error as err:
        raise FileFormatError(f"the header row cannot be read as CSV ({err})", file=str(path)) from None
    if not header:
        where = "its first row" if header_row == 1 else f"row {header_row}"
        raise FileFormatError(f"is empty or {where} (the header) is blank", file=str(path))
    if len(header) == 1 and delimiter == "," and (";" in header[0] or "\t" in header[0]):
        sep = ";" if ";" in header[0] else "\t"
        raise FileFormatError(
            f"the header has one column {header[0]!r}; the file seems separated by {sep!r}, "
            "not commas; save it as CSV (comma-separated)",
            file=str(path),
        )
    return Table(path, "csv", _clean_header(header, path), encoding=chosen, delimiter=delimiter,
                 header_row=header_row)


def _open_jsonl(path: Path, encoding: str | None) -> Table:
    chosen = detect_encoding(path, encoding)
    columns: dict[str, None] = {}
    seen = 0
    with open(path, encoding=chosen) as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue  # reported as a bad row when the rows are read
            if isinstance(obj, dict):
                columns.update(dict.fromkeys(str(k) for k in obj))
                seen += 1
                if seen >= _JSONL_HEADER_SAMPLE:
                    break
    if not seen:
        raise FileFormatError("has no JSON object lines (expected one JSON object per line)", file=str(path))
    return Table(path, "jsonl", list(columns), encoding=chosen)


def _open_workbook(path: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # zipfile.BadZipFile, KeyError, InvalidFileException, ...
        raise FileFormatError(f"cannot be opened as an Excel .xlsx workbook ({err})", file=str(path)) from None


def _open_excel(path: Path, sheet: str | None, header_row: int = 1) -> Table:
    book = _open_workbook(path)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FileFormatError(
                f"has no sheet {sheet!r}; its sheets are {', '.join(book.sheetnames)}", file=str(path)
            )
        ws = book[sheet] if sheet else book.worksheets[0]
        first = next(ws.iter_rows(min_row=header_row, max_row=header_row), None)
        header = [_excel_text(c) for c in first] if first else []
        while header and not header[-1].strip():
            header.pop()
        if not header:
            raise FileFormatError(f"sheet {ws.title!r} has no header in row {header_row}", file=str(path))
        return Table(path, "xlsx", _clean_header(header, path), sheet=ws.title, header_row=header_row)
    finally:
        book.close()


def _clean_header(header: list[str], path: Path) -> list[str]:
    cleaned: list[str] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        name = name.replace("\ufeff", "").strip() or f"column {position}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        cleaned.append(name)
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
