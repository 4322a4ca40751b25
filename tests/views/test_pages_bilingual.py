"""Every page in both languages (issue 15.1): the link chart, the timeline, the report and the
brief are rendered from the demo in Japanese and in English, opened in headless Chromium, and
every visible text node is accounted for: it is made of the catalogue's words in the page's
language (graphkit/messages.toml and the schema's words) and of record data (names, ids,
dates, numbers). A label the catalogue does not hold in that language, or one left in the
other language, is what remains, and the test names it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import pytest

from graphkit import schema
from graphkit.ingest import load_files
from graphkit.language import catalogue_texts
from graphkit.store.workspace import Workspace
from graphkit.workflows.demo import demo_files

CASE = "C-2023-02"
# words: two Latin letters or more, or any kana or kanji (not the 中点 ・ or other punctuation)
LETTERS = re.compile(r"[A-Za-z]{2,}|[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u9fff\uff66-\uff9d]")
DATA_PATTERNS = re.compile(r"sha256:[0-9a-f]+|[0-9a-f]{12,}|record-[0-9a-f]+|\d{4}-\d{2}(-\d{2})?")
REPORT_FILES = ("approaches_by_month.csv", "brokers.csv", "brokers_by_case.csv", "contacts_by_side.csv",
                "paths.csv", "report.xlsx", "manifest.json")

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('script, style, title, [hidden]')) { continue; }
    if (!parent.closest('svg') && !parent.getClientRects().length) { continue; }
    out.push(text);
  }
  document.querySelectorAll('[placeholder]').forEach(e => out.push(e.getAttribute('placeholder')));
  document.querySelectorAll('[aria-label]').forEach(e => out.push(e.getAttribute('aria-label')));
  return out;
}"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bilingual") / "ws"
    with Workspace(path) as ws:
        load_files(demo_files(), ws)
    return path


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _strings(item)


def record_data(ws: Workspace) -> set[str]:
    """Every string the records put on a page: names, aliases, properties, ids, files, cells."""
    found: set[str] = set(REPORT_FILES)
    record_ids: set[str] = set()
    for node in ws.iter_nodes():
        found.add(node.name)
        found.update(node.aliases)
        for value in node.properties.values():
            found.update(_strings(value))
        record_ids.update(node.evidence)
    for record in ws.get_records(record_ids).values():
        found.update({record.record_id, record.file, Path(record.file).name, *(record.raw or {}).values()})
        found.update(s for s in (record.source_id, record.case_id) if s)
    return {s.strip() for s in found if s and s.strip()}


def catalogue_words(lang: str) -> list[str]:
    """The literal pieces of every message in ``lang`` and the schema's words in it."""
    pieces: set[str] = set()
    for text in catalogue_texts(lang):
        pieces.update(p.strip() for p in re.split(r"\{[^}]*\}", text))
    current = schema.current()
    pieces.update(kind.word(lang) for kind in current.nodes.values())
    pieces.update(relation.word(lang) for relation in current.relations.values())
    for terms in current.vocabularies.values():
        pieces.update(term.word(lang) for term in terms.values())
    if lang == "en":  # the English pages name kinds and relations as the schema does
        pieces.update(current.nodes)
        pieces.update(current.relations)
        pieces.update(kind.style["legend"] for kind in current.nodes.values() if kind.style and "legend" in kind.style)
    # one Latin letter is no word; one kanji is ("丸", "件")
    return sorted((p for p in pieces if len(p) >= 2 or (p and not p.isascii())), key=len, reverse=True)


def unexplained(texts: Iterable[str], words: list[str], data: list[str]) -> list[str]:
    """The text nodes that hold something neither the catalogue nor the records explain."""
    left = []
    tokens = [t for t in data if len(t) >= 2]  # a one-letter cell ("C") would eat labels
    whole = set(data)

    def remove(text: str, groups: tuple[list[str], ...]) -> str:
        for group in groups:  # each group longest first: a name before its parts
            for token in group:
                if token in text:
                    text = text.replace(token, " ")
        return DATA_PATTERNS.sub(" ", text)

    for text in texts:
        clipped = text[:-1].rstrip() if text.endswith("…") else None  # a chart label cut short
        if text in whole or (clipped and any(d.startswith(clipped) for d in data)):
            continue
        # the catalogue's words may hold a name's letters ("tie" in "Frontier") and a name may
        # hold a message's ("ビジネスSNS"): either order may explain the text
        rests = [remove(text, (words, tokens)), remove(text, (tokens, words))]
        if all(LETTERS.search(rest) for rest in rests):
            left.append(f"{text!r} -> {rests[0].strip()!r}")
    return left


def _render(kind: str, lang: str, ws: Workspace, out: Path) -> Path:
    if kind == "chart":
        from graphkit.workflows.chart import view

        return view(ws, output=out / "chart.html", case=CASE, lang=lang).output  # type: ignore[return-value]
    if kind == "timeline":
        from graphkit.workflows.timeline import timeline

        timeline(ws, out / "timeline.html", case=CASE, lang=lang)
        return out / "timeline.html"
    if kind == "report":
        from graphkit.reports import build_report

        result = build_report(ws, out / "report", case=CASE, lang=lang, seed=0, k_paths=2)
        return result.out_dir / "report.html"
    from graphkit.workflows.brief import brief

    return brief(ws, out / "brief.html", lang=lang).path


def _open(browser: Any, open_chart: Any, kind: str, path: Path) -> Any:
    if kind in ("chart", "timeline"):
        page = open_chart(path).page
        if kind == "chart":  # show the search results and a node's card too
            page.evaluate("graphkitChart.search('Leon')")
            page.click("#gk-results button")
        else:
            page.locator(".gk-item").first.click()
        return page
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    return page


@pytest.mark.parametrize("kind", ["chart", "timeline", "report", "brief"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_label_is_in_the_page_language(demo: Path, tmp_path: Path, browser: Any, open_chart: Any,
                                             kind: str, lang: str) -> None:
    with Workspace(demo, create=False) as ws:
        path = _render(kind, lang, ws, tmp_path)
        data = sorted(record_data(ws), key=len, reverse=True)
    page = _open(browser, open_chart, kind, path)
    texts = page.evaluate(VISIBLE_TEXT)
    assert len(texts) > 30 and page.evaluate("document.documentElement.lang") == lang
    assert unexplained(texts, catalogue_words(lang), data) == []
    # the other language's own words are nowhere: no message whose text differs between the
    # two languages shows its other-language text as a whole text node
    other = "en" if lang == "ja" else "ja"
    foreign_labels = set(catalogue_texts(other)) - set(catalogue_texts(lang))
    assert not [t for t in texts if t in foreign_labels and t not in data]


def test_the_check_finds_an_untranslated_label() -> None:
    """The check itself: an English label in a Japanese page is left unexplained."""
    words = catalogue_words("ja")
    assert unexplained(["検索", "Leon Varga [CN]", "2023-05"], words, ["Leon Varga", "CN"]) == []
    assert unexplained(["Search"], words, []) == ["'Search' -> 'Search'"]
    assert unexplained(["Fit to view"], catalogue_words("en"), []) == []
    assert unexplained(["全体を表示"], catalogue_words("en"), []) != []
