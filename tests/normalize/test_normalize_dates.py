"""Dates at their precision, Japanese eras, impossible dates.

Expected values are hand-checked against the era tables of the Cabinet Office / Wikipedia
("Japanese era name"): Meiji 1868–1912-07-30, Taisho 1912-07-30–1926-12-25, Showa
1926-12-25–1989-01-07, Heisei 1989-01-08–2019-04-30, Reiwa 2019-05-01–. Era year N is
Gregorian (first year of the era + N - 1); 令和6 = 2019 + 5 = 2024.
"""
from __future__ import annotations

import datetime as dt

import pytest

from graphkit.errors import BadValue
from graphkit.normalize import PartialDate, parse_date


@pytest.mark.parametrize(
    ("raw", "iso", "precision"),
    [
        ("2024-05-01", "2024-05-01", "day"),
        ("2024-05", "2024-05", "month"),
        ("2024", "2024", "year"),
        ("2024/5/1", "2024-05-01", "day"),
        ("2024.5.1", "2024-05-01", "day"),
        ("2024/05", "2024-05", "month"),
        ("2024年5月1日", "2024-05-01", "day"),
        ("2024年5月", "2024-05", "month"),
        ("2024年", "2024", "year"),
        # datetimes keep their time to the second and their zone (issue 11.8); a spreadsheet's
        # midnight without a zone is the day it exports
        ("2024-05-01T10:00:00", "2024-05-01T10:00:00", "second"),
        ("2024-05-01 00:00:00", "2024-05-01", "day"),
        ("2024-05-01T23:59:59+09:00", "2024-05-01T23:59:59+09:00", "second"),
        ("2016-05-17 23:38:02.5Z", "2016-05-17T23:38:02Z", "second"),
        ("2024/5/1 9:05", "2024-05-01T09:05:00", "second"),
        ("20240501", "2024-05-01", "day"),
        ("  2024-05-01\u3000", "2024-05-01", "day"),
        ("２０２４－０５－０１", "2024-05-01", "day"),
        ("２０２４年５月", "2024-05", "month"),
        ("1 May 2024", "2024-05-01", "day"),
        ("01-May-2024", "2024-05-01", "day"),
        ("May 1, 2024", "2024-05-01", "day"),
        ("September 30th, 2023", "2023-09-30", "day"),
        ("Sept. 2023", "2023-09", "month"),
        ("may 2024", "2024-05", "month"),
    ],
)
def test_gregorian_forms_keep_their_precision(raw: str, iso: str, precision: str) -> None:
    assert parse_date(raw) == PartialDate(iso, precision)


@pytest.mark.parametrize(
    ("raw", "iso", "precision"),
    [
        ("令和6年5月1日", "2024-05-01", "day"),
        ("令和元年5月1日", "2019-05-01", "day"),
        ("R6.5.1", "2024-05-01", "day"),
        ("R06/05/01", "2024-05-01", "day"),
        ("r6-5-1", "2024-05-01", "day"),
        ("R6年5月1日", "2024-05-01", "day"),
        ("令和6.5.1", "2024-05-01", "day"),
        ("令和６年５月１日", "2024-05-01", "day"),
        ("Ｒ６．５．１", "2024-05-01", "day"),
        ("令和六年五月一日", "2024-05-01", "day"),
        ("令和六年十二月三十一日", "2024-12-31", "day"),
        ("令和 6 年 5 月", "2024-05", "month"),
        ("令和6年5月", "2024-05", "month"),
        ("H15.3", "2003-03", "month"),
        ("平成15年", "2003", "year"),
        ("H15", "2003", "year"),
        ("平成元年1月8日", "1989-01-08", "day"),
        ("平成31年4月30日", "2019-04-30", "day"),
        ("平成31年", "2019", "year"),  # the year overlaps Heisei (Jan–Apr)
        ("H31.4", "2019-04", "month"),
        ("昭和64年1月7日", "1989-01-07", "day"),
        ("S64.1.7", "1989-01-07", "day"),
        ("昭和元年12月25日", "1926-12-25", "day"),
        ("昭和元年", "1926", "year"),
        ("昭和20年8月15日", "1945-08-15", "day"),
        ("大正15年12月25日", "1926-12-25", "day"),  # death day belongs to both eras
        ("大正元年7月30日", "1912-07-30", "day"),
        ("T12.9.1", "1923-09-01", "day"),
        ("明治45年7月30日", "1912-07-30", "day"),
        ("明治元年", "1868", "year"),
        ("M6.1.1", "1873-01-01", "day"),
        ("明治33年", "1900", "year"),
    ],
)
def test_era_dates(raw: str, iso: str, precision: str) -> None:
    assert parse_date(raw) == PartialDate(iso, precision)


