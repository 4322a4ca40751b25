"""Write the graph as FollowTheMoney (FtM) entities for a partner agency, with a manifest.

Which kind becomes which FtM schema, and which relation which interval schema, is the
``[ftm]`` tables of ``graphkit/schema.toml`` (docs/exchange.md): people, companies and
intermediaries become Person, Company and Organization; technologies Asset; cases Project;
approach events Event (the approacher its ``organizer``, the approached ``involved``);
sanctions Sanction; every relation an interval entity (Ownership, Employment, Membership,
Directorship, Family, Associate, Representation, Payment) or an UnknownLink with a ``role``
(contacted, introduced, via, concerns, holds, sought, transferred, part of).

With a :class:`~graphkit.workflows.redaction.RedactionPolicy`, the nodes it names go out under
keyed pseudonyms, the properties it drops are left out, dates are coarsened, and every id that
could be traced back to a pseudonymised name (edge and event ids are hashes of node ids) is
replaced by a keyed one. Text that still mentions a pseudonymised or dropped value is withheld.
The manifest says what was withheld under which rule, never the values.

>>> import tempfile, pathlib, json
>>> from graphkit.model import Batch, Edge, Evidence, Node
>>> from graphkit.store.workspace import Workspace
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> ws = Workspace(tmp / "ws")
>>> _ = ws.write(Batch(nodes=[Node("a", "Person", "Li Wei", properties={"country": "CN", "foreign": True}),
...                           Node("b", "Company", "Acme KK", properties={"country": "JP", "foreign": False})],
...                    edges=[Edge("e", "a", "b", "OWNS", evidence=[Evidence("r1", "f", 2, date="2024-05-17")])]))
>>> package = export_ftm(ws, tmp / "out")
>>> [(e["schema"], e["properties"].get("startDate")) for e in package.entities]
[('Person', None), ('Company', None), ('Ownership', ['2024-05-17'])]
>>> sorted(json.loads((tmp / "out" / "manifest.json").read_text())["files"])
['entities.ftm.json']
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit import schema
from graphkit.loaders.ftm import IDENTIFIER_PREFIX, KIND_KEYWORD, TERM_KEYWORD
from graphkit.model import Edge, Node
from graphkit.projection import evidence_window, keeps_evidence
from graphkit.safe_output import atomic_write_text
from graphkit.store.base import Store
from graphkit.workflows.redaction import Pseudonyms, RedactionPolicy, text_key

ENTITIES_FILE = "entities.ftm.json"
MANIFEST_FILE = "manifest.json"

# graphkit property -> FtM property, for the node kinds that have them
TEXT_PROPERTIES = {"notes": "notes", "summary": "summary", "reason": "reason", "status": "status",
                   "authority": "authority", "program": "program"}
LIST_PROPERTIES = {"address": "address", "phone": "phone", "email": "email", "topics": "topics"}
DATE_PROPERTIES = {"birth_date": "birthDate", "start_date": "startDate", "end_date": "endDate",
                   "listing_date": "listingDate", "date": "date", "opened": "startDate"}
SECRET_PROPERTIES = frozenset({"identifiers", "entity_id", "corporate_number", *TEXT_PROPERTIES,
                               *LIST_PROPERTIES, *DATE_PROPERTIES})
"""The properties of a pseudonymised node whose values must not appear anywhere in the package."""
SCRUBBED = frozenset({"name", "alias", "notes", "summary", "description", "reason", "address", "phone",
                      "email", "authority", "program"})
"""FtM text properties searched for withheld values (ids, keywords, dates and codes are not text)."""


def mention_key(value: str) -> str | None:
    """The folded form of a withheld value searched for in other text, None when it is too
    short to identify anyone (under three letters, or two for CJK and kana names).

    >>> mention_key("佐藤"), mention_key("Li"), mention_key("Leon Varga")
    ('佐藤', None, 'leonvarga')
    """
    key = text_key(value)
    short = 2 if any(ord(c) > 0x2E7F for c in key) else 3
    return key if len(key) >= short else None


@dataclass
class FtmPackage:
    """What :func:`export_ftm` wrote: the entities (FtM JSON objects), the files and the manifest."""

    directory: Path
    entities: list[dict[str, Any]]
    manifest: dict[str, Any]

    @property
    def summary(self) -> str:
        """``N FtM entities (Person 6, Ownership 11, ...)``."""
        counts = Counter(e["schema"] for e in self.entities)
        return f"{len(self.entities)} FtM entities (" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")"


@dataclass
class _Withheld:
    """Counts of what each rule withheld: (rule, what) -> count."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, rule: str, what: str, count: int = 1) -> None:
        self.counts[(rule, what)] += count

    def listing(self, rules: dict[str, str]) -> list[dict[str, Any]]:
        return [{"rule": rule, "rule_text": rules.get(rule, rule), "what": what, "count": count}
                for (rule, what), count in sorted(self.counts.items())]


