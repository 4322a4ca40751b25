"""The link chart's visual language: one place that says how kinds and relations look.

Node kinds get a shape and a fill colour; foreign actors a thick red ring and their country
code in the label; relations an edge colour and dash pattern. Everything here is plain data, so
the legend the page draws and the options handed to vis-network come from the same table.

>>> KIND_STYLES["Person"].shape
'dot'
>>> node_label("Li Wei", "CN")
'Li Wei [CN]'
>>> RELATION_STYLES["INTRODUCED"].dashes
True
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from graphkit import schema


@dataclass(frozen=True)
class KindStyle:
    """How nodes of one kind are drawn (vis-network shape names)."""

    shape: str
    color: str
    description: str


@dataclass(frozen=True)
class RelationStyle:
    """How edges of one relation are drawn."""

    color: str
    dashes: bool
    description: str


# Colour-blind-safe hues (Okabe-Ito); shape carries the kind too, so colour is never the only cue.
KIND_STYLES: dict[str, KindStyle] = {
    "Person": KindStyle("dot", "#56B4E9", "person (circle)"),
    "Company": KindStyle("square", "#009E73", "company, university, lab (square)"),
    "Intermediary": KindStyle("diamond", "#E69F00", "intermediary, go-between (diamond)"),
    "Technology": KindStyle("triangle", "#CC79A7", "technology (triangle)"),
}
UNKNOWN_KIND = KindStyle("ellipse", "#BBBBBB", "other")

RELATION_STYLES: dict[str, RelationStyle] = {
    "CONTACTED": RelationStyle("#4A5A6A", False, "contacted (arrow from approacher)"),
    "INTRODUCED": RelationStyle("#7B3FA0", True, "introduced by a go-between (dashed)"),
    "TRANSFERRED": RelationStyle("#D7263D", False, "transferred technology or access"),
    "HOLDS": RelationStyle("#0072B2", False, "holds a technology"),
    "SOUGHT": RelationStyle("#6B8E23", False, "sought a technology"),
    "EMPLOYED_BY": RelationStyle("#9A9A9A", False, "employed by"),
    "AFFILIATED_WITH": RelationStyle("#B5B5B5", True, "affiliated with"),
    "OWNS": RelationStyle("#6B6B6B", False, "owns or controls"),
}
UNKNOWN_RELATION = RelationStyle("#999999", False, "other relation")

FOREIGN_BORDER = "#E00000"  # thick red ring: foreign actor
DOMESTIC_BORDER = "#2B2B2B"  # thin dark ring: domestic actor
UNKNOWN_BORDER = "#8A8A8A"  # dashed grey ring: country unknown
BROKER_GLOW = "#F5C400"  # gold halo: broker
PATH_COLOR = "#FF5A00"  # orange: likely transfer path
INFERRED_DASHES = [2, 6]  # dotted: implied, not stated (HOLDS from an approach)


def kind_style(kind: str | None) -> KindStyle:
    """The style of a node kind; unknown kinds get a neutral grey ellipse."""
    return KIND_STYLES.get(kind or "", UNKNOWN_KIND)


def relation_style(relation: str | None) -> RelationStyle:
    """The style of a relation; unknown relations get a neutral grey line."""
    return RELATION_STYLES.get(relation or "", UNKNOWN_RELATION)


def node_label(name: str, country: str | None) -> str:
    """The label drawn under a node: the name and, when known, the country code.

    >>> node_label("山田 太郎", "JP")
    '山田 太郎 [JP]'
    >>> node_label("Quantum sensing", None)
    'Quantum sensing'
    """
    return f"{name} [{country}]" if country else name


def legend() -> dict[str, Any]:
    """The legend as data, drawn by the page with DOM calls (never as HTML)."""
    kinds = [{"kind": k, **asdict(s)} for k, s in KIND_STYLES.items()]
    relations = [{"relation": r, **asdict(s)} for r, s in RELATION_STYLES.items()]
    return {
        "kinds": kinds,
        "relations": relations,
        "marks": [
            {"mark": "foreign", "color": FOREIGN_BORDER, "description": "foreign actor (red ring, country code)"},
            {"mark": "domestic", "color": DOMESTIC_BORDER, "description": "domestic actor"},
            {"mark": "unknown", "color": UNKNOWN_BORDER, "description": "country unknown (dashed ring)"},
            {"mark": "broker", "color": BROKER_GLOW, "description": "broker (gold halo, ★); size = broker score"},
            {"mark": "path", "color": PATH_COLOR, "description": "likely transfer path (orange)"},
            {"mark": "inferred", "color": "#777777", "description": "inferred edge (dotted)"},
        ],
    }


def _check_against_schema() -> None:
    """Every relation and node kind in the actor projection has a style (checked at import)."""
    missing = [r for r in schema.ACTOR_RELATIONS if r not in RELATION_STYLES]
    missing += [k for k in schema.PROJECTED_KINDS if k not in KIND_STYLES]
    if missing:  # pragma: no cover - a schema change without a style is a programming error
        raise RuntimeError(f"link chart styles missing for {missing}")


_check_against_schema()
