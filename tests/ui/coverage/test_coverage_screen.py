"""The translation coverage matrix as an editor uses it: opened with `t` from Articles (or the
palette), its counts against the database's rows (also filtered), walking every gap once in
order (past the loaded pages too), and Enter opening an article on a language's tab, with the
matrix read again on the way back."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.commands import StudioCommands
from studio.ui.coverage_column import LanguageColumn
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.coverage import CoverageScreen
from studio.ui.screens.item import ItemScreen
from tests.engine.items.test_statement_count import counting
from tests.ui.conftest import running_studio, wait_until
from tests.ui.coverage.helpers import (
    add_articles,
    expected_counts,
    languages,
    open_coverage,
    screen_counts,
    screen_of,
    settle,
    settled,
    states,
)


async def walk(pilot, app, key: str) -> None:
    await pilot.press(key)
    await wait_until(pilot, lambda: settled(app))


def _cell(screen: CoverageScreen) -> tuple[object, str | None]:
    grid = screen.grid
    column = grid.current_column
    code = str(column.language) if isinstance(column, LanguageColumn) else None
    return grid.cursor_key, code


async def _to_column(pilot, screen: CoverageScreen, code: str) -> None:
    grid = screen.grid
    target = next(
        i
        for i, c in enumerate(grid.columns)
        if isinstance(c, LanguageColumn) and c.language == code
    )
    await pilot.press(*(["right"] * (target - grid.cursor_column)))


async def test_the_matrix_and_its_counts_match_the_database(
    demo_url: str, demo_db: Database
) -> None:
    by_item = await states(demo_db)
    codes = await languages(demo_db)
    async with running_studio(demo_url, size=(100, 30)) as (app, pilot):
        screen = await open_coverage(pilot, app)
        grid = screen.grid
        assert [c.language for c in grid.columns[1:]] == codes
        assert [grid.row(i)["id"] for i in range(grid.row_count or 0)] == list(by_item)
        assert screen_counts(screen) == expected_counts(by_item, by_item)
        for index in range(grid.row_count or 0):
            item = grid.row(index)
            for column in grid.columns[1:]:
                state = by_item[item["id"]][column.language]
                shown = {"complete": "✓", "missing": "✗"}.get(state, "1/2")
                assert (column.text(item), column.tone(item)) == (
                    shown,
                    {"incomplete": "partial"}.get(state, state),
                )
        status = str(screen.query_one("#coverage-status").content)
        assert status == "23 gaps (missing or incomplete) in 8 languages"
        totals = str(screen.query_one("#coverage-totals").content)
        assert totals.split() == [
            "%",
            "complete",
            "80%",
            "100%",
            "100%",
            "0%",
            "60%",
            "0%",
            "0%",
            "0%",
        ]

        await _to_column(pilot, screen, "fr-FR")
        status = str(screen.query_one("#coverage-status").content)
        assert status == "French (fr-FR): 3 complete · 1 incomplete · 1 missing"
        for kind, wanted in [
            ("missing", {"missing"}),
            ("incomplete", {"incomplete"}),
            ("gap", {"missing", "incomplete"}),
        ]:
            await pilot.press("f")
            await settle(pilot, app)
            assert screen.filter is not None and screen.filter.kind == kind
            keys = [k for k, item in by_item.items() if item["fr-FR"] in wanted]
            assert [grid.row(i)["id"] for i in range(grid.row_count or 0)] == keys
            assert screen_counts(screen) == expected_counts(by_item, keys)
        heading = str(screen.query_one("#coverage-filter").content)
        assert heading.startswith("Missing or incomplete in French (fr-FR)")
        await pilot.press("x")
        await settle(pilot, app)
        assert screen.filter is None and screen_counts(screen)[0] == 5

        await pilot.press("v")  # archived shown: schema-changes counts too
        await settle(pilot, app)
        async with demo_db.connect() as conn:
            everything = (await conn.execute(text("SELECT COUNT(*) FROM articles"))).scalar_one()
        assert screen_counts(screen)[0] == everything == 6
        assert screen.coverage is not None and screen.coverage.of("ar-SA").complete == 5

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))


@pytest.mark.parametrize("page_size", [100, 3])
async def test_walking_visits_every_gap_once_in_order(
    demo_url: str, demo_db: Database, monkeypatch: pytest.MonkeyPatch, page_size: int
) -> None:
    """Left to right, then down; with pages of 3 rows and 25 more articles (most of them
    complete) the walk goes past the loaded pages, which the engine answers."""
    monkeypatch.setattr(CoverageScreen, "page_size", page_size)
    monkeypatch.setattr(CoverageScreen, "capacity", 8)  # 24 rows: the screen and a little
    if page_size == 3:
        await add_articles(demo_db, 25)
    by_item = await states(demo_db)
    codes = await languages(demo_db)
    expected = [
        (key, code) for key, item in by_item.items() for code in codes if item[code] != "complete"
    ]
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        screen = await open_coverage(pilot, app)
        visited = []
        for _ in range(len(expected) + 1):
            await walk(pilot, app, "n")
            if screen.walk_message:
                break
            visited.append(_cell(screen))
        assert visited == expected
        assert len(set(visited)) == len(visited)
        assert screen.walk_message == "No more gaps below."
        assert _cell(screen) == expected[-1]  # the end leaves the cursor on the last gap
        if page_size == 3:
            assert screen.engine_walks >= 1  # past the loaded pages
            cache = screen.grid.cache
            assert cache is not None and cache.reads < 100  # no page read again and again

        back = []
        for _ in range(len(expected)):
            await walk(pilot, app, "p")
            if screen.walk_message:
                break
            back.append(_cell(screen))
        assert back == list(reversed(expected[:-1]))
        assert screen.walk_message == "No more gaps above."

        await _to_column(pilot, screen, "it-IT")
        await pilot.press("f", "f", "f")  # missing or incomplete in Italian: the walk keeps to it
        await settle(pilot, app)
        italian = [(k, c) for k, c in expected if c == "it-IT"]
        assert _cell(screen) == italian[0]  # the filter puts the cursor on the first one
        walked = []
        for _ in range(len(italian)):
            await walk(pilot, app, "n")
            if screen.walk_message:
                break
            walked.append(_cell(screen))
        assert walked == italian[1:]
        assert screen.walk_message == "No more gaps below."


async def test_enter_opens_the_language_and_coming_back_reads_again(
    demo_url: str, demo_db: Database
) -> None:
    overview = await demo_db.overview()
    french = await ItemsService(demo_db, "articles_translations").read_many(
        fields=["id", "summary"],
        filter={"articles_id": {"slug": {"_eq": "big-tables"}}, "languages_code": {"_eq": "fr-FR"}},
    )
    assert [row["summary"] for row in french] == [None]
    async with running_studio(demo_url, size=(100, 30)) as (app, pilot):
        screen = await open_coverage(pilot, app)
        grid = screen.grid
        await pilot.press("down", "down", "down", "down")
        await _to_column(pilot, screen, "fr-FR")
        assert screen.grid.cursor_item["slug"] == "big-tables"
        assert screen.coverage is not None and screen.coverage.of("fr-FR").complete == 3
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        page = app.screen
        assert isinstance(page, ItemScreen)
        assert (page.key, page.language) == (5, "fr-FR")
        field = overview.field("articles", "translations")
        assert page._interface_context(field).language == "fr-FR"
        assert page.back_hint() == "esc: back to Articles translation coverage"

        await ItemsService(demo_db, "articles").update_one(
            5, {"translations": {"update": [{"id": french[0]["id"], "summary": "Un million."}]}}
        )
        await wait_until(pilot, lambda: page.form is not None)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(
            pilot, lambda: screen.coverage is not None and screen.coverage.of("fr-FR").complete == 4
        )
        await settle(pilot, app)
        assert (grid.cursor_row, _cell(screen)) == (4, (5, "fr-FR"))
        assert grid.current_column.text(grid.cursor_item) == "✓"
        by_item = await states(demo_db)
        assert screen_counts(screen) == expected_counts(by_item, by_item)
        stored = await ItemsService(demo_db, "articles_translations").read_one(french[0]["id"])
        assert stored["summary"] == "Un million."

        await pilot.press("left", "left", "left", "left", "left", "left")
        assert grid.cursor_column == 0, (app.focused, grid.cursor_column)
        opened = []
        real = app.open_item

        def spy(*args, **kwargs):
            opened.append((args[:2], kwargs.get("language")))
            real(*args, **kwargs)

        app.open_item = spy  # type: ignore[method-assign]
        await pilot.press("enter")  # on the title: the page's own first tab
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        assert opened == [(("articles", 5), None)]
        await wait_until(pilot, lambda: app.screen.form is not None)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await settle(pilot, app)
        async with demo_db.connect() as conn:  # nothing was written by leaving
            rows = (await conn.execute(text("SELECT COUNT(*) FROM articles_translations"))).scalar()
        assert rows == 21


async def test_the_palette_offers_the_coverage_and_a_page_costs_two_queries(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url, size=(100, 30)) as (app, pilot):
        provider = StudioCommands(app.screen)
        found = {title: run for title, run, _ in provider._commands()}
        assert "Translation coverage of Cities" not in found
        run = found["Translation coverage of Articles"]
        run()
        await wait_until(pilot, lambda: isinstance(app.screen, CoverageScreen))
        await settle(pilot, app)
        screen = screen_of(app)
        assert (screen.collection, screen.field) == ("articles", "translations")
        cache = screen.grid.cache
        assert cache is not None
        cache.pages.clear()
        with counting(app.session.db) as statements:
            await cache.load(cache.plan(0))
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert len(selects) == 2  # the articles, then their translations
        assert settled(app)
