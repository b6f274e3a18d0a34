"""The O2M list keeps what the user is looking at on screen at 80x24: the cursor row of a page
taller than the screen, and the hint under the list when it grows by a line."""

from __future__ import annotations

from textual.widget import Widget

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.interfaces.o2m import O2MInterface
from tests.ui.conftest import running_studio
from tests.ui.relational.o2m_helpers import hint, open_list, until_settled
from tests.ui.relational.test_o2m_options import shelves

AFGHANISTAN = 1


def in_view(widget: Widget, top: int, bottom: int) -> bool:
    """Lines `top`..`bottom` of `widget` (widget coordinates) are inside its scrolling
    container's window."""
    container = next(
        a for a in widget.ancestors if isinstance(a, Widget) and a.allow_vertical_scroll
    )
    window = container.scrollable_content_region
    return window.y <= widget.region.y + top and widget.region.y + bottom < window.bottom


async def test_a_hint_that_grows_a_line_is_scrolled_into_view(demo_url: str) -> None:
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        _, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        key = cities.window.current()
        cities.staging.edit(key, {"population": 5}, "Kabul (Afghanistan)")
        cities._changed(key)
        await until_settled(pilot, cities)
        await pilot.pause()
        assert hint(cities) == "edited · u undoes"
        await pilot.press("delete")  # the hint becomes two lines
        await pilot.pause()
        await pilot.pause()
        label = cities.query_one("#o2m-hint")
        assert "when you save" in hint(cities) and label.region.height == 2
        assert in_view(label, 0, label.region.height - 1)


async def test_the_cursor_row_of_a_tall_page_stays_on_screen(
    demo_url: str, demo_db: Database
) -> None:
    shelf, _ = await shelves(demo_db, options={"limit": 30})
    books = ItemsService(demo_db, "books")
    await books.create_many([{"title": f"Volume {i:02}", "shelf": shelf} for i in range(25)])
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        _, interface = await open_list(app, pilot, "shelves", shelf, "books")
        assert isinstance(interface, O2MInterface)
        listing = interface.child_list
        for _ in range(25):
            await pilot.press("down")
        await pilot.pause()
        await pilot.pause()
        assert interface.window.cursor == 25
        assert in_view(listing, 25, 25)
        await pilot.press("home")
        await pilot.pause()
        await pilot.pause()
        assert in_view(listing, 0, 0)
        form = next(
            a for a in listing.ancestors if isinstance(a, Widget) and a.allow_vertical_scroll
        )
        scrolled = form.scroll_offset
        await pilot.press("down", "down")  # in view already: the page does not move
        await pilot.pause()
        await pilot.pause()
        assert form.scroll_offset == scrolled
