"""The translations field on a nested form (a related article opened from an article's
related-articles list) and on a read-only field."""

from __future__ import annotations

from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.ui.app import StudioApp
from studio.ui.interfaces.translations import TranslationsInterface
from studio.ui.screens.browser import BrowserScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import open_item, row
from tests.ui.relational.m2m_helpers import go_to as go_to_link
from tests.ui.relational.m2m_helpers import key_of, link_form, open_links
from tests.ui.translations.helpers import (
    fill,
    form_of,
    go_to,
    ready,
    saved,
    tab_texts,
    texts,
    translations,
)

SIZE = (100, 40)


async def nested_translations(app: StudioApp, pilot: Pilot) -> TranslationsInterface:
    form = await link_form(app, pilot)
    assert form.form is not None
    tabs = form.form.rows["translations"].interface
    assert isinstance(tabs, TranslationsInterface)
    form.form.focus_field("translations")
    await wait_until(pilot, lambda: ready(tabs))
    return tabs


async def test_a_related_article_s_translation_edited_in_its_nested_form(
    demo_url: str, demo_db: Database
) -> None:
    welcome = await key_of(demo_db, "articles", "slug", "welcome")
    relations = await key_of(demo_db, "articles", "slug", "relations")
    before = await translations(demo_db, relations)
    assert set(before) == {"en-US", "de-DE", "ar-SA"}
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "articles", welcome, "related_articles")
        await go_to_link(pilot, links, "relations")
        await pilot.press("enter")
        tabs = await nested_translations(app, pilot)
        assert tabs.context.key == relations
        await go_to(pilot, tabs, "de-DE")
        await fill(pilot, tabs, "title", "Beziehungen")
        await go_to(pilot, tabs, "fr-FR")
        await fill(pilot, tabs, "title", "Les relations")
        await pilot.press("ctrl+s")  # Done: staged with the page, nothing written
        await wait_until(pilot, lambda: app.screen is screen)
        assert await translations(demo_db, relations) == before

        # opened again: what was staged is where the tabs start
        await pilot.press("enter")
        tabs = await nested_translations(app, pilot)
        assert tab_texts(tabs)[1] == "● German 2/2"
        assert tab_texts(tabs)[4] == "+ French 1/2"
        await go_to(pilot, tabs, "de-DE")
        assert form_of(tabs).state.values["title"] == "Beziehungen"
        await pilot.press("escape")  # nothing new: leaves without asking
        await wait_until(pilot, lambda: app.screen is screen)

        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = await translations(demo_db, relations)
    assert texts(after)["de-DE"][0] == "Beziehungen"
    assert texts(after)["fr-FR"] == ("Les relations", None)
    assert texts(after)["en-US"] == texts(before)["en-US"]


async def test_a_read_only_field_shows_every_language_and_edits_none(
    demo_url: str, demo_db: Database
) -> None:
    await FieldsService(demo_db).update("articles", "translations", meta={"readonly": True})
    demo_db.invalidate_overview()
    article = await key_of(demo_db, "articles", "slug", "schema-changes")
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen = await open_item(app, pilot, "articles", article)
        tabs = row(screen, "translations").interface
        assert isinstance(tabs, TranslationsInterface)
        assert screen.form is not None
        screen.form.focus_field("translations")
        await wait_until(pilot, lambda: ready(tabs))
        assert not tabs.editable
        assert tabs.tabs.has_focus  # no field to type in: the tabs take the cursor
        await pilot.press("right", "right")  # on the tabs, arrows change the language
        await wait_until(pilot, lambda: tabs.current == "fr-FR")
        assert form_of(tabs).rows["title"].has_class("-readonly")
        await pilot.press("ctrl+t")  # the split view still reads
        assert tabs.split
        await pilot.press("ctrl+o")  # no copying
        assert tabs.value is None
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await translations(demo_db, article) == before
