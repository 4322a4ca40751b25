"""METI's specified-entity lists, as text extracted from the official PDFs.

Each entry is a number (ASCII or full-width digits), the Japanese name with aliases in
``（別称、A、B及びC）`` (and a Chinese legal name in brackets), the English name with
``a.k.a.`` aliases on dash lines, then ``所在地：`` and the address(es). Entries wrap over
lines, and a page break can glue the next entry's number onto the end of an address line
(``...United Arab Emirates.4 サクセス・アビエーション...``); the header gives the designation
and update dates with spaces inside (``指定日：2022 年03月01 日``).

Numbers must run 1, 2, 3, ...: an entry is recognised only by the number expected next, so
a house number at the start of an address line is never taken for an entry. A number out of
order, an entry without an English name or a file without entries stops the file with one
:class:`~graphkit.errors.InputError` naming the line.

>>> text = "指定日：2023年12月15日\\n最終更新日：2025 年9 月12 日\\n１ 有限会社タコ（別称、タコ）\\nTako LLC, a.k.a. the following one alias:\\n-Taco LLC.\\n所在地：17 Garegin Nzhdehi Street, Yerevan,\\nArmenia.2 株式会社テスト\\nTest JSC\\n所在地：Moscow, Russia."
>>> entries, edition = read_meti_text(text, "jp_meti_third_country", "P", "f.txt")
>>> edition, [(e.names, e.addresses, e.sources) for e in entries][1]
('2025-09-12', (('株式会社テスト', 'Test JSC'), ('Moscow, Russia.',), ('f.txt:7',)))
>>> entries[0].names, entries[0].listed, entries[0].countries
(('有限会社タコ', 'Tako LLC', 'タコ', 'Taco LLC'), '2023-12-15', ('AM',))
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from graphkit.errors import BadValue, FileFormatError
from graphkit.lists.model import ListEntry, entry_id
from graphkit.normalize import normalize_country, parse_date

__all__ = ["read_meti_text"]

_NUMBER = re.compile(r"^([0-9０-９]{1,3})[ \u3000]*(\S.*)$")
_ALIAS_START = re.compile(r"[（(]別称[、,，､]?")
_BRACKET = re.compile(r"[（(]([^（）()]*)[）)]")
_AKA = re.compile(r",?\s*\(?(?:a\.k\.a\.?,?\s*|(?=the following\s+\S+\s*alias))(.*)$", re.IGNORECASE)
_DASH = ("-", "—", "–", "‐", "−")
_HEADER_DATE = re.compile(r"^(指定日|最終更新日)[：:](.*)$")


@dataclass
class _Entry:
    number: int
    line: int
    japanese: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    address: list[str] = field(default_factory=list)
    japanese_aliases: list[str] = field(default_factory=list)
    english_aliases: list[str] = field(default_factory=list)
    phase: str = "japanese"


def _digits(text: str) -> int:
    return int("".join(str(unicodedata.digit(c)) for c in text))


def _mostly_latin(text: str, brackets: bool = False) -> bool:
    """Mostly Latin letters, leaving out a bracketed Chinese name (``Ele Technology Co LTD（深圳市…）``)
    unless ``brackets``."""
    if not brackets:
        text = re.sub(r"（[^）]*(）|$)", "", text) or text
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.8


def _header_date(raw: str, display: str, line: int) -> str | None:
    text = re.sub(r"\s+", "", raw)
    try:
        parsed = parse_date(text)
    except BadValue as err:
        raise BadValue(err.reason, file=display, row=line, value=raw) from None
    return parsed.iso if parsed else None


def read_meti_text(text: str, list_name: str, program: str, display: str) -> tuple[list[ListEntry], str | None]:
    """The entries of one METI list text and the list's last-update date (ISO)."""
    dates: dict[str, str | None] = {}
    entries: list[_Entry] = []
    expected = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = _HEADER_DATE.match(line)
        if header and not entries:
            dates[header.group(1)] = _header_date(header.group(2), display, number)
            continue
        for piece, starts in _pieces(line, expected, bool(entries)):
            if starts is not None:
                entries.append(_Entry(starts, number))
                _add(entries[-1], piece, first=True)
                expected = starts + 1
            elif entries:
                _add(entries[-1], piece)
            elif piece and _NUMBER.match(piece) and not _mostly_latin(piece):
                found = _NUMBER.match(piece)
                assert found
                raise FileFormatError(f"METI list entries must start at 1; found {_digits(found.group(1))}",
                                      file=display, row=number)
        _check_order(line, expected, display, number, bool(entries))
    if not entries:
        raise FileFormatError("no numbered entries found (is this a METI specified-entity list?)", file=display)
    listed = dates.get("指定日")
    return [_finish(e, list_name, program, listed, display) for e in entries], dates.get("最終更新日") or listed


