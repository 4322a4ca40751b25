"""Dates at their precision: ISO 8601, Japanese era dates, full-width digits.

A date cell becomes a :class:`PartialDate`: an ISO 8601 string at the precision the record
gives (``2024``, ``2024-05`` or ``2024-05-01``) and that precision. Nothing is invented:
``令和6年5月`` is ``2024-05``, never ``2024-05-01``. An impossible date is rejected with the
reason (:class:`graphkit.errors.BadValue`), never silently moved.

Era rules (docs/normalisation.md has the table): an era date must fall inside its era, first
and last days included; a month or year is accepted when any part of it is inside. The day an
emperor died belongs to both eras (``大正15年12月25日`` and ``昭和元年12月25日`` are both
1926-12-25), as the official calendars count it. Meiji dates before 明治6年 (1873) with a month
are refused: Japan used the lunisolar calendar until 明治5年12月2日, so ``明治5年3月`` is not
Gregorian March 1872.

>>> parse_date("令和6年5月1日")
PartialDate(iso='2024-05-01', precision='day')
>>> str(parse_date("H15.3"))
'2003-03'
>>> parse_date("  ") is None
True
"""
from __future__ import annotations

import calendar
import functools
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Iterable

from graphkit.errors import BadValue
from graphkit.normalize.text import fold, is_missing

__all__ = ["PartialDate", "parse_date", "from_epoch", "ERAS", "Era", "SECONDS_PER_DAY"]

