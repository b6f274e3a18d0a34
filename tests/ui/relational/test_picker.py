"""The picker screen on its own: picking several items one search at a time, and the hook a
screen listing items for another purpose (the "where used" list) changes Enter and the hint
through."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from studio.engine import Database
from studio.ui.app import StudioApp
from studio.ui.screens.picker import Picked, PickerScreen
from studio.ui.screens.usage_list import UsageListScreen
from studio.ui.usages import Usage
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import page, type_text
from tests.ui.relational.test_m2o import key_of


def status(picker: PickerScreen) -> str:
    return str(picker.query_one("#picker-status", Static).content)


async def search_for(pilot: Any, picker: PickerScreen, text: str) -> None:
    """Type `text` into the search box (replacing what is there) and go back to the rows."""
    await pilot.press("slash", "end", "ctrl+u")
    await type_text(pilot, text)
    await pilot.press("enter")
    await wait_until(pilot, lambda: picker.search_text == text and picker.grid.settled)


async def open_picker(app: StudioApp, pilot: Any, picker: PickerScreen) -> list[Any]:
    results: list[Any] = []
    app.push_screen(picker, results.append)
    await wait_until(pilot, lambda: app.screen is picker and bool(picker.query(ItemGrid)))
    await wait_until(pilot, lambda: picker.grid.settled)
    return results


async def test_several_items_are_picked_one_search_at_a_time(
    demo_url: str, demo_db: Database
) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    tirana = await key_of(demo_db, "cities", "Tirana")
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        picker = PickerScreen("cities", title="Pick cities", multiple=True)
        results = await open_picker(app, pilot, picker)
        await search_for(pilot, picker, "Kabul")
        assert picker.grid.cursor_key == kabul
        await pilot.press("space")
        await search_for(pilot, picker, "Tirana")  # another search: Kabul stays selected
        await pilot.press("space")
        assert list(picker.grid.selected) == [kabul, tirana]
        assert "2 selected" in status(picker)
        await pilot.press("x")  # clearing the search and filter keeps it too
        await wait_until(pilot, lambda: picker.grid.settled and picker.search_text == "")
        assert list(picker.grid.selected) == [kabul, tirana]
        assert "2 selected" in status(picker)
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(results))
    assert [p.key for p in results[0]] == [kabul, tirana]
    assert all(isinstance(p, Picked) for p in results[0])


async def test_picking_one_item_says_enter_picks(demo_url: str, demo_db: Database) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        picker = PickerScreen("cities", title="Pick a city")
        results = await open_picker(app, pilot, picker)
        assert status(picker).endswith("items  ·  enter picks")
        await search_for(pilot, picker, "Kabul")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(results))
    assert [p.key for p in results[0]] == [kabul]


async def test_the_usage_list_opens_instead_of_picking(demo_url: str, demo_db: Database) -> None:
    france = await key_of(demo_db, "countries", "France")
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        usage = Usage("o2m", "cities", {"country": {"_eq": france}}, "Cities", "Country")
        listing = UsageListScreen(usage, title="Cities of France")
        results = await open_picker(app, pilot, listing)
        assert status(listing).endswith("items  ·  enter opens  ·  esc back")
        key = listing.grid.cursor_key
        await pilot.press("enter")
        await wait_until(pilot, lambda: page(app) is not None and page(app).key == key)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is listing and listing.grid.settled)
        assert status(listing).endswith("enter opens  ·  esc back")
        assert results == []  # nothing was picked
