"""The pilot of issue 9: starting from an empty database, an admin builds the Directus
relationship guide's model with the data model screens and the field wizard only (keys at
80x24), on SQLite and PostgreSQL. The result must be the very tables and metadata the schema
services build when called directly, and every new interface must work on an item at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from studio.engine import Database
from tests.conftest import postgres_schema
from tests.ui.conftest import running_studio
from tests.ui.data_model.conftest import open_data_model
from tests.ui.pilot.build_steps import add_field, create_collection
from tests.ui.pilot.guide_steps import GUIDE, build_with_services, comparable


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
    async with running_studio(db_url, (80, 24)) as (_app, pilot):
        model = await open_data_model(pilot)
        for step in GUIDE:
            if step.kind == "collection":
                await create_collection(pilot, model, step.collection)
            else:
                await add_field(pilot, model, step)
    built = await built_model(db_url)
    async with reference_database(db_url, tmp_path) as reference:
        await build_with_services(reference)
        expected = await comparable(reference)
    assert sorted(built["tables"]) == sorted(expected["tables"])
    for table in expected["tables"]:
        assert built["tables"][table] == expected["tables"][table], table
    for table, rows in expected["rows"].items():
        assert built["rows"][table] == rows, table
