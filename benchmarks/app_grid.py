"""The browser's windowed grid on a million-row collection, inside a running app.

Targets (issue 5): first page of a 1M-row collection <= 150 ms; any jump <= 100 ms; RSS growth
< 10 MiB after scrolling the whole table. Baseline, measured in the same run: the raw SQL that
reads the same page with sqlite3 (no app, no engine), so the ratio is what the app adds.

    python benchmarks/app_grid.py [--rows 1000000] [--runs 9] [--scroll-height 400]

"First page" runs from choosing the collection to the grid having every visible row (it
counts the rows, reads the page and paints); "jump" from the key press to the new rows being
there. Whole-table scrolling uses a tall headless terminal (--scroll-height lines) so that a
million rows take a few thousand page-downs; RSS is read from /proc before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService


def build(path: Path, rows: int) -> None:
    """Schema through the services (so it has metadata), rows through sqlite3 (seconds)."""

    async def schema() -> None:
        db = await Database.open(str(path))
        try:
            await CollectionsService(db).create("readings", meta={"display_template": "{{label}}"})
            await FieldsService(db).create("readings", "label", "string", schema={"indexed": True})
            await FieldsService(db).create("readings", "value", "integer")
            await CollectionsService(db).create("notes")  # somewhere to switch away to
        finally:
            await db.close()

    asyncio.run(schema())
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA synchronous=OFF")
        conn.executemany(
            "INSERT INTO readings (id, label, value) VALUES (?, ?, ?)",
            ((n, f"item-{n:07d}", n % 1000) for n in range(1, rows + 1)),
        )


def raw_page(path: Path, after: int) -> float:
    started = time.perf_counter()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "SELECT id, label, value FROM readings WHERE id > ? ORDER BY id LIMIT 100", (after,)
        ).fetchall()
    return (time.perf_counter() - started) * 1000


def rss_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


async def until_settled(app, pilot) -> None:
    from studio.ui.widgets.item_grid import ItemGrid

    while True:
        grids = app.screen.query(ItemGrid)
        if grids and grids.first().settled and grids.first().row_count is not None:
            return
        await asyncio.sleep(0.0005)


async def measure(path: Path, runs: int, scroll_height: int) -> dict[str, list[float]]:
    from studio.ui.app import StudioApp, Target
    from studio.ui.screens.browser import BrowserScreen
    from studio.ui.widgets.item_grid import ItemGrid

    figures: dict[str, list[float]] = {"first page": [], "end": [], "home": [], "middle": []}
    app = StudioApp(Target(url=str(path)))
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, BrowserScreen):
            await pilot.pause(0.01)
        await until_settled(app, pilot)
        for _ in range(runs):
            started = time.perf_counter()
            app.screen.show_collection("readings")  # type: ignore[attr-defined]
            await asyncio.sleep(0)
            await until_settled(app, pilot)
            figures["first page"].append((time.perf_counter() - started) * 1000)
            grid = app.screen.query_one(ItemGrid)
            grid.focus()
            await pilot.pause()
            for name, action, argument in (
                ("end", "last", None), ("home", "first", None), ("middle", "scroll", 0.5),
            ):  # fmt: skip
                started = time.perf_counter()
                if argument is None:
                    getattr(grid, f"action_{action}")()
                else:
                    grid.scroll_to(y=int(grid.row_count * argument), animate=False)
                await asyncio.sleep(0)
                await until_settled(app, pilot)
                figures[name].append((time.perf_counter() - started) * 1000)
            app.screen.show_collection("notes")  # type: ignore[attr-defined]
            await until_settled(app, pilot)

    app = StudioApp(Target(url=str(path)))
    async with app.run_test(size=(120, scroll_height)) as pilot:
        while not isinstance(app.screen, BrowserScreen):
            await pilot.pause(0.01)
        await until_settled(app, pilot)
        app.screen.show_collection("readings")  # type: ignore[attr-defined]
        await asyncio.sleep(0)
        await until_settled(app, pilot)
        grid = app.screen.query_one(ItemGrid)
        grid.focus()
        await pilot.pause()
        print("scrolling", grid.row_count, grid.body_height, grid.cursor_row)
        before = rss_mib()
        started = time.perf_counter()
        steps = 0
        tenth = None
        total = grid.row_count or 0
        while grid.cursor_row < total - 1:
            grid.action_page(1)
            await asyncio.sleep(0)
            await until_settled(app, pilot)
            steps += 1
            if tenth is None and grid.cursor_row >= total // 10:
                tenth = rss_mib()
        figures["scroll whole table (s)"] = [time.perf_counter() - started]
        figures["page-downs"] = [steps]
        figures["rss at open (MiB)"] = [before]
        figures["rss after 10% (MiB)"] = [tenth or 0.0]
        figures["rss at the end (MiB)"] = [rss_mib()]
        figures["rss growth, whole table (MiB)"] = [rss_mib() - before]
        figures["rss growth, last 90% (MiB)"] = [rss_mib() - (tenth or before)]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--scroll-height", type=int, default=400)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "million.db"
        started = time.perf_counter()
        build(path, args.rows)
        print(f"{args.rows:,} rows built in {time.perf_counter() - started:.1f} s")
        baseline_first = [raw_page(path, 0) for _ in range(args.runs)]
        baseline_end = [raw_page(path, args.rows - 38) for _ in range(args.runs)]
        figures = asyncio.run(measure(path, args.runs, args.scroll_height))
    print(f"raw SQL page (sqlite3, first / end)  {statistics.median(baseline_first):6.2f} /"
          f" {statistics.median(baseline_end):.2f} ms")  # fmt: skip
    targets = {"first page": 150, "end": 100, "home": 100, "middle": 100}
    for name, values in figures.items():
        if name in targets:
            ratio = statistics.median(values) / statistics.median(baseline_first)
            print(
                f"{name:<12} median {statistics.median(values):6.1f} ms  (min {min(values):.1f},"
                f" max {max(values):.1f})  target <= {targets[name]} ms  x{ratio:.0f} raw SQL"
            )
        else:
            print(f"{name:<30} {values[0]:.1f}")
    print("target: rss growth < 10 MiB")
    if args.json:
        baseline = {"raw first page": baseline_first, "raw end page": baseline_end}
        print(json.dumps({**figures, **baseline}))


if __name__ == "__main__":
    main()
