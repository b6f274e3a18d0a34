"""The split view and copying between languages: the target typed with the source shown beside
it (or above it at 80 columns), values copied from the source, the source and target switched
with their keys; outside the split view a copy asks which language to copy from."""

from __future__ import annotations

from studio.engine import Database
from studio.ui.interfaces.translations import TranslationsInterface
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.language_choice import LanguageChoiceScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.relational.m2m_helpers import key_of
from tests.ui.translations.helpers import (
    fill,
    form_of,
    go_to,
    open_translations,
    saved,
    tab_texts,
    texts,
    translations,
)

SLUG = "schema-changes"
ENGLISH = ("Schema changes that never half-apply", "Every change is one transaction.")
FRENCH = ("Des changements de schéma atomiques", "Chaque changement est une transaction.")


def focused_field(tabs: TranslationsInterface) -> str | None:
    return tabs._focused_field()


async def test_a_german_translation_typed_beside_english_and_copied_from_french(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=(120, 40)) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await go_to(pilot, tabs, "de-DE")
        await pilot.press("ctrl+t")
        await pilot.pause(0.05)
        assert tabs.split and tabs.has_class("-side")  # wide enough: side by side
        assert tabs.source == "en-US"  # the field's default language
        pane = tabs.source_pane
        assert pane.display and pane.value_text("title") == ENGLISH[0]
        assert tabs.tabs.source == 2 and tabs.tabs.active == 1

        # the title copied from English, the summary typed
        await fill(pilot, tabs, "title", "")
        await pilot.press("ctrl+o")
        await pilot.pause(0.05)
        assert form_of(tabs).state.values["title"] == ENGLISH[0]
        assert focused_field(tabs) == "title"
        await fill(pilot, tabs, "summary", "Jede Änderung ist eine Transaktion.")
        assert tab_texts(tabs)[1] == "+ German 2/2"

        # the source changed to French (Spanish, with nothing in it, on the way)
        await pilot.press("alt+shift+right")
        assert tabs.source == "es-ES"
        assert pane.value_text("title") == "empty"
        await pilot.press("ctrl+o")  # nothing to copy: said so, nothing changed
        assert "Spanish has no Summary to copy." in str(tabs.query_one("#tr-note").content)
        await pilot.press("alt+shift+right")
        assert tabs.source == "fr-FR"
        assert pane.value_text("summary") == FRENCH[1]
        await pilot.press("ctrl+o")  # the cursor is in the summary
        await pilot.pause(0.05)
        assert form_of(tabs).state.values["summary"] == FRENCH[1]

        # the target moved onto the source: the two sides swap
        await pilot.press("alt+right", "alt+right", "alt+right")
        await wait_until(pilot, lambda: tabs.current == "fr-FR")
        assert tabs.source == "es-ES"
        await pilot.press("alt+right")
        await wait_until(pilot, lambda: tabs.current == "it-IT")
        await pilot.press("ctrl+t")  # back to one language
        assert not tabs.split and not tabs.source_pane.display

        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = await translations(demo_db, article)
    assert texts(after) == {**texts(before), "de-DE": (ENGLISH[0], FRENCH[1])}


async def test_the_split_view_is_stacked_at_80_columns(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        _, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await pilot.press("ctrl+t")
        await pilot.pause(0.05)
        assert tabs.split and not tabs.has_class("-side")
        assert tabs.source == "ar-SA"  # the target is the default language: the first other
        source, target = tabs.source_pane.region, tabs.query_one("#tr-target").region
        assert source.bottom <= target.y  # above the target
        assert "Arabic (RTL) · source, read-only" in str(
            tabs.source_pane.query_one(".source-heading").content
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))


async def test_a_copy_outside_the_split_view_asks_which_language(
    demo_url: str, demo_db: Database
) -> None:
    article = await key_of(demo_db, "articles", "slug", SLUG)
    before = await translations(demo_db, article)
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        screen, tabs = await open_translations(app, pilot, demo_db, SLUG)
        await go_to(pilot, tabs, "es-ES")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, LanguageChoiceScreen))
        choice = app.screen
        assert isinstance(choice, LanguageChoiceScreen)
        assert [name for _, name in choice.choices] == [
            "Arabic (RTL): تغييرات المخطط الآمنة",
            f"English: {ENGLISH[0]}",
            f"French: {FRENCH[0]}",
        ]
        await pilot.press("3")
        await wait_until(pilot, lambda: app.screen is screen)
        assert form_of(tabs).state.values["title"] == FRENCH[0]
        assert tabs.value == {"create": [{"languages_code": "es-ES", "title": FRENCH[0]}]}

        # asked again in Italian's summary, and cancelled: nothing copied
        await go_to(pilot, tabs, "it-IT")
        await fill(pilot, tabs, "summary", "")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, LanguageChoiceScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert tabs.value == {"create": [{"languages_code": "es-ES", "title": FRENCH[0]}]}
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = await translations(demo_db, article)
    assert texts(after) == {**texts(before), "es-ES": (FRENCH[0], None)}
