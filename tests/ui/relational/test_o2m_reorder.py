"""Reordering a country's cities with keys (the relation's sort field), across a page
boundary, checked in the database's `sort` values; and what the list reads to do it: a page at a
time, and for reordering the children's keys and sort values once, never every row."""

from __future__ import annotations

from typing import Any

import pytest

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.o2m_staging import Mark
from studio.ui.screens.browser import BrowserScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.relational.o2m_helpers import (
    children,
    go_to,
    hint,
    marks,
    open_list,
    titles,
    until_settled,
)

AFGHANISTAN = 1


async def test_move_across_pages_and_to_a_position(demo_url: str, demo_db: Database) -> None:
    before = [c["name"] for c in await children(demo_db, AFGHANISTAN)]
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        screen, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        await pilot.press("shift+up")  # the first row cannot go higher (reads the order)
        await until_settled(pilot, cities)
        assert cities.staging.order is not None and not cities.staging.moved
        assert not screen.dirty

        await go_to(pilot, cities, before[9])  # the last row of page 1
        await pilot.press("shift+down")
        await until_settled(pilot, cities)
        assert cities.window.page == 1 and cities.window.cursor == 10
        assert titles(cities)[:2] == [f"{before[9]} (Afghanistan)", f"{before[11]} (Afghanistan)"]
        assert marks(cities) == {f"{before[9]} (Afghanistan)": "↕ moved"}

        await go_to(pilot, cities, before[15])  # the last row: to the top with `m 1`
        await pilot.press("m")
        prompt = cities.query_one("#o2m-prompt")
        assert app.focused is prompt
        await pilot.press("1", "enter")
        await until_settled(pilot, cities)
        assert app.focused is cities.child_list
        assert cities.window.cursor == 0 and cities.window.page == 0
        assert titles(cities)[0] == f"{before[15]} (Afghanistan)"
        assert Mark.MOVED in cities.staging.marks(cities.window.current())

        await pilot.press("shift+down", "shift+up")  # down and back: still moved to the top
        await until_settled(pilot, cities)
        assert titles(cities)[0] == f"{before[15]} (Afghanistan)"

        await pilot.press("m", "escape")  # escape leaves the prompt, not the page
        assert app.screen is screen and app.focused is cities.child_list

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    expected = [before[15], *before[:9], before[10], before[9], *before[11:15]]
    after = await children(demo_db, AFGHANISTAN, "sort")
    assert [c["name"] for c in after] == expected
    assert [c["sort"] for c in after] == list(range(1, 17))


async def test_undo_a_move_and_remove_with_the_order_kept(demo_url: str, demo_db: Database) -> None:
    before = [c["name"] for c in await children(demo_db, AFGHANISTAN)]
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        _, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        await go_to(pilot, cities, before[2])
        await pilot.press("shift+up", "shift+up")  # third → first
        await until_settled(pilot, cities)
        await pilot.press("down")
        await pilot.press("shift+down")  # Kabul: first → third
        await until_settled(pilot, cities)
        assert titles(cities)[:3] == [
            f"{n} (Afghanistan)" for n in (before[2], before[1], before[0])
        ]
        await pilot.press("u")  # Kabul back after its old predecessor: first
        await until_settled(pilot, cities)
        assert titles(cities)[:3] == [
            f"{n} (Afghanistan)" for n in (before[0], before[2], before[1])
        ]
        await pilot.press("end", "delete")  # removing keeps the others' order
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    after = [c["name"] for c in await children(demo_db, AFGHANISTAN)]
    assert after == [before[0], before[2], before[1], *before[3:15]]


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every read of cities, as its query."""
    calls: list[dict[str, Any]] = []
    read_many = ItemsService.read_many

    async def recording(self: ItemsService, query: Any = None, **options: Any) -> Any:
        if self.collection == "cities":
            calls.append({**dict(query or {}), **options})
        return await read_many(self, query, **options)

    monkeypatch.setattr(ItemsService, "read_many", recording)
    return calls


async def test_a_long_list_is_read_a_page_at_a_time(
    demo_url: str, demo_db: Database, recorded: list[dict[str, Any]]
) -> None:
    towns = [{"name": f"Town {i:04}", "country": AFGHANISTAN, "sort": 17 + i} for i in range(600)]
    await ItemsService(demo_db, "cities").create_many(towns)
    recorded.clear()
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        _, cities = await open_list(app, pilot, "countries", AFGHANISTAN, "cities")
        assert cities.window.total == 616
        await pilot.press("pagedown", "pagedown", "end")
        await until_settled(pilot, cities)
        assert titles(cities)[-1] == "Town 0599 (Afghanistan)"
        await pilot.press("shift+up")
        await until_settled(pilot, cities)
        assert titles(cities)[-1] == "Town 0598 (Afghanistan)"
        await pilot.press("home", "pagedown")
        await until_settled(pilot, cities)
        assert "o2m" not in hint(cities)
    lists = [q for q in recorded if q.get("filter") == {"country": {"_eq": AFGHANISTAN}}]
    whole = [q for q in lists if q.get("limit") == -1]
    assert len(whole) == 1 and whole[0]["fields"] == ["id", "sort"]  # the order: keys only
    paged = [q for q in lists if q.get("limit") != -1]
    assert paged and all(q["limit"] == 10 for q in paged)
    assert len(paged) <= 5
