"""Edges a demanding editor reaches: a narrow terminal with scrollbars, a count that is a
multiple of the page size, a jump to the end changed into another move, modals that do not
change the data."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from textual.widgets import Input

from studio.engine import Database
from studio.engine.errors import StudioError
from studio.engine.items import ItemsService
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.filter_builder import FilterBuilderScreen
from studio.ui.screens.help import HelpScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.browser.helpers import browser, lines, open_collection, settle, status
from tests.ui.conftest import running_studio, wait_until


def seen(g: ItemGrid) -> list[str]:
    """The grid's lines as they reach the screen: without the rows and cells that the
    scrollbars cover."""
    view = g.scrollable_content_region
    return [g.render_line(y).crop(0, view.width).text for y in range(view.height)]


async def test_the_cursor_and_the_last_column_stay_clear_of_the_scrollbars(demo_url: str) -> None:
    """At 80x24 the cities need both scrollbars: the cursor row is never the one under the
    horizontal bar, and the last column is scrolled fully into view, not under the vertical."""
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        assert g.show_horizontal_scrollbar and g.show_vertical_scrollbar
        rows = len(seen(g)) - 1
        for _ in range(rows):
            await pilot.press("down")
        await pilot.pause()
        assert g.cursor_row == rows
        shown = seen(g)
        assert f" {g.cursor_key} " in shown[-1]  # the cursor row is the last one seen
        await pilot.press("pagedown")
        await pilot.pause()
        assert g.cursor_row == 2 * rows
        assert f" {g.cursor_key} " in seen(g)[-1]

        population = next(i for i, c in enumerate(g.columns) if c.key == "population")
        for _ in range(population):
            await pilot.press("right")
        await pilot.pause()
        assert g.cursor_column == population
        value = str(g.cursor_item["population"])  # type: ignore[index]
        cursor_line = g.cursor_row - g.scroll_offset.y + 1
        assert seen(g)[cursor_line].rstrip().endswith(value)


async def test_a_jump_to_the_end_gives_way_to_a_later_move(
    demo_url: str, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an estimated count End first counts exactly; Home pressed (or a search typed) before
    that count is back wins, instead of the cursor jumping to the end afterwards."""
    monkeypatch.setattr("studio.engine.items.EXACT_COUNT_BELOW", 100)
    if demo_db.dialect == "postgresql":
        async with demo_db.transaction() as conn:
            await conn.execute(text("ANALYZE cities"))
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        assert g.count_exact == (demo_db.dialect == "sqlite")
        g.action_last()
        g.action_first()  # before the exact count is back
        await settle(pilot, app)
        assert g.cursor_row == 0 and g.scroll_offset.y == 0
        search = browser(app).query_one("#browser-search", Input)
        search.focus()
        g.action_last()
        search.value = "an"  # many cities
        await pilot.press("enter")
        await wait_until(pilot, lambda: g.grid_query is not None and g.grid_query.search)
        await settle(pilot, app)
        assert g.cursor_row == 0


async def test_only_an_item_page_makes_the_grid_read_again(
    demo_url: str, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Help or a cancelled dialog changes nothing, so the rows are not read again; an item page
    may have, so they are, drawing the old rows meanwhile and keeping an exact count exact."""
    monkeypatch.setattr("studio.engine.items.EXACT_COUNT_BELOW", 100)
    if demo_db.dialect == "postgresql":
        async with demo_db.transaction() as conn:
            await conn.execute(text("ANALYZE cities"))
            await conn.execute(text("DELETE FROM cities WHERE id > 3000"))  # a stale estimate
    exact = (await ItemsService(demo_db, "cities").count()).value
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("end")
        await wait_until(pilot, lambda: g.count_exact and g.cursor_row == exact - 1)
        await settle(pilot, app)
        cache = g.cache
        for key, modal in (("f1", HelpScreen), ("f", FilterBuilderScreen)):
            await pilot.press(key)
            await wait_until(pilot, lambda modal=modal: isinstance(app.screen, modal))
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
            await pilot.pause(0.05)
            assert g.cache is cache

        last = g.cursor_key
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: g.cache is not cache)
        await settle(pilot, app)
        assert (g.row_count, g.count_exact, g.cursor_key) == (exact, True, last)
        assert f"  {exact:,} items" in status(app)
        assert g.cache is not None and "offset" not in g.cache.plans  # the end, read as such
        g.reload()
        assert g.row_count is None  # recounting, and meanwhile the old rows are drawn
        assert f" {last} " in g.render_line(g.cursor_row - g.scroll_offset.y + 1).text


async def test_a_read_failing_after_the_query_changed_does_not_stop_the_new_one(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow read of the old search fails once the user has typed another: the grid shows
    the new search's items, not the old one's error."""
    count = ItemsService.count
    release = asyncio.Event()

    async def failing_count(self: ItemsService, filter=None, search=None, **options):  # type: ignore[no-untyped-def]
        if search == "boom":
            await release.wait()
            raise StudioError("The old search failed.")
        return await count(self, filter, search, **options)

    monkeypatch.setattr(ItemsService, "count", failing_count)
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("slash", *"boom", "enter")
        assert g.grid_query is not None and g.grid_query.search == "boom"
        await pilot.press("slash", "ctrl+u", *"Paris", "enter")
        await wait_until(pilot, lambda: g.grid_query is not None and g.grid_query.search == "Paris")
        release.set()  # the old count fails now
        await pilot.pause()
        await settle(pilot, app)
        assert g.error is None
        assert g.row_count == 1 and "Paris" in lines(g)[1]
