"""Pictures of the M2A builder (pytest-textual-snapshot) at 80x24 and 120x40 on the About page:
at rest with the cursor in it, with staged changes (a new block placed after the cursor, a
removed one, a moved one, each marked), and the question which collection a new block comes
from. Update a baseline only after looking at it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp, Target
from studio.ui.interfaces.m2a import M2AInterface
from studio.ui.screens.collection_choice import CollectionChoiceScreen
from studio.ui.screens.item import ItemScreen
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import row
from tests.ui.relational.m2a_helpers import ABOUT, builder_settled, choose, fill_and_done
from tests.ui.snapshots import copy_demo, item_on_screen, no_blink

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    return copy_demo(demo_file, tmp_path)


@pytest.fixture
def broken_copy(demo_file: Path, tmp_path: Path) -> str:
    """About's Contact heading moved to a collection the field does not allow, and the text
    after it deleted: two broken rows."""
    url = copy_demo(demo_file, tmp_path)

    async def break_rows() -> None:
        db = await Database.open(url)
        try:
            junction = ItemsService(db, "pages_sections")
            rows = await junction.read_many(
                {"fields": ["id", "sort"], "filter": {"pages_id": {"_eq": ABOUT}}, "sort": ["sort"]}
            )
            await junction.update_one(rows[2]["id"], {"collection": "quotes"})
            await ItemsService(db, "text_bodies").delete_one(4)
        finally:
            await db.close()

    asyncio.run(break_rows())
    return url


async def about_page(pilot: Pilot) -> tuple[ItemScreen, M2AInterface]:
    """The About page with the cursor in its sections, the blocks read."""
    screen = await item_on_screen(pilot, "pages", ABOUT)
    assert screen.form is not None
    blocks = row(screen, "sections").interface
    assert isinstance(blocks, M2AInterface)
    screen.form.focus_field("sections")
    await wait_until(pilot, lambda: builder_settled(blocks))
    await pilot.pause(0.1)
    return screen, blocks


async def at_rest(pilot: Pilot) -> None:
    await about_page(pilot)
    no_blink(pilot)


async def staged(pilot: Pilot) -> None:
    screen, blocks = await about_page(pilot)
    await pilot.press("f7")  # on the first block: the new one goes second
    await choose(pilot, 1)
    await fill_and_done(pilot, screen, title="Our story")
    await wait_until(pilot, lambda: builder_settled(blocks) and blocks.window.cursor == 1)
    await pilot.press("down", "down", "delete")  # Contact, removed
    await pilot.press("down", "shift+up")  # the text before it, moved up
    await wait_until(pilot, lambda: builder_settled(blocks) and blocks.window.cursor == 3)
    await pilot.pause(0.1)
    no_blink(pilot)


async def chooser(pilot: Pilot) -> None:
    await about_page(pilot)
    await pilot.press("f7")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CollectionChoiceScreen))
    await pilot.press("down")
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_m2a_at_rest(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=at_rest)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_m2a_staged_changes(snap_compare, demo_copy: str, size: tuple[int, int]) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=size, run_before=staged)


def test_m2a_broken_rows(snap_compare, broken_copy: str) -> None:
    app = StudioApp(Target(url=broken_copy))

    async def on_broken(pilot: Pilot) -> None:
        await about_page(pilot)
        await pilot.press("down", "down")  # the row explains itself
        await pilot.pause(0.1)
        no_blink(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=on_broken)


def test_m2a_collection_chooser(snap_compare, demo_copy: str) -> None:
    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=chooser)
