"""A junction change-set's `delete_items`: the link goes as `delete` takes it, and the item it
links is deleted too, in the same transaction; and `InvalidValue.change`, which tells a
change-set's create list from its update list. On both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from studio.engine import Database
from studio.engine.errors import InvalidValue
from studio.engine.items import ItemsService
from tests.engine.items.snapshot import table_contents


async def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    async with db.connect() as conn:
        return [tuple(row) for row in (await conn.execute(text(sql))).all()]


async def test_m2a_delete_items_removes_the_link_and_deletes_the_block(guide: Database) -> None:
    await ItemsService(guide, "pages").update_one(
        1,
        {
            "title": "Home (new)",
            "sections": {
                "delete_items": [1],  # the link to heading 1, and heading 1
                "create": [{"collection": "headings", "item": {"title": "Hi"}}],
            },
        },
    )
    assert await rows(guide, "SELECT id FROM pages_sections WHERE id = 1") == []
    assert await rows(guide, "SELECT title FROM headings ORDER BY id") == [("Contact",), ("Hi",)]
    # the other block of the page and the other collection are untouched
    assert await rows(guide, "SELECT id, body FROM text_bodies ORDER BY id") == [
        (1, "Hello world"),
        (2, "Write to us"),
    ]
    assert await rows(guide, "SELECT title FROM pages WHERE id = 1") == [("Home (new)",)]


async def test_m2a_delete_items_with_delete_and_a_block_already_gone(guide: Database) -> None:
    """A key in both lists is removed once; an item deleted meanwhile is nothing to delete."""
    async with guide.transaction() as conn:
        await conn.execute(text("DELETE FROM text_bodies WHERE id = 2"))
    await ItemsService(guide, "pages").update_one(
        2, {"sections": {"delete": [3, 4], "delete_items": [3, 4]}}
    )
    assert await rows(guide, "SELECT id FROM pages_sections WHERE pages_id = 2") == []
    assert await rows(guide, "SELECT id FROM headings ORDER BY id") == [(1,)]
    assert await rows(guide, "SELECT id FROM text_bodies ORDER BY id") == [(1,)]


async def test_m2m_delete_items_deletes_the_related_item(guide: Database) -> None:
    """The egg goes; the omelette's link to it is cleared by its foreign key (SET NULL)."""
    await ItemsService(guide, "recipes").update_one(1, {"ingredients": {"delete_items": [1]}})
    assert await rows(guide, "SELECT id FROM ingredients ORDER BY id") == [(2,), (3,), (4,)]
    # the junction's deselect action here is nullify: the pancake's link is unlinked
    links = "SELECT recipes_id, ingredients_id FROM recipes_ingredients WHERE id IN (1, 4)"
    assert await rows(guide, links + " ORDER BY id") == [(None, None), (2, None)]


async def test_delete_items_is_refused_where_it_means_nothing(guide: Database) -> None:
    before = await table_contents(guide)
    with pytest.raises(InvalidValue, match="only a junction field") as error:
        await ItemsService(guide, "countries").update_one(
            1, {"name": "Chile (new)", "cities": {"delete_items": [1]}}
        )
    assert error.value.field == "cities"
    with pytest.raises(InvalidValue, match="not linked to this item"):
        await ItemsService(guide, "pages").update_one(1, {"sections": {"delete_items": [3]}})
    assert await table_contents(guide) == before


async def test_a_block_that_cannot_be_deleted_leaves_everything(guide: Database, run_sql) -> None:
    """A RESTRICT key elsewhere refuses the heading's deletion: the page's whole save is undone,
    the message names the field."""
    await run_sql(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY,"
        " heading INTEGER NOT NULL REFERENCES headings(id) ON DELETE RESTRICT)",
        "INSERT INTO notes VALUES (1, 1)",
    )
    before = await table_contents(guide)
    with pytest.raises(InvalidValue, match=r"^Sections: Cannot delete") as error:
        await ItemsService(guide, "pages").update_one(
            1, {"title": "Home (new)", "sections": {"delete_items": [1]}}
        )
    assert error.value.field == "sections"
    assert await table_contents(guide) == before


async def test_a_block_of_a_collection_no_longer_allowed_is_not_deleted(guide: Database) -> None:
    async with guide.transaction() as conn:
        await conn.execute(text("UPDATE pages_sections SET collection = 'quotes' WHERE id = 1"))
    before = await table_contents(guide)
    with pytest.raises(InvalidValue, match="'quotes', a collection this field does not allow"):
        await ItemsService(guide, "pages").update_one(1, {"sections": {"delete_items": [1]}})
    assert await table_contents(guide) == before


async def test_an_error_says_which_list_of_the_change_set_it_counts_in(guide: Database) -> None:
    pages = ItemsService(guide, "pages")
    bad = {"collection": "headings", "item": {"title": "x" * 300}}
    with pytest.raises(InvalidValue) as created:
        await pages.update_one(
            1, {"sections": {"create": [{"collection": "text_bodies", "item": 2}, bad]}}
        )
    assert (created.value.path[:2], created.value.change) == (("sections", 1), "create")
    with pytest.raises(InvalidValue) as updated:
        await pages.update_one(
            1,
            {
                "sections": {
                    "update": [
                        {"id": 1, "collection": "headings", "item": {"id": 1, **bad["item"]}}
                    ],
                    "create": [{"collection": "text_bodies", "item": 2}],
                }
            },
        )
    assert (updated.value.path[:2], updated.value.change) == (("sections", 0), "update")
    with pytest.raises(InvalidValue) as whole_list:
        await pages.update_one(1, {"sections": [bad]})
    assert (whole_list.value.path[:2], whole_list.value.change) == (("sections", 0), None)
