"""Which Japanese reading library: pykakasi or cutlet (fugashi + unidic-lite)? Measured, not assumed.

Forty well-known Japanese personal names whose romanised readings are public record (the
people's own English-language pages, Wikipedia's Hepburn headword). Each library reads the
kanji; the reading counts as right when it equals the expected one after the matcher's
Hepburn folding (long vowels ō/ou/oo/oh -> o, ū/uu -> u). Prints accuracy and time per name.

Run: python3 benchmarks/bench_readings.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.matching.readings import hepburn_folded

# (kanji, reading): public romanisations of public figures, written without macrons.
NAMES = [
    ("佐藤 美咲", "sato misaki"), ("鈴木 一郎", "suzuki ichiro"), ("高橋 健太", "takahashi kenta"),
    ("田中 角栄", "tanaka kakuei"), ("渡辺 直美", "watanabe naomi"), ("伊藤 博文", "ito hirobumi"),
    ("山本 五十六", "yamamoto isoroku"), ("中村 翔太", "nakamura shota"),
    ("小林 多喜二", "kobayashi takiji"), ("加藤 浩次", "kato koji"), ("吉田 茂", "yoshida shigeru"),
    ("山田 太郎", "yamada taro"), ("佐々木 希", "sasaki nozomi"), ("山口 百恵", "yamaguchi momoe"),
    ("松本 人志", "matsumoto hitoshi"), ("井上 陽水", "inoue yosui"), ("木村 拓哉", "kimura takuya"),
    ("林 修", "hayashi osamu"), ("清水 宏保", "shimizu hiroyasu"), ("斎藤 工", "saito takumi"),
    ("大野 智", "ono satoshi"), ("村上 春樹", "murakami haruki"), ("夏目 漱石", "natsume soseki"),
    ("芥川 龍之介", "akutagawa ryunosuke"), ("宮崎 駿", "miyazaki hayao"), ("北野 武", "kitano takeshi"),
    ("坂本 龍馬", "sakamoto ryoma"), ("豊田 章男", "toyoda akio"), ("孫 正義", "son masayoshi"),
    ("柳井 正", "yanai tadashi"), ("稲盛 和夫", "inamori kazuo"), ("本田 宗一郎", "honda soichiro"),
    ("盛田 昭夫", "morita akio"), ("安倍 晋三", "abe shinzo"), ("岸田 文雄", "kishida fumio"),
    ("菅 義偉", "suga yoshihide"), ("小泉 純一郎", "koizumi junichiro"), ("羽生 結弦", "hanyu yuzuru"),
    ("大谷 翔平", "otani shohei"), ("野口 英世", "noguchi hideyo"),
]


def _pykakasi_reader():
    import pykakasi

    kks = pykakasi.kakasi()
    return lambda text: " ".join(p["hepburn"] for p in kks.convert(text) if p["hepburn"].strip())


def _cutlet_reader():
    import cutlet

    katsu = cutlet.Cutlet(use_foreign_spelling=False)
    return lambda text: katsu.romaji(text)


def measure(name: str, make_reader) -> tuple[int, float, list[str]]:
    start = time.perf_counter()
    read = make_reader()
    setup = time.perf_counter() - start
    wrong = []
    start = time.perf_counter()
    for _ in range(5):
        readings = [read(kanji) for kanji, _ in NAMES]
    per_name = (time.perf_counter() - start) / (5 * len(NAMES))
    for (kanji, expected), got in zip(NAMES, readings):
        folded = " ".join(hepburn_folded(w) for w in got.lower().split())
        if folded != " ".join(hepburn_folded(w) for w in expected.split()):
            wrong.append(f"{kanji}: {got!r} (expected {expected})")
    print(f"{name:10} right {len(NAMES) - len(wrong)}/{len(NAMES)}  setup {setup:.2f} s  "
          f"{per_name * 1e6:.0f} µs/name")
    for line in wrong:
        print("   ", line)
    return len(NAMES) - len(wrong), per_name, wrong


if __name__ == "__main__":
    measure("pykakasi", _pykakasi_reader)
    measure("cutlet", _cutlet_reader)
