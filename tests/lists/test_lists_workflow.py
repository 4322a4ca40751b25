"""`graphkit lists load / lists / lists remove` and `gk.load_lists`: reference data beside the case graph."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import graphkit as gk
from graphkit.cli import main
from graphkit.workflows.demo import demo_files
from graphkit.workflows.lists import list_table, load_lists

LISTS = Path("../shared/datasets/export_control_lists")
ALL_LISTS = [p for p in sorted(LISTS.iterdir()) if p.suffix in {".csv", ".txt"} and "page" not in p.name]


def cli(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


def test_loading_every_list_leaves_the_case_analysis_unchanged(tmp_path: Path) -> None:
    with gk.open_store(tmp_path / "ws") as store:
        gk.load(store, demo_files())
        before = gk.brokers(store, top=20).shown
        counts, digest = store.counts(), store.snapshot_hash()
        changes = load_lists(store, ALL_LISTS)
        assert sum(c.entries for c in changes) == 3659 - 397 + 234 and len(changes) == 13
        after = gk.brokers(store, top=20).shown
        pd.testing.assert_frame_equal(before, after)
        assert store.counts() == counts and store.snapshot_hash() == digest


def test_a_newer_edition_replaces_and_reports_added_and_delisted(tmp_path: Path) -> None:
    source = (LISTS / "us_ndaa_section_889_telecom.csv").read_text("utf-8").splitlines()
    old, new = tmp_path / "old" / "us_ndaa_section_889_telecom.csv", tmp_path / "new" / "us_ndaa_section_889_telecom.csv"
    old.parent.mkdir(), new.parent.mkdir()
    old.write_text("\n".join(source) + "\n", "utf-8")
    # the newer edition drops Dahua (row 2) and adds one firm
    added = source[3].replace("Huawei Technologies Company", "Example Telecom Company")
    new.write_text("\n".join([source[0], *source[2:], added]) + "\n", "utf-8")
    ws = str(tmp_path / "ws")
    cli("lists", "load", str(old), "-w", ws)
    printed = json.loads(cli("lists", "load", str(new), "-w", ws, "--format", "json").stdout)
    assert printed == [{"list": "us_ndaa_889", "entries": 5, "added": 1, "delisted": 1, "kept": 4, "edition": None,
                        "previous_edition": None, "note": ""}]
    again = json.loads(cli("lists", "load", str(new), "-w", ws, "--format", "json").stdout)
    assert again[0]["note"] == "same edition as stored" and again[0]["added"] == 0
    with gk.open_store(tmp_path / "ws") as store:
        names = sorted(e.name for e in store.list_entries())
        assert "Example Telecom Company" in names and "Dahua Technology Company" not in names
        assert list_table(store)[["list", "entries", "added", "delisted"]].values.tolist() == [["us_ndaa_889", 5, 0, 0]]
    shown = cli("lists", "-w", ws).stdout
    assert "us_ndaa_889" in shown and "NDAA Section 889" in shown
    assert cli("lists", "remove", "us_ndaa_889", "-w", ws).stdout == "Removed the list us_ndaa_889 (5 entries).\n"
    missing = cli("lists", "remove", "us_ndaa_889", "-w", ws, code=1)
    assert "no list named 'us_ndaa_889'" in missing.output and "Traceback" not in missing.output


def test_a_bad_file_loads_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "cn_counter_sanctions.csv"
    lines = (LISTS / "cn_counter_sanctions.csv").read_text("utf-8").splitlines()
    lines[9] = lines[9].replace(",Organization,", ",Martian,") if ",Organization," in lines[9] else \
        "Martian" + lines[9][lines[9].index(","):]
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    ws = str(tmp_path / "ws")
    result = cli("lists", "load", str(LISTS / "us_ndaa_section_889_telecom.csv"), str(bad), "-w", ws, code=1)
    assert result.output.startswith("Error: cn_counter_sanctions.csv, row 10, column Type: unknown entity type")
    with gk.open_store(tmp_path / "ws") as store:
        assert store.list_infos() == []
