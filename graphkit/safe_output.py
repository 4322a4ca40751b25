"""Safe output: spreadsheet-safe cells, atomic file writes, safe file names.

Values in exported files come from records an adversary may have written. A cell such as
``=HYPERLINK("http://x", "click")`` would run as a formula when a CSV is opened in a
spreadsheet, so every text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (after NFKC width folding, so full-width ``＝`` counts too) gets a leading
apostrophe (OWASP's CSV injection advice). Numbers stay numbers.

Files are written atomically (a temporary file in the same directory, then renamed over the
target), so a failed write leaves the previous file intact.

>>> neutralise("=1+1"), neutralise("＝1+1"), neutralise("Wang Lei"), neutralise(-3)
("'=1+1", "'＝1+1", 'Wang Lei', -3)
>>> safe_filename("K-2024-01"), safe_filename("../K/01").startswith("K_01-")
('K-2024-01', True)
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterator, Mapping

if TYPE_CHECKING:  # pandas loads with the first frame: `graphkit info` counts rejects without it
    import pandas as pd

from graphkit.safe_text import for_display, is_unsafe_char

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
EXCEL_MAX_ROWS = 1_048_576
"""Rows in one Excel sheet, the header included: more are refused before anything is built."""
#: Characters XML 1.0 forbids (C0 controls but tab and line ends, lone surrogates, U+FFFE and
#: U+FFFF): openpyxl writes them as they are and the workbook no longer opens anywhere.
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXCEL_MAX_CELL = 32_767
"""Characters (UTF-16 units) one Excel cell holds. A longer text (a national report's busiest
broker cites tens of thousands of records) is cut in the workbook and says so in the cell;
Excel would otherwise cut it silently or refuse the file. The CSV beside it keeps it whole."""


def excel_text(text: str) -> str:
    """``text`` as an Excel cell can hold it: characters XML forbids dropped, and a text longer
    than :data:`EXCEL_MAX_CELL` cut with a note of how much was cut.

    >>> excel_text("a\\x00b")
    'ab'
    >>> cut = excel_text("x" * 40_000)
    >>> len(cut), cut[-60:]
    (32766, 'xxx… [7,291 more characters cut: an Excel cell holds 32,767]')
    """
    text = _XLSX_ILLEGAL.sub("", text)
    if len(text) <= EXCEL_MAX_CELL // 2:
        return text  # even all outside the BMP (2 units each) it fits
    units = text.encode("utf-16-le")
    if len(units) // 2 <= EXCEL_MAX_CELL:
        return text
    def note(cut: int) -> str:
        return f"… [{cut:,} more characters cut: an Excel cell holds {EXCEL_MAX_CELL:,}]"

    room = EXCEL_MAX_CELL - len(note(len(text)))  # the count cut has no more digits than this
    head = units[:2 * room].decode("utf-16-le", errors="ignore")  # never half a pair
    return head + note(len(text) - len(head))


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (after width folding).

    >>> is_formula_like("＠SUM(A1)"), is_formula_like("a=b")
    (True, False)
    """
    return unicodedata.normalize("NFKC", text[:2]).startswith(FORMULA_STARTS)


SIGNIFICANT_DIGITS = 12
"""Floats leave graphkit rounded to this many significant digits (:func:`output_float`)."""

CSV_ENCODING = "utf-8-sig"
"""Every user-facing CSV starts with a byte-order mark, so Excel (Japanese Windows included)
reads its Japanese text as UTF-8 instead of CP932."""


def output_float(value: Any) -> Any:
    """A float as graphkit writes it: rounded to :data:`SIGNIFICANT_DIGITS` significant digits,
    so sums such as ``0.1 + 0.5`` are written ``0.6``, not ``0.6000000000000001``; the one place
    floats are rounded for output (CSV, XLSX and JSON). Other values are returned as they are.

    >>> output_float(0.1 + 0.5), output_float(1 / 3), output_float(12345678.5), output_float("x")
    (0.6, 0.333333333333, 12345678.5, 'x')
    """
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    return value


def neutralise(value: Any) -> Any:
    """Prefix an apostrophe to a formula-like text cell; leave every other value as it is.

    Lists, tuples and sets are neutralised element by element (a list comes back).
    """
    if isinstance(value, str):
        return "'" + value if value and is_formula_like(value) else value
    if isinstance(value, (list, tuple, set)):
        return [neutralise(v) for v in value]
    return value


