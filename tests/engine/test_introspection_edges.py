"""Real-world schema shapes that once fooled the overview (found in review)."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import text

from studio.engine import Database
from studio.engine.relations import RelationKind
from tests.conftest import postgres_schema


async def test_a_composite_key_junction_is_m2o_not_o2o(db: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE recipes (id INTEGER PRIMARY KEY)",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY)",
        "CREATE TABLE recipes_tags (recipes_id INTEGER NOT NULL REFERENCES recipes(id),"
        " tags_id INTEGER NOT NULL REFERENCES tags(id), PRIMARY KEY (recipes_id, tags_id))",
    )
    overview = await db.overview()
    assert overview.relation_info("recipes_tags", "recipes_id").kind is RelationKind.M2O
    assert overview.relation_info("recipes_tags", "tags_id").kind is RelationKind.M2O


async def test_partial_and_expression_unique_indexes_are_not_unique(db: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE recipes (id INTEGER PRIMARY KEY)",
        "CREATE TABLE members (id INTEGER PRIMARY KEY, active BOOLEAN,"
        " recipe INTEGER REFERENCES recipes(id))",
        "CREATE UNIQUE INDEX members_active ON members (recipe) WHERE active",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, title VARCHAR(50),"
        " recipe INTEGER REFERENCES recipes(id))",
        "CREATE UNIQUE INDEX notes_title ON notes (recipe, lower(title))",
    )
    overview = await db.overview()
    assert not overview.field("members", "recipe").is_unique
    assert overview.relation_info("members", "recipe").kind is RelationKind.M2O
    assert not overview.field("notes", "recipe").is_unique


async def test_literal_defaults_come_back_in_the_fields_type(db: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER DEFAULT -1, b REAL DEFAULT -0.5,"
        " c NUMERIC(10, 2) DEFAULT 1.50, d TEXT DEFAULT 'it''s', e VARCHAR(10) DEFAULT 1,"
        " f DATE DEFAULT CURRENT_DATE)"
    )
    fields = (await db.overview()).collection("t").fields
    assert fields["a"].default_value == -1
    assert fields["b"].default_value == -0.5
    assert fields["c"].default_value == Decimal("1.5")
    assert fields["d"].default_value == "it's"
    assert fields["e"].default_value == "1"
    assert fields["f"].default_value == "CURRENT_DATE"
    assert fields["id"].default_value is None


async def test_expressions_stay_whole(db: Database, run_sql) -> None:
    await run_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT DEFAULT ('a' || 'b'))")
    default = (await db.overview()).field("t", "s").default_value
    assert "||" in default and default.count("'") == 4


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_sqlite_shapes(db: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE Countries (ID INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE cities (id INTEGER PRIMARY KEY, country INTEGER REFERENCES countries(id))",
        "CREATE TABLE codes (id INTEGER PRIMARY KEY, x TEXT) WITHOUT ROWID",
        "CREATE TABLE points (id INTEGER PRIMARY KEY, where_ POINT, span INTERVAL,"
        " big UNSIGNED BIG INT, at DATETIME2)",
        "CREATE VIRTUAL TABLE notes_fts USING fts5(body)",
    )
    overview = await db.overview()
    assert set(overview.collections) == {"Countries", "cities", "codes", "points"}
    country = overview.relation_info("cities", "country")
    assert country.related_collection == "Countries" and country.related_primary_key == "ID"
    assert overview.field("cities", "country").foreign_key.foreign_column == "ID"
    assert not overview.field("codes", "id").has_auto_increment
    assert overview.field("Countries", "ID").has_auto_increment
    points = overview.collection("points").fields
    assert [points[k].type for k in ("where_", "span", "big", "at")] == [
        "unknown", "string", "bigInteger", "dateTime"
    ]  # fmt: skip


async def test_sqlite_writers_queue_instead_of_failing(tmp_path) -> None:
    """Two transactions that read then write: the second waits for the first."""
    path = tmp_path / "race.db"
    first, second = await Database.open(str(path)), await Database.open(str(path))
    try:
        async with first.transaction() as conn:
            await conn.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)"))
            await conn.execute(text("INSERT INTO counter VALUES (1, 0)"))

        async def bump(db: Database) -> None:
            async with db.transaction() as conn:
                n = (await conn.execute(text("SELECT n FROM counter"))).scalar_one()
                await asyncio.sleep(0.05)
                await conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

        await asyncio.gather(bump(first), bump(second), bump(first), bump(second))
        async with first.connect() as conn:
            assert (await conn.execute(text("SELECT n FROM counter"))).scalar_one() == 4
    finally:
        await first.close()
        await second.close()


async def test_an_invalidation_during_a_build_is_not_lost(db: Database, run_sql) -> None:
    await run_sql("CREATE TABLE a (id INTEGER PRIMARY KEY)")
    building = asyncio.create_task(db.overview())
    await asyncio.sleep(0)  # the build has started and holds the old schema
    await run_sql("CREATE TABLE b (id INTEGER PRIMARY KEY)")
    await building
    assert set((await db.overview()).collections) == {"a", "b"}


async def test_postgres_schema_with_capitals() -> None:
    schema = f"Studio_Mixed_{uuid.uuid4().hex[:6]}"
    async with postgres_schema(schema) as url:
        db = await Database.open(url)
        try:
            assert db.schema == schema and (await db.overview()).collections == {}
        finally:
            await db.close()
