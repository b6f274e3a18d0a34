"""Pictures of the translations field (pytest-textual-snapshot) on the article `schema-changes`:
the tabs at 80x24 and 120x40 (a new German title typed: its tab marked, the note above the
form), and the split view side by side at 120x40 and stacked at 80x24 (German typed beside
English). Update a baseline only after looking at it.

The article's other fields are hidden in the copy these run on (its external id stays), so the
translations sit under that and the pictures change with this field only."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.ui.app import StudioApp, Target
from studio.ui.interfaces.translations import TranslationsInterface
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import row
from tests.ui.snapshots import copy_demo, item_on_screen, no_blink
from tests.ui.translations.helpers import fill, go_to, ready

SIZES = [(80, 24), (120, 40)]
SCHEMA_CHANGES = 6
HIDDEN = ("status", "slug", "details", "tags", "metadata", "related_articles")


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    meta = {("articles", name): {"hidden": True} for name in HIDDEN}
    return copy_demo(demo_file, tmp_path, meta)


async def translations_on(pilot: Pilot) -> TranslationsInterface:
    """The article's page with the cursor in the English title."""
    screen = await item_on_screen(pilot, "articles", SCHEMA_CHANGES)
    assert screen.form is not None
    tabs = row(screen, "translations").interface
    assert isinstance(tabs, TranslationsInterface)
    await wait_until(pilot, lambda: ready(tabs))
    screen.form.focus_field("translations")
    await pilot.pause(0.1)
    return tabs


async def a_german_title(pilot: Pilot) -> TranslationsInterface:
    tabs = await translations_on(pilot)
    await go_to(pilot, tabs, "de-DE")
    await fill(pilot, tabs, "title", "Schemaänderungen")
    return tabs


async def the_tabs(pilot: Pilot) -> None:
    await a_german_title(pilot)
    await pilot.pause(0.1)
    no_blink(pilot)


async def the_split_view(pilot: Pilot) -> None:
    tabs = await a_german_title(pilot)
    await pilot.press("ctrl+t")
    await wait_until(pilot, lambda: tabs.split)
    await fill(pilot, tabs, "title", "Schemaänderungen")  # the cursor back in the title
    await pilot.pause(0.1)
    no_blink(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_translations_tabs(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=the_tabs)


def test_translations_split_side_by_side(snap_compare, demo_copy: str) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(120, 40), run_before=the_split_view)


def test_translations_split_stacked(snap_compare, demo_copy: str) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=the_split_view)
