"""Edges an editor runs into: the keyboard at 80x24, a refused save far from the cursor, a tag
typed but not entered, a group hidden by a condition, a save key pressed while a form loads."""

from __future__ import annotations

from textual.widgets import Static

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.engine.items import ItemsService
from studio.ui.form.row import FieldRow
from studio.ui.screens.browser import BrowserScreen
from studio.ui.widgets.child_list import ChildList
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import focus, open_item, page, read, replace, row, type_text
from tests.ui.item.test_item_types import ARTICLE_FIELDS, article_key


def on_screen(screen: object, field_row: FieldRow) -> bool:
    form = screen.form  # type: ignore[attr-defined]
    return field_row.region.height > 0 and form.region.contains_region(field_row.region)


async def test_keys_at_80x24_reach_every_field_and_the_form_keeps_still(
    demo_url: str, demo_db: Database
) -> None:
    key = await article_key(demo_db, "welcome")
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        featured = row(screen, "featured")
        height = featured.region.height
        await focus(pilot, screen, "featured")
        assert featured.region.height == height  # a focused switch grows no border
        await focus(pilot, screen, "external_id")
        related = row(screen, "related_articles")  # the M2M list, below it
        await pilot.press("pageup", "pageup", "pageup")
        assert on_screen(screen, row(screen, "slug"))
        assert not on_screen(screen, related)
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert on_screen(screen, related)
        summary = str(related.interface.query_one("#o2m-summary", Static).content)
        assert summary == "2 items"
        lines = related.interface.query_one(ChildList).lines
        assert [line.title for line in lines] == ["relations", "keyboard"]


async def test_a_refused_save_takes_the_cursor_to_the_first_field_to_fix(
    demo_url: str, demo_db: Database
) -> None:
    key = await article_key(demo_db, "welcome")
    before = await read(demo_db, "articles", key, *ARTICLE_FIELDS)
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        await replace(pilot, screen, "slug", "Bad Slug")
        await replace(pilot, screen, "metadata", "{")
        await focus(pilot, screen, "external_id")
        slug = row(screen, "slug")
        assert not on_screen(screen, slug)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused in list(slug.walk_children())
        assert on_screen(screen, slug)
        assert slug.message == "Lowercase letters, digits and hyphens only."
        assert row(screen, "metadata").has_class("-error")
    assert await read(demo_db, "articles", key, *ARTICLE_FIELDS) == before


async def test_a_tag_typed_without_enter_is_saved(demo_url: str, demo_db: Database) -> None:
    key = await article_key(demo_db, "welcome")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        await focus(pilot, screen, "tags")
        await pilot.press("tab")  # from the tag row to the box
        await type_text(pilot, "news")
        assert row(screen, "tags").has_class("-edited")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await read(demo_db, "articles", key, "tags") == {"tags": ["tour", "terminal", "news"]}


async def test_fields_in_a_group_hidden_by_a_condition_are_not_demanded(
    demo_url: str, demo_db: Database
) -> None:
    key = await article_key(demo_db, "keyboard")  # a draft
    await ItemsService(demo_db, "articles").update_one(key, {"rating": None})
    fields = FieldsService(demo_db)
    await fields.update("articles", "rating", meta={"required": True})
    drafts = {"name": "Drafts", "rule": {"status": {"_eq": "draft"}}, "hidden": True}
    await fields.update("articles", "details", meta={"conditions": [drafts]})
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        assert screen.form is not None and screen.form.groups["details"].region.height == 0
        await replace(pilot, screen, "slug", "keys")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    stored = await read(demo_db, "articles", key, "slug", "rating")
    assert stored == {"slug": "keys", "rating": None}


async def test_a_save_key_while_the_next_form_loads_writes_nothing(
    demo_url: str, demo_db: Database
) -> None:
    items = ItemsService(demo_db, "cities")
    count = (await items.count()).value
    key = (await items.read_many({"fields": ["id"], "sort": ["id"], "limit": 1}))[0]["id"]
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", key)
        screen.load(None)  # what save-and-new does once its write is done
        screen.action_save()  # a second ctrl+s landing before the new form is on screen
        await wait_until(pilot, lambda: page(app) is screen and screen.creating)
        await pilot.pause(0.1)
        assert not screen._busy
    assert (await items.count()).value == count


async def test_a_refusal_never_sends_the_cursor_into_a_hidden_field(
    demo_url: str, demo_db: Database
) -> None:
    key = await article_key(demo_db, "welcome")  # published: the publish date is shown
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        publish = row(screen, "publish_date")
        await replace(pilot, screen, "publish_date", "2025-02-3x")
        await focus(pilot, screen, "status")
        await pilot.press("enter", "down", "enter")  # Draft: the condition hides the date
        await pilot.pause()
        assert publish.has_class("-hidden")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused not in list(publish.walk_children())
        assert app.screen is screen  # not saved: the typed date is still not a date
