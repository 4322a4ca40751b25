"""Record layouts, header guessing, column binding and mapping files."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import FileFormatError, MappingError
from graphkit.loaders.layouts import LAYOUTS, guess_layout
from graphkit.loaders.mapping import bind_columns, load_mapping, mapping_from_dict, row_fields


@pytest.mark.parametrize("header, expected", [
    (["contact_id", "from_name", "to_name", "technology"], "contacts"),
    (["From Name", "TO-NAME"], "contacts"),  # headers fold: case, spaces, hyphens
    (["ｆｒｏｍ＿ｎａｍｅ", "to_name"], "contacts"),  # full-width header
    (["from_id", "to_name", "relation"], "relations"),
    (["from_name", "to_name", "relation", "date"], "relations"),
    (["entity_id", "kind", "name", "aliases"], "entities"),
    (["case_id", "title", "opened"], "cases"),
    (["case_id", "from_name"], "contacts"),  # partial fit: the load then names to_name missing
    (["from_id", "relation"], "relations"),
    (["氏名", "会社"], None),
])
def test_guess_layout_by_header(header, expected):
    found = guess_layout(header)
    assert (found.name if found else None) == expected


def test_missing_required_column_lists_what_was_found():
    with pytest.raises(FileFormatError) as err:
        bind_columns(["contact_id", "from_name", "date"], LAYOUTS["contacts"])
    assert str(err.value) == (
        "missing required column to_name for the contacts layout; columns found: contact_id, from_name, date"
    )
    with pytest.raises(FileFormatError, match="missing required columns from_name|from_id, relation"):
        bind_columns(["to_name"], LAYOUTS["relations"])


def test_binding_folds_headers_and_ignores_unknown_columns():
    binding = bind_columns(["From Name", "to_name", "Remarks"], LAYOUTS["contacts"])
    assert binding == {"from_name": "From Name", "to_name": "to_name"}


MAPPING_TOML = """
layout = "contacts"
encoding = "cp932"
sheet = "接触記録"
home_country = "日本"

[columns]
from_name = "接触者氏名"
from_kind = "接触者区分"
to_name = ["対象者氏名", "対象者"]
date = "接触日"

[defaults]
to_kind = "person"

[constants]
case_id = "C-2024-001"

[dates]
date = ["%Y/%m/%d", "%Y年%m月"]

[values.kinds]
"個人" = "person"
"法人" = "company"

[values.channel]
"SNS" = "professional networking site"
"""

MAPPING_YAML = """
layout: contacts
encoding: cp932
sheet: 接触記録
home_country: 日本
columns:
  from_name: 接触者氏名
  from_kind: 接触者区分
  to_name: [対象者氏名, 対象者]
  date: 接触日
defaults: {to_kind: person}
constants: {case_id: C-2024-001}
dates:
  date: ["%Y/%m/%d", "%Y年%m月"]
values:
  kinds: {個人: person, 法人: company}
  channel: {SNS: professional networking site}
"""


def test_toml_and_yaml_mappings_mean_the_same(tmp_path: Path):
    (tmp_path / "m.toml").write_text(MAPPING_TOML, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(MAPPING_YAML, encoding="utf-8")
    toml, yaml = load_mapping(tmp_path / "m.toml"), load_mapping(tmp_path / "m.yaml")
    toml.source = yaml.source = None
    assert toml == yaml
    assert toml.layout == "contacts" and toml.encoding == "cp932" and toml.sheet == "接触記録"
    assert toml.columns["to_name"] == ("対象者氏名", "対象者")
    assert toml.dates["date"] == ("%Y/%m/%d", "%Y年%m月")


def test_mapping_renames_fills_and_translates(tmp_path: Path):
    (tmp_path / "m.toml").write_text(MAPPING_TOML, encoding="utf-8")
    mapping = load_mapping(tmp_path / "m.toml")
    header = ["接触日", "接触者氏名", "接触者区分", "対象者", "channel"]
    binding = bind_columns(header, LAYOUTS["contacts"], mapping)
    # "対象者氏名" is absent, the alternative "対象者" is used
    assert binding == {"date": "接触日", "from_name": "接触者氏名", "from_kind": "接触者区分",
                       "to_name": "対象者", "channel": "channel"}
    cells = {"接触日": "2024/05/01", "接触者氏名": "Li Wei", "接触者区分": "法人", "対象者": "山田", "channel": "ＳＮＳ"}
    fields = row_fields(cells, binding, mapping)
    assert fields == {"date": "2024/05/01", "from_name": "Li Wei", "from_kind": "company",
                      "to_name": "山田", "channel": "professional networking site",
                      "to_kind": "person", "case_id": "C-2024-001"}


def test_mapped_column_absent_from_the_file(tmp_path: Path):
    mapping = mapping_from_dict({"columns": {"from_name": "接触者氏名", "to_name": "対象者"}})
    with pytest.raises(FileFormatError, match="the mapping puts from_name in column '接触者氏名', which the file "
                                              "does not have; columns found: 氏名, 対象者"):
        bind_columns(["氏名", "対象者"], LAYOUTS["contacts"], mapping)


@pytest.mark.parametrize("data, message", [
    ({"layuot": "contacts"}, "unknown setting 'layuot'"),
    ({"layout": "people"}, "layout: unknown layout 'people'"),
    ({"encoding": "sjis-9"}, "encoding: unknown encoding 'sjis-9'"),
    ({"layout": "contacts", "columns": {"name": "氏名"}}, "[columns] names 'name', which is not a field of layout contacts"),
    ({"columns": {"from_name": 3}}, "[columns] from_name must be a column header or a list of them"),
    ({"dates": {"date": "YYYY/MM/DD"}}, "[dates] date must be a strptime format"),
    ({"values": {"kinds": ["個人"]}}, "[values.kinds] must map words to words"),
    ({"defaults": "person"}, "[defaults] must be a table"),
    ({"header_row": 0}, "header_row: must be a row number, 1 or more"),
])
def test_mapping_errors_say_what_is_wrong(data, message):
    with pytest.raises(MappingError) as err:
        mapping_from_dict(data, source="m.toml")
    assert str(err.value).startswith("m.toml: ")
    assert message in str(err.value)


def test_unparseable_and_missing_mapping_files(tmp_path: Path):
    bad = tmp_path / "m.toml"
    bad.write_text("layout = \n", encoding="utf-8")
    with pytest.raises(MappingError, match="mapping file cannot be parsed"):
        load_mapping(bad)
    with pytest.raises(MappingError, match="mapping file not found"):
        load_mapping(tmp_path / "nope.toml")
    other = tmp_path / "m.ini"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(MappingError, match=r"must end in \.toml, \.yaml or \.yml"):
        load_mapping(other)
