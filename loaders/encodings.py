"""Decide a text file's encoding by graphkit's own rules for Japanese records.

No general-purpose detector guesses here: a detector asked about a short Japanese file answers
with whatever 8-bit code page scores best (an EUC-JP file of names came back as Thai, a UTF-8
file with one CP932 row as Cyrillic). graphkit decides instead, in this order:

1. A byte-order mark decides: UTF-8 (BOM) or UTF-16 (BOM). The file must then decode strictly.
2. Otherwise the whole file is decoded strictly as UTF-8, CP932 and EUC-JP.
3. If UTF-8 decodes, it is UTF-8: legacy Japanese text is practically never valid UTF-8.
4. If CP932 and/or EUC-JP decode, each reading is judged by what it looks like: kana, kanji,
   full-width forms and ASCII are expected; Greek, Cyrillic, Latin letters, box drawing,
   private-use characters and mojibake patterns (half-width katakana interleaved with kanji,
   a voicing mark after a kana that takes none) are not; half-width katakana is a legacy form
   that counts a little against a reading. The reading with the least against it wins (a tie
   goes to CP932, what Windows writes). A reading in which more than a fifth of the non-ASCII
   characters are unexpected is refused unless ``--encoding`` names the encoding.
5. If none decodes, the file is not one encoding: the one that reads furthest (UTF-8 first when
   its readable part has UTF-8 text) is the file's, and the first row with bytes that are not
   valid in it is named by row and column. ``on_bad_bytes="reject-rows"`` sets such rows aside
   instead. A file whose header cannot be read is "not text".

A chosen reading with a few unexpected characters or mojibake is loaded with a note naming the
first row and column, so it is never stored silently.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "euc.csv"
>>> _ = path.write_bytes("from_name,to_name\\n山田太郎,佐藤花子\\n".encode("euc_jp"))
>>> choice = decide_encoding(path)
>>> choice.codec, choice.label
('euc_jp', 'EUC-JP')
>>> resolve_encoding("sjis")[0]
'cp932'
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from graphkit.errors import FileFormatError

CANDIDATES = ("utf-8", "cp932", "euc_jp")
"""Decoded strictly, in this order, when a file has no byte-order mark."""

ON_BAD_BYTES = ("refuse", "reject-rows")
"""What to do with rows whose bytes are not valid in the file's encoding."""

LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "cp932": "CP932", "euc_jp": "EUC-JP",
          "utf-16": "UTF-16 (BOM)", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}

_CP932_NAMES = {"cp932", "ms932", "windows31j", "sjis", "shiftjis", "xsjis", "mskanji", "csshiftjis",
                "cswindows31j", "ibm943"}
_EUC_NAMES = {"eucjp", "ujis", "xeucjp", "cseucpkdfmtjapanese"}
_UTF8_NAMES = {"utf8", "utf8sig", "utf8bom"}
_JAPANESE_CODECS = {"utf-8", "utf-8-sig", "cp932", "euc_jp", "utf-16", "utf-16-le", "utf-16-be"}

REFUSE_SHARE = 0.2
"""A detected legacy reading is refused when more than this share of its non-ASCII characters
is unexpected for Japanese text."""

_BLOCK = 1 << 20

