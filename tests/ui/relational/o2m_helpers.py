"""Helpers for the O2M list tests: open an item's list field, wait for its reads, read what it
shows, and read the children back from the database."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.interfaces.o2m import O2MInterface
from studio.ui.screens.item import ItemScreen
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import open_item, row


def settled(interface: O2MInterface) -> bool:
    """The list shows its page with every title read, and no read is pending."""
    window = interface.window
    if window.total is None or window.rows() is None or window.missing():
        return False
    return not interface._order_reading and not interface._pending


async def open_list(
    app: StudioApp, pilot: Pilot, collection: str, key: Any, field: str
) -> tuple[ItemScreen, O2MInterface]:
    """Open the item's page and put the cursor in the list `field`, its first page read."""
    screen = await open_item(app, pilot, collection, key)
    interface = row(screen, field).interface
    assert isinstance(interface, O2MInterface), interface
    assert screen.form is not None and screen.form.focus_field(field)
    await wait_until(pilot, lambda: settled(interface))
    return screen, interface


async def until_settled(pilot: Pilot, interface: O2MInterface) -> None:
    await pilot.pause()
    await wait_until(pilot, lambda: settled(interface))


def titles(interface: O2MInterface) -> list[str]:
    return [line.title for line in interface.child_list.lines]


def marks(interface: O2MInterface) -> dict[str, str]:
    """Title → mark text of the staged rows on the page."""
    return {line.title: line.mark for line in interface.child_list.lines if line.mark}


def summary(interface: O2MInterface) -> str:
    return str(interface.query_one("#o2m-summary").content)  # type: ignore[attr-defined]


def hint(interface: O2MInterface) -> str:
    return str(interface.query_one("#o2m-hint").content)  # type: ignore[attr-defined]


async def go_to(pilot: Pilot, interface: O2MInterface, title: str) -> None:
    """Move the cursor down the list (page by page) to the row named `title`."""
    for _ in range(200):
        if interface.window.current() is not None and interface._title(
            interface.window.current()
        ).startswith(title):
            return
        before = interface.window.cursor
        await pilot.press("down")
        await until_settled(pilot, interface)
        if interface.window.cursor == before:
            break
    raise AssertionError(f"no row {title!r} in the list")


async def children(db: Database, parent: Any, *fields: str) -> list[dict[str, Any]]:
    """The cities of country `parent` as stored, in their order."""
    db.invalidate_overview()
    return await ItemsService(db, "cities").read_many(
        {
            "fields": ["id", "name", *fields],
            "filter": {"country": {"_eq": parent}},
            "sort": ["sort"],
            "limit": -1,
        }
    )


async def city(db: Database, name: str, *fields: str) -> dict[str, Any]:
    found = await ItemsService(db, "cities").read_many(
        {"fields": ["id", "name", *fields], "filter": {"name": {"_eq": name}}, "limit": 2}
    )
    assert len(found) == 1, found
    return found[0]
