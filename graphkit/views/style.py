"""The link chart's visual language: one place that says how kinds and relations look.

Node kinds get a shape and a fill colour (the ``style`` the schema gives each kind; a kind
without one gets a neutral grey ellipse); foreign actors a thick red ring and their country
code in the label; relations an edge colour and dash pattern. Everything here is plain data, so
the legend the page draws and the options handed to vis-network come from the same table.

>>> kind_style("Person").shape
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


# Node kinds' styles are in schema.toml (colour-blind-safe Okabe-Ito hues; shape carries the
# kind too, so colour is never the only cue). A kind without a style is drawn like this:
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
LISTED_COLOR = "#8B0000"  # dark red: on a loaded list (graphkit screen)
NEAR_LISTED_COLOR = "#D2691E"  # within a few hops of a listed entity
PATH_COLOR = "#FF5A00"  # orange: likely transfer path
INFERRED_DASHES = [2, 6]  # dotted: implied, not stated (HOLDS from an approach)


def kind_style(kind: str | None) -> KindStyle:
    """The style of a node kind (the schema's ``style``); kinds without one get a neutral grey
    ellipse described by the kind's word.

    >>> kind_style("Technology").shape, kind_style("Spy").shape
    ('triangle', 'ellipse')
    """
    declared = schema.current().nodes.get(kind or "")
    if declared is None:
        return UNKNOWN_KIND
    if declared.style is None:
        return KindStyle(UNKNOWN_KIND.shape, UNKNOWN_KIND.color, declared.word())
    return KindStyle(declared.style.get("shape", UNKNOWN_KIND.shape),
                     declared.style.get("color", UNKNOWN_KIND.color),
                     declared.style.get("legend", declared.word()))


def kind_styles() -> dict[str, KindStyle]:
    """The style of every node kind the link chart draws (the actor projection's kinds).

    >>> list(kind_styles())
    ['Person', 'Company', 'Intermediary', 'Technology']
    """
    return {kind: kind_style(kind) for kind in schema.PROJECTED_KINDS}


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
    kinds = [{"kind": k, **asdict(s)} for k, s in kind_styles().items()]
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
            {"mark": "listed", "color": LISTED_COLOR, "description": "⚠ on an export-control or sanctions list (name match; lists in the card)"},
            {"mark": "near_listed", "color": NEAR_LISTED_COLOR, "description": "△ within 2 hops of a listed entity (lists in the card)"},
        ],
    }


def _check_against_schema() -> None:
    """Every relation in the actor projection has a style (checked at import; node kinds
    without one are drawn with :data:`UNKNOWN_KIND`)."""
    missing = [r for r in schema.ACTOR_RELATIONS if r not in RELATION_STYLES]
    if missing:  # pragma: no cover - a schema change without a style is a programming error
        raise RuntimeError(f"link chart styles missing for {missing}")


_check_against_schema()
