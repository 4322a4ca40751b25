"""Benchmark: a full report over generated contacts (graphkit.workflows.generate), time and peak memory
per stage.

    PYTHONPATH=. python benchmarks/bench_report.py --contacts 100000 --workdir /tmp/bench-100k
    PYTHONPATH=. python benchmarks/bench_report.py --contacts 1000000 --workdir /tmp/bench-1m --stages load
    PYTHONPATH=. python benchmarks/bench_report.py --contacts 1000000 --workdir /tmp/bench-1m --stages report

Stages: ``generate`` (write the contacts CSV), ``load`` (graphkit.ingest.load_files into a
workspace), ``report`` (graphkit.reports.build_report, timed per internal stage: reading the
graph, the snapshot hash, ranking brokers, per case, paths, charts and files). A stage whose
output already exists in --workdir is reused when it is not named in --stages.

Peak memory is the process's resident set size, sampled every 20 ms by a thread (psutil), as
the maximum seen during each stage, and the process's lifetime peak (ru_maxrss) at the end;
CPU seconds are the process's (all threads). ``--compare OTHER.csv`` (the stage table an
earlier run printed, e.g. of the code before a change, run with PYTHONPATH at that code)
prints each stage's CPU seconds and peak memory beside it, as ratios (before / now). The
report's stages together are printed beside the issue's targets (``--target-seconds 90``,
``--target-mib 2048``), as ratios.
Baseline in the same run: the same report's betweenness computed with plain networkx
(sampled, same number of sources) on the collapsed graph, for the ratio (--baseline).
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import threading
import time
from pathlib import Path

import psutil



class Meter:
    """Wall time and peak RSS per named stage."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.rows: list[tuple[str, float, float, float]] = []
        self._cpu = 0.0
        self._name: str | None = None
        self._start = 0.0
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self._peak = max(self._peak, self.process.memory_info().rss)
            time.sleep(0.02)

    def stage(self, name: str | None) -> None:
        now = time.perf_counter()
        if self._name is not None:
            self._peak = max(self._peak, self.process.memory_info().rss)
            cpu = time.process_time() - self._cpu
            self.rows.append((self._name, now - self._start, cpu, self._peak / 2**20))
            # the process's peak so far (ru_maxrss) beside the sampled one: a spike shorter
            # than the sampling, or inside a C call holding the GIL, shows only there
            so_far = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
            print(f"  {self._name:<34} {now - self._start:7.1f} s wall {cpu:7.1f} CPU s   peak RSS "
                  f"{self._peak / 2**20:7.0f} MiB   (process peak so far {so_far:.0f} MiB)", flush=True)
        self._name, self._start, self._cpu = name, now, time.process_time()
        self._peak = self.process.memory_info().rss

    def close(self) -> None:
        self.stage(None)
        self._stop.set()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--stages", default="generate,load,report",
                        help="comma-separated: generate, load, report")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-case-charts", type=int, default=20)
    parser.add_argument("--compare", type=Path, default=None,
                        help="a stage CSV of an earlier run (stage,seconds,cpu_s,peak_rss_mib): print ratios")
    parser.add_argument("--csv", type=Path, default=None, help="also write this run's stage table here")
    parser.add_argument("--target-seconds", type=float, default=90.0,
                        help="the report's time target (issue 16: 90 s for 1M contacts)")
    parser.add_argument("--target-mib", type=float, default=2048.0,
                        help="the report's peak memory target (issue 16: 2 GB for 1M contacts)")
    parser.add_argument("--baseline", action="store_true",
                        help="also time plain networkx betweenness (sampled) on the same graph")
    args = parser.parse_args()
    stages = set(args.stages.split(","))
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    csv = work / "contacts.csv"
    ws_dir = work / "workspace"
    print(f"graphkit report benchmark: {args.contacts:,} generated contacts")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}")
    meter = Meter()

    if "generate" in stages or not csv.exists():
        from graphkit.workflows.generate import generate_contacts

        meter.stage("generate contacts CSV")
        generate_contacts(args.contacts, seed=args.seed, path=csv)
    if "load" in stages or not ws_dir.exists():
        from graphkit.ingest import load_files
        from graphkit.store.workspace import Workspace

        shutil.rmtree(ws_dir, ignore_errors=True)
        meter.stage("load into workspace")
        with Workspace(ws_dir) as ws:
            report = load_files([csv], ws, layout="contacts")
        print(f"  loaded {report.total.loaded:,} rows, rejected {report.total.rejected:,}")
    if "report" in stages:
        from graphkit.reports import build_report
        from graphkit.store.workspace import Workspace

        out = work / "report"
        with Workspace(ws_dir, create=False) as ws:
            result = build_report(ws, out, seed=args.seed, max_case_charts=args.max_case_charts,
                                  on_stage=lambda name: meter.stage(f"report: {name}"))
        meter.stage(None)
        graph = result.manifest["input"]["graph"]
        print(f"  graph: {graph['nodes']:,} nodes, {graph['edges']:,} edges; "
              f"{len(result.case_brokers)} cases; betweenness "
              f"{result.manifest['algorithms']['brokers'].get('betweenness', {}).get('method')}")
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"  report: {len(result.files)} files, {size / 2**20:.1f} MiB")
        if args.baseline:
            baseline(result, args.seed, meter)
    meter.close()
    print(f"lifetime peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:.0f} MiB")
    table = "stage,seconds,cpu_s,peak_rss_mib\n" + "".join(
        f"{name},{seconds:.1f},{cpu:.1f},{peak:.0f}\n" for name, seconds, cpu, peak in meter.rows)
    print("\n" + table, end="")
    if args.csv is not None:
        args.csv.write_text(table, encoding="utf-8")
    targets(meter.rows, args.target_seconds, args.target_mib)
    if args.compare is not None:
        compare(args.compare, meter.rows)


