"""The demo database builds through the services on SQLite and PostgreSQL, and reads back
through the items service with every relation kind of the guide."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.engine import Database, RelationKind
from studio.engine.demo import build_demo, open_demo
from studio.engine.items import ItemsService

KINDS = {
    ("cities", "country"): RelationKind.M2O,
    ("countries", "cities"): RelationKind.O2M,
    ("countries", "capital_city"): RelationKind.O2O,
    ("recipes", "ingredients"): RelationKind.M2M,
    ("ingredients", "recipes"): RelationKind.M2M,
    ("articles", "related_articles"): RelationKind.M2M,
    ("articles", "translations"): RelationKind.TRANSLATIONS,
    ("pages", "sections"): RelationKind.M2A,
}


@pytest.fixture
async def demo(db: Database) -> Database:
    await build_demo(db)
    return db


async def test_the_model_has_every_relation_kind_and_templates(demo: Database) -> None:
    overview = await demo.overview()
    for (collection, field), kind in KINDS.items():
        assert overview.relation_info(collection, field).kind is kind, (collection, field)
    for info in overview.collections.values():
        assert info.display_template, f"{info.collection} has no display template"
    assert overview.relation_info("pages", "sections").sort_field == "sort"
    assert overview.relation_info("recipes", "ingredients").junction_collection == (
        "recipes_ingredients"
    )


async def test_countries_and_cities(demo: Database) -> None:
    countries, cities = ItemsService(demo, "countries"), ItemsService(demo, "cities")
    assert (await countries.count()).value == 195
    assert 3000 <= (await cities.count()).value <= 4000
    [france] = await countries.read_many(
        {"fields": ["name", "code", "capital_city.name", "cities.name"],
         "filter": {"code": {"_eq": "FR"}}, "deep": {"cities": {"_limit": -1}}}
    )  # fmt: skip
    assert france["capital_city"]["name"] == "Paris"
    assert "Paris" in [c["name"] for c in france["cities"]] and len(france["cities"]) > 10
    [paris] = await cities.read_many(
        {"fields": ["name", "country.name"], "filter": {"name": {"_eq": "Paris"}}}
    )
    assert paris["country"]["name"] == "France"


async def test_recipes_with_quantities(demo: Database) -> None:
    [pasta] = await ItemsService(demo, "recipes").read_many(
        {"fields": ["title", "ingredients.quantity", "ingredients.ingredients_id.name"],
         "filter": {"title": {"_eq": "Spaghetti al pomodoro"}}}
    )  # fmt: skip
    parts = {i["ingredients_id"]["name"]: i["quantity"] for i in pasta["ingredients"]}
    assert parts["spaghetti"] == "400 g" and parts["garlic"] == "3 cloves"
    [garlic] = await ItemsService(demo, "ingredients").read_many(
        {"fields": ["name", "recipes.recipes_id.title"], "filter": {"name": {"_eq": "garlic"}}}
    )
    assert len(garlic["recipes"]) >= 4


async def test_articles_translations_and_related(demo: Database) -> None:
    [welcome] = await ItemsService(demo, "articles").read_many(
        {"fields": ["slug", "status", "translations.title",
                    "translations.languages_code.code", "translations.languages_code.direction",
                    "related_articles.related_articles_id.slug"],
         "filter": {"slug": {"_eq": "welcome"}}}
    )  # fmt: skip
    languages = {t["languages_code"]["code"]: t for t in welcome["translations"]}
    assert set(languages) >= {"en-US", "de-DE", "ar-SA"}
    assert languages["ar-SA"]["languages_code"]["direction"] == "rtl"
    assert languages["de-DE"]["title"] == "Willkommen bei Studio"
    related = [r["related_articles_id"]["slug"] for r in welcome["related_articles"]]
    assert related == ["relations", "keyboard"]
    assert welcome["status"] == "published"


async def test_pages_with_sorted_sections(demo: Database) -> None:
    [home] = await ItemsService(demo, "pages").read_many(
        {"fields": ["title", "sections.sort", "sections.collection",
                    "sections.item:headings.title", "sections.item:text_bodies.body",
                    "sections.item:images.alt"],
         "filter": {"slug": {"_eq": "home"}}}
    )  # fmt: skip
    sections = sorted(home["sections"], key=lambda s: s["sort"])
    assert [s["collection"] for s in sections] == ["headings", "text_bodies", "images",
                                                   "text_bodies"]  # fmt: skip
    assert sections[0]["item"]["title"] == "A terminal data studio"
    assert sections[2]["item"]["alt"] == "The collections browser"


async def test_open_demo_builds_once_and_is_deterministic(tmp_path: Path) -> None:
    first_path, second_path = tmp_path / "a" / "demo.db", tmp_path / "b" / "demo.db"
    first_path.parent.mkdir()
    second_path.parent.mkdir()
    first = await open_demo(first_path)
    stamp = first_path.stat().st_mtime_ns
    await first.close()
    again = await open_demo(first_path)  # reused, not rebuilt
    rows_a = await ItemsService(again, "cities").read_many({"sort": ["id"], "limit": -1})
    await again.close()
    assert first_path.stat().st_mtime_ns == stamp
    assert not (tmp_path / "a" / "demo.db.partial").exists()
    second = await open_demo(second_path)
    rows_b = await ItemsService(second, "cities").read_many({"sort": ["id"], "limit": -1})
    await second.close()
    assert rows_a == rows_b and len(rows_a) > 3000
    first = await open_demo(first_path)
    second = await open_demo(second_path)
    fields = ["*", "translations.*", "related_articles.*"]
    articles_a = await ItemsService(first, "articles").read_many(fields=fields, limit=-1)
    articles_b = await ItemsService(second, "articles").read_many(fields=fields, limit=-1)
    await first.close()
    await second.close()
    assert articles_a == articles_b  # dates included: the demo has no "now" in it
