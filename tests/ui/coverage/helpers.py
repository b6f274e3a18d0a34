"""What the coverage tests share: the matrix on screen and settled, and what the database holds,
computed from the rows themselves (read through the engine, never through the matrix's reads)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.coverage import CoverageScreen
from tests.ui.browser.helpers import open_collection
from tests.ui.conftest import wait_until

Counts = dict[str, tuple[int, int, int]]  # code -> (complete, incomplete, missing)


def screen_of(app: StudioApp) -> CoverageScreen:
    screen = app.screen
    assert isinstance(screen, CoverageScreen), screen
    return screen


def settled(app: StudioApp) -> bool:
    """The matrix drawn, its counts read, no walk under way."""
    screen = app.screen
    if not isinstance(screen, CoverageScreen) or screen.coverage is None or screen._walking:
        return False
    grid = screen.grid
    if not grid.settled or grid.cache is None:
        return False
    return grid.row_count == 0 or grid.cache.row(grid.cursor_row) is not None


async def open_coverage(pilot: Pilot, app: StudioApp) -> CoverageScreen:
    """Articles in the browser, then `t`."""
    await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen), seconds=30)
    await open_collection(pilot, app, "articles")
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(app.screen, CoverageScreen))
    await pilot.pause(0.05)
    await wait_until(pilot, lambda: settled(app))
    return screen_of(app)


async def settle(pilot: Pilot, app: StudioApp) -> None:
    await pilot.pause(0.05)
    await wait_until(pilot, lambda: settled(app))


def screen_counts(screen: CoverageScreen) -> tuple[int, Counts]:
    assert screen.coverage is not None
    return screen.coverage.total, {
        code: (c.complete, c.incomplete, c.missing) for code, c in screen.coverage.languages.items()
    }


async def languages(db: Database) -> list[str]:
    rows = await ItemsService(db, "languages").read_many(fields=["code"], limit=-1)
    return sorted(row["code"] for row in rows)


async def states(db: Database) -> dict[Any, dict[str, str]]:
    """Every listed (not archived) article's state per language, from the junction's rows:
    "complete" (a row with title and summary), "incomplete" (a row, none complete), "missing"."""
    articles = await ItemsService(db, "articles").read_many(
        fields=["id", "status"], sort=["id"], limit=-1
    )
    rows = await ItemsService(db, "articles_translations").read_many(
        fields=["articles_id", "languages_code", "title", "summary"], limit=-1
    )
    codes = await languages(db)
    found: dict[Any, dict[str, str]] = {}
    for article in articles:
        if article["status"] == "archived":
            continue
        mine = [row for row in rows if row["articles_id"] == article["id"]]
        found[article["id"]] = {}
        for code in codes:
            in_code = [row for row in mine if row["languages_code"] == code]
            complete = any(row["title"] and row["summary"] for row in in_code)
            state = "complete" if complete else "incomplete" if in_code else "missing"
            found[article["id"]][code] = state
    return found


def expected_counts(by_item: dict[Any, dict[str, str]], keys: Iterable[Any]) -> tuple[int, Counts]:
    chosen = [by_item[key] for key in keys]
    codes = sorted({code for item in by_item.values() for code in item})
    return len(chosen), {
        code: (
            sum(item[code] == "complete" for item in chosen),
            sum(item[code] == "incomplete" for item in chosen),
            sum(item[code] == "missing" for item in chosen),
        )
        for code in codes
    }


async def add_articles(db: Database, count: int) -> None:
    """`count` more articles, complete in every language except a few gaps spread far apart
    (a German one missing every 7th, an Italian one with a title only every 11th)."""
    codes = await languages(db)
    service = ItemsService(db, "articles")
    for n in range(count):
        translations = []
        for code in codes:
            if code == "de-DE" and n % 7 == 3:
                continue
            summary = None if code == "it-IT" and n % 11 == 5 else f"Summary {n} {code}"
            translations.append({"languages_code": code, "title": f"Title {n}", "summary": summary})
        await service.create_one(
            {"slug": f"extra-{n:03}", "status": "published", "translations": translations}
        )
