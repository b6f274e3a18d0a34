"""Regressions from the schema service's second review: each test is one confirmed bug."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from studio.engine import Database, StudioError
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
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
