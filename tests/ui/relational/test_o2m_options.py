"""The O2M list on a relation made for the test (shelves and their books): a NOT NULL key that
cannot be unlinked, the delete deselect action, the field's options (page size, template,
create/select switched off, a filter for selectable items) and a read-only field."""

from __future__ import annotations

from typing import Any

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from studio.engine.items import ItemsService
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.picker import PickerScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.relational.o2m_helpers import hint, marks, open_list, summary, titles

BOOKS = ["Atlas", "Beowulf", "Candide", "Dracula", "Emma"]


async def shelves(
    db: Database, *, nullable: bool = True, deselect: str = "nullify", **meta: Any
) -> tuple[int, list[int]]:
    """A shelf with five books (books.shelf NOT NULL unless `nullable`), and a second,
    empty shelf; returns the first shelf's key and its books' keys."""
    collections, fields = CollectionsService(db), FieldsService(db)
    await collections.create("shelves", meta={"display_template": "{{label}}"})
    await fields.create("shelves", "label", "string")
    await collections.create("books", meta={"display_template": "{{title}} ({{shelf.label}})"})
    await fields.create("books", "title", "string")
    await fields.create_m2o("books", "shelf", "shelves", nullable=nullable)
    await fields.create_o2m(
        "shelves", "books", "books", related_field="shelf", deselect_action=deselect, meta=meta
    )
    db.invalidate_overview()
    shelf = await ItemsService(db, "shelves").create_one({"label": "Classics"})
    await ItemsService(db, "shelves").create_one({"label": "Spare"})
    books = ItemsService(db, "books")
    keys = [await books.create_one({"title": title, "shelf": shelf}) for title in BOOKS]
    return shelf, keys


async def test_a_not_null_key_cannot_be_unlinked(demo_url: str, demo_db: Database) -> None:
    shelf, keys = await shelves(demo_db, nullable=False)
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        screen, books = await open_list(app, pilot, "shelves", shelf, "books")
        assert titles(books)[0] == "Atlas (Classics)"
        await pilot.press("delete")
        assert "Cannot unlink “Atlas (Classics)”" in hint(books)
        assert "its Shelf cannot be empty" in hint(books)
        assert books.query_one("#o2m-hint").has_class("-error")
        assert not books.staging.has_changes and not screen.dirty
        # a new book can still be dropped again: it was never linked
        await pilot.press("f7")
        await wait_until(pilot, lambda: app.screen is not screen and app.screen.form is not None)
        from tests.ui.item.conftest import replace

        await replace(pilot, app.screen, "title", "Faust")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("end", "delete")
        assert not books.staging.has_changes
    stored = await ItemsService(demo_db, "books").read_many({"fields": ["id", "shelf"]})
    assert {b["id"]: b["shelf"] for b in stored} == {key: shelf for key in keys}


async def test_the_delete_action_deletes_the_removed_child(
    demo_url: str, demo_db: Database
) -> None:
    shelf, keys = await shelves(demo_db, nullable=False, deselect="delete")
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        _, books = await open_list(app, pilot, "shelves", shelf, "books")
        ids = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "o2m.delete" in ids and "o2m.unlink" not in ids
        await pilot.press("down", "delete")
        assert marks(books) == {"Beowulf (Classics)": "✕ delete"}
        assert "1 to delete" in summary(books)
        assert "will be deleted when you save" in hint(books)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    stored = await ItemsService(demo_db, "books").read_many({"fields": ["id"], "sort": ["id"]})
    assert [b["id"] for b in stored] == [k for k in keys if k != keys[1]]


async def test_options_page_size_template_and_switches(demo_url: str, demo_db: Database) -> None:
    shelf, _ = await shelves(
        demo_db,
        options={"limit": 2, "template": "{{title}}!", "enableCreate": False},
    )
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        _, books = await open_list(app, pilot, "shelves", shelf, "books")
        assert titles(books) == ["Atlas!", "Beowulf!"]
        assert summary(books).startswith("5 items · page 1 of 3")
        keys = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "o2m.new" not in keys and "o2m.add" in keys
        await pilot.press("f7")  # switched off: nothing opens
        await pilot.pause(0.1)
        assert app.screen.query("#o2m-list")


async def test_the_filter_option_narrows_what_can_be_added(
    demo_url: str, demo_db: Database
) -> None:
    selectable = {"title": {"_starts_with": "Z"}}
    shelf, _ = await shelves(demo_db, options={"filter": selectable})
    spare = (await ItemsService(demo_db, "shelves").read_many({"sort": ["-id"], "limit": 1}))[0]
    books = ItemsService(demo_db, "books")
    await books.create_one({"title": "Zadig", "shelf": spare["id"]})
    await books.create_one({"title": "Walden", "shelf": None})
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        await open_list(app, pilot, "shelves", shelf, "books")
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.restrict == {"_and": [{"shelf": {"_neq": shelf}}, selectable]}
        assert picker.multiple
        grid = picker.grid
        await wait_until(pilot, lambda: grid.settled)
        assert grid.row_count == 1  # Zadig only: Walden does not pass the filter


async def test_a_read_only_list_browses_only(demo_url: str, demo_db: Database) -> None:
    shelf, _ = await shelves(demo_db, readonly=True, options={"limit": 2})
    async with running_studio(demo_url, size=(100, 40)) as (app, pilot):
        screen, books = await open_list(app, pilot, "shelves", shelf, "books")
        keys = {b.binding.id for b in app.screen.active_bindings.values()}
        assert {"o2m.new", "o2m.add", "o2m.unlink", "o2m.undo", "o2m.edit"}.isdisjoint(keys)
        assert {"o2m.down", "o2m.open", "o2m.search"} <= keys
        await pilot.press("delete", "f7", "pagedown")
        await pilot.pause(0.1)
        assert app.screen is screen and not screen.dirty
        assert books.window.page == 1
        await pilot.double_click(books.child_list, offset=(5, 0))  # moves, does not edit
        await pilot.pause(0.1)
        assert app.screen is screen and books.window.cursor == 2
