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
import json
import sqlite3
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


_SCRATCH_TABLES = """
CREATE TABLE keys (kind TEXT NOT NULL, key TEXT NOT NULL, node_id TEXT NOT NULL, variant TEXT NOT NULL,
                   PRIMARY KEY (kind, key, node_id)) WITHOUT ROWID;
CREATE INDEX keys_by_key ON keys (key);
CREATE INDEX keys_by_node ON keys (node_id);
CREATE TABLE known (node_id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, org TEXT,
                    country TEXT, seeded INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE identifiers (token TEXT PRIMARY KEY, node_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE source_ids (entity_id TEXT PRIMARY KEY, node_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE node_identifiers (token TEXT NOT NULL, node_id TEXT NOT NULL,
                               PRIMARY KEY (token, node_id)) WITHOUT ROWID;
"""


class Resolver:
    """Maps (kind, matching key of a name or alias) to node ids; learns as rows are read.

    Seed it with the nodes already in the store (:meth:`from_nodes`); the loaders teach it
    every entity they declare (:meth:`resolve_entity`) and every actor they name
    (:meth:`resolve`).

    Memory is bounded by the chunk, not by the names known: what is known lives in a private
    temporary SQLite file (written to disk as it grows), and the dictionaries hold only what
    the current chunk looked up or learnt. :meth:`prefetch` loads a chunk's names in one query;
    :meth:`end_chunk` writes what it learnt and forgets it. A name not prefetched is looked up
    on its own, so every method is correct without either call.
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # "": a private temporary file
        self._db.executescript(_SCRATCH_TABLES)
        # the hot layer: what this chunk read from disk or learnt
        self._by_key: dict[tuple[str, str], list[str]] = {}
        self._known: dict[str, _Known] = {}
        self._by_identifier: dict[str, str | None] = {}
        self._by_source_id: dict[str, str | None] = {}
        self._dirty_keys: set[tuple[str, str, str]] = set()
        self._dirty_known: set[str] = set()
        self._new_identifiers: dict[str, str] = {}
        self._new_source_ids: dict[str, str] = {}
        self._new_node_identifiers: set[tuple[str, str]] = set()
        self._merged_into: dict[str, str] = {}
        # this chunk's answers for names without identifiers: (kind, name, org, country) ->
        # (id, the candidates list it was read from, its length, the org/country version); an
        # answer stands while none of those changed (the rows of a chunk repeat names)
        self._answers: dict[tuple[str, str, str | None, str | None], tuple[str, list[str], int, int]] = {}
        self._filled = 0  # bumped whenever a known node gains an org or a country
        self._learnt: set[tuple[str, str, str, str, str | None, str | None]] = set()
        self.declared: set[str] = set()
        """Ids of the nodes an entities row declared (seeded: nodes with an ``entity_id``)."""
        self.fuzzy_skipped = 0
        """Names left out of the last fuzzy comparison because their block was too large."""

    def close(self) -> None:
        """Drop the temporary file (also done when the resolver is garbage collected)."""
        self._db.close()

    # -- seeding -------------------------------------------------------------------------
    @classmethod
    def from_nodes(cls, nodes: Iterable[Node], *, batch: int = 10_000) -> "Resolver":
        """A resolver that knows these nodes (names, aliases, identifiers, entity ids), read as
        a stream and written to its file ``batch`` nodes at a time."""
        resolver = cls()
        keys: list[tuple[str, str, str, str]] = []
        known: list[tuple[str, str, str, object, object]] = []
        tokens: list[tuple[str, str]] = []
        entity_ids: list[tuple[str, str]] = []

        def flush() -> None:
            db = resolver._db
            db.execute("BEGIN")
            db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?, ?, ?)", keys)
            db.executemany("INSERT OR IGNORE INTO known VALUES (?, ?, ?, ?, ?, 1)", known)
            # the first node giving an identifier or entity id keeps it
            db.executemany("INSERT OR IGNORE INTO identifiers VALUES (?, ?)", tokens)
            db.executemany("INSERT OR IGNORE INTO source_ids VALUES (?, ?)", entity_ids)
            db.execute("COMMIT")
            for pending in (keys, known, tokens, entity_ids):
                pending.clear()

        for count, node in enumerate(nodes, 1):
            props = node.properties or {}
            names = [n for n in [node.name, *sorted(node.aliases)] if n and n.strip()]
            known.append((node.id, node.kind, _fold(names[0]) if names else node.id,
                          props.get("org"), props.get("country")))
            for name in names:
                key = cached_match_key(name, node.kind)
                keys.append((node.kind, key, node.id, key.translate(_VARIANTS)))
            tokens += [(token, node.id) for token in props.get("identifiers") or ()]
            if props.get("entity_id"):
                entity_ids.append((str(props["entity_id"]), node.id))
                resolver.declared.add(node.id)
            if count % batch == 0:
                flush()
        flush()
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

    def known_count(self) -> int:
        """How many nodes the resolver knows (seeded or learnt).

        >>> r = Resolver(); _ = r.resolve("Person", "A"); r.known_count()
        1
        """
        self.end_chunk()
        return int(self._db.execute("SELECT count(*) FROM known").fetchone()[0])

    # -- the chunk's hot layer -------------------------------------------------------------
    def prefetch(self, names: Iterable[str], kinds: Iterable[str] | None = None) -> None:
        """Read from disk, in one query, every known node a chunk's ``names`` may match under
        ``kinds`` (default: the projected kinds), so the rows resolve from memory."""
        kinds = tuple(schema.PROJECTED_KINDS if kinds is None else kinds)
        wanted = {(kind, cached_match_key(name, kind)) for name in set(names) if name for kind in kinds}
        wanted -= self._by_key.keys()
        if not wanted:
            return
        for kind, key in wanted:
            self._by_key[(kind, key)] = []
        rows = self._db.execute(
            "SELECT kind, key, node_id FROM keys WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted({key for _, key in wanted}), ensure_ascii=False),)).fetchall()
        ids = set()
        for kind, key, node_id in rows:
            found = self._by_key.get((kind, key))
            if found is not None and node_id not in found and (kind, key) in wanted:
                found.append(node_id)
                ids.add(node_id)
        self._load_known(ids)

    def end_chunk(self) -> None:
        """Write what this chunk learnt to disk and forget the hot layer."""
        db = self._db
        db.execute("BEGIN")
        db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?, ?, ?)",
                       [(kind, key, node_id, key.translate(_VARIANTS)) for kind, key, node_id in self._dirty_keys])
        db.executemany(
            "INSERT INTO known VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET "
            "org = coalesce(known.org, excluded.org), country = coalesce(known.country, excluded.country)",
            [(node_id, k.kind, k.name, k.org, k.country, int(k.seeded))
             for node_id in self._dirty_known if (k := self._known[node_id])])
        db.executemany("INSERT OR IGNORE INTO identifiers VALUES (?, ?)", self._new_identifiers.items())
        db.executemany("INSERT OR REPLACE INTO source_ids VALUES (?, ?)", self._new_source_ids.items())
        db.executemany("INSERT OR IGNORE INTO node_identifiers VALUES (?, ?)", self._new_node_identifiers)
        db.execute("COMMIT")
        for store in (self._by_key, self._known, self._by_identifier, self._by_source_id, self._dirty_keys,
                      self._dirty_known, self._new_identifiers, self._new_source_ids, self._new_node_identifiers,
                      self._answers, self._learnt):
            store.clear()

    def _ids_for(self, kind: str, key: str) -> list[str]:
        found = self._by_key.get((kind, key))
        if found is None:
            found = self._by_key[(kind, key)] = [r[0] for r in self._db.execute(
                "SELECT node_id FROM keys WHERE kind = ? AND key = ?", (kind, key))]
            self._load_known(found)
        return found

    def _load_known(self, ids: Iterable[str]) -> None:
        missing = [i for i in ids if i not in self._known]
        if not missing:
            return
        for node_id, kind, name, org, country, seeded in self._db.execute(
                "SELECT * FROM known WHERE node_id IN (SELECT value FROM json_each(?))", (json.dumps(missing),)):
            self._known[node_id] = _Known(kind, name, org, country, bool(seeded))

    def _known_of(self, node_id: str) -> _Known | None:
        if node_id not in self._known:
            self._load_known([node_id])
        return self._known.get(node_id)

    def _identifier(self, token: str) -> str | None:
        if token not in self._by_identifier:
            row = self._db.execute("SELECT node_id FROM identifiers WHERE token = ?", (token,)).fetchone()
            self._by_identifier[token] = row[0] if row else None
        return self._by_identifier[token]

    def _source_id(self, entity_id: str) -> str | None:
        if entity_id not in self._by_source_id:
            row = self._db.execute("SELECT node_id FROM source_ids WHERE entity_id = ?", (entity_id,)).fetchone()
            self._by_source_id[entity_id] = row[0] if row else None
        return self._by_source_id[entity_id]

    # -- lookups -------------------------------------------------------------------------
    def kind_of(self, node_id: str) -> str | None:
        """The kind of a known node id."""
        known = self._known_of(node_id)
        return known.kind if known else None

    def name_of(self, node_id: str) -> str | None:
        """The display name a known node id was first seen with."""
        known = self._known_of(node_id)
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
        found = [k for k in kinds if self._ids_for(k, cached_match_key(name, k))]
        return found[0] if len(found) == 1 else None

    def by_entity_id(self, entity_id: str) -> str | None:
        """The node an entities row declared with this ``entity_id``."""
        return self._source_id(fold(entity_id))

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
        if identifiers:
            node_id = self._find(kind, name, org=org, country=country, identifiers=identifiers)
        else:
            node_id = self._find_name(kind, name, org, country)
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

    def learn_spelling(self, node_id: str, kind: str, name: str, raw: str, *, org: str | None = None,
                       country: str | None = None) -> None:
        """:meth:`learn_node` for a node a loader accepted under ``name`` (folded) as written
        ``raw``, without building the node (the contacts loader's actors and orgs).

        >>> r = Resolver(); r.learn_spelling("person-1", "Person", "Li Wei", "Ｌｉ Ｗｅｉ")
        >>> r.resolve("Person", "LI WEI", learn=False)
        'person-1'
        """
        key = (node_id, kind, name, raw, org, country)
        if key not in self._learnt:  # learning the same again changes nothing
            self._learn(node_id, kind, [name, raw], org=org, country=country, identifiers=())
            self._learnt.add(key)

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
            self._new_source_ids[fold(entity_id)] = node_id
        return node_id

    def find_name(self, kind: str, name: str, org: str | None, country: str | None) -> str:
        """:meth:`resolve` for a name without identifiers, learning nothing, answered once while
        what it depends on (the candidates of the name's key, what is known of their orgs and
        countries) is unchanged.

        >>> r = Resolver(); r.find_name("Person", "Li Wei", None, "CN") == r.resolve("Person", "Li Wei", country="CN")
        True
        """
        return self._find_name(kind, name, org, country)

    def _find_name(self, kind: str, name: str, org: str | None, country: str | None) -> str:
        """:meth:`_find` for a name without identifiers, answered once while what it depends
        on (the candidates of the name's key, what is known of their orgs and countries) is
        unchanged."""
        key = (kind, name, org, country)
        answer = self._answers.get(key)
        if answer is not None:
            node_id, candidates, count, filled = answer
            if filled == self._filled and len(candidates) == count and \
                    self._by_key.get((kind, cached_match_key(name, kind))) is candidates:
                return node_id
        node_id = self._find(kind, name, org=org, country=country, identifiers=[])
        candidates = self._ids_for(kind, cached_match_key(name, kind))
        self._answers[key] = (node_id, candidates, len(candidates), self._filled)
        return node_id

    def _find(
        self, kind: str, name: str, *, org: str | None, country: str | None, identifiers: list[str],
        declared: bool = False,
    ) -> str:
        for token in identifiers:
            found = self._identifier(token)
            if found and self.kind_of(found) == kind and (not declared or found in self.declared):
                return self._current(found)
        own = natural_id(kind, name, org=org, country=country, identifiers=identifiers)
        if identifiers:
            return self._current(own)
        candidates = self._ids_for(kind, cached_match_key(name, kind))
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
        known = self._known_of(node_id)
        if known is None:
            known = self._known[node_id] = _Known(kind, _fold(names[0]) if names else node_id, org, country, seeded)
            self._dirty_known.add(node_id)
        elif (not known.org and org) or (not known.country and country):
            known.org = known.org or org
            known.country = known.country or country
            self._dirty_known.add(node_id)
            self._filled += 1
        for name in names:
            key = cached_match_key(name, kind)
            ids = self._ids_for(kind, key)
            if node_id not in ids:
                ids.append(node_id)
                self._dirty_keys.add((kind, key, node_id))
        for token in identifiers:
            self._new_node_identifiers.add((token, node_id))
            if self._identifier(token) is None:
                self._by_identifier[token] = node_id
                self._new_identifiers[token] = node_id

    def register_merges(self) -> list[tuple[str, str]]:
        """(declared node, other node) pairs: a node no entities row declared, that a row
        naming it would have joined had the register been loaded first (one of its spellings
        has the matching key of exactly one declared entity's name or alias, or it shares an
        identifier with exactly one, and org and country agree). Sorted; merged after a load
        (:func:`graphkit.ingest.settle_identity`) so identity does not depend on load order.
        Read from the resolver's file: the nodes sharing a key or an identifier with a
        declared node, grouped by the undeclared one.

        >>> r = Resolver()
        >>> contact = r.resolve("Person", "Li Wei")
        >>> entity = r.resolve_entity("Person", "李伟", aliases=["Li Wei"], entity_id="E1")
        >>> r.register_merges() == [(entity, contact)]
        True
        """
        self.end_chunk()
        declared = json.dumps(sorted(self.declared))
        sharing = self._db.execute(
            "WITH declared (node_id) AS (SELECT value FROM json_each(?)) "
            "SELECT o.node_id, d.node_id FROM keys d JOIN keys o ON o.kind = d.kind AND o.key = d.key "
            "JOIN known n ON n.node_id = o.node_id AND n.kind = o.kind "
            "WHERE d.node_id IN declared AND o.node_id NOT IN declared "
            "UNION SELECT o.node_id, d.node_id FROM node_identifiers d "
            "JOIN node_identifiers o ON o.token = d.token "
            "WHERE d.node_id IN declared AND o.node_id NOT IN declared "
            "ORDER BY 1, 2", (declared,))
        found_for: dict[str, set[str]] = {}
        for other, entity in sharing:
            if other not in self._merged_into:
                found_for.setdefault(other, set()).add(entity)
        pairs = []
        for other, found in found_for.items():
            known = self._known_of(other)
            if known is None:
                continue
            fitting = list(dict.fromkeys(
                self._current(d) for d in sorted(found) if (k := self._known_of(d)) is not None
                and k.kind == known.kind and _agrees(org_key(known.org), org_key(k.org))
                and _agrees(known.country, k.country)))
            if len(fitting) == 1:
                pairs.append((fitting[0], other))
            if len(self._known) > 10_000:
                self._known.clear()
        self._known.clear()
        return sorted(pairs)

    # -- review list ---------------------------------------------------------------------
    def possible_duplicates(self, *, threshold: float = 90.0, include_seeded: bool = False) -> list[PossibleDuplicate]:
        """Pairs of different nodes of one kind whose names look alike (never merged).

        Two reasons are reported: the names are equal once kanji variants are folded
        (``髙橋`` / ``高橋``), or rapidfuzz's ``fuzz.ratio`` of their matching keys is at least
        ``threshold``. Only pairs with at least one node learned in this load are listed,
        unless ``include_seeded``. The fuzzy comparison runs within blocks of names of one
        kind sharing their first character; a block of more than :data:`FUZZY_BLOCK_LIMIT`
        names is skipped (counted in :attr:`fuzzy_skipped`) to bound the time. The blocks are
        read from disk one at a time.

        >>> r = Resolver()
        >>> _ = r.resolve("Person", "髙橋一郎"), r.resolve("Person", "高橋一郎")
        >>> [(sorted([d.name_a, d.name_b]), d.reason) for d in r.possible_duplicates()]
        [(['高橋一郎', '髙橋一郎'], 'kanji variants')]
        """
        from rapidfuzz import fuzz, process

        self.end_chunk()
        db = self._db
        found: dict[tuple[str, str], PossibleDuplicate] = {}

        def add(a: str, b: str, score: float, reason: str) -> None:
            if a == b:
                return
            ka, kb = self._known_of(a), self._known_of(b)
            assert ka is not None and kb is not None
            if ka.kind != kb.kind or (ka.seeded and kb.seeded and not include_seeded):
                return
            pair = (a, b) if a < b else (b, a)
            if pair not in found:
                first, second = (ka, kb) if pair[0] == a else (kb, ka)
                found[pair] = PossibleDuplicate(
                    ka.kind, pair[0], first.name, pair[1], second.name, round(score, 1), reason
                )

        # keys shared by several nodes (an ambiguous name), or equal once kanji variants are
        # folded: always a question
        shared = db.execute(
            "SELECT k.kind, json_group_array(DISTINCT k.node_id) FROM keys k GROUP BY k.kind, k.variant "
            "HAVING count(DISTINCT k.node_id) > 1")
        for kind, ids_json in shared.fetchall():
            ordered = sorted(json.loads(ids_json))
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    same_key = db.execute(
                        "SELECT 1 FROM keys a JOIN keys b ON b.kind = a.kind AND b.key = a.key "
                        "WHERE a.kind = ? AND a.node_id = ? AND b.node_id = ? LIMIT 1", (kind, a, b)).fetchone()
                    add(a, b, 100.0, "same name, different org or country" if same_key else "kanji variants")
            self._known.clear()
        self.fuzzy_skipped = 0
        sizes = db.execute(
            "SELECT k.kind, substr(k.key, 1, 1), count(DISTINCT k.key), min(n.seeded) FROM keys k "
            "JOIN known n ON n.node_id = k.node_id WHERE k.key <> '' GROUP BY 1, 2").fetchall()
        for kind, first, size, all_seeded in sizes:
            if size > FUZZY_BLOCK_LIMIT:
                self.fuzzy_skipped += size
                continue
            if size < 2 or (all_seeded and not include_seeded):
                continue
            block: dict[str, set[str]] = {}
            for key, node_id in db.execute(
                    "SELECT key, node_id FROM keys WHERE kind = ? AND substr(key, 1, 1) = ? AND key <> '' "
                    "ORDER BY key, node_id", (kind, first)):
                block.setdefault(key, set()).add(node_id)
            keys = list(block)
            scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=threshold, workers=1)
            rows, cols = scores.nonzero()
            for i, j in zip(rows.tolist(), cols.tolist()):
                if i < j:
                    for a in block[keys[i]]:
                        for b in block[keys[j]]:
                            add(a, b, float(scores[i, j]), "similar names")
            self._known.clear()
        return sorted(found.values(), key=lambda d: (d.kind, d.name_a, d.name_b))


def _agrees(row_value: str | None, known_value: str | None) -> bool:
    """A row's org or country agrees with a known node's unless both are given and differ."""
    return row_value is None or known_value is None or row_value == known_value
