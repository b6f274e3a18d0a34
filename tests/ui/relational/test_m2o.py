"""The M2O picker as an editor uses it, on the demo (both databases): typeahead, browse, a new
related item and inline edits staged until the one save, clear, follow and back, and the O2O
capital that leaves out cities already another country's capital. The database is read back
after every save, and after every cancel to see that nothing was written."""

from __future__ import annotations

from typing import Any

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.interfaces.m2o import M2OCurrent, M2OInterface
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.nested_item import NestedItemScreen
from studio.ui.screens.picker import PickerScreen
from studio.ui.widgets.item_grid import ItemGrid
from studio.ui.widgets.typeahead import Typeahead
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import focus, open_item, page, read, replace, row, saved, type_text

# helpers -----------------------------------------------------------------------------------------


async def key_of(db: Database, collection: str, name: str) -> Any:
    found = await ItemsService(db, collection).read_many(
        fields=["id"], filter={"name": {"_eq": name}}, limit=1
    )
    return found[0]["id"]


def m2o(screen: ItemScreen, name: str) -> M2OInterface:
    interface = row(screen, name).interface
    assert isinstance(interface, M2OInterface)
    return interface


def shown(interface: M2OInterface) -> str:
    current = interface.query_one(M2OCurrent)
    return current.title + (f" ({current.mark})" if current.mark else "")


def titles(interface: M2OInterface) -> list[str]:
    typeahead = interface.query_one(Typeahead)
    return [s.title for s in typeahead.suggestions] if typeahead.is_open else []


def settled_titles(interface: M2OInterface, text: str) -> bool:
    typeahead = interface.query_one(Typeahead)
    return typeahead.is_open and typeahead._shown_for == text and typeahead._timer is None


async def search(pilot: Any, screen: ItemScreen, field: str, text: str) -> M2OInterface:
    """Put the cursor on the field and type `text` (which opens the search), results in."""
    await focus(pilot, screen, field)
    interface = m2o(screen, field)
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])
    await wait_until(pilot, lambda: settled_titles(interface, text))
    return interface


async def shows(pilot: Any, interface: M2OInterface, text: str) -> None:
    await wait_until(pilot, lambda: shown(interface) == text)


async def kabul_country(app: StudioApp, pilot: Any, kabul: Any) -> tuple[ItemScreen, M2OInterface]:
    """Kabul's page, its country field showing Afghanistan."""
    screen = await open_item(app, pilot, "cities", kabul)
    country = m2o(screen, "country")
    await shows(pilot, country, "Afghanistan")
    return screen, country


async def nested(app: StudioApp, pilot: Any) -> NestedItemScreen:
    await wait_until(
        pilot, lambda: isinstance(app.screen, NestedItemScreen) and app.screen.form is not None
    )
    await pilot.pause(0.05)
    assert isinstance(app.screen, NestedItemScreen)
    return app.screen


async def back_on(app: StudioApp, pilot: Any, screen: ItemScreen) -> None:
    await wait_until(pilot, lambda: app.screen is screen)
    await pilot.pause(0.05)


# typeahead ---------------------------------------------------------------------------------------


async def test_set_a_city_country_with_the_typeahead(demo_url: str, demo_db: Database) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    france = await key_of(demo_db, "countries", "France")
    async with running_studio(demo_url) as (app, pilot):
        screen, country = await kabul_country(app, pilot, kabul)
        interface = await search(pilot, screen, "country", "fran")
        assert titles(interface)[0] == "France"  # the prefix in any case, closest first
        await pilot.press("enter")
        await shows(pilot, country, "France")
        assert country.value == france
        assert row(screen, "country").has_class("-edited")
        assert app.focused is country.query_one(M2OCurrent)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert (await read(demo_db, "cities", kabul, "country"))["country"] == france


