"""The other side of a one-to-one: a city's "capital of" (countries whose unique capital_city
points at it) holds at most one country. Choosing another unlinks the current one, taking a
country that has a capital asks first, and removing unlinks; checked in the database."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import ConfirmScreen
from studio.ui.screens.nested_item import NestedItemScreen
from studio.ui.screens.picker import PickerScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import replace, type_text
from tests.ui.relational.o2m_helpers import hint, marks, open_list, summary, titles

KABUL, TIRANA, EAST_QUINELFORD = 1, 2, 196
AFGHANISTAN, ALBANIA = 1, 2


async def capital(db: Database, country: int) -> int | None:
    db.invalidate_overview()
    item = await ItemsService(db, "countries").read_one(country, ["capital_city"])
    return item["capital_city"]


async def test_choosing_another_country_replaces_the_current_one(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        screen, capital_of = await open_list(app, pilot, "cities", KABUL, "capital_of")
        assert capital_of.single
        assert titles(capital_of) == ["Afghanistan"]
        assert capital_of.child_list.lines[0].position is None  # one item: no numbers
        assert summary(capital_of) == ""
        ids = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "o2m.search" not in ids and "o2m.move-down" not in ids

        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert isinstance(picker, PickerScreen) and not picker.multiple
        assert picker.restrict == {"capital_city": {"_neq": KABUL}}
        await pilot.press("slash")
        await type_text(pilot, "Albania")
        await pilot.press("enter")
        await wait_until(pilot, lambda: picker.grid.settled and picker.grid.row_count == 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one(".question-body").content)
        assert "Albania — its Capital City changes from Tirana (Albania)" in question
        assert "moves" not in question  # Albania stays where it is: its capital changes
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert marks(capital_of) == {"Afghanistan": "- unlink", "Albania": "+ added"}
        assert await capital(demo_db, ALBANIA) == TIRANA  # staged only

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await capital(demo_db, AFGHANISTAN) is None
    assert await capital(demo_db, ALBANIA) == KABUL


async def test_remove_unlinks_the_country(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        _, capital_of = await open_list(app, pilot, "cities", KABUL, "capital_of")
        await pilot.press("delete")
        assert "unlinked (Capital City set to null)" in hint(capital_of)
        assert summary(capital_of) == "1 to unlink"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await capital(demo_db, AFGHANISTAN) is None


async def test_create_a_country_for_a_town(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        screen, capital_of = await open_list(app, pilot, "cities", EAST_QUINELFORD, "capital_of")
        assert titles(capital_of) == []
        await pilot.press("f7")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, NestedItemScreen) and app.screen.form is not None,
        )
        form = app.screen
        assert "capital_city" not in form.form.rows  # type: ignore[attr-defined]
        await replace(pilot, form, "name", "Quinelland")  # type: ignore[arg-type]
        await replace(pilot, form, "code", "QQ")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert marks(capital_of) == {"Quinelland": "+ new"}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    found = await ItemsService(demo_db, "countries").read_many(
        {"fields": ["capital_city", "code"], "filter": {"name": {"_eq": "Quinelland"}}}
    )
    assert found == [{"capital_city": EAST_QUINELFORD, "code": "QQ"}]


async def test_undoing_the_chosen_country_brings_back_the_one_it_replaced(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        screen, capital_of = await open_list(app, pilot, "cities", KABUL, "capital_of")
        await pilot.press("f7")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, NestedItemScreen) and app.screen.form is not None,
        )
        await replace(pilot, app.screen, "name", "Kabulistan")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert marks(capital_of) == {"Afghanistan": "- unlink", "Kabulistan": "+ new"}
        if capital_of.window.current() != capital_of.staging.extras[0]:
            await pilot.press("down")
        await pilot.press("u")  # the choice undone: Afghanistan is the capital's country again
        await pilot.pause()
        assert marks(capital_of) == {}
        assert not capital_of.staging.has_changes and not screen.dirty