class _Exporter:
    """One export: the ids things go out under, the entities, what was withheld."""

    def __init__(self, policy: RedactionPolicy | None) -> None:
        self.policy = policy
        self.keyed = Pseudonyms(policy.key()) if policy is not None else None
        self.withheld = _Withheld()
        self.secrets: set[str] = set()
        self.pseudonymised: set[str] = set()
        self.ids: dict[str, str] = {}

    # -- ids ---------------------------------------------------------------------------
    def node_out_id(self, node: Node) -> str:
        """A thing's FtM id: its FtM id when it came from FtM, else its graphkit id; keyed
        when pseudonymised, and for approaches and cases under a policy (their ids are hashes
        of record content and case ids, which may hold names)."""
        if node.id in self.pseudonymised or (self.keyed is not None
                                             and node.kind in (schema.APPROACH_KIND, schema.CASE_KIND)):
            assert self.keyed is not None
            return self.keyed.node_id(node.id)
        from_ftm = [t for t in node.properties.get("identifiers") or () if str(t).startswith(IDENTIFIER_PREFIX)]
        if node.properties.get("entity_id") and node.properties.get("ftm_schema"):
            return str(node.properties["entity_id"])
        return str(from_ftm[0])[len(IDENTIFIER_PREFIX):] if from_ftm else node.id

    def edge_out_id(self, edge: Edge) -> str:
        return self.keyed.node_id(edge.id) if self.keyed is not None else edge.id

    # -- values ------------------------------------------------------------------------
    def date(self, iso: str | None) -> str | None:
        if not iso:
            return None
        if self.policy is None:
            return iso
        coarse = self.policy.coarse_date(iso)
        if coarse != iso:
            self.withheld.add("dates", "finer date parts")
        return coarse

    def dropped(self, kind: str, prop: str, value: Any) -> bool:
        """Whether the policy drops ``prop``; a dropped value is remembered as a secret."""
        if self.policy is None or prop not in self.policy.drop:
            return False
        values = value if isinstance(value, (list, tuple, set)) else [value]
        self.secrets.update(str(v) for v in values if v)
        self.withheld.add("drop", f"{kind}.{prop}", len(values))
        return True

    def node_entity(self, node: Node) -> dict[str, Any]:
        export = schema.ftm_table("export")
        ftm_schema = str(export[node.kind])
        original = node.properties.get("ftm_schema")
        if original and schema.ftm_table("load").get(original) == node.kind:
            ftm_schema = str(original)  # an entity read from FtM goes back as what it was
        props: dict[str, list[str]] = {}
        out_id = self.ids[node.id]
        if node.id in self.pseudonymised:
            assert self.keyed is not None
            props["name"] = [self.keyed.name(node.kind, node.id)]
            if node.properties.get("country"):
                props["country"] = [str(node.properties["country"]).lower()]
            self.secrets.update([node.name, *node.aliases])
            for prop, value in node.properties.items():
                if prop in SECRET_PROPERTIES:
                    self.secrets.update(str(v) for v in (value if isinstance(value, list) else [value]) if v)
            self.withheld.add("pseudonymise", f"{node.kind} names and properties")
        else:
            names = [node.name, *sorted(a for a in node.aliases if a != node.name)]
            if node.kind == schema.APPROACH_KIND:
                names = [self.approach_name(node)]
            elif node.kind == schema.CASE_KIND and node.properties.get("case_id"):
                names = list(dict.fromkeys([str(node.properties["case_id"]), *names]))  # the title an alias
            props["name"] = names[:1]
            if names[1:]:
                props["alias"] = names[1:]
            for prop, value in sorted(node.properties.items()):
                self.node_property(node.kind, prop, value, props)
        if ftm_schema in schema.ftm_table("roles").get("nameless", ()):
            props.pop("name", None)
            props.pop("alias", None)
        if export.get(node.kind) != ftm_schema or schema.ftm_table("load").get(ftm_schema) != node.kind:
            props.setdefault("keywords", []).append(KIND_KEYWORD + node.kind)
        return {"id": out_id, "schema": ftm_schema, "properties": props}

    def approach_name(self, node: Node) -> str:
        """An approach event's name: what it was and when (never the parties' names)."""
        words = [schema.term_word(v, node.properties.get(v)) for v in ("channel", "outcome")]
        date = self.date(node.properties.get("date"))
        return ", ".join(w for w in ["approach", *words, date] if w)

    def node_property(self, kind: str, prop: str, value: Any, props: dict[str, list[str]]) -> None:
        if value is None or value == "" or value == []:
            return
        if prop == "country":
            props["country"] = [str(value).lower()]
        elif prop in ("channel", "outcome") and kind == schema.APPROACH_KIND:
            props.setdefault("keywords", []).append(TERM_KEYWORD.format(prop) + str(value))
            word = schema.term_word(prop, str(value))
            props.setdefault("summary", []).append(f"{prop}: {word}")
        elif prop in DATE_PROPERTIES:
            if not self.dropped(kind, prop, value):
                props[DATE_PROPERTIES[prop]] = [self.date(str(value)) or ""]
        elif prop in TEXT_PROPERTIES:
            if not self.dropped(kind, prop, value):
                props.setdefault(TEXT_PROPERTIES[prop], []).append(str(value))
        elif prop in LIST_PROPERTIES:
            if not self.dropped(kind, prop, value):
                props[LIST_PROPERTIES[prop]] = [str(v) for v in value]

    def link_entity(self, edge: Edge, kept: list[Any]) -> dict[str, Any]:
        spec = schema.ftm_table("links")[edge.relation]
        props: dict[str, list[str]] = {spec["source"]: [self.ids[edge.source]], spec["target"]: [self.ids[edge.target]]}
        if spec.get("role"):
            props["role"] = [spec["role"]]
        dates = sorted({d for e in kept if (d := self.date(e.date))})
        if dates:
            props["startDate"] = [dates[0]]
            if dates[-1] != dates[0]:
                props["endDate"] = [dates[-1]]
        if edge.properties.get("inferred"):
            props["status"] = ["inferred"]
        return {"id": self.edge_out_id(edge), "schema": spec["schema"], "properties": props}

    def scrub(self, entities: list[dict[str, Any]]) -> None:
        """Withhold any text value that still mentions a pseudonymised or dropped value."""
        keys = {k for s in self.secrets if (k := mention_key(s))}
        if not keys:
            return
        for entity in entities:
            for prop, values in list(entity["properties"].items()):
                if prop not in SCRUBBED:
                    continue
                kept = [v for v in values if not any(k in text_key(v) for k in keys)]
                if len(kept) < len(values):
                    self.withheld.add("mentions", f"{entity['schema']}.{prop}", len(values) - len(kept))
                    if kept:
                        entity["properties"][prop] = kept
                    elif prop == "name":
                        entity["properties"][prop] = [f"{entity['schema'].lower()} {entity['id'][-8:]}"]
                    else:
                        del entity["properties"][prop]


