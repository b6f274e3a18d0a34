"""Fixtures shared by every test: the same test body runs on SQLite and on PostgreSQL.

PostgreSQL comes from STUDIO_TEST_POSTGRES_URL. Each test gets its own schema there, dropped
afterwards, so nothing is left in the server's database. Without the variable a developer gets
the SQLite half and one clear skip line; under CI (CI=true) a missing variable is a failure, and
an unreachable server always is.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from studio.engine import Database

POSTGRES_URL_VARIABLE = "STUDIO_TEST_POSTGRES_URL"


def postgres_url() -> str | None:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI runs the PostgreSQL half: set {POSTGRES_URL_VARIABLE}.")
        pytest.skip(f"PostgreSQL half skipped: {POSTGRES_URL_VARIABLE} is not set.")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """A URL to an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'studio.db'}"
        return
    async with postgres_schema(f"studio_test_{uuid.uuid4().hex[:12]}") as url:
        yield url


@asynccontextmanager
async def postgres_schema(schema: str) -> AsyncIterator[str]:
    """A fresh schema on the test server, dropped afterwards; yields a URL that opens it."""
    base = make_url(postgres_url())
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except BaseException:
        await admin.dispose()
        raise  # an unreachable server fails the test; it is never a skip
    try:
        yield base.update_query_dict({"schema": schema}).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    """An open Database with the system tables created."""
    database = await Database.open(db_url)
    try:
        yield database
    finally:
        await database.close()


RunSQL = Callable[..., Awaitable[None]]


@pytest.fixture
def run_sql(db: Database) -> RunSQL:
    """Run plain SQL in one transaction; `sqlite=` and `postgresql=` add per-dialect text."""

    async def run(*statements: str, sqlite: tuple[str, ...] = (), postgresql: tuple[str, ...] = ()):
        chosen = list(statements) + list(sqlite if db.dialect == "sqlite" else postgresql)
        async with db.transaction() as conn:
            for statement in chosen:
                await conn.execute(text(statement))
        db.invalidate_overview()

    return run


@pytest.fixture(scope="session", autouse=True)
def _nothing_left_in_the_postgres_database() -> AsyncIterator[None]:
    """Fail the run if any test leaves a table or schema behind on the shared server."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        yield
        return
    import asyncio

    async def census() -> set[str] | None:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                rows = await conn.execute(
                    text(
                        "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname"
                        " NOT IN ('pg_catalog', 'information_schema')"
                        " AND schemaname NOT LIKE 'studio_test_%'"
                    )
                )
                return {name for (name,) in rows}
        except OSError:
            return None  # unreachable: every PostgreSQL test fails on its own, and says why
        finally:
            await engine.dispose()

    before = asyncio.run(census())
    yield
    after = asyncio.run(census())
    left = set() if before is None or after is None else after - before
    assert not left, f"tests left tables behind in the PostgreSQL database: {sorted(left)}"