async def test_arrows_move_and_escape_restores(demo_url: str, demo_db: Database) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url) as (app, pilot):
        screen, country = await kabul_country(app, pilot, kabul)
        await focus(pilot, screen, "country")
        await pilot.press("down")  # opens with nothing typed: the first countries
        await wait_until(pilot, lambda: settled_titles(country, ""))
        first = titles(country)[:3]
        assert len(titles(country)) == 10 and first == sorted(first)
        await pilot.press("down", "down", "up")
        assert country.query_one(Typeahead).results.highlighted == 1
        await pilot.press("escape")
        await pilot.pause()
        assert not country.query_one(Typeahead).is_open
        assert shown(country) == "Afghanistan" and not screen.dirty
        await type_text(pilot, "Ja")  # typing on the closed field searches again
        await wait_until(pilot, lambda: settled_titles(country, "Ja"))
        assert titles(country)[0] == "Jamaica"
        await pilot.press("down", "enter")
        await shows(pilot, country, "Japan")
        await type_text(pilot, "Ch")
        await wait_until(pilot, lambda: settled_titles(country, "Ch"))
        await pilot.press("ctrl+r")  # revert while searching: back to the stored country
        await shows(pilot, country, "Afghanistan")
        assert not screen.dirty and not country.query_one(Typeahead).is_open
        assert app.focused is country.query_one(M2OCurrent)
        await pilot.press("escape")  # nothing to save: leaves without asking
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert (await read(demo_db, "cities", kabul, "country"))["country"] == await key_of(
        demo_db, "countries", "Afghanistan"
    )


async def test_enter_right_after_typing_picks_the_first_match(
    demo_url: str, demo_db: Database
) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", kabul)
        await focus(pilot, screen, "country")
        country = m2o(screen, "country")
        await pilot.press("n", "o", "r", "w", "enter")  # before the pause that searches
        await shows(pilot, country, "Norway")


# browse --------------------------------------------------------------------------------------


async def test_browse_picks_from_the_whole_table(demo_url: str, demo_db: Database) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    chile = await key_of(demo_db, "countries", "Chile")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", kabul)
        country = await search(pilot, screen, "country", "chil")
        await pilot.press("f6")  # the picker, seeded with what was typed
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert isinstance(picker, PickerScreen) and picker.search_text == "chil"
        await wait_until(pilot, lambda: picker.grid.row_count == 1 and picker.grid.cursor_item)
        await pilot.press("escape")  # cancel: nothing changes
        await back_on(app, pilot, screen)
        assert shown(country) == "Afghanistan" and not screen.dirty
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await wait_until(pilot, lambda: picker.query_one(ItemGrid).cursor_item is not None)
        await pilot.press("slash")
        await type_text(pilot, "Chile")
        await pilot.press("enter")  # search now, back to the rows
        await wait_until(pilot, lambda: picker.grid.row_count == 1 and picker.grid.cursor_item)
        await pilot.press("enter")
        await back_on(app, pilot, screen)
        await shows(pilot, country, "Chile")
        await pilot.press("f2")
        await saved(pilot, screen)
    assert (await read(demo_db, "cities", kabul, "country"))["country"] == chile


# a new related item, staged ---------------------------------------------------------------------


async def test_create_a_country_from_a_city(demo_url: str, demo_db: Database) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    countries_before = (await ItemsService(demo_db, "countries").count()).value
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", kabul)
        country = await search(pilot, screen, "country", "Neverl")
        assert titles(country) == []
        await pilot.press("f7")  # a new country, named with what was typed
        form = await nested(app, pilot)
        assert form.form is not None and form.form.state.values["name"] == "Neverl"
        await replace(pilot, form, "name", "Neverland")
        await replace(pilot, form, "code", "QZ")
        await pilot.press("ctrl+s")  # Done: staged with the city, nothing written
        await back_on(app, pilot, screen)
        await shows(pilot, country, "Neverland (new)")
        assert country.value == {"name": "Neverland", "code": "QZ"}
        assert (await ItemsService(demo_db, "countries").count()).value == countries_before
        await pilot.press("f3")  # not created yet: cannot be opened
        assert "not created yet" in str(country.query_one(".m2o-message").content)
        await pilot.press("f4")  # re-opens the staged values
        form = await nested(app, pilot)
        assert form.form is not None and form.form.state.values["code"] == "QZ"
        await replace(pilot, form, "code", "QY")
        await pilot.press("ctrl+s")
        await back_on(app, pilot, screen)
        assert country.value == {"name": "Neverland", "code": "QY"}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    created = await ItemsService(demo_db, "countries").read_many(
        fields=["id", "code"], filter={"name": {"_eq": "Neverland"}}
    )
    assert [c["code"] for c in created] == ["QY"]
    assert (await read(demo_db, "cities", kabul, "country"))["country"] == created[0]["id"]


