"""Helpers for item page tests: open a page the way the app does, type as an editor types."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.form.row import FieldRow
from studio.ui.item_list import ItemList
from studio.ui.screens.item import ItemScreen
from tests.ui.conftest import wait_until


class KeyList:
    """The list an item was opened from, as the browser would give it: a list of keys."""

    def __init__(self, keys: list[Any]) -> None:
        self.keys = keys
        self.asked: list[tuple[Any, int]] = []

    async def neighbour(self, key: Any, step: int) -> Any | None:
        self.asked.append((key, step))
        index = self.keys.index(key) + step
        return self.keys[index] if 0 <= index < len(self.keys) else None


async def open_item(
    app: StudioApp,
    pilot: Pilot,
    collection: str,
    key: Any = None,
    item_list: ItemList | None = None,
) -> ItemScreen:
    app.open_item(collection, key, item_list)
    await wait_until(pilot, lambda: page(app) is not None and page(app).key == key)
    return page(app)  # type: ignore[return-value]


def page(app: StudioApp) -> ItemScreen | None:
    screen = app.screen
    if isinstance(screen, ItemScreen) and screen.form is not None:
        return screen
    return None


def row(screen: ItemScreen, name: str) -> FieldRow:
    assert screen.form is not None
    return screen.form.rows[name]


async def focus(pilot: Pilot, screen: ItemScreen, name: str) -> None:
    assert screen.form is not None
    assert screen.form.focus_field(name), f"{name} takes no focus"
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    """Short text key by key; longer text pasted (one event, as a terminal sends a paste)."""
    if len(text) <= 4:
        keys = ["enter" if ch == "\n" else "space" if ch == " " else ch for ch in text]
        await pilot.press(*keys)
        return
    assert pilot.app.focused is not None
    pilot.app.post_message(events.Paste(text))  # the app hands it to the focused widget
    await pilot.pause()


async def replace(pilot: Pilot, screen: ItemScreen, name: str, text: str) -> None:
    """Focus a field's box, clear it and type `text`, as an editor would."""
    target = row(screen, name).interface.focus_target()
    assert target is not None, f"{name} takes no focus"
    target.focus()
    if isinstance(target, TextArea):
        await pilot.press("f7")  # select all: what is typed or pasted replaces it
        if not text:
            await pilot.press("delete")
    elif isinstance(target, Input):
        await pilot.press("end", "ctrl+u")
    else:
        raise AssertionError(f"{name} is not a text box: {target!r}")
    await type_text(pilot, text)


async def saved(pilot: Pilot, screen: ItemScreen) -> None:
    """Wait until the screen has no write in flight."""
    await pilot.pause()
    await wait_until(pilot, lambda: not screen._busy)


async def read(db: Database, collection: str, key: Any, *fields: str) -> dict[str, Any]:
    db.invalidate_overview()
    return await ItemsService(db, collection).read_one(key, list(fields) or ["*"])
