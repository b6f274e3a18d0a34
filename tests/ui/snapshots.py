"""What every snapshot test needs: a private demo copy (with field metadata changed where a
picture should show one interface only), no blinking cursor, and an item page on screen."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.ui.app import StudioApp
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.item import ItemScreen
from tests.ui.conftest import wait_until


def copy_demo(
    demo_file: Path, tmp_path: Path, meta: Mapping[tuple[str, str], dict[str, Any]] | None = None
) -> str:
    """A copy of the demo file; `meta` updates fields' metadata in it ((collection, field))."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    if meta:

        async def update() -> None:
            db = await Database.open(str(copy))
            try:
                fields = FieldsService(db)
                for (collection, field), values in meta.items():
                    await fields.update(collection, field, meta=values)
            finally:
                await db.close()

        asyncio.run(update())
    return str(copy)


def no_blink(pilot: Pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


async def item_on_screen(pilot: Pilot, collection: str, key: Any) -> ItemScreen:
    """Past start-up, the item's page open with its form built."""
    app: StudioApp = pilot.app  # type: ignore[assignment]
    await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen), seconds=30)
    app.open_item(collection, key)
    await wait_until(
        pilot, lambda: isinstance(app.screen, ItemScreen) and app.screen.form is not None
    )
    screen = app.screen
    assert isinstance(screen, ItemScreen) and screen.form is not None
    return screen
