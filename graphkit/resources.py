"""Files shipped inside the package: Cypher queries and the demo case set.

They sit inside ``graphkit/``: in a wheel as files, in a source checkout through the
committed symlink ``graphkit/cypher -> ../cypher`` (the design card keeps ``cypher/`` at the
top of the repository; see docs/architecture.md, "One import name per file").

>>> cypher_dir().name
'cypher'
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def cypher_dir() -> Path:
    """The directory of the named ``.cypher`` files."""
    return _PACKAGE / "cypher"


def demo_dir() -> Path:
    """The directory of the demo case set (CSV, Excel, JSON Lines files and STORY.md)."""
    return _PACKAGE / "demo"