_PRECISION_RANK = {"second": -1, "day": 0, "month": 1, "year": 2}
_ISO_SHAPE = {
    "year": re.compile(r"^\d{4}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "second": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?$"),
}
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to a day, a month or a year, or a datetime known to the second.

    ``iso`` is ISO 8601 at that precision; ``start()`` and ``end()`` give the first and
    last day of the period (a datetime's day as written). Ordering is by (start, precision),
    finer first, so sorting a list of dates puts ``2024-05-01T10:00:00Z`` before
    ``2024-05-01`` before ``2024-05`` before ``2024``; datetimes of one day by their instant.

    A datetime (precision ``second``) keeps its zone as written: ``2016-05-17T23:38:02Z``,
    ``2024-05-01T10:00:00+09:00``, or none (``2024-05-01T10:00:00``, a local time whose
    zone the record does not say; :meth:`seconds` places it as if it were UTC).
    :meth:`seconds` gives the period on one time line in seconds, so a datetime can be
    ordered against another and against a whole day.

    >>> d = PartialDate("2024-02", "month")
    >>> d.start(), d.end()
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> sorted([PartialDate("2024", "year"), PartialDate("2024-01-01", "day")])[0].iso
    '2024-01-01'
    """

    iso: str
    precision: str  # "second" | "day" | "month" | "year"

    def __post_init__(self) -> None:
        shape = _ISO_SHAPE.get(self.precision)
        if shape is None:
            raise ValueError(f"precision must be second, day, month or year, not {self.precision!r}")
        if not shape.match(self.iso):
            raise ValueError(f"{self.iso!r} is not an ISO 8601 date at {self.precision} precision")
        self.start()  # a month 13 or a 30 February cannot be built
        if self.precision == "second":
            self.moment()  # nor an hour 25

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        """The date at the precision of the parts given; ValueError when it cannot exist.

        >>> PartialDate.of(2024, 2).end().isoformat()
        '2024-02-29'
        """
        if month is None:
            return cls(f"{year:04d}", "year")
        if day is None:
            return cls(f"{year:04d}-{month:02d}", "month")
        return cls(f"{year:04d}-{month:02d}-{day:02d}", "day")

    @classmethod
    def from_iso(cls, iso: str) -> PartialDate:
        """The date an ISO 8601 string (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a datetime
        ``YYYY-MM-DDTHH:MM:SS`` with ``Z``, ``+HH:MM`` or no zone) stands for, its precision read
        from its shape; ValueError when it is none of them.

        >>> PartialDate.from_iso("2023-02")
        PartialDate(iso='2023-02', precision='month')
        >>> PartialDate.from_iso("2016-05-17T23:38:02Z").precision
        'second'
        """
        return _from_iso(iso)

    @classmethod
    def of_datetime(cls, moment: _dt.datetime) -> PartialDate:
        """A datetime to the second, its zone kept (UTC written ``Z``; a naive one has none).

        >>> PartialDate.of_datetime(_dt.datetime(2016, 5, 17, 23, 38, 2, tzinfo=_dt.timezone.utc)).iso
        '2016-05-17T23:38:02Z'
        """
        text = moment.replace(microsecond=0).isoformat()
        return cls(text[:-6] + "Z" if text.endswith("+00:00") else text, "second")

    def start(self) -> _dt.date:
        """The first day of the period (a datetime's day as written)."""
        parts = [int(p) for p in self.iso[:10].split("-")]
        return _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    def moment(self) -> _dt.datetime | None:
        """A datetime's instant (aware; a naive one taken as UTC); None for a date.

        >>> PartialDate.from_iso("2024-05-01T10:00:00+09:00").moment().isoformat()
        '2024-05-01T01:00:00+00:00'
        """
        if self.precision != "second":
            return None
        moment = _dt.datetime.fromisoformat(self.iso.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_dt.timezone.utc)
        return moment.astimezone(_dt.timezone.utc)

    def seconds(self) -> tuple[int, int]:
        """The period's first and last second on one time line (seconds since 0001-01-01 UTC,
        counted from day ordinal 0): a date covers its whole days, a datetime is one instant.

        >>> a, b = PartialDate("2024-05-01", "day").seconds()
        >>> t, _ = PartialDate.from_iso("2024-05-01T10:00:00Z").seconds()
        >>> a < t < b, b - a
        (True, 86399)
        """
        moment = self.moment()
        if moment is not None:
            at = moment.toordinal() * SECONDS_PER_DAY + moment.hour * 3600 + moment.minute * 60 + moment.second
            return at, at
        return self.start().toordinal() * SECONDS_PER_DAY, (self.end().toordinal() + 1) * SECONDS_PER_DAY - 1

    def end(self) -> _dt.date:
        """The last day of the period."""
        first = self.start()
        if self.precision in ("day", "second"):
            return first
        if self.precision == "month":
            return first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first.replace(month=12, day=31)

    def overlaps(self, since: PartialDate | None = None, until: PartialDate | None = None) -> bool:
        """True when the period shares at least one day with the window [since, until].

        >>> PartialDate("2024", "year").overlaps(since=PartialDate("2024-06-01", "day"))
        True
        """
        if since is not None and self.end() < since.start():
            return False
        if until is not None and self.start() > until.end():
            return False
        return True

    def _key(self) -> tuple[_dt.date, int, int]:
        return (self.start(), _PRECISION_RANK[self.precision], self.seconds()[0] if self.precision == "second" else 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()

    def __str__(self) -> str:
        return self.iso


@functools.lru_cache(maxsize=65536)
def _from_iso(iso: str) -> PartialDate:
    for precision, shape in _ISO_SHAPE.items():
        if shape.match(iso):
            return PartialDate(iso, precision)
    raise ValueError(f"{iso!r} is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)")


@dataclass(frozen=True)
class Era:
    """A Japanese era: names, first day and last day (None while it lasts)."""

    name: str  # romanised, for messages
    kanji: str
    initial: str
    first_day: _dt.date
    last_day: _dt.date | None


# First and last days as the official calendars count them; the day of an emperor's death
# belongs to both eras. Meiji starts on 1868-01-25, the Gregorian day of 慶応4年1月1日, because
# the Meiji era was declared (1868-10-23) retroactive to the start of that year.
ERAS: tuple[Era, ...] = (
    Era("Meiji", "明治", "M", _dt.date(1868, 1, 25), _dt.date(1912, 7, 30)),
    Era("Taisho", "大正", "T", _dt.date(1912, 7, 30), _dt.date(1926, 12, 25)),
    Era("Showa", "昭和", "S", _dt.date(1926, 12, 25), _dt.date(1989, 1, 7)),
    Era("Heisei", "平成", "H", _dt.date(1989, 1, 8), _dt.date(2019, 4, 30)),
    Era("Reiwa", "令和", "R", _dt.date(2019, 5, 1), None),
)
_ERA_BY_TOKEN = {e.kanji: e for e in ERAS} | {e.initial: e for e in ERAS}
_GREGORIAN_IN_JAPAN = _dt.date(1873, 1, 1)  # 明治6年1月1日 = 明治5年12月3日 (lunisolar)

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d+|[〇零一二三四五六七八九十]+)"
_SEP = r"\s*[./\-]\s*"

_ERA_KANJI_FORM = re.compile(
    rf"^(?P<era>明治|大正|昭和|平成|令和|[MTSHR])\.?\s*(?P<y>{_NUM}|元)\s*年"
    rf"(?:\s*(?P<m>{_NUM})\s*月(?:\s*(?P<d>{_NUM})\s*日)?)?$",
    re.IGNORECASE,
)
_ERA_SEPARATED_FORM = re.compile(
    rf"^(?P<era>明治|大正|昭和|平成|令和|[MTSHR])\.?\s*(?P<y>\d{{1,2}}|元)"
    rf"(?:{_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<d>\d{{1,2}}))?)?$",
    re.IGNORECASE,
)
_TIME = (r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
         r"\s*(?P<zone>Z|UTC|[+-]\d{2}(?::?\d{2})?)?")
_ISO_FORM = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    rf"(?:[T ]{_TIME})?)?)?$"
)
_SLASH_DOT_FORM = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[/.])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2})"
    rf"(?:\s+{_TIME})?)?$"
)
_KANJI_FORM = re.compile(
    rf"^(?P<y>\d{{4}})\s*年(?:\s*(?P<m>{_NUM})\s*月(?:\s*(?P<d>{_NUM})\s*日)?)?$"
)
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name
} | {"sept": 9}
_MONTH_NAME = r"(?P<mname>[A-Za-z]{3,9})\.?"
# "1 May 2024", "01-May-2024" (Excel's d-mmm-yyyy), "May 2024", "May 1, 2024".
_ENGLISH_DAY_FIRST = re.compile(rf"^(?:(?P<d>\d{{1,2}})[\s\-/]+)?{_MONTH_NAME}[\s\-/,]+(?P<y>\d{{4}})$")
_ENGLISH_MONTH_FIRST = re.compile(rf"^{_MONTH_NAME}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})$")
_BASIC_FORM = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_DAY_FIRST_OR_US = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$")


