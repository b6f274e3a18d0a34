"""Helpers for the M2M tests: open an item's M2M field, pick items, drive the grid and the link
form, and read links back from the database."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.interfaces.m2m import M2MInterface
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.link_item import LinkItemScreen
from studio.ui.screens.picker import PickerScreen
from studio.ui.widgets.item_grid import ItemGrid
from studio.ui.widgets.link_grid_parts import GridCell, GridSlot, RowHandle
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import open_item, row, type_text
from tests.ui.relational.o2m_helpers import settled


async def open_links(
    app: StudioApp, pilot: Pilot, collection: str, key: Any, field: str
) -> tuple[ItemScreen, M2MInterface]:
    """The item's page with the cursor in its M2M `field`, the first page read."""
    screen = await open_item(app, pilot, collection, key)
    interface = row(screen, field).interface
    assert isinstance(interface, M2MInterface), interface
    assert screen.form is not None and screen.form.focus_field(field)
    await wait_until(pilot, lambda: settled(interface))
    return screen, interface


async def until_settled(pilot: Pilot, interface: M2MInterface) -> None:
    await pilot.pause()
    await wait_until(pilot, lambda: settled(interface))


def titles(interface: M2MInterface) -> list[str]:
    return [line.title for line in interface.child_list.lines]


def marks(interface: M2MInterface) -> dict[str, str]:
    return {line.title: line.mark for line in interface.child_list.lines if line.mark}


def summary(interface: M2MInterface) -> str:
    return str(interface.query_one("#o2m-summary", Static).content)


def hint(interface: M2MInterface) -> str:
    return str(interface.query_one("#o2m-hint", Static).content)


async def go_to(pilot: Pilot, interface: M2MInterface, title: str) -> None:
    """Move the cursor (in the list or the grid) to the first row whose title starts so."""
    for _ in range(100):
        current = interface.window.current()
        if current is not None and interface._title(current).startswith(title):
            return
        before = interface.window.cursor
        await pilot.press("down")
        await until_settled(pilot, interface)
        if interface.window.cursor == before:
            break
    for _ in range(100):
        current = interface.window.current()
        if current is not None and interface._title(current).startswith(title):
            return
        before = interface.window.cursor
        await pilot.press("up")
        await until_settled(pilot, interface)
        if interface.window.cursor == before:
            break
    raise AssertionError(f"no row {title!r} in the list")


async def pick(app: StudioApp, pilot: Pilot, *names: str) -> tuple[PickerScreen, int]:
    """F6, then find each item by the picker's search and select it; Enter takes them.
    Returns the picker and how many items it offered before searching."""
    await pilot.press("f6")
    await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    grid = picker.query_one(ItemGrid)
    await wait_until(pilot, lambda: grid.settled and grid.row_count is not None)
    offered = grid.row_count
    assert offered is not None
    for name in names:
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, name)
        await pilot.press("enter")
        await wait_until(pilot, lambda: grid.settled and grid.row_count == 1)
        await pilot.press("space")
    await pilot.press("enter")
    return picker, offered


async def link_form(app: StudioApp, pilot: Pilot) -> LinkItemScreen:
    """The link form on screen with both parts built."""

    def ready() -> bool:
        screen = app.screen
        return (
            isinstance(screen, LinkItemScreen)
            and screen.form is not None
            and (not screen.context or screen.context_form is not None)
        )

    await wait_until(pilot, ready)
    screen = app.screen
    assert isinstance(screen, LinkItemScreen)
    return screen


async def fill(pilot: Pilot, form: Any, name: str, text: str) -> None:
    """Type into a field of one of the link form's parts (an `ItemForm`)."""
    target = form.rows[name].interface.focus_target()
    assert isinstance(target, Input), target
    target.focus()
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)


# the grid -------------------------------------------------------------------------------------


async def grid_on(pilot: Pilot, interface: M2MInterface) -> None:
    """Switch to the grid (g) and wait until the cursor row's handle has the focus."""
    await pilot.press("g")
    await wait_until(pilot, lambda: interface.grid_mode and isinstance(focused(pilot), RowHandle))


def focused(pilot: Pilot) -> Any:
    return pilot.app.screen.focused


def slots(interface: M2MInterface) -> list[GridSlot]:
    assert interface._grid is not None
    return list(interface._grid.query(GridSlot))


def grid_titles(interface: M2MInterface) -> list[str]:
    return [slot.row.title for slot in slots(interface) if slot.row is not None]


def cell(interface: M2MInterface, title: str, column: int = 1) -> Input:
    for slot in slots(interface):
        if slot.row is not None and slot.row.title == title:
            return slot.cells[column - 1].query_one(Input)
    raise AssertionError(f"no row {title!r} in the grid")


def row_errors(interface: M2MInterface, title: str) -> dict[str, str]:
    for slot in slots(interface):
        if slot.row is not None and slot.row.title == title:
            return dict(slot.row.errors)
    raise AssertionError(f"no row {title!r} in the grid")


async def type_in_cell(
    pilot: Pilot, interface: M2MInterface, title: str, text: str, column: int = 1
) -> None:
    """Go to the row, into its cell (right), replace the text, and back to the handle."""
    await go_to(pilot, interface, title)
    await wait_until(pilot, lambda: isinstance(focused(pilot), RowHandle))
    for _ in range(column):  # from a cell's end to the next cell
        if isinstance(focused(pilot), Input):
            await pilot.press("end")
        await pilot.press("right")
        await pilot.pause()
    await wait_until(pilot, lambda: isinstance(focused(pilot), Input))
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)
    await pilot.pause()
    for _ in range(column):  # each cell's start, then the one before it
        await pilot.press("home", "left")
        await pilot.pause()
    await wait_until(pilot, lambda: isinstance(focused(pilot), RowHandle))
    await until_settled(pilot, interface)


def in_cell(pilot: Pilot) -> bool:
    return any(isinstance(node, GridCell) for node in focused(pilot).ancestors_with_self)


# the database ---------------------------------------------------------------------------------


async def key_of(db: Database, collection: str, field: str, value: Any) -> Any:
    db.invalidate_overview()
    found = await ItemsService(db, collection).read_many(
        {"fields": ["id"], "filter": {field: {"_eq": value}}, "limit": 2}
    )
    assert len(found) == 1, (collection, field, value, found)
    return found[0]["id"]


async def recipe_links(db: Database, recipe: Any) -> list[dict[str, Any]]:
    """A recipe's junction rows in their order: id, ingredient name, quantity, sort."""
    db.invalidate_overview()
    rows = await ItemsService(db, "recipes_ingredients").read_many(
        {
            "fields": ["id", "ingredients_id.name", "quantity", "sort"],
            "filter": {"recipes_id": {"_eq": recipe}},
            "sort": ["sort", "id"],
            "limit": -1,
        }
    )
    return [
        {
            "id": r["id"],
            "name": (r["ingredients_id"] or {}).get("name"),
            "quantity": r["quantity"],
            "sort": r["sort"],
        }
        for r in rows
    ]


async def table(db: Database, collection: str, *fields: str) -> list[dict[str, Any]]:
    """A whole (small) table, by key: what must not change when nothing is saved."""
    db.invalidate_overview()
    return await ItemsService(db, collection).read_many(
        {"fields": list(fields) or ["*"], "sort": ["id"], "limit": -1}
    )
