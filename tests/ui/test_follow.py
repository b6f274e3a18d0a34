"""Following relations: the browser's M2O cells open the related item, and the item pages
opened one over another form a back stack where every level keeps and guards its own edits."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import UnsavedChangesScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.browser.helpers import browser, open_collection, settle
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import focus, open_item, page, read, replace, row, saved


async def to_column(pilot: Pilot, grid: ItemGrid, key: str) -> None:
    """Move the cursor right until it is in column `key`."""
    grid.cursor_column = 0
    while grid.current_column is not None and grid.current_column.key != key:
        before = grid.cursor_column
        await pilot.press("right")
        assert grid.cursor_column != before, f"no column {key}"


def notices(app: StudioApp) -> list[str]:
    return [n.message for n in app._notifications]


def also_open_notices(app: StudioApp) -> list[str]:
    """Every "also open below" notice the app gives from now on, recorded when `notify` is
    called: `app._notifications` fills only once the app handles the Notify message it posts,
    and drops a toast when it expires."""
    seen: list[str] = []
    notify = app.notify

    def spy(message: str, **options: Any) -> None:
        if "also open below" in message:
            seen.append(message)
        notify(message, **options)

    app.notify = spy  # type: ignore[method-assign]
    return seen


def back_hint(screen: ItemScreen) -> str:
    hint = screen.query_one("#item-back", Static)
    return str(hint.content) if hint.display else ""


async def top_page(pilot: Pilot, app: StudioApp, collection: str, key: Any) -> ItemScreen:
    await wait_until(
        pilot,
        lambda: (
            page(app) is not None and (page(app).collection, page(app).key) == (collection, key)
        ),
    )
    return page(app)  # type: ignore[return-value]


async def test_enter_on_a_country_cell_follows_it_and_escape_comes_back(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        grid = await open_collection(pilot, app, "cities")
        grid.move_cursor(3)
        await to_column(pilot, grid, "country")
        city = grid.cursor_item
        assert city is not None
        country = city["country"]["id"]
        await pilot.press("enter")
        screen = await top_page(pilot, app, "countries", country)
        assert screen.item_list is None  # next/previous walk the browser's list, not this
        assert back_hint(screen) == ""  # Escape goes back to the browser: nothing to say
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        assert browser(app).collection == "cities"
        assert grid.cursor_row == 3 and grid.current_column.key == "country"  # type: ignore[union-attr]
        await pilot.press("left", "enter")  # any other cell opens the row itself
        await top_page(pilot, app, "cities", city["id"])


async def test_o_opens_the_related_item_or_says_why_not(demo_url: str, demo_db: Database) -> None:
    cities = ItemsService(demo_db, "cities")
    first = (await cities.read_many(fields=["id"], sort=["id"], limit=1))[0]["id"]
    await cities.update_one(first, {"country": None})
    async with running_studio(demo_url) as (app, pilot):
        grid = await open_collection(pilot, app, "cities")
        assert grid.cursor_key == first
        await pilot.press("o")  # on the ID column
        assert "does not link to another item" in notices(app)[-1]
        await to_column(pilot, grid, "country")
        await pilot.press("o")  # no country on this row
        assert notices(app)[-1] == "This row has no Country."
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("enter")  # Enter on an empty link opens the row
        await top_page(pilot, app, "cities", first)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        await pilot.press("down")
        country = grid.cursor_item["country"]["id"]  # type: ignore[index]
        await pilot.press("o")
        await top_page(pilot, app, "countries", country)


async def _france_and_two_cities(db: Database) -> tuple[int, int, int]:
    countries = ItemsService(db, "countries")
    france = (
        await countries.read_many(fields=["id", "capital_city"], filter={"code": {"_eq": "FR"}})
    )[0]
    others = await ItemsService(db, "cities").read_many(
        fields=["id"],
        filter={"country": {"_eq": france["id"]}, "id": {"_neq": france["capital_city"]}},
        sort=["id"],
        limit=1,
    )
    return france["id"], france["capital_city"], others[0]["id"]


async def test_a_back_stack_of_pages_keeps_and_guards_each_levels_edits(
    demo_url: str, demo_db: Database
) -> None:
    france, paris, other = await _france_and_two_cities(demo_db)
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        city = await open_item(app, pilot, "cities", paris)
        await replace(pilot, city, "population", "2200000")
        app.open_item("countries", france)  # what following the Country field does
        country = await top_page(pilot, app, "countries", france)
        assert back_hint(country) == "esc: back to Cities / Paris (France)"
        await replace(pilot, country, "name", "République française")
        app.open_item("cities", other)
        third = await top_page(pilot, app, "cities", other)
        assert back_hint(third) == "esc: back to Countries / France"
        await replace(pilot, third, "name", "Nowhere")

        await pilot.press("escape")  # the top page asks; staying keeps everything
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is third)
        assert third.dirty
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")  # discard the third level only
        await wait_until(pilot, lambda: app.screen is country)
        assert country.dirty and row(country, "name").interface.value == "République française"

        await pilot.press("escape")  # the country asks too; save this level and go back
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("s")
        await wait_until(pilot, lambda: app.screen is city)
        assert city.dirty and row(city, "population").interface.value == 2200000
        # the page below reads its title again: the country it names was renamed above
        await wait_until(pilot, lambda: city.title_text == "Paris (République française)")
        await pilot.press("ctrl+s")
        await saved(pilot, city)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))

    assert (await read(demo_db, "countries", france, "name"))["name"] == "République française"
    assert (await read(demo_db, "cities", paris, "population"))["population"] == 2200000
    assert (await read(demo_db, "cities", other, "name"))["name"] != "Nowhere"


async def test_the_back_hint_fits_one_line_at_80_columns(demo_url: str, demo_db: Database) -> None:
    france, paris, _ = await _france_and_two_cities(demo_db)
    long_name = "The United Kingdom of Great Britain and Northern Ireland and Elsewhere"
    await ItemsService(demo_db, "countries").update_one(france, {"name": long_name})
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        await open_item(app, pilot, "cities", paris)
        app.open_item("countries", france)
        country = await top_page(pilot, app, "countries", france)
        top = country.query_one("#item-top")
        title = country.query_one("#item-title", Static)
        hint = country.query_one("#item-back", Static)
        assert top.size.height == 1 and hint.size.height == 1
        assert title.outer_size.width == 48  # the heading keeps 60%, cut with an ellipsis
        assert title.region.right <= hint.region.x and hint.region.right == 80
        assert hint.outer_size.width == 32


async def test_the_back_hint_names_a_page_whose_title_starts_the_heading(
    demo_url: str, demo_db: Database
) -> None:
    """Niger below Nigeria (the palette's item search opens an item over the page): the way
    back is named though "Countries / Niger" is part of "Countries / Nigeria"."""
    niger, nigeria = await _key_of(demo_db, "NE"), await _key_of(demo_db, "NG")
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        await open_item(app, pilot, "countries", niger)
        app.open_item("countries", nigeria)
        above = await top_page(pilot, app, "countries", nigeria)
        assert back_hint(above) == "esc: back to Countries / Niger"


class Spy:
    """Counts `related_changed` calls on a form's relational interfaces."""

    def __init__(self, screen: ItemScreen) -> None:
        self.calls: list[str] = []
        assert screen.form is not None
        self.fields = [n for n, r in screen.form.rows.items() if r.interface.relational]
        assert self.fields, "the page has no relational field"
        for name in self.fields:
            interface = screen.form.rows[name].interface
            interface.related_changed = lambda name=name: self.calls.append(name)  # type: ignore[method-assign]


async def test_relational_interfaces_hear_when_a_page_above_closes_not_a_dialog(
    demo_url: str, demo_db: Database
) -> None:
    france, paris, _ = await _france_and_two_cities(demo_db)
    async with running_studio(demo_url) as (app, pilot):
        country = await open_item(app, pilot, "countries", france)
        spy = Spy(country)
        assert set(spy.fields) >= {"capital_city", "cities"}

        await pilot.press("f1")  # help is a dialog: nothing above can have changed
        await wait_until(pilot, lambda: app.screen is not country)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is country)
        await pilot.pause(0.05)
        assert spy.calls == []

        app.open_item("cities", paris)
        await top_page(pilot, app, "cities", paris)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is country)
        await wait_until(pilot, lambda: sorted(spy.calls) == sorted(spy.fields))

        spy.calls.clear()
        from studio.ui.screens.picker import PickerScreen

        app.push_screen(PickerScreen("cities", title="Pick a city"))
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is country)
        await wait_until(pilot, lambda: sorted(spy.calls) == sorted(spy.fields))


