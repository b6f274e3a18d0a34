"""Metadata rows on top of tables: what the overview takes from `studio_collections`/`_fields`."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from studio.engine import Database
from studio.engine.schema import thaw


async def test_collection_and_field_metadata_are_merged(db: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL,"
        " status VARCHAR(20) NOT NULL DEFAULT 'draft', body TEXT, rank INTEGER)"
    )
    async with db.transaction() as conn:
        await conn.execute(
            insert(db.system.collections).values(
                collection="posts", icon="article", note="Blog posts", hidden=False,
                display_template="{{title}}", archive_field="status", archive_value="archived",
                unarchive_value="draft", sort_field="rank", sort=2, group="content",
                translations=[{"language": "de-DE", "translation": "Beiträge"}],
            )
        )  # fmt: skip
        await conn.execute(insert(db.system.collections).values(collection="content", sort=1))
        for row in (
            {"collection": "posts", "field": "body", "sort": 1, "width": "full",
             "interface": "input-multiline", "note": "Markdown", "required": True,
             "options": {"placeholder": "Write…", "trim": True},
             "conditions": [{"name": "locked", "rule": {"status": {"_eq": "archived"}},
                             "readonly": True}],
             "validation": {"_and": [{"body": {"_nempty": True}}]},
             "validation_message": "A post needs a body"},
            {"collection": "posts", "field": "title", "sort": 2, "width": "half",
             "searchable": False},
            {"collection": "posts", "field": "status", "sort": 3, "readonly": True,
             "hidden": True, "display": "labels", "display_options": {"showAsDot": True}},
        ):  # fmt: skip
            await conn.execute(insert(db.system.fields).values(**row))
    db.invalidate_overview()
    overview = await db.overview()

    # A folder (metadata without a table) sorts with the tables by its sort value.
    assert list(overview.collections) == ["content", "posts"]
    folder = overview.collection("content")
    assert folder.is_folder and not folder.editable and folder.fields == {}

    posts = overview.collection("posts")
    assert posts.has_meta and posts.icon == "article" and posts.group == "content"
    assert (posts.archive_field, posts.archive_value, posts.unarchive_value) == (
        "status", "archived", "draft"
    )  # fmt: skip
    assert posts.archive_app_filter and posts.accountability == "all"
    assert posts.sort_field == "rank" and posts.display_template == "{{title}}"
    assert thaw(posts.translations) == [{"language": "de-DE", "translation": "Beiträge"}]

    # Fields with a sort come first in that order; the rest keep the table's column order.
    assert list(posts.fields) == ["body", "title", "status", "id", "rank"]
    body = posts.field("body")
    assert body.has_meta and body.required and body.note == "Markdown"
    assert body.options is not None and body.options["placeholder"] == "Write…"
    with pytest.raises(TypeError):
        body.options["trim"] = False  # type: ignore[index]
    assert body.conditions is not None and body.conditions[0]["readonly"] is True
    assert thaw(body.validation) == {"_and": [{"body": {"_nempty": True}}]}
    assert body.validation_message == "A post needs a body"
    title = posts.field("title")
    assert title.width == "half" and not title.searchable and title.interface == "input"
    status = posts.field("status")
    assert status.readonly and status.hidden and status.display == "labels"
    assert status.default_value == "draft"
    rank = posts.field("rank")
    assert not rank.has_meta and rank.searchable and rank.width == "full"
