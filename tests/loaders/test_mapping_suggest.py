"""A file with Japanese headers (issue 11.9): the error points at --mapping, `graphkit mapping
suggest` writes a mapping that loads the file as is, and --sheet / --delimiter choose a sheet
and a separator (in `load` and in mapping files)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.errors import FileFormatError, MappingError
from graphkit.ingest import load_files
from graphkit.loaders.mapping import mapping_from_dict
from graphkit.loaders.suggest import suggest_mapping
from graphkit.projection import actor_graph
from graphkit.store.workspace import Workspace

JAPANESE_ROWS = [
    ["接触日", "接触者", "国籍", "相手", "相手所属", "手段", "法人番号", "備考"],
    ["2024/05/01", "王 偉", "中国", "山田 太郎", "東都大学", "学会", "7010001008844", "名刺交換"],
    ["令和6年6月3日", "Li Wei", "CN", "佐藤 美咲", "桜精機", "メール", "7010001008844", ""],
    ["2024-07-15", "Ivan Petrov", "ロシア", "山田 太郎", "東都大学", "ビジネスSNS", "", "再接触"],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    path.write_bytes("\r\n".join(delimiter.join(r) for r in rows).encode(encoding) + b"\r\n")
    return path


def run(*args: object) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_japanese_headers_error_suggests_a_mapping(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "接触記録.csv", JAPANESE_ROWS, encoding="cp932")
    result = run("load", path, "-w", tmp_path / "ws")
    assert result.exit_code == 1
    assert "--mapping" in result.output and "graphkit mapping suggest 接触記録.csv" in result.output
    assert "Traceback" not in result.output


def test_suggested_mapping_round_trips_a_japanese_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "接触記録.csv", JAPANESE_ROWS, encoding="cp932")
    out = tmp_path / "mapping.toml"
    result = run("mapping", "suggest", path, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["layout"] == "contacts"
    assert data["columns"] == {"date": "接触日", "from_name": "接触者", "from_country": "国籍", "to_name": "相手",
                               "to_org": "相手所属", "channel": "手段", "notes": "備考"}
    # every column has a comment saying why; the corporate number is named but not mapped
    assert "# header '接触日': when the contact happened; 3 of 3 sampled values read as dates" in text
    assert '"法人番号" is not mapped' in text and "entities file" in text
    # used as is, it loads every row
    with Workspace(tmp_path / "ws") as ws:
        report = load_files([path], ws, mapping=out)
        G = actor_graph(ws)
    assert (report.total.read, report.total.loaded, report.total.rejected) == (3, 3, 0)
    countries = {d["name"]: d["country"] for _, d in G.nodes(data=True)}
    assert countries["王 偉"] == "CN" and countries["Ivan Petrov"] == "RU"
    # the same through the CLI
    loaded = run("load", path, "--mapping", out, "-w", tmp_path / "ws2")
    assert loaded.exit_code == 0, loaded.output


def test_suggest_guesses_from_values_when_headers_say_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [
        ["col1", "col2", "col3", "col4", "col5"],
        ["1463507482", "Alice", "CN", "alice@example.com", "Bob"],
        ["1463507999", "Carol", "JP", "carol@example.com", "Dave"],
    ])
    found = suggest_mapping(path)
    assert found.mapped["date"] == "col1"
    assert [c.date_format for c in found.columns if c.field == "date"] == ["epoch"]
    assert found.mapped["from_country"] == "col3"
    assert any(c.header == "col4" and "e-mail" in c.why for c in found.columns)
    assert any("from_name" in note for note in found.notes)  # names cannot be told from values


def test_suggest_for_entities_maps_corporate_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", [["名称", "種別", "国籍", "法人番号", "別名"],
                                          ["桜精機", "法人", "日本", "7010001008844", "サクラ精機"]])
    found = suggest_mapping(path)
    assert found.layout == "entities"
    assert found.mapped == {"name": "名称", "kind": "種別", "country": "国籍", "identifiers": "法人番号",
                            "aliases": "別名"}
    with Workspace(tmp_path / "ws") as ws:
        out = tmp_path / "m.toml"
        run("mapping", "suggest", path, "-o", out)
        assert load_files([path], ws, mapping=out).total.loaded == 1


def test_suggest_refuses_to_overwrite(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["from_name", "to_name"], ["A", "B"]])
    out = tmp_path / "m.toml"
    out.write_text("x", encoding="utf-8")
    result = run("mapping", "suggest", path, "-o", out)
    assert result.exit_code == 1 and "--force" in result.output
    assert run("mapping", "suggest", path, "-o", out, "--force").exit_code == 0


def test_sheet_option_and_sheets_listed_in_errors(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "表紙"
    book.active.append(["接触記録 2024"])
    data = book.create_sheet("接触記録")
    for row in [["from_name", "to_name", "date"], ["A", "B", "2024-05-01"]]:
        data.append(row)
    path = tmp_path / "book.xlsx"
    book.save(path)
    refused = run("load", path, "-w", tmp_path / "ws")
    assert refused.exit_code == 1
    assert "read sheet '表紙'" in refused.output and "接触記録" in refused.output and "--sheet" in refused.output
    loaded = run("load", path, "--sheet", "接触記録", "-w", tmp_path / "ws")
    assert loaded.exit_code == 0, loaded.output
    wrong = run("load", path, "--sheet", "Sheet9", "-w", tmp_path / "ws")
    assert "its sheets are 表紙, 接触記録" in wrong.output


def test_delimiter_option_and_mapping_key(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["from_name", "to_name"], ["A", "B"], ["C", "D"]], delimiter=";")
    refused = run("load", path, "-w", tmp_path / "ws")
    assert refused.exit_code == 1 and "--delimiter ';'" in refused.output
    assert run("load", path, "--delimiter", ";", "-w", tmp_path / "ws").exit_code == 0
    tabbed = write_csv(tmp_path / "t.csv", [["from_name", "to_name"], ["A", "B"]], delimiter="\t")
    refused = run("load", tabbed, "-w", tmp_path / "ws")
    assert "--delimiter tab" in refused.output and ".tsv" in refused.output
    mapping = tmp_path / "m.toml"
    mapping.write_text('delimiter = "tab"\n', encoding="utf-8")
    with Workspace(tmp_path / "ws3") as ws:
        assert load_files([tabbed], ws, mapping=mapping).total.loaded == 1
        assert load_files([tabbed], ws, delimiter="\t").total.merged == 1
    with pytest.raises(MappingError, match="delimiter"):
        mapping_from_dict({"delimiter": "ab"})


def test_header_false_needs_column_names(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="column_names"):
        mapping_from_dict({"header": False})
    with pytest.raises(MappingError, match="header = false"):
        mapping_from_dict({"column_names": ["from_name", "to_name"]})
    with pytest.raises(MappingError, match="twice"):
        mapping_from_dict({"header": False, "column_names": ["a", "a"]})
    path = write_csv(tmp_path / "e.csv", [["A", "B", "x"], ["C", "D", "y", "extra"]])
    m = mapping_from_dict({"layout": "contacts", "header": False, "column_names": ["from_name", "to_name", "notes"]})
    with Workspace(tmp_path / "ws") as ws:
        report = load_files([path], ws, mapping=m)
    assert (report.total.read, report.total.loaded) == (2, 1)
    assert report.rejects[0].row == 2 and "3" in report.rejects[0].reason
    with pytest.raises(FileFormatError, match="missing required column"):
        with Workspace(tmp_path / "ws2") as ws:
            load_files([path], ws, mapping=mapping_from_dict({"header": False, "column_names": ["a", "b"],
                                                              "layout": "contacts"}))


def test_japanese_headers_with_an_english_date_column_also_hear_of_mapping(tmp_path: Path) -> None:
    """A header sharing only ``date`` with the contacts layout is taken as contacts missing both
    parties: the message names the missing columns and points at --mapping too."""
    path = write_csv(tmp_path / "c.csv", [["接触者", "相手", "date"], ["A", "B", "2024-05-01"]])
    result = run("load", path, "-w", tmp_path / "ws")
    assert result.exit_code == 1
    assert "missing required columns from_name, to_name" in result.output
    assert "--mapping" in result.output and "graphkit mapping suggest c.csv" in result.output
