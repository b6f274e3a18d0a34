"""Fixtures for the field wizard's tests: an empty database (SQLite and PostgreSQL) holding a few
collections made through the engine's CollectionsService, the wizard opened on the app, the
keys a person presses to move through it, and a picture of the schema to prove nothing was
written when the wizard is left."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import inspect, text
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.ui.app import StudioApp
from studio.ui.screens.field_wizard import FieldWizardScreen
from tests.ui.conftest import wait_until

COLLECTIONS = ("countries", "recipes", "ingredients")


async def make_collections(url: str) -> None:
    db = await Database.open(url)
    try:
        service = CollectionsService(db)
        for collection in COLLECTIONS:
            await service.create(collection)
    finally:
        await db.close()


@pytest.fixture
async def studio_url(db_url: str) -> AsyncIterator[str]:
    """An empty database (each kind) with countries, recipes and ingredients, keys only."""
    await make_collections(db_url)
    yield db_url


async def schema_state(url: str) -> dict[str, Any]:
    """Every table with its columns, and every system row: what a wizard left alone keeps."""
    db = await Database.open(url)
    try:
        async with db.connect() as conn:

            def tables(sync_conn: Any) -> dict[str, list[str]]:
                found = inspect(sync_conn)
                return {
                    name: sorted(c["name"] for c in found.get_columns(name))
                    for name in sorted(found.get_table_names())
                }

            state: dict[str, Any] = {"tables": await conn.run_sync(tables)}
            for table in ("studio_collections", "studio_fields", "studio_relations"):
                rows = await conn.execute(text(f"SELECT * FROM {table}"))
                state[table] = sorted(repr(tuple(row)) for row in rows)
        return state
    finally:
        await db.close()


async def open_wizard(pilot: Pilot, collection: str) -> FieldWizardScreen:
    app: StudioApp = pilot.app  # type: ignore[assignment]
    app.open_field_wizard(collection)
    await wait_until(pilot, lambda: isinstance(app.screen, FieldWizardScreen))
    screen = app.screen
    assert isinstance(screen, FieldWizardScreen)
    await pilot.pause()
    return screen


async def choose_kind(pilot: Pilot, screen: FieldWizardScreen, kind: str) -> None:
    """Step 1: move the cursor down to the kind, then Enter."""
    kinds = screen.query_one("#step-kind", OptionList)
    target = kinds.get_option_index(kind)
    while kinds.highlighted != target:
        await pilot.press("down" if (kinds.highlighted or 0) < target else "up")
    await pilot.press("enter")
    await wait_until(pilot, lambda: screen.step == 2 and screen.pane is not None)


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    await pilot.press(*text)


async def to_preview(pilot: Pilot, screen: FieldWizardScreen) -> None:
    """From step 2 or 3 to the preview (ctrl+n, step by step), and wait for the change to be
    worked out or refused (a refusal sends the wizard back to a step)."""
    for _ in range(4 - screen.step):
        step = screen.step
        await pilot.press("ctrl+n")
        await pilot.pause(0.1)
        if screen.step == step:
            return  # a problem found at this step
    await wait_until(pilot, lambda: screen.change is not None or screen.step != 4)


async def create(pilot: Pilot, screen: FieldWizardScreen) -> None:
    """Create from the preview and wait for the wizard to close."""
    app = pilot.app
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is not screen, seconds=20)
