"""The outreach brief (issue 15.3): what it counts, what it withholds, and that it names nobody.

Expected counts come from graphkit/demo/STORY.md and the demo files: 338 approaches load
(343 contacts rows less 5 bad ones); the networking-site channel is 97 rows of contacts.csv
("networking site") and 20 of contacts_jp.csv ("ビジネスSNS"), one channel of 117.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit import schema
from graphkit.cli import main
from graphkit.errors import NotFound
from graphkit.projection import ApproachEvent
from graphkit.reports.brief import brief_content, shown
from graphkit.store.workspace import Workspace
from graphkit.workflows.brief import brief, withheld_words


def _secrets(ws: Workspace) -> set[str]:
    """Everything the brief must not contain, in the forms stored: actor names and aliases,
    their orgs, case ids, case titles, contact ids, record ids and source files."""
    found = set(withheld_words(ws))
    for node in ws.iter_nodes(schema.ACTOR_KINDS):
        found.add(node.name)
        found.update(node.aliases)
        if node.properties.get("org"):
            found.add(str(node.properties["org"]))
    for node in ws.iter_nodes([schema.CASE_KIND]):
        found.update(str(node.properties[k]) for k in ("case_id", "title") if node.properties.get(k))
    for node in ws.iter_nodes([schema.APPROACH_KIND]):
        found.add(node.name)
        found.update(node.evidence)
    records = ws.get_records({r for n in ws.iter_nodes([schema.APPROACH_KIND]) for r in n.evidence})
    found.update(Path(r.file).name for r in records.values())
    return {s for s in found if s and len(s.strip()) >= 2}


def _leaks(page: str, secrets: set[str]) -> list[str]:
    return sorted(s for s in secrets if s in page)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_demo_brief_names_nobody(demo_ws: Path, tmp_path: Path, lang: str) -> None:
    with Workspace(demo_ws, create=False) as ws:
        result = brief(ws, tmp_path / "brief.html", lang=lang)
        secrets = _secrets(ws)
    page = result.path.read_text(encoding="utf-8")
    assert len(secrets) > 150  # the names, aliases and ids of the demo: the search is real
    assert {"Leon Varga", "C-2023-01", "CT-0004", "JP-0002"} <= secrets
    assert _leaks(page, secrets) == []
    # dates no finer than the month: no YYYY-MM-DD, YYYY/MM/DD or Japanese day anywhere
    assert not re.search(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d+日", page)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_generated_brief_names_nobody(generated_ws: Path, tmp_path: Path, lang: str) -> None:
    with Workspace(generated_ws, create=False) as ws:
        result = brief(ws, tmp_path / "brief.html", lang=lang)
        secrets = _secrets(ws)
    page = result.path.read_text(encoding="utf-8")
    assert len(secrets) > 1_000 and "G000000001" in secrets and "G-0000" in secrets
    assert _leaks(page, secrets) == []
    assert result.content.approaches == 3_000


def test_demo_brief_counts(demo_ws: Path, tmp_path: Path) -> None:
    with Workspace(demo_ws, create=False) as ws:
        content = brief(ws, tmp_path / "b.html", lang="en").content
    assert content.approaches == 338 and content.cases == 5
    channels = {row.code: row.count for row in content.channels}
    # one channel whatever the register: 97 "networking site" + 20 "ビジネスSNS"
    assert channels["networking_site"] == 117
    assert channels["email"] == 58 + 8 and channels["conference"] == 40 + 14
    assert set(channels) <= set(schema.vocabulary("channel"))  # codes only, no raw words
    assert sum(channels.values()) == 338
    funnel = [row.count for row in content.funnel]
    assert funnel == sorted(funnel, reverse=True) and funnel[0] == content.threads
    kinds = {row.code: row.count for row in content.go_betweens}
    assert kinds["front_company"] > 0 and kinds["headhunter"] > 0 and kinds["direct"] > 0
    assert (content.first_month, content.last_month) == ("2019-04", "2024-10")
    assert [row.code for row in content.signs][:1] == ["networking_site"]


def test_counts_below_the_threshold_are_withheld(demo_ws: Path, tmp_path: Path) -> None:
    with Workspace(demo_ws, create=False) as ws:
        result = brief(ws, tmp_path / "b.html", lang="en", threshold=10)
    rows = {row.code: row for row in result.content.channels}
    assert rows["headhunter"].count is None and rows["headhunter"].share is None  # 6 < 10
    assert rows["trading_house"].count is None
    assert rows["visit"].count == 24
    page = result.path.read_text(encoding="utf-8")
    assert "fewer than 10" in page and ">6<" not in page
    # a sign seen fewer times than the threshold is not shown at all
    assert "headhunter" not in [s.code for s in result.content.signs]


def test_one_withheld_row_takes_the_next_smallest_with_it() -> None:
    """Channels add up to the approaches shown: one withheld row would be the total less the
    others, so the smallest shown row is withheld too (3 email, 4 phone, 2 visit: 9 shown)."""
    events = [ApproachEvent(f"n{i}", f"r{i}", "c.csv", i, None, None, "2024-05", channel, None, f"a{i}", "b")
              for i, channel in enumerate(["email"] * 3 + ["phone"] * 4 + ["visit"] * 2)]
    content = brief_content(events, {}, {}, set())
    assert content.approaches == 9
    assert {r.code: r.count for r in content.channels} == {"phone": 4, "email": None, "visit": None}
    assert [r.share for r in content.channels] == [44.4, None, None]


def test_shown_and_other_technology() -> None:
    assert (shown(2, 3), shown(3, 3)) == (None, 3)
    events = [ApproachEvent(f"n{i}", f"r{i}", "c.csv", i, f"CT-{i}", "K1", "2024-05", "email",
                            "information provided", "a", "b", technologies=("t",)) for i in range(3)]
    # a technology whose name holds an actor's name is counted as "other", never shown
    content = brief_content(events, {"a": ("Person", True), "b": ("Person", False)},
                            {"t": "Li Wei's lithography notes"}, set(), withheld=["Li Wei"])
    assert [(r.code, r.count) for r in content.technologies] == [("other", 3)]
    # one thread (a, b) only: below the threshold, so neither it nor its funnel is shown
    assert content.threads is None and [(r.code, r.count) for r in content.funnel] == [("1", None), ("2", None), ("3", None)]
    # an unmapped channel word is record text: counted as "other"
    odd = [ApproachEvent("x", "r", "c.csv", 1, None, None, "2024-05", "secret word 42", None, "a", "b")] * 3
    assert [r.code for r in brief_content(odd, {}, {}, set()).channels] == ["other"]


def test_brief_page_is_offline_and_printable(demo_ws: Path, tmp_path: Path) -> None:
    with Workspace(demo_ws, create=False) as ws:
        page = html.unescape(brief(ws, tmp_path / "b.html", lang="ja").path.read_text(encoding="utf-8"))
    assert "default-src 'none'; script-src 'none'" in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page and "@media print" in page
    assert '<html lang="ja">' in page and "接近手口の概要" in page


def test_brief_command(demo_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(main, ["brief", "-w", str(demo_ws), "-o", str(out), "--case", "C-2023-02",
                                       "--case", "C-2024-03", "--since", "2020-01", "--lang", "en"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "2 selected case(s)" in page and "from 2020-01" in page
    assert "C-2023-02" not in page and "C-2024-03" not in page
    empty = CliRunner().invoke(main, ["brief", "-w", str(demo_ws), "-o", str(tmp_path / "e.html"),
                                      "--since", "2030"])
    assert empty.exit_code != 0 and "nothing to brief" in empty.output
    assert "Traceback" not in empty.output


def test_brief_with_no_approach_is_not_found(tmp_path: Path) -> None:
    with Workspace(tmp_path / "ws") as ws, pytest.raises(NotFound):
        brief(ws, tmp_path / "b.html", lang="en")


def test_a_hostile_technology_name_is_text() -> None:
    from graphkit.reports.brief import render_brief

    events = [ApproachEvent(f"n{i}", f"r{i}", "c.csv", i, None, None, "2024-05", "email", None, f"a{i}", "b",
                            technologies=("t",)) for i in range(3)]
    hostile = "<img src=x onerror=alert(1)>\u202e"
    content = brief_content(events, {}, {"t": hostile}, set())
    for lang in ("ja", "en"):
        page = render_brief(content, lang=lang, scope="-")
        assert "<img" not in page and "\u202e" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;\\u202e" in page
