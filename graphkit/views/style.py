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
from graphkit.language import message


@dataclass(frozen=True)
class KindStyle:
    """How nodes of one kind are drawn (vis-network shape names)."""

    shape: str
    color: str
    description: str


@dataclass(frozen=True)
class RelationStyle:
    """How edges of one relation are drawn (the legend's words are messages: chart.relation_legend.*)."""

    color: str
    dashes: bool


# Node kinds' styles are in schema.toml (colour-blind-safe Okabe-Ito hues; shape carries the
# kind too, so colour is never the only cue). A kind without a style is drawn like this:
UNKNOWN_KIND = KindStyle("ellipse", "#BBBBBB", "other")

RELATION_STYLES: dict[str, RelationStyle] = {
    "CONTACTED": RelationStyle("#4A5A6A", False),
    "INTRODUCED": RelationStyle("#7B3FA0", True),
    "TRANSFERRED": RelationStyle("#D7263D", False),
    "HOLDS": RelationStyle("#0072B2", False),
    "SOUGHT": RelationStyle("#6B8E23", False),
    "EMPLOYED_BY": RelationStyle("#9A9A9A", False),
    "AFFILIATED_WITH": RelationStyle("#B5B5B5", True),
    "OWNS": RelationStyle("#6B6B6B", False),
    # relations FollowTheMoney files bring (docs/exchange.md)
    "DIRECTOR_OF": RelationStyle("#5E5E5E", True),
    "FAMILY_OF": RelationStyle("#A0522D", False),
    "ASSOCIATE_OF": RelationStyle("#C08A5A", True),
    "REPRESENTS": RelationStyle("#56707F", True),
    "PAID": RelationStyle("#2E8B57", False),
    "LINKED_TO": RelationStyle("#A9A9A9", True),
}
UNKNOWN_RELATION = RelationStyle("#999999", False)

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


MARKS = {"foreign": FOREIGN_BORDER, "domestic": DOMESTIC_BORDER, "unknown": UNKNOWN_BORDER,
         "broker": BROKER_GLOW, "path": PATH_COLOR, "inferred": "#777777",
         "listed": LISTED_COLOR, "near_listed": NEAR_LISTED_COLOR}
"""The legend's marks and their colours (their words: chart.mark.* in graphkit/messages.toml)."""


def legend(lang: str = "en") -> dict[str, Any]:
    """The legend as data in ``lang``, drawn by the page with DOM calls (never as HTML).

    Kinds are described by the schema's legend in English, and by the kind's word and its
    shape in Japanese; relations and marks by messages (graphkit/messages.toml).

    >>> legend("ja")["marks"][0]["description"]
    '外国の主体（赤い枠・国コード）'
    """
    kinds = []
    for kind, found in kind_styles().items():
        description = found.description if lang == "en" else message(
            "chart.kind_legend", lang, kind=schema.kind_word(kind, lang),
            shape=message(f"chart.shape.{found.shape}", lang))
        kinds.append({"kind": kind, **asdict(found), "description": description})
    relations = [{"relation": r, **asdict(s), "description": message(f"chart.relation_legend.{r}", lang)}
                 for r, s in RELATION_STYLES.items()]
    marks = [{"mark": mark, "color": color, "description": message(f"chart.mark.{mark}", lang)}
             for mark, color in MARKS.items()]
    return {"kinds": kinds, "relations": relations, "marks": marks}


def _check_against_schema() -> None:
    """Every relation in the actor projection has a style (checked at import; node kinds
    without one are drawn with :data:`UNKNOWN_KIND`)."""
    missing = [r for r in schema.ACTOR_RELATIONS if r not in RELATION_STYLES]
    if missing:  # pragma: no cover - a schema change without a style is a programming error
        raise RuntimeError(f"link chart styles missing for {missing}")


_check_against_schema()
