"""Load generated contacts into Neo4j: rows/s and client peak memory, batched vs naive.

Run against a server started by the repository's script (it empties that database!):

    scripts/neo4j start && eval "$(scripts/neo4j env)"
    PYTHONPATH=. python benchmarks/bench_neo4j.py --rows 100000 1000000 --naive-rows 1000

For each size a contacts file is generated (graphkit.workflows.generate, fixed seed) and loaded by the
real loader (graphkit.ingest.load_files) into an emptied database through the batched
Neo4jStore (UNWIND ... MERGE, 10k rows per transaction). The baseline, measured in the same
run on the first ``--naive-rows`` rows of the smallest file, is the naive loader: one
transaction per source row, one MERGE statement per record, node and edge. Every load runs in
its own child process so its peak resident memory (ru_maxrss) is its own. Printed: contact
rows/s, graph writes/s (records + nodes + edges merged per second), peak client memory, and
the batched/naive ratio.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def wipe() -> None:
    from graphkit.store.neo4j import open_neo4j_store

    with open_neo4j_store() as store:
        with store.runner.driver.session(database=store.settings.database) as session:
            # relationships first: a DETACH DELETE of 10k nodes including hubs (a Case with
            # every PART_OF edge) can exceed the server's transaction memory pool
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


class NaiveStore:
    """The naive baseline: each batch (one source row) in one transaction, one statement per entity."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def write(self, batch: Any) -> Any:
        from graphkit.store.base import LoadStats
        from graphkit.store.cypher import query
        from graphkit.store.neo4j_rows import edge_row, node_row, prepare

        self.store.ensure_schema()
        prepared = prepare(batch)

        def work(tx: Any) -> None:
            for row in prepared.records:
                tx.run(query("merge_records").text, rows=[row]).consume()
            for kind, entries in prepared.nodes.items():
                for entry in entries:
                    tx.run(query("merge_nodes", label=kind).text,
                           rows=[node_row(entry, entry.properties, entry.aliases)]).consume()
            for relation, entries in prepared.edges.items():
                for entry in entries:
                    tx.run(query("merge_edges", rel_type=relation).text, rows=[edge_row(entry, entry.properties)]).consume()

        self.store.runner.transaction(work, "naive_write")
        return LoadStats(records_new=len(prepared.records))


def child(mode: str, path: str) -> None:
    """One measured load in this (fresh) process; prints a JSON line."""
    from graphkit.ingest import load_files
    from graphkit.schema import NODE_KINDS
    from graphkit.store.neo4j import open_neo4j_store

    with open_neo4j_store() as store:
        store.ensure_schema()
        target = NaiveStore(store) if mode == "naive" else store
        started = time.perf_counter()
        report = load_files([path], target, chunk_size=1 if mode == "naive" else 10_000)
        elapsed = time.perf_counter() - started
        counts = store.counts()
        records = store.record_count()
    print(json.dumps({
        "mode": mode, "rows": report.total.read, "loaded": report.total.loaded, "seconds": elapsed,
        "nodes": sum(v for k, v in counts.items() if k in NODE_KINDS),
        "edges": sum(v for k, v in counts.items() if k not in NODE_KINDS), "records": records,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def raw_unwind(n: int = 10_000) -> float:
    """The server's raw speed right now: rows/s of a bare UNWIND ... CREATE of small nodes."""
    from graphkit.store.neo4j import open_neo4j_store

    rows = [{"id": f"raw-{i}", "name": f"name {i}"} for i in range(n)]
    with open_neo4j_store() as store:
        driver, db = store.runner.driver, store.settings.database
        started = time.perf_counter()
        driver.execute_query("UNWIND $rows AS row CREATE (n:BenchRaw {id: row.id, name: row.name})",
                             rows=rows, database_=db)
        elapsed = time.perf_counter() - started
        driver.execute_query("MATCH (n:BenchRaw) DETACH DELETE n", database_=db)
    return n / elapsed


def run_child(mode: str, path: Path) -> dict[str, Any]:
    wipe()
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if done.returncode != 0:
        raise SystemExit(f"{mode} load failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--naive-rows", type=int, default=1_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "test-output" / "bench-neo4j")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from graphkit.workflows.generate import generate_contacts

    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
          f"Python {platform.python_version()}, server {os.environ.get('NEO4J_URI')}, load average "
          f"{os.getloadavg()[0]:.1f}")
    files = {}
    for n in sorted(args.rows):
        files[n] = args.workdir / f"contacts-{n}.csv"
        if not files[n].exists():
            generate_contacts(n, seed=42, path=files[n])
    naive_file = args.workdir / f"contacts-first-{args.naive_rows}.csv"
    with open(files[min(files)], encoding="utf-8") as src, open(naive_file, "w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i > args.naive_rows:
                break
            out.write(line)

    wipe()
    raw = raw_unwind()
    results = [run_child("naive", naive_file)]
    results += [run_child("batched", files[n]) for n in sorted(files)]
    naive = results[0]
    print(f"{'loader':8s} {'rows':>9s} {'seconds':>9s} {'rows/s':>9s} {'writes/s':>9s} {'nodes':>9s} "
          f"{'edges':>9s} {'peak MiB':>9s} {'x naive':>8s}")
    for r in results:
        rate = r["rows"] / r["seconds"]
        writes = r["nodes"] + r["edges"] + r["records"]
        print(f"{r['mode']:8s} {r['rows']:9d} {r['seconds']:9.1f} {rate:9.0f} {writes / r['seconds']:9.0f} "
              f"{r['nodes']:9d} {r['edges']:9d} {r['peak_mib']:9.0f} {rate / (naive['rows'] / naive['seconds']):8.1f}")
    print("rows/s: contact rows per second, end to end (read, normalise, resolve, write).")
    print("writes/s: records + nodes + edges in the database per second of load (a contact row makes ~6).")
    print(f"raw UNWIND ... CREATE of 10k small nodes on this server now: {raw:.0f} rows/s "
          "(the analogue of published per-writer figures).")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
