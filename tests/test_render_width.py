"""Terminal tables fit the terminal (issue 11.13): COLUMNS=80 and 120, text left-aligned and cut
with an ellipsis, numbers right-aligned, --wide shows every cell whole, pipes are never cut."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.render import Rows, display_width, render, table_text
from graphkit.workflows.demo import run_demo

REASON = "links 12 domestic actors to 6 foreign actors; gatekeeper 1x (from Sakura Advanced Materials K.K.)"


def test_long_text_is_cut_with_an_ellipsis_and_numbers_stay_whole():
    rows = Rows(["rank", "name", "betweenness", "reason"], [(1, "Leon Varga", 0.524269, REASON),
                                                          (10, "佐藤 美咲", 0.5, "short")])
    text = table_text(rows, width=60)
    lines = text.splitlines()
    assert all(display_width(line) <= 60 for line in lines), text
    assert "0.524269" in text and "…" in lines[1] and REASON not in text
    assert lines[1].startswith("   1  Leon Varga")  # numbers right, text left
    assert lines[2].startswith("  10  佐藤 美咲 ")  # a wide character takes two cells
    assert REASON in table_text(rows, width=60, wide=True)
    assert REASON in table_text(rows, width=None)


def test_columns_that_cannot_fit_are_named():
    rows = Rows([f"measure_{i}" for i in range(12)], [tuple(range(12))])
    text = table_text(rows, width=80)
    assert all(display_width(line) <= 80 for line in text.splitlines()), text
    assert text.splitlines()[-1].startswith("(--wide shows ")
    assert "more column(s): " in text.splitlines()[-1]


def test_csv_and_json_are_never_cut():
    rows = Rows(["reason"], [(REASON,)])
    assert REASON in render(rows, "csv", width=20) and REASON in render(rows, "json", width=20)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return str(run_demo(tmp_path_factory.mktemp("demo"), write_report=False).workspace)


TABLE_COMMANDS = [
    ["info"],
    ["brokers", "--top", "10"],
    ["cuts"],
    ["paths", "--from", "foreign", "--to", 'technology:"quantum sensing"', "-k", "3"],
    ["communities"],
    ["ego", "Leon Varga"],
    ["explain", "--edge", "Leon Varga", "佐藤 美咲"],
    ["export", "edges", "--format", "table"],
]


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", TABLE_COMMANDS, ids=lambda c: c[0])
def test_every_table_fits_the_terminal_width(workspace, command, columns):
    result = CliRunner().invoke(main, [*command, "-w", workspace], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    widest = max(display_width(line) for line in result.stdout.splitlines())
    # brokers' notes after its table (how betweenness was computed, what the rank rests on)
    note_lines = [line for line in result.stdout.splitlines() if line.startswith(("betweenness:", "rank:"))]
    table_lines = [line for line in result.stdout.splitlines() if line not in note_lines]
    assert max(display_width(line) for line in table_lines) <= columns, result.stdout
    assert widest > 0


def test_wide_prints_the_brokers_reasons_whole(workspace):
    narrow = CliRunner().invoke(main, ["brokers", "-w", workspace, "--top", "3"], env={"COLUMNS": "80"})
    wide = CliRunner().invoke(main, ["brokers", "-w", workspace, "--top", "3", "--wide"], env={"COLUMNS": "80"})
    assert narrow.exit_code == wide.exit_code == 0
    assert "gatekeeper 1x (from Sakura Advanced Materials K.K." in wide.stdout
    assert "gatekeeper 1x (from Sakura Advanced Materials K.K." not in narrow.stdout
    assert "…" in narrow.stdout
