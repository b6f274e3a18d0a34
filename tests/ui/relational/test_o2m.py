"""The O2M list as an editor uses it, on a country's cities: paging, search, add existing (one
taken from another country, confirmed), create, edit, remove (unlink), undo; the database is
checked after each save, and cancelling, leaving and reverting write nothing."""

from __future__ import annotations

from textual.widgets import Input

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import ConfirmScreen, UnsavedChangesScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.nested_item import NestedItemScreen
from studio.ui.screens.picker import PickerScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import page, replace, saved, type_text
from tests.ui.relational.o2m_helpers import (
    children,
    city,
    go_to,
    hint,
    marks,
    open_list,
    summary,
    titles,
    until_settled,
)

AFGHANISTAN = 1  # 16 cities, sort 1..16; Kabul (1) first
SIZE = (100, 40)


async def nested(app, pilot) -> NestedItemScreen:  # type: ignore[no-untyped-def]
    await wait_until(
        pilot, lambda: isinstance(app.screen, NestedItemScreen) and app.screen.form is not None
    )
    return app.screen


async def test_paged_with_a_count_and_a_search_within_the_list(demo_url: str) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        _, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        assert len(titles(cities)) == 10
        assert titles(cities)[0] == "Kabul (Afghanistan)"
        assert summary(cities).startswith("16 items · page 1 of 2")
        assert cities.child_list.lines[0].position == 1
        await pilot.press("pagedown")
        await until_settled(pilot, cities)
        assert len(titles(cities)) == 6
        assert "page 2 of 2" in summary(cities)
        assert cities.child_list.lines[0].position == 11
        await pilot.press("pageup", "end")
        await until_settled(pilot, cities)
        assert cities.window.cursor == 15
        await pilot.press("home")
        await until_settled(pilot, cities)
        assert cities.window.cursor == 0
        await pilot.click(cities.child_list, offset=(5, 2))  # the mouse works too
        assert cities.window.cursor == 2

        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "lake")
        await pilot.press("enter")
        await wait_until(pilot, lambda: cities.window.search == "lake")
        await until_settled(pilot, cities)
        assert titles(cities) == ["Lake Monino (Afghanistan)"]
        assert summary(cities).startswith("1 item found")
        assert app.focused is cities.child_list

        await pilot.press("shift+down")  # reordering is off while searching
        assert "searching" in hint(cities)
        assert cities.staging.order is None

        await pilot.press("slash", "ctrl+u", "enter")
        await wait_until(pilot, lambda: cities.window.search == "")
        await until_settled(pilot, cities)
        assert len(titles(cities)) == 10


async def test_add_existing_cities_one_moved_from_another_country(
    demo_url: str, demo_db: Database
) -> None:
    lone = await city(demo_db, "Tirana")  # Albania's capital, to be taken
    free = (await children(demo_db, 3))[1]  # an Algerian town, set free (and named) first
    free["name"] = "Tirana Springs"
    await ItemsService(demo_db, "cities").update_one(
        free["id"], {"country": None, "name": free["name"]}
    )
    before = await children(demo_db, AFGHANISTAN, "sort")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.multiple
        assert "country" in picker.extra_columns
        grid = picker.query_one(ItemGrid)
        await wait_until(pilot, lambda: grid.settled)
        await pilot.press("slash")
        await type_text(pilot, "Tirana")  # both: a selection lasts while the search does
        await pilot.press("enter")
        await wait_until(pilot, lambda: grid.settled and grid.row_count == 2)
        await pilot.press("space", "down", "space")
        assert set(grid.selected) == {free["id"], lone["id"]}
        await pilot.press("enter")

        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one(".question-body").content)
        assert "Tirana (Albania)" in question and "will be moved from Albania" in question
        assert free["name"] not in question
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, cities)
        assert cities.staging.added == {free["id"]: None, lone["id"]: "Albania"}
        assert "2 added" in summary(cities)
        await pilot.press("end")
        await until_settled(pilot, cities)
        assert marks(cities) == {
            f"{free['name']} (Afghanistan)": "+ added",
            "Tirana (Afghanistan)": "+ added",
        }
        if cities.window.current() != lone["id"]:
            await pilot.press("up")
        assert "moved from Albania" in hint(cities)
        assert await children(demo_db, AFGHANISTAN, "sort") == before  # staged only

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = await children(demo_db, AFGHANISTAN, "sort")
    assert after[:16] == before
    assert {c["id"]: c["sort"] for c in after[16:]}.keys() == {free["id"], lone["id"]}
    assert sorted(c["sort"] for c in after[16:]) == [17, 18]
    assert (await city(demo_db, "Tirana", "country"))["country"] == AFGHANISTAN