async def test_a_refused_save_writes_neither_item(demo_url: str, demo_db: Database) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    countries_before = (await ItemsService(demo_db, "countries").count()).value
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", kabul)
        await replace(pilot, screen, "name", "Kabul renamed")
        await focus(pilot, screen, "country")
        await pilot.press("f7")
        form = await nested(app, pilot)
        await replace(pilot, form, "name", "Second France")
        await replace(pilot, form, "code", "FR")  # France's code: unique
        await pilot.press("ctrl+s")
        await back_on(app, pilot, screen)
        await pilot.press("f2")
        await saved(pilot, screen)
        assert app.screen is screen and screen.dirty  # refused: the edits stay
        assert "FR" in row(screen, "country").message or "Code" in row(screen, "country").message
    assert (await ItemsService(demo_db, "countries").count()).value == countries_before
    assert (await read(demo_db, "cities", kabul, "name"))["name"] == "Kabul"


async def test_a_new_country_without_its_name_is_not_staged(
    demo_url: str, demo_db: Database
) -> None:
    # (The demo's name is NOT NULL with the default "": made required here, as editors would.)
    await FieldsService(demo_db).update("countries", "name", meta={"required": True})
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", kabul)
        await focus(pilot, screen, "country")
        country = m2o(screen, "country")
        await pilot.press("f7")
        form = await nested(app, pilot)
        await replace(pilot, form, "code", "QX")
        await pilot.press("ctrl+s")  # Done refused: the name is required
        await pilot.pause(0.1)
        assert app.screen is form
        assert row(form, "name").message == "Name is required."
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not form)
        await pilot.press("d")  # discard the nested edits
        await back_on(app, pilot, screen)
        assert country.value == await key_of(demo_db, "countries", "Afghanistan")
        assert not screen.dirty


# inline edit of the related item ----------------------------------------------------------------


async def test_edit_the_country_inline_and_save(demo_url: str, demo_db: Database) -> None:
    lyon = await key_of(demo_db, "cities", "Paris")
    france = await key_of(demo_db, "countries", "France")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", lyon)
        country = m2o(screen, "country")
        await shows(pilot, country, "France")
        await focus(pilot, screen, "country")
        await pilot.press("f4")
        form = await nested(app, pilot)
        await pilot.press("ctrl+s")  # Done with no edits: the value stays the plain key
        await back_on(app, pilot, screen)
        assert country.value == france and not screen.dirty
        await pilot.press("f4")
        form = await nested(app, pilot)
        await replace(pilot, form, "name", "Frankreich")
        await pilot.press("ctrl+s")
        await back_on(app, pilot, screen)
        await shows(pilot, country, "Frankreich (edited)")
        assert country.value == {"id": france, "name": "Frankreich"}
        await pilot.press("f4")  # the staged edits come back in the form
        form = await nested(app, pilot)
        assert form.form is not None and form.form.state.values["name"] == "Frankreich"
        await pilot.press("escape")  # nothing new: leaves without asking
        await back_on(app, pilot, screen)
        assert country.value == {"id": france, "name": "Frankreich"}
        assert (await read(demo_db, "countries", france, "name"))["name"] == "France"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert (await read(demo_db, "countries", france, "name"))["name"] == "Frankreich"
    assert (await read(demo_db, "cities", lyon, "country"))["country"] == france


