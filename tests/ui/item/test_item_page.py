"""The item page as an editor uses it: open, edit, save (and its variants), revert, delete,
duplicate, leave with edits; each checked in the database afterwards."""

from __future__ import annotations

from sqlalchemy import text

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import ConfirmScreen, UnsavedChangesScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import KeyList, open_item, page, read, replace, row, saved


async def first_key(db: Database, collection: str, **filters: object) -> int:
    query = {"fields": ["id"], "sort": ["id"], "limit": 1}
    if filters:
        query["filter"] = {k: {"_eq": v} for k, v in filters.items()}
    return (await ItemsService(db, collection).read_many(query))[0]["id"]


async def test_edit_text_and_number_then_save_goes_back(demo_url: str, demo_db: Database) -> None:
    key = await first_key(demo_db, "recipes")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "recipes", key)
        await replace(pilot, screen, "title", "Slow bread")
        await replace(pilot, screen, "description", "Line one\nLine [/x] two")
        await replace(pilot, screen, "servings", "12")
        assert row(screen, "title").has_class("-edited")
        assert "3 edited" in str(screen.query_one("#item-status").content)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    stored = await read(demo_db, "recipes", key, "title", "description", "servings")
    assert stored == {
        "title": "Slow bread",
        "description": "Line one\nLine [/x] two",
        "servings": 12,
    }


async def test_a_bad_number_is_shown_and_nothing_is_written(
    demo_url: str, demo_db: Database
) -> None:
    key = await first_key(demo_db, "recipes")
    before = await read(demo_db, "recipes", key, "title", "servings")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "recipes", key)
        await replace(pilot, screen, "title", "Changed title")
        await replace(pilot, screen, "servings", "4.5")
        servings = row(screen, "servings")
        assert servings.message == 'Servings must be a whole number; "4.5" is not.'
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert app.screen is screen  # stayed: the payload was never sent
        assert await read(demo_db, "recipes", key, "title", "servings") == before
        await replace(pilot, screen, "servings", "5")
        assert servings.message == ""
        await pilot.press("f2")  # save and stay
        await saved(pilot, screen)
        await wait_until(pilot, lambda: not screen.dirty and page(app) is screen)
    assert await read(demo_db, "recipes", key, "title", "servings") == {
        "title": "Changed title",
        "servings": 5,
    }


async def test_an_engine_error_shows_on_its_field_and_keeps_the_input(
    demo_url: str, demo_db: Database
) -> None:
    countries = await ItemsService(demo_db, "countries").read_many(
        {"fields": ["id", "code", "name"], "sort": ["id"], "limit": 2}
    )
    first, second = countries
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "countries", first["id"])
        await replace(pilot, screen, "name", "Renamed")
        await replace(pilot, screen, "code", second["code"])  # unique: taken by another country
        await pilot.press("f2")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: row(screen, "code").message != "")
        assert (
            second["code"] in row(screen, "code").message
            or "unique" in row(screen, "code").message.lower()
            or "already" in row(screen, "code").message.lower()
        )
        assert screen.form is not None and screen.form.state.values["code"] == second["code"]
        assert screen.form.state.values["name"] == "Renamed"
        assert screen.dirty
    # One transaction: the name was not written either.
    assert await read(demo_db, "countries", first["id"], "name", "code") == {
        "name": first["name"],
        "code": first["code"],
    }


async def test_revert_puts_the_opening_values_back(demo_url: str, demo_db: Database) -> None:
    key = await first_key(demo_db, "cities")
    before = await read(demo_db, "cities", key, "name", "population")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", key)
        await replace(pilot, screen, "name", "Elsewhere")
        await replace(pilot, screen, "population", "oops")
        assert screen.dirty
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not screen.dirty
        assert row(screen, "population").message == ""
        assert screen.form is not None
        assert screen.form.state.values == {**screen.form.state.initial}
        name_box = row(screen, "name").interface.query_one("Input")
        assert name_box.value == before["name"]  # type: ignore[attr-defined]
        await pilot.press("escape")  # nothing edited: leaves without asking
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await read(demo_db, "cities", key, "name", "population") == before


