"""The outreach brief: how approaches happen, never who (``graphkit brief``).

:func:`brief_content` reduces approach events to counts that name nobody: channels and their
share, the stage funnel, technologies sought, kinds of go-between, months from first contact
to escalation, and the warning signs seen, each mapped to See / Stop / Share. The content is
safe by construction:

- it is built from vocabulary codes (channels, outcomes), node kinds, the foreign flag,
  technology names and months; an actor's name, alias or id, a case id, a contact id and the
  text of a record never enter it (an unmapped channel or outcome word is counted as
  "other", since it is record text);
- dates are cut to the month;
- every count below ``threshold`` is suppressed (shown as "fewer than N") and so is every
  share computed from one; where rows add up to a total the page shows and only one is
  suppressed, the next smallest is suppressed too, so no row is the total less the others;
- a technology whose name holds an actor's name or alias or a case id is counted as "other".

:func:`render_brief` writes the page: Japanese or English (graphkit/messages.toml), printable,
no script, no request, the report's Content-Security-Policy.

>>> from graphkit.projection import ApproachEvent
>>> ev = [ApproachEvent(f"n{i}", f"r{i}", "c.csv", i, f"CT-{i}", "K1", "2024-05-02", "email",
...                     "no response", "a", "b") for i in range(4)]
>>> content = brief_content(ev, {"a": ("Person", True), "b": ("Person", False)}, {}, set())
>>> content.approaches, content.channels[0].code, content.channels[0].count
(4, 'email', 4)
>>> content.first_month, content.last_month
('2024-05', '2024-05')
"""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from markupsafe import Markup

from graphkit import __version__, schema
from graphkit.language import message, page_message
from graphkit.projection import ApproachEvent
from graphkit.reports import charts
from graphkit.reports.page import brief_css, environment, page_csp

THRESHOLD = 3
"""Counts below this are suppressed in the brief (the default of ``--threshold``)."""

GO_BETWEEN_KINDS = ("headhunter", "consultancy", "trading_house", "front_company",
                    "academic_exchange", "other_go_between", "direct")
"""The kinds of go-between the brief counts, in the order it shows them (words: brief.go_between.*)."""
_GO_BETWEEN_CHANNELS = {"headhunter": "headhunter", "consultancy": "consultancy",
                        "trading_house": "trading_house", "conference": "academic_exchange"}
"""A channel that is itself a kind of go-between (a conference: an academic exchange)."""

STAGES = (1, 2, 3, 4)
"""The funnel's stages (an outcome's ``stage`` in schema.toml; words: brief.stage.N)."""
ESCALATION_STAGE = 2
"""Escalation: the first approach of a thread whose outcome reaches this stage (engaged)."""
ESCALATION_BUCKETS = ((0, 0), (1, 3), (4, 12), (13, None))
"""Months from first contact to escalation, grouped (words: brief.months.*)."""
REPEATED = 3
"""A thread of this many approaches or more is a repeated approach (a warning sign)."""

SIGNS = ("networking_site", "headhunter", "consultancy", "front_company", "academic_exchange",
         "escalation", "repeated")
"""The warning signs, each with See / Stop / Share words (brief.sign.CODE.*) and the count
that shows it was seen (:func:`_sign_counts`)."""


@dataclass(frozen=True)
class Row:
    """One line of a brief table: a code, its count (None when suppressed) and share in %."""

    code: str
    count: int | None
    share: float | None = None


@dataclass
class BriefContent:
    """What the brief shows: counts only, suppressed below ``threshold``."""

    threshold: int
    approaches: int | None
    threads: int | None
    cases: int | None
    first_month: str | None
    last_month: str | None
    channels: list[Row] = field(default_factory=list)
    funnel: list[Row] = field(default_factory=list)
    technologies: list[Row] = field(default_factory=list)
    go_betweens: list[Row] = field(default_factory=list)
    escalation: list[Row] = field(default_factory=list)
    escalation_median: int | None = None
    signs: list[Row] = field(default_factory=list)


def shown(count: int, threshold: int) -> int | None:
    """``count`` when it may be shown, None when it is below ``threshold`` (suppressed).

    >>> shown(2, 3), shown(3, 3), shown(0, 3)
    (None, 3, 0)
    """
    return count if count == 0 or count >= threshold else None