async def test_declining_the_move_adds_nothing(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        grid = app.screen.query_one(ItemGrid)
        await pilot.press("slash")
        await type_text(pilot, "Tirana")
        await pilot.press("enter")
        await wait_until(pilot, lambda: grid.settled and grid.row_count == 1)
        await pilot.press("enter")  # nothing selected: the row under the cursor
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause(0.1)
        assert not cities.staging.has_changes
        assert not screen.dirty
    assert (await city(demo_db, "Tirana", "country"))["country"] == 2


async def test_the_picker_excludes_the_current_children(demo_url: str) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        _, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        grid = app.screen.query_one(ItemGrid)
        await pilot.press("slash")
        await type_text(pilot, "Kabul")
        await pilot.press("enter")
        await wait_until(pilot, lambda: grid.settled)
        assert grid.row_count == 0
        await pilot.press("escape")  # the picker closes: nothing picked
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        assert not cities.staging.has_changes


async def test_create_edit_and_remove_then_save(demo_url: str, demo_db: Database) -> None:
    before = await children(demo_db, AFGHANISTAN)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        # create
        await pilot.press("f7")
        form = await nested(app, pilot)
        assert "country" not in form.form.rows  # the FK is this country: not asked
        assert "Countries / Afghanistan" in form.heading() and "Cities" in form.heading()
        await replace(pilot, form, "name", "Newtown")
        await replace(pilot, form, "population", "1200")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, cities)
        assert marks(cities) == {"Newtown (Afghanistan)": "+ new"}
        assert cities.window.current() in cities.staging.new  # the cursor on the new row
        # re-editing the new row opens its staged values
        await pilot.press("enter")
        form = await nested(app, pilot)
        assert form.form.state.values["name"] == "Newtown"
        await replace(pilot, form, "name", "Newton")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, cities)
        assert marks(cities) == {"Newton (Afghanistan)": "+ new"}
        # edit an existing child
        await pilot.press("home")
        await go_to(pilot, cities, "Upper Norenburg")
        await pilot.press("f4")
        form = await nested(app, pilot)
        await replace(pilot, form, "population", "777")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, cities)
        assert marks(cities)["Upper Norenburg (Afghanistan)"] == "● edited"
        # remove one: unlink, as the relation says
        await go_to(pilot, cities, "Lake Monino")
        await pilot.press("delete")
        assert marks(cities)["Lake Monino (Afghanistan)"] == "- unlink"
        assert "unlinked (Country set to null)" in hint(cities)
        assert screen.dirty
        assert await children(demo_db, AFGHANISTAN) == before  # nothing written yet

        await pilot.press("f2")  # save and stay
        await saved(pilot, screen)
        await wait_until(pilot, lambda: page(app) is screen and not screen.dirty)
    after = {c["name"]: c for c in await children(demo_db, AFGHANISTAN, "population", "sort")}
    assert "Lake Monino" not in after
    assert after["Newton"]["population"] == 1200 and after["Newton"]["sort"] == 17
    assert after["Upper Norenburg"]["population"] == 777
    assert (await city(demo_db, "Lake Monino", "country"))["country"] is None


