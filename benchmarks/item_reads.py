"""Item reads on a million-row table: keyset and offset pages, one item with its M2O, counts.

Each figure is the items service against the raw SQL for the same rows, run on the same async
connection in the same run (the baseline), so the ratio is what the service itself costs:
building the query from the overview, typing values and nesting the related country.

    python benchmarks/item_reads.py [--cities 1000000] [--postgres URL]

The data (200 countries, N cities with an index on name) is generated with SQL, since writing it
is not what is measured. PostgreSQL runs when --postgres or STUDIO_TEST_POSTGRES_URL is given, in
a throw-away schema dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Any

from sqlalchemy import text

from benchmarks.scratch import postgres_database, sqlite_database
from benchmarks.timing import timed
from studio.engine import Database
from studio.engine.items import ItemsService

REPEATS = 9
PAGE = 50

SCHEMA = (
    "CREATE TABLE countries (id {serial} PRIMARY KEY, name VARCHAR(100) NOT NULL)",
    "CREATE TABLE cities (id {serial} PRIMARY KEY, name VARCHAR(100) NOT NULL,"
    " country INTEGER REFERENCES countries(id) ON DELETE SET NULL)",
    "CREATE INDEX cities_name ON cities (name)",
    "CREATE INDEX cities_country ON cities (country)",
)
FILL = {
    "sqlite": (
        "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 200)"
        " INSERT INTO countries (name) SELECT 'Country ' || printf('%03d', n) FROM g",
        "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :cities)"
        " INSERT INTO cities (name, country)"
        " SELECT 'City ' || printf('%07d', (n * 7919) % :cities), 1 + n % 200 FROM g",
        "ANALYZE",
    ),
    "postgresql": (
        "INSERT INTO countries (name) SELECT 'Country ' || lpad(n::text, 3, '0')"
        " FROM generate_series(1, 200) n",
        "INSERT INTO cities (name, country)"
        " SELECT 'City ' || lpad(((n::bigint * 7919) % :cities)::text, 7, '0'), 1 + n % 200"
        " FROM generate_series(1, :cities) n",
        "ANALYZE countries",
        "ANALYZE cities",
    ),
}
RAW_PAGE = (
    "SELECT c.id, c.name, k.name AS country_name FROM cities c"
    " LEFT JOIN countries k ON k.id = c.country"
)


async def populate(db: Database, cities: int) -> None:
    serial = "SERIAL" if db.dialect == "postgresql" else "INTEGER"
    async with db.transaction() as conn:
        for statement in SCHEMA:
            await conn.execute(text(statement.format(serial=serial)))
        for statement in FILL[db.dialect]:
            bound = {"cities": cities} if ":cities" in statement else {}
            await conn.execute(text(statement), bound)
    db.invalidate_overview()


async def measure(db: Database, cities: int) -> list[tuple[str, Any, Any]]:
    figures = []
    async with db.connect() as conn:
        service = ItemsService(db, "cities", connection=conn)
        fields = ["id", "name", "country.name"]
        deep_offset = cities - PAGE
        before = await service.read_page(
            fields=fields, sort=["name"], limit=1, offset=deep_offset - 1
        )
        cursor = before.after
        assert cursor is not None

        async def keyset() -> Any:
            page = await service.read_page(fields=fields, sort=["name"], limit=PAGE, after=cursor)
            assert len(page.items) == PAGE
            return page.items

        async def keyset_raw() -> Any:
            rows = await conn.execute(
                text(
                    f"{RAW_PAGE} WHERE (c.name, c.id) > (:name, :id) ORDER BY c.name, c.id LIMIT 50"
                ),
                {"name": cursor[0], "id": cursor[1]},
            )
            return _nested(rows.all())

        async def offset() -> Any:
            page = await service.read_page(
                fields=fields, sort=["name"], limit=PAGE, offset=deep_offset
            )
            assert len(page.items) == PAGE
            return page.items

        async def offset_raw() -> Any:
            rows = await conn.execute(
                text(f"{RAW_PAGE} ORDER BY c.name, c.id LIMIT 50 OFFSET :o"), {"o": deep_offset}
            )
            return _nested(rows.all())

        if await keyset() != await keyset_raw() or await offset() != await keyset_raw():
            raise AssertionError("item reads: a page differs from the raw SQL's rows")

        key = cities // 2

        async def one() -> Any:
            return await service.read_one(key, fields)

        async def one_raw() -> Any:
            return _nested(
                [(await conn.execute(text(f"{RAW_PAGE} WHERE c.id = :k"), {"k": key})).one()]
            )[0]

        if await one() != await one_raw():
            raise AssertionError("item reads: one city differs from the raw SQL's row")

        async def count() -> Any:
            await service.count()

        async def count_raw() -> Any:
            (await conn.execute(text("SELECT count(*) FROM cities"))).scalar()

        async def typeahead() -> Any:
            await service.read_many(
                fields=["id", "name"], filter={"name": {"_starts_with": "City 00123"}}, limit=10
            )

        async def typeahead_raw() -> Any:
            await conn.execute(
                text("SELECT id, name FROM cities WHERE name >= 'City 00123'"
                     " AND name < 'City 00124' ORDER BY id LIMIT 10")
            )  # fmt: skip

        for label, action, baseline in (
            (f"keyset page at row {deep_offset:,}", keyset, keyset_raw),
            (f"offset page at row {deep_offset:,}", offset, offset_raw),
            ("one city with its country", one, one_raw),
            ("exact count", count, count_raw),
            ("prefix search, 10 rows", typeahead, typeahead_raw),
        ):
            figures.append((label, await timed(action, REPEATS), await timed(baseline, REPEATS)))
    return figures


def _nested(rows: Any) -> list[dict[str, Any]]:
    """Raw (id, name, country_name) rows in the service's shape."""
    return [{"id": r[0], "name": r[1], "country": {"name": r[2]}} for r in rows]


def report(name: str, figures: list[tuple[str, Any, Any]]) -> None:
    print(f"{name}: median (min-max) of {REPEATS} runs; baseline = raw SQL for the same rows")
    for label, (median, low, high), (base, base_low, base_high) in figures:
        print(
            f"  {label:<32} {median * 1000:8.2f} ms ({low * 1000:.2f}-{high * 1000:.2f})"
            f" | raw {base * 1000:8.2f} ms ({base_low * 1000:.2f}-{base_high * 1000:.2f})"
            f" | ratio {median / base:5.2f}"
        )


async def run_sqlite(cities: int) -> None:
    async with sqlite_database() as db:
        await populate(db, cities)
        report(f"SQLite, {cities:,} cities", await measure(db, cities))


async def run_postgres(url: str, cities: int) -> None:
    async with postgres_database(url) as db:
        await populate(db, cities)
        report(f"PostgreSQL, {cities:,} cities", await measure(db, cities))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("STUDIO_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    asyncio.run(run_sqlite(args.cities))
    if args.postgres:
        asyncio.run(run_postgres(args.postgres, args.cities))
    else:
        print("PostgreSQL: skipped (pass --postgres URL or set STUDIO_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
