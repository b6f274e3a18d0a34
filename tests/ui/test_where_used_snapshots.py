"""A picture of the "where used" screen at 80x24 (pytest-textual-snapshot): an article, used by
the articles that list it as related (its own translations and related-article links are on its
own page, not here), every count read before the picture."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.ui.app import StudioApp, Target
from studio.ui.screens.where_used import WhereUsedScreen
from tests.ui.conftest import wait_until
from tests.ui.snapshots import copy_demo, item_on_screen


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    return copy_demo(demo_file, tmp_path)


def test_where_an_article_is_used(snap_compare, demo_copy: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        app: StudioApp = pilot.app  # type: ignore[assignment]
        await item_on_screen(pilot, "articles", 1)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, WhereUsedScreen))
        screen: WhereUsedScreen = app.screen  # type: ignore[assignment]
        await wait_until(pilot, lambda: len(screen.counts) == len(screen.usages))
        await pilot.press("down")
        await pilot.pause(0.1)

    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
