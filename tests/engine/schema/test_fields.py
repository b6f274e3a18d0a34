"""Standard fields on SQLite and PostgreSQL: every type, schema options, update, rename,
type changes that refuse to lose values, delete."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from studio.engine import Database, StudioError
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from tests.engine.schema.conftest import snapshot

TYPES = [
    "string", "text", "integer", "bigInteger", "float", "decimal", "boolean", "date", "time",
    "dateTime", "timestamp", "json", "csv", "uuid", "hash",
]  # fmt: skip


@pytest.fixture
async def posts(db: Database) -> Database:
    await CollectionsService(db).create("posts")
    return db


@pytest.mark.parametrize("field_type", TYPES)
async def test_every_type_reads_back_as_itself(posts: Database, field_type: str) -> None:
    await FieldsService(posts).create("posts", "value", field_type)
    field = (await posts.overview()).field("posts", "value")
    assert field.type == field_type
    assert field.has_meta and field.interface is not None


async def test_schema_options(posts: Database) -> None:
    fields = FieldsService(posts)
    await fields.create("posts", "title", "string", schema={"length": 80, "nullable": False,
                                                             "default": "Untitled"})  # fmt: skip
    await fields.create("posts", "price", "decimal", schema={"precision": 8, "scale": 2,
                                                              "default": "9.50"})  # fmt: skip
    await fields.create("posts", "slug", "string", schema={"unique": True})
    await fields.create("posts", "views", "integer", schema={"indexed": True, "default": 0})
    await fields.create("posts", "public", "boolean", schema={"default": True})
    await fields.create("posts", "published_on", "date", schema={"default": "$NOW"})
    overview = await posts.overview()
    title = overview.field("posts", "title")
    assert (title.max_length, title.nullable, title.default_value) == (80, False, "Untitled")
    price = overview.field("posts", "price")
    assert (price.numeric_precision, price.numeric_scale) == (8, 2)
    assert price.default_value == Decimal("9.50")
    assert overview.field("posts", "slug").is_unique
    views = overview.field("posts", "views")
    assert views.is_indexed and not views.is_unique and views.default_value == 0
    assert overview.field("posts", "public").default_value is True
    assert "current_date" in str(overview.field("posts", "published_on").default_value).lower()


async def test_meta_is_written(posts: Database) -> None:
    meta = {
        "interface": "input", "note": "Shown in lists", "width": "half", "required": True,
        "readonly": False, "hidden": False, "options": {"placeholder": "A title"},
        "display": "formatted-value", "conditions": [{"name": "x", "rule": {"id": {"_eq": 1}}}],
        "validation": {"title": {"_nempty": True}}, "validation_message": "Give it a title",
    }  # fmt: skip
    await FieldsService(posts).create("posts", "title", "string", meta=meta)
    title = (await posts.overview()).field("posts", "title")
    assert (title.note, title.width, title.required) == ("Shown in lists", "half", True)
    assert title.options["placeholder"] == "A title"
    assert title.validation_message == "Give it a title"
    with pytest.raises(StudioError) as caught:
        await FieldsService(posts).create("posts", "other", "string", meta={"width": "wide"})
    assert caught.value.field == "width"


@pytest.mark.parametrize(
    "key", ["my field", "Title", "select", "x'); DROP TABLE posts; --", "1a", "id", "ID"]
)
async def test_bad_field_keys_are_refused_and_nothing_is_created(posts: Database, key: str) -> None:
    before = await snapshot(posts)
    with pytest.raises(StudioError) as caught:
        await FieldsService(posts).create("posts", key, "string")
    assert caught.value.field == "field" and caught.value.message
    assert await snapshot(posts) == before


async def test_unknown_type_and_required_column_on_a_table_with_items(posts: Database) -> None:
    fields = FieldsService(posts)
    with pytest.raises(StudioError, match="not a field type") as caught:
        await fields.create("posts", "shape", "geometry")
    assert caught.value.field == "type"
    async with posts.transaction() as conn:
        await conn.execute(text("INSERT INTO posts (id) VALUES (1)"))
    with pytest.raises(StudioError, match="needs a default") as caught:
        await fields.create("posts", "title", "string", schema={"nullable": False})
    await fields.create("posts", "title", "string", schema={"nullable": False, "default": "x"})
    async with posts.connect() as conn:
        assert (await conn.execute(text("SELECT title FROM posts"))).scalar() == "x"


async def test_update_meta_and_schema(posts: Database) -> None:
    fields = FieldsService(posts)
    await fields.create("posts", "title", "string")
    async with posts.transaction() as conn:
        await conn.execute(text("INSERT INTO posts (id, title) VALUES (1, NULL), (2, 'b')"))
    await fields.update("posts", "title", meta={"note": "New note", "width": "half"})
    with pytest.raises(StudioError, match="1 item") as caught:
        await fields.update("posts", "title", schema={"nullable": False})
    assert caught.value.field == "nullable"
    async with posts.transaction() as conn:
        await conn.execute(text("UPDATE posts SET title = 'a' WHERE id = 1"))
    await fields.update("posts", "title", schema={"nullable": False, "default": "z",
                                                  "unique": True})  # fmt: skip
    title = (await posts.overview()).field("posts", "title")
    assert (title.note, title.nullable, title.default_value, title.is_unique) == (
        "New note", False, "z", True
    )  # fmt: skip
    await fields.update("posts", "title", schema={"unique": False})
    assert not (await posts.overview()).field("posts", "title").is_unique
    async with posts.connect() as conn:
        titles = (await conn.execute(text("SELECT title FROM posts ORDER BY id"))).scalars()
        assert list(titles) == ["a", "b"]


async def test_rename_follows_relations_and_templates(posts: Database) -> None:
    collections, fields = CollectionsService(posts), FieldsService(posts)
    await fields.create("posts", "title", "string")
    await collections.update("posts", {"display_template": "{{ title }} #{{id}}"})
    await collections.create("authors")
    await fields.create_m2o("posts", "author", "authors", corresponding_field="posts")
    async with posts.transaction() as conn:
        await conn.execute(text("INSERT INTO posts (id, title) VALUES (1, 'Hello')"))
    await fields.rename("posts", "title", "headline")
    await fields.rename("posts", "author", "writer")
    await fields.rename("authors", "posts", "articles")
    overview = await posts.overview()
    assert overview.collection("posts").display_template == "{{ headline }} #{{id}}"
    writer = overview.relation_info("posts", "writer")
    assert (writer.kind, writer.related_field) == ("m2o", "articles")
    assert overview.relation_info("authors", "articles").related_field == "writer"
    async with posts.connect() as conn:
        assert (await conn.execute(text("SELECT headline FROM posts"))).scalar() == "Hello"


async def test_change_type_converts_or_counts_what_would_be_lost(posts: Database) -> None:
    fields = FieldsService(posts)
    await fields.create("posts", "rank", "string")
    await fields.create("posts", "score", "float")
    async with posts.transaction() as conn:
        await conn.execute(
            text("INSERT INTO posts (id, rank, score) VALUES (1, ' 12', 1.0), (2, 'x', 2.5),"
                 " (3, NULL, 3.0), (4, '1.5', NULL)")
        )  # fmt: skip
    before = await snapshot(posts)
    preview = await fields.preview_change_type("posts", "rank", "integer")
    assert preview.problems and "2 item(s)" in preview.problems[0]
    with pytest.raises(StudioError, match="2 item"):
        await fields.change_type("posts", "rank", "integer")
    assert await snapshot(posts) == before
    with pytest.raises(StudioError, match="cannot convert"):
        await fields.change_type("posts", "rank", "boolean")

    async with posts.transaction() as conn:
        await conn.execute(text("UPDATE posts SET rank = '7' WHERE id IN (2, 4)"))
    await fields.change_type("posts", "rank", "integer")
    assert (await posts.overview()).field("posts", "rank").type == "integer"
    with pytest.raises(StudioError, match="1 item"):  # 2.5 is not whole
        await fields.change_type("posts", "score", "integer")
    await fields.change_type("posts", "score", "string")
    async with posts.connect() as conn:
        rows = (await conn.execute(text("SELECT rank FROM posts ORDER BY id"))).scalars()
        assert list(rows) == [12, 7, None, 7]


async def test_delete_field_takes_its_relation_and_the_alias_opposite(posts: Database) -> None:
    fields = FieldsService(posts)
    await CollectionsService(posts).create("authors")
    await fields.create_m2o("posts", "author", "authors", corresponding_field="posts")
    await fields.create("posts", "title", "string", schema={"unique": True})
    preview = await fields.preview_delete("posts", "author")
    assert "field authors.posts is deleted" in preview.notes
    await fields.delete("posts", "author")
    await fields.delete("posts", "title")
    overview = await posts.overview()
    assert set(overview.collection("posts").fields) == {"id"}
    assert set(overview.collection("authors").fields) == {"id"}
    assert overview.relations == ()
    with pytest.raises(StudioError, match="primary key"):
        await fields.delete("posts", "id")


async def test_alias_presentation_field(posts: Database) -> None:
    await FieldsService(posts).create("posts", "divider", "alias",
                                      meta={"interface": "presentation-divider"})  # fmt: skip
    divider = (await posts.overview()).field("posts", "divider")
    assert divider.is_alias and divider.special == ("alias", "no-data")
    await FieldsService(posts).delete("posts", "divider")
    assert "divider" not in (await posts.overview()).collection("posts").fields
