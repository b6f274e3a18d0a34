"""Selecting rows and acting on them: batch delete and batch edit, checked in the database."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.screens.batch_edit import BatchEditScreen
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import ConfirmScreen
from tests.ui.browser.helpers import keys, lines, open_collection, settle, status
from tests.ui.conftest import running_studio, wait_until


async def test_space_and_shift_select_rows(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("space")  # row 0
        await pilot.press("down", "down", "shift+down", "shift+down")  # rows 2..4
        assert set(g.selected) == {1, 3, 4, 5}
        assert g.selected[3] == "Algiers (Algeria)"  # titles through the display template
        assert "4 selected" in status(app)
        assert lines(g)[1].startswith("✓") and not lines(g)[2].startswith("✓")
        await pilot.press("shift+up", "shift+up", "shift+up")  # the range now runs 2..1
        assert set(g.selected) == {1, 2, 3}
        await pilot.press("space")  # row 1 off again
        assert set(g.selected) == {1, 3}
        await pilot.press("a")  # everything on screen
        assert set(g.selected) == set(keys(g))
        await pilot.press("a")  # all were selected: none
        assert g.selected == {}
        await pilot.press("space", "escape")
        assert g.selected == {}


async def test_batch_delete_names_the_items_and_deletes_them(
    demo_url: str, demo_db: Database
) -> None:
    service = ItemsService(demo_db, "cities")
    before = (await service.count()).value
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("end")
        await settle(pilot, app)  # the last page arrives (space on a placeholder does nothing)
        await pilot.press("space", "up", "space")
        chosen = set(g.selected)
        assert len(chosen) == 2
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        body = str(app.screen.query_one(".question-body", Static).content)
        assert body.startswith("Delete 2 items from Cities?")
        for title in g.selected.values():
            assert title in body
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await wait_until(pilot, lambda: g.row_count == before - 2)
        await settle(pilot, app)
        assert g.selected == {}
    remaining = await service.read_by_keys(sorted(chosen), fields=["id"])
    assert remaining == []
    assert (await service.count()).value == before - 2


async def test_batch_edit_sets_one_field_on_the_selection(demo_url: str, demo_db: Database) -> None:
    service = ItemsService(demo_db, "cities")
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("shift+down", "shift+down")
        assert set(g.selected) == {1, 2, 3}
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchEditScreen))
        modal = app.screen
        assert isinstance(modal, BatchEditScreen)
        modal.query_one("#batch-field", Select).value = "population"
        await pilot.pause()
        modal.query_one("#batch-value", Input).focus()
        await pilot.press(*"lots", "enter")
        error = modal.query_one("#batch-error", Static)
        await wait_until(pilot, lambda: str(error.content) != "")
        assert "Population" in str(error.content)  # shown in the modal, which stays open
        assert app.screen is modal
        unchanged = await service.read_by_keys([1, 2, 3], fields=["population"])
        assert all(item["population"] != 42 for item in unchanged)
        modal.query_one("#batch-value", Input).value = ""
        await pilot.press(*"42", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        assert "42" in lines(g)[1]
        # the selection is done with: the edit may have moved items out of the view, and an
        # unseen selection would ride along into the next delete
        assert g.selected == {} and "selected" not in status(app)
    items = await service.read_by_keys([1, 2, 3, 4], fields=["population"])
    assert [item["population"] for item in items][:3] == [42, 42, 42]
    assert items[3]["population"] != 42


async def test_batch_delete_says_what_happens_to_the_rows_pointing_at_them(
    demo_url: str, demo_db: Database
) -> None:
    cities = ItemsService(demo_db, "cities")
    total = (await cities.count()).value
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "countries")
        await pilot.press("shift+down")
        keys = sorted(g.selected)
        assert len(keys) == 2
        linked = (await cities.count({"country": {"_in": keys}})).value
        assert linked > 2
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        body = str(app.screen.query_one(".question-body", Static).content)
        assert f"• {linked} Cities item(s) keep existing; their Country is cleared." in body
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
    assert (await ItemsService(demo_db, "countries").read_by_keys(keys, ["id"])) == []
    assert (await cities.count({"country": {"_in": keys}})).value == 0
    assert (await cities.count()).value == total
