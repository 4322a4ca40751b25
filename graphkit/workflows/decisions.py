"""Who is who: candidate duplicates, and the decisions an analyst makes about them.

``graphkit duplicates`` proposes pairs of nodes of one kind whose names may be one actor, with
the matcher's score and reasons (:mod:`graphkit.matching`) and the evidence count of each
side; ``graphkit resolve`` records a decision (``same``, ``different``, ``unsure``) as data
in the store, with who made it, when and the names as seen. ``same`` merges the second node
into the first with :meth:`graphkit.store.base.Store.merge_nodes` (everything kept; undone
exactly by ``resolve undo``); ``different`` stops the pair being proposed again. A
spreadsheet from ``duplicates -o pairs.xlsx`` with its ``decision`` and ``note`` columns
filled in is applied with ``resolve --from pairs.xlsx``; ``resolve list -o decisions.csv``
writes the decisions for another workspace, where they wait for their nodes when these are
not loaded yet (:func:`apply_pending`, run after every load, merges them then).

>>> import tempfile, pathlib
>>> from graphkit.model import Batch, Node
>>> from graphkit.store.workspace import Workspace
>>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> _ = ws.write(Batch(nodes=[Node("p-1", "Person", "李伟", evidence=set()), Node("p-2", "Person", "Li Wei")]))
>>> [(p.name_a, p.name_b, p.verdict) for p in duplicates(ws).pairs]
[('李伟', 'Li Wei', 'likely')]
>>> d = resolve(ws, "same", "李伟", "Li Wei", analyst="ann").decision
>>> [n.name for n in ws.iter_nodes()], sorted(ws.get_node("p-1").aliases)
(['李伟'], ['Li Wei'])
>>> _ = undo(ws, d.decision_id); [n.name for n in ws.iter_nodes()]
['李伟', 'Li Wei']
"""
from __future__ import annotations

import getpass
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from graphkit import schema
from graphkit.errors import BadValue, FileFormatError, GraphkitError, NotFound
from graphkit.model import Node
from graphkit.store.base import VERDICTS, Decision, Store
from graphkit.store.node_merge import apply_decisions, now_iso
from graphkit.workflows.explain import resolve_node

ANALYST_ENV = "GRAPHKIT_ANALYST"
DECISION_FORMATS = ("table", "csv", "json", "xlsx")
PAIR_COLUMNS = ["kind", "id_a", "name_a", "evidence_a", "id_b", "name_b", "evidence_b", "score", "verdict",
                "reasons", "decision", "note"]
DECISION_COLUMNS = ["decision_id", "verdict", "kind", "id_a", "name_a", "id_b", "name_b", "analyst", "at", "note",
                    "origin"]
_FILE_COLUMNS = frozenset(PAIR_COLUMNS) | frozenset(DECISION_COLUMNS)


class DecisionConflict(GraphkitError):
    """Decisions that contradict each other (A = B, B = C, A ≠ C): reported, never resolved silently."""


