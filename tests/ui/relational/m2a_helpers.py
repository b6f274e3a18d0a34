"""Helpers for the M2A builder tests: open a page's sections, wait for their reads, answer the
collection question and the nested forms, and read the blocks back from the database."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.interfaces.m2a import M2AInterface
from studio.ui.screens.collection_choice import CollectionChoiceScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.nested_item import NestedItemScreen
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import open_item, replace, row
from tests.ui.relational.o2m_helpers import settled

HOME, ABOUT, PRICING = 1, 2, 3
BLOCK_TABLES = ("pages", "pages_sections", "headings", "text_bodies", "images", "galleries")
BLOCK_TABLES += ("galleries_images",)


def builder_settled(interface: M2AInterface) -> bool:
    """The page of blocks is drawn with every title read, nothing pending (a gone item's
    stored key included)."""
    working = any(
        worker.node is interface and not worker.is_finished for worker in interface.workers
    )
    # a finished worker's message may still wait in the queue
    return settled(interface) and not working and interface._message_queue.empty()


async def open_sections(
    app: StudioApp, pilot: Pilot, page: Any = ABOUT
) -> tuple[ItemScreen, M2AInterface]:
    """The page's item page with the cursor in its sections, the first page of blocks read."""
    screen = await open_item(app, pilot, "pages", page)
    interface = row(screen, "sections").interface
    assert isinstance(interface, M2AInterface), interface
    assert screen.form is not None and screen.form.focus_field("sections")
    await until_settled(pilot, interface)
    return screen, interface


async def after_save(pilot: Pilot, screen: ItemScreen, old: M2AInterface) -> M2AInterface:
    """Save-and-stay reads the page again: its new builder, settled."""
    await wait_until(
        pilot,
        lambda: (
            not screen._busy
            and screen.form is not None
            and screen.form.rows["sections"].interface is not old
        ),
    )
    interface = row(screen, "sections").interface
    assert isinstance(interface, M2AInterface)
    await until_settled(pilot, interface)
    return interface


async def until_settled(pilot: Pilot, interface: M2AInterface) -> None:
    await pilot.pause()
    await wait_until(pilot, lambda: builder_settled(interface))


def titles(interface: M2AInterface) -> list[str]:
    return [line.title for line in interface.child_list.lines]


def marks(interface: M2AInterface) -> dict[str, str]:
    return {line.title: line.mark for line in interface.child_list.lines if line.mark}


def kinds(interface: M2AInterface, title: str) -> tuple[str, ...]:
    return next(line.kinds for line in interface.child_list.lines if line.title == title)


def summary(interface: M2AInterface) -> str:
    return str(interface.query_one("#o2m-summary").content)  # type: ignore[attr-defined]


def hint(interface: M2AInterface) -> str:
    return str(interface.query_one("#o2m-hint").content)  # type: ignore[attr-defined]


def cursor_title(interface: M2AInterface) -> str:
    current = interface.window.current()
    assert current is not None
    return interface._title(current)


async def go_to(pilot: Pilot, interface: M2AInterface, title: str) -> None:
    """Move the cursor to the block named `title` (from the top, page by page)."""
    await pilot.press("home")
    await until_settled(pilot, interface)
    for _ in range(100):
        if cursor_title(interface) == title:
            return
        before = interface.window.cursor
        await pilot.press("down")
        await until_settled(pilot, interface)
        if interface.window.cursor == before:
            break
    raise AssertionError(f"no block {title!r} in {titles(interface)}")


async def choose(pilot: Pilot, number: int) -> None:
    """Answer the collection question by the number shown before a collection."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, CollectionChoiceScreen))
    await pilot.press(str(number))


async def nested(pilot: Pilot) -> NestedItemScreen:
    app = pilot.app
    await wait_until(
        pilot, lambda: isinstance(app.screen, NestedItemScreen) and app.screen.form is not None
    )
    screen = app.screen
    assert isinstance(screen, NestedItemScreen)
    return screen


async def fill_and_done(pilot: Pilot, below: ItemScreen, **values: str) -> None:
    """In the nested form on screen, type each field's text, then Done (back on `below`)."""
    form = await nested(pilot)
    for name, text in values.items():
        await replace(pilot, form, name, text)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: pilot.app.screen is below)


async def sections(db: Database, page: Any) -> list[tuple[str, str]]:
    """The page's blocks as stored, in order: (collection, item key)."""
    db.invalidate_overview()
    rows = await ItemsService(db, "pages_sections").read_many(
        {
            "fields": ["collection", "item", "sort"],
            "filter": {"pages_id": {"_eq": page}},
            "sort": ["sort"],
            "limit": -1,
        }
    )
    return [(r["collection"], r["item"]) for r in rows]


async def block_titles(db: Database, page: Any) -> list[str]:
    """The page's blocks as stored, in order, named as the builder names them."""
    db.invalidate_overview()
    rows = await ItemsService(db, "pages_sections").read_many(
        {
            "fields": [
                "collection",
                "item:headings.title",
                "item:text_bodies.body",
                "item:images.title",
                "item:galleries.title",
            ],
            "filter": {"pages_id": {"_eq": page}},
            "sort": ["sort"],
            "limit": -1,
        }
    )
    names = {"headings": "Headings", "text_bodies": "Text Bodies", "images": "Images"}
    names["galleries"] = "Galleries"
    out = []
    for r in rows:
        item = r["item"] or {}
        out.append(f"{names[r['collection']]}: {item.get('title') or item.get('body')}")
    return out


async def contents(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row of the page and block tables, to prove nothing was written."""
    db.invalidate_overview()
    found = {}
    for table in BLOCK_TABLES:
        found[table] = await ItemsService(db, table).read_many(
            {"fields": ["*"], "sort": ["id"], "limit": -1}
        )
    return found


async def item_key(db: Database, table: str, /, **where: Any) -> Any:
    db.invalidate_overview()
    rows = await ItemsService(db, table).read_many(
        {"fields": ["id"], "filter": {k: {"_eq": v} for k, v in where.items()}, "limit": 2}
    )
    assert len(rows) == 1, rows
    return rows[0]["id"]
