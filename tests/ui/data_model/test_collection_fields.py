"""A collection's fields on SQLite and PostgreSQL: form order with flags and relations, reorder
reaching the item page, rename, delete and duplicate after their previews, and the field
wizard's keys."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from studio.engine import Database
from studio.ui.app import StudioApp
from studio.ui.screens.collection_fields import CollectionFieldsScreen
from studio.ui.screens.field_key_prompt import FieldKeyPromptScreen
from studio.ui.screens.item import ItemScreen
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


async def open_fields(pilot: Pilot, collection: str) -> CollectionFieldsScreen:
    screen = await open_data_model(pilot)
    await select_row(pilot, screen, collection)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CollectionFieldsScreen))
    fields = pilot.app.screen
    assert isinstance(fields, CollectionFieldsScreen)
    return fields


async def test_fields_in_form_order_with_flags_and_relations(demo_url: str) -> None:
    async with running_studio(demo_url, size=(120, 40)) as (app, pilot):
        screen = await open_fields(pilot, "articles")
        keys = row_keys(screen)
        assert keys[:4] == ["id", "status", "slug", "details"]
        # The details group's fields come right after it, indented.
        assert keys[4:8] == ["featured", "publish_date", "reading_minutes", "rating"]
        assert cells(screen, "featured")[0] == "featured"
        assert str(screen.query_one("#fields-table").get_row("featured")[0]).startswith("  ")  # type: ignore[attr-defined]
        assert cells(screen, "id")[1:4] == ["integer", "input", "key ro hidden"]
        assert cells(screen, "slug")[3] == "req"
        assert cells(screen, "details")[1:3] == ["alias", "group-detail"]
        assert cells(screen, "related_articles")[4] == "m2m → articles via articles_articles"
        assert cells(screen, "translations")[4].startswith("translations → languages via")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CollectionFieldsScreen))

        screen = await open_fields(pilot, "cities")
        assert cells(screen, "country")[4] == "m2o → countries"
        await pilot.press("escape")
        screen = await open_fields(pilot, "countries")
        assert cells(screen, "cities")[4] == "o2m ← cities.country"
        assert cells(screen, "capital_city")[4] == "o2o → cities"
        await select_row(pilot, screen, "name")
        detail = str(screen.query_one("#fields-detail", Static).render())
        assert "Name: string" in detail and "required" in detail


async def test_reorder_changes_the_item_form(demo_url: str, demo_db: Database) -> None:
    before = list((await demo_db.overview()).collection("recipes").fields)
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_fields(pilot, "recipes")
        first = row_keys(screen)[1]
        second = row_keys(screen)[2]
        await select_row(pilot, screen, first)
        await pilot.press("alt+down")
        assert row_keys(screen)[1:3] == [second, first]  # shown at once
        await pilot.press("alt+up", "alt+up")  # back, then to the very top
        assert row_keys(screen)[0] == first
        await pilot.press("alt+up")
        assert "Already first" in str(screen.query_one("#fields-message", Static).render())

        def written() -> bool:
            return next(iter(app.session.overview.collection("recipes").fields)) == first

        await wait_until(pilot, written)
        listed = row_keys(screen)
        await pilot.press("escape", "escape")
        key = (await app.session.items("recipes").read_many(fields=["id"], limit=1))[0]["id"]
        app.open_item("recipes", key)
        await wait_until(
            pilot, lambda: isinstance(app.screen, ItemScreen) and app.screen.form is not None
        )
        form = app.screen.form  # type: ignore[attr-defined]
        shown = list(form.rows)
        assert shown.index(first) < shown.index(second)
        assert shown == [key for key in listed if key in shown]
    order = list((await fresh(demo_db)).collection("recipes").fields)
    assert order[0] == first and sorted(order) == sorted(before)


async def test_rename_after_its_preview(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_fields(pilot, "settings")
        await select_row(pilot, screen, "tagline")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, FieldKeyPromptScreen))
        prompt = app.screen
        key = prompt.query_one(Input)
        assert key.value == "tagline"
        await pilot.pause()
        assert str(prompt.query_one("#key-message").render()) == ""  # its own key: no clash
        key.value = ""
        await pilot.press(*"site_name")
        assert "site_name exists" in str(prompt.query_one("#key-message").render())
        await pilot.press("enter")
        assert app.screen is prompt
        key.value = ""
        await pilot.press(*"Sub Title", "enter")
        confirm = await preview(pilot)
        assert "rename column settings.tagline to sub_title" in preview_text(confirm)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "sub_title" in row_keys(screen))
        assert "tagline" not in row_keys(screen)
    fields = (await fresh(demo_db)).collection("settings").fields
    assert "sub_title" in fields and "tagline" not in fields


async def test_delete_after_a_preview_of_what_goes_with_it(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_fields(pilot, "cities")
        await select_row(pilot, screen, "country")
        await pilot.press("d")
        confirm = await preview(pilot)
        assert "field countries.cities is deleted" in preview_text(confirm)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert "country" in (await fresh(demo_db)).collection("cities").fields
        await pilot.press("d")
        await preview(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "country" not in row_keys(screen))
    overview = await fresh(demo_db)
    assert "country" not in overview.collection("cities").fields
    assert "cities" not in overview.collection("countries").fields


async def test_duplicate_a_standard_field_and_refuse_a_relational_one(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_fields(pilot, "cities")
        await select_row(pilot, screen, "country")
        await pilot.press("c")
        assert "relational" in str(screen.query_one("#fields-message", Static).render())
        assert app.screen is screen

        screen = app.screen
        await pilot.press("escape")
        screen = await open_fields(pilot, "settings")
        await select_row(pilot, screen, "contact_email")
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, FieldKeyPromptScreen))
        assert app.screen.query_one(Input).value == "contact_email_copy"
        await pilot.press("enter")
        confirm = await preview(pilot)
        assert "Create field settings.contact_email_copy" in preview_text(confirm)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "contact_email_copy" in row_keys(screen))
    overview = await fresh(demo_db)
    original = overview.field("settings", "contact_email")
    copy = overview.field("settings", "contact_email_copy")
    assert copy.type == original.type and copy.interface == original.interface
    assert copy.validation == original.validation
    assert copy.validation_message == original.validation_message


async def test_new_and_edit_open_the_field_wizard(demo_url: str, monkeypatch: Any) -> None:
    opened: list[tuple[Any, ...]] = []
    monkeypatch.setattr(StudioApp, "open_field_wizard", lambda self, *args: opened.append(args),
                        raising=False)  # fmt: skip
    async with running_studio(demo_url) as (_, pilot):
        screen = await open_fields(pilot, "cities")
        await pilot.press("n")
        await select_row(pilot, screen, "population")
        await pilot.press("enter", "e")
    assert opened == [("cities",), ("cities", "population"), ("cities", "population")]
