"""Throughput of graphkit.normalize against the plain standard-library floor, in one run.

Baselines: ``datetime.date.fromisoformat`` (ISO dates only: what a loader would do with no
era or precision handling) and ``unicodedata.normalize("NFKC", s).casefold()`` (the least a
matching key could do). Each is timed on the same values. "distinct" uses every value once
(no cache help); "repeated" draws 100k cells from 2,000 distinct values, as a case file's
columns repeat names and dates.

Run: PYTHONPATH=. python benchmarks/normalize_bench.py
"""
from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata

from graphkit.normalize import match_key, normalize_country, parse_date
from graphkit.normalize.countries import _code_of
from graphkit.normalize.dates import _parse_text
from graphkit.normalize.text import _cached_match_key

N = 100_000
rng = random.Random(7)


def rate(func, values) -> float:
    start = time.perf_counter()
    for v in values:
        func(v)
    return len(values) / (time.perf_counter() - start)


def iso_dates(n: int) -> list[str]:
    first = dt.date(1990, 1, 1).toordinal()
    return [dt.date.fromordinal(first + i).isoformat() for i in range(n)]


def era_dates(n: int) -> list[str]:
    return [f"令和{rng.randint(2, 6)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日" for _ in range(n)]


def names(n: int) -> list[str]:
    family = ["山田", "佐藤", "髙橋", "Smith", "Wang", "Li", "Müller", "ﾔﾏﾀﾞ", "Ｔａｎａｋａ"]
    given = ["太郎", "花子", "John", "Wei", "Anna", "ﾀﾛｳ", "Ｋｅｎ"]
    return [f"{rng.choice(family)}　{rng.choice(given)} {i}" for i in range(n)]


def report(label: str, ours: float, base: float) -> None:
    print(f"{label:<44} {ours:>12,.0f}/s   baseline {base:>12,.0f}/s   time per value ours/baseline {base / ours:6.1f}")


def main() -> None:
    iso = iso_dates(N)
    _parse_text.cache_clear()
    report("parse_date ISO, distinct", rate(parse_date, iso), rate(dt.date.fromisoformat, iso))
    iso_repeated = [rng.choice(iso[:2000]) for _ in range(N)]
    _parse_text.cache_clear()
    report("parse_date ISO, repeated (2k distinct)", rate(parse_date, iso_repeated), rate(dt.date.fromisoformat, iso_repeated))
    _parse_text.cache_clear()
    era = era_dates(N)
    print(f"{'parse_date era, repeated (~2k distinct)':<44} {rate(parse_date, era):>12,.0f}/s   (no stdlib baseline)")

    people = names(N)
    nfkc = lambda s: unicodedata.normalize("NFKC", s).casefold()  # noqa: E731
    _cached_match_key.cache_clear()
    report("match_key Person, distinct", rate(match_key, people), rate(nfkc, people))
    companies = [f"株式会社テスト{i}" if i % 2 else f"Test{i} Co., Ltd." for i in range(N)]
    _cached_match_key.cache_clear()
    report("match_key Company, distinct", rate(lambda s: match_key(s, "Company"), companies), rate(nfkc, companies))

    pool = names(2000)
    repeated = [rng.choice(pool) for _ in range(N)]
    _cached_match_key.cache_clear()
    report("match_key Person, repeated (2k distinct)", rate(match_key, repeated), rate(nfkc, repeated))

    countries = [rng.choice(["中国", "CN", "Japan", "日本", "USA", "韓国", "ＵＳＡ", "Russia"]) for _ in range(N)]
    _code_of.cache_clear()
    report("normalize_country, repeated", rate(normalize_country, countries), rate(str.upper, countries))
    print("machine: see docs/normalisation.md (figures recorded there)")


if __name__ == "__main__":
    main()