async def test_create_an_item_then_save_and_create_another(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", None)
        assert "New item" in str(screen.query_one("#item-title").content)
        await replace(pilot, screen, "name", "Newtown")
        await replace(pilot, screen, "population", "1200")
        await pilot.press("ctrl+n")
        await saved(pilot, screen)
        await wait_until(
            pilot, lambda: screen.form is not None and not screen.form.state.values.get("name")
        )
        assert screen.creating
        await replace(pilot, screen, "name", "Secondtown")
        await pilot.press("f2")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: not screen.creating and not screen.dirty)
        assert "Secondtown" in str(screen.query_one("#item-title").content)
    found = await ItemsService(demo_db, "cities").read_many(
        {
            "fields": ["name", "population", "country"],
            "filter": {"name": {"_in": ["Newtown", "Secondtown"]}},
            "sort": ["name"],
        }
    )
    assert found == [
        {"name": "Newtown", "population": 1200, "country": None},
        {"name": "Secondtown", "population": None, "country": None},
    ]


async def test_save_and_next_goes_through_the_list(demo_url: str, demo_db: Database) -> None:
    keys = [
        item["id"]
        for item in await ItemsService(demo_db, "cities").read_many(
            {"fields": ["id"], "sort": ["id"], "limit": 3}
        )
    ]
    items = KeyList(keys)
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", keys[0], items)
        await replace(pilot, screen, "population", "111")
        await pilot.press("alt+down")
        await wait_until(
            pilot,
            lambda: (
                screen.key == keys[1]
                and screen.form is not None
                and screen.form.state.initial.get("id") == keys[1]
            ),
        )
        await replace(pilot, screen, "population", "222")
        await pilot.press("ctrl+down")
        await wait_until(
            pilot,
            lambda: (
                screen.key == keys[2]
                and screen.form is not None
                and screen.form.state.initial.get("id") == keys[2]
            ),
        )
        await pilot.press("alt+up")  # nothing edited: just moves
        await wait_until(
            pilot,
            lambda: screen.form is not None and screen.form.state.initial.get("id") == keys[1],
        )
        assert screen.form is not None and screen.form.state.values["population"] == 222
    assert items.asked == [(keys[0], 1), (keys[1], 1), (keys[2], -1)]
    assert (await read(demo_db, "cities", keys[0], "population"))["population"] == 111
    assert (await read(demo_db, "cities", keys[1], "population"))["population"] == 222


async def test_delete_asks_naming_the_item_and_what_goes_with_it(
    demo_url: str, demo_db: Database
) -> None:
    country = (
        await ItemsService(demo_db, "countries").read_many(
            {"fields": ["id", "name"], "sort": ["id"], "limit": 1}
        )
    )[0]
    cities = (
        await ItemsService(demo_db, "cities").count({"country": {"_eq": country["id"]}})
    ).value
    assert cities > 0
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "countries", country["id"])
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        body = app.screen.body  # type: ignore[attr-defined]
        assert f"“{country['name']}”" in body
        assert f"{cities} Cities item(s) keep existing; their Country is cleared." in body
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert (
        await ItemsService(demo_db, "countries").count({"id": {"_eq": country["id"]}})
    ).value == 0
    assert (
        await ItemsService(demo_db, "cities").count({"country": {"_eq": country["id"]}})
    ).value == 0


async def test_duplicate_opens_a_prefilled_new_item(demo_url: str, demo_db: Database) -> None:
    key = await first_key(demo_db, "cities")
    original = await read(demo_db, "cities", key, "name", "population", "country")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", key)
        await pilot.press("f5")
        await wait_until(pilot, lambda: page(app) is not None and page(app) is not screen)
        copy = page(app)
        assert copy is not None and copy.creating
        assert copy.form is not None
        assert copy.form.state.values["name"] == original["name"]
        assert copy.form.state.values["country"] == original["country"]
        assert row(copy, "name").has_class("-edited")
        await replace(pilot, copy, "name", "Copy town")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)  # back to the original
    found = await ItemsService(demo_db, "cities").read_many(
        {"fields": ["population", "country"], "filter": {"name": {"_eq": "Copy town"}}}
    )
    assert found == [{"population": original["population"], "country": original["country"]}]


