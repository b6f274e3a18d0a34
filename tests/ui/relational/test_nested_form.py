"""The nested form as its own screen: its heading, what Done hands back, and that it writes
nothing."""

from __future__ import annotations

from typing import Any

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.interfaces.base import TRAIL_SEPARATOR as SEP
from studio.ui.screens.nested_item import NestedItemScreen, Staged
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import replace


async def test_a_staged_new_item_is_named_by_its_values_and_done_writes_nothing(
    demo_url: str, demo_db: Database
) -> None:
    before = (await ItemsService(demo_db, "cities").count()).value
    results: list[Staged | None] = []
    async with running_studio(demo_url) as (app, pilot):
        screen = NestedItemScreen(
            "cities", trail=f"Countries / Chad{SEP}Cities", staged={"name": "Newtown", "country": 3}
        )
        app.push_screen(screen, results.append)
        await wait_until(pilot, lambda: screen.form is not None)
        heading = screen.heading()
        assert heading == f"Countries / Chad{SEP}Cities / Newtown"  # the field is not said twice
        assert "copy" not in heading
        assert not screen.dirty  # what was staged before is not a new edit
        country = NestedItemScreen("countries", 3, trail=f"Cities / Newtown{SEP}Country")
        app.push_screen(country)
        await wait_until(pilot, lambda: country.form is not None)
        assert country.heading() == f"Cities / Newtown{SEP}Country{SEP}Countries / Algeria"
        children = NestedItemScreen("cities", 5, trail=f"Countries / Angola{SEP}Cities")
        assert children.trail.endswith("Cities")
        app.push_screen(children)
        await wait_until(pilot, lambda: children.form is not None)
        assert children.heading() == f"Countries / Angola{SEP}Cities / Luanda (Angola)"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is country)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await replace(pilot, screen, "population", "1200")
        assert screen.dirty
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(results))
    result = results[0]
    assert result is not None
    assert result.values == {"name": "Newtown", "country": 3, "population": 1200}
    assert result.title == "Newtown"  # the country part is not known here: no "()"
    assert (await ItemsService(demo_db, "cities").count()).value == before


async def test_a_nested_form_refuses_done_with_a_missing_required_value(
    demo_url: str, demo_db: Database
) -> None:
    results: list[Any] = []
    async with running_studio(demo_url) as (app, pilot):
        screen = NestedItemScreen(
            "cities", trail=f"Countries / Chad{SEP}Cities", hidden={"country"}
        )
        app.push_screen(screen, results.append)
        await wait_until(pilot, lambda: screen.form is not None)
        assert screen.form is not None and "country" not in screen.form.rows
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert app.screen is screen and not results
        assert screen.form.rows["name"].message == "Name is required."
