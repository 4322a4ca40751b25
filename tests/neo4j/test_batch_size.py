"""`graphkit load --neo4j --batch-size N` and `push --batch-size N` write N rows per transaction
and, on a long load, print a throughput line per batch on stderr (issue 12 item 19)."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import graphkit.store.neo4j as neo4j_module
from graphkit.cli import main
from graphkit.workflows.generate import generate_contacts

pytestmark = pytest.mark.neo4j

ROWS = 300
LINE = re.compile(r"^Neo4j: ([\d,]+) rows written so far, [\d,]+ rows/s \(batch (\d+) of (\d+) of this chunk, "
                  r"50 rows per batch\)$")


def test_batch_size_and_throughput_lines(store, tmp_path, monkeypatch):
    path = tmp_path / "contacts.csv"
    generate_contacts(ROWS, seed=5, bad_rows=0, path=path)
    monkeypatch.setattr(neo4j_module, "THROUGHPUT_EVERY_S", 0.0)  # every batch counts as "long"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["load", str(path), "--neo4j", "--batch-size", "50", "--no-progress"])
    assert result.exit_code == 0, result.output
    found = [LINE.match(line) for line in result.stderr.splitlines() if line.startswith("Neo4j: ")]
    assert found and all(found), result.stderr
    totals = [int(m.group(3)) for m in found]
    assert totals[0] >= ROWS // 50  # at least the records alone take ROWS / 50 batches
    so_far = [int(m.group(1).replace(",", "")) for m in found]
    assert so_far == sorted(so_far) and so_far[-1] > ROWS
    assert store.record_count() == ROWS

    bad = CliRunner().invoke(main, ["load", str(path), "--neo4j", "--batch-size", "0"])
    assert bad.exit_code == 2 and "batch-size" in bad.output


def test_push_batch_size(store, tmp_path, monkeypatch):
    path = tmp_path / "contacts.csv"
    generate_contacts(120, seed=6, bad_rows=0, path=path)
    ws = tmp_path / "ws"
    assert CliRunner().invoke(main, ["load", str(path), "--workspace", str(ws), "--no-progress"]).exit_code == 0
    monkeypatch.setattr(neo4j_module, "THROUGHPUT_EVERY_S", 0.0)
    result = CliRunner().invoke(main, ["push", "--workspace", str(ws), "--batch-size", "50"])
    assert result.exit_code == 0, result.output
    assert any(LINE.match(line) for line in result.stderr.splitlines()), result.stderr
    assert store.record_count() == 120