async def test_undo_a_staged_removal_keeps_the_city(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        _, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        await go_to(pilot, cities, "East Quinelford")
        await pilot.press("delete")
        await go_to(pilot, cities, "Upper Norenburg")
        await pilot.press("f8")
        assert set(marks(cities)) == {
            "East Quinelford (Afghanistan)",
            "Upper Norenburg (Afghanistan)",
        }
        await pilot.press("u")
        assert "Undone" in hint(cities)
        assert set(marks(cities)) == {"East Quinelford (Afghanistan)"}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert (await city(demo_db, "Upper Norenburg", "country"))["country"] == AFGHANISTAN
    assert (await city(demo_db, "East Quinelford", "country"))["country"] is None


async def test_revert_and_leaving_write_nothing(demo_url: str, demo_db: Database) -> None:
    before = await children(demo_db, AFGHANISTAN, "sort", "population")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        await pilot.press("delete", "down", "shift+down")
        await until_settled(pilot, cities)
        await pilot.press("f7")
        form = await nested(app, pilot)
        await replace(pilot, form, "name", "Never")
        await pilot.press("escape")  # leaving the nested form with edits asks
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")  # discard: nothing staged from it
        await wait_until(pilot, lambda: app.screen is screen)
        assert not cities.staging.new
        assert cities.staging.has_changes and screen.dirty

        await pilot.press("ctrl+r")  # revert: the list is read again, nothing staged
        await until_settled(pilot, cities)
        assert not cities.staging.has_changes
        assert not screen.dirty
        assert marks(cities) == {}

        await pilot.press("delete")
        assert screen.dirty
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await children(demo_db, AFGHANISTAN, "sort", "population") == before


async def test_open_a_child_and_come_back_with_the_staging_kept(demo_url: str) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        await pilot.press("delete", "down", "f3")
        await wait_until(pilot, lambda: page(app) is not None and page(app) is not screen)
        child = page(app)
        assert child is not None and child.collection == "cities" and child.key == 196
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, cities)
        assert marks(cities) == {"Kabul (Afghanistan)": "- unlink"}
        cities.related_changed()  # back on the page: read again, the rows shown stay usable
        await pilot.press("down", "delete")
        assert cities.window.cursor == 2
        await until_settled(pilot, cities)
        assert set(marks(cities)) == {"Kabul (Afghanistan)", "Upper Norenburg (Afghanistan)"}
        await pilot.press("f7")
        form = await nested(app, pilot)
        await replace(pilot, form, "name", "Newtown")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("f3")  # the cursor is on the new row: it has no page yet
        assert "no page until" in hint(cities)
        assert app.screen is screen


async def test_a_new_country_with_new_cities(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        app.open_item("countries", None)
        await wait_until(pilot, lambda: page(app) is not None)
        screen = page(app)
        assert screen is not None
        interface = screen.form.rows["cities"].interface  # type: ignore[union-attr]
        await replace(pilot, screen, "name", "Freedonia")
        assert screen.form is not None and screen.form.focus_field("cities")
        await until_settled(pilot, interface)  # type: ignore[arg-type]
        assert titles(interface) == []  # type: ignore[arg-type]
        assert interface.child_list.empty == "no items yet"  # type: ignore[attr-defined]
        for name in ("Fredville", "Sylvania Town"):
            await pilot.press("f7")
            form = await nested(app, pilot)
            await replace(pilot, form, "name", name)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("shift+up")  # move Sylvania Town first: no read needed
        await until_settled(pilot, interface)  # type: ignore[arg-type]
        assert titles(interface) == ["Sylvania Town", "Fredville"]  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    found = await ItemsService(demo_db, "countries").read_many(
        {"fields": ["id"], "filter": {"name": {"_eq": "Freedonia"}}}
    )
    assert len(found) == 1
    stored = await children(demo_db, found[0]["id"], "sort")
    assert [(c["name"], c["sort"]) for c in stored] == [("Sylvania Town", 1), ("Fredville", 2)]


async def test_a_nested_form_reopened_shows_its_change_set_staged(demo_url: str) -> None:
    """A country edited in a nested form (from a city's page) comes back with its cities'
    change-set: the list stages it again, and Done hands back what is staged then."""
    change = {
        "create": [{"name": "Newtown"}],
        "update": [{"id": 2}, {"population": 5, "id": 196}],
        "delete": [391],
    }
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        results: list[object] = []
        app.push_screen(
            NestedItemScreen("countries", AFGHANISTAN, trail="Test", staged={"cities": change}),
            results.append,
        )
        form = await nested(app, pilot)
        cities = form.form.rows["cities"].interface
        assert form.form.focus_field("cities")
        await wait_until(pilot, lambda: cities.staging.has_changes)
        await until_settled(pilot, cities)
        assert cities.staging.change_set() == change
        assert cities.staging.added == {2: "Albania"}
        assert marks(cities) == {
            "East Quinelford (Afghanistan)": "● edited",
            "Upper Norenburg (Afghanistan)": "- unlink",
        }
        await go_to(pilot, cities, "Newtown")
        assert marks(cities)["Tirana (Afghanistan)"] == "+ added"
        await pilot.press("u")  # drop the new town
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(results))
    values = results[0].values  # type: ignore[attr-defined]
    assert values["cities"] == {**change, "create": []}
