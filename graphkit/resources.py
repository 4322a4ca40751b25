"""Files shipped inside the package: Cypher queries and the demo case set.

In a wheel they sit inside ``graphkit/``; in a source checkout ``cypher/`` is at the
checkout's top level (the design card's layout). These helpers find them in both.

>>> cypher_dir().name
'cypher'
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def cypher_dir() -> Path:
    """The directory of the named ``.cypher`` files."""
    inside = _PACKAGE / "cypher"
    return inside if inside.is_dir() else _PACKAGE.parent / "cypher"


def demo_dir() -> Path:
    """The directory of the demo case set (CSV, Excel, JSON Lines files and STORY.md)."""
    return _PACKAGE / "demo"
