"""After the pilot built the model: an editor opens an item of each collection and uses each
new interface once with keys, then saves. Returns what the database must then hold."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.interfaces.m2o import M2OInterface
from studio.ui.interfaces.translations import TranslationsInterface
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.picker import PickerScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.conftest import wait_until
from tests.ui.item.conftest import open_item, row, type_text
from tests.ui.relational.m2a_helpers import choose, open_sections
from tests.ui.relational.m2m_helpers import open_links, pick, until_settled
from tests.ui.relational.o2m_helpers import open_list
from tests.ui.relational.o2m_helpers import titles as o2m_titles
from tests.ui.translations.helpers import fill, ready

SEEDS: dict[str, list[dict[str, Any]]] = {
    "countries": [{"name": "France"}],
    "cities": [{"name": "Paris"}, {"name": "Lyon"}],
    "ingredients": [{"name": "flour"}, {"name": "water"}],
    "recipes": [{"title": "Bread"}],
    "articles": [{"slug": "hello"}, {"slug": "world"}],
    "headings": [{"title": "Intro"}],
    "pages": [{"title": "Home"}],
}


async def seed(db: Database) -> dict[str, list[Any]]:
    db.invalidate_overview()
    return {
        collection: await ItemsService(db, collection).create_many(rows)
        for collection, rows in SEEDS.items()
    }


async def save(pilot: Pilot, screen: ItemScreen) -> None:
    """Save (ctrl+s leaves the page once the write is done)."""
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: pilot.app.screen is not screen, seconds=20)


async def choose_in_picker(app: StudioApp, pilot: Pilot, screen: ItemScreen, *names: str) -> None:
    await pick(app, pilot, *names)
    await wait_until(pilot, lambda: app.screen is screen)


async def set_m2o(app: StudioApp, pilot: Pilot, screen: ItemScreen, field: str, name: str) -> None:
    """F6 on the field: the related collection's picker, searched, one row taken."""
    interface = row(screen, field).interface
    assert isinstance(interface, M2OInterface)
    assert screen.form is not None and screen.form.focus_field(field)
    await pilot.pause()
    await choose_in_picker(app, pilot, screen, name)
    await wait_until(pilot, lambda: interface.value is not None)


async def use_every_interface(app: StudioApp, pilot: Pilot, keys: dict[str, list[Any]]) -> None:
    france, (paris, _lyon) = keys["countries"][0], keys["cities"]
    screen = await open_item(app, pilot, "cities", paris)
    await set_m2o(app, pilot, screen, "country", "France")
    await save(pilot, screen)

    screen, cities = await open_list(app, pilot, "countries", france, "cities")
    assert o2m_titles(cities) == [str(paris)]  # no display template: the key, as Directus
    await set_m2o(app, pilot, screen, "capital_city", "Paris")
    await save(pilot, screen)

    screen, links = await open_links(app, pilot, "recipes", keys["recipes"][0], "ingredients")
    await choose_in_picker(app, pilot, screen, "flour", "water")
    await until_settled(pilot, links)
    await save(pilot, screen)

    hello, _world = keys["articles"]
    screen, related = await open_links(app, pilot, "articles", hello, "related_articles")
    await choose_in_picker(app, pilot, screen, "world")
    await until_settled(pilot, related)
    translations = row(screen, "translations").interface
    assert isinstance(translations, TranslationsInterface)
    assert screen.form is not None and screen.form.focus_field("translations")
    await wait_until(pilot, lambda: ready(translations))
    await fill(pilot, translations, "title", "Hello")
    await save(pilot, screen)

    screen, _sections = await open_sections(app, pilot, keys["pages"][0])
    await pilot.press("f6")
    await choose(pilot, 1)  # headings
    await pick_after_choice(app, pilot, screen, "Intro")
    await save(pilot, screen)


async def pick_after_choice(app: StudioApp, pilot: Pilot, screen: ItemScreen, name: str) -> None:
    """The M2A's picker, opened by the collection question: search, take one row."""
    await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
    grid = app.screen.query_one(ItemGrid)
    await wait_until(pilot, lambda: grid.settled)
    await pilot.press("slash", "ctrl+u")
    await type_text(pilot, name)
    await pilot.press("enter")
    await wait_until(pilot, lambda: grid.settled and grid.row_count == 1)
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is screen)
