"""Source reliability: a number in [0, 1], a percentage, or an Admiralty (NATO) grade A–F.

The Admiralty Code (NATO AJP-2.1, also used by police intelligence grading) rates a source
A (completely reliable) to E (unreliable), and F when reliability cannot be judged. graphkit
maps the letters to the numbers below so edges can be weighed; F means "no judgement" and
gives None, like an empty cell, so it does not pull an edge's mean reliability down.

A combined grade such as ``B2`` (source reliability B, information credibility 2) is read by
its letter: the credibility digit is about the information, not the source, and is kept
only in the record's raw cells.

>>> parse_reliability("0.8"), parse_reliability("８０％"), parse_reliability("b"), parse_reliability("F")
(0.8, 0.8, 0.8, None)
"""
from __future__ import annotations

import re

from graphkit.errors import BadValue
from graphkit.normalize.text import fold, is_missing

__all__ = ["parse_reliability", "ADMIRALTY_GRADES"]

#: Admiralty source-reliability letters and the weight graphkit gives each (F: cannot be judged).
ADMIRALTY_GRADES: dict[str, float | None] = {
    "A": 0.95,  # completely reliable
    "B": 0.8,  # usually reliable
    "C": 0.6,  # fairly reliable
    "D": 0.4,  # not usually reliable
    "E": 0.2,  # unreliable
    "F": None,  # reliability cannot be judged
}

_GRADE = re.compile(r"^([A-F])\s*[1-6]?$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def parse_reliability(raw: object) -> float | None:
    """The reliability of a source in [0, 1]; None when missing or graded F.

    Accepted: a number from 0 to 1 (``0.8``, ``1``, ``.75``), a percentage with its sign
    (``80%``, ``８０％``), an Admiralty letter A–F in either case, alone or with a credibility
    digit (``B2``). A bare number above 1 (``80``) is refused: it could be a percentage or a
    0–100 or 1–5 scale, and guessing would change the weight.

    Raises
    ------
    BadValue
        Out of range, not a number, or not a grade.

    >>> parse_reliability("A"), parse_reliability(1)
    (0.95, 1.0)
    """
    if is_missing(raw):
        return None
    if isinstance(raw, bool):
        raise BadValue("reliability must be a number in [0, 1] or a grade A-F", value=raw)
    if isinstance(raw, (int, float)):
        return _in_range(float(raw), raw)
    text = fold(str(raw))
    grade = _GRADE.match(text)
    if grade:
        return ADMIRALTY_GRADES[grade.group(1).upper()]
    if text.endswith("%"):
        number = text[:-1].strip()
        if _NUMBER.match(number):
            value = float(number) / 100
            if not 0.0 <= value <= 1.0:
                raise BadValue("reliability percentage must be between 0% and 100%", value=raw)
            return value
    elif _NUMBER.match(text):
        return _in_range(float(text), raw)
    raise BadValue(
        "reliability must be a number in [0, 1], a percentage (80%) or a grade A-F", value=raw
    )


def _in_range(value: float, raw: object) -> float:
    if not 0.0 <= value <= 1.0:
        hint = " (write a percentage with %, e.g. 80%)" if 1.0 < value <= 100.0 else ""
        raise BadValue(f"reliability must be between 0 and 1{hint}", value=raw)
    return value
