"""The keyboard model: remapped keys from the settings file, the palette, and the help screen."""

from __future__ import annotations

from textual.widgets import Static

from studio.ui.app import StudioApp
from studio.ui.config import Config
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.help import HelpScreen
from studio.ui.widgets.collection_nav import CollectionNav
from tests.ui.conftest import running_studio, wait_until


async def test_a_binding_is_remapped_by_its_id(demo_url: str) -> None:
    config = Config(keymap={"nav.toggle-hidden": "x"})
    async with running_studio(demo_url, config=config) as (app, pilot):
        nav = app.screen.query_one(CollectionNav)
        await pilot.press("h")
        assert nav.show_hidden is False
        await pilot.press("x")
        assert nav.show_hidden is True


async def test_the_palette_jumps_to_a_collection(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause(0.1)
        await pilot.press(*"open countries")
        await pilot.pause(0.3)
        await pilot.press("enter")
        screen = app.screen
        await wait_until(pilot, lambda: getattr(app.screen, "collection", None) == "countries")
        assert isinstance(screen, BrowserScreen)


async def test_the_palette_finds_an_item_by_its_title(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        app.open_collection("cities")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.1)
        await pilot.press(*"Reykjav")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ItemScreen")
        assert app.screen.collection == "cities"  # type: ignore[attr-defined]
        cities = app.session.items("cities")
        item = await cities.read_one(app.screen.key, ["name"])  # type: ignore[attr-defined]
        assert item["name"] == "Reykjavík"


async def test_help_lists_the_keys_of_the_focused_widget_with_their_ids(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = str(app.screen.query_one(Static).content)
        assert "Focused: CollectionTree" in text
        assert "nav.toggle-hidden" in text and "app.quit" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))


async def test_a_theme_picked_in_the_palette_is_remembered(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause(0.1)
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "nord")
    async with running_studio(demo_url) as (app, pilot):
        assert app.theme == "nord"
    async with running_studio(demo_url, config=Config(theme="gruvbox")) as (app, pilot):
        assert app.theme == "gruvbox"


def _palette(app: StudioApp) -> dict[str, str]:
    """{title: help} of the palette's entries for the screen's keys (no collections)."""
    from studio.ui.commands import StudioCommands

    entries = [
        (title, help_text)
        for title, _, help_text in StudioCommands(app.screen)._commands()
        if not title.startswith(("Open ", "Create "))
    ]
    titles = [title for title, _ in entries]
    assert len(titles) == len(set(titles)), f"an entry twice: {titles}"
    return dict(entries)


async def test_the_palette_offers_actions_named_by_their_area_not_cursor_moves(
    demo_url: str,
) -> None:
    from tests.ui.item.conftest import focus, open_item

    async with running_studio(demo_url) as (app, pilot):
        app.open_collection("cities")
        await pilot.pause()
        app.screen.query_one("#browser-grid").focus()
        await pilot.pause()
        entries = _palette(app)
        assert {"Open", "Select", "Search", "Filter", "Where is this item used"} <= set(entries)
        assert entries["Delete"] == "Key: d, del"
        moves = {"Up", "Down", "Cursor Up", "Page up", "Page Down", "Scroll Left", "First item"}
        assert not moves & set(entries)
        assert not {"Focus Next", "Copy selected text", "palette", "Extend selection down"} & set(
            entries
        )

        screen = await open_item(app, pilot, "countries", 1)
        await focus(pilot, screen, "cities")
        entries = _palette(app)
        assert {"Cities: New", "Cities: Add", "Cities: Unlink", "Cities: Undo"} <= set(entries)
        assert entries["Cities: Edit"] == "Key: ⏎, f4"  # as the footer shows keys
        assert {"Save", "Where is this item used"} <= set(entries)  # the page's own keys
        assert not {"Up", "Down", "New", "Cities: Up", "Cities: First", "Cities: Page down"} & set(
            entries
        )
        await focus(pilot, screen, "capital_city")
        entries = _palette(app)
        assert {"Capital City: Open", "Capital City: Browse", "Capital City: Clear"} <= set(entries)
        assert "Open" not in entries and "Scroll Up" not in entries


async def test_an_item_found_by_its_title_ranks_above_a_loose_match(demo_url: str) -> None:
    """ "Paris" loosely matches "Open Articles" (p, a, r, i, s in order); the city named Paris
    is what was meant."""
    from studio.ui.commands import StudioCommands

    async with running_studio(demo_url) as (app, pilot):
        app.open_collection("cities")
        await pilot.pause()
        provider = StudioCommands(app.screen)
        hits = [hit async for hit in provider.search("Paris")]
        best = max(hits, key=lambda hit: hit.score)
        assert str(best.text) == "Cities: Paris (France)"
