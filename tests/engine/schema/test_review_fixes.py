"""Regressions from the schema service's second review: each test is one confirmed bug."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect, text

from studio.engine import Database, StudioError
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from tests.conftest import RunSQL
from tests.engine.schema.conftest import snapshot


@pytest.mark.parametrize(
    ("value", "new_type"),
    [("\u0661\u0662", "integer"), ("\uff11\uff12", "bigInteger"), ("\u0661.\u0665", "float"),
     ("\u0661\u0662", "decimal"),
     ("1_000", "float"), ("12\u00a0", "integer"), ("1e400", "float")],
)  # fmt: skip
async def test_type_change_counts_non_ascii_numbers_as_lost(
    db: Database, value: str, new_type: str
) -> None:
    """int()/Decimal() read Unicode digits, SQLite's CAST reads them as 0 and PostgreSQL's
    refuses them: the preview counts them and the change is refused."""
    await CollectionsService(db).create("posts")
    fields = FieldsService(db)
    await fields.create("posts", "qty", "string")
    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO posts (id, qty) VALUES (1, :v)"), {"v": value})
    before = await snapshot(db)
    preview = await fields.preview_change_type("posts", "qty", new_type)
    assert preview.problems and "1 item(s)" in preview.problems[0]
    with pytest.raises(StudioError, match="1 item"):
        await fields.change_type("posts", "qty", new_type)
    assert await snapshot(db) == before


async def test_delete_collection_that_its_own_m2a_allows(db: Database) -> None:
    """The junction is dropped first; the M2A's links to the collection are not deleted from
    the junction afterwards."""
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("blocks")
    await collections.create("texts")
    await fields.create_m2a("blocks", "children", ["blocks", "texts"])
    preview = await collections.preview_delete("blocks")
    assert not any("blocks_children" in sql and "DELETE" in sql for sql in preview.statements)
    await collections.delete("blocks")
    overview = await db.overview()
    assert set(overview.collections) == {"texts"}
    assert overview.relations == ()


async def test_delete_the_last_collection_an_m2a_allows(db: Database) -> None:
    """An M2A left with nothing to link to goes with its junction, as a deleted field would."""
    collections, fields = CollectionsService(db), FieldsService(db)
    for name in ("pages", "texts", "images"):
        await collections.create(name)
    await fields.create_m2a("pages", "sections", ["texts", "images"])
    await fields.create_m2a("pages", "extras", ["texts"])
    preview = await collections.preview_delete("texts")
    assert any("'pages_extras' is dropped" in note for note in preview.notes)
    assert "field pages.extras is deleted" in preview.notes
    await collections.delete("texts")
    overview = await db.overview()
    assert set(overview.collections) == {"pages", "images", "pages_sections"}
    assert set(overview.collection("pages").fields) == {"id", "sections"}
    m2a = overview.relation_by_many("pages_sections", "item")
    assert m2a is not None and m2a.one_allowed_collections == ("images",)


async def test_sqlite_rebuild_reads_check_and_generated_as_sql_not_text(
    db: Database, run_sql: RunSQL
) -> None:
    """`checked`, `generated_at` or a default of 'CHECK (' do not stop a rebuild; a real CHECK
    constraint or generated column still does, and nothing changes."""
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("tasks")
    await collections.create("people")
    await fields.create("tasks", "checked", "boolean")
    await fields.create("tasks", "generated_at", "timestamp")
    await fields.create("tasks", "label", "string", schema={"default": "CHECK (x) AS (y)"})
    await fields.create_m2o("tasks", "owner", "people")  # a rebuild on SQLite
    await fields.update("tasks", "generated_at", schema={"nullable": False, "default": "$NOW"})
    overview = await db.overview()
    assert overview.field("tasks", "owner").foreign_key is not None
    assert overview.field("tasks", "label").default_value == "CHECK (x) AS (y)"
    if db.dialect != "sqlite":
        return
    await run_sql(
        'CREATE TABLE guarded (id INTEGER PRIMARY KEY, qty INTEGER CONSTRAINT "c" CHECK(qty > 0))',
        "CREATE TABLE derived (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER AS (a * 2))",
    )
    for table in ("guarded", "derived"):
        await collections.adopt(table)
        before = await snapshot(db)
        with pytest.raises(StudioError, match="CHECK constraints or generated columns"):
            await fields.create_m2o(table, "owner", "people")
        assert await snapshot(db) == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # AUTOINCREMENT is SQLite's
async def test_sqlite_rebuild_keeps_autoincrement(db: Database, run_sql: RunSQL) -> None:
    await run_sql("CREATE TABLE legacy (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)",
                  "CREATE TABLE autoincrement_log (id INTEGER PRIMARY KEY, note TEXT)")  # fmt: skip
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.adopt("legacy")
    await collections.adopt("autoincrement_log")
    await collections.create("people")
    await fields.create_m2o("legacy", "owner", "people")
    await fields.create_m2o("autoincrement_log", "owner", "people")
    async with db.connect() as conn:
        ddl = dict((await conn.execute(text("SELECT name, sql FROM sqlite_master"))).all())
    assert "AUTOINCREMENT" in ddl["legacy"]
    assert "AUTOINCREMENT" not in ddl["autoincrement_log"]
    assert (await db.overview()).field("legacy", "id").type == "integer"


async def test_sqlite_rebuild_recreates_the_views_that_read_the_table(
    db: Database, run_sql: RunSQL
) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("tasks")
    await collections.create("people")
    await fields.create("tasks", "title", "string")
    await run_sql(
        "INSERT INTO tasks (id, title) VALUES (1, 'a')",
        'CREATE VIEW task_titles AS SELECT id, title FROM "tasks"',
        "CREATE VIEW first_titles AS SELECT title FROM task_titles WHERE id = 1",
        "CREATE VIEW people_ids AS SELECT id FROM people",
    )
    preview = await fields.preview_create_m2o("tasks", "owner", "people")
    if db.dialect == "sqlite":
        assert preview.statements[:2] == ["DROP VIEW first_titles", "DROP VIEW task_titles"]
        assert any("'task_titles', 'first_titles'" in note for note in preview.notes)
    await fields.create_m2o("tasks", "owner", "people")
    await fields.create("tasks", "done", "boolean", schema={"nullable": False, "default": False})
    async with db.connect() as conn:
        assert (await conn.execute(text("SELECT title FROM first_titles"))).scalar() == "a"
    if db.dialect == "sqlite":
        with pytest.raises(StudioError, match="View 'task_titles' reads 'tasks'"):
            await fields.delete("tasks", "title")
        await fields.delete("tasks", "owner")  # not used by the views: rebuilt, views kept
        async with db.connect() as conn:
            assert (await conn.execute(text("SELECT title FROM first_titles"))).scalar() == "a"


@pytest.mark.parametrize(
    "key",
    ["collation", "concurrently", "tablesample", "analyse", "asymmetric", "binary",
     "current_role", "current_catalog", "current_schema", "freeze", "ilike", "localtime",
     "localtimestamp", "overlaps", "placing", "similar", "system_user", "authorization"],
)  # fmt: skip
async def test_postgresql_reserved_words_are_refused(db: Database, key: str) -> None:
    await CollectionsService(db).create("posts")
    with pytest.raises(StudioError, match="reserved SQL word") as caught:
        await FieldsService(db).create("posts", key, "string")
    assert caught.value.field == "field"
    with pytest.raises(StudioError, match="reserved SQL word"):
        await CollectionsService(db).create(key)


def test_no_key_studio_accepts_needs_quoting() -> None:
    """Every word either dialect's SQLAlchemy preparer would quote is refused as a key."""
    from sqlalchemy.dialects import postgresql, sqlite

    from studio.engine.names import RESERVED_WORDS, check_key

    for dialect in (postgresql.dialect(), sqlite.dialect()):
        for word in dialect.identifier_preparer.reserved_words:
            if word.isidentifier() and word == word.lower():
                with pytest.raises(StudioError):
                    check_key(word, what="field", field="field")
    assert {"collation", "tablesample", "concurrently", "system_user"} <= RESERVED_WORDS


