"""The README's five-minute tour, run line by line in a folder of the user's own (issue 11.15).

`graphkit demo --files my-case` copies the records out; every later command of the tour runs
in that folder and writes there, never into the package (a wheel built afterwards would ship
the stray files, and the quickstart notebook would pick them up).
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import graphkit
from graphkit.resources import demo_dir

ROOT = Path(__file__).resolve().parents[2]


def tour_commands() -> list[list[str]]:
    """The `graphkit ...` commands of the README's tour block, as argument lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A five-minute tour.*?```bash\n(.*?)```", text, re.S)
    assert block, "README.md has no five-minute tour block"
    commands = []
    for line in block.group(1).splitlines():
        for part in line.split("&&"):
            words = shlex.split(part, comments=True)
            if words and words[0] == "graphkit":
                commands.append(words[1:])
    return commands


def graphkit_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(graphkit.__file__).resolve().parents[1]),
           "COLUMNS": "100"}
    env.pop("GRAPHKIT_WORKSPACE", None)
    return subprocess.run([sys.executable, "-c", "from graphkit.cli import main; main()", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_tour_block_starts_by_copying_the_demo_files_out():
    commands = tour_commands()
    assert commands[0] == ["demo", "--files", "my-case"]
    assert ["load", "cases.csv", "entities.xlsx", "contacts.csv", "contacts_jp.csv", "relations.jsonl"] in commands


@pytest.mark.slow
def test_the_readme_tour_runs_in_a_folder_of_ones_own(tmp_path):
    package_files = sorted(p.name for p in demo_dir().iterdir())
    commands = tour_commands()
    first = graphkit_cli(commands[0], tmp_path)
    assert first.returncode == 0, first.stderr
    case = tmp_path / "my-case"
    assert sorted(p.name for p in case.iterdir()) == sorted(
        ["cases.csv", "entities.xlsx", "contacts.csv", "contacts_jp.csv", "relations.jsonl", "STORY.md"])
    for args in commands[1:]:
        done = graphkit_cli(args, case)
        assert done.returncode == 0, f"graphkit {shlex.join(args)}\n{done.stdout}\n{done.stderr}"
        if args[0] == "brokers":
            assert "Leon Varga" in done.stdout
    for written in ("chart.html", "report/report.html", "edges.csv", ".graphkit"):
        assert (case / written).exists(), written
    # nothing was written into the package
    assert sorted(p.name for p in demo_dir().iterdir()) == package_files


def test_copying_refuses_to_overwrite_a_users_file(tmp_path):
    (tmp_path / "contacts.csv").write_text("mine", encoding="utf-8")
    done = graphkit_cli(["demo", "--files", str(tmp_path)], tmp_path)
    assert done.returncode == 1
    assert "already holds contacts.csv" in done.stderr
    assert (tmp_path / "contacts.csv").read_text(encoding="utf-8") == "mine"
