"""Gold sets for name matching, read from the real lists in ``shared/datasets``, and scoring.

Each :class:`GoldSet` holds distinct spellings (or records of name + aliases) and, for each,
the id of the entity it names. :func:`pair_scores` counts precision and recall over all pairs
of items. The sets and how their truth was decided (docs/matching.md, "Measured"):

- ``patent_assignees``: 66 USPTO assignee strings -> 22 parents (the CPN table is the truth);
- ``putin``: 80 spellings of one person (OpenSanctions nomenklatura fixture), and
  ``putin_latin``, the ones in Latin letters;
- ``dod_1260h_parents``: the 33 "Parent Name" strings of the 1260H list, grouped by hand
  (``data/gold_1260h_parents.csv``);
- ``ndaa_1286``: the distinct names of Section 1286 (443 rows over four years); two names are
  one institution when the list itself says so (one is listed among the other's aliases),
  when they differ only in case, punctuation or spaces, or only by a bracketed abbreviation,
  plus two pairs checked by hand (truncated / re-punctuated names with identical alias lists);
  ``ndaa_1286_records`` compares the same rows as records (name + listed aliases);
- ``nine_eleven``: every name of the 9/11 and Madrid networks, the same person's spellings
  grouped by hand (``data/gold_911_spellings.csv``);
- ``meti_jp_en``: METI's specified entities, each with its Japanese and its English name;
- ``zh_simplified_traditional``: Chinese names from the PRC counter-sanctions list in the
  list's simplified spelling and converted to traditional (a derived set: the conversion is
  OpenCC's, so it shows what plain string similarity misses, not OpenCC's accuracy).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Sequence

from graphkit.matching.compare import NameRecord
from graphkit import schema
from graphkit.normalize.text import fold, plain_key

__all__ = ["GoldSet", "PairScores", "load_gold_sets", "pair_scores", "true_pairs"]


@dataclass(frozen=True)
class GoldSet:
    """Items (names, or records of several names) and the entity id of each."""

    name: str
    kind: str
    items: tuple[str | NameRecord, ...]
    entity: tuple[str, ...]
    script: str  # "latin", "jp-en" or "zh"
    note: str = ""


@dataclass(frozen=True)
class PairScores:
    true_pairs: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true_pairs if self.true_pairs else 1.0


def true_pairs(gold: GoldSet) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of items naming the same entity."""
    by_entity: dict[str, list[int]] = {}
    for index, entity in enumerate(gold.entity):
        by_entity.setdefault(entity, []).append(index)
    return {(a, b) for members in by_entity.values() for i, a in enumerate(members) for b in members[i + 1:]}


def pair_scores(gold: GoldSet, predicted: Iterable[tuple[int, int]]) -> PairScores:
    """Precision and recall of predicted pairs against the gold pairs.

    >>> g = GoldSet("t", schema.DEFAULT_ACTOR_KIND, ("a", "b", "c"), ("x", "x", "y"), "latin")
    >>> s = pair_scores(g, [(0, 1), (1, 2)])
    >>> s.precision, s.recall
    (0.5, 1.0)
    """
    truth = true_pairs(gold)
    guessed = {(min(a, b), max(a, b)) for a, b in predicted}
    return PairScores(len(truth), len(guessed), len(truth & guessed))


def load_gold_sets(datasets: str | Path) -> list[GoldSet]:
    """Every gold set, read from the ``shared/datasets`` folder ``datasets``."""
    root = Path(datasets)
    loaders: list[Callable[[Path], list[GoldSet]]] = [
        _patent_assignees, _putin, _dod_1260h, _ndaa_1286, _nine_eleven, _meti, _zh_variants,
    ]
    return [gold for load in loaders for gold in load(root)]


