"""Reads of every path kind, on SQLite and PostgreSQL, over the relationship guide's model."""

from __future__ import annotations

import pytest

from studio.engine import Database
from studio.engine.errors import InvalidQuery, ItemNotFound
from studio.engine.items import ItemsService


async def test_star_reads_columns_and_relations_as_keys(guide: Database) -> None:
    country = await ItemsService(guide, "countries").read_one(2)
    assert country == {"id": 2, "name": "France", "capital_city": 3, "cities": [3, 4, 5]}


async def test_m2o_path_nests_the_related_item(guide: Database) -> None:
    cities = await ItemsService(guide, "cities").read_many(
        {"fields": ["name", "country.name"], "sort": ["id"]}
    )
    assert cities[0] == {"name": "Santiago", "country": {"name": "Chile"}}
    assert cities[-1] == {"name": "Nowhere_100%", "country": None}


async def test_o2o_and_o2m_paths(guide: Database) -> None:
    country = await ItemsService(guide, "countries").read_one(
        1, ["name", "capital_city.name", "cities.name"]
    )
    assert country == {
        "name": "Chile",
        "capital_city": {"name": "Santiago"},
        "cities": [{"name": "Santiago"}, {"name": "Valparaíso"}],
    }
    empty = await ItemsService(guide, "countries").read_one(4, ["cities.name"])
    assert empty == {"cities": []}


async def test_m2m_paths_through_the_junction(guide: Database) -> None:
    recipe = await ItemsService(guide, "recipes").read_one(
        2, ["title", "ingredients.quantity", "ingredients.ingredients_id.name"]
    )
    assert recipe == {
        "title": "Omelette",
        "ingredients": [
            {"quantity": "3", "ingredients_id": {"name": "Egg"}},
            {"quantity": "a pinch", "ingredients_id": {"name": "Salt"}},
        ],
    }
    egg = await ItemsService(guide, "ingredients").read_one(1, ["recipes.recipes_id.title"])
    assert egg == {
        "recipes": [{"recipes_id": {"title": "Pancakes"}}, {"recipes_id": {"title": "Omelette"}}]
    }


async def test_self_referencing_m2m_is_ordered_by_its_sort_field(guide: Database) -> None:
    article = await ItemsService(guide, "articles").read_one(
        1, ["slug", "related_articles.related_articles_id.slug"]
    )
    assert [r["related_articles_id"]["slug"] for r in article["related_articles"]] == [
        "faq",
        "deep-dive",
    ]


async def test_m2a_union_paths(guide: Database) -> None:
    pages = await ItemsService(guide, "pages").read_many(
        {
            "fields": [
                "title",
                "sections.collection",
                "sections.item:headings.title",
                "sections.item:text_bodies.body",
            ],
            "sort": ["id"],
        }
    )
    assert pages == [
        {
            "title": "Home",
            "sections": [
                {"collection": "headings", "item": {"title": "Welcome"}},
                {"collection": "text_bodies", "item": {"body": "Hello world"}},
            ],
        },
        {
            "title": "About",
            "sections": [  # ordered by the junction's sort field, not by id
                {"collection": "text_bodies", "item": {"body": "Write to us"}},
                {"collection": "headings", "item": {"title": "Contact"}},
            ],
        },
    ]


async def test_an_m2a_scope_left_out_keeps_the_raw_key(guide: Database) -> None:
    page = await ItemsService(guide, "pages").read_one(
        1, ["sections.collection", "sections.item:headings.title"]
    )
    assert page["sections"][1] == {"collection": "text_bodies", "item": "1"}


async def test_star_star_expands_one_level_of_every_relation(guide: Database) -> None:
    article = await ItemsService(guide, "articles").read_one(2, ["*.*"])
    assert article["slug"] == "deep-dive"
    assert article["translations"] == [
        {"id": 3, "articles_id": 2, "languages_code": "en-US", "title": "Deep dive", "body": None}
    ]
    assert article["related_articles"] == [
        {"id": 3, "articles_id": 2, "related_articles_id": 1, "sort": 1}
    ]
    city = await ItemsService(guide, "cities").read_one(3, ["*.*"])
    assert city["country"] == {"id": 2, "name": "France", "capital_city": 3, "cities": [3, 4, 5]}


async def test_translations_with_their_language(guide: Database) -> None:
    article = await ItemsService(guide, "articles").read_one(
        1, ["translations.title", "translations.languages_code.name"]
    )
    assert article["translations"] == [
        {"title": "Introduction", "languages_code": {"name": "English"}},
        {"title": "Einführung", "languages_code": {"name": "Deutsch"}},
    ]


async def test_nested_lists_are_limited_and_sorted_per_parent(guide: Database) -> None:
    countries = await ItemsService(guide, "countries").read_many(
        {
            "fields": ["name", "cities.name"],
            "deep": {"cities": {"_limit": 2, "_sort": ["-name"]}},
            "sort": ["id"],
            "limit": 3,
        }
    )
    assert [[c["name"] for c in country["cities"]] for country in countries] == [
        ["Valparaíso", "Santiago"],
        ["Paris", "Nice"],
        ["Tokyo"],
    ]
    offset = await ItemsService(guide, "countries").read_one(
        2, ["cities.name"], deep={"cities": {"_limit": 1, "_offset": 1, "_sort": ["name"]}}
    )
    assert offset == {"cities": [{"name": "Nice"}]}
    filtered = await ItemsService(guide, "countries").read_one(
        2, ["cities.name"], deep={"cities": {"_filter": {"name": {"_starts_with": "L"}}}}
    )
    assert filtered == {"cities": [{"name": "Lyon"}]}


async def test_deep_options_reach_nested_levels(guide: Database) -> None:
    recipe = await ItemsService(guide, "recipes").read_one(
        1,
        ["ingredients.ingredients_id.name"],
        deep={"ingredients": {"_sort": ["-ingredients_id.name"], "_limit": 2}},
    )
    assert [i["ingredients_id"]["name"] for i in recipe["ingredients"]] == ["Milk", "Flour"]


async def test_read_by_keys_keeps_the_callers_order(guide: Database) -> None:
    cities = await ItemsService(guide, "cities").read_by_keys([5, 1, 99, 3], ["name"])
    assert [c["name"] for c in cities] == ["Nice", "Santiago", "Paris"]


async def test_missing_item_and_unknown_names_are_clear_errors(guide: Database) -> None:
    with pytest.raises(ItemNotFound, match="no item 99 in 'cities'"):
        await ItemsService(guide, "cities").read_one(99)
    with pytest.raises(InvalidQuery, match="'cities' has no field 'population'") as error:
        await ItemsService(guide, "cities").read_many({"fields": ["population"]})
    assert error.value.field == "population"
    with pytest.raises(InvalidQuery, match="'name' is not a relation"):
        await ItemsService(guide, "cities").read_many({"fields": ["name.length"]})
    with pytest.raises(InvalidQuery, match="cannot point at 'cities'"):
        await ItemsService(guide, "pages").read_many({"fields": ["sections.item:cities.name"]})
    with pytest.raises(InvalidQuery, match="no field 'x; DROP TABLE cities'"):
        await ItemsService(guide, "cities").read_many({"fields": ["x; DROP TABLE cities"]})
    with pytest.raises(InvalidQuery, match="Unknown query option 'select'"):
        await ItemsService(guide, "cities").read_many({"select": ["name"]})
