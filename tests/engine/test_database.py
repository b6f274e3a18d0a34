"""Opening databases: URL forms, clear failures, SQLite's settings, and atomic transactions."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from studio.engine import Database, DatabaseUnavailable, InvalidDatabaseURL, normalize_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("studio.db", "sqlite+aiosqlite:///{cwd}/studio.db"),
        ("sqlite:///data/x.db", "sqlite+aiosqlite:///{cwd}/data/x.db"),
        ("sqlite+aiosqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
        ("postgres://u@h:5433/d", "postgresql+asyncpg://u@h:5433/d"),
        ("postgresql://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("postgresql+asyncpg://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("postgresql+psycopg2://u@h/d?schema=s", "postgresql+asyncpg://u@h/d?schema=s"),
    ],
)
def test_urls_are_normalised(raw: str, expected: str, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    cwd = str(tmp_path.resolve())
    assert normalize_url(raw).render_as_string() == expected.format(cwd=cwd)


@pytest.mark.parametrize("raw", ["mysql://root@localhost/db", "oracle://x", "http://example.com"])
def test_other_databases_are_refused_in_one_sentence(raw: str) -> None:
    with pytest.raises(InvalidDatabaseURL) as caught:
        normalize_url(raw)
    assert "Studio works with SQLite and PostgreSQL" in caught.value.message
    assert "\n" not in caught.value.message


def test_empty_url_is_refused() -> None:
    with pytest.raises(InvalidDatabaseURL, match="No database given"):
        normalize_url("  ")


async def test_unreachable_server_is_one_sentence() -> None:
    with pytest.raises(DatabaseUnavailable) as caught:
        await Database.open("postgresql://postgres@127.0.0.1:1/test")
    message = caught.value.message
    assert message.startswith("Cannot reach PostgreSQL database 'test' at 127.0.0.1:1")
    assert "\n" not in message and "Traceback" not in message


async def test_missing_folder_for_sqlite_file(tmp_path) -> None:
    with pytest.raises(DatabaseUnavailable, match=r"the folder .* does not exist"):
        await Database.open(str(tmp_path / "missing" / "x.db"))


async def test_a_file_that_is_not_sqlite(tmp_path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not database pages\n" * 100)
    with pytest.raises(DatabaseUnavailable, match="is not a SQLite database"):
        await Database.open(str(path))


async def test_sqlite_file_is_created_with_wal_and_foreign_keys(tmp_path) -> None:
    path = tmp_path / "new.db"
    database = await Database.open(str(path))
    try:
        assert path.exists()
        async with database.connect() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    finally:
        await database.close()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_postgres_missing_schema_is_reported(db_url: str) -> None:
    wrong = db_url.replace("schema=studio_test_", "schema=nope_")
    with pytest.raises(DatabaseUnavailable, match="has no schema named 'nope_"):
        await Database.open(wrong)


async def test_a_failed_transaction_leaves_no_table_behind(db: Database) -> None:
    """DDL is transactional on both databases; schema changes rely on this."""
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute(text("CREATE TABLE half_built (id INTEGER PRIMARY KEY)"))
            await conn.execute(text("INSERT INTO half_built (id) VALUES (1)"))
            raise RuntimeError("fault injected after the DDL")
    async with db.connect() as conn:
        tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
    assert "half_built" not in tables


async def test_foreign_keys_are_enforced(db: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE parents (id INTEGER PRIMARY KEY)",
        "CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents(id))",
    )
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        async with db.transaction() as conn:
            await conn.execute(text("INSERT INTO children (id, parent) VALUES (1, 99)"))
