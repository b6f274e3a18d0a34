"""The translations field as an editor uses it, on the demo's article `schema-changes` (English,
French and Arabic; no German): a new German translation, an edited English one and the French
one emptied and deleted, all written by one save; leaving or reverting writes nothing."""

from __future__ import annotations

from studio.engine import Database
from studio.ui.interfaces.translations import TranslationsInterface
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import ConfirmScreen, UnsavedChangesScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import page, replace, row
from tests.ui.relational.m2m_helpers import key_of
from tests.ui.translations.helpers import (
    fill,
    go_to,
    open_translations,
    ready,
    saved,
    tab_texts,
    texts,
    translations,
)

SIZE = (100, 40)
SLUG = "schema-changes"
ENGLISH = ("Schema changes that never half-apply", "Every change is one transaction.")
ARABIC = ("تغييرات المخطط الآمنة", "كل تغيير هو معاملة واحدة.")
FRENCH = ("Des changements de schéma atomiques", "Chaque changement est une transaction.")


async def test_german_created_english_edited_french_deleted_in_one_save(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    assert texts(before) == {"en-US": ENGLISH, "fr-FR": FRENCH, "ar-SA": ARABIC}
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        assert tabs.current == "en-US"  # the field's defaultLanguage
        assert tab_texts(tabs) == [
            "Arabic (RTL) 2/2", "German —", "English 2/2", "Spanish —", "French 2/2",
            "Italian —", "Portuguese —", "Russian —",
        ]  # fmt: skip

        await fill(pilot, tabs, "title", "Schema changes, all or nothing")
        await go_to(pilot, tabs, "de-DE")
        await fill(pilot, tabs, "title", "Schemaänderungen ohne halbe Sachen")
        await fill(pilot, tabs, "summary", "Jede Änderung ist eine Transaktion.")
        await go_to(pilot, tabs, "fr-FR")
        await fill(pilot, tabs, "title", "")
        await fill(pilot, tabs, "summary", "")
        assert not isinstance(app.screen, ConfirmScreen)  # never asked while still typing
        await pilot.press("alt+right")  # the cursor leaves French: asked whether to delete it
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        assert tab_texts(tabs) == [
            "Arabic (RTL) 2/2", "+ German 2/2", "● English 2/2", "Spanish —", "✕ French 0/2",
            "Italian —", "Portuguese —", "Russian —",
        ]  # fmt: skip
        assert tabs.value == {
            "create": [
                {
                    "languages_code": "de-DE",
                    "title": "Schemaänderungen ohne halbe Sachen",
                    "summary": "Jede Änderung ist eine Transaktion.",
                }
            ],
            "update": [{"id": before["en-US"]["id"], "title": "Schema changes, all or nothing"}],
            "delete": [before["fr-FR"]["id"]],
        }

        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))

    after = await translations(demo_db, article)
    assert texts(after) == {
        "en-US": ("Schema changes, all or nothing", ENGLISH[1]),
        "de-DE": ("Schemaänderungen ohne halbe Sachen", "Jede Änderung ist eine Transaktion."),
        "ar-SA": ARABIC,
    }
    assert after["en-US"]["id"] == before["en-US"]["id"]
    assert after["ar-SA"] == before["ar-SA"]


async def test_leaving_with_edits_discarded_or_reverting_writes_nothing(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await fill(pilot, tabs, "title", "Changed")
        await go_to(pilot, tabs, "es-ES")
        await fill(pilot, tabs, "title", "Cambios de esquema")
        assert screen.dirty
        assert "Translations" in screen.edited_labels()

        # revert: every language back as read, nothing staged
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: not screen.dirty and tabs.value is None)
        await wait_until(pilot, lambda: tab_texts(tabs)[3] == "Spanish —")
        assert tabs.current == "es-ES"  # the tab stays

        # edit again, then leave and discard
        await fill(pilot, tabs, "title", "Cambios de esquema")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await translations(demo_db, article) == before