async def test_leaving_with_edits_can_stay_discard_or_save(
    demo_url: str, demo_db: Database
) -> None:
    key = await first_key(demo_db, "cities")
    before = await read(demo_db, "cities", key, "name")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", key)
        await replace(pilot, screen, "name", "Kept for now")

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        assert "Name" in str(app.screen.query_one(".question-body").content)
        await pilot.press("escape")  # stay
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.dirty
        assert await read(demo_db, "cities", key, "name") == before

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")  # discard
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert await read(demo_db, "cities", key, "name") == before

        screen = await open_item(app, pilot, "cities", key)
        await replace(pilot, screen, "name", "Saved on the way out")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("s")  # save
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await read(demo_db, "cities", key, "name") == {"name": "Saved on the way out"}


async def test_markup_and_control_characters_in_values_are_shown_as_text(
    demo_url: str, demo_db: Database
) -> None:
    key = await first_key(demo_db, "cities")
    name = "[/x] [bold]Not bold\x1b[2J"
    await ItemsService(demo_db, "cities").update_one(key, {"name": name})
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", key)
        title = str(screen.query_one("#item-title").content)
        assert "[/x] [bold]Not bold\u241b[2J" in title  # ESC shown as ␛, never sent as ESC
        box = row(screen, "name").interface.query_one("Input")
        assert box.value == "[/x] [bold]Not bold\u241b[2J"  # type: ignore[attr-defined]
        assert not screen.dirty
        await replace(pilot, screen, "population", "7")
        await pilot.press("f2")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: not screen.dirty)
    # Only the edited field was written: the name keeps its control character.
    assert await read(demo_db, "cities", key, "name", "population") == {
        "name": name,
        "population": 7,
    }


async def test_half_fields_sit_side_by_side_when_wide_and_stack_at_80(
    demo_url: str, demo_db: Database
) -> None:
    key = await first_key(demo_db, "cities")
    async with running_studio(demo_url, size=(100, 30)) as (app, pilot):
        screen = await open_item(app, pilot, "cities", key)
        population, country = row(screen, "population"), row(screen, "country")
        assert population.region.y == country.region.y
        assert population.region.x < country.region.x
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.1)
        assert population.region.x == country.region.x
        assert population.region.y < country.region.y
        assert str(country.interface.query_one("Static").content) != "…"


async def test_tab_moves_between_fields_and_the_form_follows(
    demo_url: str, demo_db: Database
) -> None:
    key = await first_key(demo_db, "recipes")
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        screen = await open_item(app, pilot, "recipes", key)
        order = []
        for _ in range(4):
            await pilot.press("tab")
            focused = app.focused
            assert focused is not None
            owner = next(r for r in screen.form.rows.values() if focused in r.walk_children())  # type: ignore[union-attr]
            order.append(owner.field.field)
            assert screen.form is not None
            assert (
                screen.form.region.contains_region(owner.interface.region)
                or owner.interface.region.height == 0
            )
        assert order[:3] == ["description", "servings", "minutes"]


async def test_a_collection_that_cannot_be_edited_shows_a_read_only_form_and_why(
    demo_url: str, demo_db: Database
) -> None:
    async with demo_db.transaction() as conn:
        await conn.execute(text('CREATE TABLE logbook (note varchar(50), "noted at [/x]" date)'))
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "logbook", None)
        status = str(screen.query_one("#item-status").content)
        assert status == "Read-only: it has no primary key"
        assert all(r.has_class("-readonly") for r in screen.form.rows.values())  # type: ignore[union-attr]
        assert row(screen, "note").interface.disabled
        label = row(screen, "noted at [/x]").query_one(".field-label")
        assert str(label.content) == "Noted At [/x]"  # type: ignore[attr-defined]
        assert screen.check_action("save", ()) is False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
    async with demo_db.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM logbook"))).scalar() == 0
