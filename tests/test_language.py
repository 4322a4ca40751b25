"""One vocabulary, two languages (issue 15.1): the page language rule, the message catalogue,
and the schema's words for every kind, relation, channel and outcome in Japanese and English."""
from __future__ import annotations

import pytest

from graphkit import schema
from graphkit.errors import BadValue
from graphkit.language import LANGUAGES, catalogue_texts, message, messages, page_language, page_message


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "ja_JP.eucJP"}, "ja"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),  # LC_ALL wins, as in POSIX
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
    ({"GRAPHKIT_LANG": "ja", "LANG": "en_US.UTF-8"}, "ja"),
    ({"GRAPHKIT_LANG": "EN", "LC_ALL": "ja_JP.UTF-8"}, "en"),
])
def test_page_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert page_language(None, environ=environ) == expected


def test_lang_given_wins_and_bad_languages_are_refused() -> None:
    assert page_language("ja", environ={"LANG": "en_US.UTF-8"}) == "ja"
    assert page_language("en", environ={"GRAPHKIT_LANG": "ja"}) == "en"
    with pytest.raises(BadValue, match="unknown language 'fr'"):
        page_language("fr")
    with pytest.raises(BadValue):
        page_language(None, environ={"GRAPHKIT_LANG": "de"})


def test_every_message_has_both_languages_and_the_same_fields() -> None:
    import re

    ja, en = catalogue_texts("ja"), catalogue_texts("en")
    assert len(ja) == len(en) > 250
    for j, e in zip(ja, en):
        assert j.strip() and e.strip()
        assert set(re.findall(r"\{(\w+)", j)) <= set(re.findall(r"\{(\w+)", e)) | {"s"}, (j, e)
    assert messages("chart", "ja")["fit"] == "全体を表示" and message("chart.fit", "en") == "Fit to view"


def test_page_message_escapes_values_not_the_catalogue() -> None:
    text = str(page_message("chart.origin_foreign", "en", where="<b>\u202e"))
    assert text == "FOREIGN (&lt;b&gt;\\u202e)"


def test_the_schema_names_every_kind_relation_channel_and_outcome_in_both_languages() -> None:
    current = schema.current()
    for kind in current.nodes.values():
        assert all(kind.words.get(lang) for lang in LANGUAGES), kind.name
    for relation in current.relations.values():
        assert all(relation.words.get(lang) for lang in LANGUAGES), relation.name
    for name in ("channel", "outcome"):
        for term in schema.vocabulary(name).values():
            assert all(term.words.get(lang) for lang in LANGUAGES), term.code
    # both registers map to one code; the outcomes place the funnel's stages
    assert schema.term_code("channel", "ビジネスSNS") == schema.term_code("channel", "networking site") == "networking_site"
    assert schema.term_code("outcome", "資料提供") == "information_provided"
    assert all(term.stage in (1, 2, 3, 4) for term in schema.vocabulary("outcome").values())
    assert schema.relation_word("INTRODUCED", "ja") == "紹介" and schema.kind_word("Company", "ja") == "法人"


def test_demo_report_counts_each_channel_once(tmp_path) -> None:
    """The demo report once counted networking site 97 and ビジネスSNS 20 apart (issue 15)."""
    from graphkit.ingest import load_files
    from graphkit.reports import collect
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.demo import demo_files

    with Workspace(tmp_path / "ws") as ws:
        load_files(demo_files(), ws)
        approaches, _ = collect.approach_dates(ws)
    for lang, word, email, conference in (("en", "networking site", "email", "conference"),
                                          ("ja", "ビジネスSNS", "メール", "学会")):
        frame = collect.approaches_by_month(approaches, lang)
        totals = frame.groupby("channel")["approaches"].sum().to_dict()
        assert totals[word] == 117 and totals[email] == 72 and totals[conference] == 54
        other = {"ja": ("networking site", "email", "conference"), "en": ("ビジネスSNS", "メール", "学会")}[lang]
        assert not set(other) & set(totals)


@pytest.mark.parametrize("script, prefix, dynamic", [
    ("linkchart.js", "chart", {}),
    ("timeline.js", "timeline", {"precision_": ("day", "month", "year", "second"),
                                 "role_": ("made", "targeted", "via"), "stage_": ("0", "1", "2", "3", "4")}),
])
def test_every_word_a_page_script_asks_for_is_in_the_catalogue(script: str, prefix: str,
                                                                 dynamic: dict[str, tuple[str, ...]]) -> None:
    """The scripts take their words from data.words (messages under ``prefix``): a key they
    use that the catalogue lacks would show "undefined" on the page."""
    import re
    from importlib import resources

    text = resources.files("graphkit.views").joinpath("templates", script).read_text(encoding="utf-8")
    used = set(re.findall(r"\bW\.(\w+)", text))
    built = set(re.findall(r"\bW\['(\w+)' \+", text))
    assert built == set(dynamic)
    used |= {stem + suffix for stem, suffixes in dynamic.items() for suffix in suffixes}
    assert len(used) > 20
    for lang in LANGUAGES:
        words = set(messages(prefix, lang)) | (set(messages("common", lang)) if prefix == "timeline" else set())
        assert used <= words, sorted(used - words)