# Characters that do not belong in Japanese records read from CP932 or EUC-JP (both code pages
# can encode Greek, Cyrillic and box drawing, which is exactly what mojibake turns into).
_ODD_LEGACY = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff"
    "\u0400-\u04ff\u0590-\u06ff\u0e00-\u0e7f\u2500-\u257f\ue000-\uf8ff\ufffd]"
)
# In UTF-8 any script is legitimate (foreign names); only controls and replacement marks are odd.
_ODD_UTF8 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_KANJI = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HALF_KANA = "\uff61-\uff9f"
_HALF_KANA_LETTER = "\uff66-\uff9f"  # without the half-width punctuation ｡｢｣､･ real text uses
_MOJIBAKE_PARTS = [
    # a half-width katakana between kanji, or one before a kanji between half-width katakana: a
    # Japanese text read in the wrong Japanese encoding (UTF-8 read as CP932: 螻ｱ逕ｰ). Each
    # pattern starts with a rare character and is searched on its own, to stay fast on long files.
    re.compile(f"[{_HALF_KANA_LETTER}](?=[{_KANJI}])(?:(?<=[{_KANJI}][{_HALF_KANA_LETTER}])"
               f"|(?=[{_KANJI}][{_HALF_KANA_LETTER}]))"),
    # a voicing mark after a kana that takes none, or at the start of a cell
    re.compile("\uff9e(?<![\uff73\uff76-\uff84\uff8a-\uff8e\uff9c\uff66]\uff9e)"),
    re.compile("\uff9f(?<![\uff8a-\uff8e]\uff9f)"),
    # UTF-8 read as Latin-1 / Windows-1252 and saved again (Ã©, å±±)
    re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
               "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"),
]
_MOJIBAKE = re.compile("|".join(f"(?:{p.pattern})" for p in _MOJIBAKE_PARTS))
"""Any of the mojibake patterns (to find the cell that shows one)."""
_HALF_KANA_RE = re.compile(f"[{_HALF_KANA}]")
_HALF_KANA_RUNS = re.compile(f"[{_HALF_KANA}]+")
# a whole cell of half-width katakana (spaces allowed inside), as an EUC-JP name reads in CP932
_HALF_KANA_CELL = re.compile(
    f"[{_HALF_KANA}](?<![^,\t\r\n][{_HALF_KANA}])[{_HALF_KANA} ]*[{_HALF_KANA}](?=[,\t\r\n]|$)")
_BAD = re.compile("[\udc80-\udcff\x00]")  # an undecodable byte (surrogate-escaped) or a NUL
# Python's cp932 turns the single bytes 80, A0, FD, FE, FF, which are no character in Windows
# text, into U+0080 and private-use placeholders: graphkit counts them as undecodable bytes.
_CP932_PLACEHOLDERS = {0x80: 0xDC80, 0xF8F0: 0xDCA0, 0xF8F1: 0xDCFD, 0xF8F2: 0xDCFE, 0xF8F3: 0xDCFF}
_CP932_PLACEHOLDER = re.compile("[\x80\uf8f0-\uf8f3]")


def escape_placeholders(values: list[str], codec: str) -> list[str]:
    """Cells with CP932's placeholder characters turned back into escaped bytes (see above)."""
    if codec != "cp932":
        return values
    return [v.translate(_CP932_PLACEHOLDERS) if _CP932_PLACEHOLDER.search(v) else v for v in values]


def resolve_encoding(name: str) -> tuple[str, str | None]:
    """The Python codec for an encoding name a user gives, and a note when it was read as another.

    Shift_JIS names are read as CP932, the superset Windows writes (plain Shift_JIS lacks ①, ㈱
    and 髙 and would refuse files Windows wrote); EUC-JP names as EUC-JP.

    >>> resolve_encoding("Shift-JIS")
    ('cp932', "encoding 'Shift-JIS' read as CP932, the superset of Shift_JIS that Windows writes")
    >>> resolve_encoding("eucjp")
    ('euc_jp', None)
    >>> resolve_encoding("klingon")
    Traceback (most recent call last):
    ...
    graphkit.errors.FileFormatError: unknown encoding 'klingon'; give utf-8, cp932 (also sjis, shift_jis, ms932, windows-31j), euc-jp or utf-16
    """
    key = re.sub(r"[-_\s]", "", name.strip().lower())
    if key in _CP932_NAMES:
        note = None if key == "cp932" else (
            f"encoding {name!r} read as CP932, the superset of Shift_JIS that Windows writes")
        return "cp932", note
    if key in _EUC_NAMES:
        return "euc_jp", None
    if key in _UTF8_NAMES:
        return "utf-8", None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise FileFormatError(
            f"unknown encoding {name!r}; give utf-8, cp932 (also sjis, shift_jis, ms932, "
            "windows-31j), euc-jp or utf-16") from None
    if codec not in _JAPANESE_CODECS:
        return codec, f"{codec} is not an encoding graphkit checks for Japanese text; only strict decoding was checked"
    return codec, None


def encoding_label(codec: str) -> str:
    """The name the load summary shows: ``UTF-8``, ``UTF-8 (BOM)``, ``CP932``, ``EUC-JP`` ..."""
    return LABELS.get(codec, codec.upper())


