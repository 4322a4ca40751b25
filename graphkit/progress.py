"""Progress of a command made of steps, shown on stderr only when it runs long.

A quick run prints nothing; past :data:`DELAY_S` seconds a bar appears with the step under
way, the steps done out of all, elapsed and remaining time, and its last line stays.

>>> with steps(["read", "rank"], "brokers", enabled=False) as step:
...     step("read"); step("rank")
"""
from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator, Sequence

#: Seconds a command runs before its bar appears.
DELAY_S = 2.0


@contextlib.contextmanager
def steps(names: Sequence[str], desc: str, *, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A bar over ``names``; call the yielded function with each step's name as it starts."""
    if not enabled:
        yield lambda name: None
        return
    from tqdm import tqdm

    bar = tqdm(total=len(names), desc=desc, unit="step", delay=DELAY_S, leave=True, file=sys.stderr,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} steps "
                          "[{elapsed}<{remaining}{postfix}]")
    started: list[str] = []

    def step(name: str) -> None:
        if started:
            bar.update(1)
        started.append(name)
        bar.set_postfix_str(name)

    try:
        yield step
        if started:
            bar.update(1)
        bar.set_postfix_str("done")
    finally:
        bar.close()
