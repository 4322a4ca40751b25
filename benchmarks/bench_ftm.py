"""Benchmark: FollowTheMoney in and out, beside plain peers measured in the same run.

- ``load``: ``graphkit load`` of the three OpenSanctions fixtures (573 entities) into a fresh
  workspace, against the peer of reading the same lines with ``json.loads`` and building the
  official library's entity proxies (``followthemoney.model.get_proxy``): what any FtM
  consumer pays before it stores anything.
- ``export``: ``graphkit export ftm --redact default`` of the demo case set (1,374 entities),
  against the peer of writing the same entities as JSON lines (``json.dumps``).

CPU seconds (this process, user + system) and the peak memory of the process are printed
beside wall times; the machine is shared, so wall times are pessimistic.

Usage: PYTHONPATH=. python benchmarks/bench_ftm.py
"""
from __future__ import annotations

import json
import os
import resource
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "opensanctions_ftm_fixtures"
FILES = ["zala_aero_cluster.entities.ftm.json", "eu_fsf_sample.entities.ftm.json",
         "de_parteispenden.entities.ftm.json"]


def timed(run):  # type: ignore[no-untyped-def]
    """(result, wall seconds, cpu seconds) of ``run()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    from followthemoney import model

    from graphkit.ingest import load_files
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.demo import demo_files
    from graphkit.workflows.ftm_export import export_ftm
    from graphkit.workflows.redaction import load_policy

    paths = [FIXTURES / f for f in FILES]
    tmp = Path(tempfile.mkdtemp())

    def peer_read() -> int:
        return sum(1 for p in paths for line in p.read_text(encoding="utf-8").splitlines()
                   if model.get_proxy(json.loads(line)))

    def graphkit_load() -> int:
        with Workspace(tmp / "ws") as store:
            return load_files(paths, store).total.read

    peer_n, peer_wall, peer_cpu = timed(peer_read)
    n, wall, cpu = timed(graphkit_load)
    assert n == peer_n
    print(f"load {n} FtM entities: graphkit {wall:.3f} s wall, {cpu:.3f} s CPU; peer (json + "
          f"followthemoney proxies) {peer_wall:.3f} s wall, {peer_cpu:.3f} s CPU; ratio (CPU) {cpu / peer_cpu:.1f}x")

    os.environ.setdefault("GRAPHKIT_PSEUDONYM_KEY", "benchmark-key")
    demo = Workspace(tmp / "demo")
    load_files(demo_files(), demo)
    package, wall, cpu = timed(lambda: export_ftm(demo, tmp / "pkg", policy=load_policy("default")))
    entities = package.entities
    _, peer_wall, peer_cpu = timed(lambda: (tmp / "peer.json").write_text(
        "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entities), encoding="utf-8"))
    print(f"export {len(entities)} FtM entities (redacted): graphkit {wall:.3f} s wall, {cpu:.3f} s CPU; "
          f"peer (json.dumps of the same entities) {peer_wall:.3f} s wall, {peer_cpu:.3f} s CPU; "
          f"ratio (CPU) {cpu / max(peer_cpu, 1e-9):.1f}x")
    demo.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak:.0f} MiB")


if __name__ == "__main__":
    main()
