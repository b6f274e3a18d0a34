"""Browsing a collection as an editor does: open it, search, sort, open an item."""

from __future__ import annotations

from sqlalchemy import text

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.screens.item import ItemScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.browser.helpers import (
    browser,
    column_texts,
    keys,
    lines,
    open_collection,
    settle,
    status,
)
from tests.ui.conftest import running_studio, wait_until


async def test_a_collection_opens_with_related_items_shown_by_their_template(
    demo_url: str, demo_db: Database
) -> None:
    expected = await ItemsService(demo_db, "cities").read_many(
        fields=["id", "name", "country.name"], sort=["id"], limit=10
    )
    total = (await ItemsService(demo_db, "cities").count()).value
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        assert [c.key for c in g.columns][:3] == ["id", "name", "country"]
        assert column_texts(g, "name")[:10] == [c["name"] for c in expected]
        # the M2O column shows the country through the countries' template ({{name}})
        assert column_texts(g, "country")[:10] == [c["country"]["name"] for c in expected]
        drawn = lines(g)
        assert "Kabul" in drawn[1] and "Afghanistan" in drawn[1]
        assert status(app).startswith(f"Cities  ·  {total:,} items")


async def test_search_finds_items_on_the_server(demo_url: str, demo_db: Database) -> None:
    service = ItemsService(demo_db, "cities")
    expected = await service.read_many(fields=["name"], search="san", sort=["id"], limit=-1)
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("slash", *"san", "enter")
        await settle(pilot, app)
        assert g.has_focus  # enter goes back to the items
        assert g.row_count == len(expected) > 0
        shown = column_texts(g, "name")
        assert shown == [c["name"] for c in expected][: len(shown)]
        assert "Search: san" in str(browser(app).query_one("#browser-filter").content)
        await pilot.press("x")  # clears the search
        await settle(pilot, app)
        assert g.row_count == (await service.count()).value


async def test_sorting_by_the_cursor_column_cycles(demo_url: str, demo_db: Database) -> None:
    service = ItemsService(demo_db, "cities")
    by_name = [c["name"] for c in await service.read_many(fields=["name"], sort=["name", "id"])]
    by_name_desc = [
        c["name"] for c in await service.read_many(fields=["name"], sort=["-name", "id"])
    ]
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("right", "s")
        await settle(pilot, app)
        shown = column_texts(g, "name")
        assert shown == by_name[: len(shown)]
        assert "Name ▲" in lines(g)[0]
        await pilot.press("s")
        await settle(pilot, app)
        assert column_texts(g, "name") == by_name_desc[: len(shown)]
        assert "Name ▼" in lines(g)[0]
        await pilot.press("s")
        await settle(pilot, app)
        assert keys(g)[:3] == [1, 2, 3]  # back to the key order
        # sorting the relational column goes by the related title (country.name)
        await pilot.press("right", "s")
        await settle(pilot, app)
        countries = column_texts(g, "country")
        assert countries == sorted(countries) and countries[0] == "Afghanistan"


async def test_a_value_that_looks_like_markup_is_shown_as_written(
    demo_url: str, demo_db: Database
) -> None:
    async with demo_db.transaction() as conn:
        await conn.execute(text("UPDATE cities SET name = '[/x] [bold]odd[/bold]' WHERE id = 2"))
        await conn.execute(
            text("UPDATE cities SET name = :name WHERE id = 3"), {"name": "a\x1b[2Jb\nc"}
        )
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        assert "[/x] [bold]odd[/bold]" in lines(g)[2]
        assert "a�[2Jb c" in lines(g)[3]  # no control character reaches the terminal


async def test_enter_opens_the_item_and_the_list_knows_its_neighbours(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        item = app.screen
        assert isinstance(item, ItemScreen)
        assert (item.collection, item.key) == ("cities", 3)
        assert item.item_list is not None
        assert await item.item_list.neighbour(1, -1) is None
        assert await item.item_list.neighbour(3, -1) == 2
        assert await item.item_list.neighbour(3, 1) == 4  # as "save and next" would
        # the item changes while its page is open; back in the list, the grid shows it
        async with demo_db.transaction() as conn:
            await conn.execute(text("UPDATE cities SET name = 'Renamed' WHERE id = 3"))
        app.pop_screen()
        await wait_until(pilot, lambda: browser(app) is not None and "Renamed" in lines(g)[3])
        assert g.cursor_row == 3  # the cursor followed the item page to item 4


async def test_create_opens_an_empty_form(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        await open_collection(pilot, app, "countries")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        assert isinstance(app.screen, ItemScreen)
        assert (app.screen.collection, app.screen.key) == ("countries", None)


async def test_the_mouse_selects_rows_and_sorts_by_a_header(
    demo_url: str, demo_db: Database
) -> None:
    service = ItemsService(demo_db, "cities")
    by_name = [c["name"] for c in await service.read_many(fields=["name"], sort=["name", "id"])]
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        name_x = 2 + g.columns[0].width + 2 + 1  # gutter, the key column, into Name
        assert await pilot.click(ItemGrid, offset=(name_x, 4))
        assert g.cursor_row == 3 and g.cursor_column == 1
        assert await pilot.click(ItemGrid, offset=(name_x, 0))  # the header
        await settle(pilot, app)
        shown = column_texts(g, "name")
        assert shown == by_name[: len(shown)]
        assert await pilot.click(ItemGrid, offset=(name_x, 2), times=2)  # a double click
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        assert app.screen.key == g.row(1)["id"]


async def test_coming_back_from_an_item_keeps_the_place_in_the_list(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        g.move_cursor(1500)
        await settle(pilot, app)
        top = g.scroll_offset.y
        assert top > 1000
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        app.pop_screen()
        await wait_until(pilot, lambda: browser(app) is not None)
        await settle(pilot, app)
        assert (g.cursor_row, g.scroll_offset.y) == (1500, top)
