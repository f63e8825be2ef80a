"""The shape of a cost: linear, not quadratic (no timing claim; see benchmarks/linear_bench.py)."""

from __future__ import annotations

import time
from collections.abc import Callable


def grows_linearly(run: Callable[[str], object], small: str, large: str) -> None:
    """``large`` holds eight times the repeated part of ``small`` and must not cost anywhere
    near 64 times (quadratic). Best of three runs of each."""

    def best(text: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            run(text)
            times.append(time.perf_counter() - start)
        return min(times)

    small_time, large_time = best(small), best(large)
    assert large_time < 24 * small_time + 0.05, (small[:12], small_time, large_time)
