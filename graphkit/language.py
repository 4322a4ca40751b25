"""The language of the pages graphkit writes (Japanese or English), and their words.

Every heading, legend, button, table header and reason a chart, report, brief or timeline
shows is a message in ``messages.toml`` beside the schema, with a Japanese and an English
text; the words for kinds, relations, channels and outcomes stay in ``schema.toml``. A page
asks for its words here and nowhere else, so a label without a translation is a missing
catalogue entry (the bilingual tests find it), never a string in code.

:func:`page_language` is the one rule that decides the language: the ``--lang`` given, else
``GRAPHKIT_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``; Japanese when it
names Japanese), else English.

>>> page_language("ja"), page_language(None, environ={"LANG": "ja_JP.UTF-8"})
('ja', 'ja')
>>> page_language(None, environ={"LANG": "C.UTF-8"})
'en'
>>> message("brief.title", "ja")
'接近手口の概要'
>>> message("common.fewer_than", "en", n=3)
'fewer than 3'
"""
from __future__ import annotations

import html
import locale
import os
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from markupsafe import Markup

from graphkit.errors import BadValue, SchemaError
from graphkit.safe_text import for_display

LANGUAGES = ("ja", "en")
"""The languages every message has."""
LANG_ENV = "GRAPHKIT_LANG"
"""Environment variable naming the page language (``ja`` or ``en``) when ``--lang`` is not given."""
_LOCALE_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")


def page_language(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language a page is written in: ``lang`` when given (``ja`` or ``en``, any case),
    else ``GRAPHKIT_LANG``, else Japanese when the locale is Japanese, else English.

    >>> page_language("EN")
    'en'
    >>> page_language("fr")
    Traceback (most recent call last):
    ...
    graphkit.errors.BadValue: unknown language 'fr': choose ja or en (value: fr)
    """
    env = os.environ if environ is None else environ
    chosen = lang if lang else env.get(LANG_ENV)
    if chosen:
        key = str(chosen).strip().casefold()
        if key not in LANGUAGES:
            raise BadValue(f"unknown language {chosen!r}: choose {' or '.join(LANGUAGES)}", value=chosen)
        return key
    for name in _LOCALE_ENV:  # POSIX order: the first one set wins
        value = env.get(name)
        if value:
            return "ja" if value.casefold().startswith("ja") else "en"
    if environ is None:  # Windows sets no LANG: ask the system
        found = locale.getlocale()[0] or ""
        if found.casefold().startswith(("ja", "japanese")):
            return "ja"
    return "en"


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("graphkit").joinpath("messages.toml").read_text(encoding="utf-8")
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, table: Mapping[str, Any]) -> None:
        for key, value in table.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, Mapping) and set(value) <= set(LANGUAGES) and value:
                missing = [lang for lang in LANGUAGES if not value.get(lang)]
                if missing:
                    raise SchemaError(f"graphkit/messages.toml: {name} has no {', '.join(missing)} text")
                flat[name] = {lang: str(value[lang]) for lang in LANGUAGES}
            elif isinstance(value, Mapping):
                walk(name, value)
            else:
                raise SchemaError(f"graphkit/messages.toml: {name} is not a ja/en message")

    walk("", tomllib.loads(text))
    return flat


def message(key: str, lang: str, /, **values: Any) -> str:
    """The text of message ``key`` in ``lang``, with ``{name}`` fields filled from ``values``.

    A key the catalogue lacks is a programming error (KeyError), so a page cannot quietly
    show a key instead of words.
    """
    return _catalogue()[key][lang].format(**values) if values else _catalogue()[key][lang]


def messages(prefix: str, lang: str) -> dict[str, str]:
    """Every message under ``prefix`` (``"chart"``, ``"timeline"``) in ``lang``, keyed by the
    rest of its name: what a page's script receives as its words.

    >>> messages("chart", "ja")["search"]
    '検索'
    """
    start = prefix + "."
    return {key[len(start):]: texts[lang] for key, texts in _catalogue().items() if key.startswith(start)}


def page_message(key: str, lang: str, /, **values: Any) -> Markup:
    """:func:`message` as page markup: the catalogue's text kept as written (its quotes too),
    every value escaped, its control and bidi characters shown as ``\\uXXXX``
    (:func:`graphkit.safe_text.for_display`), so record text in a message stays text.

    >>> str(page_message("report.case_stars", "en", names="<b>O'Neil</b>"))
    "starred along the case's approaches: &lt;b&gt;O&#39;Neil&lt;/b&gt;; likely paths highlighted"
    """
    text = Markup(html.escape(_catalogue()[key][lang], quote=False).replace('"', "&quot;"))
    if not values:
        return text
    return text.format(**{k: for_display(v, keep_newlines=True) if isinstance(v, str) else v
                          for k, v in values.items()})


def catalogue_texts(lang: str) -> list[str]:
    """Every message text in ``lang`` (with ``{fields}`` unfilled): what the bilingual tests
    compare a page's visible text with."""
    return [texts[lang] for texts in _catalogue().values()]
