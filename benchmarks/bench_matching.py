"""Name matching: candidate generation at 200k names, and precision/recall on the gold sets.

Two parts, one run:

1. **Scale**: 200,000 names (half from :func:`graphkit.generate.generate_entities`, the
   synthetic actors the load benchmarks use; half drawn from Japanese, Chinese and Latin
   personal names in several scripts and spellings, and firm names with legal forms) go
   through :func:`graphkit.matching.candidate_pairs`. Prints the time and the pair count.
2. **Gold sets** (:mod:`graphkit.matching.gold`, real lists in ``shared/datasets``): for
   each, precision and recall of the matcher's ``likely`` pairs (score >= 0.85) and of its
   candidates (``likely`` or ``question``, score >= 0.6), next to plain rapidfuzz
   (``fuzz.token_sort_ratio`` with rapidfuzz's default processing, >= 90) on the same pairs.

Run: python3 benchmarks/bench_matching.py [--names 200000] [--datasets ../shared/datasets]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from graphkit.workflows.generate import generate_entities  # noqa: E402
from graphkit.matching import LIKELY, QUESTION, NameRecord, candidate_pairs, find_candidates  # noqa: E402
from graphkit.matching.gold import GoldSet, load_gold_sets, pair_scores  # noqa: E402

_JP_FAMILY = [("佐藤", "サトウ", "Sato"), ("鈴木", "スズキ", "Suzuki"), ("高橋", "タカハシ", "Takahashi"),
              ("田中", "タナカ", "Tanaka"), ("伊藤", "イトウ", "Ito"), ("渡辺", "ワタナベ", "Watanabe"),
              ("山本", "ヤマモト", "Yamamoto"), ("中村", "ナカムラ", "Nakamura"), ("小林", "コバヤシ", "Kobayashi"),
              ("加藤", "カトウ", "Kato"), ("吉田", "ヨシダ", "Yoshida"), ("山田", "ヤマダ", "Yamada"),
              ("佐々木", "ササキ", "Sasaki"), ("山口", "ヤマグチ", "Yamaguchi"), ("松本", "マツモト", "Matsumoto"),
              ("井上", "イノウエ", "Inoue"), ("木村", "キムラ", "Kimura"), ("清水", "シミズ", "Shimizu"),
              ("大野", "オオノ", "Ohno"), ("髙橋", "タカハシ", "Takahashi")]
_JP_GIVEN = [("美咲", "ミサキ", "Misaki"), ("太郎", "タロウ", "Taro"), ("健太", "ケンタ", "Kenta"),
             ("翔太", "ショウタ", "Shota"), ("直美", "ナオミ", "Naomi"), ("一郎", "イチロウ", "Ichiro"),
             ("花子", "ハナコ", "Hanako"), ("拓哉", "タクヤ", "Takuya"), ("陽子", "ヨウコ", "Yoko"),
             ("大輔", "ダイスケ", "Daisuke"), ("智子", "トモコ", "Tomoko"), ("浩", "ヒロシ", "Hiroshi")]
_ZH_FAMILY = ["李", "王", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"]
_ZH_GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
             "国华", "建国", "晓明", "海燕", "志强"]
_LATIN_FIRST = ["John", "Maria", "Ahmed", "Mohamed", "Anna", "Peter", "Olga", "Ivan", "Fatima", "David",
                "Sergei", "Elena", "Omar", "Laura", "Hans", "Yusuf", "Vladimir", "Aisha", "Carlos", "Nadia"]
_LATIN_LAST = ["Smith", "Garcia", "Ivanov", "Petrova", "Hassan", "Khan", "Müller", "Rossi", "Novak",
               "Kowalski", "Haddad", "Schmidt", "Popescu", "Nielsen", "Costa", "Yilmaz", "Sokolov"]
_LEGAL = ["Co., Ltd.", "株式会社", "LLC", "Inc.", "GmbH", "有限公司", "Limited", "(株)"]


def synthetic_names(n: int, seed: int = 7) -> list[str]:
    """``n`` names: half the generator's actors, half CJK and Latin personal and firm names."""
    rng = random.Random(seed)
    names: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entities.csv"
        generate_entities(n_actors=n // 2, seed=seed, path=path)
        with open(path, encoding="utf-8") as fh:
            next(fh)
            names.extend(line.split(",")[2] for line in fh)
    while len(names) < n:
        roll = rng.random()
        if roll < 0.3:
            family, given = rng.choice(_JP_FAMILY), rng.choice(_JP_GIVEN)
            script = rng.randrange(3)
            if script == 2 and rng.random() < 0.5:
                names.append(f"{given[2]} {family[2]}")
            else:
                names.append(f"{family[script]} {given[script]}")
        elif roll < 0.55:
            name = rng.choice(_ZH_FAMILY) + rng.choice(_ZH_GIVEN)
            names.append(name if rng.random() < 0.7 else name + "之")
        elif roll < 0.85:
            first, last = rng.choice(_LATIN_FIRST), rng.choice(_LATIN_LAST)
            names.append(rng.choice([f"{first} {last}", f"{last.upper()}, {first}", f"{first} {last} {rng.randrange(1000)}"]))
        else:
            words = rng.sample(["Tokyo", "Pacific", "Global", "Hua", "Xin", "Nova", "Alpha", "Trading",
                                "Precision", "Photonics", "Systems", "東都", "精機", "电子", "科技"], 2)
            names.append(" ".join(words) + f" {rng.randrange(5000)} " + rng.choice(_LEGAL))
    return names[:n]


def scale(n: int) -> None:
    names = synthetic_names(n)
    start, cpu = time.perf_counter(), time.process_time()
    pairs = candidate_pairs(names)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(f"candidate generation: {n:,} names ({len(set(names)):,} distinct) -> {len(pairs):,} candidate pairs "
          f"in {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU ({'under' if seconds < 60 else 'OVER'} 60 s); "
          f"load average {os.getloadavg()[0]:.1f}")


def _rapidfuzz_pairs(gold: GoldSet) -> set[tuple[int, int]]:
    names: list[str] = []
    owner: list[int] = []
    for index, item in enumerate(gold.items):
        for name in (item.names if isinstance(item, NameRecord) else (item,)):
            names.append(name)
            owner.append(index)
    matrix = process.cdist(names, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
                           score_cutoff=90, workers=1)
    rows, cols = matrix.nonzero()
    return {(min(owner[r], owner[c]), max(owner[r], owner[c]))
            for r, c in zip(rows.tolist(), cols.tolist()) if owner[r] != owner[c]}


def gold_table(datasets: Path) -> None:
    header = (f"{'set':<26}{'items':>6}{'pairs':>7} | {'likely P':>9}{'R':>6} | {'cand. P':>8}{'R':>6} |"
              f" {'rapidfuzz P':>12}{'R':>6}")
    print(header)
    print("-" * len(header))
    for gold in load_gold_sets(datasets):
        start = time.perf_counter()
        found = find_candidates(list(gold.items), gold.kind, min_score=QUESTION)
        seconds = time.perf_counter() - start
        likely = pair_scores(gold, [(c.left, c.right) for c in found if c.match.score >= LIKELY])
        shown = pair_scores(gold, [(c.left, c.right) for c in found])
        plain = pair_scores(gold, _rapidfuzz_pairs(gold))
        print(f"{gold.name:<26}{len(gold.items):>6}{likely.true_pairs:>7} | {likely.precision:>9.3f}"
              f"{likely.recall:>6.3f} | {shown.precision:>8.3f}{shown.recall:>6.3f} |"
              f" {plain.precision:>12.3f}{plain.recall:>6.3f}   ({seconds:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=200_000)
    parser.add_argument("--datasets", type=Path,
                        default=Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets")
    parser.add_argument("--scale-only", action="store_true", help="skip the gold-set table")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    if not args.scale_only:
        gold_table(args.datasets)
        print()
    scale(args.names)


if __name__ == "__main__":
    main()
