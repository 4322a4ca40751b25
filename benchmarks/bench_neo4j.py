"""Load generated contacts into Neo4j: graphkit's transactional load and its bulk path, each
beside a plain peer measured in the same run, with client CPU, server CPU and peak memory.

Run against a server started by the repository's script (it EMPTIES that database!):

    scripts/neo4j start && eval "$(scripts/neo4j env)"
    PYTHONPATH=. python3 benchmarks/bench_neo4j.py                 # 10k contacts (default)
    PYTHONPATH=. python3 benchmarks/bench_neo4j.py --rows 20000
    PYTHONPATH=. python3 benchmarks/bench_neo4j.py --large         # 100k contacts (long)
    PYTHONPATH=. python3 benchmarks/bench_neo4j.py --no-bulk       # skip the bulk path (no restart)

For each size a contacts file is generated (graphkit.workflows.generate, fixed seed). Measured,
each in its own child process (so its peak resident memory is its own), on an emptied database:

- ``graphkit``: the real loader (graphkit.ingest.load_files) into the batched Neo4jStore, CSV to
  graph, end to end (read, normalise, resolve identities, write).
- ``bare MERGE``: the peer: the same records, nodes and relationships (read back from a
  workspace load of the same file, turned into the same parameter rows before the clock starts)
  written by bare batched ``UNWIND $rows MERGE ... SET x += row.props``, 10k rows per
  transaction: what the server does for the same graph with no merge rules and no loader.
- ``push --bulk``: graphkit's bulk path from that workspace (CSV files, stop, ``neo4j-admin
  database import full``, start, constraints), beside the transactional ``push`` of the same
  workspace; its phases are printed (needs the server scripts/neo4j manages: GRAPHKIT_NEO4J_HOME).

Printed per row: wall seconds, client CPU seconds, server CPU seconds (the Neo4j process's
utime + stime over the run, read from /proc), client peak RSS, and the ratio to its peer.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BATCH = 10_000


def wipe() -> None:
    from graphkit.store.neo4j import open_neo4j_store

    with open_neo4j_store() as store:
        with store.runner.driver.session(database=store.settings.database) as session:
            # relationships first: a DETACH DELETE of 10k nodes including hubs (a Case with
            # every PART_OF edge) can exceed the server's transaction memory pool
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        store.ensure_schema()


def server_pid() -> int | None:
    """The pid of the Neo4j server (the one scripts/neo4j manages, else any Neo4j java process)."""
    home = Path(os.environ.get("GRAPHKIT_NEO4J_HOME", ROOT / ".neo4j"))
    try:
        return int((home / "run" / "graphkit-neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def server_cpu() -> float:
    """CPU seconds (user + system) the server process has used so far; 0 when unknown."""
    pid = server_pid()
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _finish(mode: str, rows: int, started: float, cpu0: float, extra: dict[str, Any] | None = None) -> None:
    print(json.dumps({"mode": mode, "rows": rows, "seconds": time.perf_counter() - started,
                      "client_cpu": time.process_time() - cpu0,
                      "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **(extra or {})}))


def graph_counts() -> dict[str, int]:
    from graphkit.schema import NODE_KINDS
    from graphkit.store.neo4j import open_neo4j_store

    with open_neo4j_store() as store:
        counts = store.counts()
        return {"nodes": sum(v for k, v in counts.items() if k in NODE_KINDS),
                "edges": sum(v for k, v in counts.items() if k not in NODE_KINDS),
                "records": store.record_count()}


def child_graphkit(path: str) -> None:
    """graphkit's transactional load, CSV to Neo4j."""
    from graphkit.ingest import load_files
    from graphkit.store.neo4j import open_neo4j_store

    started, cpu0 = time.perf_counter(), time.process_time()
    with open_neo4j_store() as store:
        report = load_files([path], store, chunk_size=BATCH)
    _finish("graphkit", report.total.read, started, cpu0)


def peer_rows(workspace: str) -> tuple[list[Any], list[tuple[str, list[Any]]], list[tuple[str, list[Any]]]]:
    """The records, nodes and relationships of ``workspace`` as graphkit's own parameter rows."""
    from graphkit.model import Batch
    from graphkit.store.neo4j_rows import edge_row, node_row, prepare
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.sync import records_with_locations

    with Workspace(Path(workspace)) as ws:
        nodes, edges = list(ws.iter_nodes()), list(ws.iter_edges())
        records = records_with_locations(ws, {r for n in nodes for r in n.evidence}
                                         | {e.record_id for edge in edges for e in edge.evidence})
    prepared = prepare(Batch(records=records, nodes=nodes, edges=edges))
    node_rows = [(kind, [node_row(e, e.properties, e.aliases) for e in entries])
                 for kind, entries in prepared.nodes.items()]
    edge_rows = [(rel, [edge_row(e, e.properties) for e in entries]) for rel, entries in prepared.edges.items()]
    return prepared.records, node_rows, edge_rows


