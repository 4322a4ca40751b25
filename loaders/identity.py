"""Identity: which node a name in a row stands for.

Node ids are deterministic hashes of natural keys (:func:`natural_id`): the first identifier
(``jp-corp:…``, ``email:…``) when a row gives one, else the kind plus the name's matching key,
with the organisation and country when the row gives them. The :class:`Resolver` adds what a
row alone cannot know: the names and aliases of entities already in the graph or declared
earlier in the load. A name (or alias) that matches exactly one known entity of the same kind
joins it; an ambiguous or unknown name keeps its own natural id.

Nothing is ever merged on similarity. Names that look alike but are not equal (``髙橋`` and
``高橋``, ``Zhang Wei Technology`` and ``Zhang Wei Technologies``) are listed by
:meth:`Resolver.possible_duplicates` for a human to decide.

>>> r = Resolver()
>>> acme = r.resolve_entity("Company", "Acme Photonics", aliases=["アクメ・フォトニクス"], country="CN")
>>> r.resolve("Company", "アクメフォトニクス") == acme
True
>>> r.resolve("Company", "Acme Photonics", country="US") == acme
False
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterable

from graphkit import schema
from graphkit.model import Node, stable_id
from graphkit.normalize import fold, match_key

# Kanji variants (異体字) that the matching key deliberately keeps apart: two names equal
# once these are folded are flagged as possible duplicates, never merged.
_VARIANTS = str.maketrans({
    "髙": "高", "﨑": "崎", "嵜": "崎", "齋": "斎", "齊": "斉", "邊": "辺", "邉": "辺",
    "澤": "沢", "濱": "浜", "廣": "広", "國": "国", "櫻": "桜", "眞": "真", "德": "徳",
    "惠": "恵", "藏": "蔵", "槇": "槙", "桒": "桑", "冨": "富", "瀨": "瀬", "嶋": "島",
    "嶌": "島", "峯": "峰", "舘": "館", "檜": "桧", "栁": "柳", "淵": "渕", "龍": "竜",
    "增": "増", "曾": "曽", "條": "条", "實": "実", "壽": "寿", "榮": "栄",
    "學": "学", "會": "会", "經": "経", "黑": "黒", "圓": "円", "萬": "万", "戶": "戸",
})
FUZZY_BLOCK_LIMIT = 2_000
"""Names per block (same kind and first character) above which the fuzzy comparison is skipped."""


_fold = functools.lru_cache(maxsize=100_000)(fold)


@functools.lru_cache(maxsize=100_000)
def cached_match_key(name: str, kind: str) -> str:
    """:func:`graphkit.normalize.match_key`, cached: the same names recur in many rows."""
    return match_key(name, kind)


def org_key(org: str | None) -> str | None:
    """The matching key of an organisation name (legal forms ignored), None when blank."""
    if org is None or not org.strip():
        return None
    return cached_match_key(org, schema.ORGANISATION_KIND)


def natural_id(
    kind: str, name: str, *, org: str | None = None, country: str | None = None,
    identifiers: Iterable[str] = (),
) -> str:
    """The id a node gets from its own row: first identifier, else name key (+ org, country).

    >>> natural_id("Company", "株式会社 山田製作所") == natural_id("Company", "(株)山田製作所")
    True
    >>> natural_id("Person", "王偉", country="CN") == natural_id("Person", "王偉")
    False
    """
    first = next(iter(identifiers), None)
    if first:
        return stable_id(kind, first)
    return _name_id(kind, name, org, country)


@functools.lru_cache(maxsize=100_000)
def _name_id(kind: str, name: str, org: str | None, country: str | None) -> str:
    return stable_id(kind, cached_match_key(name, kind), org_key(org) or "", country or "")


@dataclass(frozen=True)
class PossibleDuplicate:
    """Two nodes of one kind whose names look alike: a question for a human, not a merge."""

    kind: str
    id_a: str
    name_a: str
    id_b: str
    name_b: str
    score: float
    reason: str


@dataclass
class _Known:
    kind: str
    name: str
    org: str | None
    country: str | None
    seeded: bool


class Resolver:
    """Maps (kind, matching key of a name or alias) to node ids; learns as rows are read.

    Seed it with the nodes already in the store (:meth:`from_nodes`); the loaders teach it
    every entity they declare (:meth:`resolve_entity`) and every actor they name
    (:meth:`resolve`).
    """

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], list[str]] = {}
        self._by_identifier: dict[str, str] = {}
        self._by_source_id: dict[str, str] = {}
        self._known: dict[str, _Known] = {}
        self._names: dict[str, set[str]] = {}
        self._identifiers: dict[str, set[str]] = {}
        self._merged_into: dict[str, str] = {}
        self.declared: set[str] = set()
        """Ids of the nodes an entities row declared (seeded: nodes with an ``entity_id``)."""
        self.fuzzy_skipped = 0
        """Names left out of the last fuzzy comparison because their block was too large."""

    # -- seeding -------------------------------------------------------------------------
    @classmethod
    def from_nodes(cls, nodes: Iterable[Node]) -> "Resolver":
        """A resolver that knows these nodes (names, aliases, identifiers, entity ids)."""
        resolver = cls()
        for node in nodes:
            props = node.properties or {}
            resolver._learn(
                node.id, node.kind, [node.name, *sorted(node.aliases)],
                org=props.get("org"), country=props.get("country"),
                identifiers=props.get("identifiers") or (), seeded=True,
            )
            entity_id = props.get("entity_id")
            if entity_id:
                resolver._by_source_id.setdefault(str(entity_id), node.id)
                resolver.declared.add(node.id)
        return resolver

    def learn_merges(self, merges: Iterable[tuple[Node, str]]) -> None:
        """Learn nodes merged away (by ``graphkit resolve`` or a register alias): a row that
        names one of them the way it was named before the merge joins the node it was merged
        into, as it would have joined it before the merge. ``merges``: (the merged node as it
        was, the id it was merged into), oldest first.

        >>> from graphkit.model import Node
        >>> r = Resolver.from_nodes([Node("p-a", "Person", "高橋 健一", properties={"org": "Lab"})])
        >>> r.learn_merges([(Node("p-b", "Person", "髙橋 健一", properties={"org": "Kaga"}), "p-a")])
        >>> r.resolve("Person", "髙橋 健一", org="Kaga"), r.resolve("Person", "髙橋 健一")
        ('p-a', 'p-a')
        """
        for node, kept in merges:
            props = node.properties or {}
            self._learn(node.id, node.kind, [node.name, *sorted(node.aliases)], org=props.get("org"),
                        country=props.get("country"), identifiers=props.get("identifiers") or (), seeded=True)
            if props.get("entity_id"):
                self.declared.add(node.id)
            self._merged_into[node.id] = kept

    def _current(self, node_id: str) -> str:
        """The node ``node_id`` was merged into (followed to the end), else itself."""
        seen: set[str] = set()
        while node_id in self._merged_into and node_id not in seen:
            seen.add(node_id)
            node_id = self._merged_into[node_id]
        return node_id

    # -- lookups -------------------------------------------------------------------------
    def kind_of(self, node_id: str) -> str | None:
        """The kind of a known node id."""
        known = self._known.get(node_id)
        return known.kind if known else None

    def name_of(self, node_id: str) -> str | None:
        """The display name a known node id was first seen with."""
        known = self._known.get(node_id)
        return known.name if known else None

    def known_kind(self, name: str, kinds: Iterable[str]) -> str | None:
        """The one kind among ``kinds`` under which ``name`` (or an alias) is known, else None.

        Used when a row leaves a kind blank: a name declared as a company is a company.

        >>> r = Resolver()
        >>> _ = r.resolve_entity("Company", "東都大学", aliases=["Tohto University"])
        >>> r.known_kind("Tohto University", ["Person", "Company", "Intermediary"])
        'Company'
        >>> r.known_kind("Yamada", ["Person", "Company"]) is None
        True
        """
        found = [k for k in kinds if self._by_key.get((k, cached_match_key(name, k)))]
        return found[0] if len(found) == 1 else None

    def by_entity_id(self, entity_id: str) -> str | None:
        """The node an entities row declared with this ``entity_id``."""
        return self._by_source_id.get(fold(entity_id))

    # -- resolving -----------------------------------------------------------------------
    def resolve(
        self, kind: str, name: str, *, org: str | None = None, country: str | None = None,
        identifiers: Iterable[str] = (), learn: bool = True,
    ) -> str:
        """The node id for an actor or technology named in a row; learns it.

        A known identifier wins; else the one known node of this kind whose name or alias has
        the same matching key and whose org and country do not contradict the row's; else
        the row's own :func:`natural_id`.
        """
        identifiers = list(identifiers)
        node_id = self._find(kind, name, org=org, country=country, identifiers=identifiers)
        if learn:
            self._learn(node_id, kind, [name], org=org, country=country, identifiers=identifiers)
        return node_id

    def learn_node(self, node: Node) -> None:
        """Learn a node a loader accepted (its raw spellings, org, country, identifiers)."""
        props = node.properties
        self._learn(
            node.id, node.kind, [node.name, *sorted(node.aliases)], org=props.get("org"),
            country=props.get("country"), identifiers=props.get("identifiers") or (),
        )

    def resolve_entity(
        self, kind: str, name: str, *, aliases: Iterable[str] = (), org: str | None = None,
        country: str | None = None, identifiers: Iterable[str] = (), entity_id: str | None = None,
    ) -> str:
        """The node id for an entities row; learns its name, aliases, identifiers, entity id."""
        identifiers = list(identifiers)
        # only declared entities are joined: a node an earlier contacts load named gets merged
        # into this one after the load (register_merges), so the id does not depend on order
        node_id = self._find(kind, name, org=org, country=country, identifiers=identifiers, declared=True)
        self._learn(node_id, kind, [name, *aliases], org=org, country=country, identifiers=identifiers)
        self.declared.add(node_id)
        if entity_id:
            self._by_source_id[fold(entity_id)] = node_id
        return node_id

    def _find(
        self, kind: str, name: str, *, org: str | None, country: str | None, identifiers: list[str],
        declared: bool = False,
    ) -> str:
        for token in identifiers:
            found = self._by_identifier.get(token)
            if found and self._known[found].kind == kind and (not declared or found in self.declared):
                return self._current(found)
        own = natural_id(kind, name, org=org, country=country, identifiers=identifiers)
        if identifiers:
            return self._current(own)
        candidates = self._by_key.get((kind, cached_match_key(name, kind)), [])
        if declared:
            candidates = [c for c in candidates if c in self.declared]
        if own in candidates:
            return self._current(own)
        row_org = org_key(org)
        fitting = list(dict.fromkeys(
            self._current(c) for c in candidates
            if _agrees(row_org, org_key(self._known[c].org)) and _agrees(country, self._known[c].country)
        ))
        return fitting[0] if len(fitting) == 1 else self._current(own)

    def _learn(
        self, node_id: str, kind: str, names: Iterable[str], *, org: str | None, country: str | None,
        identifiers: Iterable[str], seeded: bool = False,
    ) -> None:
        names = [n for n in names if n and n.strip()]
        known = self._known.get(node_id)
        if known is None:
            known = self._known[node_id] = _Known(kind, _fold(names[0]) if names else node_id, org, country, seeded)
        else:
            known.org = known.org or org
            known.country = known.country or country
        spellings = self._names.setdefault(node_id, set())
        for name in names:
            key = (kind, cached_match_key(name, kind))
            ids = self._by_key.setdefault(key, [])
            if node_id not in ids:
                ids.append(node_id)
            spellings.add(_fold(name))
        for token in identifiers:
            self._by_identifier.setdefault(token, node_id)
            self._identifiers.setdefault(token, set()).add(node_id)

    def register_merges(self) -> list[tuple[str, str]]:
        """(declared node, other node) pairs: a node no entities row declared, that a row
        naming it would have joined had the register been loaded first (one of its spellings
        has the matching key of exactly one declared entity's name or alias, or it shares an
        identifier with exactly one, and org and country agree). Sorted; merged after a load
        (:func:`graphkit.ingest.settle_identity`) so identity does not depend on load order.

        >>> r = Resolver()
        >>> contact = r.resolve("Person", "Li Wei")
        >>> entity = r.resolve_entity("Person", "李伟", aliases=["Li Wei"], entity_id="E1")
        >>> r.register_merges() == [(entity, contact)]
        True
        """
        pairs = []
        tokens_of: dict[str, list[str]] = {}
        for token, ids in self._identifiers.items():
            for each in ids:
                tokens_of.setdefault(each, []).append(token)
        for node_id, known in self._known.items():
            if node_id in self.declared or node_id in self._merged_into:
                continue
            keys = {cached_match_key(n, known.kind) for n in self._names.get(node_id, ())}
            found = {d for key in keys for d in self._by_key.get((known.kind, key), ()) if d in self.declared}
            found |= {d for token in tokens_of.get(node_id, ()) for d in self._identifiers[token] if d in self.declared}
            fitting = list(dict.fromkeys(
                self._current(d) for d in found if self._known[d].kind == known.kind
                and _agrees(org_key(known.org), org_key(self._known[d].org))
                and _agrees(known.country, self._known[d].country)))
            if len(fitting) == 1:
                pairs.append((fitting[0], node_id))
        return sorted(pairs)

    # -- review list ---------------------------------------------------------------------
    def possible_duplicates(self, *, threshold: float = 90.0, include_seeded: bool = False) -> list[PossibleDuplicate]:
        """Pairs of different nodes of one kind whose names look alike (never merged).

        Two reasons are reported: the names are equal once kanji variants are folded
        (``髙橋`` / ``高橋``), or rapidfuzz's ``fuzz.ratio`` of their matching keys is at least
        ``threshold``. Only pairs with at least one node learned in this load are listed,
        unless ``include_seeded``. The fuzzy comparison runs within blocks of names of one
        kind sharing their first character; a block of more than :data:`FUZZY_BLOCK_LIMIT`
        names is skipped (counted in :attr:`fuzzy_skipped`) to bound the time.

        >>> r = Resolver()
        >>> _ = r.resolve("Person", "髙橋一郎"), r.resolve("Person", "高橋一郎")
        >>> [(sorted([d.name_a, d.name_b]), d.reason) for d in r.possible_duplicates()]
        [(['高橋一郎', '髙橋一郎'], 'kanji variants')]
        """
        from rapidfuzz import fuzz, process

        found: dict[tuple[str, str], PossibleDuplicate] = {}

        def add(a: str, b: str, score: float, reason: str) -> None:
            if a == b:
                return
            ka, kb = self._known[a], self._known[b]
            if ka.kind != kb.kind or (ka.seeded and kb.seeded and not include_seeded):
                return
            pair = (a, b) if a < b else (b, a)
            if pair not in found:
                first, second = (ka, kb) if pair[0] == a else (kb, ka)
                found[pair] = PossibleDuplicate(
                    ka.kind, pair[0], first.name, pair[1], second.name, round(score, 1), reason
                )

        # keys shared by several nodes (an ambiguous name): always a question
        by_variant: dict[tuple[str, str], set[str]] = {}
        blocks: dict[tuple[str, str], dict[str, set[str]]] = {}
        for (kind, key), ids in self._by_key.items():
            variant = key.translate(_VARIANTS)
            by_variant.setdefault((kind, variant), set()).update(ids)
            if key:
                blocks.setdefault((kind, key[0]), {}).setdefault(key, set()).update(ids)
        for (kind, variant), variant_ids in by_variant.items():
            ordered = sorted(variant_ids)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    same_key = self._shares_key(kind, a, b)
                    add(a, b, 100.0, "same name, different org or country" if same_key else "kanji variants")
        self.fuzzy_skipped = 0
        for block in blocks.values():
            keys = list(block)
            if len(keys) > FUZZY_BLOCK_LIMIT:
                self.fuzzy_skipped += len(keys)
                continue
            if len(keys) < 2 or all(self._known[i].seeded for ids in block.values() for i in ids) and not include_seeded:
                continue
            scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=threshold, workers=1)
            rows, cols = scores.nonzero()
            for i, j in zip(rows.tolist(), cols.tolist()):
                if i < j:
                    for a in block[keys[i]]:
                        for b in block[keys[j]]:
                            add(a, b, float(scores[i, j]), "similar names")
        return sorted(found.values(), key=lambda d: (d.kind, d.name_a, d.name_b))

    def _shares_key(self, kind: str, a: str, b: str) -> bool:
        keys_a = {cached_match_key(n, kind) for n in self._names.get(a, ())}
        keys_b = {cached_match_key(n, kind) for n in self._names.get(b, ())}
        return bool(keys_a & keys_b)


def _agrees(row_value: str | None, known_value: str | None) -> bool:
    """A row's org or country agrees with a known node's unless both are given and differ."""
    return row_value is None or known_value is None or row_value == known_value
