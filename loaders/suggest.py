"""Suggest a mapping file for a record file whose headers are the agency's own words.

:func:`suggest_mapping` reads a file's header and a sample of its rows and guesses, for each
column, which layout field it holds: first from the header (``接触日`` is the date, ``接触者``
who approached, ``相手`` who was approached, ``国籍`` a country, ``手段`` the channel,
``法人番号`` a corporate number; English words too), then from the values when the header
says nothing (dates, Unix timestamps, ISO country codes or names, e-mail addresses, corporate
numbers with a valid check digit, reliability grades). :func:`mapping_text` writes the guess as
a mapping file with a comment per column saying why, for a person to check before loading.
Used as is, the suggestion loads the common files (a contact list with a date, both parties,
their countries and the channel).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "記録.csv"
>>> _ = path.write_text("接触日,接触者,国籍,相手,手段\\n2024/05/01,王 偉,中国,山田 太郎,学会\\n", encoding="utf-8")
>>> found = suggest_mapping(path)
>>> found.layout, [(c.header, c.field) for c in found.columns]
('contacts', [('接触日', 'date'), ('接触者', 'from_name'), ('国籍', 'from_country'), ('相手', 'to_name'), ('手段', 'channel')])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import BadValue
from graphkit.loaders.layouts import LAYOUTS, header_key
from graphkit.loaders.readers import Table, open_table
from graphkit.normalize import normalize_country, parse_date
from graphkit.normalize.identifiers import check_corporate_number

SAMPLE_ROWS = 200
"""Rows read to judge a column by its values."""
VALUE_SHARE = 0.8
"""A column is taken as dates, countries, e-mails ... when this share of its non-blank sampled values are."""

# Header words for each field, folded as header_key folds them. A header equal to a word, or
# else containing one (longest word first), names that field. Words for the other party
# (相手, 対象) come first so 相手国籍 is to_country, not from_country.
HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("to_country", ("相手国籍", "相手国", "対象者国籍", "対象国籍", "to_country", "target_country", "recipient_country")),
    ("to_org", ("相手所属", "相手方所属", "対象者所属", "相手勤務先", "to_org", "target_org")),
    ("to_kind", ("相手種別", "相手区分", "対象者種別", "to_kind", "target_kind")),
    ("to_name", ("相手", "相手方", "相手氏名", "接触相手", "対象者", "対象者氏名", "被接触者", "受信者", "宛先",
                 "to", "to_name", "target", "recipient", "receiver", "approached")),
    ("via_country", ("仲介者国籍", "via_country")),
    ("via_kind", ("仲介者種別", "via_kind")),
    ("via_name", ("仲介者", "仲介", "紹介者", "仲介人", "via", "via_name", "intermediary", "broker", "go_between")),
    ("from_country", ("国籍", "国", "国名", "接触者国籍", "country", "nationality", "from_country", "source_country")),
    ("from_org", ("所属", "接触者所属", "勤務先", "所属機関", "org", "organisation", "organization", "affiliation",
                  "employer", "from_org")),
    ("from_kind", ("種別", "区分", "接触者種別", "kind", "type", "from_kind")),
    ("from_name", ("接触者", "接触者氏名", "接触者名", "送信者", "差出人", "発信者", "from", "from_name", "source",
                   "sender", "approacher")),
    ("date", ("接触日", "日付", "年月日", "日時", "接触日時", "発生日", "送信日時", "date", "when", "timestamp",
              "time", "datetime", "sent")),
    ("channel", ("手段", "接触手段", "方法", "経路", "媒体", "channel", "medium", "method", "via_channel")),
    ("technology", ("技術", "対象技術", "関心技術", "技術分野", "technology", "technologies", "tech")),
    ("outcome", ("結果", "成果", "対応結果", "outcome", "result")),
    ("reliability", ("信頼度", "確度", "信頼性", "評価", "reliability", "confidence", "grade")),
    ("weight", ("回数", "接触回数", "件数", "重み", "強度", "weight", "count", "strength", "times")),
    ("case_id", ("事案番号", "事案", "案件番号", "案件", "事件番号", "case", "case_id", "case_no", "case_number")),
    ("contact_id", ("記録番号", "整理番号", "接触番号", "contact_id", "record_id")),
    ("notes", ("備考", "メモ", "概要", "内容", "摘要", "notes", "note", "remarks", "memo", "comment", "comments")),
    ("identifiers", ("法人番号", "識別子", "メール", "メールアドレス", "電話", "電話番号", "identifiers", "email",
                     "e_mail", "phone", "corporate_number")),
    ("aliases", ("別名", "通称", "旧名", "別称", "aliases", "alias", "aka")),
    ("name", ("氏名", "名称", "名前", "法人名", "会社名", "name")),
)
"""Header words per field, most specific first."""

_WHY_FIELD = {
    "date": "when the contact happened", "from_name": "who approached", "to_name": "who was approached",
    "via_name": "the go-between", "from_country": "the approacher's country", "to_country": "the approached party's country",
    "via_country": "the go-between's country", "from_org": "the approacher's organisation",
    "to_org": "the approached party's organisation", "from_kind": "the approacher's kind (person, company ...)",
    "to_kind": "the approached party's kind", "via_kind": "the go-between's kind", "channel": "how (the channel)",
    "technology": "what was sought", "outcome": "what came of it", "reliability": "how reliable the source is",
    "weight": "how many contacts (or how strong a tie) the row stands for", "case_id": "the case",
    "contact_id": "the row's own id", "notes": "free text", "identifiers": "identifiers (corporate number, e-mail, phone)",
    "aliases": "other spellings", "name": "the name", "country": "the country", "org": "the organisation",
    "kind": "the kind",
}
# contacts fields that an entities file calls otherwise
_ENTITY_FIELD = {"from_country": "country", "from_org": "org", "from_kind": "kind", "from_name": "name"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_GRADE = re.compile(r"^[A-Fa-f][1-6]?$")


@dataclass(frozen=True)
class ColumnGuess:
    """One column: its header, the field guessed (None: left unmapped) and why."""

    header: str
    field: str | None
    why: str
    date_format: str | None = None  # "epoch" / "epoch-ms" when the values are Unix timestamps


@dataclass
class MappingSuggestion:
    """The guessed layout, one guess per column, and notes for the person checking it."""

    file: str
    layout: str
    columns: list[ColumnGuess] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None
    delimiter: str | None = None

    @property
    def mapped(self) -> dict[str, str]:
        """``{field: header}`` of the columns mapped."""
        return {c.field: c.header for c in self.columns if c.field}


def suggest_mapping(path: str | Path, *, sheet: str | None = None, delimiter: str | None = None,
                    encoding: str | None = None) -> MappingSuggestion:
    """Guess a mapping for ``path`` from its header and a sample of its values.

    Raises :class:`~graphkit.errors.FileFormatError` when the file cannot be read at all.
    """
    table = open_table(path, encoding=encoding, sheet=sheet, delimiter=delimiter)
    samples = _samples(table)
    guesses: dict[str, tuple[str, str, str | None]] = {}  # header -> (field, why, date format)
    taken: dict[str, str] = {}
    for header in table.columns:
        found = _field_from_header(header)
        if found and found[0] not in taken:
            field_name, word = found
            values_note, fmt = _value_note(field_name, samples[header])
            said = f"header {header!r}" if word == header_key(header) else f"header {header!r} has {word!r}"
            guesses[header] = (field_name, f"{said}: {_WHY_FIELD[field_name]}" + values_note, fmt)
            taken[field_name] = header
    for header in table.columns:
        if header in guesses:
            continue
        found_by_value = _field_from_values(samples[header], taken)
        if found_by_value:
            field_name, why, fmt = found_by_value
            guesses[header] = (field_name, why, fmt)
            taken[field_name] = header
    layout = _layout(taken)
    suggestion = MappingSuggestion(file=str(path), layout=layout, sheet=table.sheet if sheet else None,
                                   delimiter=delimiter)
    fields = set(LAYOUTS[layout].fields)
    for header in table.columns:
        if header not in guesses:
            suggestion.columns.append(ColumnGuess(header, None, "no field recognised from its header or values"))
            continue
        field_name, why, fmt = guesses[header]
        if layout == "entities":
            field_name = _ENTITY_FIELD.get(field_name, field_name)
        if field_name not in fields:
            suggestion.columns.append(ColumnGuess(
                header, None, f"{why}; but the {layout} layout has no such field"
                + (" (load identifiers from an entities file)" if field_name == "identifiers" else "")))
            continue
        suggestion.columns.append(ColumnGuess(header, field_name, why, fmt))
    if any(re.fullmatch(r"[\d.,:/ -]+", h) for h in table.columns):
        suggestion.notes.append("the first row looks like data (a header of numbers): if the file has no "
                                "header row, set header = false and column_names = [...] (the fields in order)")
    missing = LAYOUTS[layout].missing_required(suggestion.mapped)
    if missing:
        suggestion.notes.append(f"no column was recognised for the required field(s) {', '.join(missing)}: "
                                "name the columns under [columns] before loading")
    return suggestion


def mapping_text(suggestion: MappingSuggestion) -> str:
    """The suggestion as a mapping file (TOML) with a comment per column saying why.

    >>> s = MappingSuggestion("c.csv", "contacts", [ColumnGuess("送信者", "from_name", "header"),
    ...                                              ColumnGuess("メモ2", None, "not recognised")])
    >>> print(mapping_text(s).split("[columns]")[1].strip())
    from_name = "送信者"  # header
    # "メモ2" is not mapped: not recognised
    """
    lines = [
        f"# Mapping suggested by `graphkit mapping suggest` for {Path(suggestion.file).name}.",
        "# Check every line before loading: each guess says why it was made. Load with",
        f"#   graphkit load {Path(suggestion.file).name} --mapping THIS_FILE",
        "# (docs/record-layouts.md, \"Mapping files\", lists every setting).",
        f'layout = "{suggestion.layout}"',
    ]
    if suggestion.sheet:
        lines.append(f"sheet = {_toml(suggestion.sheet)}")
    if suggestion.delimiter:
        lines.append(f"delimiter = {_toml(suggestion.delimiter)}")
    lines += [f"# {note}" for note in suggestion.notes]
    lines += ["", "[columns]"]
    for guess in suggestion.columns:
        if guess.field:
            lines.append(f"{guess.field} = {_toml(guess.header)}  # {guess.why}")
        else:
            lines.append(f"# {_toml(guess.header)} is not mapped: {guess.why}")
    formats = [(g.field, g.date_format) for g in suggestion.columns if g.field and g.date_format]
    if formats:
        lines += ["", "[dates]"]
        lines += [f'{name} = "{fmt}"  # the values are Unix timestamps' for name, fmt in formats]
    return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _samples(table: Table) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {c: [] for c in table.columns}
    seen = 0
    for chunk in table.chunks(SAMPLE_ROWS):
        for row in chunk:
            for column, value in row.cells.items():
                if column in values and value.strip():
                    values[column].append(value.strip())
            seen += 1
        if seen >= SAMPLE_ROWS:
            break
    return values


def _field_from_header(header: str) -> tuple[str, str] | None:
    key = header_key(re.sub(r"[（(].*?[)）]", "", header)) or header_key(header)
    for field_name, words in HEADER_WORDS:
        if key in words:
            return field_name, key
    best: tuple[int, str, str] | None = None
    for field_name, words in HEADER_WORDS:
        for word in words:
            # a Japanese word inside a longer header (接触者氏名), or an English one as a word
            inside = (word in key) if not word.isascii() else (re.search(rf"(^|_){re.escape(word)}(_|$)", key) is not None)
            if inside and len(word) > 1 and (best is None or len(word) > best[0]):
                best = (len(word), field_name, word)
    return (best[1], best[2]) if best else None


def _share(values: list[str], test) -> float:  # type: ignore[no-untyped-def]
    if not values:
        return 0.0
    return sum(1 for v in values if test(v)) / len(values)


def _is_date(value: str) -> bool:
    try:
        return parse_date(value) is not None
    except BadValue:
        return False


def _is_country(value: str) -> bool:
    try:
        return len(value) <= 40 and normalize_country(value) is not None
    except BadValue:
        return False


def _is_corporate_number(value: str) -> bool:
    try:
        check_corporate_number(value)
        return True
    except BadValue:
        return False


def _epoch_format(values: list[str]) -> str | None:
    if not values or _share(values, lambda v: bool(_EPOCH.match(v))) < VALUE_SHARE:
        return None
    seconds = [float(v) for v in values if _EPOCH.match(v)]
    if all(9e8 <= s <= 4e9 for s in seconds):
        return "epoch"
    if all(9e11 <= s <= 4e12 for s in seconds):
        return "epoch-ms"
    return None


def _value_note(field_name: str, values: list[str]) -> tuple[str, str | None]:
    """For a date column named by its header: how its values read (and an epoch format)."""
    if field_name != "date" or not values:
        return "", None
    fmt = _epoch_format(values)
    if fmt:
        return f"; its values are Unix timestamps ({'seconds' if fmt == 'epoch' else 'milliseconds'})", fmt
    dated = sum(1 for v in values if _is_date(v))
    return f"; {dated} of {len(values)} sampled values read as dates", None


def _field_from_values(values: list[str], taken: dict[str, str]) -> tuple[str, str, str | None] | None:
    if not values:
        return None
    n = len(values)

    def free(name: str) -> bool:
        return name not in taken

    fmt = _epoch_format(values)
    if fmt and free("date"):
        return "date", f"its values are Unix timestamps ({'seconds' if fmt == 'epoch' else 'milliseconds'})", fmt
    if free("date") and _share(values, _is_date) >= VALUE_SHARE and not all(v.isdigit() and len(v) < 4 for v in values):
        return "date", f"{sum(map(_is_date, values))} of {n} sampled values read as dates", None
    if _share(values, _is_corporate_number) >= VALUE_SHARE and free("identifiers"):
        return "identifiers", "its values are corporate numbers (13 digits, valid check digit)", None
    if _share(values, lambda v: bool(_EMAIL.match(v))) >= VALUE_SHARE and free("identifiers"):
        return "identifiers", "its values are e-mail addresses", None
    if _share(values, _is_country) >= VALUE_SHARE:
        name = "from_country" if free("from_country") else "to_country" if free("to_country") else None
        if name:
            return name, f"{sum(map(_is_country, values))} of {n} sampled values are countries (ISO codes or names)", None
    if free("reliability") and _share(values, lambda v: bool(_GRADE.match(v))) >= VALUE_SHARE:
        return "reliability", "its values are Admiralty grades (A-F)", None
    return None


def _layout(taken: dict[str, str]) -> str:
    if "from_name" in taken and "to_name" in taken:
        return "contacts"
    if "name" in taken or ("from_name" in taken and "to_name" not in taken and "date" not in taken):
        return "entities"
    return "contacts"
