"""What the data-model tests share: opening the screen with its key, reading its rows, and
waiting for a schema preview."""

from __future__ import annotations

from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.schema import SchemaOverview
from studio.ui.screens.data_model import DataModelScreen
from studio.ui.screens.schema_confirm import SchemaConfirmScreen
from studio.ui.widgets.schema_table import SchemaTable
from tests.ui.conftest import wait_until


async def open_data_model(pilot: Pilot) -> DataModelScreen:
    await pilot.press("ctrl+g")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DataModelScreen))
    screen = pilot.app.screen
    assert isinstance(screen, DataModelScreen)
    return screen


def cells(screen: object, key: str) -> list[str]:
    table = screen.query_one(SchemaTable)  # type: ignore[attr-defined]
    return [str(cell).strip() for cell in table.get_row(key)]


def row_keys(screen: object) -> list[str]:
    table = screen.query_one(SchemaTable)  # type: ignore[attr-defined]
    return [str(key.value) for key in table.rows]


async def select_row(pilot: Pilot, screen: object, key: str) -> None:
    table = screen.query_one(SchemaTable)  # type: ignore[attr-defined]
    table.move_to(key)
    await pilot.pause()
    assert table.cursor_key == key


async def preview(pilot: Pilot) -> SchemaConfirmScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SchemaConfirmScreen))
    screen = pilot.app.screen
    assert isinstance(screen, SchemaConfirmScreen)
    return screen


def preview_text(screen: SchemaConfirmScreen) -> str:
    change = screen.change
    return "\n".join([change.summary, *change.notes, *change.outline, *change.problems])


async def fresh(db: Database) -> SchemaOverview:
    """The database's schema now (the app wrote it through another connection)."""
    db.invalidate_overview()
    return await db.overview()
