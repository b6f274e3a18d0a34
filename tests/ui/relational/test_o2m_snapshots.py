"""Pictures of the O2M list (pytest-textual-snapshot) at 80x24 and 120x40 on a country's page:
at rest with the cursor in it, and with staged changes (a new city moved to the top, an edited
one, a removed one, each marked). Update a baseline only after looking at it.

The country's capital (an M2O picker, another interface) is hidden in the copy these run on, so
the pictures change with the list only."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.ui.app import StudioApp, Target
from studio.ui.interfaces.o2m import O2MInterface
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.nested_item import NestedItemScreen
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import replace, row
from tests.ui.relational.o2m_helpers import settled
from tests.ui.snapshots import copy_demo, item_on_screen, no_blink

SIZES = [(80, 24), (120, 40)]
AFGHANISTAN = 1


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    # code full width, so the list sits alone under it at 120 columns as at 80
    hide = {
        ("countries", "capital_city"): {"hidden": True},
        ("countries", "code"): {"width": "full"},
    }
    return copy_demo(demo_file, tmp_path, hide)


async def country_page(pilot: Pilot) -> tuple[ItemScreen, O2MInterface]:
    """Afghanistan's page with the cursor in its cities, the first page read."""
    screen = await item_on_screen(pilot, "countries", AFGHANISTAN)
    assert screen.form is not None
    interface = row(screen, "cities").interface
    assert isinstance(interface, O2MInterface)
    screen.form.focus_field("cities")
    await wait_until(pilot, lambda: settled(interface))
    await pilot.pause(0.1)
    return screen, interface


async def at_rest(pilot: Pilot) -> None:
    await country_page(pilot)
    no_blink(pilot)


async def nested_done(pilot: Pilot, screen: ItemScreen, field: str, text: str) -> None:
    app = pilot.app
    await wait_until(
        pilot, lambda: isinstance(app.screen, NestedItemScreen) and app.screen.form is not None
    )
    nested = app.screen
    assert isinstance(nested, NestedItemScreen)
    await replace(pilot, nested, field, text)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is screen)


async def staged(pilot: Pilot) -> None:
    screen, cities = await country_page(pilot)
    await pilot.press("down", "enter")  # edit the second city
    await nested_done(pilot, screen, "population", "123456")
    await pilot.press("down", "delete")  # remove the third
    await pilot.press("f7")  # a new one, then to the top
    await nested_done(pilot, screen, "name", "Newtown")
    await wait_until(pilot, lambda: settled(cities))
    await pilot.press("m", "1", "enter")
    await wait_until(pilot, lambda: settled(cities) and cities.window.cursor == 0)
    await pilot.pause(0.1)
    no_blink(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_o2m_at_rest(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=at_rest)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_o2m_staged_changes(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=staged)