def parse_date(raw: object) -> PartialDate | None:
    """Read a date cell at its precision; None when the cell is missing.

    Accepted: ISO 8601 (``2024-05-01``, ``2024-05``, ``2024``, ``20240501``), datetimes
    (``2024-05-01T10:00:00+09:00``, ``2016-05-17 23:38:02Z``, ``2024-05-01 10:00``: kept to the
    second with the zone as written, fractions of a second dropped; a time of exactly
    ``00:00:00`` without a zone is the day, as spreadsheets export dates), ``2024/5/1``, ``2024.5.1``, ``2024/5``, ``2024年5月1日``,
    ``2024年5月``, ``2024年``, English month names (``1 May 2024``, ``01-May-2024``,
    ``May 1, 2024``, ``May 2024``), and Japanese era dates in kanji or by initial (``令和6年5月1日``,
    ``令和元年5月1日``, ``R6.5.1``, ``R06/05/01``, ``H15.3``, ``平成15年``, ``令和六年五月一日``),
    full-width or not. ``datetime.date`` objects are taken at day precision, ``datetime.datetime``
    objects to the second (at day precision when naive and at midnight).

    Raises
    ------
    BadValue
        With the reason: not a date, ambiguous day/month order, impossible day or month,
        year 0 of an era, a date outside its era.

    >>> parse_date("令和6年5月")
    PartialDate(iso='2024-05', precision='month')
    >>> parse_date("令和6年2月30日")
    Traceback (most recent call last):
    ...
    graphkit.errors.BadValue: February 2024 has 29 days (value: 令和6年2月30日)
    """
    if isinstance(raw, _dt.datetime):
        if raw.tzinfo is None and raw.time() == _dt.time(0, 0):
            return PartialDate(raw.date().isoformat(), "day")
        return PartialDate.of_datetime(raw)
    if isinstance(raw, _dt.date):
        return PartialDate(raw.isoformat(), "day")
    if is_missing(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)  # a spreadsheet cell holding a year (2024) arrives as a number
    if not isinstance(raw, str):
        raise BadValue(f"not a date: a {type(raw).__name__}, expected text", value=raw)
    return _parse_text(raw)