@dataclass
class BadSpot:
    """The first place a file is not valid in its encoding: row (spreadsheet-numbered), column."""

    row: int
    column: str
    problem: str


@dataclass
class EncodingChoice:
    """The encoding a file is read with, why, and whether some rows are not valid in it."""

    codec: str
    label: str
    notes: list[str] = field(default_factory=list)
    bad: BadSpot | None = None
    rows_in_other_encodings: bool = False
    """Some rows decode as ``codec`` only into mojibake but cleanly in another candidate."""
    half_width_suspect: bool = False
    """A CP932 file written full-width: a half-width-only cell that reads as kanji in EUC-JP is
    an EUC-JP row (in a file written half-width throughout it is left alone)."""


@dataclass
class _Reading:
    codec: str
    failed_at: int | None = None  # byte offset of the first undecodable byte (or NUL)
    non_ascii: int = 0
    odd: int = 0
    mojibake: int = 0
    half_kana: int = 0
    prefix_non_ascii: int = 0
    euc_looking_runs: int = 0  # CP932 half-width cells that EUC-JP reads as kana and kanji
    tail: str = ""  # the end of the previous block, so a pattern split by a block boundary counts once
    _runs_seen: dict[str, bool] = field(default_factory=dict)

    @property
    def decoded(self) -> bool:
        return self.failed_at is None

    def unexpected_share(self) -> float:
        return (self.odd + self.mojibake) / max(self.non_ascii, 1)

    def against(self) -> float:
        """What counts against this reading when several decode (lower is better)."""
        return (self.odd + 2 * self.mojibake + 0.5 * self.half_kana) / max(self.non_ascii, 1)


def decide_encoding(path: Path, requested: str | None = None, *, delimiter: str = ",",
                    lines: bool = False) -> EncodingChoice:
    """Decide how to read ``path`` (see the module docstring for the rules, in order).

    ``lines=True`` treats each line as a row (JSON Lines); else rows are CSV rows split by
    ``delimiter``. Raises :class:`FileFormatError` when no encoding reads the file as text or
    the only reading is not Japanese-looking text.
    """
    with open(path, "rb") as handle:
        head = handle.read(4)
    notes: list[str] = []
    if requested:
        codec, note = resolve_encoding(requested)
        notes += [note] if note else []
        if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        return _judged(path, _scan(path, [codec])[0], notes, delimiter, lines, explicit=requested)
    if head.startswith(codecs.BOM_UTF8):
        return _judged(path, _scan(path, ["utf-8-sig"])[0], notes, delimiter, lines)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _judged(path, _scan(path, ["utf-16"])[0], notes, delimiter, lines)
    if _looks_like_bomless_utf16(path):
        raise FileFormatError(
            "looks like UTF-16 text without a byte-order mark, which graphkit does not guess; "
            "save it as 'CSV UTF-8' or give --encoding utf-16-le (or utf-16-be)", file=str(path))
    readings = _scan(path, list(CANDIDATES))
    by_codec = {r.codec: r for r in readings}
    if by_codec["utf-8"].decoded:
        return _judged(path, by_codec["utf-8"], notes, delimiter, lines)
    legacy = [r for r in readings if r.decoded]
    if legacy:
        best = min(legacy, key=lambda r: (r.against(), CANDIDATES.index(r.codec)))
        return _judged(path, best, notes, delimiter, lines)
    # not one encoding: the file's is the one that reads furthest; valid UTF-8 text wins
    utf8 = by_codec["utf-8"]
    primary = utf8 if utf8.prefix_non_ascii else max(readings, key=lambda r: r.failed_at or 0)
    choice = _judged(path, primary, notes, delimiter, lines)
    if choice.bad is not None and choice.bad.row <= 1:
        raise FileFormatError(
            "cannot be decoded as text; tried " + ", ".join(encoding_label(c).lower() for c in CANDIDATES)
            + "; give the right one with --encoding", file=str(path))
    return choice


