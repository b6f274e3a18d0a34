"""The data model's collections list on SQLite and PostgreSQL: what each collection is, adopting
a table made outside Studio, creating a collection (from an empty database too), its settings
reaching the item page, and deleting one with everything that goes with it."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import Checkbox, Input, OptionList, Static

from studio.engine import Database
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.collection_create import CollectionCreateScreen
from studio.ui.screens.collection_fields import CollectionFieldsScreen
from studio.ui.screens.collection_settings import CollectionSettingsScreen
from studio.ui.screens.data_model import DataModelScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.template_picker import TemplatePickerScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.data_model.conftest import (
    cells,
    fresh,
    open_data_model,
    preview,
    preview_text,
    row_keys,
    select_row,
)


async def _raw_tables(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(text("CREATE TABLE raw_notes (id INTEGER PRIMARY KEY, body TEXT)"))
        await conn.execute(text("CREATE TABLE raw_log (at TEXT, message TEXT)"))


async def test_the_list_tells_configured_unconfigured_and_uneditable_apart_and_adopts(
    demo_url: str, demo_db: Database
) -> None:
    await _raw_tables(demo_db)
    async with running_studio(demo_url, size=(100, 30)) as (app, pilot):
        screen = await open_data_model(pilot)
        keys = row_keys(screen)
        assert keys.index("content") < keys.index("articles")  # folders hold their collections
        assert cells(screen, "countries")[2:] == ["5", "configured"]
        assert cells(screen, "content")[3] == "folder"
        assert cells(screen, "recipes_ingredients")[3] == "configured · junction"
        assert cells(screen, "settings")[3] == "configured · singleton"
        assert cells(screen, "raw_notes")[3] == "not configured"
        assert cells(screen, "raw_log")[3] == "cannot edit: it has no primary key"

        await select_row(pilot, screen, "raw_log")
        assert not screen.check_action("adopt", ())
        await pilot.press("enter")
        message = str(screen.query_one("#dm-message", Static).render())
        assert "cannot edit raw_log: it has no primary key" in message
        assert isinstance(app.screen, DataModelScreen)

        await select_row(pilot, screen, "raw_notes")
        await pilot.press("enter")
        assert "press a to adopt it first" in str(screen.query_one("#dm-message", Static).render())
        await pilot.press("a")
        confirm = await preview(pilot)
        assert "Adopt table raw_notes" in preview_text(confirm)
        await pilot.press("escape")  # cancelled: nothing written
        await wait_until(pilot, lambda: app.screen is screen)
        assert not (await fresh(demo_db)).collection("raw_notes").has_meta

        await pilot.press("a")
        await preview(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: cells(screen, "raw_notes")[3] == "configured")
    overview = await fresh(demo_db)
    assert overview.collection("raw_notes").has_meta
    assert overview.field("raw_notes", "body").has_meta


async def test_create_a_collection_with_a_clash_caught_as_typed(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_data_model(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CollectionCreateScreen))
        dialog = app.screen
        await pilot.press(*"Countries")
        key = dialog.query_one("#create-key", Input)
        assert key.value == "countries"
        message = dialog.query_one("#create-key-message", Static)
        assert "countries exists" in str(message.render())
        await pilot.press("ctrl+s")
        assert "exists" in str(message.render())  # refused by the engine too, beside the key
        assert isinstance(app.screen, CollectionCreateScreen)

        key.value = ""
        await pilot.press(*"Blog Posts")
        assert key.value == "blog_posts"
        assert not str(message.render())
        dialog.query_one("#create-system-status", Checkbox).value = True
        dialog.query_one("#create-system-date_created", Checkbox).value = True
        await pilot.press("ctrl+s")
        confirm = await preview(pilot)
        assert "new table blog_posts" in preview_text(confirm)
        await pilot.press("escape")  # the preview cancelled: back in the dialog, nothing written
        await wait_until(pilot, lambda: app.screen is dialog)
        assert "blog_posts" not in (await fresh(demo_db)).collections

        await pilot.press("ctrl+s")
        await preview(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: "blog_posts" in row_keys(screen))
        assert screen.query_one("#dm-table").cursor_key == "blog_posts"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CollectionFieldsScreen))
    info = (await fresh(demo_db)).collection("blog_posts")
    assert list(info.fields) == ["id", "status", "date_created"]
    assert info.archive_field == "status"


async def test_escape_from_the_create_dialog_writes_nothing(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_data_model(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CollectionCreateScreen))
        await pilot.press(*"drafts", "escape")
        await wait_until(pilot, lambda: app.screen is screen)
    assert "drafts" not in (await fresh(demo_db)).collections


async def test_settings_with_a_template_through_a_relation_reach_the_item_page(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_data_model(pilot)
        await select_row(pilot, screen, "cities")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, CollectionSettingsScreen))
        form = app.screen
        template = form.query_one("#set-display_template", Input)
        template.value = ""
        template.focus()
        await pilot.press(*"{{name}} in ")
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, TemplatePickerScreen))
        picker = app.screen
        options = picker.query_one(OptionList)
        paths = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "country" in paths and "country.name" in paths and "country.code" in paths
        options.highlighted = paths.index("country.name")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is form)
        assert template.value == "{{name}} in {{country.name}}"
        form.query_one("#set-note", Input).value = "Towns and capitals."
        await pilot.press("ctrl+s")
        confirm = await preview(pilot)
        rows = [step for step in confirm.change.steps if hasattr(step, "values")]
        assert rows and set(rows[0].values) == {"display_template", "note"}  # only what changed
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        items = await app.session.items("cities").read_many(
            fields=["id", "name", "country.name"], limit=1, sort=["id"]
        )
        city = items[0]
        app.open_item("cities", city["id"])
        await wait_until(
            pilot, lambda: isinstance(app.screen, ItemScreen) and app.screen.form is not None
        )
        item_screen = app.screen
        assert isinstance(item_screen, ItemScreen)
        expected = f"{city['name']} in {city['country']['name']}"
        await wait_until(pilot, lambda: item_screen.heading() == f"Cities / {expected}")
    info = (await fresh(demo_db)).collection("cities")
    assert info.display_template == "{{name}} in {{country.name}}"
    assert info.note == "Towns and capitals."


async def test_a_bad_setting_is_refused_beside_it(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_data_model(pilot)
        await select_row(pilot, screen, "cities")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, CollectionSettingsScreen))
        form = app.screen
        form.query_one("#set-color", Input).value = "blue"
        await pilot.press("ctrl+s")
        message = form.query_one("#set-color-message", Static)
        assert "#RRGGBB" in str(message.render()) and message.display
        assert isinstance(app.screen, CollectionSettingsScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
    assert (await fresh(demo_db)).collection("cities").color is None


async def test_delete_needs_the_typed_key_and_takes_what_goes_with_it(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_data_model(pilot)
        await select_row(pilot, screen, "ingredients")
        await pilot.press("d")
        confirm = await preview(pilot)
        words = preview_text(confirm)
        assert "junction collection 'recipes_ingredients' is dropped" in words
        assert "drop table ingredients" in words
        await pilot.press("ctrl+s")  # nothing typed
        assert "Type ingredients exactly" in str(confirm.query_one("#confirm-message").render())
        await pilot.press(*"ingredient", "enter")
        assert app.screen is confirm
        await pilot.press("s", "enter")
        await wait_until(pilot, lambda: "ingredients" not in row_keys(screen))
        assert "recipes_ingredients" not in row_keys(screen)
    overview = await fresh(demo_db)
    assert "ingredients" not in overview.collections
    assert "recipes_ingredients" not in overview.collections
    assert "ingredients" not in overview.collection("recipes").fields


async def test_an_empty_database_says_how_to_start_and_creates_the_first_collection(
    db_url: str,
) -> None:
    async with running_studio(db_url) as (app, pilot):
        browser = app.screen
        assert isinstance(browser, BrowserScreen)
        assert "No collections yet" in str(browser.query_one("#browser-title").render())
        assert "ctrl+g" in str(browser.query_one("#browser-status").render())
        screen = await open_data_model(pilot)
        assert screen.has_class("-empty")
        assert "Press n to create the first one" in str(screen.query_one("#dm-empty").render())
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CollectionCreateScreen))
        await pilot.press(*"countries", "enter")
        await preview(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: row_keys(screen) == ["countries"])
        assert not screen.has_class("-empty")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is browser)
        await wait_until(pilot, lambda: browser.collection == "countries")
    db = await Database.open(db_url)
    try:
        assert list((await db.overview()).collection("countries").fields) == ["id"]
    finally:
        await db.close()
