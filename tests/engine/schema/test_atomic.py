"""All or nothing, and the preview is what runs: a fault injected after any step of an M2M or
a translations creation leaves the schema and the system tables exactly as they were."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from studio.engine import Database
from studio.engine import changes as changes_module
from studio.engine.changes import SchemaChange, Statement
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from tests.engine.schema.conftest import snapshot, system_rows


class InjectedFault(Exception):
    pass


Operation = Callable[[FieldsService], Awaitable[SchemaChange]]

M2M: Operation = lambda f: f.create_m2m(  # noqa: E731
    "recipes", "ingredients", "ingredients", corresponding_field="recipes",
    sort_field="sort", context_fields=[{"field": "quantity", "type": "string"}],
)  # fmt: skip
TRANSLATIONS: Operation = lambda f: f.create_translations(  # noqa: E731
    "articles", translated_fields=[{"field": "title", "type": "string"}]
)
M2O_REBUILD: Operation = lambda f: f.create_m2o(  # noqa: E731
    "recipes", "author", "authors", corresponding_field="recipes", unique=True
)
PREVIEWS = {
    "m2m": (M2M, lambda f: f.preview_create_m2m(
        "recipes", "ingredients", "ingredients", corresponding_field="recipes",
        sort_field="sort", context_fields=[{"field": "quantity", "type": "string"}])),
    "translations": (TRANSLATIONS, lambda f: f.preview_create_translations(
        "articles", translated_fields=[{"field": "title", "type": "string"}])),
    "m2o": (M2O_REBUILD, lambda f: f.preview_create_m2o(
        "recipes", "author", "authors", corresponding_field="recipes", unique=True)),
}  # fmt: skip


@pytest.fixture
async def model(db: Database) -> Database:
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("recipes", meta={"display_template": "{{title}}"})
    await fields.create("recipes", "title", "string")
    await collections.create("articles")
    return db


async def step_count(db: Database, operation: str) -> int:
    return len((await PREVIEWS[operation][1](FieldsService(db))).steps)


@pytest.mark.parametrize("operation", ["m2m", "translations", "m2o"])
async def test_a_fault_after_any_step_changes_nothing(
    model: Database, operation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply, _ = PREVIEWS[operation]
    before = await snapshot(model)
    steps = await step_count(model, operation)
    assert steps > 8
    for fail_at in range(steps):

        def fault(index: int, _step: object, fail_at: int = fail_at) -> None:
            if index == fail_at:
                raise InjectedFault(f"after step {index}")

        monkeypatch.setattr(changes_module, "STEP_LISTENERS", [fault])
        with pytest.raises(InjectedFault):
            await apply(FieldsService(model))
        assert await snapshot(model) == before, f"fault after step {fail_at} left changes"
    monkeypatch.setattr(changes_module, "STEP_LISTENERS", [])
    await apply(FieldsService(model))
    assert await snapshot(model) != before


async def test_a_failing_statement_midway_changes_nothing(model: Database) -> None:
    """A real database error (not an injected one) in the middle of a change rolls it back."""
    before = await snapshot(model)
    preview = await FieldsService(model).preview_create_m2m("recipes", "ingredients", "ingredients")
    broken = SchemaChange("broken", model.dialect, list(preview.steps))
    broken.steps.insert(len(broken.steps) // 2, Statement("CREATE TABLE recipes (id INTEGER)"))
    from studio.engine.changes import schema_transaction

    with pytest.raises(Exception, match=r"(?i)already exists"):
        async with schema_transaction(model) as conn:
            await conn.run_sync(broken.apply_sync, model.system)
    assert await snapshot(model) == before


@pytest.mark.parametrize("operation", ["m2m", "translations", "m2o"])
async def test_the_preview_is_exactly_what_is_applied(model: Database, operation: str) -> None:
    apply, preview_of = PREVIEWS[operation]
    before = await snapshot(model)
    preview = await preview_of(FieldsService(model))
    assert await snapshot(model) == before  # previewing changes nothing
    applied = await apply(FieldsService(model))
    assert applied.steps == preview.steps
    assert applied.statements == preview.statements and preview.statements
    assert preview.render().count("\n") >= len(preview.steps)
    # Every metadata row the preview listed is in the system tables now.
    fields = {(r["collection"], r["field"]): r for r in await system_rows(model, "fields")}
    for write in preview.rows("fields"):
        row = fields[(write.key["collection"], write.key["field"])]
        for column, value in write.values.items():
            assert row[column] == value, (write, column)
    relations = {(r["many_collection"], r["many_field"]): r
                 for r in await system_rows(model, "relations")}  # fmt: skip
    for write in preview.rows("relations"):
        row = relations[(write.key["many_collection"], write.key["many_field"])]
        assert all(row[c] == v for c, v in write.values.items())


async def test_sqlite_rebuild_keeps_referencing_rows(model: Database) -> None:
    """Rebuilding a referenced table (SQLite move-and-copy) must not fire ON DELETE actions on
    the rows that point at it, and must keep declared types and ON DELETE of its own keys."""
    from sqlalchemy import text

    fields = FieldsService(model)
    await CollectionsService(model).create("countries")
    await fields.create_m2o("recipes", "country", "countries", on_delete="CASCADE")
    await CollectionsService(model).create("cities")
    await fields.create_m2o("cities", "country", "countries")
    await fields.create("countries", "code", "uuid", schema={"indexed": True})
    async with model.transaction() as conn:
        await conn.execute(text("INSERT INTO countries (id) VALUES (1)"))
        await conn.execute(text("INSERT INTO cities (id, country) VALUES (5, 1)"))
        await conn.execute(text("INSERT INTO recipes (id, title, country) VALUES (9, 't', 1)"))
    # Adding an FK to countries rebuilds countries on SQLite; cities point at it.
    await fields.create_o2o("countries", "capital", "cities")
    await fields.create_m2o("recipes", "origin", "cities")  # rebuilds recipes (CASCADE FK)
    async with model.connect() as conn:
        assert (await conn.execute(text("SELECT country FROM cities"))).scalar() == 1
        assert (await conn.execute(text("SELECT country FROM recipes"))).scalar() == 1
    overview = await model.overview()
    assert overview.field("countries", "code").type == "uuid"
    assert overview.field("countries", "code").is_indexed
    assert overview.field("recipes", "country").foreign_key.on_delete == "CASCADE"
    assert overview.collection("countries").field("id").has_auto_increment
