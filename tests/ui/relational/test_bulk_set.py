"""The bulk-set dialog on its own: pick a context field, enter the value with that field's own
interface, apply (Enter or ctrl+s) or cancel (Escape); a value the save would refuse keeps it
open with the message. Fields are the demo's (`recipes_ingredients.quantity`, a string, and
`headings.level`, an integer whose validation rule allows 1 to 6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select

from studio.engine import Database
from studio.engine.schema import FieldInfo
from studio.ui.interfaces import InterfaceContext
from studio.ui.interfaces.base import Interface
from studio.ui.screens.bulk_set import BulkSetScreen
from tests.ui.conftest import wait_until

NOT_YET = object()


class BulkOwner(App[None]):
    """Opens the dialog at once and keeps what it dismisses with."""

    def __init__(
        self,
        fields: Sequence[FieldInfo],
        count: int = 2,
        links: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__()
        self.fields = list(fields)
        self.count = count
        self.links = list(links)
        self.result: Any = NOT_YET

    def on_mount(self) -> None:
        screen = BulkSetScreen(self.fields, self.context_for, self.count, self.links)
        self.push_screen(screen, self._done)

    def context_for(self, field: FieldInfo) -> InterfaceContext:
        return InterfaceContext(field.collection, 1)

    def _done(self, result: tuple[str, Any] | None) -> None:
        self.result = result


async def fields(db: Database) -> tuple[FieldInfo, FieldInfo]:
    overview = await db.overview()
    quantity = overview.collection("recipes_ingredients").fields["quantity"]
    level = overview.collection("headings").fields["level"]
    return quantity, level


async def dialog(pilot: Pilot) -> BulkSetScreen:
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, BulkSetScreen) and isinstance(app.screen.focused, Input),
    )
    screen = app.screen
    assert isinstance(screen, BulkSetScreen)
    return screen


async def pick(pilot: Pilot, screen: BulkSetScreen, name: str) -> None:
    """Choose the field with the keys: shift+tab to the field list, open it, go to `name`."""
    await pilot.press("shift+tab")
    select = screen.query_one("#bulk-field", Select)
    assert select.has_focus
    await pilot.press("enter")
    names = [field.field for field in screen.fields.values()]
    steps = names.index(name) - names.index(str(select.value))
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await wait_until(pilot, lambda: screen.field is not None and screen.field.field == name)
    await wait_until(pilot, lambda: isinstance(screen.focused, Input))


async def test_a_picked_field_and_typed_value_come_back_on_enter(demo_db: Database) -> None:
    quantity, level = await fields(demo_db)
    app = BulkOwner([quantity, level], count=3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        assert screen.query_one("Vertical").border_title is not None
        assert "3 links" in str(screen.query_one("Vertical").border_title)
        await pick(pilot, screen, "level")
        await pilot.press("4", "enter")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result == ("level", 4)


async def test_a_value_against_the_validation_rule_keeps_the_dialog_open(
    demo_db: Database,
) -> None:
    quantity, level = await fields(demo_db)
    app = BulkOwner([quantity, level])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        await pick(pilot, screen, "level")
        await pilot.press("9", "enter")
        await pilot.pause()
        assert app.screen is screen and app.result is NOT_YET
        assert screen.message == "A heading level is 1 to 6."
        await pilot.press("backspace", "x", "ctrl+s")  # not a number either
        await pilot.pause()
        assert app.screen is screen and "whole number" in screen.message
        await pilot.press("backspace", "6")
        await pilot.pause()
        assert screen.message == ""  # typing again clears it
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result == ("level", 6)


async def test_a_required_field_is_refused_empty(demo_db: Database) -> None:
    quantity, _ = await fields(demo_db)
    required = replace(quantity, required=True)
    app = BulkOwner([required])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        assert not screen.query("#bulk-field")  # one field: nothing to pick
        await pilot.press("enter")
        await pilot.pause()
        assert app.result is NOT_YET and screen.message == f"{quantity.name} is required."
        await pilot.press(*"2 cups", "enter")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result == ("quantity", "2 cups")


async def test_an_empty_value_clears_a_field_that_may_be_empty(demo_db: Database) -> None:
    quantity, _ = await fields(demo_db)
    app = BulkOwner([quantity])
    async with app.run_test(size=(80, 24)) as pilot:
        await dialog(pilot)
        await pilot.press("x", "backspace", "ctrl+s")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        expected = None if quantity.nullable else ""
        assert app.result == ("quantity", expected)


async def test_escape_cancels_with_nothing(demo_db: Database) -> None:
    quantity, level = await fields(demo_db)
    app = BulkOwner([quantity, level])
    async with app.run_test(size=(80, 24)) as pilot:
        await dialog(pilot)
        await pilot.press(*"3 g", "escape")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result is None
        assert not isinstance(app.screen, BulkSetScreen)


async def test_another_field_starts_from_an_empty_value(demo_db: Database) -> None:
    quantity, level = await fields(demo_db)
    app = BulkOwner([quantity, level])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        await pilot.press("x")  # not a level: dropped with the field it was typed for
        await pick(pilot, screen, "level")
        box = screen.query_one("#bulk-value Input", Input)
        assert box.value == ""
        await pick(pilot, screen, "quantity")
        await pilot.press(*"1 pinch")
        await pilot.click("#bulk-apply")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result == ("quantity", "1 pinch")


async def test_a_read_only_field_is_not_offered(demo_db: Database) -> None:
    quantity, level = await fields(demo_db)
    app = BulkOwner([replace(quantity, readonly=True), level])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        assert list(screen.fields) == ["level"] and not screen.query("#bulk-field")
        await pilot.press("3", "enter")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result == ("level", 3)


async def test_each_link_is_checked_with_its_own_values(demo_db: Database) -> None:
    quantity, level = await fields(demo_db)
    deep = {"_or": [{"level": {"_lt": 3}}, {"quantity": {"_regex": "^[0-9]+$"}}]}
    counted = replace(quantity, validation=deep, validation_message="Count in numbers.")
    app = BulkOwner([counted, level], links=[{"level": 1}, {"level": 4}, {"level": 5}])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        await pilot.press(*"2 g", "enter")  # fine on the first link, not on the others
        await pilot.pause()
        assert app.result is NOT_YET
        assert screen.message == "Count in numbers. (2 of 3 links)"
        await pilot.press("ctrl+u", "2", "enter")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result == ("quantity", "2")


async def test_a_field_read_only_on_some_links_is_refused_on_them(demo_db: Database) -> None:
    quantity, level = await fields(demo_db)
    high = {"name": "high", "rule": {"level": {"_gte": 5}}, "readonly": True}
    guarded = replace(quantity, conditions=(high,))
    app = BulkOwner([guarded, level], links=[{"level": 1}, {"level": 5}])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        await pilot.press(*"2 g", "enter")
        await pilot.pause()
        assert app.result is NOT_YET
        assert screen.message == f"{quantity.name} is read-only on 1 of 2 links."
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result is None
    everywhere = BulkOwner([guarded, level], links=[{"level": 5}, {"level": 6}])
    async with everywhere.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        assert list(screen.fields) == ["level"]  # read-only on every link: not offered


async def test_a_value_typed_for_the_field_before_is_not_taken_for_the_next(
    demo_db: Database,
) -> None:
    quantity, level = await fields(demo_db)
    app = BulkOwner([quantity, replace(level, validation=None)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dialog(pilot)
        before = screen.interface
        assert before is not None
        await pick(pilot, screen, "level")
        await pilot.press("3")
        screen.post_message(Interface.Changed(before, "2 g"))  # late, from the quantity
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.result is not NOT_YET)
        assert app.result == ("level", 3)