async def test_rename_takes_the_index_and_foreign_key_names_along(db: Database) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("posts")
    await collections.create("people")
    await fields.create("posts", "slug", "string", schema={"unique": True})
    await fields.create("posts", "views", "integer", schema={"indexed": True})
    await fields.create_m2o("posts", "owner", "people")
    await fields.rename("posts", "slug", "handle")
    await fields.rename("posts", "views", "hits")
    await fields.rename("posts", "owner", "manager")
    async with db.connect() as conn:
        indexes = await conn.run_sync(lambda c: inspect(c).get_indexes("posts"))
        keys = await conn.run_sync(lambda c: inspect(c).get_foreign_keys("posts"))
    assert {i["name"] for i in indexes} >= {"posts_handle_unique", "posts_hits_index"}
    if db.dialect == "postgresql":
        assert [k["name"] for k in keys] == ["posts_manager_foreign"]
    # the old names are free again, the new ones are found
    await fields.create("posts", "slug", "string", schema={"unique": True})
    await fields.create("posts", "views", "integer", schema={"indexed": True})
    await fields.create_m2o("posts", "owner", "people")
    await fields.update("posts", "handle", schema={"unique": False})
    await fields.update("posts", "hits", schema={"indexed": False})
    overview = await db.overview()
    assert not overview.field("posts", "handle").is_unique
    assert not overview.field("posts", "hits").is_indexed
    assert overview.field("posts", "slug").is_unique
    assert overview.field("posts", "owner").foreign_key is not None
    assert overview.field("posts", "manager").foreign_key is not None
    await fields.delete("posts", "manager")
    await CollectionsService(db).delete("people")
    assert set((await db.overview()).collection("posts").fields) == {
        "id", "handle", "hits", "slug", "views", "owner"
    }  # fmt: skip


