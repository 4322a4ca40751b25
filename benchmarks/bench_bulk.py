"""`graphkit push --bulk` phase by phase, beside a bare `neo4j-admin database import full` of
the same CSV files measured in the same run and the issue's reference (issue 16, section 1).

Needs the server scripts/neo4j manages (GRAPHKIT_NEO4J_HOME, NEO4J_BOLT_PORT as it was
started with; it EMPTIES that database):

    GRAPHKIT_NEO4J_HOME=/work/measure/bulk100k/neo4j NEO4J_BOLT_PORT=47687 scripts/neo4j start
    eval "$(GRAPHKIT_NEO4J_HOME=/work/measure/bulk100k/neo4j NEO4J_BOLT_PORT=47687 scripts/neo4j env)"
    GRAPHKIT_NEO4J_HOME=/work/measure/bulk100k/neo4j PYTHONPATH=. \\
        python3 benchmarks/bench_bulk.py --rows 100000 --workdir /work/measure/bulk100k [--object-peer]

A contacts file is generated once (graphkit.workflows.generate, seed 42) and loaded once into
a workspace in WORKDIR (reused by later runs). Then, each in its own child process (so its
peak memory is its own):

- ``csv files (objects)`` (with --object-peer): the CSV files written the way the bulk path
  wrote them before (every node, edge and evidence item as a Python object, the transactional
  path's rows: :func:`graphkit.store.neo4j_bulk.write_store_files`).
- ``csv files (SQL)``: the same files written from the workspace's tables
  (:func:`graphkit.store.neo4j_bulk.write_workspace_files`), checked to hold the same lines.
- ``neo4j-admin import (bare)``: the peer: the server stopped, ``neo4j-admin database import
  full`` alone on those files (the script's own command line), nothing else.
- ``push --bulk``: graphkit's whole bulk path (files, stop, import, start, constraints).

Printed: wall and CPU seconds per phase (CPU of graphkit's process; of neo4j-admin for the
import; of the server until it answers for the start; graphkit's plus the server's for the
constraints), peak memory, and the ratios to the bare import and to the issue's 21.7 s.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_SECONDS = 21.7
"""The issue's `neo4j-admin database import full` of 100k generated contacts (this machine)."""
TARGET_RATIO = 2.0


def server_script() -> Any:
    spec = importlib.util.spec_from_file_location("neo4j_server", ROOT / "scripts" / "neo4j_server.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM: since its exec; ``ru_maxrss`` would carry
    the parent's size at fork over the exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_write(workspace: str, folder: str, how: str) -> None:
    from graphkit.store.neo4j_bulk import write_store_files, write_workspace_files
    from graphkit.store.workspace import Workspace

    shutil.rmtree(folder, ignore_errors=True)
    started, cpu0 = time.perf_counter(), time.process_time()
    with Workspace(Path(workspace), create=False) as ws:
        files = (write_workspace_files if how == "sql" else write_store_files)(ws, Path(folder))
    print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu0,
                      "peak_mib": peak_mib(), "nodes": [str(p) for p in files.nodes],
                      "relationships": [str(p) for p in files.relationships],
                      "multiline": [str(p) for p in files.multiline], "rejects": len(files.rejects),
                      "counts": [files.stats.nodes_new, files.stats.edges_new, files.stats.records_new]}))


def child_push(workspace: str) -> None:
    from graphkit.store.neo4j import open_neo4j_store
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.sync import push_bulk

    started, cpu0 = time.perf_counter(), time.process_time()
    with Workspace(Path(workspace), create=False) as ws, open_neo4j_store() as target:
        result = push_bulk(ws, target, overwrite=True)
        counts = target.counts()
    print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu0,
                      "peak_mib": peak_mib(), "phases": result.phases, "phase_cpu": result.cpu,
                      "counts": [result.stats.nodes_new, result.stats.edges_new, result.stats.records_new],
                      "stored": sum(counts.values())}))


def run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def admin_peak(log: Path) -> str:
    for line in reversed(log.read_text(encoding="utf-8", errors="replace").splitlines()):
        if line.startswith("Peak memory usage"):
            return line.split(":", 1)[1].strip()
    return "?"


