"""Benchmark: the workspace reads the report makes outside its kernels, each beside the plain
join it replaced (measured in the same run, on the same file), with CPU time and peak memory.

    PYTHONPATH=. python3 benchmarks/bench_store_reads.py /work/measure/r1m/workspace

Each pair runs the current ``Workspace`` method and the earlier SQL (kept here as the peer;
no longer in graphkit) and checks that both give the same rows:

- the snapshot's edges: sorted after a scan (``ORDER BY +id``) against read through the
  unique index on ``id`` (a random row look-up per index entry);
- ``evidence_records`` of every case (the report's approach dates): the wanted edges found
  first (materialised) against each evidence row probing the edges' index;
- ``get_nodes`` of 25 actors, and the evidence query ``iter_nodes`` of the projected kinds makes
  (timed alone: the method also builds every node): the nodes' evidence matched by the selected
  ids against joining ``nodes`` for every evidence row.

The workspace is opened read-only; nothing is written.
"""
from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable

from graphkit import schema
from graphkit.store.workspace import _KEPT_DATE, DB_FILE, Workspace

OLD_EVIDENCE_RECORDS = (
    "SELECT v.record_id, min(v.case_id), min(v.date), min(v.channel) "
    "FROM edges e JOIN edge_evidence v ON v.edge_id = e.id "
    "JOIN nodes a ON a.id = e.source JOIN nodes b ON b.id = e.target "
    "WHERE e.relation IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR v.case_id = ?2) "
    f"AND {_KEPT_DATE} AND a.kind IN (SELECT value FROM json_each(?6)) "
    "AND b.kind IN (SELECT value FROM json_each(?6)) GROUP BY v.record_id ORDER BY v.record_id")
OLD_NODE_EVIDENCE = ("SELECT e.node_id, e.record_id FROM node_evidence e JOIN nodes n ON n.id = e.node_id{where} "
                     "ORDER BY e.node_id")
NEW_NODE_EVIDENCE = ("SELECT e.node_id, e.record_id FROM node_evidence e WHERE e.node_id IN (SELECT n.id FROM nodes n{where}) "
                     "ORDER BY e.node_id")  # Workspace._node_rows' evidence query, timed alone
SNAPSHOT_EDGES = "SELECT json_array(id, source, target, relation, properties) FROM edges ORDER BY {order}"


def timed(run: Callable[[], Any]) -> tuple[Any, float]:
    started = time.process_time()
    out = run()
    return out, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--rounds", type=int, default=1, help="run each pair this many times, alternating")
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.workspace / DB_FILE}?mode=ro", uri=True)
    kinds = json.dumps(list(schema.PROJECTED_KINDS))
    by_kind = " WHERE n.kind IN (SELECT value FROM json_each(?))"
    by_id = " WHERE n.id IN (SELECT value FROM json_each(?))"
    with Workspace(args.workspace, create=False) as ws:
        actors = [r[0] for r in conn.execute(
            "SELECT id FROM nodes WHERE kind = 'Person' ORDER BY id LIMIT 25 OFFSET 5000")]

        def evidence_of(nodes: dict[str, Any]) -> list[tuple[str, str]]:
            return sorted((n, r) for n, node in nodes.items() for r in node.evidence)

        pairs: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
            ("snapshot lines of the edges",
             lambda: conn.execute(SNAPSHOT_EDGES.format(order="+id")).fetchall(),
             lambda: conn.execute(SNAPSHOT_EDGES.format(order="id")).fetchall()),
            ("approach records of every case (evidence_records)",
             lambda: ws.evidence_records(("CONTACTED",), schema.PROJECTED_KINDS),
             lambda: [tuple(r) for r in conn.execute(
                 OLD_EVIDENCE_RECORDS, (json.dumps(["CONTACTED"]), None, None, None, 0, kinds))]),
            ("evidence of 25 actors (get_nodes)",
             lambda: evidence_of(ws.get_nodes(actors)),
             lambda: sorted(conn.execute(OLD_NODE_EVIDENCE.format(where=by_id), (json.dumps(actors),)))),
            ("evidence of every projected node (iter_nodes' query)",
             lambda: sorted(conn.execute(NEW_NODE_EVIDENCE.format(where=by_kind), (kinds,))),
             lambda: sorted(conn.execute(OLD_NODE_EVIDENCE.format(where=by_kind), (kinds,)))),
        ]
        print(f"workspace: {args.workspace} ({(args.workspace / DB_FILE).stat().st_size / 2**30:.2f} GiB)")
        print(f"{'read':58} {'graphkit CPU s':>15} {'earlier join CPU s':>19} {'ratio':>7}  same rows")
        for name, new, old in pairs:
            for _ in range(args.rounds):
                got, new_s = timed(new)
                expected, old_s = timed(old)
                print(f"{name:58} {new_s:15.1f} {old_s:19.1f} {new_s / old_s if old_s else 0:6.2f}x  "
                      f"{got == expected}", flush=True)
                del got, expected
    print(f"peak memory (ru_maxrss): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
