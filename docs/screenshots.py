"""Regenerate the README's screenshots (SVG) from the running app on the demo database.

    .venv/bin/python docs/screenshots.py

Each picture is the real app driven by keys, as in the snapshot tests, at 100x30.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from studio.engine.demo import open_demo
from studio.ui.app import StudioApp, Target
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.coverage import CoverageScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.widgets.item_grid import ItemGrid

FOLDER = Path(__file__).parent / "screenshots"
SIZE = (100, 30)


async def until(pilot, condition) -> None:
    while not condition():
        await pilot.pause(0.02)
    await pilot.pause(0.1)


def _coverage_ready(app: StudioApp) -> bool:
    grids = app.screen.query(ItemGrid) if isinstance(app.screen, CoverageScreen) else None
    return bool(grids) and grids.first().settled


async def shoot(database: Path) -> None:
    app = StudioApp(Target(url=str(database)))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        app.open_collection("cities")
        await pilot.pause()
        grid = app.screen.query_one(ItemGrid)
        grid.focus()
        await until(pilot, lambda: grid.settled)
        await pilot.press("down", "space", "down", "space")
        app.save_screenshot("browser.svg", str(FOLDER))

        app.open_collection("articles")
        await pilot.pause()
        grid = app.screen.query_one(ItemGrid)
        grid.focus()
        await until(pilot, lambda: grid.settled)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and app.screen.form)
        app.save_screenshot("item.svg", str(FOLDER))

        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await pilot.press("f")
        await pilot.pause(0.3)
        app.save_screenshot("filter.svg", str(FOLDER))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        app.open_coverage("articles", "translations")
        await until(pilot, lambda: _coverage_ready(app))
        await pilot.press("n", "n", "n")
        await pilot.pause(0.5)
        app.save_screenshot("coverage.svg", str(FOLDER))

        app.open_item("cities", 2)
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and app.screen.form)
        screen = app.screen
        assert isinstance(screen, ItemScreen) and screen.form is not None
        screen.form.focus_field("country")
        await pilot.press("f", "r")
        await pilot.pause(0.6)  # the typeahead waits for typing to stop, then reads
        app.save_screenshot("relations.svg", str(FOLDER))


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        db = await open_demo(path)
        await db.close()
        await shoot(path)
    print(f"screenshots written to {FOLDER}")


if __name__ == "__main__":
    asyncio.run(main())
