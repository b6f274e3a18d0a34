"""The whole suite in one command: generate the data, run every benchmark, print PASS/MISS.

    .venv/bin/python -m benchmarks [--quick] [--postgres URL] [--repeats N] [--no-app]

SQLite always runs (a temporary file); PostgreSQL runs when --postgres or
STUDIO_TEST_POSTGRES_URL is given, in a throw-away schema dropped at the end. The app figures
(SQLite only) run in fresh processes through app_startup.py and app_grid.py. `--quick` uses
tiny data and one or two repeats: it checks that everything runs and reads the right rows (the
CI test), its timings mean nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks import item_reads, relations, typeahead
from benchmarks.data import FULL, QUICK, Scale, generate
from benchmarks.figures import Figure, Spread, single
from benchmarks.scratch import postgres_database, sqlite_database
from benchmarks.timing import timed
from studio.engine import Database
from studio.engine.tables import tables_for

TYPEAHEAD_PREFIXES = {"'new y'", "'b' (", "'' (", "O2O capital"}


@dataclass
class Run:
    """What a run measured, by database ("SQLite", "PostgreSQL", "app")."""

    figures: dict[str, list[Figure]] = field(default_factory=dict)

    def add(self, database: str, figures: list[Figure]) -> None:
        self.figures.setdefault(database, []).extend(figures)

    @property
    def misses(self) -> list[tuple[str, Figure]]:
        return [(db, f) for db, fs in self.figures.items() for f in fs if f.verdict == "MISS"]


def _item_reads(raw: list[tuple[str, Spread, Spread]]) -> list[Figure]:
    targets = {"keyset": 3.0, "one city": 3.0}
    figures = []
    for label, ours, base in raw:
        ratio = next((v for k, v in targets.items() if label.startswith(k)), None)
        note = "for comparison" if label.startswith("offset") else ""
        figures.append(Figure("item reads", label, ours, base, max_ratio=ratio, note=note))
    return figures


def _typeahead(raw: list[tuple[str, Spread, Spread, int]]) -> list[Figure]:
    figures = []
    for label, ours, base, found in raw:
        prefix = any(label.startswith(p) for p in TYPEAHEAD_PREFIXES)
        note = f"{found} found" + ("" if prefix else "; not a prefix: no target")
        baseline = base if base[0] else None
        limit = 50.0 if prefix else None
        figures.append(Figure("typeahead", label, ours, baseline, max_value=limit, note=note))
    return figures


async def _overview(db: Database, scale: Scale, repeats: int) -> list[Figure]:
    from sqlalchemy import MetaData

    async def build() -> Any:
        db.invalidate_overview()
        return await db.overview()

    async def reflect() -> Any:
        async with db.connect() as conn:
            await conn.run_sync(lambda c: MetaData().reflect(c))

    overview = await build()
    tables = len(overview.collections)
    if tables < scale.extra_tables:
        raise AssertionError(f"the overview holds {tables} collections")
    built = await timed(build, max(3, repeats // 3))
    reflected = await timed(reflect, max(3, repeats // 3))
    await db.overview()

    async def lookup() -> Any:
        current = await db.overview()
        for name in ("cities", "recipes_ingredients", f"t{scale.extra_tables - 1:03d}"):
            current.collection(name).field("id")
        current.relation_by_one("countries", "cities")
        tables_for(current, db.dialect)("cities")

    return [
        Figure(
            "overview", f"overview of {tables} collections, built",
            built, reflected, max_value=1000, note="baseline: MetaData.reflect()",
        ),
        Figure(
            "overview", "cached overview + 3 lookups + table clause",
            await timed(lookup, repeats * 10), max_value=1,
        ),
    ]  # fmt: skip


async def measure_database(db: Database, scale: Scale, repeats: int, log: Any) -> list[Figure]:
    started = time.perf_counter()
    await generate(db, scale, log=log)
    figures: list[Figure] = []
    steps: list[tuple[str, Callable[[], Awaitable[list[Figure]]]]] = [
        ("item reads", lambda: _reads(db, scale, repeats)),
        ("relations", lambda: relations.measure(db, scale, repeats)),
        ("typeahead", lambda: _suggest(db, repeats)),
        ("overview", lambda: _overview(db, scale, repeats)),
    ]
    for name, step in steps:
        step_started = time.perf_counter()
        found = await step()
        figures.extend(found)
        log(f"  {name}: {len(found)} figures in {time.perf_counter() - step_started:.1f} s")
        for figure in found:
            log(figure.line())
    log(f"  all in {time.perf_counter() - started:.0f} s")
    return figures


async def _reads(db: Database, scale: Scale, repeats: int) -> list[Figure]:
    item_reads.REPEATS = repeats
    return _item_reads(await item_reads.measure(db, scale.cities))


async def _suggest(db: Database, repeats: int) -> list[Figure]:
    typeahead.REPEATS = repeats
    return _typeahead(await typeahead.measure(db))


async def run_sqlite(scale: Scale, repeats: int, log: Any) -> list[Figure]:
    async with sqlite_database() as db:
        return await measure_database(db, scale, repeats, log)


async def run_postgres(url: str, scale: Scale, repeats: int, log: Any) -> list[Figure]:
    async with postgres_database(url) as db:
        return await measure_database(db, scale, repeats, log)


def _script(module: str, *args: str) -> dict[str, Any]:
    """Run an app benchmark in a fresh process (its own RSS, its own event loop)."""
    result = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", *args, "--json"],
        capture_output=True, text=True, check=True, timeout=1800,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def _spread(values: list[float]) -> Spread:
    seconds = [v / 1000 for v in values]
    return statistics.median(seconds), min(seconds), max(seconds)


def run_app(quick: bool, repeats: int) -> list[Figure]:
    runs = "1" if quick else str(max(3, repeats // 2))
    start = _script("app_startup", "--runs", runs)
    rows = "2000" if quick else "1000000"
    grid = _script(
        "app_grid", "--rows", rows, "--runs", runs, "--scroll-height", "60" if quick else "400"
    )
    raw_page = _spread(grid["raw first page"])
    mib = grid["rss growth, whole table (MiB)"][0]
    return [
        Figure("app", "first frame (Studio vs a bare Textual app)",
               _spread(start["studio"]), _spread(start["bare"]), max_ratio=1.3),
        Figure("app", "browser on screen with the first collection", _spread(start["browser"])),
        Figure("app", f"first page of the {int(rows):,}-row collection",
               _spread(grid["first page"]), raw_page, max_value=150,
               note="baseline: sqlite3 reading the page"),
        Figure("app", "jump to the end", _spread(grid["end"]), raw_page, max_value=100),
        Figure("app", "jump to the middle (offset read)", _spread(grid["middle"]), raw_page,
               max_value=100),
        Figure("app", "back to the top (cached)", _spread(grid["home"]), max_value=100),
        Figure("app", f"RSS growth scrolling all {int(rows):,} rows", single(mib),
               max_value=10, unit="MiB",
               note=f"{int(grid['page-downs'][0]):,} page-downs in"
                    f" {grid['scroll whole table (s)'][0]:.0f} s"),
    ]  # fmt: skip


def report(run: Run, scale: Scale, repeats: int) -> None:
    print(f"\nData: {scale.describe()}. Medians (min-max) of {repeats} runs after a warm-up.")
    for database, figures in run.figures.items():
        print(f"\n{database}")
        group = None
        for figure in figures:
            if figure.group != group:
                group = figure.group
                print(f" {group}")
            print(figure.line())
    misses = run.misses
    total = sum(f.verdict != "-" for fs in run.figures.values() for f in fs)
    print(f"\n{total - len(misses)} of {total} targets met" + (":" if misses else "."))
    for database, figure in misses:
        print(f"  MISS {database}: {figure.label} ({figure.target})")


def run_suite(
    *,
    quick: bool,
    postgres: str | None,
    repeats: int | None = None,
    app: bool = True,
    sqlite: bool = True,
    log: Any = print,
) -> Run:
    """Everything the command runs; the quick test calls it too."""
    scale = QUICK if quick else FULL
    repeats = repeats or (2 if quick else 9)
    run = Run()
    if sqlite:
        log(f"SQLite: generating {scale.describe()}")
        run.add("SQLite", asyncio.run(run_sqlite(scale, repeats, log)))
    if postgres:
        log("PostgreSQL: generating the same in a throw-away schema")
        run.add("PostgreSQL", asyncio.run(run_postgres(postgres, scale, repeats, log)))
    else:
        log("PostgreSQL: skipped (pass --postgres URL or set STUDIO_TEST_POSTGRES_URL)")
    if app:
        started = time.perf_counter()
        log("app (SQLite): startup and the 1M-row grid in fresh processes")
        run.add("app (SQLite)", run_app(quick, repeats))
        log(f"  app in {time.perf_counter() - started:.0f} s")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny data: does it run?")
    parser.add_argument("--postgres", default=os.environ.get("STUDIO_TEST_POSTGRES_URL"))
    parser.add_argument("--repeats", type=int, help="timed runs per figure (default 9)")
    parser.add_argument("--no-app", action="store_true", help="skip the app figures")
    args = parser.parse_args()
    started = time.perf_counter()
    run = run_suite(
        quick=args.quick, postgres=args.postgres, repeats=args.repeats, app=not args.no_app
    )
    report(run, QUICK if args.quick else FULL, args.repeats or (2 if args.quick else 9))
    print(f"\nSuite ran in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