def _judged(path: Path, reading: _Reading, notes: list[str], delimiter: str, lines: bool,
            explicit: str | None = None) -> EncodingChoice:
    """Turn a reading into a choice: locate bad bytes, refuse or note unexpected text."""
    choice = EncodingChoice(reading.codec, encoding_label(reading.codec), list(notes))
    if not reading.decoded:
        choice.bad = locate_first_bad_row(path, reading.codec, delimiter=delimiter, lines=lines)
        if choice.bad is None:  # the decoder failed where no row holds the bytes (a cut-off tail)
            choice.bad = BadSpot(_row_count(path, reading.codec, delimiter, lines) + 1, "column 1",
                                 f"the file ends in bytes that are not valid {choice.label}")
        return choice
    legacy = reading.codec in CANDIDATES[1:]  # CP932 and EUC-JP: judged as Japanese text
    choice.half_width_suspect = (reading.codec == "cp932" and reading.euc_looking_runs > 0
                                 and reading.half_kana < reading.non_ascii - reading.half_kana)
    if legacy and (reading.mojibake or choice.half_width_suspect):
        other = _first_row_in_other_encoding(path, choice, delimiter, lines)
        if other is not None:
            choice.bad, choice.rows_in_other_encodings = other, True
            return choice
    if not (reading.odd or reading.mojibake):
        return choice
    odd = _ODD_LEGACY if legacy else _ODD_UTF8
    where = _first_row_matching(path, reading.codec, delimiter, lines, odd, _MOJIBAKE)
    at = f"row {where[0]}, column {where[1]}: {where[2]!r}" if where else "somewhere in the file"
    if where is None and reading.unexpected_share() <= REFUSE_SHARE:
        return choice  # only across a line break: nothing a person would see in one cell
    if legacy and explicit is None and reading.unexpected_share() > REFUSE_SHARE:
        raise FileFormatError(
            f"decodes as {choice.label} but does not read as Japanese text ({at}); if that is what "
            f"the file holds, give --encoding {reading.codec}", file=str(path))
    count = reading.odd + reading.mojibake
    choice.notes.append(f"{count} character(s) read as {choice.label} look out of place "
                        f"(mojibake or an unexpected script), first at {at}; check the file")
    return choice


