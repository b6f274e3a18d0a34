"""CollectionsService on SQLite and PostgreSQL: keys, system fields, metadata, delete, adopt."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from studio.engine import Database, StudioError
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from tests.engine.schema.conftest import snapshot, system_rows


@pytest.mark.parametrize(
    ("kind", "field_type", "auto"),
    [("integer", "integer", True), ("uuid", "uuid", False), ("string", "string", False)],
)
async def test_each_primary_key_kind(db: Database, kind: str, field_type: str, auto: bool) -> None:
    await CollectionsService(db).create("things", primary_key=kind)
    key = (await db.overview()).field("things", "id")
    assert (key.type, key.is_primary_key, key.has_auto_increment) == (field_type, True, auto)
    assert key.special == (("uuid",) if kind == "uuid" else ())


async def test_big_integer_key_numbers_itself(db: Database) -> None:
    await CollectionsService(db).create("events", primary_key="bigInteger")
    key = (await db.overview()).field("events", "id")
    # SQLite only numbers an INTEGER PRIMARY KEY (64-bit anyway), so it reads as integer there.
    assert key.type == ("bigInteger" if db.dialect == "postgresql" else "integer")
    assert key.has_auto_increment


async def test_system_fields_carry_their_flags_and_collection_settings(db: Database) -> None:
    fields = ["status", "sort", "date_created", "user_created", "date_updated", "user_updated"]
    await CollectionsService(db).create(
        "posts", system_fields=fields, meta={"note": "Blog posts", "icon": "article"}
    )
    overview = await db.overview()
    posts = overview.collection("posts")
    assert list(posts.fields) == ["id", *fields]
    status = posts.field("status")
    assert (status.type, status.nullable, status.default_value) == ("string", False, "draft")
    assert status.interface == "select-dropdown"
    assert [c["value"] for c in status.options["choices"]] == ["published", "draft", "archived"]
    assert posts.field("date_created").type == "timestamp"
    assert posts.field("date_created").special == ("date-created",)
    assert posts.field("date_updated").special == ("date-updated",)
    assert posts.field("user_created").special == ("user-created",)
    assert posts.field("user_updated").readonly and posts.field("sort").hidden
    assert (posts.archive_field, posts.archive_value, posts.unarchive_value) == (
        "status",
        "archived",
        "draft",
    )
    assert posts.sort_field == "sort" and posts.note == "Blog posts" and posts.icon == "article"


BAD_KEYS = [
    ("my table", "lowercase letters"),
    ("it's", "lowercase letters"),
    ('x"; DROP TABLE studio_fields; --', "lowercase letters"),
    ("Articles", "lowercase letters"),
    ("select", "reserved SQL word"),
    ("order", "reserved SQL word"),
    ("1st", "must start with a letter"),
    ("", "Give the collection a key"),
    ("studio_things", "reserved for the system tables"),
    ("a" * 64, "the limit is 63"),
]


@pytest.mark.parametrize(("key", "message"), BAD_KEYS)
async def test_bad_collection_keys_are_refused_and_nothing_is_created(
    db: Database, key: str, message: str
) -> None:
    before = await snapshot(db)
    with pytest.raises(StudioError, match=message) as caught:
        await CollectionsService(db).create(key)
    assert caught.value.field == "collection"
    assert await snapshot(db) == before


async def test_an_existing_name_is_refused_even_in_another_case(db: Database, run_sql) -> None:
    await CollectionsService(db).create("articles")
    await run_sql("CREATE TABLE legacy (id INTEGER PRIMARY KEY)")
    before = await snapshot(db)
    for key in ("articles", "legacy"):
        with pytest.raises(StudioError, match="exists") as caught:
            await CollectionsService(db).create(key)
        assert caught.value.field == "collection"
    assert await snapshot(db) == before


async def test_preview_is_what_is_applied(db: Database) -> None:
    service = CollectionsService(db)
    preview = await service.preview_create("posts", system_fields=["status", "date_created"])
    assert (await snapshot(db))["names"] == sorted(db.system.table_names)  # nothing applied
    assert preview.statements[0].startswith("CREATE TABLE posts")
    applied = await service.create("posts", system_fields=["status", "date_created"])
    assert applied.steps == preview.steps
    fields = await system_rows(db, "fields")
    written = [(w.key["collection"], w.key["field"]) for w in preview.rows("fields")]
    assert sorted((r["collection"], r["field"]) for r in fields) == sorted(written)
    assert "CREATE TABLE posts" in preview.render()


async def test_update_collection_metadata(db: Database) -> None:
    service = CollectionsService(db)
    await service.create("posts", system_fields=["sort"])
    await service.update("posts", {"display_template": "{{id}}", "hidden": True, "color": "#f00"})
    posts = (await db.overview()).collection("posts")
    assert (posts.display_template, posts.hidden, posts.color) == ("{{id}}", True, "#f00")
    with pytest.raises(StudioError) as caught:
        await service.update("posts", {"sort_field": "nope"})
    assert caught.value.field == "sort_field"
    with pytest.raises(StudioError, match="Unknown collection setting"):
        await service.update("posts", {"colour": "red"})


async def test_update_writes_a_row_for_a_collection_without_metadata(db: Database, run_sql) -> None:
    await run_sql("CREATE TABLE legacy (id INTEGER PRIMARY KEY, name VARCHAR(20))")
    await CollectionsService(db).update("legacy", {"note": "From before"})
    assert (await db.overview()).collection("legacy").note == "From before"


async def test_adopt_a_table_created_elsewhere(db: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE owners (id INTEGER PRIMARY KEY, name VARCHAR(50))",
        "CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT,"
        " owner INTEGER REFERENCES owners(id))",
    )
    change = await CollectionsService(db).adopt("pets")
    assert change.statements == []
    overview = await db.overview()
    pets = overview.collection("pets")
    assert pets.has_meta and all(f.has_meta for f in pets.fields.values())
    assert pets.field("name").interface == "input-multiline"
    assert pets.field("owner").special == ("m2o",)
    assert overview.relation_by_many("pets", "owner").has_meta
    with pytest.raises(StudioError, match="already has metadata"):
        await CollectionsService(db).adopt("pets")


async def test_delete_takes_junctions_and_aliases_and_unties_m2os(db: Database) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("countries")
    await collections.create("cities")
    await collections.create("recipes")
    await fields.create_m2o("cities", "country", "countries", corresponding_field="cities")
    await fields.create_m2m("recipes", "countries", "countries", corresponding_field="recipes")
    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO countries (id) VALUES (7)"))
        await conn.execute(text("INSERT INTO cities (id, country) VALUES (1, 7)"))

    preview = await collections.preview_delete("countries")
    assert any("recipes_countries" in note for note in preview.notes)
    assert any("cities.country keeps its values" in note for note in preview.notes)
    await collections.delete("countries")

    overview = await db.overview()
    assert "countries" not in overview.collections
    assert "recipes_countries" not in overview.collections
    assert "countries" not in overview.collection("recipes").fields
    country = overview.field("cities", "country")
    assert country.foreign_key is None and country.special == ()
    assert overview.relation_by_many("cities", "country") is None
    async with db.connect() as conn:
        assert (await conn.execute(text("SELECT country FROM cities"))).scalar() == 7
    relations = await system_rows(db, "relations")
    assert relations == []


async def test_delete_an_allowed_collection_of_an_m2a(db: Database) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    for key in ("pages", "headings", "images"):
        await collections.create(key)
    await fields.create_m2a("pages", "sections", ["headings", "images"])
    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO pages (id) VALUES (1)"))
        await conn.execute(
            text(
                "INSERT INTO pages_sections (pages_id, item, collection) VALUES"
                " (1, '1', 'headings'), (1, '1', 'images')"
            )
        )
    await collections.delete("images")
    info = (await db.overview()).relation_info("pages", "sections")
    assert info.allowed_collections == ("headings",)
    async with db.connect() as conn:
        left = (await conn.execute(text("SELECT collection FROM pages_sections"))).all()
    assert left == [("headings",)]


async def test_delete_unties_two_m2os_of_one_table(db: Database) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("countries")
    await collections.create("people")
    await fields.create_m2o("people", "born_in", "countries")
    await fields.create_m2o("people", "lives_in", "countries", on_delete="CASCADE")
    await fields.create("people", "name", "string", schema={"indexed": True})
    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO countries (id) VALUES (1)"))
        await conn.execute(text("INSERT INTO people (id, born_in, lives_in) VALUES (3, 1, 1)"))
    await collections.delete("countries")
    people = (await db.overview()).collection("people")
    assert people.field("born_in").foreign_key is None
    assert people.field("lives_in").foreign_key is None
    assert people.field("name").is_indexed
    async with db.connect() as conn:
        row = (await conn.execute(text("SELECT born_in, lives_in FROM people"))).one()
    assert tuple(row) == (1, 1)
