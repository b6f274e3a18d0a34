"""Required fields are required per language that is written: a new German translation with a
summary and no title is refused on the German tab, so is an English title cleared; languages
without a translation are never required. A refusal by the engine inside the translations names
the language too. Nothing is written by a refused save."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.errors import InvalidValue
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.item import ItemScreen
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


def message(screen: ItemScreen) -> str:
    return row(screen, "translations").message


async def test_a_title_is_required_in_each_language_written_and_only_there(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        # a German translation with only a summary
        await go_to(pilot, tabs, "de-DE")
        await fill(pilot, tabs, "summary", "Nur eine Zusammenfassung.")
        await go_to(pilot, tabs, "es-ES")  # the save moves the tab back to German
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert message(screen) == "German: Title is required."
        assert tabs.current == "de-DE"
        german = form_of(tabs)
        assert german.rows["title"].message == "Title is required."
        assert german.rows["title"].has_class("-required")
        assert tabs._focused_field() == "title"
        assert await translations(demo_db, article) == before

        # the German title typed, the English one cleared
        await fill(pilot, tabs, "title", "Schemaänderungen")
        await go_to(pilot, tabs, "en-US")
        await fill(pilot, tabs, "title", "")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert message(screen) == "English: Title is required."
        assert tabs.current == "en-US"
        assert form_of(tabs).rows["title"].message == "Title is required."
        assert await translations(demo_db, article) == before

        # English back; Italian, Russian and the rest, without a row, are not required
        await fill(pilot, tabs, "title", "Schema changes")
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = await translations(demo_db, article)
    assert set(after) == {"en-US", "fr-FR", "ar-SA", "de-DE"}
    assert texts(after)["de-DE"] == ("Schemaänderungen", "Nur eine Zusammenfassung.")
    assert texts(after)["en-US"][0] == "Schema changes"


async def test_an_engine_refusal_inside_a_translation_names_its_language(
    demo_url: str, demo_db: Database
) -> None:
    """A refusal the form cannot foresee (here handed to the page as the engine gives it):
    the message names the language instead of the change-set's place, lands under the field
    of that language's form, and the tab moves there."""
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await fill(pilot, tabs, "summary", "Shorter.")
        await go_to(pilot, tabs, "pt-BR")
        await fill(pilot, tabs, "title", "Mudanças de esquema")
        await go_to(pilot, tabs, "fr-FR")
        error = InvalidValue(
            "Translations, item 1: Title: this title is taken.", field="translations"
        )
        error.path = ("translations", 0, "title")
        error.change = "create"
        screen.post_message(ItemScreen.SaveFailed(error))
        await pilot.pause(0.1)
        assert message(screen) == "Portuguese: Title: this title is taken."
        assert tabs.current == "pt-BR"
        assert form_of(tabs).rows["title"].message == "this title is taken."

        error = InvalidValue("Translations, item 1: too long.", field="translations")
        error.path = ("translations", 0)
        error.change = "update"
        screen.post_message(ItemScreen.SaveFailed(error))
        await pilot.pause(0.1)
        assert message(screen) == "English: too long."
        assert tabs.current == "en-US"

        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ItemScreen))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await translations(demo_db, article) == before
