"""Benchmark: the broker ranking inside Neo4j (``--engine gds``), unweighted and ``--weighted``,
beside the local engine on the same database, with wall, client CPU and server CPU seconds.

Run against a server started by the repository's script (it EMPTIES that database unless
``--keep`` is given and the database already holds the graph):

    scripts/neo4j start && eval "$(scripts/neo4j env)"
    PYTHONPATH=. python3 benchmarks/bench_gds.py                 # 20k generated contacts
    PYTHONPATH=. python3 benchmarks/bench_gds.py --rows 5000 --keep
    PYTHONPATH=. python3 benchmarks/bench_gds.py --keep --gds-only   # a large database (push --bulk)

Measured in this run on one loaded database, each ranking once, in this order:

- ``gds``: :func:`graphkit.workflows.gds_brokers.gds_broker_table` (two projections and the
  algorithms on the server, the top 20 actors' neighbourhoods fetched);
- ``gds --weighted``: the same with graphkit's tie strength, which the projections read from
  every relationship's evidence JSON (the cost this benchmark is for);
- ``local`` and ``local --weighted``: the projection as arrays over Bolt
  (:func:`graphkit.projection.actor_arrays`) and :func:`graphkit.analysis.brokers.broker_table`:
  the peer, doing the whole ranking on the client.

Printed per row: wall seconds, client CPU, server CPU (the server process's utime + stime over
the ranking, from /proc), the client's peak resident memory so far, the ratio to the unweighted
run of the same engine, and whether the top broker and its betweenness agree with the local
engine's of the same weighting (with ``--gds-only`` the local rankings are not run, and the
last column says so).
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_neo4j import server_cpu, wipe  # noqa: E402  (the same server helpers as the load benchmark)


def measure(name: str, run: Callable[[], Any]) -> dict[str, Any]:
    server0, cpu0, started = server_cpu(), time.process_time(), time.perf_counter()
    table = run()
    return {"name": name, "seconds": time.perf_counter() - started, "client_cpu": time.process_time() - cpu0,
            "server_cpu": max(server_cpu() - server0, 0.0), "table": table,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="generated contacts to load")
    parser.add_argument("--keep", action="store_true", help="rank what the database holds (no wipe, no load)")
    parser.add_argument("--gds-only", action="store_true", help="leave out the local rankings (a large database)")
    args = parser.parse_args()

    from graphkit.analysis.brokers import broker_table
    from graphkit.ingest import load_files
    from graphkit.projection import actor_arrays
    from graphkit.store.neo4j import open_neo4j_store
    from graphkit.workflows.gds_brokers import gds_broker_table
    from graphkit.workflows.generate import generate_contacts

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}")
    if not args.keep:
        wipe()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "contacts.csv"
            generate_contacts(args.rows, seed=0, path=path)
            started = time.perf_counter()
            with open_neo4j_store() as store:
                load_files([path], store, layout="contacts")
            print(f"loaded {args.rows:,} contacts into Neo4j in {time.perf_counter() - started:.1f} s wall")
    with open_neo4j_store() as store:
        runs = [
            measure("gds", lambda: gds_broker_table(store, top=20)),
            measure("gds --weighted", lambda: gds_broker_table(store, top=20, weighted=True)),
        ]
        if not args.gds_only:
            runs += [
                measure("local", lambda: broker_table(actor_arrays(store), top_reasons=20)),
                measure("local --weighted", lambda: broker_table(actor_arrays(store), top_reasons=20,
                                                                 weight="contacts")),
            ]
    by_name = {r["name"]: r for r in runs}
    print(f"{'ranking':<18} {'wall s':>8} {'client CPU s':>13} {'server CPU s':>13} {'client peak MiB':>16} "
          f"{'x unweighted (wall)':>20}  top broker (betweenness), as local")
    for r in runs:
        plain = by_name[r["name"].replace(" --weighted", "")]
        top = r["table"].iloc[0]
        same = "not run"
        if not args.gds_only:
            reference = by_name["local --weighted" if "--weighted" in r["name"] else "local"]["table"].iloc[0]
            agree = top["id"] == reference["id"] and abs(top["betweenness"] - reference["betweenness"]) <= 1e-9
            same = "yes" if agree else "NO"
        print(f"{r['name']:<18} {r['seconds']:>8.1f} {r['client_cpu']:>13.1f} {r['server_cpu']:>13.1f} "
              f"{r['peak_mib']:>16.0f} {r['seconds'] / plain['seconds']:>20.2f}  {top['name']} "
              f"({top['betweenness']:.6f}), {same}")


if __name__ == "__main__":
    main()
