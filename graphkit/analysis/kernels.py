"""When graphkit's loop kernels run compiled (Numba) and when as plain Python.

The kernels (Brandes' accumulation, Burt's constraint, the brokerage chains) are written as
plain Python functions in their modules; :mod:`graphkit.analysis.compiled` compiles them with
Numba. Loading Numba and its cached machine code costs about a second, and compiling on the
first run after an install about 20 s: far more than the work on a small graph (the demo's 66
actors take milliseconds in Python). So a kernel runs as Python below :data:`SMALL_WORK`
elementary steps, compiled above; both run the same code in the same order, so the results
are the same. The first compile is announced on stderr, once.

>>> run("_holes", lambda *args: sum(args), 10, 1, 2)  # small: the Python function runs
3
"""
from __future__ import annotations

import functools
import sys
from types import ModuleType
from typing import Any, Callable

#: Steps (inner-loop iterations) below which a kernel runs as plain Python.
SMALL_WORK = 200_000

COMPILE_NOTICE = ("graphkit: compiling the analysis kernels once (about 20 s on a first run "
                  "after installing; later runs reuse them) ...")


def compiled_wanted(work: int) -> bool:
    """True when ``work`` steps are worth the compiled kernels (and the engine is on)."""
    from graphkit.analysis.engine import enabled

    return work > SMALL_WORK and enabled()


@functools.lru_cache(maxsize=1)
def compiled() -> ModuleType:
    """The compiled kernels (:mod:`graphkit.analysis.compiled`; imports Numba)."""
    from graphkit.analysis import compiled as module

    return module


_announced: list[bool] = []


def kernel(name: str) -> Any:
    """The compiled kernel ``name``; prints :data:`COMPILE_NOTICE` on stderr (once a process)
    when Numba's cache does not hold it yet (a first run, or a new ``NUMBA_CACHE_DIR``)."""
    dispatcher = getattr(compiled(), name)
    if not _announced and not _cached(dispatcher):
        _announced.append(True)
        print(COMPILE_NOTICE, file=sys.stderr, flush=True)
    return dispatcher


def _cached(dispatcher: Any) -> bool:
    """Whether Numba's cache index for ``dispatcher`` is present and current."""
    try:
        return bool(dispatcher._cache._cache_file._load_index())  # Numba's own staleness check
    except Exception:  # a Numba without this internal: say nothing rather than guess
        return True


def run(name: str, python: Callable[..., Any], work: int, *args: Any) -> Any:
    """Run kernel ``name`` on ``args``: compiled when ``work`` is large, else ``python``."""
    if compiled_wanted(work):
        return kernel(name)(*args)
    return python(*args)
