"""Safe text: control and bidi characters made visible where text is shown or written.

Names and cells come from records an adversary may have written. Printed raw, ``ESC ] 0 ;
pwned BEL`` retitles the user's terminal, ``U+202E`` (right-to-left override) makes
``K-\u202eexe.txt`` look like ``K-txt.exe``, a NUL makes a CSV read as UTF-16, and XML 1.0
forbids most C0 controls, so a GraphML file holding one is not well formed. The store keeps
the raw value as evidence; only the boundary where text leaves graphkit cleans it:

- :func:`for_display`: terminal output, HTML pages, CSV cells. Each control, bidi or
  invisible formatting character becomes the visible escape ``\\uXXXX`` (valid in JSON too,
  where it means the same character again). ``keep_newlines`` keeps line breaks and tabs of
  multi-line messages.
- :func:`for_xml`: GraphML/GEXF. The characters XML 1.0 forbids, and the bidi controls,
  become ``\\uXXXX`` as well, so the file parses and shows what was there.
- File names: :func:`graphkit.safe_output.safe_filename` replaces the same characters
  (see :func:`is_unsafe_char`).

>>> for_display("Li\\x1b]0;pwned\\x07 Wei")
'Li\\\\u001b]0;pwned\\\\u0007 Wei'
>>> for_display("K-\\u202eexe.txt")
'K-\\\\u202eexe.txt'
>>> for_display("山田 太郎"), for_display("a\\nb", keep_newlines=True)
('山田 太郎', 'a\\nb')
>>> for_xml("A\\x00B\\tC")
'A\\\\u0000B\\tC'
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

# Bidi embedding, override and isolate controls, and the implicit marks (Unicode TR9).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 controls, DEL, the bidi controls, line/paragraph separators, BOM and zero-width
# characters that hide text.
_DISPLAY_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029\ufeff\u200b\ufff9-\ufffb]"
)
_DISPLAY_UNSAFE_KEEP_LINES = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029\ufeff\u200b\ufff9-\ufffb]"
)
# XML 1.0 allows tab, newline, carriage return and U+0020..U+D7FF, U+E000..U+FFFD, U+10000..
_XML_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\ud800-\udfff\ufffe\uffff]"
)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def is_unsafe_char(char: str) -> bool:
    """True for a control, bidi or invisible formatting character (Unicode ``Cc``/``Cf``).

    >>> is_unsafe_char("\\u202e"), is_unsafe_char("\\x00"), is_unsafe_char("山")
    (True, True, False)
    """
    return unicodedata.category(char) in ("Cc", "Cf") or char in "\u2028\u2029"


def for_display(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control and bidi character as a visible ``\\uXXXX`` escape."""
    pattern = _DISPLAY_UNSAFE_KEEP_LINES if keep_newlines else _DISPLAY_UNSAFE
    return pattern.sub(_escape, text)


def has_unsafe_text(text: str, *, keep_newlines: bool = False) -> bool:
    """Whether :func:`for_display` would change ``text`` (it holds a character it escapes).

    >>> has_unsafe_text("東都精機"), has_unsafe_text("a\\nb", keep_newlines=True), has_unsafe_text("a\\u202e")
    (False, False, True)
    """
    pattern = _DISPLAY_UNSAFE_KEEP_LINES if keep_newlines else _DISPLAY_UNSAFE
    return pattern.search(text) is not None


def display_value(value: Any) -> Any:
    """:func:`for_display` for a text cell (lists element by element); other values unchanged.

    >>> display_value(["a\\x1b", 3])
    ['a\\\\u001b', 3]
    """
    if isinstance(value, str):
        return for_display(value)
    if isinstance(value, (list, tuple, set)):
        return [display_value(v) for v in value]
    return value


def for_xml(text: str) -> str:
    """``text`` with every character XML 1.0 forbids (and the bidi controls) escaped."""
    return _XML_UNSAFE.sub(_escape, text)


def displayed(value: Any) -> Any:
    """A Jinja ``finalize``: text from records is shown with :func:`for_display` (line breaks
    kept); markup the page marked safe itself (its own scripts and styles) is left alone.

    >>> from markupsafe import Markup
    >>> displayed("K-\\u202eexe.txt"), displayed(Markup("<b>\\u202e</b>")) == Markup("<b>\\u202e</b>")
    ('K-\\\\u202eexe.txt', True)
    """
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return for_display(value, keep_newlines=True)
    return value
