"""Tiny hand-built records, nodes, edges and batches for the store tests, and a workspace dump."""
from __future__ import annotations

from graphkit.model import Batch, Edge, Evidence, Node, Record
from graphkit.store.workspace import Workspace


def record(n: int, case: str = "K1", file: str = "contacts.csv", **raw: str) -> Record:
    return Record(f"contacts:C{n}", "contacts", file, n + 1, f"C{n}", case, raw or {"contact_id": f"C{n}"})


def evidence(n: int, case: str = "K1", date: str | None = None, reliability: float | None = None,
             file: str = "contacts.csv") -> Evidence:
    return Evidence(f"contacts:C{n}", file, n + 1, f"C{n}", case, date, reliability, "linkedin", "met")


def person(node_id: str, name: str, *records: int, **props) -> Node:
    return Node(id=node_id, kind="Person", name=name, aliases={name}, properties=props,
                evidence={f"contacts:C{n}" for n in records})


def edge(source: str, relation: str, target: str, *items: Evidence, **props) -> Edge:
    return Edge(id=f"{source}-{relation}-{target}", source=source, target=target, relation=relation,
                properties=props, evidence=list(items))


LOAD_LOG_TABLES = ("loads", "load_records", "load_changes")
"""The record of loads (for unload): every load adds to it, even one that changes no data."""


def dump(workspace: Workspace) -> dict[str, list[tuple]]:
    """Every row of every data table, sorted: two equal dumps mean two equal graphs, records
    and provenance (the load log, :data:`LOAD_LOG_TABLES`, is left out: compare it apart)."""
    tables = [r[0] for r in workspace.connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") if r[0] not in LOAD_LOG_TABLES]
    return {t: sorted(workspace.connection.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def small_batch() -> Batch:
    """Wang Lei (CN) contacts Sato via the intermediary Apex, in records C1 and C2 of case K1."""
    wang = person("p-wang", "Wang Lei", 1, 2, country="CN", foreign=True)
    sato = person("p-sato", "佐藤 健", 1, 2, country="JP", foreign=False, org="Tokyo Univ")
    apex = Node("i-apex", "Intermediary", "Apex Consulting", {"Apex Consulting"}, {"country": "SG", "foreign": True},
                {"contacts:C1"})
    euv = Node("t-euv", "Technology", "EUV lithography", {"EUV lithography"}, {}, {"contacts:C1", "contacts:C2"})
    return Batch(
        records=[record(1, from_name="Wang Lei", to_name="佐藤 健"), record(2, from_name="Wang Lei", to_name="佐藤 健")],
        nodes=[wang, sato, apex, euv, wang],
        edges=[
            edge("p-wang", "CONTACTED", "i-apex", evidence(1, date="2024-05", reliability=0.8)),
            edge("i-apex", "INTRODUCED", "p-sato", evidence(1, date="2024-05", reliability=0.8)),
            edge("p-wang", "CONTACTED", "p-sato", evidence(2, date="2024-06-03", reliability=0.4)),
            edge("p-wang", "SOUGHT", "t-euv", evidence(1, date="2024-05", reliability=0.8), evidence(2, date="2024-06-03")),
            edge("p-sato", "HOLDS", "t-euv", evidence(1, date="2024-05"), inferred=True),
        ],
    )


def records_of(found) -> list[tuple]:
    """An :class:`~graphkit.store.base.EdgeRecords` as plain rows: (source, target, relation,
    inferred, [(record id, date, reliability) of each record])."""
    rows, start = [], 0
    for j, stop in enumerate(found.stops.tolist()):
        rows.append((found.sources[j], found.targets[j], found.relations[j], found.inferred[j],
                     [(found.record_id(r), found.date_names[found.dates[r]] if found.dates[r] >= 0 else None,
                       None if found.reliability[r] != found.reliability[r] else float(found.reliability[r]))
                      for r in range(start, stop)]))
        start = stop
    return rows