def export_ftm(store: Store, directory: str | Path, *, policy: RedactionPolicy | None = None,
               case: str | None = None, since: str | None = None, until: str | None = None,
               parameters: dict[str, Any] | None = None) -> FtmPackage:
    """Write the graph (or a case, or a time window) as FtM entities and a manifest in ``directory``.

    ``entities.ftm.json`` holds one FtM entity per line (things first, then links, each by
    id); ``manifest.json`` the graphkit version, the parameters, the store's snapshot hash,
    the sha256 of the entities file and what the policy withheld under which rule.
    ``case``, ``since`` and ``until`` keep the edges with evidence of that case and window
    and the nodes they join (with ``case``, also the nodes of the case).
    """
    import graphkit

    exporter = _Exporter(policy)
    start, end = evidence_window(since, until)
    filtered = case is not None or start is not None or end is not None
    kept_edges: list[tuple[Edge, list[Any]]] = []
    for edge in store.iter_edges(tuple(schema.RELATION_KINDS)):
        kept = [e for e in edge.evidence if keeps_evidence(e, case, start, end)]
        if filtered and not kept:
            continue
        kept_edges.append((edge, kept))
    wanted: set[str] | None = None
    if filtered:
        wanted = {n for edge, _ in kept_edges for n in (edge.source, edge.target)}
        if case is not None:
            wanted |= store.node_ids_in_case(case)
    nodes = [n for n in store.iter_nodes(tuple(schema.ftm_table("export"))) if wanted is None or n.id in wanted]
    for node in nodes:
        if policy is not None and policy.pseudonymises(node.kind, node.properties):
            exporter.pseudonymised.add(node.id)
    for node in nodes:
        exporter.ids[node.id] = exporter.node_out_id(node)
    things = {node.id: exporter.node_entity(node) for node in nodes}
    links: list[dict[str, Any]] = []
    held = {rel: spec for rel, spec in schema.ftm_table("links").items() if "property" in spec}
    for edge, kept in kept_edges:
        if edge.source not in things or edge.target not in things:
            continue
        if edge.relation in held:
            spec = held[edge.relation]
            holder, other = (edge.source, edge.target) if spec["on"] == "source" else (edge.target, edge.source)
            things[holder]["properties"].setdefault(spec["property"], []).append(exporter.ids[other])
        elif edge.relation in schema.ftm_table("links"):
            links.append(exporter.link_entity(edge, kept))
    entities = sorted(things.values(), key=lambda e: e["id"]) + sorted(links, key=lambda e: e["id"])
    entities = [e for e in entities if _complete(e, exporter)]
    exporter.scrub(entities)
    for entity in entities:
        entity["properties"] = {p: _values(p, v) for p, v in sorted(entity["properties"].items()) if v}
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entities)
    atomic_write_text(out / ENTITIES_FILE, text)
    manifest = {
        "graphkit_version": graphkit.__version__,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "format": "FollowTheMoney entities, JSON Lines (https://followthemoney.tech)",
        "parameters": {"case": case, "since": since, "until": until, **(parameters or {}),
                       "redaction_policy": None if policy is None else {
                           "source": policy.source, "sha256": policy.text_sha256, "rules": policy.rules(),
                           "key_fingerprint": exporter.keyed.fingerprint() if exporter.keyed else None}},
        "input": {"snapshot_hash": store.snapshot_hash(), "snapshot_method": store.snapshot_method()},
        "files": {ENTITIES_FILE: {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                                  "bytes": len(text.encode("utf-8")), "entities": len(entities)}},
        "entities_by_schema": dict(sorted(Counter(e["schema"] for e in entities).items())),
        "withheld": exporter.withheld.listing(policy.rules() if policy else {}),
    }
    atomic_write_text(out / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return FtmPackage(out, entities, manifest)


def _values(prop: str, values: list[str]) -> list[str]:
    """A property's values as FtM keeps them: names with their spaces collapsed (FtM's name
    type does that to U+3000 and runs of spaces), each once; sorted but for the name."""
    if prop in ("name", "alias"):
        values = [" ".join(v.split()) for v in values]
    unique = list(dict.fromkeys(v for v in values if v))
    return unique if prop == "name" else sorted(unique)


def _complete(entity: dict[str, Any], exporter: _Exporter) -> bool:
    """Whether an entity has the links FtM requires of it (a sanction whose listed entity is
    outside the export is left out, and counted under the ``scope`` rule)."""
    for relation, spec in schema.ftm_table("links").items():
        if not spec.get("required"):
            continue
        rel = schema.relation_kind(relation)
        holders = rel.from_kinds if spec["on"] == "source" else rel.to_kinds
        if entity["schema"] in {schema.ftm_table("export").get(k) for k in holders} and \
                not entity["properties"].get(spec["property"]):
            exporter.withheld.add("scope", f"{entity['schema']} whose {spec['property']} is outside the export")
            return False
    return True

