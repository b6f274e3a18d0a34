"""Every filter operator, logical groups, relational filters and search, on both databases."""

from __future__ import annotations

from typing import Any

import pytest

from studio.engine import Database
from studio.engine.errors import InvalidQuery
from studio.engine.items import ItemsService

ALL = ["Santiago", "Valparaíso", "Paris", "Lyon", "Nice", "Tokyo", "Nowhere_100%"]

CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({"name": {"_eq": "Paris"}}, ["Paris"]),
    ({"name": {"_neq": "Paris"}}, [n for n in ALL if n != "Paris"]),
    ({"country": {"_neq": 2}}, ["Santiago", "Valparaíso", "Tokyo", "Nowhere_100%"]),
    ({"id": {"_lt": 3}}, ["Santiago", "Valparaíso"]),
    ({"id": {"_lte": "3"}}, ["Santiago", "Valparaíso", "Paris"]),
    ({"id": {"_gt": 5}}, ["Tokyo", "Nowhere_100%"]),
    ({"id": {"_gte": 6}}, ["Tokyo", "Nowhere_100%"]),
    ({"id": {"_in": [1, 6]}}, ["Santiago", "Tokyo"]),
    ({"id": {"_in": "1,6"}}, ["Santiago", "Tokyo"]),
    ({"country": {"_nin": [1, 2]}}, ["Tokyo", "Nowhere_100%"]),
    ({"country": {"_null": True}}, ["Nowhere_100%"]),
    ({"country": {"_nnull": True}}, ALL[:-1]),
    ({"name": {"_contains": "ar"}}, ["Paris", "Valparaíso"]),
    ({"name": {"_contains": "AR"}}, []),
    ({"name": {"_icontains": "AR"}}, ["Paris", "Valparaíso"]),
    ({"name": {"_ncontains": "a"}}, ["Lyon", "Nice", "Tokyo", "Nowhere_100%"]),
    ({"name": {"_contains": "_100%"}}, ["Nowhere_100%"]),
    ({"name": {"_contains": "%"}}, ["Nowhere_100%"]),
    ({"name": {"_starts_with": "P"}}, ["Paris"]),
    ({"name": {"_starts_with": "p"}}, []),
    ({"name": {"_istarts_with": "p"}}, ["Paris"]),
    ({"name": {"_ends_with": "o"}}, ["Santiago", "Valparaíso", "Tokyo"]),
    ({"name": {"_iends_with": "O"}}, ["Santiago", "Valparaíso", "Tokyo"]),
    ({"id": {"_between": [2, 4]}}, ["Valparaíso", "Paris", "Lyon"]),
    ({"id": {"_nbetween": [2, 6]}}, ["Santiago", "Nowhere_100%"]),
    ({"country": {"_empty": True}}, ["Nowhere_100%"]),
    ({"name": {"_nempty": True}}, ALL),
    ({"_or": [{"id": {"_eq": 1}}, {"name": {"_eq": "Nice"}}]}, ["Santiago", "Nice"]),
    ({"_and": [{"id": {"_gt": 2}}, {"country": {"_eq": 2}}]}, ["Paris", "Lyon", "Nice"]),
    (
        {"_or": [{"_and": [{"id": {"_gt": 4}}, {"id": {"_lt": 6}}]}, {"id": {"_eq": 1}}]},
        ["Santiago", "Nice"],
    ),
    ({"country": {"name": {"_eq": "Chile"}}}, ["Santiago", "Valparaíso"]),
    ({"country": {"capital_city": {"name": {"_eq": "Tokyo"}}}}, ["Tokyo"]),
    ({}, ALL),
]


@pytest.mark.parametrize(("rule", "expected"), CASES, ids=[str(c[0]) for c in CASES])
async def test_operator(guide: Database, rule: dict[str, Any], expected: list[str]) -> None:
    cities = await ItemsService(guide, "cities").read_many(
        {"fields": ["name"], "filter": rule, "limit": -1}
    )
    assert sorted(c["name"] for c in cities) == sorted(expected)


async def test_empty_on_text_counts_empty_strings(guide: Database, run_sql) -> None:
    await run_sql("INSERT INTO headings (id, title) VALUES (9, ''), (10, NULL)")
    empty = await ItemsService(guide, "headings").read_many(
        {"fields": ["id"], "filter": {"title": {"_empty": True}}}
    )
    assert sorted(h["id"] for h in empty) == [9, 10]