def _pieces(line: str, expected: int, inside: bool) -> list[tuple[str, int | None]]:
    """The line, split where the expected entry number starts (also glued after a page break)."""
    found = _NUMBER.match(line)
    if found and _digits(found.group(1)) == expected and _CJK.search(found.group(2)):
        return [(found.group(2), expected)]
    if inside:
        for spelling in {str(expected), str(expected).translate(_FULL_WIDTH)}:
            for glue in re.finditer(rf"(?<=[\x21-\x2f\x3a-\x7e])\s*{spelling}(?![0-9０-９])[ \u3000]*(?=\S)", line):
                rest = line[glue.end():]
                if glue.start() > 0 and _CJK.search(rest) and not rest.startswith(("所在地",)):
                    return [(line[:glue.start()], None), (rest, expected)]
    return [(line, None)]


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _check_order(line: str, expected: int, display: str, number: int, inside: bool) -> None:
    """A line that starts like a later entry (a number skipped): refuse the file."""
    found = _NUMBER.match(line)
    if not (found and inside) or not _CJK.search(found.group(2)) or found.group(2).startswith(("所在地",)):
        return
    value = _digits(found.group(1))
    if expected < value <= expected + 5 and re.match(r"[^\x00-\x7f]", found.group(2)) and \
            not re.match(r"[年月日号]", found.group(2)):
        raise FileFormatError(f"METI list entries out of order: expected entry {expected - 1} to be "
                              f"followed by {expected}, found {value}", file=display, row=number)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN_TAIL = re.compile(r"(?<=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])(?=[A-Z][A-Za-z]+[ “”\"«»'’-]+[A-Za-z“\"])")


def _closing_at(before: str, piece: str) -> int:
    """Where in ``piece`` the brackets opened in ``before`` are all closed again (-1: not yet)."""
    depth = before.count("（") + before.count("(") - before.count("）") - before.count(")")
    for position, char in enumerate(piece):
        depth += char in "（("
        depth -= char in "）)"
        if depth <= 0:
            return position
    return -1


