"""Screening: which actors are on a list, or within ``hops`` of one, and by which chain.

An actor *matches* a list entry when the name matcher scores their names (and identifiers)
at least ``min_score`` (:class:`graphkit.lists.NameIndex`). From every matched actor the
search walks the actor graph (undirected, actors only) up to ``hops`` steps, and from every
matched entry up the list's own ownership links (a 1260H subsidiary to its parent, an FtM
Ownership to its owner); a hit is one (actor, entry) pair at the shortest total distance,
with the chain that gets there: each graph hop with its records (``file:row``), the match
with its score and reasons, each ownership link with its dates and source line.

Human decisions replay (:func:`apply_decisions`): ``different`` on (actor, entry) removes the
match, ``same`` confirms it (score 1, shown first).

>>> import networkx as nx
>>> from graphkit.lists.model import ListEntry
>>> from graphkit.lists.index import NameIndex
>>> from graphkit.model import Evidence
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", kind="Person", name="Agent Ma", aliases=[])
>>> G.add_node("s", kind="Company", name="中航重机股份有限公司", aliases=[])
>>> _ = G.add_edge("a", "s", key="EMPLOYED_BY", relation="EMPLOYED_BY", evidence=[Evidence("r1", "people.csv", 4)])
>>> heavy = ListEntry("1260h", "1260h:1", "organisation", ("AVIC Heavy Machinery Company Limited",), sources=("l.csv:7",))
>>> hits = screen_graph(G, NameIndex([heavy]), hops=2)
>>> [(h.actor_name, h.entry.name, h.distance, h.match.reasons[0].code) for h in hits]
[('中航重机股份有限公司', 'AVIC Heavy Machinery Company Limited', 0, 'known_rendering'), ('Agent Ma', 'AVIC Heavy Machinery Company Limited', 1, 'known_rendering')]
>>> chain_text(hits[1].chain)
'Agent Ma —EMPLOYED_BY [people.csv:4]— 中航重机股份有限公司 ≈ AVIC Heavy Machinery Company Limited (0.92 known_rendering) [l.csv:7]'
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from graphkit import schema
from graphkit.lists.index import NameIndex
from graphkit.lists.model import ListEntry
from graphkit.matching import QUESTION, Match, Reason
from graphkit.projection import ActorArrays

__all__ = ["SCREEN_COLUMNS", "Hop", "ScreeningHit", "Verdict", "apply_decisions", "chain_text", "direct_matches",
           "screen_arrays", "screen_graph", "screening_frame"]

SCREEN_COLUMNS = ["actor", "actor_kind", "list", "entry", "distance", "score", "verdict", "reasons", "via",
                  "chain", "records", "decision", "program", "listed", "ended", "entry_names", "entry_sources",
                  "actor_id", "entry_id"]

DECIDED_SAME = Reason("decided_same", "an analyst decided these are the same", ("", ""), 1.0)


class Verdict(Protocol):
    """A human decision about two ids (the decisions store's ``Decision`` has these fields):
    ``verdict`` is ``same``, ``different`` or ``unsure``."""

    id_a: str
    id_b: str
    verdict: str


@dataclass(frozen=True)
class Hop:
    """One step of a chain: ``kind`` is ``relation`` (an edge of the case graph), ``match``
    (an actor is the listed entry) or ``owned_by`` (a list's ownership link)."""

    kind: str
    source: str
    target: str
    label: str
    records: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreeningHit:
    """One (actor, entry) pair: the actor, the entry, and how far and by which chain."""

    actor: str
    actor_name: str
    actor_kind: str
    entry: ListEntry
    matched_actor: str
    matched_entry: ListEntry
    match: Match
    distance: int
    graph_hops: int
    ownership_hops: int
    chain: tuple[Hop, ...]
    decision: str | None = None

    @property
    def direct(self) -> bool:
        return self.distance == 0


def direct_matches(G: nx.MultiDiGraph, index: NameIndex, *, min_score: float = QUESTION,
                   identifiers: Mapping[str, Sequence[str]] | None = None) -> dict[str, list[tuple[ListEntry, Match]]]:
    """Each actor of ``G`` that matches entries: actor id -> [(entry, match)], best first."""
    return _matches(((node, data.get("kind"), (data["name"], *data.get("aliases", [])))
                     for node, data in G.nodes(data=True)), index, min_score, identifiers)


def _matches(actors: Iterable[tuple[str, Any, tuple[str, ...]]], index: NameIndex, min_score: float,
             identifiers: Mapping[str, Sequence[str]] | None) -> dict[str, list[tuple[ListEntry, Match]]]:
    """:func:`direct_matches` of (node, kind, names) triples (nodes of other kinds are skipped)."""
    found: dict[str, list[tuple[ListEntry, Match]]] = {}
    seen: dict[tuple, list[tuple[ListEntry, Match]]] = {}  # actors with the same names, kind and ids match alike
    for node, kind, names in actors:
        if not schema.is_actor(kind):
            continue
        ids = tuple((identifiers or {}).get(node, ()))
        key = (names, kind, ids)
        if key not in seen:
            seen[key] = index.match(names, kind, ids, min_score=min_score)
        if seen[key]:
            found[node] = seen[key]
    return found


def screen_arrays(arrays: ActorArrays, aliases: Mapping[str, Sequence[str]],
                  read_region: Callable[[list[str]], nx.MultiDiGraph], index: NameIndex, *, hops: int = 2,
                  min_score: float = QUESTION, decisions: Iterable[Verdict] = (),
                  identifiers: Mapping[str, Sequence[str]] | None = None) -> list[ScreeningHit]:
    """:func:`screen_graph` of the projection without holding it: the actors are matched on
    the arrays' names and ``aliases`` (node id -> sorted aliases), then only the region within
    ``hops`` of a matched actor (a breadth-first search on the arrays, actors only, either
    direction), with the nodes one tie beyond it, is read with its evidence
    (``read_region(node_ids)``, e.g. ``actor_graph(store, among=node_ids)``) and screened. The
    same hits as the whole graph's: every chain runs inside that region.

    >>> from graphkit.projection import ActorArrays
    >>> arrays = ActorArrays.from_ties(["a", "s", "x"], ["a", "x"], ["s", "a"], ["EMPLOYED_BY", "CONTACTED"],
    ...                                kinds=["Person", "Company", "Person"])
    >>> arrays.names = ["Agent Ma", "中航重机股份有限公司", "Far"]
    >>> heavy = ListEntry("1260h", "1260h:1", "organisation", ("AVIC Heavy Machinery Company Limited",))
    >>> read = []
    >>> hits = screen_arrays(arrays, {}, lambda ids: read.append(ids) or arrays.subgraph(ids), NameIndex([heavy]), hops=1)
    >>> [(h.actor_name, h.distance) for h in hits], read
    ([('中航重机股份有限公司', 0), ('Agent Ma', 1)], [['a', 's', 'x']])
    """
    entries = {e.entry_id: e for e in index.entries}
    found, _ = apply_decisions(_matches(((node, arrays.kinds[i], (arrays.names[i], *aliases.get(node, ())))
                                         for i, node in enumerate(arrays.ids)), index, min_score, identifiers),
                               decisions, entries)
    position = arrays.index()
    sources = [position[n] for n in found if n in position]
    if not sources:
        return []
    adjacency = arrays.adjacency(directed=False, actors_only=True)
    reached = np.zeros(len(arrays), dtype=bool)
    reached[sources] = True
    frontier = reached.copy()
    for _ in range(hops):
        frontier = (adjacency @ frontier.astype(np.int64) > 0) & ~reached
        if not frontier.any():
            break
        reached |= frontier
    # and every node one tie away (technologies too): a node is read only with a tie inside the
    # region, and the actors reached must keep theirs (hops=0, or an actor tied to technologies only)
    reached |= arrays.adjacency(directed=False) @ reached.astype(np.int64) > 0
    region = [arrays.ids[i] for i in np.flatnonzero(reached).tolist()]
    return screen_graph(read_region(region), index, hops=hops, min_score=min_score, decisions=decisions,
                        identifiers=identifiers)


def apply_decisions(found: dict[str, list[tuple[ListEntry, Match]]], decisions: Iterable[Verdict],
                    entries: Mapping[str, ListEntry]) -> tuple[dict[str, list[tuple[ListEntry, Match]]], dict[tuple[str, str], str]]:
    """Replay human decisions on (actor, entry) pairs: ``different`` drops the match, ``same``
    confirms it (adding it when the matcher missed it); ``unsure`` leaves it. Returns the
    matches and each decided pair's verdict.

    >>> from types import SimpleNamespace as D
    >>> e = ListEntry("l", "l:1", "organisation", ("Acme",))
    >>> m = Match("question", 0.7, ())
    >>> kept, verdicts = apply_decisions({"a": [(e, m)], "b": [(e, m)]}, [D(id_a="l:1", id_b="a", verdict="different"), D(id_a="b", id_b="l:1", verdict="same")], {"l:1": e})
    >>> sorted(kept), kept["b"][0][1].score, verdicts
    (['b'], 1.0, {('a', 'l:1'): 'different', ('b', 'l:1'): 'same'})
    """
    verdicts: dict[tuple[str, str], str] = {}
    for decision in decisions:
        a, b = decision.id_a, decision.id_b
        pair = (a, b) if b in entries else (b, a) if a in entries else None
        if pair is not None:
            verdicts[pair] = decision.verdict
    kept: dict[str, list[tuple[ListEntry, Match]]] = {}
    for actor, matched in found.items():
        rows = [(e, Match("likely", 1.0, (DECIDED_SAME, *m.reasons)) if verdicts.get((actor, e.entry_id)) == "same" else m)
                for e, m in matched if verdicts.get((actor, e.entry_id)) != "different"]
        if rows:
            kept[actor] = rows
    for (actor, entry_id), verdict in verdicts.items():
        if verdict == "same" and not any(e.entry_id == entry_id for e, _ in kept.get(actor, [])):
            kept.setdefault(actor, []).append((entries[entry_id], Match("likely", 1.0, (DECIDED_SAME,))))
    return kept, verdicts


def _owned_by(entry: ListEntry, entries: Mapping[str, ListEntry], limit: int) -> list[tuple[ListEntry, tuple[Hop, ...]]]:
    """The entries above ``entry`` through the list's ownership links, at most ``limit`` links up."""
    out: list[tuple[ListEntry, tuple[Hop, ...]]] = []
    frontier: list[tuple[ListEntry, tuple[Hop, ...]]] = [(entry, ())]
    seen = {entry.entry_id}
    for _ in range(limit):
        nxt = []
        for current, chain in frontier:
            for owner in current.owners:
                if owner.entry_id is None or owner.entry_id in seen or owner.entry_id not in entries:
                    continue
                seen.add(owner.entry_id)
                period = f" {owner.start or '…'}–{owner.end or ''}" if owner.start or owner.end else ""
                hop = Hop("owned_by", current.name, entries[owner.entry_id].name, f"owned by{period}",
                          (owner.source,) if owner.source else ())
                nxt.append((entries[owner.entry_id], (*chain, hop)))
        out.extend(nxt)
        frontier = nxt
    return out


def _hop_records(G: nx.MultiDiGraph, u: Any, v: Any) -> tuple[str, tuple[str, ...]]:
    relations, records = [], []
    for a, b in ((u, v), (v, u)):
        for key, data in (G.get_edge_data(a, b) or {}).items():
            relations.append(str(data.get("relation", key)))
            records += [f"{e.file}:{e.row}" for e in data.get("evidence", [])]
    return "/".join(sorted(set(relations))), tuple(dict.fromkeys(sorted(records)))


def screen_graph(G: nx.MultiDiGraph, index: NameIndex, *, hops: int = 2, min_score: float = QUESTION,
                 decisions: Iterable[Verdict] = (), identifiers: Mapping[str, Sequence[str]] | None = None) -> list[ScreeningHit]:
    """Every (actor, entry) within ``hops`` (graph hops plus ownership links), riskiest first.

    Riskiest first: confirmed and direct matches, then by distance, match score and name.
    """
    entries = {e.entry_id: e for e in index.entries}
    found, verdicts = apply_decisions(direct_matches(G, index, min_score=min_score, identifiers=identifiers),
                                      decisions, entries)
    actors = G.subgraph([n for n, d in G.nodes(data=True) if schema.is_actor(d.get("kind"))])
    undirected = actors.to_undirected(as_view=True)
    best: dict[tuple[str, str], ScreeningHit] = {}
    for matched_actor in sorted(found):
        reach = nx.single_source_shortest_path(undirected, matched_actor, cutoff=hops)
        for entry, match in found[matched_actor]:
            match_hop = Hop("match", G.nodes[matched_actor]["name"], entry.name,
                            f"{match.score:.2f} {match.reasons[0].code}" if match.reasons else f"{match.score:.2f}",
                            entry.sources[:1])
            targets = [(entry, ()), *_owned_by(entry, entries, hops)]
            for actor, from_match in reach.items():
                path = from_match[::-1]  # from the actor to the matched actor
                graph_hops = len(path) - 1
                chain: list[Hop] = []
                for u, v in zip(path, path[1:]):
                    relation, records = _hop_records(G, u, v)
                    chain.append(Hop("relation", G.nodes[u]["name"], G.nodes[v]["name"], relation, records))
                for target, links in targets:
                    distance = graph_hops + len(links)
                    if distance > hops:
                        continue
                    hit = ScreeningHit(
                        actor=actor, actor_name=G.nodes[actor]["name"], actor_kind=G.nodes[actor]["kind"],
                        entry=target, matched_actor=matched_actor, matched_entry=entry, match=match,
                        distance=distance, graph_hops=graph_hops, ownership_hops=len(links),
                        chain=(*chain, match_hop, *links),
                        decision=verdicts.get((actor, target.entry_id)) if distance == 0 and not links else None)
                    key = (actor, target.entry_id)
                    if key not in best or _rank(hit) < _rank(best[key]):
                        best[key] = hit
    return sorted(best.values(), key=_rank)


def _rank(hit: ScreeningHit) -> tuple:
    return (hit.decision != "same", hit.distance, -hit.match.score, hit.graph_hops, hit.actor_name,
            hit.entry.list_name, hit.entry.entry_id)


def chain_text(chain: Sequence[Hop]) -> str:
    """A chain in one line: ``A —REL [file:row]— B ≈ Entry (score reason) [list:line] —owned by→ Parent``."""
    if not chain:
        return ""
    parts = [chain[0].source]
    for hop in chain:
        records = f" [{', '.join(hop.records)}]" if hop.records else ""
        if hop.kind == "relation":
            parts.append(f" —{hop.label}{records}— {hop.target}")
        elif hop.kind == "match":
            parts.append(f" ≈ {hop.target} ({hop.label}){records}")
        else:
            parts.append(f" —{hop.label}{records}→ {hop.target}")
    return "".join(parts)


def with_decision(hit: ScreeningHit, decision: str | None) -> ScreeningHit:
    return replace(hit, decision=decision)


def screening_frame(hits: Sequence[ScreeningHit]) -> pd.DataFrame:
    """One row per hit (:data:`SCREEN_COLUMNS`)."""
    rows = []
    for hit in hits:
        entry = hit.entry
        rows.append({
            "actor": hit.actor_name, "actor_kind": hit.actor_kind, "list": entry.list_name, "entry": entry.name,
            "distance": hit.distance, "score": round(hit.match.score, 3), "verdict": hit.match.verdict,
            "reasons": "; ".join(f"{r.code}: {r.text}" for r in hit.match.reasons),
            "via": _via(hit),
            "chain": chain_text(hit.chain),
            "records": "; ".join(r for hop in hit.chain for r in hop.records),
            "decision": hit.decision or "", "program": entry.program, "listed": entry.listed, "ended": entry.ended,
            "entry_names": "; ".join(entry.names[:6]), "entry_sources": "; ".join(entry.sources),
            "actor_id": hit.actor, "entry_id": entry.entry_id,
        })
    return pd.DataFrame(rows, columns=SCREEN_COLUMNS)


def _via(hit: ScreeningHit) -> str:
    """Who or what stands between: the matched actor, and the listed entry it owns up to."""
    parts = []
    if hit.graph_hops:
        match = next(h for h in hit.chain if h.kind == "match")
        parts.append(match.source)
    if hit.ownership_hops:
        parts.append(f"{hit.matched_entry.name} (owned by {hit.entry.name})")
    return "; ".join(parts)
