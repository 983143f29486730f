"""Shared by the benchmark scripts: the median wall-clock time of repeated calls."""
from __future__ import annotations

import statistics
import time


def median_seconds(fn, repeats: int) -> float:
    """Median seconds of `repeats` calls of fn(): robust to one slow call (a context switch, a GC)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
