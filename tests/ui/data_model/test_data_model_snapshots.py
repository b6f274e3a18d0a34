"""Pictures of the data model at 80x24 and 120x40 (pytest-textual-snapshot): the collections of
the demo, an empty database, the create dialog, a collection's settings and its template field
picker, a collection's fields, and the typed confirmation of a delete."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.engine import Database
from studio.ui.app import StudioApp, Target
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.collection_create import CollectionCreateScreen
from studio.ui.screens.collection_fields import CollectionFieldsScreen
from studio.ui.screens.collection_settings import CollectionSettingsScreen
from studio.ui.screens.data_model import DataModelScreen
from studio.ui.screens.schema_confirm import SchemaConfirmScreen
from studio.ui.screens.template_picker import TemplatePickerScreen
from studio.ui.widgets.schema_table import SchemaTable
from tests.ui.conftest import wait_until
from tests.ui.snapshots import copy_demo, no_blink

SIZES = [(80, 24), (120, 40)]
Scene = Callable[[Pilot], Awaitable[None]]


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    return copy_demo(demo_file, tmp_path)


@pytest.fixture
def empty_database(tmp_path: Path) -> str:
    path = tmp_path / "empty.db"

    async def create() -> None:
        db = await Database.open(str(path))
        await db.close()

    asyncio.run(create())
    return str(path)


async def _data_model(pilot: Pilot, row: str | None = None) -> DataModelScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen), seconds=30)
    await pilot.press("ctrl+g")
    await wait_until(pilot, lambda: isinstance(app.screen, DataModelScreen))
    screen = app.screen
    assert isinstance(screen, DataModelScreen)
    if row is not None:
        screen.query_one(SchemaTable).move_to(row)
    await pilot.pause()
    return screen


async def _settle(pilot: Pilot) -> None:
    no_blink(pilot)
    await pilot.pause(0.1)


async def _list(pilot: Pilot) -> None:
    await _data_model(pilot, "countries")
    await _settle(pilot)


async def _create(pilot: Pilot) -> None:
    await _data_model(pilot)
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CollectionCreateScreen))
    await pilot.press(*"Countries")  # a clash, with its message
    await _settle(pilot)


async def _settings(pilot: Pilot) -> None:
    await _data_model(pilot, "cities")
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CollectionSettingsScreen))
    await _settle(pilot)


async def _picker(pilot: Pilot) -> None:
    await _settings(pilot)
    await pilot.press("f4")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, TemplatePickerScreen))
    await pilot.press("down", "down", "down", "down")
    await _settle(pilot)


async def _fields(pilot: Pilot) -> None:
    await _data_model(pilot, "articles")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CollectionFieldsScreen))
    await pilot.press("down", "down")
    await _settle(pilot)


async def _delete(pilot: Pilot) -> None:
    await _data_model(pilot, "ingredients")
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SchemaConfirmScreen))
    await pilot.press(*"ingr")
    await _settle(pilot)


SCENES: dict[str, Scene] = {
    "list": _list,
    "create": _create,
    "settings": _settings,
    "picker": _picker,
    "fields": _fields,
    "delete": _delete,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_data_model_pictures(
    snap_compare, demo_copy: str, scene: str, size: tuple[int, int]
) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=SCENES[scene])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_empty_database_picture(snap_compare, empty_database: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _data_model(pilot)
        await _settle(pilot)

    app = StudioApp(Target(url=empty_database))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
