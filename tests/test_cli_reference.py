"""Every command has help text and appears in docs/cli.md, which matches the code."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import click
import pytest

from graphkit.cli import main

REPO = Path(__file__).resolve().parent.parent
COMMANDS = main.list_commands(click.Context(main))


def _make_cli_docs():
    spec = importlib.util.spec_from_file_location("make_cli_docs", REPO / "scripts" / "make_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_has_help(name):
    command = main.get_command(click.Context(main), name)
    assert command.help and len(command.help.strip()) > 20, f"graphkit {name} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"graphkit {name} {param.opts[0]} has no help text"


def test_command_reference_is_current():
    expected = _make_cli_docs().render()
    actual = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run python scripts/make_cli_docs.py"


def test_the_workflow_commands_exist():
    for name in ("load", "info", "explain", "export", "demo", "generate", "brokers", "paths",
                 "communities", "ego", "view", "report", "push", "pull"):
        assert name in COMMANDS


def test_a_mistyped_case_names_the_close_ones(tmp_path):
    """Analysis commands on an empty selection say why, instead of an empty or odd result."""
    from click.testing import CliRunner

    from graphkit.workflows.demo import run_demo

    run_demo(tmp_path / "demo", write_report=False)
    result = CliRunner().invoke(main, ["brokers", "--case", "C-2023-1", "-w", str(tmp_path / "demo" / "workspace")])
    assert result.exit_code == 1
    assert "no relation has evidence for case 'C-2023-1'" in result.output
    assert "C-2023-01" in result.output and "Traceback" not in result.output
