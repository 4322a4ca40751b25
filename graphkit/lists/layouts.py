"""The list layouts (``layouts.toml``): which file is which list and how its columns read.

>>> layout_for("us_dod_1260h_chinese_military_companies.csv")["name"]
'Clean Name'
>>> layout_for("jp_meti_third_country_specified_entities_20250912.txt").list_name
'jp_meti_third_country'
"""
from __future__ import annotations

import fnmatch
import functools
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from graphkit.errors import FileFormatError

__all__ = ["Layout", "layout_for", "layouts"]


class Layout(dict[str, Any]):
    """One list's layout table, with the list's name."""

    list_name: str

    def __init__(self, list_name: str, table: dict[str, Any]) -> None:
        super().__init__(table)
        self.list_name = list_name


@functools.cache
def layouts() -> dict[str, Layout]:
    """Every layout in ``layouts.toml``, by list name."""
    text = resources.files("graphkit.lists").joinpath("layouts.toml").read_text("utf-8")
    return {name: Layout(name, table) for name, table in tomllib.loads(text).items()}


def layout_for(path: str | Path) -> Layout:
    """The layout whose ``files`` patterns match the file's name; FileFormatError when none does."""
    file_name = Path(path).name.lower()
    for layout in layouts().values():
        if any(fnmatch.fnmatch(file_name, pattern.lower()) for pattern in layout["files"]):
            return layout
    known = ", ".join(sorted(layouts()))
    raise FileFormatError(f"not a list graphkit knows (its layouts: {known}); "
                          "add a layout to graphkit/lists/layouts.toml", file=str(path))