def row(name: str, wall: float, cpu: float, peak: str, peer: float | None) -> str:
    ratio = f"{wall / peer:6.2f}x" if peer else "   -   "
    ref = f"{wall / REFERENCE_SECONDS:6.2f}x"
    return f"{name:34s} {wall:8.1f} {cpu:8.1f} {peak:>12s} {ratio:>8s} {ref:>8s}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="generated contacts (100000)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "test-output" / "bench-bulk",
                        help="where the contacts file, the workspace and the CSV files go (kept between runs)")
    parser.add_argument("--object-peer", action="store_true",
                        help="also write the files the object way (the bulk path before; slow)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        {"write": child_write, "push": child_push}[mode](*rest)
        return
    if not os.environ.get("GRAPHKIT_NEO4J_HOME"):
        raise SystemExit("set GRAPHKIT_NEO4J_HOME to the home of the server scripts/neo4j manages")
    from graphkit.ingest import load_files
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.generate import generate_contacts

    server = server_script()
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    contacts = work / f"contacts-{args.rows}.csv"
    workspace = work / f"ws-{args.rows}"
    if not contacts.exists():
        generate_contacts(args.rows, seed=42, path=contacts)
    if not (workspace / "graph.sqlite").exists():
        started = time.perf_counter()
        with Workspace(workspace) as ws:
            load_files([contacts], ws)
        print(f"workspace loaded once in {time.perf_counter() - started:.1f} s: {workspace}")
    print(f"machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} (shared with other work)")
    print(f"{args.rows:,} generated contacts; reference: the issue's bare import {REFERENCE_SECONDS} s, "
          f"target within {TARGET_RATIO}x of it")
    print(f"{'step':34s} {'wall s':>8s} {'CPU s':>8s} {'peak mem':>12s} {'x bare':>8s} {'x 21.7s':>8s}")

    from graphkit.store.neo4j_bulk import import_lines

    home = Path(os.environ["GRAPHKIT_NEO4J_HOME"]).resolve()
    folder = home / "import" / "bench-bulk"
    objects = None
    if args.object_peer:
        objects = run_child("write", str(workspace), str(folder.with_name("bench-bulk-objects")), "objects")
    sql = run_child("write", str(workspace), str(folder), "sql")
    if objects is not None:
        same = (import_lines(sorted(folder.with_name("bench-bulk-objects").glob("*.csv")))
                == import_lines(sorted(folder.glob("*.csv"))))
        shutil.rmtree(folder.with_name("bench-bulk-objects"), ignore_errors=True)
        print(row("csv files (objects, before)", objects["seconds"], objects["cpu"], f"{objects['peak_mib']:.0f} MiB",
                  None))
        print(f"    the SQL files hold the same lines as the object files: {same}")

    # the peer: neo4j-admin alone on the same files, the server stopped
    os.environ.setdefault("NEO4J_BOLT_PORT", server._conf_values().get(
        "server.bolt.listen_address", ":7687").rpartition(":")[2])
    server.stop()
    manifest = {"database": os.environ.get("NEO4J_DATABASE", "neo4j"), "array_delimiter": "U+001F",
                "nodes": sql["nodes"], "relationships": sql["relationships"], "multiline": sql["multiline"]}
    done, bare_seconds, bare_cpu = server.admin_import(manifest)
    if done.returncode != 0:
        raise SystemExit("bare import failed:\n" + (done.stdout + done.stderr)[-3000:])
    bare_peak = admin_peak(home / "logs" / "import.log")
    shutil.rmtree(folder, ignore_errors=True)
    if server.start(keep_conf=True) != 0:
        raise SystemExit("the server did not start again after the bare import")

    bulk = run_child("push", str(workspace))
    phases, cpu = bulk["phases"], bulk["phase_cpu"]
    print(row("csv files (SQL, now)", sql["seconds"], sql["cpu"], f"{sql['peak_mib']:.0f} MiB", None))
    print(row("neo4j-admin import (bare, peer)", bare_seconds, bare_cpu, bare_peak, bare_seconds))
    for name in ("write files", "stop", "import", "start", "constraints"):
        print(row(f"  push --bulk: {name}", phases.get(name, 0.0), cpu.get(name, 0.0),
                  bare_peak if name == "import" else (f"{bulk['peak_mib']:.0f} MiB" if name == "write files" else ""),
                  None))
    total = sum(phases.values())
    print(row("push --bulk, end to end", bulk["seconds"], sum(cpu.values()), f"{bulk['peak_mib']:.0f} MiB",
              bare_seconds))
    print(f"nodes, edges, records written: {bulk['counts']} (files: {sql['counts']}); rejects {sql['rejects']}; "
          f"phases sum {total:.1f} s")
    print(f"push --bulk / bare import: {bulk['seconds'] / bare_seconds:.2f}x; "
          f"/ the issue's {REFERENCE_SECONDS} s: {bulk['seconds'] / REFERENCE_SECONDS:.2f}x "
          f"(target {TARGET_RATIO}x: {'met' if bulk['seconds'] <= TARGET_RATIO * REFERENCE_SECONDS else 'not met'})")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
