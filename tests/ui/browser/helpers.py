"""What the browser tests share: open a collection and wait for its rows, read the grid as text."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from studio.ui.app import StudioApp
from studio.ui.screens.browser import BrowserScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.conftest import wait_until


def browser(app: StudioApp) -> BrowserScreen:
    screen = app.screen
    assert isinstance(screen, BrowserScreen), screen
    return screen


def grid(app: StudioApp) -> ItemGrid:
    return browser(app).query_one(ItemGrid)


def loaded(app: StudioApp) -> bool:
    """The count is known and every row on screen is drawn (no placeholder)."""
    if not isinstance(app.screen, BrowserScreen):
        return False
    g = app.screen.query_one_optional(ItemGrid)
    return g is not None and g.settled


async def settle(pilot: Pilot, app: StudioApp) -> None:
    await pilot.pause()
    await wait_until(pilot, lambda: loaded(app))


async def open_collection(pilot: Pilot, app: StudioApp, collection: str) -> ItemGrid:
    app.open_collection(collection)
    await pilot.pause()
    await settle(pilot, app)
    g = grid(app)
    g.focus()
    await pilot.pause()
    return g


def lines(g: ItemGrid) -> list[str]:
    """The grid as drawn: the header, then one line per row on screen."""
    return [g.render_line(y).text for y in range(g.size.height)]


def column_texts(g: ItemGrid, key: str) -> list[str]:
    """One column's cells as drawn, for the rows on screen."""
    index = [c.key for c in g.columns].index(key)
    column = g.columns[index]
    return [column.text(g.row(i) or {}) for i in g.visible_range()]


def keys(g: ItemGrid) -> list[Any]:
    return [(g.row(i) or {}).get(g.primary_key or "") for i in g.visible_range()]


def status(app: StudioApp) -> str:
    from textual.widgets import Static

    return str(browser(app).query_one("#browser-status", Static).content)
