"""How a benchmark times one action: once to warm caches and compiled statements, then the
median, fastest and slowest of `repeats` runs (seconds)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any


async def timed(action: Callable[[], Awaitable[Any]], repeats: int) -> tuple[float, float, float]:
    await action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        await action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)
