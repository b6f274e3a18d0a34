"""Helpers for the translations tests: open an article's translations, move between languages,
type into the shown language's form, and read `articles_translations` back."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.interfaces.translations import TranslationsInterface
from studio.ui.screens.item import ItemScreen
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import open_item, row, type_text
from tests.ui.relational.m2m_helpers import key_of

FIELDS = ("title", "summary")


def ready(interface: TranslationsInterface) -> bool:
    """Read, with the shown language's form on screen."""
    entry = interface.entries.get(interface.current or "")
    return entry is not None and entry.form is not None and entry.form.is_mounted


async def open_translations(
    app: StudioApp, pilot: Pilot, db: Database, slug: str
) -> tuple[ItemScreen, TranslationsInterface]:
    """The article's page with the cursor in its translations, every language read."""
    key = await key_of(db, "articles", "slug", slug)
    screen = await open_item(app, pilot, "articles", key)
    interface = row(screen, "translations").interface
    assert isinstance(interface, TranslationsInterface), interface
    assert screen.form is not None
    screen.form.focus_field("translations")
    await wait_until(pilot, lambda: ready(interface))
    await pilot.pause(0.05)
    return screen, interface


async def go_to(pilot: Pilot, interface: TranslationsInterface, code: str) -> None:
    """alt+right until `code`'s tab is shown (the cursor stays in the form)."""
    for _ in range(len(interface.entries)):
        if interface.current == code:
            break
        await pilot.press("alt+right")
        await wait_until(pilot, lambda: ready(interface))
    assert interface.current == code, interface.current
    await pilot.pause(0.05)


def tab_texts(interface: TranslationsInterface) -> list[str]:
    """The tabs as drawn ("● English 2/2", "German —")."""
    return [tab.text.strip() for tab in interface.tabs.tabs]


def form_of(interface: TranslationsInterface, code: str | None = None) -> Any:
    entry = interface.entries[code or interface.current or ""]
    assert entry.form is not None
    return entry.form


async def fill(pilot: Pilot, interface: TranslationsInterface, name: str, text: str) -> None:
    """Focus a field of the shown language's form, clear it and type `text`."""
    target = form_of(interface).rows[name].interface.focus_target()
    assert target is not None
    target.focus()
    await pilot.pause()
    if isinstance(target, TextArea):
        await pilot.press("f7")  # select all: what is typed replaces it
        if not text:
            await pilot.press("delete")
    elif isinstance(target, Input):
        await pilot.press("end", "ctrl+u")
    else:
        raise AssertionError(f"{name} is not a text box: {target!r}")
    if text:
        await type_text(pilot, text)
    await pilot.pause()


async def translations(db: Database, article: Any) -> dict[str, dict[str, Any]]:
    """The article's rows of `articles_translations`, by language: id, title, summary."""
    db.invalidate_overview()
    rows = await ItemsService(db, "articles_translations").read_many(
        {
            "fields": ["id", "languages_code", *FIELDS],
            "filter": {"articles_id": {"_eq": article}},
            "limit": -1,
        }
    )
    return {str(row["languages_code"]): dict(row) for row in rows}


def texts(rows: dict[str, dict[str, Any]]) -> dict[str, tuple[Any, Any]]:
    return {code: (row["title"], row["summary"]) for code, row in rows.items()}


async def saved(pilot: Pilot, screen: ItemScreen) -> None:
    await pilot.pause()
    await wait_until(pilot, lambda: not screen._busy)
    await pilot.pause(0.05)