async def test_a_child_opened_from_the_o2m_list_comes_back_renamed(
    demo_url: str, demo_db: Database
) -> None:
    from tests.ui.relational.o2m_helpers import open_list, titles, until_settled

    afghanistan = await _key_of(demo_db, "AF")
    async with running_studio(demo_url) as (app, pilot):
        country, cities = await open_list(app, pilot, "countries", afghanistan, "cities")
        first = titles(cities)[0]
        await pilot.press("f3")  # the O2M list's follow key
        await wait_until(pilot, lambda: page(app) is not None and page(app) is not country)
        child = page(app)
        assert child is not None and child.collection == "cities"
        assert back_hint(child) == "esc: back to Countries / Afghanistan"
        await replace(pilot, child, "name", "Kabul Nova")
        await pilot.press("ctrl+s")  # saves and goes back
        await wait_until(pilot, lambda: app.screen is country)
        await until_settled(pilot, cities)
        await wait_until(pilot, lambda: "Kabul Nova (Afghanistan)" in titles(cities))
        assert first not in titles(cities)


async def _key_of(db: Database, code: str) -> int:
    found = await ItemsService(db, "countries").read_many(
        fields=["id"], filter={"code": {"_eq": code}}, limit=1
    )
    return found[0]["id"]


async def test_following_back_to_an_item_open_below_with_edits_warns(
    demo_url: str, demo_db: Database
) -> None:
    france, paris, _ = await _france_and_two_cities(demo_db)
    async with running_studio(demo_url) as (app, pilot):
        notified = also_open_notices(app)
        city = await open_item(app, pilot, "cities", paris)
        app.open_item("countries", france)
        await top_page(pilot, app, "countries", france)
        app.open_item("cities", paris)  # no edits below: nothing to say
        again = await top_page(pilot, app, "cities", paris)
        assert again is not city and notified == []
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: app.screen is city)
        await replace(pilot, city, "population", "1")
        await wait_until(pilot, lambda: city.dirty)
        app.open_item("countries", france)
        country = await top_page(pilot, app, "countries", france)
        app.open_item("cities", paris)
        assert notified == ["Cities / Paris (France) is also open below, with unsaved edits."]
        await wait_until(pilot, lambda: page(app) not in (None, city, country))


async def test_three_hops_with_the_m2o_follow_key(demo_url: str, demo_db: Database) -> None:
    france, paris, other = await _france_and_two_cities(demo_db)
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        city = await open_item(app, pilot, "cities", other)
        await replace(pilot, city, "population", "12345")
        await focus(pilot, city, "country")
        await pilot.press("f3")
        country = await top_page(pilot, app, "countries", france)
        await replace(pilot, country, "code", "FX")
        await focus(pilot, country, "capital_city")
        await pilot.press("f3")
        capital = await top_page(pilot, app, "cities", paris)
        assert back_hint(capital) == "esc: back to Countries / France"

        await pilot.press("escape")  # nothing edited up here: back at once
        await wait_until(pilot, lambda: app.screen is country)
        assert row(country, "code").interface.value == "FX"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen is city)
        assert city.dirty and row(city, "population").interface.value == 12345
    assert (await read(demo_db, "countries", france, "code"))["code"] == "FR"
