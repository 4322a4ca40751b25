"""Write the fictional demo case set shipped in ``graphkit/demo/``.

Every name, company, e-mail address, phone number and corporate number here is invented.
The output is deterministic (a fixed seed), so running this script again reproduces the
committed files byte for byte (the workbook's own timestamps and its zip members' dates are
fixed).

The story the files tell, and the facts tests assert, are in ``graphkit/demo/STORY.md``.

Usage::

    python scripts/make_demo.py            # writes graphkit/demo/*
    python scripts/make_demo.py --out DIR  # writes elsewhere
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent / "graphkit" / "demo"

CONTACT_COLUMNS = [
    "contact_id", "case_id", "date", "from_name", "from_kind", "from_country", "from_org",
    "to_name", "to_kind", "to_country", "to_org", "via_name", "via_kind", "via_country",
    "technology", "channel", "outcome", "reliability", "notes",
]
ENTITY_COLUMNS = ["entity_id", "kind", "name", "aliases", "country", "org", "identifiers"]
RELATION_COLUMNS = ["from_name", "to_name", "relation", "date", "case_id", "reliability", "notes"]
CASE_COLUMNS = ["case_id", "title", "opened", "status", "summary"]

EUV = "EUV lithography"
QS = "quantum sensing"
AI = "AI accelerator"
CF = "carbon fibre"
MT = "5-axis machine tools"


def corporate_number(base12: str) -> str:
    """Prepend the NTA check digit to a 12-digit base number (法人番号).

    check = 9 - (sum of P_n * Q_n over n = 1..12, mod 9), P_n the n-th digit counted from
    the least significant, Q_n = 1 for odd n and 2 for even n.

    >>> corporate_number("123456789012")
    '7123456789012'
    """
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base12), 1))
    return f"{9 - total % 9}{base12}"


# --- the cast -------------------------------------------------------------------------------


@dataclass
class Actor:
    key: str
    name: str
    kind: str  # person | company | intermediary
    country: str  # ISO code as the entities file gives it
    org: str = ""
    aliases: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)


ACTORS: dict[str, Actor] = {}


def actor(key: str, name: str, kind: str, country: str, org: str = "", aliases: str = "",
          identifiers: str = "") -> Actor:
    a = Actor(key, name, kind, country, org,
              [s for s in aliases.split(";") if s], [s for s in identifiers.split(";") if s])
    ACTORS[key] = a
    return a


# Corporate numbers: invented 12-digit bases starting 9999 (no registry office has that code).
_corp = {k: corporate_number(b) for k, b in {
    "shinano": "999901000101", "hau_lab": "999901000218", "tsukuba": "999901000335",
    "echigo": "999901000452", "sakura": "999901000569", "kaga": "999901000676",
    "hokuyo": "999901000793",
}.items()}

# Foreign side
actor("zhenhai", "Zhenhai Frontier Technologies Co., Ltd.", "company", "CN", "",
      "振海前沿科技有限公司;Zhenhai Frontier Tech", "bd@zhenhai-frontier.example")
actor("chen", "Chen Yufei", "person", "CN", "Zhenhai Frontier Technologies Co., Ltd.",
      "陈雨飞;陳雨飛;チェン・ユーフェイ", "chen.yufei@zhenhai-frontier.example")
actor("hanxing", "Hanxing Semiconductor Equipment Co., Ltd.", "company", "CN", "",
      "瀚星半导体设备有限公司", "contact@hanxing-semi.example")
actor("wang", "Wang Haoran", "person", "CN", "Hanxing Semiconductor Equipment Co., Ltd.",
      "王浩然;ワン・ハオラン", "wang.haoran@hanxing-semi.example")
actor("zhao", "Zhao Min", "person", "CN", "Hanxing Semiconductor Equipment Co., Ltd.")
actor("sun", "Sun Lei", "person", "CN", "Hanxing Semiconductor Equipment Co., Ltd.")
actor("qiyun", "Qiyun Compute Ltd.", "company", "CN", "", "启云计算有限公司")
actor("liu", "Liu Mingze", "person", "CN", "Qiyun Compute Ltd.", "刘明泽",
      "liu.mingze@qiyun-compute.example")
actor("xu", "Xu Jia", "person", "CN", "Qiyun Compute Ltd.", "徐佳")
actor("he", "He Tianyu", "person", "CN", "Qiyun Compute Ltd.")
actor("hanbit", "Hanbit Quantum Co., Ltd.", "company", "KR", "", "한빛퀀텀;ハンビット・クォンタム")
actor("park", "Park Min-jun", "person", "KR", "Hanbit Quantum Co., Ltd.", "박민준;パク・ミンジュン",
      "mj.park@hanbit-quantum.example")
actor("northstar", "Northstar Composites Trading Ltd.", "company", "HK", "",
      "北辰複合材料貿易有限公司")
actor("ho", "Ho Ka-wai", "person", "HK", "Northstar Composites Trading Ltd.", "何嘉偉")
actor("straits", "Straits Machinery Trading Pte. Ltd.", "company", "SG")
actor("lim", "Lim Wei Jie", "person", "SG", "Straits Machinery Trading Pte. Ltd.")
actor("orient", "Orient Bridge Consulting Ltd.", "company", "HK", "", "東橋顧問有限公司",
      "office@orientbridge.example")
actor("leon", "Leon Varga", "intermediary", "HK", "Orient Bridge Consulting Ltd.",
      "L. Varga;Varga Leon;レオン・ヴァルガ", "leon.varga@orientbridge.example;+852-5555-0142")
actor("apex", "Apex Talent Partners Pte. Ltd.", "intermediary", "SG", "",
      "Apex Talent Partners;APEX Talent", "search@apextalent.example")

# Domestic side
actor("shinano", "Shinano Optics K.K.", "company", "JP", "",
      "信濃光学株式会社;信濃光学(株);㈱信濃光学", f"{_corp['shinano']};0265550101")
actor("hau_lab", "Hokuriku Advanced University Quantum Sensing Laboratory", "company", "JP", "",
      "北陸先端大学 量子センシング研究室;HAU QS Lab", f"{_corp['hau_lab']};0765550102")
actor("tsukuba", "Tsukuba Neural Devices Inc.", "company", "JP", "",
      "つくばニューラルデバイス株式会社", f"{_corp['tsukuba']};0295550103")
actor("echigo", "Echigo Carbon Fiber Co., Ltd.", "company", "JP", "",
      "越後カーボンファイバー株式会社", f"{_corp['echigo']};0255550104")
actor("sakura", "Sakura Advanced Materials K.K.", "company", "JP", "",
      "さくら先端材料株式会社;Sakura Advanced Materials", f"{_corp['sakura']};0355550105")
actor("kaga", "Kaga Precision Machinery Co., Ltd.", "company", "JP", "", "加賀精機株式会社",
      f"{_corp['kaga']};0765550106")
actor("hokuyo", "Hokuyo Trading K.K.", "intermediary", "JP", "", "北洋商事株式会社;北洋商事(株)",
      f"{_corp['hokuyo']};0115550107")

SHINANO = "Shinano Optics K.K."
LAB = "Hokuriku Advanced University Quantum Sensing Laboratory"
TSUKUBA = "Tsukuba Neural Devices Inc."
ECHIGO = "Echigo Carbon Fiber Co., Ltd."
KAGA = "Kaga Precision Machinery Co., Ltd."

for key, name, romaji in [
    ("nakamura", "中村 彩", "Nakamura Aya"), ("yamamoto", "山本 翔太", "Yamamoto Shota"),
    ("kobayashi", "小林 拓海", "Kobayashi Takumi"), ("kato", "加藤 悠真", "Kato Yuma"),
    ("yoshida", "吉田 陽菜", "Yoshida Hina"), ("yamada", "山田 蓮", "Yamada Ren"),
    ("matsumoto", "松本 結衣", "Matsumoto Yui"), ("inoue", "井上 颯", "Inoue Hayate"),
    ("kimura", "木村 花", "Kimura Hana"), ("hayashi", "林 健太", "Hayashi Kenta"),
    ("yamaguchi", "山口 陸斗", "Yamaguchi Rikuto"), ("ogawa", "小川 美羽", "Ogawa Miu"),
]:
    actor(key, name, "person", "JP", SHINANO, romaji)
actor("takahashi", "高橋 健一", "person", "JP", LAB, "Takahashi Kenichi;高橋健一;たかはし けんいち",
      "takahashi.k@hau-qs.example")
actor("sato", "佐藤 美咲", "person", "JP", LAB,
      "佐藤美咲;Sato Misaki;Misaki Sato;SATO Misaki;ＳＡＴＯ　Ｍｉｓａｋｉ;さとう みさき",
      "m.sato@hau-qs.example;09055550111")
for key, name, romaji in [
    ("ito", "伊藤 大輝", "Ito Daiki"), ("saito", "斎藤 亮", "Saito Ryo"),
    ("watanabe", "渡辺 七海", "Watanabe Nanami"), ("sasaki", "佐々木 湊", "Sasaki Minato"),
    ("yamazaki", "山崎 杏", "Yamazaki An"),
]:
    actor(key, name, "person", "JP", LAB, romaji)
for key, name, romaji in [
    ("shimizu", "清水 直樹", "Shimizu Naoki"), ("mori", "森 真央", "Mori Mao"),
    ("ikeda", "池田 陸", "Ikeda Riku"), ("hashimoto", "橋本 葵", "Hashimoto Aoi"),
    ("abe", "阿部 湊", "Abe Minato"), ("ishikawa", "石川 陽向", "Ishikawa Hinata"),
    ("maeda", "前田 樹", "Maeda Itsuki"), ("fujita", "藤田 凛", "Fujita Rin"),
    ("okada_t", "岡田 結愛", "Okada Yua"), ("goto_t", "後藤 大翔", "Goto Hiroto"),
]:
    actor(key, name, "person", "JP", TSUKUBA, romaji)
for key, name, romaji in [
    ("okada", "岡田 大和", "Okada Yamato"), ("goto", "後藤 美月", "Goto Mitsuki"),
    ("hasegawa", "長谷川 蒼", "Hasegawa Aoi"), ("murata", "村田 紬", "Murata Tsumugi"),
    ("ueda", "上田 健", "Ueda Ken"),
]:
    actor(key, name, "person", "JP", ECHIGO, romaji)
# The near-duplicate: 髙橋 (with the "ladder" 髙) is a different person from 高橋 健一.
actor("takahashi_kaga", "髙橋 健一", "person", "JP", KAGA, "髙橋健一",
      "k.takahashi@kaga-seiki.example")
for key, name, romaji in [
    ("kondo", "近藤 翼", "Kondo Tsubasa"), ("ishii", "石井 悠斗", "Ishii Yuto"),
    ("sakamoto", "坂本 芽依", "Sakamoto Mei"),
]:
    actor(key, name, "person", "JP", KAGA, romaji)
actor("matsui", "松井 秀樹", "person", "JP", "Hokuriku Quantum Industry Council",
      "Matsui Hideki;松井秀樹", "matsui@hq-council.example")
actor("murakami", "村上 誠", "person", "JP", "Sakura Advanced Materials K.K.", "Murakami Makoto")

# --- cases ----------------------------------------------------------------------------------

CASES = [
    ("C-2023-01", "EUV lithography know-how sought from Shinano Optics", "2023-02-01", "open",
     "Engineers at a domestic optics maker approached through a professional networking site "
     "and introduced onward to a foreign equipment maker."),
    ("C-2023-02", "Brokered access to a university quantum sensing laboratory", "2023-11-10",
     "open",
     "A domestic front company engaged a Hong Kong consultancy director to reach researchers of "
     "the Hokuriku Advanced University quantum sensing laboratory."),
    ("C-2024-03", "Headhunting of AI accelerator designers", "2024-03-01", "open",
     "A headhunter and a consultancy recruited chip designers of Tsukuba Neural Devices for a "
     "foreign AI accelerator firm."),
    ("C-2024-04", "Carbon fibre procurement through a front company", "2024-06-15", "open",
     "A domestic-registered company owned by a foreign group tried to buy export-controlled "
     "carbon fibre from Echigo Carbon Fiber."),
    ("C-2024-05", "Diversion of export-controlled 5-axis machine tools", "2024-09-01", "closed",
     "A Singapore trading house ordered 5-axis machine tools from Kaga Precision Machinery "
     "through a domestic trading company."),
]

# --- contacts -------------------------------------------------------------------------------


@dataclass
class Contact:
    case: str
    date: dt.date | str  # a date, or an ISO text of month precision ("2023-08")
    src: str  # actor key or a raw name
    dst: str | None
    tech: str = ""
    channel: str = ""
    outcome: str = ""
    reliability: str = ""
    notes: str = ""
    via: str | None = None
    jp: bool = False  # goes to contacts_jp.csv
    # overrides for raw spellings (name variants) and bad values
    src_name: str | None = None
    dst_name: str | None = None
    via_name: str | None = None
    src_country: str | None = None
    raw_date: str | None = None


CHANNELS = ["networking site", "conference", "email", "meeting", "phone", "visit"]
CHANNEL_WEIGHTS = [5, 3, 3, 2, 1, 1]
OUTCOMES = ["no response", "declined", "meeting held", "information provided", "reported"]
OUTCOME_WEIGHTS = [4, 3, 3, 1, 1]
GRADES = ["A", "B", "C", "D", "0.9", "0.8", "0.7", "0.6", "0.5", "0.4"]
GRADE_WEIGHTS = [1, 3, 3, 1, 1, 2, 2, 2, 1, 1]

JP_CHANNEL = {"networking site": "ビジネスSNS", "conference": "学会", "email": "メール",
              "meeting": "面談", "phone": "電話", "visit": "来訪", "consultancy": "コンサルタント",
              "headhunter": "ヘッドハンター", "trading house": "商社"}
JP_OUTCOME = {"no response": "無回答", "declined": "辞退", "meeting held": "面談実施",
              "information provided": "資料提供", "reported": "通報", "order placed": "発注",
              "order refused": "受注拒否", "business cards exchanged": "名刺交換"}
JP_COUNTRY = {"JP": "日本", "CN": "中国", "HK": "香港", "SG": "シンガポール", "KR": "韓国"}


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def story_contacts() -> list[Contact]:
    """The hand-written rows that carry the story (see STORY.md)."""
    c: list[Contact] = []
    # C-2023-01: EUV. Wang Haoran meets 中村 彩 on a networking site; she introduces colleagues
    # (中村 is the domestic gatekeeper). Leon Varga introduces three more engineers to Hanxing.
    c += [
        Contact("C-2023-01", d("2022-04-12"), "wang", "nakamura", EUV, "networking site",
                "meeting held", "B", "connection request, then video call"),
        Contact("C-2023-01", d("2022-05-09"), "wang", "yoshida", EUV, "meeting",
                "meeting held", "B", "introduced by Nakamura at a study group", via="nakamura"),
        Contact("C-2023-01", d("2022-06-21"), "wang", "yamada", EUV, "meeting", "declined", "C",
                "introduced by Nakamura", via="nakamura"),
        Contact("C-2023-01", d("2022-06-28"), "wang", "matsumoto", EUV, "meeting",
                "information provided", "B", "introduced by Nakamura", via="nakamura"),
        Contact("C-2023-01", d("2022-07-04"), "wang", "yamamoto", EUV, "consultancy",
                "meeting held", "A", "consultancy dinner", via="leon"),
        Contact("C-2023-01", d("2022-08-19"), "hanxing", "kobayashi", EUV, "consultancy",
                "information provided", "B", "paid 'advisory' report on resist process",
                via="leon"),
        Contact("C-2023-01", d("2022-10-03"), "hanxing", "kato", EUV, "consultancy",
                "meeting held", "B", via="leon"),
        Contact("C-2023-01", d("2022-11-15"), "wang", "kato", f"{EUV};{AI}", "consultancy",
                "declined", "C", via="leon"),
    ]
    # C-2023-02: the target lab. Zhenhai owns the front company Sakura Advanced Materials,
    # which hires Leon Varga to reach the lab. The main path runs
    # Zhenhai -OWNS-> Sakura -CONTACTED-> Leon -INTRODUCED-> 佐藤 美咲 -HOLDS-> quantum sensing.
    c += [
        Contact("C-2023-02", d("2019-04-01"), "chen", "takahashi", QS, "conference",
                "business cards exchanged", "C", "first contact at a sensing symposium",
                jp=True, raw_date="H31.4.1"),
        Contact("C-2023-02", d("2023-01-20"), "chen", "takahashi", QS, "networking site",
                "declined", "A", "offer of a joint research grant"),
        Contact("C-2023-02", d("2023-02-10"), "chen", "takahashi", QS, "email", "no response",
                "A", "second offer", dst_name="Takahashi Kenichi"),
        Contact("C-2023-02", d("2023-03-14"), "sakura", "sato", QS, "consultancy",
                "meeting held", "A", "Varga presents Sakura as a domestic sponsor", via="leon"),
        Contact("C-2023-02", d("2023-04-18"), "sakura", "hau_lab", QS, "consultancy",
                "meeting held", "B", "lab tour arranged by Varga", via="leon"),
        Contact("C-2023-02", d("2023-05-20"), "sakura", "sato", QS, "conference",
                "information provided", "A", "draft measurement protocol handed over",
                via="leon", dst_name="Sato Misaki"),
        Contact("C-2023-02", d("2023-06-09"), "sakura", "ito", QS, "consultancy", "declined",
                "D", via="leon"),
        Contact("C-2023-02", d("2023-07-08"), "sakura", "sato", QS, "meeting",
                "information provided", "A", "試料データの提供", via="leon", jp=True,
                src_name="さくら先端材料株式会社", dst_name="ＳＡＴＯ　Ｍｉｓａｋｉ",
                via_name="レオン・ヴァルガ"),
        Contact("C-2023-02", d("2023-08-22"), "sakura", "sato", QS, "visit",
                "information provided", "0.9", "visit to Sakura's office", via="leon",
                dst_name="佐藤美咲"),
        # The tempting backwards path: Zhenhai courts 松井 秀樹 (an industry council's liaison
        # officer) from 2023-10 on, but 松井's introductions of 佐藤 美咲 all date from 2022
        # (relations.jsonl), so Zhenhai -> 松井 -> 佐藤 -> quantum sensing runs backwards in
        # time and a time-respecting search must drop it.
        Contact("C-2023-02", d("2023-10-05"), "zhenhai", "matsui", "", "conference",
                "business cards exchanged", "A", "Zhenhai's delegation at a sensing expo"),
        Contact("C-2023-02", d("2023-11-21"), "zhenhai", "matsui", "", "meeting",
                "meeting held", "A", "dinner; asked about the council's member labs"),
        Contact("C-2023-02", d("2024-01-16"), "zhenhai", "matsui", "", "email",
                "information provided", "A", "council member list sent"),
        Contact("C-2023-02", d("2024-03-08"), "zhenhai", "matsui", "", "meeting",
                "meeting held", "A", "invitation to a Shenzhen forum"),
    ]
    # C-2024-03: AI accelerators. Leon Varga and the headhunter Apex both place designers.
    c += [
        Contact("C-2024-03", d("2023-09-12"), "liu", "shimizu", AI, "consultancy",
                "meeting held", "B", via="leon"),
        Contact("C-2024-03", d("2023-11-02"), "liu", "mori", AI, "consultancy",
                "information provided", "B", via="leon"),
        Contact("C-2024-03", d("2024-01-16"), "qiyun", "ikeda", AI, "consultancy",
                "declined", "C", via="leon"),
    ]
    for i, (key, day) in enumerate([("hashimoto", "2023-07-10"), ("abe", "2023-08-04"),
                                    ("ishikawa", "2023-10-20"), ("maeda", "2023-12-05"),
                                    ("fujita", "2024-02-14"), ("okada_t", "2024-04-03")]):
        c.append(Contact("C-2024-03", d(day), "xu", key, AI, "headhunter",
                         ["meeting held", "declined", "meeting held"][i % 3], "B",
                         "headhunter approach with a relocation offer", via="apex"))
    # C-2024-04: carbon fibre. The front company (domestic) buys for its foreign owner.
    c += [
        Contact("C-2024-04", d("2023-08-30"), "ho", "okada", CF, "consultancy", "no response",
                "C", via="leon"),
        Contact("C-2024-04", d("2023-09-14"), "sakura", "okada", CF, "email", "meeting held",
                "B", "request for quotation, end user not stated"),
        Contact("C-2024-04", d("2023-11-08"), "sakura", "goto", CF, "meeting", "order placed",
                "A", "order for T1100-class fibre; end user later found to be Zhenhai"),
        Contact("C-2024-04", "2023-08", "sakura", "hasegawa", CF, "phone", "declined", "C",
                "month only in the source", jp=True, raw_date="令和5年8月"),
    ]
    # C-2024-05: machine tools. Hokuyo Trading (domestic) fronts for Straits Machinery (SG).
    c += [
        Contact("C-2024-05", d("2024-02-06"), "lim", "takahashi_kaga", MT, "trading house",
                "meeting held", "B", "order enquiry through Hokuyo Trading", via="hokuyo"),
        Contact("C-2024-05", d("2024-03-12"), "lim", "takahashi_kaga", MT, "trading house",
                "order placed", "A", "two units, end user in a third country", via="hokuyo",
                jp=True),
        Contact("C-2024-05", d("2024-04-25"), "lim", "kondo", MT, "trading house",
                "order refused", "B", "export licence check failed", via="hokuyo", jp=True),
        Contact("C-2024-05", d("2024-05-30"), "straits", "ishii", MT, "email", "no response",
                "C"),
    ]
    return c


# Background approaches per case: (approachers, targets, technologies, window, count main, jp).
# The first technology is the case's; an occasional row names a second one from the rest of
# the list. Quantum sensing appears only in C-2023-02 so that no other holder of it is
# reachable from Zhenhai (the main path stays the only time-respecting route, see STORY.md).
BACKGROUND = {
    "C-2023-01": (["zhao", "sun"], ["yamamoto", "kobayashi", "kato", "matsumoto", "inoue",
                                     "kimura", "hayashi", "yamaguchi", "ogawa", "nakamura"],
                  [EUV, AI], ("2022-03-01", "2023-06-30"), 78, 0),
    "C-2023-02": (["park", "hanbit"], ["ito", "saito", "watanabe", "sasaki", "yamazaki", "sato"],
                  [QS, AI], ("2023-01-01", "2023-09-30"), 40, 30),
    "C-2024-03": (["xu", "he", "liu"], ["shimizu", "mori", "ikeda", "hashimoto", "abe",
                                         "ishikawa", "maeda", "fujita", "okada_t", "goto_t"],
                  [AI, EUV], ("2023-06-01", "2024-05-31"), 66, 0),
    "C-2024-04": (["ho", "northstar"], ["okada", "goto", "hasegawa", "murata", "ueda"],
                  [CF, MT], ("2023-08-01", "2024-08-31"), 40, 14),
    "C-2024-05": (["straits"], ["kondo", "ishii", "sakamoto"], [MT, CF],
                  ("2024-01-01", "2024-10-31"), 20, 12),
}


def background_contacts(rng: random.Random) -> list[Contact]:
    out: list[Contact] = []
    for case, (srcs, dsts, techs, (lo, hi), n_main, n_jp) in BACKGROUND.items():
        lo_d, hi_d = d(lo), d(hi)
        span = (hi_d - lo_d).days
        # a few targets are approached far more often (heavy tail inside a case)
        weights = [1.0 / (i + 1) ** 0.8 for i in range(len(dsts))]
        for i in range(n_main + n_jp):
            src = rng.choice(srcs)
            dst = rng.choices(dsts, weights)[0]
            day = lo_d + dt.timedelta(days=rng.randrange(span + 1))
            tech = techs[0]
            if rng.random() < 0.08:
                tech = f"{techs[0]};{rng.choice(techs[1:])}"
            out.append(Contact(
                case, day, src, dst, tech, rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0],
                rng.choices(GRADES, GRADE_WEIGHTS)[0], jp=i >= n_main,
            ))
    return out


# --- the deliberately bad rows (documented in STORY.md) -------------------------------------

BAD_CONTACTS = [  # (file, case, insert after this many rows of the case, the contact, reason)
    ("contacts.csv", "C-2023-01", 20,
     Contact("C-2023-01", d("2022-09-07"), "zhao", "inoue", EUV, "networking site",
             "no response", "C", "country typed from a business card", src_country="Ruritania"),
     "unknown country"),
    ("contacts.csv", "C-2024-03", 30,
     Contact("C-2024-03", d("2024-01-09"), "xu", None, AI, "headhunter", "no response", "C",
             "target's name not recorded"),
     "missing to_name"),
    ("contacts.csv", "C-2024-04", 10,
     Contact("C-2024-04", d("2023-12-12"), "ho", "murata", CF, "email", "declined", "1.7",
             "reliability mistyped"),
     "reliability out of range"),
    ("contacts_jp.csv", "C-2024-05", 4,
     Contact("C-2024-05", "2024-02-30", "lim", "kondo", MT, "trading house", "no response", "B",
             jp=True, raw_date="令和6年2月30日"),
     "impossible date"),
    ("contacts_jp.csv", "C-2023-02", 12,
     Contact("C-2023-02", "2019-05-10", "chen", "watanabe", QS, "conference", "no response",
             "C", jp=True, raw_date="平成31年5月10日"),
     "Heisei 31 after April (the era ended on 2019-04-30)"),
]


def relations() -> list[dict[str, object]]:
    a = {k: v.name for k, v in ACTORS.items()}
    rows = [
        (a["zhenhai"], a["sakura"], "owns", "2021-08-02", "C-2024-04", "A",
         "registry: sole shareholder since founding"),
        (a["zhenhai"], a["sakura"], "controls", "2023-06-30", "C-2024-04", "A",
         "annual report: wholly owned subsidiary"),
        (a["zhenhai"], a["northstar"], "controls", "2020-05-11", "C-2024-04", "B", ""),
        (a["park"], a["hanbit"], "employed by", "2020-02-01", "C-2023-02", "B", ""),
        (a["chen"], a["zhenhai"], "employed by", "2018-04-01", "C-2023-02", "A",
         "business development manager"),
        (a["wang"], a["hanxing"], "employed by", "2019-07-01", "C-2023-01", "A", ""),
        (a["liu"], a["qiyun"], "employed by", "2021-03-01", "C-2024-03", 0.8, ""),
        (a["xu"], a["qiyun"], "employed by", "2020-10-01", "C-2024-03", 0.8, ""),
        (a["ho"], a["northstar"], "employed by", "2019-06-01", "C-2024-04", "B", ""),
        (a["lim"], a["straits"], "employed by", "2017-09-01", "C-2024-05", "B", ""),
        (a["leon"], a["orient"], "affiliated with", "2016-01-15", "C-2023-02", "A",
         "director (EMPLOYED_BY joins persons only; he is an Intermediary)"),
        (a["murakami"], a["sakura"], "employed by", "2021-08-02", "C-2024-04", "A",
         "nominee representative director"),
        (a["takahashi"], a["hau_lab"], "employed by", "2010-04-01", "C-2023-02", "A",
         "professor, head of the laboratory"),
        (a["sato"], a["hau_lab"], "employed by", "2021-04-01", "C-2023-02", "A", "postdoc"),
        (a["ito"], a["hau_lab"], "employed by", "2022-04-01", "C-2023-02", "B",
         "doctoral student"),
        (a["saito"], a["hau_lab"], "employed by", "2019-10-01", "C-2023-02", "B",
         "assistant professor"),
        (a["nakamura"], a["shinano"], "employed by", "2015-04-01", "C-2023-01", "A", ""),
        (a["takahashi_kaga"], a["kaga"], "employed by", "2008-04-01", "C-2024-05", "A",
         "sales manager"),
        (a["saito"], a["orient"], "affiliated with", "2023-08-01", "C-2023-02", "C",
         "listed as an adviser on the consultancy's website"),
        (a["hau_lab"], QS, "holds", "2019-04-01", "C-2023-02", "A", ""),
        (a["shinano"], EUV, "holds", "2018-01-01", "C-2023-01", "A", ""),
        (a["tsukuba"], AI, "holds", "2020-01-01", "C-2024-03", "A", "own accelerator line"),
        (a["echigo"], CF, "holds", "2015-04-01", "C-2024-04", "A", "T1100-class fibre"),
        (a["hanxing"], EUV, "sought", "2022-03-01", "C-2023-01", "B",
         "procurement notice for EUV light-source components"),
        (a["qiyun"], AI, "sought", "2023-05-01", "C-2024-03", "B", ""),
        (a["sato"], a["sakura"], "transferred", "2023-09-15", "C-2023-02", "C",
         "measurement data sent by e-mail (suspected)"),
        (a["leon"], a["saito"], "introduced", "2023-06-30", "C-2023-02", "B",
         "introduced to Sakura's technical adviser"),
        (a["matsui"], a["sato"], "introduced", "2022-09-14", "C-2023-02", "A",
         "introduced to industry sponsors at a council seminar"),
        (a["matsui"], a["sato"], "introduced", "2022-11-10", "C-2023-02", "A",
         "introduced to a venture fund"),
        (a["matsui"], a["sato"], "introduced", "2022-12-20", "C-2023-02", "B",
         "introduced at the council's year-end meeting"),
        (a["chen"], a["ito"], "contacted", "2023-04-02", "C-2023-02", "C", ""),
        (a["murakami"], a["goto"], "contacted", "2023-10-20", "C-2024-04", "B",
         "follow-up on the carbon fibre order"),
        (a["takahashi_kaga"], a["lim"], "played golf with", "2024-01-20", "C-2024-05", "C",
         "unknown relation word (a deliberately bad row)"),
    ]
    kinds = {a.name: a.kind for a in ACTORS.values()}
    out = []
    for r in rows:
        row: dict[str, object] = dict(zip(RELATION_COLUMNS, r))
        # relations rows name no kind; a blank kind means Person, so other ends say theirs
        for end in ("from", "to"):
            kind = kinds.get(str(row[f"{end}_name"]), "technology")
            if kind != "person":
                row[f"{end}_kind"] = kind
        out.append(row)
    return out


# --- writing --------------------------------------------------------------------------------

COUNTRY_SPELLINGS = {"CN": ["CN", "China", "PRC"], "JP": ["JP", "Japan", "JP"],
                     "KR": ["KR", "South Korea"],
                     "HK": ["HK", "Hong Kong"], "SG": ["SG", "Singapore"]}


def to_fullwidth(text: str) -> str:
    """ASCII letters, digits and punctuation to their full-width forms (space to U+3000)."""
    return "".join("\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch
                   for ch in text)


def era_date(day: dt.date | str, style: int) -> str:
    """A Japanese era spelling of an ISO date (day or month precision)."""
    if isinstance(day, str):  # month precision "YYYY-MM"
        y, m = map(int, day.split("-")[:2])
        return f"令和{y - 2018}年{m}月"
    if day >= dt.date(2019, 5, 1):
        era, short, year = "令和", "R", day.year - 2018
    else:
        era, short, year = "平成", "H", day.year - 1988
    if style == 0:
        return f"{era}{year}年{day.month}月{day.day}日"
    if style == 1:
        return f"{short}{year}.{day.month}.{day.day}"
    if style == 2:
        return f"{era}{to_fullwidth(str(year))}年{to_fullwidth(str(day.month))}月" \
            f"{to_fullwidth(str(day.day))}日"
    return day.strftime("%Y/%m/%d")


def contact_row(c: Contact, cid: str, rng: random.Random, i: int) -> dict[str, str]:
    def who(key: str | None, override: str | None) -> tuple[str, str, str, str]:
        if key is None:
            return "", "", "", ""
        a = ACTORS[key]
        name = override or a.name
        if c.jp:
            if a.country != "JP" and a.kind == "person" and override is None and i % 2 == 0:
                name = to_fullwidth(a.name)
            country = JP_COUNTRY[a.country]
            if a.country == "CN" and i % 3 == 1:
                country = "中華人民共和国"
            # The Japanese-language register notes no organisation: an org spelled in Japanese
            # (北陸先端大学 ...) would not match the entity's English org, and a row whose org
            # contradicts a known entity's starts a node of its own (loaders/identity.py).
            org = ""
        else:
            country = rng.choice(COUNTRY_SPELLINGS[a.country])
            org = a.org
        return name, a.kind, country, org

    fn, fk, fc, fo = who(c.src, c.src_name)
    tn, tk, tc, to = who(c.dst, c.dst_name)
    vn, vk, vc, _ = who(c.via, c.via_name)
    if c.src_country:
        fc = c.src_country
    tech, channel, outcome, notes = c.tech, c.channel, c.outcome, c.notes
    if c.jp:
        if tech and i % 2 == 1:
            tech = ";".join(to_fullwidth(t) for t in tech.split(";"))
        channel = JP_CHANNEL.get(channel, channel)
        outcome = JP_OUTCOME.get(outcome, outcome)
    date = c.raw_date or (era_date(c.date, i % 4) if c.jp else str(c.date))
    return dict(zip(CONTACT_COLUMNS, [
        cid, c.case, date, fn, fk, fc, fo, tn, tk, tc, to, vn, vk, vc, tech, channel, outcome,
        c.reliability, notes,
    ]))


def _sort_key(c: Contact) -> tuple[str, str]:
    return c.case, str(c.date)


def build_contacts(rng: random.Random) -> tuple[dict[str, list[dict[str, str]]], list[dict]]:
    """Rows of contacts.csv and contacts_jp.csv, and where the bad rows landed."""
    every = story_contacts() + background_contacts(rng)
    files: dict[str, list[dict[str, str]]] = {}
    bad_rows: list[dict] = []
    for name, jp in [("contacts.csv", False), ("contacts_jp.csv", True)]:
        rows = sorted((c for c in every if c.jp == jp), key=_sort_key)
        for fname, case, after, contact, reason in BAD_CONTACTS:
            if fname != name:
                continue
            positions = [k for k, c in enumerate(rows) if c.case == case]
            rows.insert(positions[after] + 1, contact)
        prefix = "JP" if jp else "CT"
        out = []
        for k, c in enumerate(rows):
            out.append(contact_row(c, f"{prefix}-{k + 1:04d}", rng, k))
            for fname, _, _, contact, reason in BAD_CONTACTS:
                if contact is c:
                    bad_rows.append({"file": name, "row": k + 2, "contact_id": out[-1]["contact_id"],
                                     "reason": reason})
        files[name] = out
    return files, bad_rows


def write_csv(path: Path, columns: list[str], rows: list[dict[str, object]], encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_entities(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "entities"
    ws.append(ENTITY_COLUMNS)
    for n, a in enumerate(ACTORS.values(), 1):
        ws.append([f"E{n:03d}", a.kind, a.name, ";".join(a.aliases), a.country, a.org,
                   ";".join(a.identifiers)])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = "@"  # text: corporate numbers and phones keep leading digits
    fixed = dt.datetime(2024, 10, 1, 9, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "graphkit scripts/make_demo.py"
    buffer = io.BytesIO()
    wb.save(buffer)
    _write_stable_zip(buffer.getvalue(), path)


def _write_stable_zip(data: bytes, path: Path) -> None:
    """Rewrite an xlsx (a zip) with fixed member timestamps, so the file is reproducible."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 10, 1, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            member = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with now
                member = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-10-01T09:00:00Z",
                                member)
            dst.writestr(fixed, member)
    path.write_bytes(out.getvalue())


