"""Pictures of the M2M field (pytest-textual-snapshot) at 80x24 and 120x40 on a recipe's page:
the list with the cursor in it, the grid with an edited quantity and a selected link, and the
link form for a new ingredient with its quantity. Update a baseline only after looking at it.

The recipe's description is hidden in the copy these run on, so the list sits under the title
and the pictures change with the M2M field only."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.ui.app import StudioApp, Target
from studio.ui.interfaces.m2m import M2MInterface
from studio.ui.screens.item import ItemScreen
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import row
from tests.ui.relational.m2m_helpers import fill, grid_on, link_form, type_in_cell
from tests.ui.relational.o2m_helpers import settled
from tests.ui.snapshots import copy_demo, item_on_screen, no_blink

SIZES = [(80, 24), (120, 40)]
PANCAKES = 2


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    return copy_demo(demo_file, tmp_path, {("recipes", "description"): {"hidden": True}})


async def recipe_page(pilot: Pilot) -> tuple[ItemScreen, M2MInterface]:
    """Pancakes' page with the cursor in its ingredients, the first page read."""
    screen = await item_on_screen(pilot, "recipes", PANCAKES)
    assert screen.form is not None
    interface = row(screen, "ingredients").interface
    assert isinstance(interface, M2MInterface)
    screen.form.focus_field("ingredients")
    await wait_until(pilot, lambda: settled(interface))
    await pilot.pause(0.1)
    return screen, interface


async def the_list(pilot: Pilot) -> None:
    await recipe_page(pilot)
    no_blink(pilot)


async def the_grid(pilot: Pilot) -> None:
    _, links = await recipe_page(pilot)
    await grid_on(pilot, links)
    await type_in_cell(pilot, links, "milk", "400 ml")
    await pilot.press("down", "space")  # eggs selected
    await wait_until(pilot, lambda: settled(links))
    await pilot.pause(0.1)
    no_blink(pilot)


async def the_link_form(pilot: Pilot) -> None:
    await recipe_page(pilot)
    await pilot.press("f7")
    form = await link_form(pilot.app, pilot)  # type: ignore[arg-type]
    assert form.form is not None and form.context_form is not None
    await fill(pilot, form.form, "name", "saffron")
    await fill(pilot, form.context_form, "quantity", "1 g")
    await pilot.pause(0.1)
    no_blink(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_m2m_list(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=the_list)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_m2m_grid(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=the_grid)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_m2m_link_form(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=the_link_form)
