"""Which nodes a typed name means: the one name resolver behind explain, chart seeds, path
ends and pull seeds.

A name matches a node through one of its spellings (its name or an alias), in tiers: the
exact spelling first; when no spelling is exact, the same identity key
(:func:`~graphkit.normalize.text.match_key` for the node's kind: width, case, punctuation and
legal forms folded, ``Last, First`` turned round) or the same spaceless key
(:func:`~graphkit.normalize.text.spaceless_key`). Close spellings are only ever suggested
(:func:`close_spellings`), never merged: ``髙橋`` does not match ``高橋``.

>>> spellings = [("p1", "Person", "Yamada Taro"), ("c1", "Company", "ソニー株式会社"), ("c1", "Company", "Sony")]
>>> matching_ids("Yamada Taro", spellings), matching_ids("ｿﾆｰ(株)", spellings), matching_ids("YAMADA taro", spellings)
(['p1'], ['c1'], ['p1'])
>>> matching_ids("Sany", spellings)
[]
"""
from __future__ import annotations

from typing import Hashable, Iterable

from graphkit.normalize.text import match_key, spaceless_key

Spelling = tuple[Hashable, "str | None", str]
"""(node id, node kind or None, one spelling: the name or an alias)."""

def matching_ids(text: str, spellings: Iterable[Spelling]) -> list[Hashable]:
    """The ids of the nodes ``text`` names, sorted: those with an exact spelling, else those
    with the same identity key or the same spaceless key (see the module docstring).

    ``spellings`` is read once (it may stream a whole store).
    """
    exact: set[Hashable] = set()
    folded: set[Hashable] = set()
    keys: dict[str | None, str] = {}
    loose = spaceless_key(text)
    for node_id, kind, spelling in spellings:
        if spelling == text:
            exact.add(node_id)
            continue
        if exact or node_id in folded:
            continue  # an exact match wins; only while there is none do keys matter
        kind = kind or None  # no kind: match_key uses the schema's default actor kind
        key = keys.get(kind)
        if key is None:
            key = keys[kind] = match_key(text, kind)
        spelling = str(spelling)
        if match_key(spelling, kind) == key or spaceless_key(spelling) == loose:
            folded.add(node_id)
    return sorted(exact or folded, key=str)


def close_spellings(text: str, spellings: Iterable[str], limit: int = 5, cutoff: float = 0.6) -> list[str]:
    """Spellings close to ``text``, closest first, to suggest when a name matches nothing.

    Compared by their spaceless keys (difflib's ratio at least ``cutoff``).

    >>> close_spellings("Wang Li", ["Wang Lei", "Sato Kenji"])
    ['Wang Lei']
    """
    import difflib

    by_key: dict[str, str] = {}
    for spelling in spellings:
        by_key.setdefault(spaceless_key(spelling), spelling)
    close = difflib.get_close_matches(spaceless_key(text), list(by_key), n=limit, cutoff=cutoff)
    return [by_key[key] for key in close]


def close_nodes(text: str, spellings: Iterable[Spelling], limit: int = 5, cutoff: float = 0.6) -> list[str]:
    """Nodes with a spelling close to ``text``, closest first, each listed once: its name, and
    the alias that came close when that was not the name (``'Sony' (alias 'ソニー')``).

    ``spellings`` gives each node's name before its aliases (as the stores stream them), so
    the first spelling of a node is taken as its name. Compared like :func:`close_spellings`.

    >>> spellings = [("c1", "Company", "Sony Group"), ("c1", "Company", "Sony"), ("c1", "Company", "Sony Grp")]
    >>> close_nodes("Sony Grup", spellings)
    ["'Sony Group'"]
    >>> close_nodes("Soni", spellings)
    ["'Sony Group' (alias 'Sony')"]
    """
    import difflib

    target = spaceless_key(text)
    names: dict[Hashable, str] = {}
    best: dict[Hashable, tuple[float, str]] = {}
    for node_id, _kind, spelling in spellings:
        spelling = str(spelling)
        names.setdefault(node_id, spelling)
        matcher = difflib.SequenceMatcher(None, spaceless_key(spelling), target)
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        score = matcher.ratio()
        if score >= cutoff and score > best.get(node_id, (-1.0, ""))[0]:
            best[node_id] = (score, spelling)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], names[item[0]], str(item[0])))
    shown = []
    for node_id, (_score, spelling) in ranked[:limit]:
        name = names[node_id]
        shown.append(repr(name) if spelling == name else f"{name!r} (alias {spelling!r})")
    return shown
