"""Translated columns in the browser, as an editor uses them: the English titles by default,
the German ones picked in the column picker with keys, counts and translations side by side,
remembered across runs, a hundred languages in the picker, and the keys that meet them (sort,
Enter, `o`, where used, batch edit, the item picker)."""

from __future__ import annotations

from typing import Any

from textual.widgets import SelectionList

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.app import StudioApp
from studio.ui.screens.batch_edit import BatchEditScreen
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.column_picker import ColumnPickerScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.picker import PickerScreen
from studio.ui.screens.where_used import WhereUsedScreen
from tests.ui.browser.helpers import browser, column_texts, lines, open_collection, settle
from tests.ui.conftest import running_studio, wait_until

EN_TITLE = "translations.title@en-US"
DE_TITLE = "translations.title@de-DE"


async def titles(db: Database, code: str, field: str = "title") -> dict[int, str]:
    """{article id: its `field` in language `code`} straight from the junction."""
    rows = await ItemsService(db, "articles_translations").read_many(
        fields=["articles_id", field], filter={"languages_code": {"_eq": code}}, limit=-1
    )
    return {row["articles_id"]: row[field] or "" for row in rows}


def shown_ids(app: StudioApp) -> list[int]:
    g = browser(app).grid
    return [(g.row(i) or {})["id"] for i in g.visible_range()]


def options(app: StudioApp) -> list[str]:
    picker = app.screen.query_one(SelectionList)
    return [picker.get_option_at_index(i).value for i in range(picker.option_count)]


def ticked(app: StudioApp) -> list[str]:
    picker = app.screen.query_one(SelectionList)
    return [key for key in options(app) if key in picker.selected]


async def open_picker(pilot: Any, app: StudioApp) -> ColumnPickerScreen:
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(app.screen, ColumnPickerScreen))
    await pilot.pause(0.05)
    screen = app.screen
    assert isinstance(screen, ColumnPickerScreen)
    return screen


async def highlight(pilot: Any, app: StudioApp, key: str) -> None:
    """Walk the picker's cursor down to `key`, as a person does."""
    picker = app.screen.query_one(SelectionList)
    while options(app)[picker.highlighted or 0] != key:
        await pilot.press("down")


def prefs_columns(app: StudioApp) -> list[str]:
    saved = app.session.prefs.get("articles", "columns") or []  # type: ignore[attr-defined]
    return [entry["field"] for entry in saved]


async def test_the_articles_browser_shows_the_english_titles(
    demo_url: str, demo_db: Database
) -> None:
    english = await titles(demo_db, "en-US")
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "articles")
        assert [c.key for c in g.columns][:3] == ["id", "slug", EN_TITLE]
        assert "Title (en-US)" in lines(g)[0]
        ids = shown_ids(app)
        assert len(ids) == 5  # the archived article is hidden
        assert column_texts(g, EN_TITLE) == [english[i] for i in ids]
        assert "Welcome to Studio" in lines(g)[1]


