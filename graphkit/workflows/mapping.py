"""The ``mapping suggest`` command as a call: guess a mapping file for an agency's record file.

:func:`suggest` reads the file's header and a sample of its values
(:func:`graphkit.loaders.suggest.suggest_mapping`) and returns the guess with its mapping
file text (a comment per column saying why), writing it to ``out`` when given, for a person
to check and then load with ``graphkit load FILE --mapping OUT``.

>>> import tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = (tmp / "c.csv").write_text("送信者,宛先,日時\\nA,B,2016-05-17 09:00:00Z\\n", encoding="utf-8")
>>> result = suggest(tmp / "c.csv", out=tmp / "m.toml")
>>> result.suggestion.mapped
{'from_name': '送信者', 'to_name': '宛先', 'date': '日時'}
>>> (tmp / "m.toml").read_text(encoding="utf-8") == result.text
True
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import MappingError
from graphkit.loaders.suggest import MappingSuggestion, mapping_text, suggest_mapping


@dataclass
class SuggestResult:
    """The guess (layout, one guess per column, notes), the mapping file text, and where it was written."""

    suggestion: MappingSuggestion
    text: str
    written: Path | None = None


def suggest(file: str | Path, *, out: str | Path | None = None, sheet: str | None = None,
            delimiter: str | None = None, encoding: str | None = None, overwrite: bool = False) -> SuggestResult:
    """Suggest a mapping for ``file``; write it to ``out`` (TOML) when given.

    Raises :class:`~graphkit.errors.FileFormatError` when the file cannot be read, and
    :class:`~graphkit.errors.MappingError` when ``out`` exists and ``overwrite`` is not set.
    """
    suggestion = suggest_mapping(file, sheet=sheet, delimiter=delimiter, encoding=encoding)
    text = mapping_text(suggestion)
    written = None
    if out is not None:
        written = Path(out)
        if written.suffix.lower() != ".toml":
            raise MappingError("the suggested mapping is TOML: name the file ...toml", file=str(written))
        if written.exists() and not overwrite:
            raise MappingError("already exists; give --force to replace it", file=str(written))
        written.write_text(text, encoding="utf-8")
    return SuggestResult(suggestion, text, written)