@pytest.mark.parametrize("self_relation", [False, True])
async def test_delete_the_corresponding_field_of_an_m2m(db: Database, self_relation: bool) -> None:
    """The corresponding alias goes alone; the field that owns the junction takes it along."""
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("recipes")
    related = "recipes" if self_relation else "ingredients"
    if not self_relation:
        await collections.create("ingredients")
    await fields.create_m2m("recipes", "parts", related, corresponding_field="used_in")
    junction = "recipes_recipes" if self_relation else "recipes_ingredients"
    preview = await fields.preview_delete(related, "used_in")
    assert not preview.statements and not preview.notes
    await fields.delete(related, "used_in")
    overview = await db.overview()
    assert "used_in" not in overview.collection(related).fields
    assert junction in overview.collections
    assert overview.relation_info("recipes", "parts").kind == "m2m"
    owner = overview.relation_by_one("recipes", "parts")
    assert owner is not None and owner.junction_field is not None
    sibling = overview.relation_by_many(junction, owner.junction_field)
    assert sibling is not None and sibling.has_meta and sibling.one_field is None

    await fields.create_m2m("recipes", "more", related, corresponding_field="more_of")
    preview = await fields.preview_delete("recipes", "more")
    assert f"field {related}.more_of is deleted" in preview.notes
    await fields.delete("recipes", "more")
    overview = await db.overview()
    assert "more_of" not in overview.collection(related).fields
    assert "more" not in overview.collection("recipes").fields
    await fields.delete("recipes", "parts")
    assert junction not in (await db.overview()).collections


async def test_delete_the_languages_side_of_translations(db: Database) -> None:
    await CollectionsService(db).create("articles")
    fields = FieldsService(db)
    await fields.create_translations("articles")
    # a corresponding field on languages, added afterwards as metadata
    overview = await db.overview()
    junction = overview.relation_by_one("articles", "translations").many_collection
    other = overview.relation_by_one("articles", "translations").junction_field
    async with db.transaction() as conn:
        await conn.execute(
            text(f"UPDATE {db.system.relations.name} SET one_field = 'articles' "
                 "WHERE many_collection = :j AND many_field = :f"), {"j": junction, "f": other}
        )  # fmt: skip
    db.invalidate_overview()
    await fields.create("languages", "articles", "alias", meta={"special": "translations"})
    await fields.delete("languages", "articles")
    overview = await db.overview()
    assert junction in overview.collections
    assert overview.relation_info("articles", "translations").kind == "translations"


async def test_unique_field_with_a_default_on_a_table_with_items(db: Database) -> None:
    await CollectionsService(db).create("posts")
    fields = FieldsService(db)
    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO posts (id) VALUES (1)"))
    await fields.create("posts", "code", "string", schema={"unique": True, "default": "x"})
    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO posts (id, code) VALUES (2, 'y'), (3, 'z')"))
    before = await snapshot(db)
    options = {"schema": {"unique": True, "default": "x"}}
    preview = await fields.preview_create("posts", "other", "string", **options)
    assert preview.problems and "3 item(s)" in preview.problems[0]
    with pytest.raises(StudioError, match="unique field 'other'"):
        await fields.create("posts", "other", "string", **options)
    assert await snapshot(db) == before
    await fields.create("posts", "other", "string", schema={"default": "x"})


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # PostgreSQL enforces them always
async def test_sqlite_foreign_key_check_looks_at_what_the_change_touched(db: Database) -> None:
    """A dangling key already in the database blocks no change (not even one rebuilding its
    table); a change that adds one is still rolled back."""
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("people")
    await collections.create("tasks")
    await fields.create_m2o("tasks", "owner", "people")
    raw = sqlite3.connect(db.engine.url.database)
    raw.executescript(
        "PRAGMA foreign_keys = OFF; CREATE TABLE a (id INTEGER PRIMARY KEY);"
        "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));"
        "INSERT INTO b VALUES (1, 99); INSERT INTO people (id) VALUES (1);"
        "INSERT INTO tasks (id, owner) VALUES (1, 1);"
    )
    raw.close()
    db.invalidate_overview()
    await collections.create("unrelated")
    await collections.adopt("b")
    await fields.create_m2o("b", "owner", "people")  # rebuilds b, dangling row and all
    async with db.connect() as conn:
        assert (await conn.execute(text("SELECT a_id FROM b"))).scalar() == 99

    from studio.engine.changes import SchemaChange, Statement, schema_transaction

    before = await snapshot(db)
    change = SchemaChange("break", "sqlite", [Statement("DELETE FROM people", kind="data")])
    change.touched.add("people")
    with pytest.raises(StudioError, match=r"1 row\(s\) of 'tasks' pointing at missing items"):
        async with schema_transaction(db) as conn:
            await conn.run_sync(change.apply_sync, db.system)
    assert await snapshot(db) == before