async def test_german_titles_picked_with_keys_show_empties_where_there_is_none(
    demo_url: str, demo_db: Database
) -> None:
    german = await titles(demo_db, "de-DE")
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "articles")
        await pilot.press("v")  # archived shown: schema-changes has no German translation
        await settle(pilot, app)
        before = [c.key for c in g.columns]
        # cancel changes nothing, not even the remembered columns
        await open_picker(pilot, app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert [c.key for c in g.columns] == before and prefs_columns(app) == []
        await open_picker(pilot, app)
        listed = options(app)
        # one entry per translatable field (not per language), next to the translations count
        spare = listed[listed.index("translations") + 1]
        assert spare == "translations.title@ar-SA"  # the first language not shown yet
        assert listed[listed.index("translations") + 2] == "translations.summary@en-US"
        assert sum(key.startswith("translations.title@") for key in listed) == 2
        await highlight(pilot, app, spare)
        await pilot.press("right")  # ar-SA → de-DE (en-US is taken by the shown column)
        assert options(app)[listed.index(spare)] == DE_TITLE
        await pilot.press("space")
        assert DE_TITLE in ticked(app)
        # a new unticked Title entry appears for the next language
        after = options(app)
        assert after[after.index(DE_TITLE) + 1] == "translations.title@ar-SA"
        # unticked again, it stays and the spare goes: still one unticked Title entry
        await pilot.press("space")
        assert [k for k in options(app) if k.startswith("translations.title@")] == [
            EN_TITLE, DE_TITLE,
        ]  # fmt: skip
        await pilot.press("space")
        assert options(app) == after and DE_TITLE in ticked(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        assert [c.key for c in g.columns] == [*before, DE_TITLE]
        assert prefs_columns(app) == [*before, DE_TITLE]
        ids = shown_ids(app)
        texts = column_texts(g, DE_TITLE)
        assert texts == [german.get(i, "") for i in ids]
        assert "" in texts and any(texts)  # schema-changes: no German
        # typing a language's name switches a ticked entry in place
        await open_picker(pilot, app)
        await highlight(pilot, app, DE_TITLE)
        await pilot.press(*"fre")
        assert "translations.title@fr-FR" in ticked(app) and DE_TITLE not in options(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        french = await titles(demo_db, "fr-FR")
        assert column_texts(g, "translations.title@fr-FR") == [french.get(i, "") for i in ids]


async def test_a_count_of_translations_beside_translated_columns(
    demo_url: str, demo_db: Database
) -> None:
    english, german = await titles(demo_db, "en-US"), await titles(demo_db, "de-DE")
    rows = await ItemsService(demo_db, "articles_translations").read_many(
        fields=["articles_id"], limit=-1
    )
    counts: dict[int, int] = {}
    for row in rows:
        counts[row["articles_id"]] = counts.get(row["articles_id"], 0) + 1
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "articles")
        screen = browser(app)
        screen.languages.clear()  # as if the read had failed: `c` reads them first
        await open_picker(pilot, app)
        assert "articles" in screen.languages
        await highlight(pilot, app, "translations")
        await pilot.press("space", "down", *"de", "space", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        assert [c.key for c in g.columns] == [
            "id", "slug", EN_TITLE, "status", "featured", "translations", DE_TITLE,
        ]  # fmt: skip
        ids = shown_ids(app)
        assert column_texts(g, "translations") == [str(counts[i]) for i in ids]
        assert column_texts(g, EN_TITLE) == [english[i] for i in ids]
        assert column_texts(g, DE_TITLE) == [german.get(i, "") for i in ids]


async def test_translated_columns_are_remembered_even_in_a_language_since_deleted(
    demo_url: str, demo_db: Database
) -> None:
    german = await titles(demo_db, "de-DE")
    async with running_studio(demo_url) as (app, pilot):
        await open_collection(pilot, app, "articles")
        app.session.prefs.set(  # type: ignore[attr-defined]
            "articles",
            "columns",
            [
                {"field": "slug", "width": 12},
                {"field": DE_TITLE, "width": 30},
                {"field": "translations.summary@xx-XX", "width": 10},
            ],
        )
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "articles")
        assert [(c.key, c.width) for c in g.columns] == [
            ("slug", 12), (DE_TITLE, 30), ("translations.summary@xx-XX", 10),
        ]  # fmt: skip
        ids = shown_ids(app)
        assert column_texts(g, DE_TITLE) == [german.get(i, "") for i in ids]
        assert set(column_texts(g, "translations.summary@xx-XX")) == {""}
        # the picker lists it as ticked, says its language is gone, and can switch it
        await open_picker(pilot, app)
        assert ticked(app) == ["slug", DE_TITLE, "translations.summary@xx-XX"]
        picker = app.screen.query_one(SelectionList)
        prompt = picker.get_option_at_index(2).prompt
        assert "no such language" in str(prompt)
        await highlight(pilot, app, "translations.summary@xx-XX")
        await pilot.press("right")  # onto the first language the summary does not show yet
        assert ticked(app)[2] == "translations.summary@ar-SA"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert prefs_columns(app) == ["slug", DE_TITLE, "translations.summary@xx-XX"]


async def test_a_hundred_languages_keep_the_picker_one_line_per_field(
    demo_url: str, demo_db: Database
) -> None:
    await ItemsService(demo_db, "languages").create_many(
        [{"code": f"x{n:02d}", "name": f"Lang{n:02d}"} for n in range(92)]
    )
    total = (await ItemsService(demo_db, "languages").count()).value
    assert total == 100
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        await open_collection(pilot, app, "articles")
        await open_picker(pilot, app)
        listed = options(app)
        translated = [key for key in listed if key.startswith("translations.")]
        assert translated == [EN_TITLE, "translations.title@ar-SA", "translations.summary@en-US"]
        assert app.screen.query_one(SelectionList).region.bottom <= 24
        spare = "translations.title@ar-SA"
        await highlight(pilot, app, spare)
        await pilot.press(*"lang4")  # by name: the first that starts with it
        assert options(app)[listed.index(spare)] == "translations.title@x40"
        await pilot.pause(1.1)  # a pause starts a new name
        await pilot.press("left")
        assert options(app)[listed.index(spare)] == "translations.title@x39"
        await pilot.press(*"ru")  # by code
        assert options(app)[listed.index(spare)] == "translations.title@ru-RU"
        await pilot.press("escape")


async def test_sorting_a_translated_column_says_why_not(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "articles")
        await pilot.press("right", "right")
        assert g.current_column is not None and g.current_column.key == EN_TITLE
        order = shown_ids(app)
        await pilot.press("s")
        await pilot.pause(0.05)
        assert g.sort == ()
        assert any("cannot be sorted" in str(n.message) for n in app._notifications)
        await settle(pilot, app)
        assert shown_ids(app) == order and g.error is None


async def test_keys_on_a_translated_cell(demo_url: str, demo_db: Database) -> None:
    """Enter opens the item on that language's tab; `o` says the cell is the item's own; where
    used and batch edit act on the row as from any cell."""
    service = ItemsService(demo_db, "articles")
    before = await service.read_many(fields=["*"], sort=["id"], limit=-1)
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "articles")
        await pilot.press("right", "right")
        key = g.cursor_key
        await pilot.press("o")
        await pilot.pause(0.05)
        assert any("own translation" in str(n.message) for n in app._notifications)
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.pause(0.05)
        page = app.screen
        assert isinstance(page, ItemScreen)
        assert (page.collection, page.key, page.language) == ("articles", key, "en-US")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, WhereUsedScreen))
        await pilot.pause(0.05)
        used = app.screen
        assert isinstance(used, WhereUsedScreen)
        assert (used.collection, used.key, used.title_text) == ("articles", key, "welcome")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchEditScreen))
        await pilot.pause(0.05)
        batch = app.screen
        assert isinstance(batch, BatchEditScreen) and batch.keys == [key]
        assert "translations" not in batch.fields  # translations are edited on the item page
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await service.read_many(fields=["*"], sort=["id"], limit=-1) == before


async def test_the_item_picker_shows_articles_by_their_english_title(
    demo_url: str, demo_db: Database
) -> None:
    english = await titles(demo_db, "en-US")
    async with running_studio(demo_url) as (app, pilot):
        app.push_screen(PickerScreen("articles", title="Pick an article"))
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await wait_until(pilot, lambda: picker.grid.settled)
        assert EN_TITLE in [c.key for c in picker.grid.columns]
        g = picker.grid
        ids = [(g.row(i) or {})["id"] for i in g.visible_range()]
        assert column_texts(g, EN_TITLE) == [english[i] for i in ids]
