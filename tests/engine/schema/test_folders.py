"""Navigation folders: collection metadata with no table, which other collections name as group."""

from __future__ import annotations

import pytest

from studio.engine import Database, StudioError
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from tests.engine.schema.conftest import snapshot


async def test_a_folder_groups_collections_in_its_sort_order(db: Database) -> None:
    collections = CollectionsService(db)
    preview = await collections.preview_create_folder(
        "content", meta={"note": "What the site shows", "icon": "folder", "sort": 1}
    )
    applied = await collections.create_folder(
        "content", meta={"note": "What the site shows", "icon": "folder", "sort": 1}
    )
    assert preview.steps == applied.steps
    await collections.create("pages", meta={"group": "content", "sort": 2})
    await collections.create("articles", meta={"sort": 1})
    await collections.update("articles", {"group": "content"})
    await collections.create_folder("archive", meta={"group": "content", "sort": 3})

    overview = await db.overview()
    folder = overview.collection("content")
    assert folder.is_folder and folder.fields == {} and not folder.editable
    assert (folder.name, folder.note, folder.icon, folder.sort) == (
        "Content", "What the site shows", "folder", 1
    )  # fmt: skip
    children = sorted(
        (c for c in overview.collections.values() if c.group == "content"),
        key=lambda c: c.sort or 0,
    )
    assert [c.collection for c in children] == ["articles", "pages", "archive"]
    assert overview.collection("archive").is_folder
    async with db.connect() as conn:
        tables = await conn.run_sync(lambda c: set(c.dialect.get_table_names(c)))
    assert "content" not in tables and "archive" not in tables


async def test_deleting_a_folder_moves_its_collections_to_the_top(db: Database) -> None:
    collections = CollectionsService(db)
    await collections.create_folder("places")
    await collections.create("cities", meta={"group": "places"})
    await collections.delete("places")
    overview = await db.overview()
    assert "places" not in overview.collections
    assert overview.collection("cities").group is None


@pytest.mark.parametrize(
    ("key", "meta", "field", "message"),
    [
        ("cities", None, "collection", "exists"),
        ("content", None, "collection", "exists"),
        ("my folder", None, "collection", "lowercase letters"),
        ("kitchen", {"singleton": True}, "singleton", "holds no items"),
        ("kitchen", {"archive_field": "status", "sort": 1}, "archive_field", "holds no items"),
        ("kitchen", {"group": "nowhere"}, "group", "no other collection or folder"),
        ("kitchen", {"group": "kitchen"}, "group", "no other collection or folder"),
        ("kitchen", {"colour": "red"}, "colour", "Unknown collection setting"),
    ],
)
async def test_bad_folders_are_refused_before_anything_is_written(
    db: Database, key: str, meta: dict[str, object] | None, field: str, message: str
) -> None:
    collections = CollectionsService(db)
    await collections.create("cities")
    await collections.create_folder("content")
    before = await snapshot(db)
    with pytest.raises(StudioError, match=message) as caught:
        await collections.create_folder(key, meta=meta)
    assert caught.value.field == field
    assert await snapshot(db) == before


async def test_a_collection_cannot_join_a_group_that_does_not_exist(db: Database) -> None:
    collections = CollectionsService(db)
    with pytest.raises(StudioError, match="no other collection or folder") as caught:
        await collections.create("cities", meta={"group": "places"})
    assert caught.value.field == "group"
    assert "cities" not in (await db.overview()).collections


async def test_a_folder_has_no_fields(db: Database) -> None:
    await CollectionsService(db).create_folder("content")
    with pytest.raises(StudioError, match="is a folder") as caught:
        await FieldsService(db).create("content", "title", "string")
    assert caught.value.field == "collection"
