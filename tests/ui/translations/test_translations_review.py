"""Found in review: a refusal shown on a language that a save no longer writes is taken away,
and a language's name is shown as it is in the delete question."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import ConfirmScreen, UnsavedChangesScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import row
from tests.ui.relational.m2m_helpers import key_of
from tests.ui.translations.helpers import (
    fill,
    form_of,
    go_to,
    open_translations,
    saved,
    texts,
    translations,
)

SIZE = (100, 40)
SLUG = "schema-changes"


async def test_a_refusal_leaves_a_language_given_up_before_the_save(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await fill(pilot, tabs, "title", "Schema changes")
        await go_to(pilot, tabs, "de-DE")
        await fill(pilot, tabs, "summary", "Nur eine Zusammenfassung.")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert row(screen, "translations").message == "German: Title is required."
        assert form_of(tabs).rows["title"].message == "Title is required."
        assert await translations(demo_db, article) == before

        await fill(pilot, tabs, "summary", "")  # German given up: no translation, no refusal
        assert tabs.entries["de-DE"].row is None
        assert form_of(tabs).rows["title"].message == ""
        assert not form_of(tabs).rows["title"].has_class("-error")

        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = await translations(demo_db, article)
    assert set(after) == set(before)
    assert texts(after)["en-US"][0] == "Schema changes"


async def test_the_delete_question_names_a_language_as_it_is_spelled(
    demo_url: str, demo_db: Database
) -> None:
    await ItemsService(demo_db, "languages").update_one("fr-FR", {"name": "French [fr]"})
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await go_to(pilot, tabs, "fr-FR")
        await fill(pilot, tabs, "title", "")
        await fill(pilot, tabs, "summary", "")
        await pilot.press("alt+right")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert question.title_text == "Delete the French [fr] translation"
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")  # discard
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await translations(demo_db, article) == before


async def test_two_saves_in_a_row_ask_about_an_emptied_translation_once(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", "big-tables")
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, "big-tables")
        await go_to(pilot, tabs, "fr-FR")  # a title, no summary
        await fill(pilot, tabs, "title", "")
        screen.action_save()  # ctrl+s twice, both handled before the question is up
        screen.action_save()
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause(0.1)
        assert sum(isinstance(s, ConfirmScreen) for s in app.screen_stack) == 1
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        assert tabs.value == {"delete": [before["fr-FR"]["id"]]}
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = await translations(demo_db, article)
    assert set(after) == set(before) - {"fr-FR"}