async def test_picking_the_same_item_keeps_its_staged_edits(
    demo_url: str, demo_db: Database
) -> None:
    """The edits staged with F4 belong to the picked item: picking it again (typeahead or
    browse) must not drop them without a word; picking another item does."""
    paris = await key_of(demo_db, "cities", "Paris")
    france = await key_of(demo_db, "countries", "France")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", paris)
        country = m2o(screen, "country")
        await shows(pilot, country, "France")
        await focus(pilot, screen, "country")
        await pilot.press("f4")
        form = await nested(app, pilot)
        await replace(pilot, form, "name", "Frankreich")
        await pilot.press("ctrl+s")
        await back_on(app, pilot, screen)
        await shows(pilot, country, "Frankreich (edited)")
        await type_text(pilot, "Fran")
        await wait_until(pilot, lambda: settled_titles(country, "Fran"))
        assert titles(country)[0] == "France"
        await pilot.press("enter")
        await shows(pilot, country, "Frankreich (edited)")
        assert country.value == {"id": france, "name": "Frankreich"}
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await pilot.press("slash")
        await type_text(pilot, "France")
        await pilot.press("enter")
        await wait_until(pilot, lambda: picker.grid.row_count == 1 and picker.grid.cursor_item)
        await pilot.press("enter")
        await back_on(app, pilot, screen)
        await shows(pilot, country, "Frankreich (edited)")
        assert country.value == {"id": france, "name": "Frankreich"}
        await type_text(pilot, "Ger")  # another country: the edits of France go
        await wait_until(pilot, lambda: settled_titles(country, "Ger"))
        await pilot.press("enter")
        await shows(pilot, country, "Germany")
        assert country.value == await key_of(demo_db, "countries", "Germany")


# clear ---------------------------------------------------------------------------------------


async def test_clear_a_nullable_country_and_save(demo_url: str, demo_db: Database) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url) as (app, pilot):
        screen, country = await kabul_country(app, pilot, kabul)
        await focus(pilot, screen, "country")
        await pilot.press("delete")
        assert country.value is None and shown(country) == ""
        assert "no item" in str(country.query_one(M2OCurrent).render())
        await pilot.press("f2")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: page(app) is not None and not screen.dirty)
        country = m2o(screen, "country")  # the page was read again after the save
        await shows(pilot, country, "")
        await focus(pilot, screen, "country")
        await pilot.press("backspace")  # already empty: nothing happens
        assert not screen.dirty
    assert (await read(demo_db, "cities", kabul, "country"))["country"] is None


async def test_clearing_a_required_m2o_is_refused(demo_url: str, demo_db: Database) -> None:
    await FieldsService(demo_db).update("cities", "country", meta={"required": True})
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url) as (app, pilot):
        screen, country = await kabul_country(app, pilot, kabul)
        await focus(pilot, screen, "country")
        await pilot.press("delete")
        message = str(country.query_one(".m2o-message").content)
        assert message == "Country needs a value: pick another item instead (Enter, F6)."
        assert country.value is not None and not screen.dirty
        assert shown(country) == "Afghanistan"
        await type_text(pilot, "Ja")  # the next action clears the message
        assert not country.has_class("-message")


# follow ----------------------------------------------------------------------------------------


async def test_follow_to_the_country_and_back(demo_url: str, demo_db: Database) -> None:
    kabul = await key_of(demo_db, "cities", "Kabul")
    afghanistan = await key_of(demo_db, "countries", "Afghanistan")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", kabul)
        await replace(pilot, screen, "name", "Kabul (edited)")
        await focus(pilot, screen, "country")
        country = m2o(screen, "country")
        await pilot.press("f3")
        await wait_until(
            pilot, lambda: page(app) is not None and page(app).collection == "countries"
        )
        followed = page(app)
        assert followed is not None and followed.key == afghanistan
        await replace(pilot, followed, "name", "Afghanistan (renamed)")
        await pilot.press("f2")
        await saved(pilot, followed)
        await pilot.press("escape")
        await back_on(app, pilot, screen)
        assert screen.form is not None
        assert screen.form.state.values["name"] == "Kabul (edited)"  # the edit is still there
        await shows(pilot, country, "Afghanistan (renamed)")  # read again on the way back
        assert not row(screen, "country").has_class("-edited")
    assert (await read(demo_db, "cities", kabul, "name"))["name"] == "Kabul"


