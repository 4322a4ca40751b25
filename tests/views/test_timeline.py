"""The case timeline (issue 15.4): lanes, items at their date and precision, records, filters,
hostile names, offline; in Debian's headless Chromium like the link chart.

The small case below is hand-made and loaded by the real contacts loader: three approaches by
a foreign actor whose name is HTML to 山田 太郎, dated to the month (2023-05), to the day
(2023-05-14) and to the year (2023), the third through a go-between.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.ingest import load_files
from graphkit.projection import actor_graph, approach_events
from graphkit.store.workspace import Workspace
from graphkit.views.timeline import timeline
from graphkit.workflows.demo import demo_files
from graphkit.workflows.timeline import timeline as timeline_workflow

HOSTILE = "<img src=x onerror=\"document.title='pwned'\">"
SCRIPT = "</script><script>document.title='pwned2'</script>"
COLUMNS = ["contact_id", "case_id", "date", "from_name", "from_kind", "from_country", "to_name", "to_kind",
           "to_country", "via_name", "via_kind", "via_country", "technology", "channel", "outcome", "reliability"]


@pytest.fixture(scope="module")
def small_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("timeline")
    rows = [
        ["T-1", "K1", "2023-05", HOSTILE, "person", "CN", "山田 太郎", "person", "JP", "", "", "", "EUV lithography", "email", "no response", "A"],
        ["T-2", "K1", "2023-05-14", HOSTILE, "person", "CN", "山田 太郎", "person", "JP", "", "", "", "EUV lithography", "meeting", "meeting held", "A"],
        ["T-3", "K1", "2023", SCRIPT, "person", "CN", "山田 太郎", "person", "JP", "Bridge Consulting", "intermediary", "SG", "", "conference", "information provided", "B"],
    ]
    with open(root / "contacts.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    with Workspace(root / "ws") as ws:
        load_files([root / "contacts.csv"], ws)
    return root / "ws"


def _page(ws_path: Path, **options):
    with Workspace(ws_path, create=False) as ws:
        return timeline(approach_events(ws), actor_graph(ws), **options)


def test_items_span_the_period_their_date_stands_for(small_ws: Path) -> None:
    page = _page(small_ws, lang="en")
    approaches = [i for i in page.data["items"] if i["type"] == "approach"]
    by_record = {}
    for item in approaches:
        by_record.setdefault(item["records"][0]["contact_id"], []).append(item)
    month, day, year = by_record["T-1"][0], by_record["T-2"][0], by_record["T-3"][0]
    assert (month["start"], month["end"], month["precision"]) == ("2023-05-01", "2023-05-31", "month")
    assert (day["start"], day["end"], day["precision"]) == ("2023-05-14", "2023-05-14", "day")
    assert (year["start"], year["end"], year["precision"]) == ("2023-01-01", "2023-12-31", "year")
    # one item on each party's lane: approacher and target, and the go-between for T-3
    assert sorted(i["role"] for i in by_record["T-3"]) == ["made", "targeted", "via"]
    assert sorted(i["role"] for i in by_record["T-1"]) == ["made", "targeted"]
    lanes = {lane["label"] for lane in page.data["lanes"]}
    assert {HOSTILE, SCRIPT, "山田 太郎", "Bridge Consulting"} == lanes
    # every item is linked to its record: file, row, record id, contact id, case
    record = month["records"][0]
    assert record["file"].endswith("contacts.csv") and record["row"] == 2 and record["case"] == "K1"
    assert record["record_id"].startswith("record-")
    # the approach's own CONTACTED / SOUGHT / HOLDS edges are not drawn a second time
    assert all(i["type"] == "approach" for i in page.data["items"])


def test_case_lanes_and_seed(small_ws: Path, tmp_path: Path) -> None:
    by_case = _page(small_ws, lanes="case", lang="ja")
    assert [lane["label"] for lane in by_case.data["lanes"]] == ["K1"]
    assert len(by_case.data["items"]) == 3 and by_case.data["meta"]["lang"] == "ja"
    with Workspace(small_ws, create=False) as ws:
        around = timeline_workflow(ws, tmp_path / "t.html", seed="Bridge Consulting", depth=0, lang="en")
    assert {lane["label"] for lane in around.data["lanes"]} == {"Bridge Consulting"}
    assert around.title == "Timeline around Bridge Consulting"


def test_demo_timeline_of_a_case(tmp_path: Path) -> None:
    with Workspace(tmp_path / "ws") as ws:
        load_files(demo_files(), ws)
        page = timeline_workflow(ws, tmp_path / "t.html", case="C-2023-02", lang="en")
        events = approach_events(ws, case="C-2023-02")
    assert len(events) == 83  # STORY.md: C-2023-02 loads 83 contacts
    approaches = {i["records"][0]["record_id"] for i in page.data["items"] if i["type"] == "approach"}
    assert approaches == {e.record_id for e in events if e.date}
    relations = [i for i in page.data["items"] if i["type"] == "relation"]
    assert relations and all(i["records"][0]["case"] == "C-2023-02" for i in relations)
    # JP-0034 of case C-2024-04 is dated "令和5年8月": a month, drawn as all of August 2023
    with Workspace(tmp_path / "ws", create=False) as ws:
        other = timeline_workflow(ws, tmp_path / "t4.html", case="C-2024-04", lang="ja")
    month = [i for i in other.data["items"] if i["records"][0]["contact_id"] == "JP-0034"]
    assert month and {(i["start"], i["end"], i["precision"]) for i in month} == {("2023-08-01", "2023-08-31", "month")}


def test_timeline_in_the_browser(small_ws: Path, tmp_path: Path, open_chart, test_output: Path) -> None:
    path = _page(small_ws, lang="en").save(tmp_path / "timeline.html")
    text = path.read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text and HOSTILE not in text
    opened = open_chart(path)
    page = opened.page
    page.screenshot(path=str(test_output / "timeline.png"))
    assert opened.blocked == [] and opened.errors() == []
    assert page.title() == "Case timeline"  # the hostile names ran nothing
    assert page.evaluate("document.querySelectorAll('img, script[src]').length") == 0
    labels = page.eval_on_selector_all("#gk-labels text.gk-lane", "els => els.map(e => e.firstChild.textContent)")
    assert HOSTILE in labels and SCRIPT in labels
    # a month is drawn about 31 times as wide as a day (the bars' own widths, in pixels)
    widths = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.gk-item')]
        .map(r => [r.getAttribute('data-precision'), r.getBBox().width]))""")
    assert widths["month"] / widths["day"] == pytest.approx(31, rel=0.05)
    assert widths["year"] / widths["day"] == pytest.approx(365, rel=0.05)
    # filter by channel and by outcome
    total = page.evaluate("graphkitTimeline.items()")
    assert total == 7 and len(page.evaluate("graphkitTimeline.visibleItems()")) == 7
    page.uncheck("#gk-channels input[value='email']")
    assert len(page.evaluate("graphkitTimeline.visibleItems()")) == 5
    page.uncheck("#gk-outcomes input[value='information_provided']")
    assert len(page.evaluate("graphkitTimeline.visibleItems()")) == 2
    assert "2 of 7 items shown" in page.text_content("#gk-counts")
    page.click("#gk-all")
    assert len(page.evaluate("graphkitTimeline.visibleItems()")) == 7
    # an item opens its records
    first = page.locator(".gk-item").first
    first.click()
    details = page.text_content("#gk-details")
    assert "contacts.csv:" in details and "records" in details and "T-" in details
    assert page.title() == "Case timeline"


def test_timeline_command(small_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    result = CliRunner().invoke(main, ["timeline", "-w", str(small_ws), "-o", str(out), "--case", "K1", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    assert "7 items" in result.output and '<html lang="ja">' in out.read_text(encoding="utf-8")
    missing = CliRunner().invoke(main, ["timeline", "-w", str(small_ws), "-o", str(out), "--case", "nope"])
    assert missing.exit_code != 0 and "Traceback" not in missing.output