def _scan(path: Path, codecs_to_try: list[str]) -> list[_Reading]:
    """Decode the whole file strictly with each codec in one pass over its bytes."""
    readings = [_Reading(c) for c in codecs_to_try]
    decoders = [codecs.getincrementaldecoder(c)(errors="strict") for c in codecs_to_try]
    offset = 0
    with open(path, "rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            final = not block
            for reading, decoder in zip(readings, decoders):
                if reading.failed_at is not None:
                    continue
                try:
                    text = decoder.decode(block, final=final)
                except UnicodeDecodeError as err:
                    reading.failed_at = offset + err.start
                    text = block[:err.start].decode(reading.codec, errors="ignore")
                    reading.prefix_non_ascii += _non_ascii(text)
                    continue
                nul = _NUL_OR_PLACEHOLDER.get(reading.codec, _NUL).search(text)
                if nul:
                    reading.failed_at = offset + len(text[:nul.start()].encode(reading.codec, errors="replace"))
                    continue
                _profile(reading, text, reading.codec in CANDIDATES[1:])
            if final:
                return readings
            offset += len(block)


_NUL = re.compile("\x00")
_NUL_OR_PLACEHOLDER = {"cp932": re.compile("[\x00\x80\uf8f0-\uf8f3]")}
_NUL_OR_PLACEHOLDER.update({c: re.compile("\x00") for c in ("utf-8", "utf-8-sig", "euc_jp")})


def _profile(reading: _Reading, text: str, legacy: bool) -> None:
    non_ascii = _non_ascii(text)
    reading.non_ascii += non_ascii
    reading.prefix_non_ascii += non_ascii
    if not non_ascii:
        reading.tail = ""
        return
    reading.odd += len((_ODD_LEGACY if legacy else _ODD_UTF8).findall(text))
    joined = reading.tail + text
    reading.mojibake += sum(1 for part in _MOJIBAKE_PARTS for m in part.finditer(joined)
                            if m.start() >= len(reading.tail))
    reading.tail = text[-2:]
    half_kana = sum(map(len, _HALF_KANA_RUNS.findall(text)))
    reading.half_kana += half_kana
    if reading.codec == "cp932" and half_kana:
        for run in _HALF_KANA_CELL.findall(text):
            looks = reading._runs_seen.get(run)
            if looks is None and len(reading._runs_seen) < 100_000:
                looks = reading._runs_seen[run] = other_encoding(run, "cp932", True) is not None
            reading.euc_looking_runs += bool(looks)


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", errors="ignore"))


def _looks_like_bomless_utf16(path: Path) -> bool:
    """Most of the first kilobyte's odd or even bytes are NUL: UTF-16 of mostly ASCII text."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0) / len(even), odd.count(0) / max(len(odd), 1)) > 0.4


def iter_rows_tolerant(path: Path, codec: str, *, delimiter: str = ",",
                       lines: bool = False) -> Iterator[tuple[int, list[str]]]:
    """Each row (spreadsheet-numbered, header = 1) with its cells; undecodable bytes are kept as
    lone surrogates (``errors="surrogateescape"``) so a bad row can be found and set aside."""
    with open(path, encoding=codec, errors="surrogateescape", newline="") as handle:
        if lines:
            for number, line in enumerate(handle, start=1):
                yield number, escape_placeholders([line.rstrip("\r\n")], codec)
            return
        reader = csv.reader(handle, delimiter=delimiter)
        number = 0
        while True:
            number += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield number, []
                continue
            yield number, escape_placeholders(values, codec)


def bad_cell(values: list[str]) -> int | None:
    """Index of the first cell holding an undecodable byte or a NUL, else None."""
    for position, value in enumerate(values):
        if _BAD.search(value):
            return position
    return None


def bad_bytes_problem(value: str, codec: str) -> str:
    """Why a cell is refused: its undecodable bytes shown as \\xNN, or its NUL."""
    label = encoding_label(codec)
    if "\x00" in value and not re.search("[\udc80-\udcff]", value):
        return "contains a NUL character"
    shown = value.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")
    return f"bytes not valid {label}: {shown[:60]}{_reads_as(value, codec)}"


def _reads_as(value: str, codec: str) -> str:
    """`` (reads as CP932: 山田 太郎13)`` when another candidate decodes the cell to clean text."""
    try:
        raw = value.encode(codec, errors="surrogateescape")
    except (UnicodeError, LookupError):
        return ""
    for other in CANDIDATES:
        if other == codec or (codec == "utf-8-sig" and other == "utf-8"):
            continue
        try:
            text = raw.decode(other)
        except UnicodeError:
            continue
        if not (_ODD_LEGACY.search(text) or _MOJIBAKE.search(text) or _CP932_PLACEHOLDER.search(text)):
            return f" (reads as {encoding_label(other)}: {text[:40]})"
    return ""


def shown_cells(values: dict[str, str]) -> dict[str, str]:
    """Cells with undecodable bytes written as \\xNN (what a reject keeps)."""
    return {k: v.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")
            .replace("\x00", "\\x00") for k, v in values.items()}


def locate_first_bad_row(path: Path, codec: str, *, delimiter: str = ",",
                         lines: bool = False) -> BadSpot | None:
    """The first row and column whose bytes are not valid ``codec`` (or hold a NUL)."""
    header: list[str] = []
    try:
        for number, values in iter_rows_tolerant(path, codec, delimiter=delimiter, lines=lines):
            if number == 1:
                header = values
            position = bad_cell(values)
            if position is None:
                continue
            if lines:
                return BadSpot(number, bad_json_key(values[0]), bad_bytes_problem(values[0], codec))
            name = header[position].strip() if number > 1 and position < len(header) else ""
            column = name if name and not _BAD.search(name) else f"column {position + 1}"
            return BadSpot(number, column, bad_bytes_problem(values[position], codec))
    except UnicodeDecodeError:
        return None  # a codec that cannot escape bytes (UTF-16): the caller says where it ends
    return None


def bad_json_key(line: str) -> str:
    """The key of a JSON line whose value (or name) holds an undecodable byte, else ``line``."""
    try:
        obj = json.loads(line)
    except ValueError:
        return "line"
    if isinstance(obj, dict):
        for key, value in obj.items():
            if _BAD.search(str(key)) or _BAD.search(json.dumps(value, ensure_ascii=False)):
                return str(key)
    return "line"


def _row_count(path: Path, codec: str, delimiter: str, lines: bool) -> int:
    count = 0
    with open(path, "rb") as handle:
        data = handle.read()
    text = data.decode(codec, errors="ignore")
    if lines:
        return len(text.splitlines())
    for count, _ in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        pass
    return count


def other_encoding(value: str, codec: str, half_width_suspect: bool = False) -> tuple[str, str] | None:
    """``(label, text)`` when a cell that ``codec`` reads as mojibake reads cleanly in another
    candidate: a UTF-8 row in a CP932 file (``螻ｱ逕ｰ`` is UTF-8 ``山田``), an EUC-JP row in a
    CP932 file written full-width (``ｻｳﾅﾄﾂﾀﾏｺ`` is EUC-JP ``山田太郎``, see
    :attr:`EncodingChoice.half_width_suspect`).

    >>> other_encoding("螻ｱ逕ｰ", "cp932")
    ('UTF-8', '山田')
    """
    if codec not in ("cp932", "euc_jp"):
        return None
    half_width_only = (half_width_suspect and _HALF_KANA_RE.search(value) is not None
                       and _NON_HALF_KANA.search(value) is None)
    if not (half_width_only or _MOJIBAKE.search(value)):
        return None
    try:
        raw = value.encode(codec)
    except UnicodeError:
        return None
    for other in CANDIDATES:
        if other == codec:
            continue
        try:
            text = raw.decode(other)
        except UnicodeError:
            continue
        if (len(_JAPANESE_LOOKING.findall(text)) >= 2 and not _HALF_KANA_RE.search(text)
                and not _ODD_LEGACY.search(text) and not _MOJIBAKE.search(text)):
            return encoding_label(other), text
    return None


def other_encoding_problem(value: str, codec: str, half_width_suspect: bool = False) -> str | None:
    """Why a cell is set aside when it is in another encoding, else None."""
    found = other_encoding(value, codec, half_width_suspect)
    if found is None:
        return None
    return (f"in another encoding: reads as {value[:40]!r} in {encoding_label(codec)} "
            f"but as {found[1][:40]!r} in {found[0]}")


def _first_row_in_other_encoding(path: Path, choice: EncodingChoice, delimiter: str,
                                 lines: bool) -> BadSpot | None:
    header: list[str] = []
    for number, values in iter_rows_tolerant(path, choice.codec, delimiter=delimiter, lines=lines):
        if number == 1:
            header = values
        for position, value in enumerate(values):
            problem = other_encoding_problem(value, choice.codec, choice.half_width_suspect)
            if problem:
                if lines:
                    return BadSpot(number, "line", problem)
                name = header[position].strip() if number > 1 and position < len(header) else ""
                return BadSpot(number, name or f"column {position + 1}", problem)
    return None


_NON_HALF_KANA = re.compile("[^\x00-\x7f\uff61-\uff9f]")
_JAPANESE_LOOKING = re.compile(f"[\u3041-\u3096\u30a1-\u30fa{_KANJI}]")


def _first_row_matching(path: Path, codec: str, delimiter: str, lines: bool,
                        *patterns: re.Pattern[str]) -> tuple[int, str, str] | None:
    """Row, column and cell of the first cell matching any pattern (a note's location)."""
    header: list[str] = []
    for number, values in iter_rows_tolerant(path, codec, delimiter=delimiter, lines=lines):
        if number == 1:
            header = values
        for position, value in enumerate(values):
            if any(p.search(value) for p in patterns):
                name = header[position].strip() if number > 1 and position < len(header) else ""
                return number, name or f"column {position + 1}", value[:40]
    return None


__all__ = ["CANDIDATES", "ON_BAD_BYTES", "BadSpot", "EncodingChoice", "decide_encoding",
           "encoding_label", "resolve_encoding", "locate_first_bad_row", "iter_rows_tolerant",
           "bad_cell", "bad_bytes_problem", "bad_json_key", "escape_placeholders", "other_encoding",
           "other_encoding_problem", "shown_cells"]