def test_month_precision_is_never_invented_into_a_day() -> None:
    date = parse_date("令和6年5月")
    assert date is not None
    assert date.iso == "2024-05" and date.precision == "month"
    assert str(date) == "2024-05"
    assert (date.start(), date.end()) == (dt.date(2024, 5, 1), dt.date(2024, 5, 31))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("令和6年2月30日", "February 2024 has 29 days"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("R6.4.31", "April 2024 has 30 days"),
        ("2024-13", "there is no month 13"),
        ("R6.13.1", "there is no month 13"),
        ("平成31年5月1日", "Heisei ended 2019-04-30"),
        ("H31.5", "Heisei ended 2019-04-30"),
        ("平成32年", "Heisei ended 2019-04-30"),
        ("令和元年4月30日", "Reiwa began 2019-05-01"),
        ("令和元年4月", "Reiwa began 2019-05-01"),
        ("昭和64年1月8日", "Showa ended 1989-01-07"),
        ("平成元年1月7日", "Heisei began 1989-01-08"),
        ("昭和元年12月24日", "Showa began 1926-12-25"),
        ("大正15年12月26日", "Taisho ended 1926-12-25"),
        ("大正元年7月29日", "Taisho began 1912-07-30"),
        ("明治45年7月31日", "Meiji ended 1912-07-30"),
        ("令和0年5月1日", "Reiwa has no year 0"),
        ("H0.1.1", "Heisei has no year 0"),
        ("明治5年3月", "lunisolar"),
        ("05/01/2024", "ambiguous date"),
        ("1/5/24", "ambiguous date"),
        ("yesterday", "not a date"),
        ("45413", "not a date"),  # an Excel serial day number is not taken as a date
        ("令和", "not a date"),
        ("X6.5.1", "not a date"),
        ("202405", "not a date"),
        ("0000-01-01", "year 0 does not exist"),
        ("31 Apr 2024", "April 2024 has 30 days"),
        ("Foo 2024", "not a date"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2024-00-10", "there is no month 0"),
    ],
)
def test_impossible_dates_are_rejected_with_the_reason(raw: str, reason: str) -> None:
    with pytest.raises(BadValue) as info:
        parse_date(raw)
    assert reason in info.value.reason
    assert info.value.value == raw


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", "\t\n"])
def test_missing_is_none(raw: object) -> None:
    assert parse_date(raw) is None


def test_na_is_not_missing_but_not_a_date() -> None:
    with pytest.raises(BadValue):
        parse_date("NA")


def test_excel_cell_objects_are_day_precision() -> None:
    assert parse_date(dt.datetime(2024, 5, 1, 0, 0)) == PartialDate("2024-05-01", "day")
    assert parse_date(dt.date(2019, 5, 1)) == PartialDate("2019-05-01", "day")


def test_partial_date_periods() -> None:
    assert PartialDate("2024", "year").end() == dt.date(2024, 12, 31)
    assert PartialDate("2023-02", "month").end() == dt.date(2023, 2, 28)
    assert PartialDate("2024-02", "month").end() == dt.date(2024, 2, 29)
    day = PartialDate("2024-05-01", "day")
    assert day.start() == day.end() == dt.date(2024, 5, 1)


def test_partial_date_ordering_is_start_then_precision() -> None:
    dates = [
        PartialDate("2024", "year"),
        PartialDate("2024-01", "month"),
        PartialDate("2023-12-31", "day"),
        PartialDate("2024-01-01", "day"),
    ]
    assert [d.iso for d in sorted(dates)] == ["2023-12-31", "2024-01-01", "2024-01", "2024"]
    assert PartialDate("2024-05", "month") < PartialDate("2024-05-02", "day")
    assert max(dates).iso == "2024"


def test_partial_date_overlaps_window() -> None:
    may = PartialDate("2024-05", "month")
    assert may.overlaps(since=PartialDate("2024-05-31", "day"))
    assert not may.overlaps(since=PartialDate("2024-06-01", "day"))
    assert not may.overlaps(until=PartialDate("2024-04", "month"))
    assert may.overlaps(PartialDate("2024", "year"), PartialDate("2024", "year"))


@pytest.mark.parametrize(("iso", "precision"), [("2024-05-01", "month"), ("2024-5", "month"), ("2024-02-30", "day"), ("2024", "week")])
def test_partial_date_refuses_inconsistent_values(iso: str, precision: str) -> None:
    with pytest.raises(ValueError):
        PartialDate(iso, precision)


def test_partial_date_is_hashable_and_frozen() -> None:
    d = PartialDate("2024-05", "month")
    assert {d, PartialDate("2024-05", "month")} == {d}
    with pytest.raises(AttributeError):
        d.iso = "2025"  # type: ignore[misc]


def test_numeric_year_cells() -> None:
    assert parse_date(2024) == PartialDate("2024", "year")
    assert parse_date(2024.0) == PartialDate("2024", "year")
    with pytest.raises(BadValue):
        parse_date(2024.5)
    with pytest.raises(BadValue):
        parse_date(45413)  # an Excel serial number, not a year


def test_repeated_values_give_equal_results_and_errors() -> None:
    assert parse_date("R6.5.1") == parse_date("R6.5.1") == PartialDate("2024-05-01", "day")
    for _ in range(2):
        with pytest.raises(BadValue, match="Heisei ended"):
            parse_date("平成31年5月1日")
