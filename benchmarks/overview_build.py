"""How long building the schema overview takes for a 300-table database.

Target: well under a second on SQLite and PostgreSQL. Baseline, measured in the same run on the
same tables: SQLAlchemy's own `MetaData.reflect()`, the naive way to learn a schema. The ratio
overview / reflect shows what the merge costs on top of plain reflection, and survives a noisy
machine better than the raw seconds.

    python benchmarks/overview_build.py [--tables 300] [--postgres URL]

PostgreSQL is measured when --postgres or STUDIO_TEST_POSTGRES_URL is given; it works in a
throw-away schema that is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from sqlalchemy import MetaData, insert, text

from benchmarks.scratch import postgres_database, sqlite_database
from studio.engine import Database

REPEATS = 5


def table_sql(index: int, serial: str) -> str:
    parent = f", parent_id INTEGER REFERENCES t{index - 1:03d}(id)" if index else ""
    return (
        f"CREATE TABLE t{index:03d} (id {serial} PRIMARY KEY, title VARCHAR(200) NOT NULL,"
        " body TEXT, amount NUMERIC(10, 2), quantity INTEGER DEFAULT 0, flag BOOLEAN,"
        f" created TIMESTAMP, code VARCHAR(20) UNIQUE{parent})"
    )


async def populate(db: Database, tables: int) -> None:
    serial = "SERIAL" if db.dialect == "postgresql" else "INTEGER"
    async with db.transaction() as conn:
        for i in range(tables):
            await conn.execute(text(table_sql(i, serial)))
        for i in range(0, tables, 2):  # half the tables carry metadata, as in a real project
            await conn.execute(
                insert(db.system.collections).values(
                    collection=f"t{i:03d}", display_template="{{title}}", note="benchmark"
                )
            )
            await conn.execute(
                insert(db.system.fields),
                [{"collection": f"t{i:03d}", "field": f, "interface": "input"}
                 for f in ("title", "body", "amount")],
            )  # fmt: skip


async def measure(db: Database) -> tuple[float, float]:
    overview_times, reflect_times = [], []
    for _ in range(REPEATS):
        db.invalidate_overview()
        start = time.perf_counter()
        overview = await db.overview()
        overview_times.append(time.perf_counter() - start)

        start = time.perf_counter()
        async with db.connect() as conn:
            await conn.run_sync(lambda c: MetaData().reflect(c))
        reflect_times.append(time.perf_counter() - start)
    assert len(overview.collections) >= 300 or overview.collections
    return statistics.median(overview_times), statistics.median(reflect_times)


def report(label: str, tables: int, overview: float, baseline: float) -> None:
    print(
        f"{label:<11} {tables} tables: overview {overview * 1000:7.1f} ms | "
        f"baseline MetaData.reflect {baseline * 1000:7.1f} ms | ratio {overview / baseline:.2f}"
    )


async def run_sqlite(tables: int) -> None:
    async with sqlite_database() as db:
        await populate(db, tables)
        report("SQLite", tables, *await measure(db))


async def run_postgres(url: str, tables: int) -> None:
    async with postgres_database(url) as db:
        await populate(db, tables)
        report("PostgreSQL", tables, *await measure(db))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=300)
    parser.add_argument("--postgres", default=os.environ.get("STUDIO_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    print(f"median of {REPEATS} builds each")
    asyncio.run(run_sqlite(args.tables))
    if args.postgres:
        asyncio.run(run_postgres(args.postgres, args.tables))
    else:
        print("PostgreSQL: skipped (pass --postgres URL or set STUDIO_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