# O2O ---------------------------------------------------------------------------------------------


async def test_capital_choices_leave_out_other_capitals(demo_url: str, demo_db: Database) -> None:
    france = await key_of(demo_db, "countries", "France")
    paris = await key_of(demo_db, "cities", "Paris")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "countries", france)
        capital = m2o(screen, "capital_city")
        await shows(pilot, capital, "Paris (France)")
        await search(pilot, screen, "capital_city", "Paris")
        assert titles(capital)[0] == "Paris (France)"  # this country's own capital stays
        await pilot.press("escape")
        await type_text(pilot, "Berl")
        await wait_until(pilot, lambda: settled_titles(capital, "Berl"))
        assert "Berlin (Germany)" not in titles(capital)  # Germany's capital
        await pilot.press("escape", "f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await wait_until(pilot, lambda: picker.grid.row_count is not None)
        total = (await ItemsService(demo_db, "cities").count()).value
        taken = await ItemsService(demo_db, "countries").count({"capital_city": {"_nnull": 1}})
        assert picker.grid.row_count == total - taken.value + 1  # + Paris, France's own
        await pilot.press("escape")
        await back_on(app, pilot, screen)
        assert capital.value == paris and not screen.dirty


async def test_a_new_country_may_not_take_a_capital(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "countries", None)
        capital = await search(pilot, screen, "capital_city", "Paris")
        assert "Paris (France)" not in titles(capital)


async def test_readonly_field_still_follows(demo_url: str, demo_db: Database) -> None:
    await FieldsService(demo_db).update("cities", "country", meta={"readonly": True})
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url) as (app, pilot):
        screen, country = await kabul_country(app, pilot, kabul)
        await focus(pilot, screen, "country")
        await pilot.press("a", "delete", "f7")
        assert not country.query_one(Typeahead).is_open and not screen.dirty
        assert app.screen is screen
        await pilot.press("f3")
        await wait_until(
            pilot, lambda: page(app) is not None and page(app).collection == "countries"
        )


async def test_a_readonly_field_shows_where_the_cursor_is(demo_url: str, demo_db: Database) -> None:
    """Read-only, the field still takes the cursor (F3 opens the item): it must show it has it,
    or a keyboard user cannot tell where the cursor went."""
    await FieldsService(demo_db).update("cities", "country", meta={"readonly": True})
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        screen = await open_item(app, pilot, "cities", kabul)
        current = m2o(screen, "country").query_one(M2OCurrent)
        resting = current.styles.background
        await focus(pilot, screen, "country")
        assert current.has_focus and current.styles.background != resting


async def test_set_value_shows_keys_staged_items_and_nothing(
    demo_url: str, demo_db: Database
) -> None:
    """What the form sends back on a revert or after a save: a key, None, or staged values."""
    kabul = await key_of(demo_db, "cities", "Kabul")
    france = await key_of(demo_db, "countries", "France")
    async with running_studio(demo_url) as (app, pilot):
        screen, country = await kabul_country(app, pilot, kabul)
        country.set_value({"name": "Neverland"})
        await shows(pilot, country, "Neverland (new)")
        country.set_value({"id": france, "name": "Frankreich"})
        await shows(pilot, country, "Frankreich (edited)")
        country.set_value(france)
        await shows(pilot, country, "France")
        country.set_value(None)
        await shows(pilot, country, "")
        country.set_value(99999)
        await shows(pilot, country, "99999 (missing in Countries)")
        assert not screen.dirty  # set_value reports nothing


async def test_a_search_error_is_shown_in_the_list(demo_url: str, demo_db: Database) -> None:
    await FieldsService(demo_db).update(
        "cities", "country", meta={"options": {"filter": {"nope": {"_eq": 1}}}}
    )
    kabul = await key_of(demo_db, "cities", "Kabul")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", kabul)
        country = await search(pilot, screen, "country", "fr")
        status = country.query_one(".typeahead-status")
        assert "cannot search: Cannot filter on 'nope'" in str(status.content)
        assert titles(country) == [] and not screen.dirty
