"""How stores merge properties: fill what is missing, never overwrite, union lists.

Both the workspace and the Neo4j store merge a node's or an edge's properties with
:func:`merge_properties`, so the two stores agree on what a reload or an overlapping file
does: the first non-empty value of a property wins, a later different value is reported as
a conflict, list properties (``identifiers``) are unions, and empty values are never stored.
"""
from __future__ import annotations

import json
from typing import Any


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple, set, dict)) and not value)


def clean_properties(properties: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values; turn sets and tuples into sorted lists (JSON has no sets)."""
    if not properties:
        return {}
    for value in properties.values():
        if value is None or value == "" or isinstance(value, (list, tuple, set, dict)):
            break
    else:  # nothing to drop or turn (most properties): a copy
        return dict(properties)
    out: dict[str, Any] = {}
    for key, value in properties.items():
        if _is_empty(value):
            continue
        if isinstance(value, (set, tuple)):
            value = sorted(value, key=str)
        out[key] = value
    return out


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces, so equal values give equal text.

    >>> canonical_json({"b": 1, "a": "山"})
    '{"a":"山","b":1}'
    """
    if not value and isinstance(value, dict):
        return "{}"
    if _C_ENCODE is not None:
        return "".join(_C_ENCODE(value, 0))
    return _CANONICAL.encode(value)


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
"""What ``json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` uses,
made once (a load encodes every record's cells)."""


def _c_encoder() -> Any:
    """``_CANONICAL``'s C encoder made once, not per call as ``JSONEncoder.encode`` makes it
    (a third of the time for a small dict; a load encodes hundreds of thousands): None where
    the C encoder is missing or answers differently (its signature is CPython's internal)."""
    from json import encoder

    try:
        make = encoder.c_make_encoder  # type: ignore[attr-defined]
        made = make(None, _CANONICAL.default, encoder.encode_basestring, None, ":", ",", True, False, True)
        probe = {"b": [1, 2.5, None, True], "a": "山\n", "c": {"d": -0.0}}
        return made if "".join(made(probe, 0)) == _CANONICAL.encode(probe) else None
    except Exception:  # noqa: BLE001 - any difference falls back to the documented encoder
        return None


_C_ENCODE = _c_encoder()


def merge_properties(
    kept: dict[str, Any], incoming: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, Any, Any]]]:
    """Merge ``incoming`` into ``kept``: fill what is missing, never overwrite, union lists.

    Returns the merged properties and the conflicts ``(property, kept value, other value)``.

    >>> merge_properties({"country": "CN", "ids": ["a"]}, {"country": "JP", "org": "X", "ids": ["b"]})
    ({'country': 'CN', 'ids': ['a', 'b'], 'org': 'X'}, [('country', 'CN', 'JP')])
    """
    merged = dict(kept)
    conflicts: list[tuple[str, Any, Any]] = []
    for key, value in clean_properties(incoming).items():
        have = merged.get(key)
        if _is_empty(have):
            merged[key] = value
        elif isinstance(have, list) and isinstance(value, list):
            union = list(have) + [v for v in value if v not in have]
            merged[key] = sorted(union, key=str)
        elif have != value:
            conflicts.append((key, have, value))
    return dict(sorted(merged.items())), conflicts
