"""A failure anywhere in a nested write leaves every table exactly as it was."""

from __future__ import annotations

import pytest

from studio.engine import Database
from studio.engine.errors import InvalidValue
from studio.engine.items import ItemsService
from tests.engine.items.snapshot import table_contents


async def test_an_invalid_value_in_the_third_nested_item(guide: Database) -> None:
    before = await table_contents(guide)
    with pytest.raises(InvalidValue, match="Name is required") as error:
        await ItemsService(guide, "recipes").create_one(
            {
                "title": "Bread",
                "ingredients": [
                    {"ingredients_id": {"name": "Yeast"}, "quantity": "7 g"},
                    {"ingredients_id": 2, "quantity": "500 g"},
                    {"ingredients_id": {"name": None}, "quantity": "1"},
                ],
            }
        )
    assert error.value.field == "ingredients"
    assert error.value.path == ("ingredients", 2, "ingredients_id", "name")
    assert error.value.message == "Ingredients, item 3: Ingredients ID: Name is required."
    assert await table_contents(guide) == before


async def test_a_unique_violation_in_a_junction_row(guide: Database, run_sql) -> None:
    await run_sql(
        "CREATE UNIQUE INDEX recipe_once ON recipes_ingredients (recipes_id, ingredients_id)"
    )
    before = await table_contents(guide)
    with pytest.raises(InvalidValue, match="unique") as error:
        await ItemsService(guide, "recipes").create_one(
            {
                "title": "Double egg",
                "ingredients": [
                    {"ingredients_id": 1, "quantity": "1"},
                    {"ingredients_id": {"name": "Chives"}, "quantity": "a bunch"},
                    {"ingredients_id": 1, "quantity": "2"},
                ],
            }
        )
    assert error.value.field == "ingredients"
    assert error.value.path[:2] == ("ingredients", 2)
    assert await table_contents(guide) == before


async def test_a_failing_change_set_undoes_its_earlier_steps(guide: Database) -> None:
    before = await table_contents(guide)
    with pytest.raises(InvalidValue, match="must be one of"):
        await ItemsService(guide, "pages").update_one(
            1,
            {
                "title": "Home (new)",
                "sections": {
                    "delete": [1],
                    "create": [
                        {"collection": "headings", "item": {"title": "Hi"}},
                        {"collection": "nowhere", "item": {"title": "x"}},
                    ],
                },
            },
        )
    assert await table_contents(guide) == before


async def test_a_failing_row_in_a_batch_writes_none_of_them(guide: Database) -> None:
    before = await table_contents(guide)
    with pytest.raises(InvalidValue, match="Country: there is no item") as error:
        await ItemsService(guide, "cities").create_many(
            [{"name": "A", "country": 1}, {"name": "B", "country": 2}, {"name": "C", "country": 77}]
        )
    assert error.value.field == "country"
    assert await table_contents(guide) == before


async def test_a_restricted_delete_in_a_batch_deletes_nothing(guide: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE visits (id INTEGER PRIMARY KEY, city INTEGER REFERENCES cities(id))"
    )
    await ItemsService(guide, "visits").create_one({"id": 1, "city": 6})
    before = await table_contents(guide)
    with pytest.raises(InvalidValue, match="still point at them"):
        await ItemsService(guide, "cities").delete_many([5, 6])
    assert await table_contents(guide) == before
