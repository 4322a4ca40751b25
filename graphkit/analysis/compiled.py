"""The Numba-compiled kernels (imported only when a graph is large enough to need them).

Each is the plain Python function of its module compiled with ``cache=True`` (machine code
kept beside the source, or in ``NUMBA_CACHE_DIR``); :mod:`graphkit.analysis.kernels` decides
when they run and announces the first compile.
"""
from __future__ import annotations

import numba
import numpy as np

from graphkit.analysis import brandes, brokerage, structural_holes

_accumulate = numba.njit(cache=True, nogil=True)(brandes._accumulate)
_holes = numba.njit(cache=True)(structural_holes._holes)
_closed_chains = numba.njit(cache=True)(brokerage._closed_chains)


@numba.njit(cache=True, parallel=True)
def _parallel(indptr, indices, sources, threads):  # pragma: no cover - compiled
    """Brandes' accumulation with the sources dealt round-robin to ``threads`` workers."""
    n = indptr.size - 1
    totals = np.zeros((threads, n))
    for t in numba.prange(threads):
        dist = np.full(n, -1, dtype=np.int32)
        sigma = np.zeros(n)
        coefficient = np.zeros(n)
        order = np.zeros(n, dtype=np.int32)
        successors = np.zeros(indices.size, dtype=np.int32)
        first = np.zeros(n + 1, dtype=np.int64)
        _accumulate(indptr, indices, sources[t::threads], totals[t], dist, sigma, coefficient, order,
                    successors, first)
    result = np.zeros(n)
    for t in range(threads):  # added in worker order: a run repeats exactly
        for v in range(n):
            result[v] += totals[t, v]
    return result


def threads_available() -> int:
    """Numba's thread count."""
    return int(numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]  # set at import


def version() -> str:
    return str(numba.__version__)

