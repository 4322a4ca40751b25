"""A load's memory is bounded by its chunk, not by its file (issue 12 item 18).

A CP932 contacts file of N and of 4N generated rows is loaded in chunks of 500 rows under
tracemalloc (Python's own allocations; SQLite's page cache is not counted). What a load keeps
between chunks (who is who, the first row of each contact_id, the ids the load created, the
normalisers' caches) lives on disk beyond the chunk, so:

- the memory held when each chunk is written stays flat through the 4N load, and is at the
  end no more than at the end of the N load plus chunk-to-chunk noise;
- the 4N load's peak is within half again of the N load's.

Before this was fixed (the resolver, the first rows and the created ids held in dictionaries
for the whole load, caches of 100k-260k names), the held memory grew from 3.2 to 7.5 MiB over
the 8,000-row load (4.2 MiB at the end of a 2,000-row one) and the peak was 1.7 times as high.
"""
from __future__ import annotations

import tracemalloc
from pathlib import Path

from graphkit.ingest import load_files
from graphkit.model import Batch
from graphkit.store.base import LoadStats
from graphkit.store.workspace import Workspace
from graphkit.workflows.generate import generate_contacts

CHUNK = 500
MIB = 2 ** 20


class MeasuredWorkspace(Workspace):
    """A workspace that notes the traced memory held each time a chunk is written."""

    held: list[int]

    def write(self, batch: Batch, load_id: str | None = None) -> LoadStats:
        self.held.append(tracemalloc.get_traced_memory()[0])
        return super().write(batch, load_id)


def cp932_contacts(folder: Path, rows: int) -> Path:
    utf8 = folder / f"contacts-{rows}.csv"
    generate_contacts(rows, seed=1, path=utf8)
    cp932 = folder / f"contacts-{rows}-cp932.csv"
    cp932.write_bytes(utf8.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    return cp932


def measured_load(folder: Path, path: Path) -> tuple[list[int], int]:
    """(memory held at each chunk's write, peak) of loading ``path`` into a new workspace."""
    with Workspace(folder / f"warm-{path.stem}") as warm:  # imports and first-use tables
        load_files([path], warm, encoding="cp932", chunk_size=CHUNK)
    with MeasuredWorkspace(folder / f"ws-{path.stem}") as store:
        store.held = []
        tracemalloc.start()
        try:
            report = load_files([path], store, encoding="cp932", chunk_size=CHUNK)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert report.total.rejected == 0 and report.total.loaded > 0
    return store.held, peak


def test_load_memory_is_bounded_by_the_chunk_not_the_file(tmp_path: Path):
    small_held, small_peak = measured_load(tmp_path, cp932_contacts(tmp_path, 2_000))
    big_held, big_peak = measured_load(tmp_path, cp932_contacts(tmp_path, 8_000))
    assert len(big_held) == 16 and len(small_held) == 4
    # flat through the big load: the last chunks hold about what the first did
    assert big_held[-1] - big_held[0] < 1 * MIB, [round(h / MIB, 2) for h in big_held]
    assert big_held[-1] - small_held[-1] < 1 * MIB, (big_held[-1] / MIB, small_held[-1] / MIB)
    assert big_peak < 1.5 * small_peak, (big_peak / MIB, small_peak / MIB)
