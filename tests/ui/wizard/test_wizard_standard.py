"""The field wizard in standard mode, driven with keys as an admin would, on SQLite and
PostgreSQL: every standard kind, relations to a new and an existing collection, a name clash
caught in step 2, an engine refusal shown next to its input, leaving at every step with nothing
written, and the new field on an item form at once."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, SelectionList, Static

from studio.engine import Database
from studio.engine.schema import SchemaOverview, thaw
from studio.ui.screens.field_wizard import FieldWizardScreen
from studio.ui.screens.item import ItemScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.wizard.conftest import (
    choose_kind,
    create,
    open_wizard,
    schema_state,
    to_preview,
    type_into,
)

SIZE = (80, 24)


async def overview_of(url: str) -> SchemaOverview:
    db = await Database.open(url)
    try:
        return await db.overview()
    finally:
        await db.close()


def message(screen: FieldWizardScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


# (kind, key, the field type it gets by default)
STANDARD: list[tuple[str, str, str]] = [
    ("input", "title", "string"),
    ("input-multiline", "summary", "text"),
    ("boolean", "active", "boolean"),
    ("select-dropdown", "status", "string"),
    ("datetime", "founded", "timestamp"),
    ("input-code", "extra", "json"),
    ("tags", "keywords", "json"),
]


async def test_every_standard_kind(studio_url: str) -> None:
    async with running_studio(studio_url, SIZE) as (app, pilot):
        for kind, key, _ in STANDARD:
            screen = await open_wizard(pilot, "countries")
            await choose_kind(pilot, screen, kind)
            await type_into(pilot, "#key-input", key)
            await pilot.press("enter")
            await wait_until(pilot, lambda s=screen: s.step == 3)
            if kind == "select-dropdown":
                await type_into(pilot, "#options-form Input", "draft")
                await pilot.press("enter", *"published", "enter")
            await to_preview(pilot, screen)
            assert screen.change is not None and not screen.change.problems
            await create(pilot, screen)
            assert key in app.session.overview.collection("countries").fields
    overview = await overview_of(studio_url)
    fields = overview.collection("countries").fields
    for kind, key, field_type in STANDARD:
        field = fields[key]
        assert field.has_meta and not field.is_alias, key
        assert field.type == field_type, key
        assert field.interface == kind, key
    assert thaw(fields["status"].options) == {
        "choices": [
            {"text": "draft", "value": "draft"},
            {"text": "published", "value": "published"},
        ]
    }
    assert "cast-json" in fields["keywords"].special


async def test_m2o_to_a_new_collection(studio_url: str) -> None:
    async with running_studio(studio_url, SIZE) as (_app, pilot):
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "m2o")
        await type_into(pilot, "#key-input", "Capital City")
        assert screen.query_one("#key-input").value == "capital_city"  # type: ignore[attr-defined]
        await type_into(pilot, "#related-input", "cities")
        assert "New collection cities will be created" in message(screen, "#related-hint")
        await to_preview(pilot, screen)
        assert screen.change is not None
        assert "collection 'cities' is created" in screen.change.notes
        await create(pilot, screen)
    overview = await overview_of(studio_url)
    assert "cities" in overview.collections
    field = overview.collection("countries").fields["capital_city"]
    assert field.special == ("m2o",) and field.interface == "select-dropdown-m2o"
    assert field.foreign_key is not None
    relation = overview.relation_by_many("countries", "capital_city")
    assert relation is not None and relation.has_meta
    assert relation.one_collection == "cities"


async def test_m2m_with_the_default_names(studio_url: str) -> None:
    async with running_studio(studio_url, SIZE) as (_app, pilot):
        screen = await open_wizard(pilot, "recipes")
        await choose_kind(pilot, screen, "m2m")
        await type_into(pilot, "#key-input", "ingredients")
        await type_into(pilot, "#related-input", "ingr")
        await pilot.press("tab")  # into the list of matching collections
        await pilot.press("enter")
        assert screen.query_one("#related-input").value == "ingredients"  # type: ignore[attr-defined]
        assert "Existing collection ingredients" in message(screen, "#related-hint")
        await to_preview(pilot, screen)
        await create(pilot, screen)
    overview = await overview_of(studio_url)
    junction = overview.collection("recipes_ingredients")
    assert {"id", "recipes_id", "ingredients_id"} <= set(junction.fields)
    a = overview.relation_by_many("recipes_ingredients", "recipes_id")
    b = overview.relation_by_many("recipes_ingredients", "ingredients_id")
    assert a is not None and a.one_collection == "recipes" and a.one_field == "ingredients"
    assert a.junction_field == "ingredients_id"
    assert b is not None and b.one_collection == "ingredients" and b.junction_field == "recipes_id"
    field = overview.collection("recipes").fields["ingredients"]
    assert field.is_alias and "m2m" in field.special and field.interface == "list-m2m"


async def test_a_name_clash_is_caught_in_step_2(studio_url: str) -> None:
    before = await schema_state(studio_url)
    async with running_studio(studio_url, SIZE) as (_app, pilot):
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "input")
        await type_into(pilot, "#key-input", "ID")
        assert message(screen, "#key-error") == "Collection 'countries' already has a field 'id'."
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert screen.step == 2  # refused before the engine is asked
        assert message(screen, "#key-error") == "Collection 'countries' already has a field 'id'."
        await pilot.press("backspace", "backspace", *"name")
        assert message(screen, "#key-error") == ""
    assert await schema_state(studio_url) == before


async def test_the_key_is_sanitised_as_typed_even_when_typed_fast(studio_url: str) -> None:
    async with running_studio(studio_url, SIZE) as (app, pilot):
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "input")
        for char in "Date Créée":  # every key queued before the first is handled
            app.post_message(events.Key("space" if char == " " else char, char))
        key = screen.query_one("#key-input", Input)
        await wait_until(pilot, lambda: len(key.value) >= 10)
        assert key.value == "date_creee"
        assert message(screen, "#key-hint") == "Creates countries.date_creee"


async def test_leaving_at_any_step_writes_nothing(studio_url: str) -> None:
    before = await schema_state(studio_url)
    results: list[Any] = []
    async with running_studio(studio_url, SIZE) as (app, pilot):
        for step in (1, 2, 3, 4):
            screen = FieldWizardScreen("recipes")
            app.push_screen(screen, callback=results.append)
            await wait_until(pilot, lambda s=screen: app.screen is s and s.is_mounted)
            if step > 1:
                await choose_kind(pilot, screen, "m2m")
                await type_into(pilot, "#key-input", "tags")
                await type_into(pilot, "#related-input", "labels")  # a new collection
            if step > 2:
                await pilot.press("ctrl+n")
                await wait_until(pilot, lambda s=screen: s.step == 3)
            if step > 3:
                await to_preview(pilot, screen)
                assert screen.change is not None and screen.change.steps
            for _ in range(step):
                await pilot.press("escape")
                await pilot.pause(0.05)
            await wait_until(pilot, lambda s=screen: app.screen is not s)
    assert results == [None, None, None, None]
    assert await schema_state(studio_url) == before


async def test_an_engine_refusal_goes_next_to_its_input(studio_url: str) -> None:
    db = await Database.open(studio_url)
    try:
        async with db.transaction() as conn:
            from sqlalchemy import text

            await conn.execute(text("CREATE TABLE notes_log (message TEXT)"))  # no key
    finally:
        await db.close()
    before = await schema_state(studio_url)
    async with running_studio(studio_url, SIZE) as (app, pilot):
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "m2o")
        await type_into(pilot, "#key-input", "log")
        await type_into(pilot, "#related-input", "notes_log")
        await to_preview(pilot, screen)
        await wait_until(pilot, lambda: screen.step == 2 and screen.pane is not None)
        related = screen.query_one("#related-input")
        await wait_until(pilot, lambda: app.focused is related)
        assert message(screen, "#related-error").startswith("'notes_log' cannot be related to")
        assert message(screen, "#key-error") == ""
    assert await schema_state(studio_url) == before


async def test_m2a_needs_a_collection_to_come_from(studio_url: str) -> None:
    async with running_studio(studio_url, SIZE) as (_app, pilot):
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "m2a")
        await type_into(pilot, "#key-input", "blocks")
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert screen.step == 2
        assert message(screen, "#related-error").startswith("Choose at least one collection")
        allowed = screen.query_one("#allowed-list", SelectionList)
        allowed.focus()
        await pilot.press("space", "down", "space")
        await to_preview(pilot, screen)
        await create(pilot, screen)
    overview = await overview_of(studio_url)
    relation = overview.relation_by_many("countries_blocks", "item")
    assert relation is not None
    assert set(relation.one_allowed_collections) == {"ingredients", "recipes"}


async def test_the_new_field_is_on_the_item_form_at_once(studio_url: str) -> None:
    async with running_studio(studio_url, SIZE) as (app, pilot):
        screen = await open_wizard(pilot, "countries")
        await choose_kind(pilot, screen, "input")
        await type_into(pilot, "#key-input", "name")
        await to_preview(pilot, screen)
        await create(pilot, screen)
        app.open_item("countries", None)
        await wait_until(
            pilot, lambda: isinstance(app.screen, ItemScreen) and app.screen.form is not None
        )
        item = app.screen
        assert isinstance(item, ItemScreen) and item.form is not None
        assert "name" in item.form.rows


async def test_editing_a_field_changes_its_options(studio_url: str) -> None:
    from textual.widgets import TabbedContent

    from studio.engine.fields import FieldsService
    from studio.ui.wizard.options_pane import OptionsPane

    db = await Database.open(studio_url)
    try:
        await FieldsService(db).create("countries", "title", "string")
    finally:
        await db.close()
    async with running_studio(studio_url, SIZE) as (app, pilot):
        app.open_field_wizard("countries", "title")
        await wait_until(pilot, lambda: isinstance(app.screen, FieldWizardScreen))
        screen = app.screen
        assert isinstance(screen, FieldWizardScreen)
        await wait_until(pilot, lambda: bool(screen.tabs))
        assert "title" in message(screen, "#wizard-title")
        index = next(i for i, pane in enumerate(screen.tabs) if isinstance(pane, OptionsPane))
        screen.query_one("#advanced-tabs", TabbedContent).active = f"tab-{index}"
        await pilot.pause()
        await type_into(pilot, "#options-form Input", "The country's title")
        await to_preview(pilot, screen)
        assert screen.change is not None and not screen.change.problems
        await create(pilot, screen)
    overview = await overview_of(studio_url)
    field = overview.collection("countries").fields["title"]
    assert thaw(field.options) == {"placeholder": "The country's title"}
