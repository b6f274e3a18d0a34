"""Nested creates, updates and change-sets for every relation kind, on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert, text, update

from studio.engine import Database
from studio.engine.errors import InvalidValue, ItemNotFound
from studio.engine.items import ItemsService


async def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    async with db.connect() as conn:
        return [tuple(row) for row in (await conn.execute(text(sql))).all()]


# M2O --------------------------------------------------------------------------------------------


async def test_m2o_as_key_object_or_null(guide: Database) -> None:
    cities = ItemsService(guide, "cities")
    by_key = await cities.create_one({"name": "Osaka", "country": "3"})
    new_country = await cities.create_one({"name": "Oslo", "country": {"name": "Norway"}})
    await cities.create_one({"name": "Bordeaux", "country": {"id": 2, "name": "France (FR)"}})
    unlinked = await cities.create_one({"name": "Limbo", "country": None})
    assert (await cities.read_one(by_key, ["country.name"]))["country"] == {"name": "Japan"}
    assert (await cities.read_one(new_country, ["country.name"]))["country"] == {"name": "Norway"}
    assert await rows(guide, "SELECT name FROM countries WHERE id = 2") == [("France (FR)",)]
    assert (await cities.read_one(unlinked, ["country"]))["country"] is None


async def test_m2o_to_a_missing_item_names_the_field(guide: Database) -> None:
    cities = ItemsService(guide, "cities")
    with pytest.raises(InvalidValue) as error:
        await cities.create_one({"name": "Ghost", "country": 99})
    assert error.value.field == "country"
    assert error.value.message == "Country: there is no item '99' in 'countries'." or (
        error.value.message == "Country: there is no item 99 in 'countries'."
    )
    with pytest.raises(InvalidValue, match="no item 98 in 'countries'") as error:
        await cities.create_one({"name": "Ghost", "country": {"id": 98, "name": "Nowhere"}})
    assert error.value.field == "country"
    assert await rows(guide, "SELECT count(*) FROM cities WHERE name = 'Ghost'") == [(0,)]


async def test_m2o_object_with_a_chosen_key_creates_the_item_when_missing(
    guide: Database,
) -> None:
    """A related item whose key the user types (a language's code) is created with it, as
    Directus's upsert does; an auto-increment key that is gone stays an error (above)."""
    translations = ItemsService(guide, "articles_translations")
    key = await translations.create_one(
        {"articles_id": 1, "title": "Inleiding",
         "languages_code": {"code": "nl-NL", "name": "Dutch"}}
    )  # fmt: skip
    assert await rows(guide, "SELECT name FROM languages WHERE code = 'nl-NL'") == [("Dutch",)]
    stored = await translations.read_one(key, ["languages_code.name"])
    assert stored["languages_code"] == {"name": "Dutch"}
    # The same code again updates it.
    await translations.update_one(key, {"languages_code": {"code": "nl-NL", "name": "Nederlands"}})
    assert await rows(guide, "SELECT name FROM languages WHERE code = 'nl-NL'") == [("Nederlands",)]


async def test_o2o_create_nested(guide: Database) -> None:
    countries = ItemsService(guide, "countries")
    key = await countries.create_one({"name": "Peru", "capital_city": {"name": "Lima"}})
    peru = await countries.read_one(key, ["capital_city.name"])
    assert peru == {"capital_city": {"name": "Lima"}}


# O2M --------------------------------------------------------------------------------------------


async def test_o2m_array_is_the_whole_new_set(guide: Database) -> None:
    countries = ItemsService(guide, "countries")
    await countries.update_one(
        2, {"cities": [3, {"id": 4, "name": "Lyon!"}, {"name": "Marseille"}]}
    )
    france = await countries.read_one(2, ["cities.name"])
    assert sorted(c["name"] for c in france["cities"]) == ["Lyon!", "Marseille", "Paris"]
    # Nice was unlinked (nullify), not deleted
    assert await rows(guide, "SELECT country FROM cities WHERE name = 'Nice'") == [(None,)]


async def test_o2m_create_with_children(guide: Database) -> None:
    key = await ItemsService(guide, "countries").create_one(
        {"name": "Italy", "cities": [{"name": "Rome"}, {"name": "Milan"}, 7]}
    )
    italy = await ItemsService(guide, "countries").read_one(key, ["cities.name"])
    assert sorted(c["name"] for c in italy["cities"]) == ["Milan", "Nowhere_100%", "Rome"]


async def test_o2m_change_set_touches_only_what_it_names(guide: Database) -> None:
    countries = ItemsService(guide, "countries")
    await countries.update_one(
        2,
        {
            "cities": {
                "create": [{"name": "Lille"}],
                "update": [{"id": 4, "name": "Lyon 2"}, {"id": 7}],
                "delete": [5],
            }
        },
    )
    france = await countries.read_one(2, ["cities.name"])
    assert sorted(c["name"] for c in france["cities"]) == [
        "Lille", "Lyon 2", "Nowhere_100%", "Paris",
    ]  # fmt: skip
    assert await rows(guide, "SELECT country FROM cities WHERE id = 5") == [(None,)]


async def test_o2m_change_set_refuses_a_stranger(guide: Database) -> None:
    with pytest.raises(InvalidValue, match="item 1 is not linked to this item") as error:
        await ItemsService(guide, "countries").update_one(2, {"cities": {"delete": [1]}})
    assert error.value.field == "cities"


async def test_o2m_deselect_delete_removes_the_child(guide: Database) -> None:
    async with guide.transaction() as conn:
        table = guide.system.relations
        await conn.execute(
            update(table)
            .where(table.c.many_field == "country")
            .values(one_deselect_action="delete")
        )
    guide.invalidate_overview()
    await ItemsService(guide, "countries").update_one(2, {"cities": {"delete": [5]}})
    assert await rows(guide, "SELECT count(*) FROM cities WHERE id = 5") == [(0,)]


async def test_unlinking_a_required_fk_is_refused(guide: Database, run_sql) -> None:
    await run_sql(
        postgresql=("CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT,"
                    " city INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE)",),
        sqlite=("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT,"
                " city INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE)",),
    )  # fmt: skip
    async with guide.transaction() as conn:
        await conn.execute(
            insert(guide.system.fields).values(collection="cities", field="notes", special="o2m")
        )
        await conn.execute(
            insert(guide.system.relations).values(
                many_collection="notes",
                many_field="city",
                one_collection="cities",
                one_field="notes",
            )
        )
    guide.invalidate_overview()
    cities = ItemsService(guide, "cities")
    await cities.update_one(1, {"notes": [{"body": "Andes"}, {"body": "Wine"}]})
    with pytest.raises(InvalidValue, match="cannot unlink an item") as error:
        await cities.update_one(1, {"notes": [{"body": "Andes only"}]})
    assert error.value.field == "notes"
    assert await rows(guide, "SELECT body FROM notes ORDER BY id") == [("Andes",), ("Wine",)]


# M2M --------------------------------------------------------------------------------------------


async def test_m2m_nested_create_with_context_fields(guide: Database) -> None:
    recipes = ItemsService(guide, "recipes")
    key = await recipes.create_one(
        {
            "title": "Crepes",
            "ingredients": [
                {"ingredients_id": 1, "quantity": "3"},
                {"ingredients_id": {"name": "Butter"}, "quantity": "50 g"},
            ],
        }
    )
    crepes = await recipes.read_one(
        key, ["ingredients.quantity", "ingredients.ingredients_id.name"]
    )
    assert crepes["ingredients"] == [
        {"quantity": "3", "ingredients_id": {"name": "Egg"}},
        {"quantity": "50 g", "ingredients_id": {"name": "Butter"}},
    ]


async def test_m2m_change_set_uses_junction_keys(guide: Database) -> None:
    recipes = ItemsService(guide, "recipes")
    await recipes.update_one(
        1,
        {
            "ingredients": {
                "update": [
                    {"id": 2, "quantity": "250 g"},
                    {"id": 3, "ingredients_id": {"id": 3, "name": "Oat milk"}},
                ],
                "delete": [1],
                "create": [{"ingredients_id": 4, "quantity": "a pinch"}],
            }
        },
    )
    pancakes = await recipes.read_one(
        1, ["ingredients.quantity", "ingredients.ingredients_id.name"]
    )
    assert pancakes["ingredients"] == [
        {"quantity": "250 g", "ingredients_id": {"name": "Flour"}},
        {"quantity": "300 ml", "ingredients_id": {"name": "Oat milk"}},
        {"quantity": "a pinch", "ingredients_id": {"name": "Salt"}},
    ]
    # removing a link nullifies the junction row's FK; the egg itself stays
    assert await rows(guide, "SELECT recipes_id FROM recipes_ingredients WHERE id = 1") == [(None,)]
    assert await rows(guide, "SELECT name FROM ingredients WHERE id = 1") == [("Egg",)]


async def test_m2m_from_the_related_side(guide: Database) -> None:
    ingredients = ItemsService(guide, "ingredients")
    await ingredients.update_one(
        4, {"recipes": {"create": [{"recipes_id": {"title": "Soup"}, "quantity": "1 tsp"}]}}
    )
    salt = await ingredients.read_one(4, ["recipes.recipes_id.title", "recipes.quantity"])
    assert salt["recipes"] == [
        {"recipes_id": {"title": "Omelette"}, "quantity": "a pinch"},
        {"recipes_id": {"title": "Soup"}, "quantity": "1 tsp"},
    ]


async def test_self_referencing_m2m_keeps_its_order(guide: Database) -> None:
    articles = ItemsService(guide, "articles")
    key = await articles.create_one(
        {
            "slug": "news",
            "related_articles": [
                {"related_articles_id": 2},
                {"related_articles_id": {"slug": "brand-new"}},
            ],
        }
    )

    async def related(article: Any) -> list[tuple[str, int]]:
        item = await articles.read_one(
            article, ["related_articles.related_articles_id.slug", "related_articles.sort"]
        )
        return [(r["related_articles_id"]["slug"], r["sort"]) for r in item["related_articles"]]

    assert await related(key) == [("deep-dive", 1), ("brand-new", 2)]
    await articles.update_one(key, {"related_articles": {"create": [{"related_articles_id": 1}]}})
    assert await related(key) == [("deep-dive", 1), ("brand-new", 2), ("intro", 3)]
    junctions = [
        r["id"] for r in (await articles.read_one(key, ["related_articles.id"]))["related_articles"]
    ]
    await articles.update_one(key, {"related_articles": [junctions[2], junctions[0], junctions[1]]})
    assert await related(key) == [("intro", 1), ("deep-dive", 2), ("brand-new", 3)]


# M2A --------------------------------------------------------------------------------------------


async def test_m2a_nested_blocks_of_two_collections(guide: Database) -> None:
    pages = ItemsService(guide, "pages")
    key = await pages.create_one(
        {
            "title": "Contact",
            "sections": [
                {"collection": "headings", "item": {"title": "Write to us"}},
                {"collection": "text_bodies", "item": {"body": "We answer within a day."}},
                {"collection": "headings", "item": 1},
            ],
        }
    )
    fields = ["sections.sort", "sections.item:headings.title", "sections.item:text_bodies.body"]
    page = await pages.read_one(key, fields)
    assert page["sections"] == [
        {"sort": 1, "item": {"title": "Write to us"}},
        {"sort": 2, "item": {"body": "We answer within a day."}},
        {"sort": 3, "item": {"title": "Welcome"}},
    ]
    first = (await pages.read_one(key, ["sections.id"]))["sections"][0]["id"]
    # deselect action "delete": the junction row goes, the heading stays
    await pages.update_one(
        key, {"sections": {"delete": [first], "create": [{"collection": "text_bodies", "item": 2}]}}
    )
    page = await pages.read_one(key, fields)
    assert [s["sort"] for s in page["sections"]] == [2, 3, 4]
    assert await rows(guide, "SELECT count(*) FROM headings WHERE title = 'Write to us'") == [(1,)]
    assert await rows(guide, f"SELECT count(*) FROM pages_sections WHERE id = {first}") == [(0,)]


async def test_m2a_refuses_a_collection_it_does_not_allow(guide: Database) -> None:
    with pytest.raises(InvalidValue, match="must be one of headings, text_bodies") as error:
        await ItemsService(guide, "pages").create_one(
            {"title": "Bad", "sections": [{"collection": "cities", "item": {"name": "x"}}]}
        )
    assert (error.value.field, error.value.path) == ("sections", ("sections", 0, "collection"))
    assert await rows(guide, "SELECT count(*) FROM pages WHERE title = 'Bad'") == [(0,)]


# translations -----------------------------------------------------------------------------------


async def test_translations_are_keyed_by_language(guide: Database) -> None:
    articles = ItemsService(guide, "articles")
    key = await articles.create_one(
        {
            "slug": "hello",
            "translations": [
                {"languages_code": "en-US", "title": "Hello"},
                {"languages_code": "ar-SA", "title": "مرحبا"},
            ],
        }
    )
    await articles.update_one(
        key,
        {
            "translations": {
                "create": [
                    {"languages_code": "en-US", "title": "Hello!"},
                    {"languages_code": "de-DE", "title": "Hallo"},
                ]
            }
        },
    )
    sql = (
        "SELECT languages_code, title FROM articles_translations"
        f" WHERE articles_id = {key} ORDER BY languages_code"
    )
    assert await rows(guide, sql) == [("ar-SA", "مرحبا"), ("de-DE", "Hallo"), ("en-US", "Hello!")]
    await articles.update_one(
        key, {"translations": [{"languages_code": "de-DE", "title": "Hallo!"}]}
    )
    assert await rows(guide, sql) == [("de-DE", "Hallo!")]


# deletes and special fields ---------------------------------------------------------------


async def test_delete_refused_while_a_restrict_key_points_at_the_item(
    guide: Database, run_sql
) -> None:
    await run_sql(
        postgresql=("CREATE TABLE visits (id SERIAL PRIMARY KEY,"
                    " city INTEGER REFERENCES cities(id) ON DELETE RESTRICT)",),
        sqlite=("CREATE TABLE visits (id INTEGER PRIMARY KEY,"
                " city INTEGER REFERENCES cities(id) ON DELETE RESTRICT)",),
    )  # fmt: skip
    await ItemsService(guide, "visits").create_many([{"city": 1}, {"city": 1}])
    cities = ItemsService(guide, "cities")
    with pytest.raises(InvalidValue) as error:
        await cities.delete_one(1)
    assert error.value.message == (
        "Cannot delete: 2 items in 'Visits' still point at it through 'City'. "
        "Remove or change those first."
    )
    await cities.delete_many([5, 6])
    assert (await cities.count()).value == 5
    with pytest.raises(ItemNotFound):
        await cities.delete_one(5)


async def test_special_fields_are_filled(db: Database, run_sql) -> None:
    stamp = "TIMESTAMPTZ" if db.dialect == "postgresql" else "TIMESTAMP"
    await run_sql(
        f"CREATE TABLE tasks (id UUID PRIMARY KEY, title VARCHAR(50) NOT NULL, sort INTEGER,"
        f" date_created {stamp}, date_updated {stamp})"
    )
    async with db.transaction() as conn:
        await conn.execute(
            insert(db.system.collections).values(collection="tasks", sort_field="sort")
        )
        for field, special in (
            ("id", "uuid"),
            ("date_created", "date-created"),
            ("date_updated", "date-updated"),
        ):
            await conn.execute(
                insert(db.system.fields).values(collection="tasks", field=field, special=special)
            )
    db.invalidate_overview()
    tasks = ItemsService(db, "tasks")
    first = await tasks.create_one({"title": "one"})
    second, third = await tasks.create_many([{"title": "two"}, {"title": "three"}])
    listed = await tasks.read_many(fields=["title", "sort", "date_created", "date_updated"])
    assert [(t["title"], t["sort"]) for t in listed] == [("one", 1), ("two", 2), ("three", 3)]
    assert all(t["date_created"] is not None and t["date_updated"] is None for t in listed)
    await tasks.update_one(first, {"title": "first"})
    updated = await tasks.read_one(first, ["date_created", "date_updated"])
    assert updated["date_updated"] >= updated["date_created"]
    assert len({str(first), str(second), str(third)}) == 3


async def test_batch_edit_of_a_field(guide: Database) -> None:
    cities = ItemsService(guide, "cities")
    await cities.update_many([3, 4, 5], {"country": 1})
    assert (await cities.count({"country": {"_eq": 1}})).value == 5
    await cities.update_batch([{"id": 1, "name": "Santiago de Chile"}, {"id": 2, "country": 3}])
    assert await rows(guide, "SELECT name, country FROM cities WHERE id IN (1, 2) ORDER BY id") == [
        ("Santiago de Chile", 1),
        ("Valparaíso", 3),
    ]
