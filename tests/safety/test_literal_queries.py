"""Issue 12.13: every query reaches the Neo4j driver as a ``LiteralString`` from the catalogue,
so a type checker proves no value was spliced into query text.

mypy reads ``LiteralString`` as plain ``str`` (it does not check PEP 675), so the proof uses
pyright (the ``basedpyright`` package, a test dependency), which does; the driver's
``Session.run`` and ``Driver.execute_query`` take ``LiteralString | Query``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _pyright(tmp_path: Path, *targets: str) -> subprocess.CompletedProcess:
    config = tmp_path / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "standard", "pythonVersion": "3.11",
                                  "extraPaths": [str(REPO)]}), encoding="utf-8")
    command = shutil.which("basedpyright") or shutil.which("pyright")
    assert command, "install the test dependencies: python3 -m pip install basedpyright"
    return subprocess.run([command, "-p", str(config), *targets], cwd=REPO, capture_output=True,
                          text=True, timeout=600)


def test_the_runner_hands_the_driver_only_literal_strings(tmp_path):
    done = _pyright(tmp_path, str(REPO / "graphkit/store/neo4j_conn.py"), str(REPO / "graphkit/store/cypher.py"))
    assert "LiteralString" not in done.stdout, done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_spliced_value_is_a_type_error(tmp_path):
    snippet = tmp_path / "spliced.py"
    snippet.write_text(
        "from neo4j import Session\n"
        "from graphkit.store.cypher import Query\n"
        "def bad(session: Session, name: str) -> None:\n"
        "    session.run(\"MATCH (n) WHERE n.name = '\" + name + \"' RETURN n\")\n"
        "    Query(name='x', mode='read', text=f'MATCH (n {{name: \"{name}\"}}) RETURN n')\n"
        "def good(session: Session, query: Query) -> None:\n"
        "    session.run(query.text, {'name': 'x'})\n",
        encoding="utf-8")
    done = _pyright(tmp_path, str(snippet))
    assert done.returncode == 1
    assert "spliced.py:4:" in done.stdout and "spliced.py:5:" in done.stdout, done.stdout
    assert done.stdout.count('"LiteralString"') >= 2, done.stdout
    assert "spliced.py:7:" not in done.stdout and "spliced.py:2:" not in done.stdout, done.stdout