def analyst_name(given: str | None = None) -> str:
    """Who decides: ``--analyst``, else ``GRAPHKIT_ANALYST``, else the OS user.

    >>> analyst_name("ann")
    'ann'
    """
    name = (given or os.environ.get(ANALYST_ENV) or "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (a container without one)
        return "unknown"


def new_decision_id() -> str:
    """A short id people can type: ``d-`` and 6 hex digits."""
    return "d-" + secrets.token_hex(3)


# --- duplicates ------------------------------------------------------------------------------

@dataclass
class DuplicatePair:
    """Two nodes of one kind that may be one actor: the matcher's verdict, score and reasons."""

    kind: str
    id_a: str
    name_a: str
    evidence_a: int
    id_b: str
    name_b: str
    evidence_b: int
    score: float
    verdict: str
    reasons: str
    decision: str = ""
    note: str = ""


@dataclass
class DuplicatesResult:
    """Candidate pairs, best first; ``decided_different`` pairs left out as decided."""

    pairs: list[DuplicatePair] = field(default_factory=list)
    decided_different: int = 0

    def to_frame(self) -> pd.DataFrame:
        """One row per pair, with empty ``decision`` and ``note`` columns for the analyst."""
        return pd.DataFrame([asdict(p) for p in self.pairs], columns=PAIR_COLUMNS)


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def duplicates(store: Store, kind: str | None = None, *, min_score: float | None = None) -> DuplicatesResult:
    """Candidate duplicate pairs among the actor and technology nodes (or of ``kind``).

    Every node's name and aliases and its identifiers go to :func:`graphkit.matching.find_candidates`
    (blocking: no size limit); pairs below ``min_score`` (default: the matcher's ``question``
    threshold, 0.6) are left out, and so are pairs decided ``different``. A pair decided
    ``unsure`` is proposed again with that decision shown.
    """
    from graphkit.matching import QUESTION, NameRecord, find_candidates

    kinds = [schema.check_node_kind(kind)] if kind else list(schema.PROJECTED_KINDS)
    decided = {_pair_key(d.id_a, d.id_b): d for d in store.list_decisions() if d.verdict != "same"}
    result = DuplicatesResult()
    threshold = QUESTION if min_score is None else min_score
    for each in kinds:
        nodes = list(store.iter_nodes([each]))
        if len(nodes) < 2:
            continue
        records = [NameRecord((n.name, *sorted(n.aliases)), tuple(n.properties.get("identifiers") or ()), each)
                   for n in nodes]
        for cand in find_candidates(records, each, min_score=threshold):
            a, b = nodes[cand.left], nodes[cand.right]
            earlier = decided.get(_pair_key(a.id, b.id))
            if earlier is not None and earlier.verdict == "different":
                result.decided_different += 1
                continue
            result.pairs.append(DuplicatePair(
                each, a.id, a.name, len(a.evidence), b.id, b.name, len(b.evidence), round(cand.match.score, 2),
                cand.match.verdict, "; ".join(r.text for r in cand.match.reasons),
                earlier.verdict if earlier else "", earlier.note if earlier else ""))
    result.pairs.sort(key=lambda p: (-p.score, p.kind, p.name_a, p.name_b))
    return result


# --- decisions -------------------------------------------------------------------------------

@dataclass
class ResolveResult:
    """What one decision did: the decision kept, and the merge it made (``same``) if any."""

    decision: Decision
    merged: bool = False
    waiting: bool = False
    """True when a node it names is not in this store yet (applied after a later load)."""


class _Groups:
    """Union-find over node ids joined by ``same`` decisions (to find conflicting decisions)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(b)] = self.find(a)


def _groups(decisions: Iterable[Decision], merges: Iterable[Any] = ()) -> _Groups:
    groups = _Groups()
    for merge in merges:
        groups.join(merge.kept, merge.dropped)
    for d in decisions:
        if d.verdict == "same":
            groups.join(d.id_a, d.id_b)
    return groups


def conflicts(decisions: list[Decision], merges: Iterable[Any] = ()) -> list[str]:
    """One line per ``different`` decision whose two nodes other ``same`` decisions join.

    >>> same = lambda i, a, b: Decision(i, "same", "Person", a, a, b, b, "x", "t")
    >>> conflicts([same("d1", "A", "B"), same("d2", "B", "C"), Decision("d3", "different", "Person", "A", "A", "C", "C", "x", "t")])
    ['decision d3 says A and C are different, but d1, d2 make them the same']
    """
    groups = _groups(decisions, merges)
    lines = []
    for d in decisions:
        if d.verdict == "different" and groups.find(d.id_a) == groups.find(d.id_b):
            root = groups.find(d.id_a)
            joining = [s.decision_id for s in decisions
                       if s.verdict == "same" and groups.find(s.id_a) == root]
            lines.append(f"decision {d.decision_id} says {d.name_a} and {d.name_b} are different, but "
                         f"{', '.join(joining) or 'earlier merges'} make them the same")
    return lines


def _node(store: Store, text: str, role: str) -> Node:
    try:
        return resolve_node(store, text)
    except NotFound as err:
        raise NotFound(f"{role}: {err}") from None


def resolve(store: Store, verdict: str, a: str, b: str, *, note: str = "", analyst: str | None = None,
            kind: str | None = None) -> ResolveResult:
    """Record that ``a`` and ``b`` (names or ids) are the ``same``, ``different`` or ``unsure``.

    Each name must name exactly one node (else :class:`NotFound` listing the candidates);
    ``same`` merges ``b`` into ``a`` now. A decision contradicting earlier ones is refused with
    them named (:class:`DecisionConflict`).
    """
    verdict = _verdict(verdict)
    listed = _listed_entry(store, b) or _listed_entry(store, a)
    if listed is not None:
        actor_text = a if listed.entry_id == b else b
        return _screening_decision(store, verdict, actor_text, listed, note=note, analyst=analyst, kind=kind)
    first, second = _node(store, a, "first node"), _node(store, b, "second node")
    if first.id == second.id:
        made = sorted({m.decision_id for m in store.list_merges() if m.kept == first.id})
        why = f" (merged by decision {', '.join(made)})" if made else ""
        if verdict == "different" and made:
            raise DecisionConflict(f"conflicting decisions (nothing was recorded): {a!r} and {b!r} are one node "
                                   f"already{why}; undo the decision first (`graphkit resolve undo ID`)")
        raise BadValue(f"{a!r} and {b!r} are one node already ({first.id}){why}")
    if first.kind != second.kind:
        raise BadValue(f"{first.name!r} is a {first.kind} and {second.name!r} a {second.kind}: "
                       "only nodes of one kind are compared")
    if kind and schema.check_node_kind(kind) != first.kind:
        raise BadValue(f"{first.name!r} is a {first.kind}, not a {kind}")
    decision = Decision(new_decision_id(), verdict, first.kind, first.id, first.name, second.id, second.name,
                        analyst_name(analyst), now_iso(), note or "")
    return _record(store, [decision])[0]


#: ``origin`` of a decision about an actor and a list entry (``graphkit screen`` replays it).
SCREENING_ORIGIN = "screening"


def _listed_entry(store: Store, text: str) -> Any:
    """The list entry whose id is ``text`` (``us_ndaa_889:8e35381ac453``, the ``entry_id``
    column of ``graphkit screen``), or None."""
    list_name, colon, _ = str(text).strip().partition(":")
    if not colon or not list_name:
        return None
    found = [e for e in store.list_entries([list_name]) if e.entry_id == str(text).strip()]
    return found[0] if found else None


def _screening_decision(store: Store, verdict: str, actor_text: str, entry: Any, *, note: str,
                        analyst: str | None, kind: str | None) -> ResolveResult:
    """Keep a verdict on (actor, list entry): ``different`` dismisses the screening hit,
    ``same`` confirms it. Nothing is merged (an entry is reference data, not a node)."""
    actor = _node(store, actor_text, "actor")
    if not schema.is_actor(actor.kind):
        raise BadValue(f"{actor.name!r} is a {actor.kind}, not an actor: only actors are screened")
    if kind and schema.check_node_kind(kind) != actor.kind:
        raise BadValue(f"{actor.name!r} is a {actor.kind}, not a {kind}")
    earlier = [d for d in store.list_decisions()
               if d.origin == SCREENING_ORIGIN and (d.id_a, d.id_b) == (actor.id, entry.entry_id)]
    decision = Decision(new_decision_id(), verdict, actor.kind, actor.id, actor.name, entry.entry_id, entry.name,
                        analyst_name(analyst), now_iso(), note or "", origin=SCREENING_ORIGIN)
    for old in earlier:  # the newest verdict on a pair is the one that counts
        store.forget_decision(old.decision_id)
    store.save_decision(decision)
    return ResolveResult(decision)


def screening_decisions(store: Store) -> list[Decision]:
    """The kept verdicts on (actor, list entry) pairs, oldest first (``graphkit screen`` replays them)."""
    return [d for d in store.list_decisions() if d.origin == SCREENING_ORIGIN]


def _verdict(text: str) -> str:
    word = str(text).strip().casefold()
    if word not in VERDICTS:
        raise BadValue(f"unknown decision {text!r}; write one of {', '.join(VERDICTS)}", value=str(text))
    return word


def _record(store: Store, new: list[Decision]) -> list[ResolveResult]:
    """Check new decisions against the kept ones, keep them, merge the ``same`` ones."""
    kept = store.list_decisions()
    found = conflicts([*kept, *new], store.list_merges())
    if found:
        raise DecisionConflict("conflicting decisions (nothing was recorded): " + "; ".join(found)
                               + "; undo one of them first (`graphkit resolve undo ID`)")
    results = []
    for decision in new:
        store.save_decision(decision)
        results.append(ResolveResult(decision))
    applied = apply_pending(store)
    for result in results:
        result.merged = result.decision.decision_id in applied
        result.waiting = result.decision.verdict == "same" and not result.merged and not _joined(store, result.decision)
    return results


def _joined(store: Store, decision: Decision) -> bool:
    """Whether a ``same`` decision's two nodes are one node now."""
    groups = _groups([], store.list_merges())
    return groups.find(decision.id_a) == groups.find(decision.id_b)


def apply_pending(store: Store) -> list[str]:
    """Merge what ``same`` decisions join and the store still holds apart; return their ids
    (:func:`graphkit.store.node_merge.apply_decisions`, also run after every load)."""
    return apply_decisions(store)


def undo(store: Store, decision_id: str) -> Decision:
    """Undo a decision: its merges are undone exactly (newest first), the decision forgotten."""
    found = [d for d in store.list_decisions() if d.decision_id == decision_id]
    if not found:
        raise NotFound(f"no decision with id {decision_id!r} in {store.location}; "
                       "`graphkit resolve list` lists the decisions")
    store.undo_merges(decision_id)
    store.forget_decision(decision_id)
    return found[0]


def list_decisions(store: Store) -> pd.DataFrame:
    """Every decision kept, oldest first, as a table (the columns ``resolve --from`` reads back)."""
    return pd.DataFrame([asdict(d) for d in store.list_decisions()], columns=DECISION_COLUMNS)


def write_table(frame: pd.DataFrame, output: Path | str, fmt: str | None = None) -> Path:
    """Write a pairs or decisions table (csv, xlsx, json), spreadsheet-safe and atomically."""
    from graphkit.safe_output import atomic_write_text, json_value, write_csv, write_xlsx

    out = Path(output)
    fmt = fmt if fmt and fmt != "table" else (out.suffix.lower().lstrip(".") or "csv")
    if fmt == "xlsx":
        return write_xlsx(frame, out)
    if fmt == "json":
        return atomic_write_text(out, json.dumps(json_value(frame.to_dict(orient="records")), ensure_ascii=False,
                                                 indent=1) + "\n")
    if fmt == "csv":
        return write_csv(frame, out)
    raise BadValue(f"unknown format {fmt!r} for {out.name}; write csv, xlsx or json", value=fmt)


# --- decisions from a file ------------------------------------------------------------------

@dataclass
class FromFileResult:
    """What ``resolve --from FILE`` did: decisions recorded, merged, waiting for their nodes,
    rows skipped (no decision written in them, or a decision already kept)."""

    recorded: list[ResolveResult] = field(default_factory=list)
    skipped: int = 0

    @property
    def merged(self) -> int:
        return sum(1 for r in self.recorded if r.merged)

    @property
    def waiting(self) -> int:
        return sum(1 for r in self.recorded if r.waiting)


def _file_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the (row number, cells) of a decisions file: csv, xlsx or json."""
    if not path.is_file():
        raise FileFormatError("no such file", file=str(path))
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as err:
            raise FileFormatError(f"not a JSON list of decisions: {err}", file=str(path)) from None
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise FileFormatError("a JSON decisions file is a list of objects (one per decision)", file=str(path))
        header = list(dict.fromkeys(k for item in data for k in item))
        return header, [(i, {k: "" if v is None else str(v) for k, v in item.items()})
                        for i, item in enumerate(data, start=1)]
    from graphkit.loaders.readers import open_table

    table = open_table(path)
    rows = []
    for chunk in table.chunks(10_000):
        for row in chunk:
            if row.problem:
                raise FileFormatError(f"row {row.number}: {row.problem}", file=str(path))
            rows.append((row.number, dict(row.cells)))
    return list(table.columns), rows


def resolve_from_file(store: Store, path: Path | str, *, analyst: str | None = None) -> FromFileResult:
    """Apply the decisions written in a file (``duplicates -o`` with its ``decision`` column
    filled in, or ``resolve list -o``): all checked first, then recorded together.

    Unknown columns, unknown decision words, a row naming an unknown or ambiguous node (by
    name, without ids) and conflicting decisions each raise one error naming the row; nothing
    is recorded then. Rows whose node ids are not in this store (decisions from another
    workspace) are kept and wait for their nodes.
    """
    path = Path(path)
    header, rows = _file_rows(path)
    unknown = [c for c in header if c and c.strip() not in _FILE_COLUMNS]
    if unknown:
        raise FileFormatError(f"unknown column(s) {', '.join(map(repr, unknown))}; a decisions file has "
                              f"{', '.join(PAIR_COLUMNS)} (from graphkit duplicates) or "
                              f"{', '.join(DECISION_COLUMNS)} (from graphkit resolve list)", file=str(path))
    column = "decision" if "decision" in header else "verdict" if "verdict" in header else None
    if column is None:
        raise FileFormatError("no decision column: fill in the decision column (same, different or unsure) "
                              "of `graphkit duplicates -o FILE`", file=str(path))
    known = {d.decision_id for d in store.list_decisions()}
    who = analyst_name(analyst)
    result = FromFileResult()
    new: list[Decision] = []
    for number, cells in rows:
        cell = lambda name: str(cells.get(name) or "").strip()  # noqa: E731
        word = cell(column)
        if not word:
            result.skipped += 1
            continue
        where = f"{path.name}, row {number}"
        try:
            verdict = _verdict(word)
        except BadValue:
            raise FileFormatError(f"row {number}: unknown decision {word!r} in column {column}; write "
                                  f"{', '.join(VERDICTS)} or leave it empty", file=str(path)) from None
        if cell("decision_id") in known:
            result.skipped += 1
            continue
        sides = []
        for side in ("a", "b"):
            node_id, name = cell(f"id_{side}"), cell(f"name_{side}")
            if not node_id and not name:
                raise FileFormatError(f"row {number}: no id_{side} or name_{side}", file=str(path))
            node = store.get_node(node_id) if node_id else None
            if node is None and not node_id:
                try:
                    node = resolve_node(store, name)
                except NotFound as err:
                    raise NotFound(f"{where}: {err}") from None
            sides.append((node.id if node else node_id, node.name if node else (name or node_id),
                          node.kind if node else cell("kind")))
        (id_a, name_a, kind_a), (id_b, name_b, kind_b) = sides
        if id_a == id_b:
            raise BadValue(f"{where}: both sides are one node ({id_a})")
        if kind_a and kind_b and kind_a != kind_b:
            raise BadValue(f"{where}: {name_a!r} is a {kind_a} and {name_b!r} a {kind_b}")
        decision = Decision(cell("decision_id") or new_decision_id(), verdict, kind_a or kind_b, id_a, name_a, id_b,
                            name_b, cell("analyst") or who, cell("at") or now_iso(), cell("note"),
                            cell("origin") or "analyst")
        new.append(decision)
        known.add(decision.decision_id)
    if new:
        result.recorded = _record(store, new)
    return result