# Cross-script variants (issue 13): one person and one firm, each named three ways by three
# rows and declared nowhere, so the load keeps them apart and `graphkit duplicates` proposes
# them with reasons (simplified / traditional characters, pinyin, the firm's known English
# and katakana renderings). Each approaches a domestic person of its own (two-node parts of
# the graph: no broker or path of the story changes). Appended after the generated rows with
# fixed values, so every earlier row, id and random draw stays as it was.
VARIANT_CONTACTS = [
    ("李伟", "person", "山下 健"), ("李偉", "person", "森田 光"), ("Li Wei", "person", "西村 玲"),
    ("ファーウェイ", "company", "岡本 涼"), ("華為技術", "company", "中島 航"),
    ("Huawei Technologies Co., Ltd.", "company", "原田 舞"),
]


def variant_rows(first: int) -> list[dict[str, str]]:
    """The contacts.csv rows of :data:`VARIANT_CONTACTS`, numbered from ``first``."""
    return [dict(zip(CONTACT_COLUMNS, [
        f"CT-{first + k:04d}", "C-2024-03", f"2024-06-{3 + 2 * k:02d}", name, kind, "CN", "", target, "person",
        "JP", "", "", "", "", "", "email", "no response", "C", "unsolicited recruitment e-mail",
    ])) for k, (name, kind, target) in enumerate(VARIANT_CONTACTS)]


def main(out: Path) -> list[dict]:
    rng = random.Random(20240901)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "cases.csv", CASE_COLUMNS, [dict(zip(CASE_COLUMNS, c)) for c in CASES],
              "utf-8")
    files, bad_rows = build_contacts(rng)
    files["contacts.csv"] += variant_rows(len(files["contacts.csv"]) + 1)
    write_csv(out / "contacts.csv", CONTACT_COLUMNS, files["contacts.csv"], "utf-8")
    write_csv(out / "contacts_jp.csv", CONTACT_COLUMNS, files["contacts_jp.csv"], "cp932")
    write_entities(out / "entities.xlsx")
    rels = relations()
    with open(out / "relations.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for k, r in enumerate(rels, 1):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            if r["relation"] == "played golf with":
                bad_rows.append({"file": "relations.jsonl", "row": k, "contact_id": "",
                                 "reason": "unknown relation word"})
    return bad_rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEMO_DIR)
    args = parser.parse_args()
    for bad in main(args.out):
        print(f"bad row: {bad['file']} row {bad['row']} {bad['contact_id']}: {bad['reason']}")
