"""Raw write throughput of the embedded workspace, with synthetic contact-shaped batches.

Each synthetic contact row gives what the contacts loader gives: 1 record; nodes for the
approacher, the target, an intermediary (half the rows), one or two technologies, the
approach event and the case; edges MADE, TARGETED, VIA, CONCERNS, PART_OF (every node of the
row to its case) and the actor projection (CONTACTED or CONTACTED+INTRODUCED, SOUGHT, HOLDS),
each with one evidence item: about 7 node entries and 15 edge entries per row.
Actors are drawn from a heavy-tailed pool, so later batches mostly merge into known nodes.

Baseline (same run): plain ``executemany`` INSERTs of the same rows into the same tables
without any merging (what an append-only, non-idempotent store would cost).

    PYTHONPATH=. python benchmarks/workspace_write.py --rows 200000 --batch 10000
"""
from __future__ import annotations

import argparse
import resource
import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path



from graphkit.model import Batch, Edge, Evidence, Node, Record, edge_id, stable_id  # noqa: E402
from graphkit.store.workspace import Workspace  # noqa: E402

TECHS = ["lithography", "quantum sensing", "AI accelerator", "photoresist", "EUV optics", "MEMS gyro"]


def contact_batch(start: int, size: int, rng: random.Random, people: int) -> tuple[Batch, int]:
    batch = Batch()
    evidence_rows = 0
    for i in range(start, start + size):
        rid = f"contacts:C{i:08d}"
        case = f"K{i % 97:03d}"
        date = f"20{18 + i % 7}-{1 + i % 12:02d}" + ("" if i % 3 else f"-{1 + i % 28:02d}")
        batch.records.append(Record(rid, "contacts", "big.csv", i + 2, f"C{i:08d}", case,
                                    {"contact_id": f"C{i:08d}", "from_name": "x", "to_name": "y", "notes": "n" * 40}))
        ev = Evidence(rid, "big.csv", i + 2, f"C{i:08d}", case, date, 0.7, "email", "declined")

        def actor(kind: str, n: int) -> Node:
            k = int(rng.paretovariate(1.2)) % n
            name = f"{kind} {k}"
            return Node(id=stable_id(kind, name), kind=kind, name=name, aliases={name},
                        properties={"country": "CN" if k % 3 == 0 else "JP", "foreign": k % 3 == 0}, evidence={rid})

        a, b = actor("Person", people), actor("Person", people)
        via = actor("Intermediary", people // 20) if i % 2 else None
        techs = [Node(id=stable_id("Technology", t), kind="Technology", name=t, aliases={t}, evidence={rid})
                 for t in rng.sample(TECHS, 1 + i % 2)]
        ap = Node(id=stable_id("Approach", rid), kind="Approach", name=f"approach {i}",
                  properties={"contact_id": f"C{i:08d}", "date": date}, evidence={rid})
        cs = Node(id=stable_id("Case", case), kind="Case", name=case, properties={"case_id": case}, evidence={rid})
        batch.nodes += [a, b, ap, cs, *techs] + ([via] if via else [])
        def edge(s: Node, rel: str, t: Node, **props: object) -> Edge:
            return Edge(edge_id(s.id, rel, t.id), s.id, t.id, rel, dict(props), [ev])
        edges = [edge(a, "MADE", ap), edge(ap, "TARGETED", b), edge(ap, "PART_OF", cs)]
        edges += [edge(ap, "CONCERNS", t) for t in techs]
        if via:
            edges += [edge(ap, "VIA", via), edge(a, "CONTACTED", via), edge(via, "INTRODUCED", b)]
        else:
            edges.append(edge(a, "CONTACTED", b))
        edges += [edge(a, "SOUGHT", t) for t in techs] + [edge(b, "HOLDS", t, inferred=True) for t in techs]
        # as the contacts loader does: every node of the row is PART_OF the row's case
        edges += [edge(n, "PART_OF", cs) for n in (a, b, ap, *techs, *([via] if via else []))]
        batch.edges += edges
        evidence_rows += len(edges)
    return batch, evidence_rows


PLAIN_TABLES = """
CREATE TABLE nodes (id TEXT, kind TEXT, name TEXT, properties TEXT);
CREATE TABLE edges (id TEXT, source TEXT, target TEXT, relation TEXT, properties TEXT);
CREATE TABLE edge_evidence (edge_id TEXT, record_id TEXT, file TEXT, row INTEGER, source_id TEXT,
    case_id TEXT, date TEXT, reliability REAL, channel TEXT, outcome TEXT);
CREATE TABLE records (record_id TEXT, layout TEXT, file TEXT, row INTEGER, source_id TEXT, case_id TEXT, raw TEXT);
"""


def plain_insert(conn: sqlite3.Connection, batch: Batch) -> None:
    """The baseline: append every row of the batch, no keys, no merging, no idempotence."""
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [(r.record_id, r.layout, r.file, r.row, r.source_id, r.case_id, json.dumps(r.raw)) for r in batch.records])
    conn.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?)",
                     [(n.id, n.kind, n.name, json.dumps(n.properties)) for n in batch.nodes])
    conn.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?)",
                     [(e.id, e.source, e.target, e.relation, json.dumps(e.properties)) for e in batch.edges])
    conn.executemany("INSERT INTO edge_evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(e.id, v.record_id, v.file, v.row, v.source_id, v.case_id, v.date, v.reliability, v.channel,
                       v.outcome) for e in batch.edges for v in e.evidence])
    conn.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rng = random.Random(7)
        ws = Workspace(Path(tmp) / "ws")
        plain = sqlite3.connect(Path(tmp) / "plain.sqlite", isolation_level=None)
        plain.execute("PRAGMA journal_mode=WAL")
        plain.execute("PRAGMA synchronous=NORMAL")
        plain.executescript(PLAIN_TABLES)
        build = write = write_cpu = base = base_cpu = 0.0
        ev_total = 0
        for start in range(0, args.rows, args.batch):
            t0 = time.perf_counter()
            batch, ev = contact_batch(start, min(args.batch, args.rows - start), rng, args.people)
            t1, c1 = time.perf_counter(), time.process_time()
            ws.write(batch)
            t2, c2 = time.perf_counter(), time.process_time()
            plain_insert(plain, batch)
            t3, c3 = time.perf_counter(), time.process_time()
            build += t1 - t0
            write += t2 - t1
            write_cpu += c2 - c1
            base += t3 - t2
            base_cpu += c3 - c2
            ev_total += ev
        counts = ws.counts()
        # Re-writing the last batch must change nothing (and is the pure-merge speed).
        c0 = time.process_time()
        stats = ws.write(batch)
        rewrite_cpu = time.process_time() - c0
        ws.close()
        plain.close()
        size = ws.db_path.stat().st_size
        nodes = sum(v for k, v in counts.items() if not k.isupper())
        edges = sum(v for k, v in counts.items() if k.isupper())
        print(f"rows {args.rows:,}  batch {args.batch:,}  -> nodes {nodes:,}  edges {edges:,}  evidence items {ev_total:,}")
        print(f"workspace.write: {args.rows / write_cpu:,.0f} contact rows/s CPU ({args.rows / write:,.0f} wall)"
              f"  = {ev_total / write_cpu:,.0f} evidence items/s CPU")
        print(f"baseline, plain appends without keys or merging: {args.rows / base_cpu:,.0f} rows/s CPU"
              f" ({args.rows / base:,.0f} wall); workspace/baseline CPU time {write_cpu / base_cpu:.2f}x")
        print(f"re-write of the last batch (everything merges): {args.batch / rewrite_cpu:,.0f} rows/s CPU,"
              f" new entries {stats.nodes_new + stats.edges_new + stats.records_new}")
        print(f"building the synthetic batches took {build:.1f} s wall; database {size / 2**20:,.0f} MiB;"
              f" peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
