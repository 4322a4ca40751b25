"""Snapshot the batch report's outputs, to hold a change of how the report reads the store to
the same results (issue 16.2, branch reportagg).

    PYTHONPATH=/work/measure/base python3 benchmarks/report_outputs.py /tmp/before
    PYTHONPATH=. python3 benchmarks/report_outputs.py /tmp/after
    diff -r /tmp/before/outputs /tmp/after/outputs

Builds workspaces once under ``OUT/ws`` (the demo with two lists loaded, the demo again, the
Madrid train bombing edge list from ../shared/datasets, a generated 20,000-contact file) and
reports of them with several selections under ``OUT/outputs/<name>/``: every CSV as written,
the workbook's cells as JSON, ``manifest.json`` without ``created`` and ``report.html`` as
written. Which code builds them is what PYTHONPATH says.
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
if not DATASETS.is_dir():
    DATASETS = Path("/work/shared/datasets")

MADRID_MAPPING = 'layout = "contacts"\n[columns]\nfrom_name = "source"\nto_name = "target"\n'


def workspaces(root: Path) -> dict[str, Path]:
    from graphkit.ingest import load_files
    from graphkit.resources import demo_dir
    from graphkit.store.workspace import Workspace
    from graphkit.workflows.generate import generate_contacts
    from graphkit.workflows.lists import load_lists

    root.mkdir(parents=True, exist_ok=True)
    demo = [p for p in sorted(demo_dir().iterdir()) if p.suffix in (".csv", ".xlsx", ".jsonl")]
    made = {}
    made["demo"] = root / "demo"
    if not made["demo"].exists():
        with Workspace(made["demo"]) as ws:
            load_files(demo, ws)
            load_lists(ws, [DATASETS / "export_control_lists" / "us_dod_1260h_chinese_military_companies.csv",
                            DATASETS / "export_control_lists" / "us_ndaa_section_5949_semiconductors.csv"])
    made["madrid"] = root / "madrid"
    if not made["madrid"].exists():
        mapping = root / "madrid.toml"
        mapping.write_text(MADRID_MAPPING, encoding="utf-8")
        with Workspace(made["madrid"]) as ws:
            load_files([DATASETS / "madrid_train_bombing" / "madrid_train_bombing_edges.csv"], ws,
                       mapping=mapping)
    made["gen20k"] = root / "gen20k"
    if not made["gen20k"].exists():
        csv = root / "gen20k.csv"
        generate_contacts(20_000, seed=0, path=csv)
        with Workspace(made["gen20k"]) as ws:
            load_files([csv], ws, layout="contacts")
    return made


RUNS = {
    "demo": ("demo", {}),
    "demo-case": ("demo", {"case": "C-2024-03"}),
    "demo-window": ("demo", {"since": "2024-01", "until": "2024-06"}),
    "demo-ja": ("demo", {"lang": "ja", "k_paths": 2}),
    "madrid": ("madrid", {}),
    "gen20k": ("gen20k", {"max_case_charts": 5}),
    "gen20k-window": ("gen20k", {"since": "2023-03", "until": "2023-09", "max_case_charts": 3}),
}


def dump_xlsx(path: Path) -> dict[str, list[list[object]]]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book}


def snapshot(report: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for path in sorted(report.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(report)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.name == "manifest.json":
            manifest = json.loads(path.read_text(encoding="utf-8"))
            manifest.pop("created", None)
            target.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        elif path.suffix == ".xlsx":
            target.with_suffix(".xlsx.json").write_text(
                json.dumps(dump_xlsx(path), ensure_ascii=False, indent=0, default=str), encoding="utf-8")
        else:
            shutil.copyfile(path, target)


def main() -> None:
    from graphkit.reports import build_report
    from graphkit.store.workspace import Workspace

    root = Path(sys.argv[1])
    only = set(sys.argv[2:])
    made = workspaces(root / "ws")
    for name, (ws_name, options) in RUNS.items():
        if only and name not in only:
            continue
        target = root / "reports" / name
        start = time.process_time()
        with Workspace(made[ws_name], create=False) as ws:
            build_report(ws, target, seed=0, **options)
        print(f"{name}: {time.process_time() - start:.1f} CPU s", flush=True)
        snapshot(target, root / "outputs" / name)


if __name__ == "__main__":
    main()