def _is_string_dtype(column: Any) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_string_dtype(column))


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) neutralised.

    List-like cells are joined with ``"; "`` first, since a CSV or spreadsheet cell holds text;
    floats are rounded by :func:`output_float`.

    >>> import pandas as pd
    >>> neutralise_frame(pd.DataFrame({"name": ["=cmd", "Sato"], "aliases": [["@x", "y"], []]})).values.tolist()
    [["'=cmd", "'@x; y"], ['Sato', '']]
    >>> neutralise_frame(pd.DataFrame({"p": [0.1 + 0.5]}))["p"].tolist()
    [0.6]
    """
    out = _join_lists(frame)
    for column in out.columns:
        if out[column].dtype == object or _is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def _join_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """Join list-like cells with ``"; "`` so a CSV or spreadsheet cell holds plain text."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: "; ".join("" if x is None else str(output_float(x)) for x in v)
                if isinstance(v, (list, tuple, set)) else output_float(v)
            )
        elif out[column].dtype.kind == "f":  # float columns (pandas is imported lazily here)
            out[column] = out[column].map(output_float)
    return out


@contextlib.contextmanager
def atomic_writer(path: Path | str, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_writer(p) as fh:
    ...     _ = fh.write("hello")
    >>> p.read_text()
    'hello'
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:  # name the file the user asked for, not our temporary one
        raise type(err)(err.errno, err.strerror, str(target)) from None
    try:
        binary = "b" in mode
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); the result gets the mode an ordinary write would
        # give: the old file's mode when replacing one, else 0666 less the umask.
        os.chmod(tmp_name, _mode_for(target))
        os.replace(tmp_name, target)
    except OSError as err:  # a full disk, a lost mount: the old file stays
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if err.filename in (None, tmp_name):
            raise type(err)(err.errno, err.strerror, str(target)) from None
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; a failure (even mid-encoding) leaves the old file."""
    with atomic_writer(path, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
    return Path(path)


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with atomic_writer(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def write_csv(frame: pd.DataFrame, path: Path | str, encoding: str = CSV_ENCODING) -> Path:
    """Write ``frame`` as a spreadsheet-safe CSV (lists joined with ``"; "``, floats rounded),
    atomically: the one CSV writer of every user-facing CSV (exports, report tables), with a
    byte-order mark (:data:`CSV_ENCODING`) that makes Excel read Japanese text correctly.

    Control and bidi characters in cells (a NUL, ``ESC``, ``U+202E``) are written as visible
    ``\\uXXXX`` escapes (:func:`graphkit.safe_text.for_display`; line breaks and tabs stay).
    """
    # written to the file by pandas in chunks: a national report's tables are tens of MB, and
    # the whole text, then its encoded bytes, were held at once
    with atomic_writer(path, "w", encoding=encoding, newline="") as handle:
        display_frame(neutralise_frame(frame)).to_csv(handle, index=False)
    return Path(path)


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with control and bidi characters of its text cells and column names escaped.

    >>> import pandas as pd
    >>> display_frame(pd.DataFrame({"name": ["a\\x00b", 1]})).values.tolist()
    [['a\\\\u0000b'], [1]]
    """
    def clean(value: Any) -> Any:
        return for_display(value, keep_newlines=True) if isinstance(value, str) else value

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or _is_string_dtype(out[column]):
            out[column] = out[column].map(clean)
    out.columns = [clean(c) for c in out.columns]
    return out


def _sheet_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "_", str(name)).strip("'")[:31] or "Sheet"
    base, n = title, 2
    while title.casefold() in used:
        title = f"{base[:28]}~{n}"
        n += 1
    used.add(title.casefold())
    return title


