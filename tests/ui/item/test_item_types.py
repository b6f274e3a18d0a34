"""Every standard interface edited on the demo's articles and settings, saved, and read back
typed from the database; validation, conditions, and the singleton page."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal

from textual.widgets import Collapsible, Select

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.engine.items import ItemsService
from studio.ui.interfaces.tags import TagRow
from studio.ui.screens.browser import BrowserScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import focus, open_item, page, read, replace, row, saved, type_text

ARTICLE_FIELDS = (
    "slug", "featured", "publish_date", "reading_minutes", "rating", "tags", "metadata",
    "external_id", "status",
)  # fmt: skip


async def article_key(db: Database, slug: str) -> int:
    items = await ItemsService(db, "articles").read_many(
        {"fields": ["id"], "filter": {"slug": {"_eq": slug}}}
    )
    return items[0]["id"]


async def test_every_standard_interface_saves_typed_values(
    demo_url: str, demo_db: Database
) -> None:
    key = await article_key(demo_db, "welcome")
    new_id = uuid.UUID("0b7f3c1e-5d1a-4c52-9a35-3f4f8f1e2a6b")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        await replace(pilot, screen, "slug", "welcome-back")
        await focus(pilot, screen, "featured")
        await pilot.press("space")  # on → off
        await replace(pilot, screen, "publish_date", "2025-03-01")
        await replace(pilot, screen, "reading_minutes", "12")
        await replace(pilot, screen, "rating", "3.5")
        await focus(pilot, screen, "tags")
        assert isinstance(app.focused, TagRow)
        await pilot.press("delete")  # removes the first tag, "tour"
        await pilot.press("tab")
        await type_text(pilot, "news")
        await pilot.press("enter")
        await replace(pilot, screen, "metadata", '{"author": "Ann", "words": 5}')
        await replace(pilot, screen, "external_id", str(new_id))
        edited = set(screen.form.state.edited())  # type: ignore[union-attr]
        assert edited == {"slug", "featured", "publish_date", "reading_minutes", "rating",
                          "tags", "metadata", "external_id"}  # fmt: skip
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await read(demo_db, "articles", key, *ARTICLE_FIELDS) == {
        "slug": "welcome-back",
        "featured": False,
        "publish_date": date(2025, 3, 1),
        "reading_minutes": 12,
        "rating": Decimal("3.5"),
        "tags": ["terminal", "news"],
        "metadata": {"author": "Ann", "words": 5},
        "external_id": new_id,
        "status": "published",
    }


async def test_validation_messages_show_and_nothing_is_written_until_fixed(
    demo_url: str, demo_db: Database
) -> None:
    key = await article_key(demo_db, "relations")
    before = await read(demo_db, "articles", key, *ARTICLE_FIELDS)
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        await replace(pilot, screen, "slug", "Bad Slug")
        await replace(pilot, screen, "reading_minutes", "0")
        await replace(pilot, screen, "metadata", '{"author": }')
        assert row(screen, "metadata").message.startswith("Metadata is not valid JSON:")
        await pilot.press("f2")
        await pilot.pause()
        assert row(screen, "slug").message == "Lowercase letters, digits and hyphens only."
        assert row(screen, "reading_minutes").message == "At least one minute."
        assert row(screen, "metadata").has_class("-error")
        assert await read(demo_db, "articles", key, *ARTICLE_FIELDS) == before

        await replace(pilot, screen, "slug", "")
        assert row(screen, "slug").message == ""  # an edit clears the old message
        await pilot.press("f2")
        await pilot.pause()
        assert row(screen, "slug").message == "Slug is required."
        assert await read(demo_db, "articles", key, *ARTICLE_FIELDS) == before

        await replace(pilot, screen, "slug", "relations-2")
        await replace(pilot, screen, "reading_minutes", "2")
        await replace(pilot, screen, "metadata", "[1, 2]")
        await pilot.press("f2")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: not screen.dirty and page(app) is screen)
        assert all(not r.has_class("-error") for r in screen.form.rows.values())  # type: ignore[union-attr]
    after = await read(demo_db, "articles", key, "slug", "reading_minutes", "metadata")
    assert after == {"slug": "relations-2", "reading_minutes": 2, "metadata": [1, 2]}


async def test_a_condition_shows_publish_date_when_the_status_becomes_published(
    demo_url: str, demo_db: Database
) -> None:
    key = await article_key(demo_db, "keyboard")  # a draft
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        publish = row(screen, "publish_date")
        assert publish.has_class("-hidden") and publish.region.height == 0
        await focus(pilot, screen, "status")
        assert isinstance(app.focused, Select)
        await pilot.press("enter")  # open the list: Published, Draft, Archived
        await pilot.press("up", "enter")
        await pilot.pause()
        assert screen.form is not None and screen.form.state.values["status"] == "published"
        assert not publish.has_class("-hidden")
        assert publish.region.height > 0
        await replace(pilot, screen, "publish_date", "today")
        await focus(pilot, screen, "featured")
        await pilot.press("delete")  # a nullable boolean can be cleared
        assert screen.form.state.values["featured"] is None
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    stored = await read(demo_db, "articles", key, "status", "publish_date", "featured")
    assert stored["status"] == "published"
    assert isinstance(stored["publish_date"], date)
    assert stored["featured"] is None


async def test_the_settings_singleton_opens_straight_to_its_item(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        app.open_collection("settings")
        await wait_until(pilot, lambda: page(app) is not None)
        screen = page(app)
        assert screen is not None and screen.collection == "settings"
        bindings = {b.binding.id for b in screen.active_bindings.values() if b.enabled}
        footer_actions = {
            active.binding.action
            for active in screen.active_bindings.values()
            if screen.check_action(active.binding.action, ()) is not False
        }
        assert "item.save" in bindings
        assert "delete" not in footer_actions
        assert "save_new" not in footer_actions
        assert "duplicate" not in footer_actions
        await focus(pilot, screen, "maintenance_mode")
        await pilot.press("space")
        await replace(pilot, screen, "opening_time", "07:45")
        await replace(pilot, screen, "next_maintenance", "2026-01-02 03:04")
        await replace(pilot, screen, "contact_email", "nobody")
        await pilot.press("f2")
        await pilot.pause()
        assert row(screen, "contact_email").message == "An e-mail address like name@example.org."
        await replace(pilot, screen, "contact_email", "team@example.org")
        await pilot.press("f2")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: not screen.dirty and page(app) is screen)
        key = screen.key
    stored = await read(
        demo_db, "settings", key, "maintenance_mode", "opening_time", "next_maintenance",
        "contact_email",
    )  # fmt: skip
    assert stored == {
        "maintenance_mode": True,
        "opening_time": time(7, 45),
        "next_maintenance": datetime(2026, 1, 2, 3, 4),
        "contact_email": "team@example.org",
    }


async def test_a_closed_group_opens_when_the_form_sends_the_cursor_into_it(
    demo_url: str, demo_db: Database
) -> None:
    await FieldsService(demo_db).update(
        "articles", "details", meta={"options": {"start": "closed"}}
    )
    key = await article_key(demo_db, "welcome")
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "articles", key)
        group = screen.query_one(Collapsible)
        minutes = row(screen, "reading_minutes")
        assert group.collapsed and minutes.region.height == 0
        screen.form.show_errors({"reading_minutes": "At least one minute."})  # type: ignore[union-attr]
        screen.form.focus_field("reading_minutes")  # type: ignore[union-attr]
        await pilot.pause()
        assert not group.collapsed
        assert minutes.region.height > 0 and minutes.message == "At least one minute."
        assert app.focused in list(minutes.walk_children())