@functools.lru_cache(maxsize=65536)
def _parse_text(raw: str) -> PartialDate:
    """parse_date for non-blank text; cached because date columns repeat values a lot."""
    text = raw.strip() if raw.isascii() else fold(raw)  # NFKC leaves ASCII unchanged
    if len(text) == 10 and text[4] == text[7] == "-" and text[:4] != "0000":
        try:  # the common case, YYYY-MM-DD, at C speed
            _dt.date.fromisoformat(text)
            return _checked_day(text)
        except ValueError:
            pass  # an impossible day: the general path below says why
    if not text[:1].isdigit():
        for form in (_ERA_KANJI_FORM, _ERA_SEPARATED_FORM):
            match = form.match(text)
            if match:
                return _era_date(match, raw)
    for form in (_ISO_FORM, _SLASH_DOT_FORM, _KANJI_FORM, _BASIC_FORM):
        match = form.match(text)
        if match:
            year = int(match["y"])
            if year == 0:
                raise BadValue("year 0 does not exist", value=raw)
            day = _checked(year, _number(match["m"]), _number(match["d"]), raw)
            if "H" in form.groupindex and match["H"] is not None:
                return _with_time(day, match, raw)
            return day
    for form in (_ENGLISH_DAY_FIRST, _ENGLISH_MONTH_FIRST):
        match = form.match(text)
        if match and match["mname"].casefold() in _MONTHS:
            return _checked(int(match["y"]), _MONTHS[match["mname"].casefold()], _number(match["d"]), raw)
    if _DAY_FIRST_OR_US.match(text):
        raise BadValue(
            "ambiguous date: day/month order unknown; write it as YYYY-MM-DD", value=raw
        )
    raise BadValue(
        "not a date: expected ISO 8601 (2024-05-01, 2024-05, 2024) or a Japanese era date "
        "(令和6年5月1日, R6.5.1)",
        value=raw,
    )


def _with_time(day: PartialDate, match: re.Match[str], raw: object) -> PartialDate:
    """A day and the time matched with it: the datetime to the second, zone as written."""
    hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    zone = match["zone"]
    if zone is None and hour == minute == second == 0:
        return day  # midnight without a zone: a date as a spreadsheet exports it
    if not (hour < 24 and minute < 60 and second < 60):
        raise BadValue(f"there is no time {hour:02d}:{minute:02d}:{second:02d}", value=raw)
    if zone in ("Z", "UTC"):
        suffix = "Z"
    elif zone:
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 14 or minutes >= 60:
            raise BadValue(f"there is no time zone {zone}", value=raw)
        suffix = "Z" if hours == minutes == 0 else f"{zone[0]}{hours:02d}:{minutes:02d}"
    else:
        suffix = ""
    return PartialDate(f"{day.iso}T{hour:02d}:{minute:02d}:{second:02d}{suffix}", "second")


