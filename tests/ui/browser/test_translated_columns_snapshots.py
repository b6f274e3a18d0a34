"""Pictures of translated columns at 80x24: the column picker with its one entry per
translatable field, and the articles browser with the titles switched to German (archived
shown, so one article has no German title and its cell is empty; the navigation hidden)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import SelectionList

from studio.ui.app import StudioApp, Target
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.column_picker import ColumnPickerScreen
from tests.ui.conftest import wait_until
from tests.ui.snapshots import copy_demo, no_blink
from tests.ui.test_snapshots import browsing


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    return copy_demo(demo_file, tmp_path)


async def _picker_on_the_title(pilot: Pilot) -> None:
    """The articles' column picker, its cursor on the shown English title."""
    app = pilot.app
    grid = await browsing(pilot, "articles")
    await pilot.press("v")
    await wait_until(pilot, lambda: grid.settled)
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(app.screen, ColumnPickerScreen))
    await pilot.pause(0.05)
    await pilot.press("down", "down")
    picker = app.screen.query_one(SelectionList)
    assert picker.get_option_at_index(picker.highlighted or 0).value == ("translations.title@en-US")


def test_column_picker_with_translations(snap_compare, demo_copy: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _picker_on_the_title(pilot)
        await pilot.press("end", "up", "up")  # the spare entries in view
        await pilot.pause(0.05)
        no_blink(pilot)

    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_browser_articles_titles_in_german(snap_compare, demo_copy: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        await _picker_on_the_title(pilot)
        await pilot.press(*"ger", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        grid = app.screen.query_one("ItemGrid")
        await pilot.pause(0.05)
        await wait_until(pilot, lambda: grid.settled)  # type: ignore[attr-defined]
        await pilot.press("ctrl+b")  # the navigation out of the way: every column in view
        await pilot.pause(0.05)
        no_blink(pilot)

    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