def child_peer(workspace: str) -> None:
    """The peer: bare batched UNWIND ... MERGE of the same rows, 10k rows per transaction."""
    from graphkit.store.neo4j import open_neo4j_store

    records, node_rows, edge_rows = peer_rows(workspace)
    with open_neo4j_store() as store:
        driver, db = store.runner.driver, store.settings.database

        def write(text: str, rows: list[Any]) -> None:
            for start in range(0, len(rows), BATCH):
                driver.execute_query(text, rows=rows[start:start + BATCH], database_=db)

        started, cpu0 = time.perf_counter(), time.process_time()
        write("UNWIND $rows AS row MERGE (r:Record {record_id: row.record_id}) "
              "SET r.layout = row.layout, r.file = row.file, r.row = row.row, r.source_id = row.source_id, "
              "r.case_id = row.case_id, r.raw = row.raw, r.locations = row.locations", records)
        for kind, rows in node_rows:
            write(f"UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) SET n:{kind}, n.kind = row.kind, "
                  "n.name = row.name, n += row.props, n.property_keys = row.keys, n.aliases = row.aliases, "
                  "n.evidence = row.evidence", rows)
        for relation, rows in edge_rows:
            write(f"UNWIND $rows AS row MATCH (a:Entity {{id: row.source}}) MATCH (b:Entity {{id: row.target}}) "
                  f"MERGE (a)-[r:{relation} {{id: row.id}}]->(b) SET r += row.props, r.property_keys = row.keys, "
                  "r.evidence_ids = row.ev_ids, r.evidence = row.ev, r.cases = row.cases, r.dates = row.dates", rows)
        _finish("bare MERGE", len(records), started, cpu0)


def child_push(workspace: str, bulk: str) -> None:
    """graphkit push (transactional) or push --bulk of a workspace."""
    from graphkit.store.neo4j import open_neo4j_store
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.sync import push, push_bulk

    started, cpu0 = time.perf_counter(), time.process_time()
    with Workspace(Path(workspace)) as ws, open_neo4j_store() as target:
        if bulk == "bulk":
            result = push_bulk(ws, target, overwrite=True)
            extra = {"phases": result.phases}
            stats = result.stats
        else:
            stats, extra = push(ws, target), {}
    _finish("push --bulk" if bulk == "bulk" else "push", stats.records_new + stats.records_merged,
            started, cpu0, extra)


def run_child(*args: str) -> dict[str, Any]:
    server0 = server_cpu()
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["server_cpu"] = max(server_cpu() - server0, 0.0)  # the bulk path restarts it: import CPU not counted
    result.update(graph_counts())
    return result


def line(r: dict[str, Any], peer: dict[str, Any] | None) -> str:
    ratio = f"{r['seconds'] / peer['seconds']:6.2f}x" if peer else "  peer "
    return (f"{r['mode']:12s} {r['size']:8d} {r['seconds']:8.1f} {r['client_cpu']:8.1f} {r['server_cpu']:8.1f} "
            f"{r['peak_mib']:8.0f} {r['nodes']:8d} {r['edges']:8d} {r['records']:8d} {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000], help="contact rows per file (10000)")
    parser.add_argument("--large", action="store_true", help="also 100,000 contacts (long on a small machine)")
    parser.add_argument("--no-bulk", action="store_true", help="skip push and push --bulk")
    parser.add_argument("--workdir", type=Path, default=ROOT / "test-output" / "bench-neo4j")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        {"graphkit": child_graphkit, "peer": child_peer, "push": child_push}[mode](*rest)
        return
    from graphkit.ingest import load_files
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.generate import generate_contacts

    sizes = sorted(set(args.rows + ([100_000] if args.large else [])))
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
          f"Python {platform.python_version()}, server {os.environ.get('NEO4J_URI')}, load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'loader':12s} {'contacts':>8s} {'wall s':>8s} {'client':>8s} {'server':>8s} {'peak MiB':>8s} "
          f"{'nodes':>8s} {'edges':>8s} {'records':>8s} {'x peer':>7s}")
    for n in sizes:
        path = args.workdir / f"contacts-{n}.csv"
        if not path.exists():
            generate_contacts(n, seed=42, path=path)
        with tempfile.TemporaryDirectory(prefix="bench-neo4j-ws-") as tmp:
            workspace = Path(tmp) / "ws"
            with Workspace(workspace) as ws:
                load_files([path], ws)
            wipe()
            peer = run_child("peer", str(workspace)) | {"size": n}
            wipe()
            ours = run_child("graphkit", str(path)) | {"size": n}
            print(line(peer, None))
            print(line(ours, peer), flush=True)
            if args.no_bulk:
                continue
            wipe()
            pushed = run_child("push", str(workspace), "tx") | {"size": n}
            bulk = run_child("push", str(workspace), "bulk") | {"size": n}
            print(line(pushed, None))
            print(line(bulk, pushed))
            print("    bulk phases (s): " + ", ".join(f"{k} {v:.1f}" for k, v in bulk["phases"].items()), flush=True)
    print("client/server: CPU seconds of the loading process and of the Neo4j server over the run "
          "(the bulk path's import runs in neo4j-admin, a third process: see its phases).")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
