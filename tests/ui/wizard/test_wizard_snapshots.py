"""Pictures of every standard step of the field wizard at 80x24 and 120x40: the kinds, the name
of a standard and of a relational field, a name clash, the interface's options, and the preview
of a many-to-many; and of the wizard in advanced mode: a many-to-many's Relationship tab with
its names filled in, and the preview of one with a context field."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from studio.ui.app import StudioApp, Target
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.field_wizard import FieldWizardScreen
from studio.ui.wizard.panes.relationship import RelationshipPane
from tests.ui.conftest import wait_until
from tests.ui.snapshots import no_blink
from tests.ui.wizard.conftest import (
    choose_kind,
    make_collections,
    open_wizard,
    to_preview,
    type_into,
)

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def wizard_db(tmp_path: Path) -> str:
    path = tmp_path / "wizard.db"
    asyncio.run(make_collections(str(path)))
    return str(path)


def picture(
    snap_compare: Callable[..., bool],
    url: str,
    size: tuple[int, int],
    steps: Callable[[Pilot], Awaitable[None]],
) -> bool:
    async def run_before(pilot: Pilot) -> None:
        app: StudioApp = pilot.app  # type: ignore[assignment]
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen), seconds=30)
        await steps(pilot)
        no_blink(pilot)
        await pilot.pause(0.2)

    return snap_compare(StudioApp(Target(url=url)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_step_1_kinds(snap_compare, wizard_db: str, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot) -> None:
        await open_wizard(pilot, "countries")

    assert picture(snap_compare, wizard_db, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_step_2_standard(snap_compare, wizard_db: str, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot) -> None:
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "input")
        await type_into(pilot, "#key-input", "Full Name")

    assert picture(snap_compare, wizard_db, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_step_2_relational(snap_compare, wizard_db: str, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot) -> None:
        screen = await open_wizard(pilot, "recipes")
        await choose_kind(pilot, screen, "m2o")
        await type_into(pilot, "#key-input", "origin")
        await type_into(pilot, "#related-input", "co")
        await pilot.pause(0.2)  # the suggestion

    assert picture(snap_compare, wizard_db, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_step_2_name_clash(snap_compare, wizard_db: str, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot) -> None:
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "input")
        await type_into(pilot, "#key-input", "id")
        await pilot.press("enter")

    assert picture(snap_compare, wizard_db, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_step_3_options(snap_compare, wizard_db: str, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot) -> None:
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "select-dropdown")
        await type_into(pilot, "#key-input", "status")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.step == 3)
        await type_into(pilot, "#options-form Input", "draft")
        await pilot.press("enter", *"published", "enter")

    assert picture(snap_compare, wizard_db, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_step_4_preview_m2m(snap_compare, wizard_db: str, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot) -> None:
        screen = await open_wizard(pilot, "recipes")
        await choose_kind(pilot, screen, "m2m")
        await type_into(pilot, "#key-input", "ingredients")
        await type_into(pilot, "#related-input", "ingredients")
        await to_preview(pilot, screen)
        assert screen.change is not None

    assert picture(snap_compare, wizard_db, size, steps)


async def _advanced_m2m(pilot: Pilot) -> FieldWizardScreen:
    """recipes.ingredients as an M2M in advanced mode, on its Relationship tab (reached with
    shift+tab onto the tabs, then the arrows)."""
    screen = await open_wizard(pilot, "recipes")
    await choose_kind(pilot, screen, "m2m")
    await type_into(pilot, "#key-input", "ingredients")
    await type_into(pilot, "#related-input", "ingredients")
    await pilot.press("ctrl+a")
    await wait_until(pilot, lambda: bool(screen.tabs))
    index = next(i for i, pane in enumerate(screen.tabs) if isinstance(pane, RelationshipPane))
    await wait_until(pilot, lambda: isinstance(pilot.app.focused, Input))
    await pilot.press("shift+tab", *["right"] * index)
    tabbed = screen.query_one("#advanced-tabs", TabbedContent)
    await wait_until(pilot, lambda: tabbed.active == f"tab-{index}")
    return screen


@pytest.mark.parametrize("size", SIZES)
def test_advanced_m2m_relationship(snap_compare, wizard_db: str, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot) -> None:
        screen = await _advanced_m2m(pilot)
        junction = screen.query_one("#in-junction", Input)
        assert junction.value == "recipes_ingredients"  # the names filled in

    assert picture(snap_compare, wizard_db, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_advanced_preview_m2m_with_context(
    snap_compare, wizard_db: str, size: tuple[int, int]
) -> None:
    async def steps(pilot: Pilot) -> None:
        screen = await _advanced_m2m(pilot)
        screen.query_one("#in-context_fields", Input).focus()
        await pilot.pause()
        await pilot.press(*"quantity", "space", *"integer", "ctrl+n")
        await wait_until(pilot, lambda: screen.change is not None or screen.step != 4)
        assert screen.change is not None and not screen.change.problems

    assert picture(snap_compare, wizard_db, size, steps)
