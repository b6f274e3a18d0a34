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
