"""The demo database builds through the services on SQLite and PostgreSQL, and reads back
through the items service with every relation kind of the guide."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from studio.engine import Database, RelationKind
from studio.engine.demo import build_demo, open_demo
from studio.engine.demo_data import MARKUP_LIKE
from studio.engine.errors import InvalidValue
from studio.engine.items import ItemsService
from studio.engine.schema import thaw

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
        if not info.is_folder:
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


async def test_folders_group_the_collections_in_order(demo: Database) -> None:
    overview = await demo.overview()
    folders = [c for c in overview.collections.values() if c.is_folder]
    assert [(f.collection, f.name, f.sort) for f in folders] == [
        ("content", "Content", 1), ("places", "Places", 2), ("kitchen", "Kitchen", 3),
        ("blocks", "Blocks", 4),
    ]  # fmt: skip
    assert all(f.note and f.group is None and f.fields == {} for f in folders)

    def members(folder: str) -> list[str]:
        inside = [c for c in overview.collections.values() if c.group == folder]
        return [c.collection for c in sorted(inside, key=lambda c: c.sort or 0)]

    assert members("content") == ["articles", "pages"]
    assert members("places") == ["countries", "cities", "languages"]
    assert members("kitchen") == ["recipes", "ingredients"]
    assert members("blocks") == ["headings", "text_bodies", "images", "galleries"]
    settings = overview.collection("settings")
    assert settings.group is None and settings.sort == 5
    for info in overview.collections.values():
        assert info.note and info.note.endswith("."), f"{info.collection} has no note"
        if info.is_junction:
            assert info.group is None and info.sort is None


async def test_settings_is_a_singleton_with_one_row(demo: Database) -> None:
    settings = (await demo.overview()).collection("settings")
    assert settings.singleton and settings.display_template == "{{site_name}}"
    shape = {
        key: (f.type, f.interface, f.width) for key, f in settings.fields.items() if key != "id"
    }
    assert shape == {
        "site_name": ("string", "input", "full"),
        "tagline": ("string", "input", "half"),
        "maintenance_mode": ("boolean", "boolean", "half"),
        "opening_time": ("time", "datetime", "half"),
        "next_maintenance": ("dateTime", "datetime", "half"),
        "contact_email": ("string", "input", "full"),
    }
    site_name = settings.field("site_name")
    assert site_name.required and not site_name.nullable and site_name.default_value == "Studio"
    assert settings.field("maintenance_mode").default_value is False
    email = settings.field("contact_email")
    assert thaw(email.validation) == {"contact_email": {"_regex": r"^[^@\s]+@[^@\s]+$"}}
    assert email.validation_message == "An e-mail address like name@example.org."

    items = ItemsService(demo, "settings")
    [row] = await items.read_many(fields=["*"], limit=-1)
    assert row == {
        "id": row["id"], "site_name": "Studio demo", "tagline": "Relational data in a terminal",
        "maintenance_mode": False, "opening_time": time(8, 30),
        "next_maintenance": datetime(2025, 2, 15, 22, 0), "contact_email": "hello@example.org",
    }  # fmt: skip
    with pytest.raises(InvalidValue, match="An e-mail address like") as caught:
        await items.update_one(row["id"], {"contact_email": "not an address"})
    assert caught.value.field == "contact_email"


async def test_article_fields_show_every_standard_interface(demo: Database) -> None:
    articles = (await demo.overview()).collection("articles")
    assert list(articles.fields) == [
        "id", "status", "slug", "details", "featured", "publish_date", "reading_minutes",
        "rating", "tags", "metadata", "external_id", "translations", "related_articles",
        "date_created",
    ]  # fmt: skip
    assert (articles.archive_field, articles.archive_value, articles.unarchive_value) == (
        "status", "archived", "draft"
    )  # fmt: skip
    status = articles.field("status")
    assert status.interface == "select-dropdown"
    assert {(c["text"], c["value"]) for c in thaw(status.options)["choices"]} == {
        ("Draft", "draft"), ("Published", "published"), ("Archived", "archived")
    }  # fmt: skip
    slug = articles.field("slug")
    assert slug.required and slug.note == "Used in the article's address"
    assert thaw(slug.validation) == {"slug": {"_regex": "^[a-z0-9-]+$"}}
    assert slug.validation_message == "Lowercase letters, digits and hyphens only."
    details = articles.field("details")
    assert details.is_alias and details.name == "Details" and details.interface == "group-detail"
    assert set(details.special) == {"alias", "no-data", "group"}
    shape = {
        key: (f.type, f.interface, f.width, f.group)
        for key, f in articles.fields.items()
        if key in ("featured", "publish_date", "reading_minutes", "rating", "tags", "metadata",
                   "external_id")
    }  # fmt: skip
    assert shape == {
        "featured": ("boolean", "boolean", "half", "details"),
        "publish_date": ("date", "datetime", "half", "details"),
        "reading_minutes": ("integer", "input", "half", "details"),
        "rating": ("decimal", "input", "half", "details"),
        "tags": ("json", "tags", "full", None),
        "metadata": ("json", "input-code", "full", None),
        "external_id": ("uuid", "input", "half", None),
    }
    assert articles.field("featured").default_value is False
    assert thaw(articles.field("publish_date").conditions) == [
        {"name": "Only when published", "rule": {"status": {"_neq": "published"}}, "hidden": True}
    ]
    minutes = articles.field("reading_minutes")
    assert thaw(minutes.validation) == {"reading_minutes": {"_gte": 1}}
    assert minutes.validation_message == "At least one minute."
    rating = articles.field("rating")
    assert (rating.numeric_precision, rating.numeric_scale) == (3, 1)
    assert articles.field("tags").special == ("cast-json",)
    assert thaw(articles.field("metadata").options) == {"language": "json"}
    assert articles.field("external_id").note == "The id of this article in the old CMS"


async def test_article_values_and_the_archived_article(demo: Database) -> None:
    items = ItemsService(demo, "articles")
    fields = ["slug", "status", "featured", "publish_date", "reading_minutes", "rating", "tags",
              "metadata", "external_id"]  # fmt: skip
    rows = {r["slug"]: r for r in await items.read_many(fields=fields, sort=["id"], limit=-1)}
    assert {slug: r["status"] for slug, r in rows.items()} == {
        "welcome": "published", "relations": "published", "translations": "published",
        "keyboard": "draft", "big-tables": "published", "schema-changes": "archived",
    }  # fmt: skip
    welcome = rows["welcome"]
    assert welcome["featured"] is True and welcome["publish_date"] == date(2025, 1, 7)
    assert welcome["reading_minutes"] == 3 and welcome["rating"] == Decimal("4.5")
    assert welcome["external_id"] == uuid.UUID("566bf9d7-c55a-45f8-91a6-e55e9b9b1325")
    assert rows["relations"]["tags"] == ["terminal", "relations"]
    assert rows["big-tables"]["metadata"]["benchmark"] == {
        "rows": 1_000_000, "databases": ["SQLite", "PostgreSQL"]
    }  # fmt: skip
    assert rows["keyboard"]["publish_date"] is None
    assert rows["schema-changes"]["publish_date"] == date(2025, 2, 11)
    for row in rows.values():
        assert row["reading_minutes"] >= 1 and isinstance(row["tags"], list)
        assert isinstance(row["metadata"], dict) and isinstance(row["external_id"], uuid.UUID)
    assert len({r["external_id"] for r in rows.values()}) == 6
    not_archived = {"status": {"_neq": "archived"}}
    assert (await items.count(not_archived)).value == 5


async def test_validation_rules_refuse_bad_articles(demo: Database) -> None:
    items = ItemsService(demo, "articles")
    with pytest.raises(InvalidValue, match="Lowercase letters, digits and hyphens only"):
        await items.create_one({"slug": "Not A Slug"})
    [key] = await items.read_many(fields=["id"], filter={"slug": {"_eq": "welcome"}})
    with pytest.raises(InvalidValue, match="At least one minute") as caught:
        await items.update_one(key["id"], {"reading_minutes": 0})
    assert caught.value.field == "reading_minutes"


async def test_one_value_looks_like_markup_and_every_other_text_is_plain(demo: Database) -> None:
    overview = await demo.overview()
    found: list[tuple[str, str, str]] = []

    def texts(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [t for v in value.values() for t in texts(v)]
        if isinstance(value, list):
            return [t for v in value for t in texts(v)]
        return []

    for info in overview.collections.values():
        for text in (info.note, info.display_template):
            assert text is None or not {"[", "]"} & set(text), info.collection
        for field in info.fields.values():
            for text in (field.note, field.validation_message):
                assert text is None or not {"[", "]"} & set(text), field.field
        if info.is_folder:
            continue
        columns = [f.field for f in info.fields.values() if not f.is_alias]
        for row in await ItemsService(demo, info.collection).read_many(fields=columns, limit=-1):
            for key, value in row.items():
                found += [(info.collection, key, t) for t in texts(value) if {"[", "]"} & set(t)]
    assert found == [("text_bodies", "body", MARKUP_LIKE)]
    assert MARKUP_LIKE == "Notes [/x] and [bold]not bold[/bold]"
    [pricing] = await ItemsService(demo, "pages").read_many(
        {"fields": ["sections.item:text_bodies.body"], "filter": {"slug": {"_eq": "pricing"}}}
    )
    assert {"body": MARKUP_LIKE} in [s["item"] for s in pricing["sections"]]


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
    settings_a = await ItemsService(first, "settings").read_many(limit=-1)
    settings_b = await ItemsService(second, "settings").read_many(limit=-1)
    overview_a, overview_b = await first.overview(), await second.overview()
    await first.close()
    await second.close()
    assert articles_a == articles_b  # dates included: the demo has no "now" in it
    assert settings_a == settings_b and len(settings_a) == 1
    assert overview_a.collections == overview_b.collections
