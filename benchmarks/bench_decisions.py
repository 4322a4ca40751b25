"""`graphkit duplicates`, a merge and its undo on a generated workspace (issue 13.2).

Generates a contacts file (graphkit.workflows.generate), loads it into a fresh workspace and
measures, each in CPU seconds beside a plain peer measured in the same run:

- ``duplicates`` over every actor and technology node, against a plain read of the same nodes
  (``iter_nodes``, the floor any candidate generation pays);
- merging the two busiest persons and undoing it, against ``export edges`` (a full read of the
  actor graph), with the check that the export after the undo is byte-identical.

Peak RSS of the process is printed at the end. The machine is shared (7 helpers on 2 cores):
wall times are pessimistic, CPU seconds are the figure to read.

    python3 benchmarks/bench_decisions.py            # 20,000 contacts
    python3 benchmarks/bench_decisions.py 100000
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    """(CPU seconds of this process, result) of ``work()``."""
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def main(rows: int) -> None:
    from graphkit import schema
    from graphkit.ingest import load_files
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.decisions import duplicates
    from graphkit.workflows.generate import generate_contacts
    from graphkit.workflows.inspect import export

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate_contacts(rows, seed=1, bad_rows=0, path=folder / "contacts.csv")
        with Workspace(folder / "ws") as ws:
            load_files([folder / "contacts.csv"], ws)
            names = sum(1 for _ in ws.iter_names(schema.PROJECTED_KINDS))
            peer_s, _ = cpu(lambda: [n for k in schema.PROJECTED_KINDS for n in ws.iter_nodes([k])])
            dup_s, found = cpu(lambda: duplicates(ws))
            print(f"contacts {rows:,}, names {names:,}, candidate pairs {len(found.pairs):,}")
            print(f"duplicates: {dup_s:.2f} s CPU; plain node read {peer_s:.2f} s CPU; "
                  f"ratio {dup_s / max(peer_s, 1e-9):.1f}x")
            persons = sorted(ws.iter_nodes(["Person"]), key=lambda n: -len(n.evidence))
            kept, dropped = persons[0], persons[1]

            def read_edges() -> bytes:
                out = folder / "edges.csv"
                export(ws, "edges", output=out, relations=schema.RELATION_KINDS)
                return out.read_bytes()

            export_s, before = cpu(read_edges)
            merge_s, _ = cpu(lambda: ws.merge_nodes(kept.id, dropped.id, "bench"))
            undo_s, _ = cpu(lambda: ws.undo_merges("bench"))
            same = read_edges() == before
            print(f"merge of the two busiest persons ({len(kept.evidence):,} and {len(dropped.evidence):,} "
                  f"records): {merge_s:.2f} s CPU, undo {undo_s:.2f} s CPU; export edges {export_s:.2f} s CPU; "
                  f"merge/export {merge_s / max(export_s, 1e-9):.2f}x, undo/export {undo_s / max(export_s, 1e-9):.2f}x; "
                  f"export identical after undo: {same}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
