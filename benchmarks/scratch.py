"""Throw-away databases for benchmarks: a SQLite file in a temporary folder, or a PostgreSQL
schema created for the run and dropped after it (the benchmarks do not import the tests)."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from studio.engine import Database


@asynccontextmanager
async def sqlite_database() -> AsyncIterator[Database]:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(str(Path(folder) / "bench.db"))
        try:
            yield db
        finally:
            await db.close()


@asynccontextmanager
async def postgres_database(url: str) -> AsyncIterator[Database]:
    base = make_url(url)
    schema = f"studio_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        db = await Database.open(base.update_query_dict({"schema": schema}))
        try:
            yield db
        finally:
            await db.close()
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
