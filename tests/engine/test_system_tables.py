"""The system tables: created on first connect, idempotent, versioned, migratable."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from studio.engine import Database
from studio.engine.system import BASELINE_VERSION, Migration, SystemTables

DIRECTUS_FIELD_COLUMNS = {
    "id", "collection", "field", "special", "interface", "options", "display", "display_options",
    "readonly", "hidden", "sort", "width", "translations", "note", "conditions", "required",
    "group", "validation", "validation_message", "searchable",
}  # fmt: skip
DIRECTUS_RELATION_COLUMNS = {
    "id", "many_collection", "many_field", "one_collection", "one_field", "one_collection_field",
    "one_allowed_collections", "junction_field", "sort_field", "one_deselect_action",
}  # fmt: skip
DIRECTUS_COLLECTION_COLUMNS = {
    "collection", "icon", "note", "display_template", "hidden", "singleton", "translations",
    "archive_field", "archive_app_filter", "archive_value", "unarchive_value", "sort_field",
    "accountability", "color", "item_duplication_fields", "sort", "group", "collapse",
    "preview_url", "versioning",
}  # fmt: skip


async def _columns(conn: AsyncConnection, table: str) -> set[str]:
    return await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns(table)})


async def _dump(db: Database) -> dict[str, list[tuple]]:
    async with db.connect() as conn:
        dump = {}
        for table in db.system.metadata.sorted_tables:
            rows = await conn.execute(select(table))
            dump[table.name] = sorted(tuple(map(str, row)) for row in rows)
        return dump


async def test_first_connect_creates_the_directus_shaped_tables(db: Database) -> None:
    async with db.connect() as conn:
        assert await _columns(conn, "studio_collections") == DIRECTUS_COLLECTION_COLUMNS
        assert await _columns(conn, "studio_fields") == DIRECTUS_FIELD_COLUMNS
        assert await _columns(conn, "studio_relations") == DIRECTUS_RELATION_COLUMNS
        version = await conn.run_sync(db.system.current_version)
    assert version == BASELINE_VERSION


async def test_creating_twice_changes_nothing(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            db.system.fields.insert().values(collection="a", field="b", special="cast-json")
        )
    before = await _dump(db)
    again = await Database.open(db.url)
    try:
        async with again.transaction() as conn:
            assert await again.system.ensure(conn) == BASELINE_VERSION
    finally:
        await again.close()
    assert await _dump(db) == before
    assert len(before["studio_system_version"]) == 1


def _add_searchable_weight(conn: Connection, system: SystemTables) -> None:
    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import Column, Integer

    operations = Operations(MigrationContext.configure(conn))
    operations.add_column(system.fields.name, Column("search_weight", Integer, server_default="1"))


async def test_an_older_version_is_migrated_once(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(db.system.fields.insert().values(collection="a", field="b"))
    step = Migration(BASELINE_VERSION + 1, "add search weight", _add_searchable_weight)

    async with db.transaction() as conn:
        assert await db.system.ensure(conn, [step]) == BASELINE_VERSION + 1
    async with db.transaction() as conn:
        # Already at the new version: the step must not run again (it would fail if it did).
        assert await db.system.ensure(conn, [step]) == BASELINE_VERSION + 1

    async with db.connect() as conn:
        assert "search_weight" in await _columns(conn, "studio_fields")
        rows = (await conn.execute(text("SELECT field, search_weight FROM studio_fields"))).all()
        versions = (await conn.execute(text("SELECT version FROM studio_system_version"))).all()
    assert [tuple(r) for r in rows] == [("b", 1)]
    assert sorted(v for (v,) in versions) == [BASELINE_VERSION, BASELINE_VERSION + 1]


async def test_a_failing_migration_leaves_the_old_version(db: Database) -> None:
    def broken(conn: Connection, system: SystemTables) -> None:
        _add_searchable_weight(conn, system)
        raise RuntimeError("fault in the middle of a migration")

    step = Migration(BASELINE_VERSION + 1, "broken", broken)
    try:
        async with db.transaction() as conn:
            await db.system.ensure(conn, [step])
    except RuntimeError:
        pass
    async with db.connect() as conn:
        assert "search_weight" not in await _columns(conn, "studio_fields")
        assert await conn.run_sync(db.system.current_version) == BASELINE_VERSION


async def test_unversioned_tables_are_adopted_as_baseline(db_url: str) -> None:
    database = await Database.open(db_url, ensure_system=False)
    try:
        async with database.transaction() as conn:
            await conn.run_sync(
                lambda c: database.system.metadata.create_all(
                    c, tables=[database.system.collections, database.system.fields]
                )
            )
            await conn.execute(database.system.collections.insert().values(collection="kept"))
            assert await database.system.ensure(conn) == BASELINE_VERSION
        async with database.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            kept = (await conn.execute(select(database.system.collections.c.collection))).all()
        assert {"studio_relations", "studio_system_version"} <= names
        assert [k for (k,) in kept] == ["kept"]
    finally:
        await database.close()


async def test_the_prefix_is_one_setting(db_url: str) -> None:
    database = await Database.open(db_url, prefix="custom")
    try:
        async with database.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert {"custom_collections", "custom_fields", "custom_relations"} <= names
        assert not any(name.startswith("studio_") for name in names)
        assert (await database.overview()).collections == {}
    finally:
        await database.close()
