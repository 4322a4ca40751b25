"""Reliability: numbers in [0, 1], percentages, Admiralty grades A–F (values as documented in
docs/normalisation.md: A 0.95, B 0.8, C 0.6, D 0.4, E 0.2, F cannot be judged -> None)."""
from __future__ import annotations

import pytest

from graphkit.errors import BadValue
from graphkit.normalize import ADMIRALTY_GRADES, parse_reliability


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("0.8", 0.8),
        ("1", 1.0),
        ("0", 0.0),
        (".75", 0.75),
        ("０．５", 0.5),
        ("80%", 0.8),
        ("８０％", 0.8),
        ("100 %", 1.0),
        ("0%", 0.0),
        ("A", 0.95),
        ("b", 0.8),
        ("Ｃ", 0.6),
        ("D", 0.4),
        ("E", 0.2),
        ("B2", 0.8),
        ("e 5", 0.2),
        (0.3, 0.3),
        (1, 1.0),
    ],
)
def test_accepted(raw: object, value: float) -> None:
    assert parse_reliability(raw) == pytest.approx(value)


@pytest.mark.parametrize("raw", [None, "", "\u3000", "F", "f", "F6"])
def test_none_when_missing_or_cannot_be_judged(raw: object) -> None:
    assert parse_reliability(raw) is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("80", "write a percentage with %"),
        ("1.01", "between 0 and 1"),
        ("-0.1", "between 0 and 1"),
        ("120%", "between 0% and 100%"),
        ("G", "grade A-F"),
        ("B7", "grade A-F"),
        ("high", "grade A-F"),
        ("NA", "grade A-F"),
        (2, "between 0 and 1"),
        (True, "grade A-F"),
    ],
)
def test_rejected(raw: object, reason: str) -> None:
    with pytest.raises(BadValue) as info:
        parse_reliability(raw)
    assert reason in info.value.reason


def test_grades_are_ordered() -> None:
    numbers = [ADMIRALTY_GRADES[g] for g in "ABCDE"]
    assert numbers == sorted(numbers, reverse=True)
    assert ADMIRALTY_GRADES["F"] is None