def _rows(counts: Mapping[str, int], total: int, threshold: int, order: Sequence[str] | None = None,
          additive: bool = True) -> list[Row]:
    """One table's rows, small counts withheld. In an ``additive`` table (its rows add up to
    a total the page shows) one withheld row could be worked out as the total less the others,
    so when exactly one row is withheld the smallest shown row is withheld with it."""
    codes = list(order) if order is not None else [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    codes = [c for c in codes if order is None or counts.get(c, 0)]
    withheld = {c for c in codes if shown(counts.get(c, 0), threshold) is None}
    if additive and len(withheld) == 1 and len(codes) > 1:
        withheld.add(min((c for c in codes if c not in withheld), key=lambda c: (counts.get(c, 0), c)))
    rows = []
    for code in codes:
        n = counts.get(code, 0)
        kept = None if code in withheld else n
        share = round(100.0 * n / total, 1) if kept is not None and total and n else None
        rows.append(Row(code, kept, share))
    return rows


def brief_content(events: Iterable[ApproachEvent], actors: Mapping[str, tuple[str, bool | None]],
                  technology_names: Mapping[str, str], front_companies: set[str], *,
                  threshold: int = THRESHOLD, withheld: Iterable[str] = ()) -> BriefContent:
    """The brief's counts from approach events.

    Parameters
    ----------
    events : the approach events (:func:`graphkit.projection.approach_events`)
    actors : node id -> (kind, foreign) of every approacher, target and go-between
    technology_names : technology node id -> name
    front_companies : ids of domestic companies owned or controlled by a foreign actor
    threshold : counts below it are suppressed
    withheld : names, aliases and ids no technology name shown may contain (the actors' and
        the cases'); such a technology is counted as "other"
    """
    events = list(events)
    total = len(events)
    threads: dict[tuple[str, str | None], list[ApproachEvent]] = defaultdict(list)
    channels: Counter = Counter()
    kinds: Counter = Counter()
    techs: Counter = Counter()
    secrets = [w.casefold() for w in withheld if w and len(w.strip()) >= 2]
    shown_names: dict[str, str] = {}  # technology id -> the name shown, checked once each
    for tech in {t for ev in events for t in ev.technologies}:
        name = technology_names.get(tech, "")
        folded = name.casefold()
        shown_names[tech] = name if name and not any(s in folded for s in secrets) else "other"
    for ev in events:
        threads[(ev.approacher, ev.target)].append(ev)
        code = schema.term_code("channel", ev.channel) if ev.channel else None
        channels[code or ("other" if ev.channel else "not_recorded")] += 1
        kinds[_go_between(ev, code, actors, front_companies)] += 1
        for tech in ev.technologies:
            techs[shown_names[tech]] += 1
    months = sorted(ev.date[:7] for ev in events if ev.date and len(ev.date) >= 7)
    memo: dict[str | None, int] = {}
    reached = [_stage_reached(t, memo) for t in threads.values()]
    funnel = Counter({stage: sum(1 for r in reached if r >= stage) for stage in STAGES})
    delays = [d for t in threads.values() if (d := _months_to(t, ESCALATION_STAGE, memo)) is not None]
    buckets = Counter(_bucket(d) for d in delays)
    cases = {ev.case_id for ev in events if ev.case_id}
    n_threads = len(threads)
    content = BriefContent(
        threshold=threshold, approaches=shown(total, threshold), threads=shown(n_threads, threshold),
        cases=shown(len(cases), threshold),
        first_month=months[0] if months and shown(len(months), threshold) else None,
        last_month=months[-1] if months and shown(len(months), threshold) else None,
        channels=_rows(channels, total, threshold),
        funnel=_rows({str(s): funnel[s] for s in STAGES}, n_threads, threshold, [str(s) for s in STAGES],
                     additive=False),  # each stage counts the threads that went further too
        technologies=_rows(techs, total, threshold, additive=False),  # an approach may concern several
        go_betweens=_rows(kinds, total, threshold, GO_BETWEEN_KINDS),
        escalation=_rows(buckets, len(delays), threshold, [_bucket_code(b) for b in ESCALATION_BUCKETS]),
        escalation_median=int(statistics.median(delays)) if len(delays) >= threshold else None,
    )
    sign_counts = _sign_counts(channels, kinds, funnel, threads)
    content.signs = [Row(code, shown(sign_counts[code], threshold)) for code in SIGNS if sign_counts[code] >= threshold]
    return content


def _go_between(ev: ApproachEvent, channel: str | None, actors: Mapping[str, tuple[str, bool | None]],
                front_companies: set[str]) -> str:
    """The kind of go-between of one approach: a front company (the approacher or go-between
    a domestic company a foreign actor owns), else what the channel says (a headhunter, a
    consultancy, a trading house; a conference is an academic exchange), else a go-between of
    another kind, else direct."""
    if ev.approacher in front_companies or (ev.via is not None and ev.via in front_companies):
        return "front_company"
    if channel in _GO_BETWEEN_CHANNELS:
        return _GO_BETWEEN_CHANNELS[channel]
    return "other_go_between" if ev.via is not None else "direct"


def _stage(ev: ApproachEvent, memo: dict[str | None, int]) -> int:
    """The funnel stage an approach's outcome reaches (1 when unknown or unmapped); ``memo``
    keeps each outcome word's stage for one brief."""
    if ev.outcome not in memo:
        code = schema.term_code("outcome", ev.outcome) if ev.outcome else None
        stage = schema.vocabulary("outcome")[code].stage if code else None
        memo[ev.outcome] = stage or 1
    return memo[ev.outcome]


def _stage_reached(thread: list[ApproachEvent], memo: dict[str | None, int]) -> int:
    return max((_stage(ev, memo) for ev in thread), default=1)


def _month_index(date: str | None) -> int | None:
    if not date or len(date) < 7:
        return None
    return int(date[:4]) * 12 + int(date[5:7]) - 1


def _months_to(thread: list[ApproachEvent], stage: int, memo: dict[str | None, int]) -> int | None:
    """Whole months from the thread's first dated contact to its first approach reaching
    ``stage`` (None when it never does, or a date is known to the year only)."""
    dated = sorted(((m, ev) for ev in thread if (m := _month_index(ev.date)) is not None),
                   key=lambda pair: (pair[0], pair[1].record_id))
    if not dated:
        return None
    first = dated[0][0]
    for month, ev in dated:
        if _stage(ev, memo) >= stage:
            return month - first
    return None


def _bucket(months: int) -> str:
    for bucket in ESCALATION_BUCKETS:
        low, high = bucket
        if months >= low and (high is None or months <= high):
            return _bucket_code(bucket)
    raise ValueError(months)  # pragma: no cover - the buckets cover every month count


def _bucket_code(bucket: tuple[int, int | None]) -> str:
    low, high = bucket
    return f"{low}_{high}" if high is not None else f"{low}_plus"


def _sign_counts(channels: Counter, kinds: Counter, funnel: Counter,
                 threads: Mapping[Any, list[ApproachEvent]]) -> Counter:
    return Counter({
        "networking_site": channels.get("networking_site", 0),
        "headhunter": kinds.get("headhunter", 0),
        "consultancy": kinds.get("consultancy", 0),
        "front_company": kinds.get("front_company", 0),
        "academic_exchange": kinds.get("academic_exchange", 0),
        "escalation": funnel.get(3, 0),
        "repeated": sum(1 for t in threads.values() if len(t) >= REPEATED),
    })


# --- the page ---------------------------------------------------------------------------------


def _label(section: str, code: str, lang: str) -> str:
    if section == "channel":
        if code in ("other", "not_recorded"):
            return message("common.other" if code == "other" else "brief.not_recorded", lang)
        return schema.term_word("channel", code, lang) or code
    if section == "technology":
        return message("common.other", lang) if code == "other" else code
    return message(f"brief.{section}.{code}", lang)


def _count_text(row: Row, threshold: int, lang: str) -> str:
    return message("common.fewer_than", lang, n=threshold) if row.count is None else f"{row.count:,}"


def _view(rows: list[Row], section: str, threshold: int, lang: str) -> list[dict[str, Any]]:
    return [{"label": _label(section, r.code, lang), "count": _count_text(r, threshold, lang),
             "share": "" if r.share is None else f"{r.share:.1f}%"} for r in rows]


def _bars(rows: list[Row], section: str, title: str, lang: str) -> Markup:
    items = [(_label(section, r.code, lang), float(r.count)) for r in rows if r.count]
    return charts.bar_chart(items, title=title, empty=message("common.no_data", lang))


def render_brief(content: BriefContent, *, lang: str, scope: str, marking: str = "") -> str:
    """The brief as one HTML page in ``lang`` (``ja`` or ``en``)."""
    css = brief_css()
    t = content.threshold

    def m(key: str, **values: Any) -> str:
        return message(key, lang, **values)

    signs = [{"count": _count_text(r, t, lang), "title": m(f"brief.sign.{r.code}.title"),
              "see": m(f"brief.sign.{r.code}.see"), "stop": m(f"brief.sign.{r.code}.stop"),
              "share": m(f"brief.sign.{r.code}.share")} for r in content.signs]
    return environment().get_template("brief.html.j2").render(
        m=lambda key, **values: page_message(key, lang, **values), lang=lang,
        csp=page_csp(css), css=Markup(css), version=__version__,  # our own asset, checked
        marking=marking, scope=scope, threshold=t,
        approaches=_count_text(Row("", content.approaches), t, lang),
        threads=_count_text(Row("", content.threads), t, lang),
        cases=_count_text(Row("", content.cases), t, lang),
        period=(m("brief.period_value", first=content.first_month, last=content.last_month)
                if content.first_month else m("brief.period_unknown")),
        channels=_view(content.channels, "channel", t, lang),
        channel_chart=_bars(content.channels, "channel", m("brief.channels"), lang),
        funnel=_view(content.funnel, "stage", t, lang),
        funnel_chart=_bars(content.funnel, "stage", m("brief.funnel"), lang),
        technologies=_view(content.technologies, "technology", t, lang),
        go_betweens=_view(content.go_betweens, "go_between", t, lang),
        escalation=_view(content.escalation, "months", t, lang),
        escalation_median=content.escalation_median,
        signs=signs,
    )
