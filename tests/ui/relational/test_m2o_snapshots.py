"""Pictures of the M2O picker (pytest-textual-snapshot) at 80x24 and 120x40 on a city's page:
closed with the cursor on it, the typeahead open with its results, the nested form for a new
country, and a staged new country marked "(new)". Update a baseline only after looking at it.

The O2M lists (a city's "Capital Of", a country's "Cities") are hidden in the copy these run
on, so the pictures change with the M2O picker and the nested form only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.ui.app import StudioApp, Target
from studio.ui.interfaces.m2o import M2OCurrent, M2OInterface
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.nested_item import NestedItemScreen
from studio.ui.widgets.typeahead import Typeahead
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import focus, replace, row
from tests.ui.snapshots import copy_demo, item_on_screen, no_blink

SIZES = [(80, 24), (120, 40)]
KABUL = 1  # the demo's first city, in Afghanistan
RunBefore = Callable[[Pilot], Awaitable[None]]


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    hide = {("cities", "capital_of"): {"hidden": True}, ("countries", "cities"): {"hidden": True}}
    return copy_demo(demo_file, tmp_path, hide)


async def city_page(pilot: Pilot) -> tuple[ItemScreen, M2OInterface]:
    """Kabul's page with the cursor on its country, the title read."""
    screen = await item_on_screen(pilot, "cities", KABUL)
    interface = row(screen, "country").interface
    assert isinstance(interface, M2OInterface)
    await wait_until(pilot, lambda: interface.query_one(M2OCurrent).title == "Afghanistan")
    await focus(pilot, screen, "country")
    return screen, interface


async def typed(pilot: Pilot, interface: M2OInterface, *keys: str) -> Typeahead:
    await pilot.press(*keys)
    typeahead = interface.query_one(Typeahead)
    text = "".join(keys)
    await wait_until(
        pilot, lambda: typeahead._shown_for == text and typeahead._timer is None, seconds=10
    )
    await pilot.pause(0.05)
    no_blink(pilot)
    return typeahead


async def closed(pilot: Pilot) -> None:
    await city_page(pilot)
    no_blink(pilot)


async def typeahead_open(pilot: Pilot) -> None:
    _, interface = await city_page(pilot)
    await typed(pilot, interface, "b", "a")
    await pilot.press("down")


async def nested_new_country(pilot: Pilot) -> None:
    await city_page(pilot)
    await pilot.press("f7")
    app = pilot.app
    await wait_until(
        pilot, lambda: isinstance(app.screen, NestedItemScreen) and app.screen.form is not None
    )
    nested = app.screen
    assert isinstance(nested, NestedItemScreen)
    await replace(pilot, nested, "name", "Neverland")
    await pilot.pause(0.1)
    no_blink(pilot)


async def staged_new_country(pilot: Pilot) -> None:
    screen, interface = await city_page(pilot)
    await pilot.press("f7")
    app = pilot.app
    await wait_until(
        pilot, lambda: isinstance(app.screen, NestedItemScreen) and app.screen.form is not None
    )
    nested = app.screen
    assert isinstance(nested, NestedItemScreen)
    await replace(pilot, nested, "name", "Neverland")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is screen)
    await wait_until(pilot, lambda: interface.query_one(M2OCurrent).mark == "new")
    await pilot.pause(0.05)
    no_blink(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_m2o_closed(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=closed)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_m2o_typeahead_open(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=typeahead_open)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_m2o_nested_new_country(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=nested_new_country)


def test_m2o_staged_new_country(snap_compare, demo_copy: str) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=staged_new_country)
