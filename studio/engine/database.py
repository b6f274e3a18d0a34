"""Opening a database from what a person types, and the one way to run a transaction.

SQLite is the embedded default; PostgreSQL is for teams. Both are reached through SQLAlchemy's
async engine so the services above never care which one is underneath.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from studio.engine.errors import DatabaseUnavailable, InvalidDatabaseURL
from studio.engine.system import DEFAULT_PREFIX, SystemTables

if TYPE_CHECKING:
    from studio.engine.schema import SchemaOverview

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"
CONNECT_TIMEOUT_SECONDS = 10

_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg2"}
_POSTGRES_SCHEMES |= {"postgresql+psycopg", "postgresql+pg8000"}
_SQLITE_SCHEMES = {"sqlite", "sqlite+aiosqlite", "sqlite+pysqlite"}


def normalize_url(raw: str) -> URL:
    """Turn a path or any usual spelling of a SQLite/PostgreSQL URL into the async driver's URL.

    A bare path (`studio.db`, `~/data/app.sqlite`) means a SQLite file; `postgres://` is what
    Heroku-style tools print and is accepted as PostgreSQL.
    """
    text_url = raw.strip()
    if not text_url:
        raise InvalidDatabaseURL("No database given: pass a SQLite file path or a PostgreSQL URL.")
    if "://" not in text_url:
        path = Path(text_url).expanduser().resolve()
        return URL.create(SQLITE_DRIVER, database=str(path))
    scheme = text_url.split("://", 1)[0].lower()
    if scheme in _POSTGRES_SCHEMES:
        text_url = "postgresql://" + text_url.split("://", 1)[1]
    try:
        url = make_url(text_url)
    except ArgumentError:
        raise InvalidDatabaseURL(
            f"{raw!r} is not a database URL: use a SQLite file path or "
            "postgresql://user@host:port/database."
        ) from None
    if scheme in _SQLITE_SCHEMES:
        database = url.database or ""
        if database and database != ":memory:":
            database = str(Path(database).expanduser().resolve())
        return url.set(drivername=SQLITE_DRIVER, database=database)
    if scheme in _POSTGRES_SCHEMES:
        return url.set(drivername=POSTGRES_DRIVER)
    raise InvalidDatabaseURL(
        f"Studio works with SQLite and PostgreSQL; {scheme!r} in {raw!r} is not supported."
    )


def describe_url(url: URL) -> str:
    """A short, password-free name for the database, for messages."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    host = url.host or "localhost"
    port = url.port or 5432
    return f"PostgreSQL database {url.database!r} at {host}:{port}"


class Database:
    """An open database: the async engine, its dialect, the system tables and the cached overview.

    The overview is built once and kept until `invalidate_overview()`; every schema change calls it.
    """

    def __init__(self, engine: AsyncEngine, url: URL, system: SystemTables, schema: str | None):
        self.engine = engine
        # Reads on PostgreSQL run in autocommit (same pool): under READ COMMITTED every
        # statement takes its own snapshot anyway, so a transaction's BEGIN and ROLLBACK are two
        # round trips that buy nothing — half of a pooled read's cost (benchmarks/README.md).
        self._read_engine = (
            engine.execution_options(isolation_level="AUTOCOMMIT")
            if engine.dialect.name == "postgresql"
            else engine
        )
        self.url = url
        self.system = system
        self.schema = schema
        self._overview: SchemaOverview | None = None
        self._overview_lock = asyncio.Lock()
        self._generation = 0

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @classmethod
    async def open(
        cls, raw_url: str | URL, *, prefix: str = DEFAULT_PREFIX, ensure_system: bool = True
    ) -> Database:
        """Connect, check the connection works, and create or migrate the system tables.

        Raises InvalidDatabaseURL or DatabaseUnavailable with one sentence a person can act on.
        """
        url = raw_url if isinstance(raw_url, URL) else normalize_url(raw_url)
        engine, schema = _create_engine(url)
        database = cls(engine, url, SystemTables(prefix), schema)
        try:
            async with engine.connect() as conn:
                await database._check_connection(conn)
            if ensure_system:
                async with database.transaction() as conn:
                    await database.system.ensure(conn)
        except BaseException as exc:
            await engine.dispose()
            if isinstance(exc, DBAPIError | OSError | TimeoutError):
                raise DatabaseUnavailable(_explain_connect_error(url, exc)) from exc
            raise
        return database

    async def _check_connection(self, conn: AsyncConnection) -> None:
        if self.dialect != "postgresql" or self.schema is None:
            return
        current = (await conn.execute(text("SELECT current_schema()"))).scalar()
        if current != self.schema:
            raise DatabaseUnavailable(f"{self.description} has no schema named {self.schema!r}.")

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One transaction: committed when the block ends, rolled back entirely if it raises.

        On SQLite this includes DDL (see `_configure_sqlite`), which is what makes schema changes
        atomic there as well as on PostgreSQL.
        """
        async with self.engine.connect() as conn:
            # SQLite: take the write lock up front (BEGIN IMMEDIATE), so two writers queue on
            # the busy timeout instead of one failing with "database is locked" mid-way.
            await conn.execution_options(studio_write=True)
            async with conn.begin():
                yield conn

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reads (and previews, which plan without writing)."""
        async with self._read_engine.connect() as conn:
            yield conn

    async def overview(self) -> SchemaOverview:
        if self._overview is not None:
            return self._overview
        async with self._overview_lock:
            if self._overview is not None:
                return self._overview
            from studio.engine.overview import build_overview

            generation = self._generation
            async with self.connect() as conn:
                overview = await build_overview(conn, self.system)
            if generation == self._generation:  # not invalidated while it was being built
                self._overview = overview
            return overview

    def invalidate_overview(self) -> None:
        self._generation += 1
        self._overview = None


