"""Reordering a collection's fields: one transaction writing `sort` 1..n, metadata rows made
for fields that had none, and a refusal that writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from studio.engine import Database, StudioError
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from tests.engine.schema.conftest import snapshot


@pytest.fixture
async def posts(db: Database) -> Database:
    await CollectionsService(db).create("posts", system_fields=["status"])
    fields = FieldsService(db)
    await fields.create("posts", "title", "string")
    await fields.create("posts", "body", "text")
    return db


def order(overview, collection: str) -> list[str]:  # type: ignore[no-untyped-def]
    return list(overview.collection(collection).fields)


async def test_reorder_sets_the_form_order(posts: Database) -> None:
    fields = FieldsService(posts)
    keys = ["title", "body", "id", "status"]
    preview = await fields.preview_reorder("posts", keys)
    applied = await fields.reorder("posts", keys)
    assert preview.steps == applied.steps
    assert any("form order of posts" in line for line in applied.outline)
    overview = await posts.overview()
    assert order(overview, "posts") == keys
    assert [overview.field("posts", k).sort for k in keys] == [1, 2, 3, 4]
    # A second identical reorder has nothing to write.
    assert (await fields.preview_reorder("posts", keys)).steps == []


async def test_reorder_adopts_fields_without_metadata(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(text("CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT)"))
        await conn.execute(
            text("CREATE TABLE spots (id INTEGER PRIMARY KEY, place INTEGER REFERENCES places(id))")
        )
    db.invalidate_overview()
    await FieldsService(db).reorder("spots", ["place", "id"])
    overview = await db.overview()
    assert order(overview, "spots") == ["place", "id"]
    place = overview.field("spots", "place")
    assert place.has_meta and place.interface == "select-dropdown-m2o"
    assert "m2o" in place.special
    assert overview.relation_info("spots", "place").related_collection == "places"


async def test_a_refused_reorder_writes_nothing(posts: Database) -> None:
    before = await snapshot(posts)
    fields = FieldsService(posts)
    with pytest.raises(StudioError):
        await fields.reorder("posts", ["title", "nope", "id"])
    with pytest.raises(StudioError) as twice:
        await fields.reorder("posts", ["title", "title"])
    assert twice.value.field == "keys"
    assert await snapshot(posts) == before
