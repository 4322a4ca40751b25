"""Turn what a user types (``foreign``, ``technology:"quantum sensing"``, ``case:C-12``, a name
or an id) into the set of node ids it means in an actor graph.

Selectors, tried in this order:

* ``foreign`` / ``domestic`` - every actor whose ``foreign`` attribute is True / False;
* ``case:ID`` - every actor (not technologies) whose ``cases`` list holds ID;
* ``KIND:NAME`` (``person:``, ``company:``, ``intermediary:``, ``technology:``) - the node of
  that kind with that name or alias; ``KIND:*`` every node of the kind;
* a node id;
* a name: exact name, then an exact alias, then the same identity key the loaders use
  (:func:`graphkit.normalize.match_key`: width, case, punctuation and legal forms folded,
  ``Yamada, Taro`` = ``Taro Yamada``) or the folded name without spaces, so
  ``ＹＡＭＡＤＡ　Taro`` finds ``Yamada Taro`` and ``ｿﾆｰ(株)`` finds ``ソニー``.

Several selectors can be joined with ``,`` outside quotes (``"Kim, Lee",Park`` is two); a
quote may open anywhere in a part, so ``company:"Zhenhai Co., Ltd."`` is one selector.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("p1", kind="Person", name="Yamada Taro", aliases=["山田 太郎"], foreign=False)
>>> G.add_node("t1", kind="Technology", name="Quantum sensing", aliases=[])
>>> sorted(resolve_selector(G, 'technology:"quantum sensing"')), sorted(resolve_selector(G, "山田太郎"))
(['t1'], ['p1'])
"""
from __future__ import annotations

from typing import Hashable, Iterable

import networkx as nx

from graphkit import schema
from graphkit.errors import NotFound
from graphkit.normalize.names import close_nodes, close_spellings, matching_ids



def resolve_selector(G: nx.Graph, text: str) -> set[Hashable]:
    """The node ids of ``G`` that ``text`` selects; raises :class:`NotFound` with suggestions
    when a part selects nothing."""
    selected: set[Hashable] = set()
    for part in _split(text):
        selected |= _resolve_one(G, part)
    return selected


def resolve_nodes(G: nx.Graph, spec: str | Hashable | Iterable[str | Hashable]) -> set[Hashable]:
    """Node ids for a selector string, a node id, or an iterable of either.

    A string that is a node id of ``G`` means that node; any other string is a selector.
    """
    if isinstance(spec, str) or not isinstance(spec, Iterable):
        items: list = [spec]
    else:
        items = list(spec)
    selected: set[Hashable] = set()
    for item in items:
        if item in G:
            selected.add(item)
        elif isinstance(item, str):
            selected |= resolve_selector(G, item)
        else:
            raise NotFound(f"no node {item!r} in the graph", value=item)
    if not selected:
        raise NotFound(f"{spec!r} selects no node", value=str(spec))
    return selected


def _split(text: str) -> list[str]:
    """The parts of ``text`` between commas that stand outside quotes (``"`` or ``'``); a quote
    may open anywhere in a part (``company:"A, Ltd."``), and the quotes are kept for the part's
    own reading. An unclosed quote runs to the end of the text."""
    parts, current, quote = [], [], ""
    for char in text:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    parts = [p.strip() for p in parts if p.strip()]
    if not parts:
        raise NotFound("an empty selector selects nothing", value=text)
    return parts


def _resolve_one(G: nx.Graph, part: str) -> set[Hashable]:
    low = part.casefold()
    if low in ("foreign", "domestic"):
        want = low == "foreign"
        found = {n for n, d in G.nodes(data=True)
                 if schema.is_actor(d.get("kind")) and d.get("foreign") is want}
        if not found:
            raise NotFound(f"no {low} actor in the graph (is the foreign flag set?)", value=part)
        return found
    prefix, sep, rest = part.partition(":")
    rest = rest.strip().strip('"').strip("'").strip()
    if sep and prefix.strip().casefold() == "case":
        found = {n for n, d in G.nodes(data=True)
                 if schema.is_actor(d.get("kind")) and rest in (d.get("cases") or [])}
        if not found:
            cases = sorted({c for _, d in G.nodes(data=True) for c in (d.get("cases") or [])})
            raise NotFound(f"no actor of case {rest!r}" + _suggest(rest, cases), value=rest)
        return found
    kind = _projected_kind(prefix) if sep else None
    if kind is not None:
        candidates = [n for n, d in G.nodes(data=True) if d.get("kind") == kind]
        if rest == "*":
            if not candidates:
                raise NotFound(f"no {kind} in the graph", value=part)
            return set(candidates)
        return _by_name(G, rest, candidates, f"{kind} ")
    if part in G:
        return {part}
    return _by_name(G, part.strip('"').strip("'"), list(G.nodes), "")


def _projected_kind(prefix: str) -> str | None:
    """The projected node kind a selector prefix names (``person:``, ``Technology:``), or None."""
    wanted = prefix.strip().casefold()
    return next((k for k in schema.PROJECTED_KINDS if k.casefold() == wanted), None)


def _by_name(G: nx.Graph, name: str, candidates: list[Hashable], what: str) -> set[Hashable]:
    nodes = G.nodes
    found = {n for n in candidates if nodes[n].get("name") == name}  # a name before an alias
    if found:
        return found
    # then the one name resolver: an alias, the loaders' identity key, the spaceless key
    spellings = ((n, nodes[n].get("kind"), str(s)) for n in candidates
                 for s in (nodes[n].get("name", ""), *(nodes[n].get("aliases") or [])))
    found = set(matching_ids(name, spellings))
    if found:
        return found
    spellings = ((n, nodes[n].get("kind"), str(s)) for n in candidates
                 for s in (nodes[n].get("name", n), *(nodes[n].get("aliases") or [])))
    close = close_nodes(name, spellings, limit=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise NotFound(f"no {what}node named {name!r}" + hint, value=name)


def _suggest(value: str, options: list[str]) -> str:
    close = close_spellings(value, options, limit=3, cutoff=0.5)
    return f"; did you mean {', '.join(map(repr, close))}?" if close else ""