def _create_engine(url: URL) -> tuple[AsyncEngine, str | None]:
    if url.get_backend_name() == "sqlite":
        _check_sqlite_location(url)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine, None
    schema = url.query.get("schema")
    if isinstance(schema, tuple):
        schema = schema[-1]
    connect_args: dict[str, Any] = {"timeout": CONNECT_TIMEOUT_SECONDS}
    if schema:
        # A per-schema database (tests, several studios on one server) via search_path.
        quoted = '"' + schema.replace('"', '""') + '"'
        connect_args["server_settings"] = {"search_path": quoted}
        url = url.difference_update_query(["schema"])
    return create_async_engine(url, connect_args=connect_args, pool_pre_ping=True), schema


def _check_sqlite_location(url: URL) -> None:
    database = url.database or ""
    if not database or database == ":memory:":
        raise InvalidDatabaseURL(
            "Studio needs a SQLite file it can keep; give a path such as studio.db."
        )
    folder = Path(database).parent
    if not folder.is_dir():
        raise DatabaseUnavailable(
            f"Cannot create SQLite file {database}: the folder {folder} does not exist."
        )


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL for concurrent readers, real foreign keys, and transactional DDL.

    The sqlite3 module opens transactions only before DML, so a CREATE TABLE would commit on its
    own; taking over BEGIN (SQLAlchemy's documented recipe) puts DDL inside our transactions.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("studio_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _explain_connect_error(url: URL, exc: BaseException) -> str:
    """One sentence for the usual ways opening a database fails."""
    where = describe_url(url)
    chain = _exception_chain(exc)
    names = {type(e).__name__ for e in chain}
    if url.get_backend_name() == "sqlite":
        for e in chain:
            if isinstance(e, sqlite3.DatabaseError) and "not a database" in str(e):
                return f"Cannot open {url.database}: the file is not a SQLite database."
        return f"Cannot open {where}: {_first_line(chain[-1])}."
    if "InvalidCatalogNameError" in names:
        return f"Cannot open {where}: the server has no such database."
    if names & {"InvalidPasswordError", "InvalidAuthorizationSpecificationError"}:
        return f"Cannot open {where}: the server refused user {url.username!r}."
    if any(isinstance(e, TimeoutError) for e in chain):
        return f"Cannot reach {where}: no answer within {CONNECT_TIMEOUT_SECONDS} seconds."
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return f"Cannot reach {where}: connection refused (is the server running?)."
    if any(isinstance(e, OSError) for e in chain):
        return f"Cannot reach {where}: {_first_line(chain[-1])}."
    return f"Cannot open {where}: {_first_line(chain[-1])}."


def _exception_chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return seen


def _first_line(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()
    return message[0].rstrip(".") if message else type(exc).__name__
