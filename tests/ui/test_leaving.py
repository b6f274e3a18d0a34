"""Leaving item pages through the app (another collection, quitting) asks about unsaved edits,
as leaving with Escape does."""

from __future__ import annotations

from studio.engine import Database
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import UnsavedChangesScreen
from studio.ui.screens.item import ItemScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import open_item, read, replace


async def _country(db: Database) -> int:
    from studio.engine.items import ItemsService

    items = await ItemsService(db, "countries").read_many(
        fields=["id"], filter={"code": {"_eq": "FR"}}
    )
    return items[0]["id"]


async def test_opening_another_collection_asks_then_saves(demo_url: str, demo_db: Database) -> None:
    key = await _country(demo_db)
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "countries", key)
        await replace(pilot, screen, "name", "République française")
        app.open_collection("cities")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("escape")  # stay
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.dirty
        app.open_collection("cities")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.screen.collection == "cities"  # type: ignore[attr-defined]
    assert (await read(demo_db, "countries", key, "name"))["name"] == "République française"


async def test_quitting_with_edits_asks_and_discard_writes_nothing(
    demo_url: str, demo_db: Database
) -> None:
    key = await _country(demo_db)
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "countries", key)
        await replace(pilot, screen, "name", "Nowhere")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        assert app.is_running
        await pilot.press("d")
        await wait_until(pilot, lambda: not app.is_running)
    assert (await read(demo_db, "countries", key, "name"))["name"] == "France"


async def test_quitting_without_edits_does_not_ask(demo_url: str, demo_db: Database) -> None:
    key = await _country(demo_db)
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "countries", key)
        assert isinstance(app.screen, ItemScreen)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