async def test_some_and_none_over_to_many(guide: Database) -> None:
    service = ItemsService(guide, "countries")
    some = await service.read_many(
        {"fields": ["name"], "filter": {"cities": {"_some": {"name": {"_eq": "Nice"}}}}}
    )
    assert [c["name"] for c in some] == ["France"]
    bare = await service.read_many(
        {"fields": ["name"], "filter": {"cities": {"name": {"_eq": "Nice"}}}}
    )
    assert bare == some
    none = await service.read_many(
        {"fields": ["name"], "filter": {"cities": {"_none": {"name": {"_icontains": "o"}}}}}
    )
    assert [c["name"] for c in none] == ["Atlantis"]


async def test_m2m_filter_through_the_junction(guide: Database) -> None:
    recipes = await ItemsService(guide, "recipes").read_many(
        {
            "fields": ["title"],
            "filter": {"ingredients": {"_some": {"ingredients_id": {"name": {"_eq": "Salt"}}}}},
        }
    )
    assert recipes == [{"title": "Omelette"}]
    with_quantity = await ItemsService(guide, "recipes").read_many(
        {"fields": ["title"], "filter": {"ingredients": {"_some": {"quantity": {"_eq": "200 g"}}}}}
    )
    assert with_quantity == [{"title": "Pancakes"}]


async def test_m2a_filter_names_the_collection(guide: Database) -> None:
    pages = await ItemsService(guide, "pages").read_many(
        {
            "fields": ["title"],
            "filter": {"sections": {"_some": {"item:headings": {"title": {"_eq": "Contact"}}}}},
        }
    )
    assert pages == [{"title": "About"}]
    with pytest.raises(InvalidQuery, match="name one"):
        await ItemsService(guide, "pages").read_many(
            {"filter": {"sections": {"_some": {"item": {"title": {"_eq": "x"}}}}}}
        )


async def test_search_matches_text_in_any_case_and_numbers_exactly(guide: Database) -> None:
    service = ItemsService(guide, "cities")
    found = await service.read_many({"fields": ["name"], "search": "PAR"})
    assert sorted(c["name"] for c in found) == ["Paris", "Valparaíso"]
    by_number = await service.read_many({"fields": ["name"], "search": "6"})
    assert [c["name"] for c in by_number] == ["Tokyo"]
    quoted = await service.read_many({"fields": ["name"], "search": "'; DROP TABLE cities; --"})
    assert quoted == []
    assert (await service.count(search="par")).value == 2


async def test_filter_errors_name_the_field(guide: Database) -> None:
    service = ItemsService(guide, "cities")
    with pytest.raises(InvalidQuery, match="no such field") as error:
        await service.read_many({"filter": {"population": {"_gt": 1}}})
    assert error.value.field == "population"
    with pytest.raises(InvalidQuery, match="Unknown filter operator '_like'"):
        await service.read_many({"filter": {"name": {"_like": "x"}}})
    with pytest.raises(InvalidQuery, match="ID must be a whole number") as error:
        await service.read_many({"filter": {"id": {"_gt": "many"}}})
    assert error.value.field == "id"
    with pytest.raises(InvalidQuery, match="_some or _none"):
        await ItemsService(guide, "countries").read_many({"filter": {"cities": {"_eq": 1}}})
    with pytest.raises(InvalidQuery, match="two values"):
        await service.read_many({"filter": {"id": {"_between": [1]}}})


async def test_follow_the_item_of_a_many_to_any(guide: Database) -> None:
    """`$FOLLOW(junction, item, collection)`: the blocks a page uses, scoped by collection,
    so heading 1 and text body 1 (both item "1") are told apart."""
    follow = "$FOLLOW(pages_sections, item, collection)"
    headings = ItemsService(guide, "headings")
    on_home = await headings.read_many(
        fields=["title"], filter={follow: {"_some": {"pages_id": {"_eq": 1}}}}, limit=-1
    )
    assert [h["title"] for h in on_home] == ["Welcome"]
    free = await headings.read_many(
        fields=["title"], filter={follow: {"_none": {"pages_id": {"_eq": 2}}}}, limit=-1
    )
    assert [h["title"] for h in free] == ["Welcome"]
    bodies = ItemsService(guide, "text_bodies")
    assert (await bodies.count({follow: {"_some": {"pages_id": {"_eq": 2}}}})).value == 1
    for bad in ("$FOLLOW(pages_sections, item)", "$FOLLOW(pages_sections, item, sort)"):
        with pytest.raises(InvalidQuery, match="names no relation"):
            await headings.read_many(filter={bad: {"_some": {}}})
    with pytest.raises(InvalidQuery, match="names no relation"):
        await ItemsService(guide, "pages").read_many(filter={follow: {"_some": {}}})
