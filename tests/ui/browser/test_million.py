"""A million-row collection opens and scrolls without being loaded: only the pages on screen
(and a neighbour or two) are read, whichever way the user jumps."""

from __future__ import annotations

import pytest

from tests.ui.browser.helpers import grid, lines, settle, status
from tests.ui.browser.million import ROWS, build_million, label
from tests.ui.conftest import running_studio


@pytest.fixture(scope="session")
def million_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = build_million(tmp_path_factory.mktemp("million") / "million.db")
    return f"sqlite+aiosqlite:///{path}"


async def test_a_million_rows_open_and_jump_to_either_end(million_url: str) -> None:
    async with running_studio(million_url) as (app, pilot):
        await settle(pilot, app)
        g = grid(app)
        g.focus()
        assert g.row_count == ROWS
        assert f"{ROWS:,} items" in status(app)
        assert label(1) in lines(g)[1]

        await pilot.press("end")
        await settle(pilot, app)
        assert g.cursor_row == ROWS - 1
        assert label(ROWS) in lines(g)[-1]
        await pilot.press("pageup", "pageup", "pageup", "pageup")  # into the page before
        await settle(pilot, app)
        shown = lines(g)
        top = g.scroll_offset.y
        assert label(top + 1) in shown[1]

        await pilot.press("G", "g")  # vi keys: the end, then the start again
        await settle(pilot, app)
        assert g.cursor_row == 0 and label(1) in lines(g)[1]

        g.scroll_to(y=500_000, animate=False)  # a scrollbar drag to the middle
        await settle(pilot, app)
        assert label(500_001) in lines(g)[1]

        cache = g.cache
        assert cache is not None
        assert cache.plans.count("offset") == 1  # the far jump; its neighbours by keyset
        assert "end" in cache.plans and "backward" in cache.plans
        assert cache.rows_read < 2_000
        assert len(cache.pages) <= cache.capacity