async def test_a_new_language_typed_then_cleared_creates_nothing(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await go_to(pilot, tabs, "it-IT")
        await fill(pilot, tabs, "title", "Modifiche")
        assert tabs.value == {"create": [{"languages_code": "it-IT", "title": "Modifiche"}]}
        await fill(pilot, tabs, "title", "")
        assert tabs.value is None  # the staged create is gone, no question asked
        await pilot.press("alt+right")
        await pilot.pause(0.1)
        assert app.screen is screen
        assert not screen.dirty
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await translations(demo_db, article) == before


async def test_an_emptied_translation_kept_when_the_question_is_declined(
    demo_url: str, demo_db: Database
) -> None:
    """Declining keeps the translation with its fields empty; the required title then stops
    the save with the message on the French tab; typing a title saves it as an update."""
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await go_to(pilot, tabs, "fr-FR")
        await fill(pilot, tabs, "title", "")
        await fill(pilot, tabs, "summary", "")
        await pilot.press("ctrl+s")  # still in the form: the save asks, and waits
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        assert "French: every field is empty" in row(screen, "translations").message
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert row(screen, "translations").message == "French: Title is required."
        assert tabs.current == "fr-FR"
        assert tabs.entries["fr-FR"].form.rows["title"].message == "Title is required."
        assert await translations(demo_db, article) == before

        await fill(pilot, tabs, "title", "Changements atomiques")
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = await translations(demo_db, article)
    assert texts(after)["fr-FR"] == ("Changements atomiques", None)
    assert after["fr-FR"]["id"] == before["fr-FR"]["id"]


async def test_a_deleted_translation_is_kept_again_by_typing_in_it(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await go_to(pilot, tabs, "ar-SA")
        await fill(pilot, tabs, "title", "")
        await fill(pilot, tabs, "summary", "")
        tabs.tabs.focus()  # the cursor leaves the form
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        assert tabs.value == {"delete": [before["ar-SA"]["id"]]}
        await fill(pilot, tabs, "title", "عنوان")
        assert tabs.value == {
            "update": [{"id": before["ar-SA"]["id"], "title": "عنوان", "summary": None}]
        }
        assert tab_texts(tabs)[0] == "● Arabic (RTL) 1/2"
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert texts(await translations(demo_db, article))["ar-SA"] == ("عنوان", None)


async def test_save_and_stay_keeps_the_tab(demo_url: str, demo_db: Database) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await go_to(pilot, tabs, "ru-RU")
        await fill(pilot, tabs, "title", "Изменения схемы")
        await pilot.press("f2")  # save and stay: the page is read again
        await saved(pilot, screen)
        await wait_until(pilot, lambda: screen.form is not None and not screen.dirty)
        fresh = row(screen, "translations").interface
        assert fresh is not tabs
        await wait_until(pilot, lambda: bool(fresh.entries) and fresh.current == "ru-RU")
        assert tab_texts(fresh)[7] == "Russian 1/2"
    assert texts(await translations(demo_db, article))["ru-RU"] == ("Изменения схемы", None)


async def test_a_new_article_is_created_with_its_translations(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        app.open_item("articles")
        await wait_until(pilot, lambda: page(app) is not None)
        screen = page(app)
        assert screen is not None and screen.form is not None
        await replace(pilot, screen, "slug", "new-article")
        tabs = row(screen, "translations").interface
        assert isinstance(tabs, TranslationsInterface)
        await wait_until(pilot, lambda: ready(tabs))
        assert tab_texts(tabs)[2] == "English —"  # nothing read: every language is new
        screen.form.focus_field("translations")
        await pilot.pause()
        await fill(pilot, tabs, "title", "A new article")
        await go_to(pilot, tabs, "fr-FR")
        await fill(pilot, tabs, "summary", "Sans titre.")  # the title is required here
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert row(screen, "translations").message == "French: Title is required."
        await fill(pilot, tabs, "title", "Un nouvel article")
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    article = await key_of(demo_db, "articles", "slug", "new-article")
    assert texts(await translations(demo_db, article)) == {
        "en-US": ("A new article", None),
        "fr-FR": ("Un nouvel article", "Sans titre."),
    }


async def test_a_page_opened_on_a_language_shows_its_tab(demo_url: str, demo_db: Database) -> None:
    """As the coverage matrix opens an item on a language's cell."""
    article = await key_of(demo_db, "articles", "slug", SLUG)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        app.open_item("articles", article, language="it-IT")
        await wait_until(pilot, lambda: page(app) is not None)
        screen = page(app)
        assert screen is not None
        tabs = row(screen, "translations").interface
        assert isinstance(tabs, TranslationsInterface)
        await wait_until(pilot, lambda: ready(tabs))
        assert tabs.current == "it-IT"
        assert tabs.tabs.active == 5
        focused = app.screen.focused
        assert focused is not None and tabs in focused.ancestors  # not the form's top field
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert texts(await translations(demo_db, article)) == {
        "en-US": ENGLISH,
        "fr-FR": FRENCH,
        "ar-SA": ARABIC,
    }
