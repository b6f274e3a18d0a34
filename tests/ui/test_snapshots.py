"""Pictures of the main screens (pytest-textual-snapshot), at 80x24 and 120x40, on the demo
database. Deterministic: fixed demo data, no cursor blink, every visible row loaded before the
picture. Update a baseline (`pytest --snapshot-update`) only after looking at the new screen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.ui.app import StudioApp, Target
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.browser.million import ROWS, build_million
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import replace, row
from tests.ui.snapshots import copy_demo, no_blink

SIZES = [(80, 24), (120, 40)]
RunBefore = Callable[[Pilot], Awaitable[None]]


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    return copy_demo(demo_file, tmp_path)


@pytest.fixture(scope="module")
def million_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_million(tmp_path_factory.mktemp("million") / "million.db"))


async def browsing(pilot: Pilot, collection: str) -> ItemGrid:
    app: StudioApp = pilot.app  # type: ignore[assignment]
    await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen), seconds=30)
    app.open_collection(collection)
    await pilot.pause()
    grid = app.screen.query_one(ItemGrid)
    grid.focus()
    await wait_until(pilot, lambda: grid.settled)
    no_blink(pilot)
    return grid


def browser_on(collection: str, *keys: str) -> RunBefore:
    async def run_before(pilot: Pilot) -> None:
        grid = await browsing(pilot, collection)
        if keys:
            await pilot.press(*keys)
            await wait_until(pilot, lambda: grid.settled)
        no_blink(pilot)

    return run_before


def item_page(collection: str, row: int) -> RunBefore:
    async def run_before(pilot: Pilot) -> None:
        grid = await browsing(pilot, collection)
        grid.move_cursor(row)
        await pilot.press("enter")
        app = pilot.app
        await wait_until(
            pilot, lambda: isinstance(app.screen, ItemScreen) and app.screen.form is not None
        )
        await pilot.pause(0.1)
        no_blink(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_browser_cities(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=browser_on("cities", "down", "space"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_item_page_article(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=item_page("articles", 0))


def test_item_page_validation_error(snap_compare, demo_copy: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        await item_page("articles", 0)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ItemScreen)
        await replace(pilot, screen, "slug", "welcome X")  # not a valid slug
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: row(screen, "slug").has_class("-error"))
        no_blink(pilot)

    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_million_rows_scrolled_to_the_end(snap_compare, million_file: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        grid = await browsing(pilot, "readings")
        assert grid.row_count == ROWS
        await pilot.press("end")
        await wait_until(pilot, lambda: grid.settled and grid.cursor_row == ROWS - 1)

    app = StudioApp(Target(url=million_file))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_filter_builder_over_the_browser(snap_compare, demo_copy: str) -> None:
    """A dialog dims the screen it belongs to; it never hides it."""

    async def run_before(pilot: Pilot) -> None:
        await browsing(pilot, "articles")
        await pilot.press("f")
        await pilot.pause(0.2)
        no_blink(pilot)

    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