def _distinct(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(spelling, entity) pairs with each spelling once (first entity wins)."""
    seen: dict[str, str] = {}
    for spelling, entity in pairs:
        seen.setdefault(spelling, entity)
    return tuple(seen), tuple(seen.values())


def _patent_assignees(root: Path) -> list[GoldSet]:
    with open(root / "patent_assignee_aliases_cpn" / "assignee_aliases.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    items, entity = _distinct((r["observed_name"], r["canonical_form"]) for r in rows)
    return [GoldSet("patent_assignees", schema.ORGANISATION_KIND, items, entity, "latin",
                    "CPN assignee_aliases.csv: 66 strings -> 22 parents")]


def _putin(root: Path) -> list[GoldSet]:
    text = (root / "opensanctions_ftm_fixtures" / "putin_names.txt").read_text("utf-8")
    names = [line for line in text.splitlines() if line.strip()]
    items, entity = _distinct((n, "putin") for n in names)
    latin = [n for n in items if all(not c.isalpha() or c.isascii() or "LATIN" in _uname(c) for c in n)]
    return [
        GoldSet("putin", schema.DEFAULT_ACTOR_KIND, items, entity, "latin", f"{len(items)} spellings, every script: one person"),
        GoldSet("putin_latin", schema.DEFAULT_ACTOR_KIND, tuple(latin), ("putin",) * len(latin), "latin",
                "the Latin-letter spellings only"),
    ]


def _uname(ch: str) -> str:
    import unicodedata

    return unicodedata.name(ch, "")


def _packaged_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("graphkit.matching").joinpath(f"data/{name}").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _dod_1260h(root: Path) -> list[GoldSet]:
    with open(root / "export_control_lists" / "us_dod_1260h_chinese_military_companies.csv",
              encoding="utf-8") as fh:
        parents = {r["Parent Name"] for r in csv.DictReader(fh) if r["Parent Name"].strip()}
    truth = {r["spelling"]: r["parent"] for r in _packaged_csv("gold_1260h_parents.csv")}
    missing = parents - set(truth)
    if missing:
        raise ValueError(f"1260H parents without a gold entity: {sorted(missing)}")
    items, entity = _distinct((p, truth[p]) for p in sorted(parents))
    return [GoldSet("dod_1260h_parents", schema.ORGANISATION_KIND, items, entity, "latin",
                    f"{len(items)} parent spellings -> {len(set(entity))} parents (hand-grouped)")]


# Names checked by hand to be one institution although no rule links them.
_NDAA_1286_SAME = [
    ("Academy of Military Medical Sciences, Institute of Radiation and Radiation",
     "Academy of Military Medical Sciences, Institute of Radiation and Radiation Medicine"),
    ("Chinese Academy of Sciences (CAS) – Institute of Computing Technology (ICT)",
     "Chinese Academy of Sciences – Institute of Computing Technology"),
]
_BRACKETED = re.compile(r"\s*\([A-Z][A-Za-z]{1,9}\)\s*$")


def _ndaa_1286(root: Path) -> list[GoldSet]:
    with open(root / "export_control_lists" / "us_ndaa_section_1286_foreign_talent_and_institutions.csv",
              encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    aliases: dict[str, set[str]] = {}
    for row in rows:
        aliases.setdefault(row["name"], set()).update(a for a in row["aliases"].split(";") if a.strip())
    names = sorted(aliases)
    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    def typographic(name: str) -> str:  # case, punctuation, spaces (’ and ' alike)
        return plain_key(_BRACKETED.sub("", fold(name)))

    index_by_key: dict[str, int] = {}
    for i, name in enumerate(names):
        key = typographic(name)
        if key in index_by_key:
            union(i, index_by_key[key])
        index_by_key[key] = index_by_key.get(key, i)
    for i, name in enumerate(names):
        for alias in aliases[name]:
            j = index_by_key.get(typographic(alias))
            if j is not None:
                union(i, j)
    position = {name: i for i, name in enumerate(names)}
    for a, b in _NDAA_1286_SAME:
        union(position[a], position[b])
    entity = tuple(str(find(i)) for i in range(len(names)))
    records = tuple(NameRecord((n, *sorted(aliases[n])), (), schema.ORGANISATION_KIND) for n in names)
    note = f"{len(rows)} rows, {len(names)} distinct names -> {len(set(entity))} institutions"
    return [
        GoldSet("ndaa_1286", schema.ORGANISATION_KIND, tuple(names), entity, "latin", note + "; names only"),
        GoldSet("ndaa_1286_records", schema.ORGANISATION_KIND, records, entity, "latin", note + "; name + listed aliases"),
    ]


def _nine_eleven(root: Path) -> list[GoldSet]:
    names: list[str] = []
    with open(root / "krebs_911_hijackers" / "9_11_edgelist.txt", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            names.extend(row[:2])
    for path in [root / "ucinet_covert_networks" / "9_11_hijackers" / "9_11_hijackers_associates_nodes.csv",
                 root / "ucinet_covert_networks" / "9_11_hijackers" / "9_11_hijackers_priorcontacts_nodes.csv",
                 root / "madrid_train_bombing" / "madrid_train_bombing_nodes.csv"]:
        with open(path, encoding="utf-8") as fh:
            names.extend(r["name"] for r in csv.DictReader(fh))
    truth = {r["spelling"]: r["person"] for r in _packaged_csv("gold_911_spellings.csv")}
    missing = set(truth) - set(names)
    if missing:
        raise ValueError(f"9/11 gold spellings not in the data: {sorted(missing)}")
    items, entity = _distinct((n, truth.get(n, "self:" + n)) for n in names if n.strip())
    return [GoldSet("nine_eleven", schema.DEFAULT_ACTOR_KIND, items, entity, "latin",
                    "Krebs + UCINET 9/11 + Madrid names; variant spellings hand-grouped")]


_METI_ENTRY = re.compile(r"^\s*([0-9０-９]{1,3})\s+(\S.*)$")
_ALIAS_NOTE = re.compile(r"[（(]別称.*$")
_BRACKETED_CJK = re.compile(r"[（(][^）)]*[）)]?")  # the Chinese legal name after the katakana


def _meti(root: Path) -> list[GoldSet]:
    pairs: list[tuple[str, str]] = []
    for filename in ["jp_meti_third_country_specified_entities_20250912.txt",
                     "jp_meti_belarus_specified_entities.txt",
                     "jp_meti_russia_specified_entities_20250912.txt"]:
        pairs.extend(_meti_pairs((root / "export_control_lists" / filename).read_text("utf-8")))
    spellings: list[tuple[str, str]] = []
    entity_of: dict[str, str] = {}
    for number, (japanese, english) in enumerate(pairs):
        # The same entity listed twice (one entry per address) shares its names.
        entry = entity_of.get(japanese) or entity_of.get(english) or f"meti{number}"
        entity_of.setdefault(japanese, entry)
        entity_of.setdefault(english, entry)
        spellings += [(japanese, entry), (english, entry)]
    items, entity = _distinct(spellings)
    return [GoldSet("meti_jp_en", schema.ORGANISATION_KIND, items, entity, "jp-en",
                    f"{len(pairs)} METI entries (Japanese name, English name)")]


def _meti_pairs(text: str) -> list[tuple[str, str]]:
    """(Japanese name, English name) of each numbered entry of a METI list's text."""
    text = re.sub(r"(?<=\.)\s*(?=[0-9]{1,3} [^\x00-\x7f])", "\n", text)  # glued page breaks
    pairs = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        entry = _METI_ENTRY.match(lines[i])
        if not entry or entry.group(2).isascii():
            i += 1
            continue
        japanese = entry.group(2)
        i += 1
        while i < len(lines) and not _mostly_latin(lines[i]) and not _METI_ENTRY.match(lines[i]):
            japanese += lines[i].strip()
            i += 1
        if i >= len(lines) or not _mostly_latin(lines[i]):
            continue
        english = re.split(r",?\s*a\.k\.a\.|\s*\(a\.k\.a", lines[i])[0].strip().rstrip(",;")
        japanese = _BRACKETED_CJK.sub("", _ALIAS_NOTE.sub("", japanese)).strip()
        english = re.sub(r"^[^A-Za-z0-9]+", "", english)  # a bracket left over from the line above
        if japanese and english and "所在地" not in japanese:
            pairs.append((japanese, english))
    return pairs


def _mostly_latin(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.8 \
        and not line.startswith(("所在地", "-", "—"))


def _zh_variants(root: Path) -> list[GoldSet]:
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    with open(root / "export_control_lists" / "cn_counter_sanctions.csv", encoding="utf-8") as fh:
        chinese = sorted({r["Chinese name"].strip() for r in csv.DictReader(fh) if r["Chinese name"].strip()})
    spellings: list[tuple[str, str]] = []
    for number, name in enumerate(chinese):
        traditional = to_traditional.convert(name)
        if traditional != name:
            spellings += [(name, f"zh{number}"), (traditional, f"zh{number}")]
    items, entity = _distinct(spellings)
    return [GoldSet("zh_simplified_traditional", schema.ORGANISATION_KIND, items, entity, "zh",
                    "PRC counter-sanctions names, simplified and (OpenCC s2t) traditional")]


def evaluate(gold: GoldSet, predict: Callable[[GoldSet], Sequence[tuple[int, int]]]) -> PairScores:
    """Pair scores of a predictor (a function from a gold set to index pairs)."""
    return pair_scores(gold, predict(gold))