def from_epoch(raw: str, unit: str = "s") -> PartialDate:
    """A Unix timestamp (seconds, or milliseconds with ``unit="ms"``; fractions allowed, as
    ``1463507482.0``) as the UTC datetime to the second.

    >>> from_epoch("1463507482.0")
    PartialDate(iso='2016-05-17T17:51:22Z', precision='second')
    >>> from_epoch("1463507482000", "ms").iso
    '2016-05-17T17:51:22Z'
    """
    text = fold(str(raw)).strip()
    try:
        value = float(text)
    except ValueError:
        raise BadValue(f"not a Unix timestamp in {'milliseconds' if unit == 'ms' else 'seconds'}", value=raw) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise BadValue("not a Unix timestamp", value=raw)
    seconds = value / 1000 if unit == "ms" else value
    try:
        moment = _dt.datetime.fromtimestamp(int(seconds // 1), tz=_dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise BadValue("Unix timestamp out of range", value=raw) from None
    return PartialDate.of_datetime(moment)


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    if text == "元":
        return 1
    if text.isdigit():
        return int(text)
    return _kanji_number(text)


def _kanji_number(text: str) -> int:
    """Kanji numerals up to 99: 六, 十二, 二十, 三十一, and digit-by-digit 二〇 as 20."""
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + _KANJI_DIGITS[ch]
        return value
    tens_text, _, ones_text = text.partition("十")
    tens = _KANJI_DIGITS[tens_text] if tens_text else 1
    ones = _KANJI_DIGITS[ones_text] if ones_text else 0
    if len(tens_text) > 1 or len(ones_text) > 1:
        raise ValueError(text)
    return tens * 10 + ones


def _checked(year: int, month: int | None, day: int | None, raw: object) -> PartialDate:
    if not 1 <= year <= 9999:
        raise BadValue(f"year {year} is out of range", value=raw)
    if month is None:
        return PartialDate(f"{year:04d}", "year")
    if not 1 <= month <= 12:
        raise BadValue(f"there is no month {month}", value=raw)
    if day is None:
        return PartialDate(f"{year:04d}-{month:02d}", "month")
    last = _DAYS_IN_MONTH[month - 1] + (month == 2 and calendar.isleap(year))
    if not 1 <= day <= last:
        month_name = calendar.month_name[month]
        raise BadValue(f"{month_name} {year} has {last} days", value=raw)
    return _checked_day(f"{year:04d}-{month:02d}-{day:02d}")


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _checked_day(iso: str) -> PartialDate:
    """A day PartialDate whose iso text _checked has already validated (skips re-validation)."""
    date = object.__new__(PartialDate)
    object.__setattr__(date, "iso", iso)
    object.__setattr__(date, "precision", "day")
    return date


def _era_date(match: re.Match[str], raw: object) -> PartialDate:
    token = match["era"]
    era = _ERA_BY_TOKEN[token.upper() if token.isascii() else token]
    try:
        era_year = _number(match["y"])
        month, day = _number(match["m"]), _number(match["d"])
    except (KeyError, ValueError):
        raise BadValue("not a date: unreadable kanji numeral", value=raw) from None
    assert era_year is not None
    if era_year == 0:
        raise BadValue(f"{era.name} has no year 0 (the first year is 元年, 1)", value=raw)
    year = era.first_day.year + era_year - 1
    date = _checked(year, month, day, raw)
    if date.precision != "year" and date.start() < _GREGORIAN_IN_JAPAN:
        raise BadValue(
            "Meiji months before 明治6年 (1873) are lunisolar, not Gregorian; "
            "give the Gregorian date",
            value=raw,
        )
    if date.end() < era.first_day:
        raise BadValue(f"{era.name} began {era.first_day.isoformat()}", value=raw)
    if era.last_day is not None and date.start() > era.last_day:
        raise BadValue(f"{era.name} ended {era.last_day.isoformat()}", value=raw)
    return date


# --- periods of ISO dates at any precision (the projection's filters, info's date range) ---

_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@functools.lru_cache(maxsize=65536)
def date_period(iso: str) -> tuple[str, str]:
    """The first and last day of an ISO date at its precision (:class:`PartialDate`'s period).

    >>> date_period("2024-02")
    ('2024-02-01', '2024-02-29')
    >>> date_period("2024")
    ('2024-01-01', '2024-12-31')
    """
    match = _ISO_PREFIX.match(str(iso).strip())
    if not match:
        raise BadValue("not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)", value=iso)
    try:
        period = PartialDate.from_iso("-".join(part for part in match.groups() if part))
    except ValueError:
        raise BadValue("month or day out of range", value=iso) from None
    return period.start().isoformat(), period.end().isoformat()


def first_last(dates: Iterable[str]) -> tuple[str | None, str | None]:
    """The date whose period starts first and the one whose period ends last.

    Ties go to the more precise date; datetimes of one day go by their instant.

    >>> first_last(["2024", "2024-03-05", "2023-12"])
    ('2023-12', '2024')
    >>> first_last(["2016-05-17T09:00:00Z", "2016-05-17T10:00:00Z", "2016-05-17T08:00:00-05:00"])
    ('2016-05-17T09:00:00Z', '2016-05-17T08:00:00-05:00')
    """
    first = last = None
    first_key = last_key = None
    for date in dates:
        start, end = date_period(date)
        rank, instant = _precision(date)
        fkey = (start, -rank, instant)
        lkey = (end, rank, instant)
        if first_key is None or fkey < first_key:
            first, first_key = date, fkey
        if last_key is None or lkey > last_key:
            last, last_key = date, lkey
    return first, last


@functools.lru_cache(maxsize=65536)
def _precision(iso: str) -> tuple[int, int]:
    """How precise an ISO date is (year 4, month 7, day 10, datetime 19) and, for a datetime,
    its second on the time line (:meth:`PartialDate.seconds`; 0 for a date)."""
    if "T" not in iso:
        return len(iso), 0
    try:
        return 19, PartialDate.from_iso(iso).seconds()[0]
    except ValueError:
        raise BadValue("not an ISO 8601 datetime", value=iso) from None
