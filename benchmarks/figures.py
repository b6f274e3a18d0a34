"""One measured figure, its baseline and its target, and how the suite prints them.

Times are kept in seconds as (median, fastest, slowest) from `timing.timed`; a figure passes
when its ratio to the baseline (or its own median, for an absolute target) is within the target.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from studio.engine import Database

Spread = tuple[float, float, float]


@dataclass(frozen=True)
class Figure:
    group: str
    label: str
    ours: Spread
    baseline: Spread | None = None
    max_ratio: float | None = None
    max_value: float | None = None  # in `unit`
    unit: str = "ms"
    note: str = ""

    def scaled(self, spread: Spread) -> Spread:
        factor = 1000.0 if self.unit == "ms" else 1.0
        return spread[0] * factor, spread[1] * factor, spread[2] * factor

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline[0]:
            return None
        return self.ours[0] / self.baseline[0]

    @property
    def verdict(self) -> str:
        checks = []
        if self.max_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        if self.max_value is not None:
            checks.append(self.scaled(self.ours)[0] <= self.max_value)
        if not checks:
            return "-"
        return "PASS" if all(checks) else "MISS"

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:g}x")
        if self.max_value is not None:
            parts.append(f"<= {self.max_value:g} {self.unit}")
        return ", ".join(parts) or "-"

    def line(self) -> str:
        median, low, high = self.scaled(self.ours)
        text = f"  {self.label:<50} {median:9.2f} {self.unit} ({low:.2f}-{high:.2f})"
        if self.baseline is not None:
            base = self.scaled(self.baseline)[0]
            text += f" | base {base:8.2f} {self.unit}"
            if self.ratio is not None:
                text += f" | {self.ratio:5.2f}x"
        text += f" | target {self.target} {self.verdict}"
        if self.note:
            text += f"  [{self.note}]"
        return text


def single(value: float) -> Spread:
    return value, value, value


@contextmanager
def counting_statements(db: Database) -> Iterator[list[str]]:
    """Every statement sent to the database inside the block, through SQLAlchemy's event hook."""
    seen: list[str] = []

    def keep(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", keep)


async def statements_of(db: Database, action: Callable[[], Awaitable[Any]]) -> int:
    with counting_statements(db) as seen:
        await action()
    return len(seen)