def targets(rows: list[tuple[str, float, float, float]], seconds: float, mib: float) -> None:
    """The report's stages together beside the time and memory targets, as ratios."""
    report = [r for r in rows if r[0].startswith("report")]
    if not report:
        return
    wall, cpu = sum(r[1] for r in report), sum(r[2] for r in report)
    peak = max(r[3] for r in report)
    print(f"\nreport, all stages: {wall:.1f} s wall ({wall / seconds:.2f}x the {seconds:.0f} s target), "
          f"{cpu:.1f} CPU s ({cpu / seconds:.2f}x), peak RSS {peak:.0f} MiB ({peak / mib:.2f}x the "
          f"{mib:.0f} MiB target)")


def compare(path: Path, rows: list[tuple[str, float, float, float]]) -> None:
    """Each stage's CPU seconds and peak memory beside an earlier run's, as ratios."""
    # a stage name may hold a comma ("writing charts, tables and page"): the three figures are
    # the last three fields (a csv reader cut that stage's name and left it out)
    before = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            name, seconds, cpu, peak = line.rsplit(",", 3)
            before[name] = {"seconds": seconds, "cpu_s": cpu, "peak_rss_mib": peak}
    print(f"\n{'stage':<40} {'CPU s before':>12} {'now':>7} {'ratio':>6}   {'peak MiB before':>15} {'now':>6} {'ratio':>6}")
    totals = [0.0, 0.0]
    for name, _, cpu, peak in rows:
        if name not in before or not name.startswith("report"):
            continue
        old_cpu, old_peak = float(before[name]["cpu_s"]), float(before[name]["peak_rss_mib"])
        totals[0] += old_cpu
        totals[1] += cpu
        print(f"{name:<40} {old_cpu:12.1f} {cpu:7.1f} {old_cpu / max(cpu, 0.01):5.1f}x   {old_peak:15.0f} "
              f"{peak:6.0f} {old_peak / max(peak, 1):5.1f}x")
    if totals[1]:
        print(f"{'report, all stages':<40} {totals[0]:12.1f} {totals[1]:7.1f} {totals[0] / totals[1]:5.1f}x")


def baseline(result, seed: int, meter: Meter) -> None:
    """Plain networkx sampled betweenness on the same graph, for the ratio."""
    import networkx as nx

    from graphkit.projection import simple_graph
    from graphkit.reports.ranking import _betweenness

    from graphkit.projection import actor_graph
    from graphkit.store.workspace import Workspace

    with Workspace(result.out_dir.parent / "workspace", create=False) as ws:
        simple = simple_graph(actor_graph(ws))
    n = simple.number_of_nodes()
    samples = min(1024, n)
    t0 = time.perf_counter()
    _betweenness(simple, seed)
    ours = time.perf_counter() - t0
    budget = min(samples, 64)  # networkx is too slow for 1,024 sources at this size: time 64, scale
    t0 = time.perf_counter()
    nx.betweenness_centrality(simple, k=budget, seed=seed)
    theirs = (time.perf_counter() - t0) * samples / budget
    print(f"  betweenness, {samples} sources: graphkit engine {ours:.1f} s, plain networkx "
          f"{theirs:.0f} s (measured on {budget} sources, scaled): {theirs / ours:.0f}x")


if __name__ == "__main__":
    main()