def write_xlsx(frames: pd.DataFrame | Mapping[str, pd.DataFrame], path: Path | str, *,
               marking: str = "") -> Path:
    """Write one frame, or a dict of sheet name -> frame, to an Excel file, atomically.

    Every text cell is stored as a string (``data_type 's'``), never a formula; formula-like
    text also gets Excel's quote prefix so editing the cell keeps it text. Characters Excel
    cannot hold (control characters, U+FFFE, U+FFFF) are dropped; lists are joined with ``"; "``.
    ``marking`` (e.g. 取扱注意) is put in every sheet's header and footer (shown when printed
    and in page layout view). A sheet of more than :data:`EXCEL_MAX_ROWS` rows is refused
    before anything is built.
    """
    from openpyxl import Workbook

    sheets = {"Sheet1": frames} if not isinstance(frames, Mapping) else dict(frames)
    for name, frame in sheets.items():
        if len(frame) + 1 > EXCEL_MAX_ROWS:
            from graphkit.errors import GraphkitError

            raise GraphkitError(
                f"sheet {name!r} would have {len(frame) + 1:,} rows with its header; an Excel sheet "
                f"holds at most {EXCEL_MAX_ROWS:,}: write CSV instead (or narrow it with --case, "
                "--since, --until, --kind)"
            )
    book = Workbook()
    if book.active is not None:  # a new workbook starts with one empty sheet
        book.remove(book.active)
    used: set[str] = set()
    for name, frame in sheets.items():
        sheet = book.create_sheet(_sheet_title(name, used))
        if marking:
            clean = _XLSX_ILLEGAL.sub("", marking).replace("&", "&&")  # & starts a header code
            sheet.oddHeader.center.text = sheet.evenHeader.center.text = clean
            sheet.oddFooter.center.text = sheet.evenFooter.center.text = clean
        frame = _join_lists(frame)
        rows = [list(frame.columns)] + frame.astype(object).where(frame.notna(), None).values.tolist()
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is None:
                    continue
                if hasattr(value, "item") and not isinstance(value, str):
                    value = value.item()  # numpy scalar -> Python
                if not isinstance(value, (int, float, bool)):
                    value = str(value)
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, str):
                    cell.value = excel_text(value)
                    cell.data_type = "s"
                    if is_formula_like(value):
                        cell.quotePrefix = True
                else:
                    cell.value = value
    with atomic_writer(path, "wb") as handle:  # straight into the file: no copy of the bytes
        book.save(handle)
    return Path(path)


def safe_filename(text: str, max_length: int = 80) -> str:
    """A file name made from ``text`` (a case id, a name) that cannot leave its directory.

    Path separators, control and reserved characters become ``_``; leading dots and spaces
    go; Windows device names get a ``_`` prefix; the length is bounded. When anything was
    changed a short hash of the original is appended, so two different ids never share a name.

    >>> safe_filename("K-2024-01")
    'K-2024-01'
    >>> safe_filename("../../etc/passwd").startswith("etc_passwd-")
    True
    """
    original = str(text)
    name = unicodedata.normalize("NFKC", original)
    # controls, bidi overrides and invisible characters: K-\u202eexe.txt must not pose as K-txt.exe
    name = "".join("_" if is_unsafe_char(c) else c for c in name)
    name = _UNSAFE_NAME.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name).strip(" ._")
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    changed = name != original or len(name) > max_length or not name
    if changed:
        digest = hashlib.sha1(original.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = f"{name[: max_length - 9]}-{digest}" if name else digest
    return name


def safe_path(directory: Path | str, name: str, suffix: str = "") -> Path:
    """``directory / (safe_filename(name) + suffix)``, checked to stay inside ``directory``."""
    base = Path(directory).resolve()
    path = (base / (safe_filename(name) + suffix)).resolve()
    if path.parent != base:
        raise ValueError(f"unsafe file name {name!r}")
    return path


def json_value(value: Any, *, omit_keys: frozenset[str] | set[str] = frozenset()) -> Any:
    """``value`` as plain JSON data: the one conversion every JSON output goes through.

    Mappings get text keys (``omit_keys`` left out at every depth), lists and tuples become
    lists, sets sorted lists, numpy and pandas scalars Python numbers, NaN ``None`` (JSON has
    no NaN), floats rounded by :func:`output_float`; anything else is returned as it is
    (``json.dumps(default=str)`` writes the rest).

    >>> import numpy as np
    >>> json_value({"n": np.int64(3), 1: [float("nan"), {"b", "a"}], "seconds": 2.0}, omit_keys={"seconds"})
    {'n': 3, '1': [None, ['a', 'b']]}
    """
    if isinstance(value, Mapping):
        return {str(k): json_value(v, omit_keys=omit_keys) for k, v in value.items() if k not in omit_keys}
    if isinstance(value, (list, tuple)):
        return [json_value(v, omit_keys=omit_keys) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [json_value(v, omit_keys=omit_keys) for v in value]
        try:
            return sorted(items)
        except TypeError:  # mixed types: a stable order all the same
            return sorted(items, key=repr)
    if isinstance(value, float) and value != value:  # NaN, numpy's included
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy / pandas scalar -> Python
        return None if isinstance(value, float) and value != value else output_float(value)
    return output_float(value)
