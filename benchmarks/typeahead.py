"""Typeahead on the large demo (1,000,000 cities): what an M2O field's search box costs per
keystroke, against the raw SQL a person would write for the same rows, in the same run.

    python benchmarks/typeahead.py [--demo PATH] [--postgres URL]

SQLite uses the large demo file at `--demo` (built there first if missing, about a minute; reuse
it), else builds one in a temporary folder. PostgreSQL runs when --postgres or
STUDIO_TEST_POSTGRES_URL is given, building the large demo in a throw-away schema (a few
minutes) that is dropped at the end. Each figure is `ItemsService.suggest` reading what the
picker shows (key, name, country name); the raw baseline is one hand-written range query with
the country joined, in the one letter case that matches.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from benchmarks.scratch import postgres_database, sqlite_database
from benchmarks.timing import timed
from studio.engine import Database
from studio.engine.demo import build_demo, open_demo
from studio.engine.items import ItemsService

REPEATS = 15
LIMIT = 10
FIELDS = ["id", "name", "country.name"]
RAW = (
    "SELECT c.id, c.name, k.name AS country_name FROM cities c"
    " LEFT JOIN countries k ON k.id = c.country"
)
# (label, typed text, filter, raw SQL for the same rows or None)
CASES: list[tuple[str, str, Any, str | None]] = [
    (
        "'new y' (lower case typed)",
        "new y",
        None,
        f"{RAW} WHERE c.name >= 'New Y' AND c.name < 'New Z' ORDER BY c.name LIMIT 10",
    ),
    (
        "'b' (one letter)",
        "b",
        None,
        f"{RAW} WHERE c.name >= 'B' AND c.name < 'C' ORDER BY c.name LIMIT 10",
    ),
    ("'' (nothing typed yet)", "", None, f"{RAW} ORDER BY c.name LIMIT 10"),
    (
        "O2O capital: 'ber', taken ones out",
        "ber",
        {"capital_of": {"_none": {"id": {"_neq": 1}}}},
        f"{RAW} WHERE c.name >= 'Ber' AND c.name < 'Bes' AND c.id NOT IN"
        " (SELECT capital_city FROM countries WHERE capital_city IS NOT NULL AND id <> 1)"
        " ORDER BY c.name LIMIT 10",
    ),
    (
        "'stad' (no prefix: + search)",
        "stad",
        None,
        f"{RAW} WHERE c.name {{like}} '%stad%' LIMIT 10",
    ),
    (
        "'qxz' (no match: full search)",
        "qxz",
        None,
        f"{RAW} WHERE c.name {{like}} '%qxz%' LIMIT 10",
    ),
]
# The baseline's case-insensitive LIKE (SQLite's LIKE already ignores ASCII case).
LIKE = {"sqlite": "LIKE", "postgresql": "ILIKE"}


async def measure(db: Database) -> list[tuple[str, Any, Any, int]]:
    figures = []
    async with db.connect() as conn:
        service = ItemsService(db, "cities", connection=conn)
        for label, typed, rule, raw in CASES:

            async def suggest(typed: str = typed, rule: Any = rule) -> Any:
                return await service.suggest(
                    typed, ["name"], fields=FIELDS, filter=rule, limit=LIMIT
                )

            async def baseline(raw: str | None = raw) -> Any:
                if raw is not None:
                    sql = raw.replace("{like}", LIKE[db.dialect])
                    return (await conn.execute(text(sql))).all()

            found = len(await suggest())
            ours, raw_sql = await timed(suggest, REPEATS), await timed(baseline, REPEATS)
            figures.append((label, ours, raw_sql, found))
        async with db.connect() as other:
            naive = ItemsService(db, "cities", connection=other)

            async def ilike() -> Any:
                rule = {"name": {"_istarts_with": "new y"}}
                return await naive.read_many(fields=FIELDS, filter=rule, sort=["name"], limit=10)

            naive_time = await timed(ilike, REPEATS)
            label = "(read_many _istarts_with, for comparison)"
            figures.append((label, naive_time, (0.0, 0.0, 0.0), len(await ilike())))
    return figures


def report(name: str, figures: list[tuple[str, Any, Any, int]]) -> None:
    print(f"{name}: median (min-max) of {REPEATS} runs, {LIMIT} suggestions with their country")
    for label, (median, low, high), (base, base_low, base_high), found in figures:
        raw = (
            f" | raw {base * 1000:7.2f} ms ({base_low * 1000:.2f}-{base_high * 1000:.2f})"
            f" | ratio {median / base:5.2f}"
            if base
            else ""
        )
        print(
            f"  {label:<42} {median * 1000:8.2f} ms ({low * 1000:.2f}-{high * 1000:.2f})"
            f" [{found:>2} found]{raw}"
        )


async def explain(db: Database) -> None:
    """The plan of the statement `suggest` sends for 'new y' (every case variant's arm), to
    show each is an index range scan."""
    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if "__match" in statement and not seen:
            seen.append((statement, parameters))

    event.listen(db.engine.sync_engine, "before_cursor_execute", keep)
    try:
        await ItemsService(db, "cities").suggest("new y", ["name"], fields=FIELDS, limit=LIMIT)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", keep)
    statement, parameters = seen[0]
    keyword = "EXPLAIN QUERY PLAN" if db.dialect == "sqlite" else "EXPLAIN"
    async with db.connect() as conn:
        rows = (await conn.exec_driver_sql(f"{keyword} {statement}", parameters)).all()
    lines = [str(row[-1]).strip() for row in rows]
    print("  plan of the prefix statement: " + " / ".join(line for line in lines if line))


async def run_sqlite(path: str | None) -> None:
    if path:
        db = await open_demo(Path(path), large=True)
        try:
            await _run(db, f"SQLite, large demo at {path}")
        finally:
            await db.close()
        return
    async with sqlite_database() as db:
        await build_demo(db, large=True)
        await _run(db, "SQLite, large demo")


async def run_postgres(url: str) -> None:
    async with postgres_database(url) as db:
        started = time.perf_counter()
        await build_demo(db, large=True)
        async with db.transaction() as conn:
            await conn.execute(text("ANALYZE"))
        print(f"(PostgreSQL large demo built in {time.perf_counter() - started:.0f} s)")
        await _run(db, "PostgreSQL, large demo")


async def _run(db: Database, name: str) -> None:
    count = (await ItemsService(db, "cities").count()).value
    report(f"{name} ({count:,} cities)", await measure(db))
    await explain(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", help="a large demo SQLite file (built there if missing)")
    parser.add_argument("--postgres", default=os.environ.get("STUDIO_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    asyncio.run(run_sqlite(args.demo))
    if args.postgres:
        asyncio.run(run_postgres(args.postgres))
    else:
        print("PostgreSQL: skipped (pass --postgres URL or set STUDIO_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