def _open_bracket(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _glued_english(piece: str) -> re.Match[str] | None:
    """Where an English name starts right after the Japanese one on the same line, if it does."""
    for tail in _LATIN_TAIL.finditer(piece):
        rest = piece[tail.start():]
        if tail.start() > 0 and not _open_bracket(piece[:tail.start()]) and _mostly_latin(rest) and len(rest.split()) >= 3 and not _CJK.search(rest[:20]):
            return tail
    return None


def _add(entry: _Entry, piece: str, first: bool = False) -> None:
    if not piece:
        return
    address_at = piece.find("所在地")
    if address_at > 0:  # the address glued to the end of the name line
        _add(entry, piece[:address_at], first)
        _add(entry, piece[address_at:])
        return
    if entry.phase == "japanese" and _open_bracket("".join(entry.japanese)):
        close = _closing_at("".join(entry.japanese), piece)
        if close < 0:
            entry.japanese.append(piece)
            return
        entry.japanese.append(piece[:close + 1])
        piece = piece[close + 1:].strip()
        if not piece:
            return
        first = False
        if not _CJK.search(piece):
            entry.phase = "english"
            entry.english.append(piece)
            return
    if first and not _glued_english(piece):
        entry.japanese.append(piece)
        return
    if piece.startswith(("所在地", "所 在 地")):
        entry.phase = "address"
        entry.address.append(re.sub(r"^所\s*在\s*地[：:]\s*", "", piece))
    elif entry.phase == "address":
        entry.address.append(piece)
    elif piece.startswith("別称") and entry.phase != "aliases":
        # the later entries' form: 別称：A; B (Japanese), then the English aliases; C; D
        entry.phase = "japanese_aliases"
        entry.japanese_aliases.append(re.sub(r"^別称[：:、]\s*", "", piece))
    elif entry.phase == "japanese_aliases" and not _mostly_latin(piece):
        entry.japanese_aliases.append(piece)
    elif entry.phase in {"japanese_aliases", "english_aliases"}:
        entry.phase = "english_aliases"
        entry.english_aliases.append(piece)
    elif entry.phase == "japanese" and (not _mostly_latin(piece) or _glued_english(piece)):
        tail = _glued_english(piece)
        if tail:
            entry.japanese.append(piece[:tail.start()])  # Japanese and English glued on one line
            entry.phase = "english"
            entry.english.append(piece[tail.start():])
        else:
            entry.japanese.append(piece)
    elif piece.startswith(_DASH) and entry.phase in {"english", "aliases"}:
        entry.phase = "aliases"
        entry.aliases.append(piece.lstrip("".join(_DASH) + " "))
    elif entry.phase == "aliases":
        entry.aliases[-1] += " " + piece
    else:
        entry.phase = "english"
        entry.english.append(piece)


def _alias_notes(text: str) -> tuple[str, list[str]]:
    """The text without its ``（別称、…）`` notes, and the notes (brackets inside them kept)."""
    notes = []
    while (start := _ALIAS_START.search(text)) is not None:
        end = _closing_at("（", text[start.end():])
        end = len(text) if end < 0 else start.end() + end
        notes.append(text[start.end():end])
        text = text[:start.start()] + text[end + 1:]
    return text, notes


def _clean_alias(text: str) -> str:
    text = re.sub(r"\s*;?\s*(and)?\s*$", "", text.strip())
    return re.sub(r"[.;,]+$", "", text).strip()


def _finish(entry: _Entry, list_name: str, program: str, listed: str | None, display: str) -> ListEntry:
    if not entry.english:
        raise FileFormatError(f"METI entry {entry.number} has no English name", file=display, row=entry.line)
    japanese = "".join(entry.japanese)
    japanese_aliases: list[str] = []
    japanese, notes = _alias_notes(japanese)
    for note in notes:
        japanese_aliases += [a.strip() for a in re.split(r"[、，､]|及び|並びに", note) if a.strip()]
    chinese = [b.strip() for b in _BRACKET.findall(japanese)
               if b.strip() and all(unicodedata.category(c) == "Lo" and "CJK" in unicodedata.name(c, "") for c in b.strip())]
    main_japanese = _BRACKET.sub("", japanese).split("。")[0].strip()
    english_text = " ".join(entry.english)
    # a Chinese legal name in brackets after the English name, possibly several
    for bracket in re.findall(r"[（(]([^（）()]*[^\x00-\x7f][^（）()]*)[）)]", english_text):
        chinese += [c.strip() for c in re.split(r"[、，,]", bracket) if c.strip()]
    english_text = re.sub(r"[（(][^（）()]*[^\x00-\x7f][^（）()]*[）)]", "", english_text)
    aka = _AKA.search(english_text)
    english = (english_text[:aka.start()] if aka else english_text).strip().rstrip(",;:")
    english = english.split(", including ")[0]  # "Ministry of Defence ..., including the Armed Forces ..."
    japanese_aliases += [a.strip() for a in re.split(r"[;；]|及び", "".join(entry.japanese_aliases)) if a.strip()]
    english_aliases = [_clean_alias(a) for a in entry.aliases]
    english_aliases += [_clean_alias(a) for a in re.split(r"[;；]", " ".join(entry.english_aliases)) if a.strip()]
    if aka and not re.match(r"(the )?following", aka.group(1).strip(), re.IGNORECASE) and aka.group(1).strip():
        english_aliases.append(_clean_alias(aka.group(1)))
    address_text = " ".join(entry.address).strip()
    addresses = [a.strip() for a in re.split(r";\s*and\s+|;\s+", address_text) if a.strip()]
    countries = []
    for address in addresses:
        try:
            code = normalize_country(address.rstrip(". ").split(",")[-1].strip())
        except BadValue:
            code = None
        if code:
            countries.append(code)
    names = [n for n in [main_japanese, english, *chinese, *japanese_aliases, *english_aliases] if n]
    return ListEntry(
        list_name=list_name, entry_id=entry_id(list_name, english), kind="organisation",
        names=tuple(dict.fromkeys(names)), program=program, listed=listed,
        countries=tuple(dict.fromkeys(countries)), addresses=tuple(addresses),
        sources=(f"{display}:{entry.line}",))
