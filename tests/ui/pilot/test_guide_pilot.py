"""The pilot of issue 9: starting from an empty database, an admin builds the Directus
relationship guide's model with the data model screens and the field wizard only (keys at
80x24), on SQLite and PostgreSQL. The result must be the very tables and metadata the schema
services build when called directly, and every new interface must work on an item at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text

from studio.engine import Database
from tests.conftest import postgres_schema
from tests.ui.conftest import running_studio
from tests.ui.data_model.conftest import open_data_model
from tests.ui.pilot.build_steps import add_field, create_collection
from tests.ui.pilot.guide_steps import GUIDE, build_with_services, comparable
from tests.ui.pilot.use_steps import seed, use_every_interface


@asynccontextmanager
async def reference_database(url: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A second empty database of the same kind, holding the guide built by the services."""
    if url.startswith("sqlite"):
        db = await Database.open(f"sqlite+aiosqlite:///{tmp_path / 'reference.db'}")
        try:
            yield db
        finally:
            await db.close()
        return
    async with postgres_schema("studio_reference_" + Path(tmp_path).name[-12:].lower()) as ref:
        db = await Database.open(ref)
        try:
            yield db
        finally:
            await db.close()


async def built_model(url: str) -> dict[str, Any]:
    db = await Database.open(url)
    try:
        return await comparable(db)
    finally:
        await db.close()


async def test_the_guide_model_built_with_the_wizard_from_an_empty_database(
    db_url: str, tmp_path: Path
) -> None:
    async with running_studio(db_url, (80, 24)) as (app, pilot):
        model = await open_data_model(pilot)
        for step in GUIDE:
            if step.kind == "collection":
                await create_collection(pilot, model, step.collection)
            else:
                await add_field(pilot, model, step)
        built = await built_model(db_url)
        await pilot.press("escape")  # the data model, back to the browser
        db = await Database.open(db_url)
        try:
            keys = await seed(db)
            await use_every_interface(app, pilot, keys)
            used = await what_the_editor_wrote(db, keys)
        finally:
            await db.close()
    async with reference_database(db_url, tmp_path) as reference:
        await build_with_services(reference)
        expected = await comparable(reference)
    assert sorted(built["tables"]) == sorted(expected["tables"])
    for table in expected["tables"]:
        assert built["tables"][table] == expected["tables"][table], table
    for table, rows in expected["rows"].items():
        assert built["rows"][table] == rows, table
    (paris, _lyon), (flour, water), (hello, world) = (
        keys["cities"], keys["ingredients"], keys["articles"]
    )  # fmt: skip
    assert used == {
        "cities": [(paris, keys["countries"][0])],
        "capital": keys["cities"][0],
        "recipes_ingredients": sorted([(keys["recipes"][0], flour), (keys["recipes"][0], water)]),
        "articles_articles": [(hello, world)],
        "articles_translations": [(hello, used["first_language"], "Hello")],
        "first_language": used["first_language"],
        "pages_sections": [(keys["pages"][0], "headings", str(keys["headings"][0]))],
    }


async def what_the_editor_wrote(db: Database, keys: dict[str, list[Any]]) -> dict[str, Any]:
    async def rows(sql: str) -> list[tuple[Any, ...]]:
        async with db.connect() as conn:
            return sorted(tuple(r) for r in (await conn.execute(text(sql))).all())

    return {
        "cities": await rows("SELECT id, country FROM cities WHERE country IS NOT NULL"),
        "capital": (await rows("SELECT capital_city FROM countries"))[0][0],
        "recipes_ingredients": await rows(
            "SELECT recipes_id, ingredients_id FROM recipes_ingredients"
        ),
        "articles_articles": await rows(
            "SELECT articles_id, related_articles_id FROM articles_articles"
        ),
        "articles_translations": await rows(
            "SELECT articles_id, languages_code, title FROM articles_translations"
        ),
        "first_language": (await rows("SELECT min(code) FROM languages"))[0][0],
        "pages_sections": await rows("SELECT pages_id, collection, item FROM pages_sections"),
    }
