"""The demo database: the Directus relationship guide's model, built through the services.

Schema through `CollectionsService`/`FieldsService` and rows through `ItemsService` — never raw
SQL — so building it exercises the same paths a person's edits take. The content comes from
`demo_data` (seeded), so two builds are identical. `open_demo` builds it once into a file and
reuses it afterwards; a build is written to a temporary file and renamed only when complete,
so an interrupted build never leaves a half demo behind.

    python -m studio.engine.demo PATH [--large]     build a demo file (the large one for benchmarks)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from studio.engine import demo_data as data
from studio.engine.collections import CollectionsService
from studio.engine.database import Database
from studio.engine.fields import FieldsService
from studio.engine.items import ItemsService

PUBLISHED = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
# a dateTime holds UTC wall-clock time with no zone: 2025-02-15 22:00
NEXT_MAINTENANCE = (PUBLISHED + timedelta(days=40, hours=13)).replace(tzinfo=None)

TOWNS_PER_COUNTRY = 15  # ≈3,000 cities with the capitals
LARGE_CITIES = 1_000_000
SEED = 20240611
BATCH = 5_000
REQUIRED: Final = {"nullable": False, "default": ""}
MUST_FILL: Final = {"required": True}  # the form asks for it; NOT NULL alone takes ""


def _placement() -> dict[str, dict[str, Any]]:
    """Each collection's folder and place in the navigation; `settings` comes after the folders."""
    placed: dict[str, dict[str, Any]] = {"settings": {"sort": len(data.FOLDERS) + 1}}
    for folder, _, members in data.FOLDERS:
        for sort, collection in enumerate(members, start=1):
            placed[collection] = {"group": folder, "sort": sort}
    return placed


PLACEMENT: Final = _placement()


def _meta(collection: str, **meta: Any) -> dict[str, Any]:
    return {**meta, "note": data.NOTES[collection], **PLACEMENT.get(collection, {})}


async def build_schema(db: Database) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    for sort, (folder, note, _) in enumerate(data.FOLDERS, start=1):
        await collections.create_folder(folder, meta={"note": note, "icon": "folder", "sort": sort})
    await _build_places(collections, fields)
    await _build_kitchen(collections, fields)
    await _build_articles(collections, fields)
    await _build_pages(collections, fields)
    await _build_settings(collections, fields)


async def _build_places(collections: CollectionsService, fields: FieldsService) -> None:
    await collections.create("countries", meta=_meta("countries", display_template="{{name}}",
                                                     icon="flag"))  # fmt: skip
    await fields.create("countries", "name", "string", schema=REQUIRED, meta=MUST_FILL)
    await fields.create("countries", "code", "string", schema={"length": 2, "unique": True},
                        meta={"width": "half", "note": "ISO 3166-1 alpha-2"})  # fmt: skip
    await collections.create(
        "cities",
        meta=_meta("cities", display_template="{{name}} ({{country.name}})", icon="location_city"),
    )
    await fields.create("cities", "name", "string", schema={**REQUIRED, "indexed": True},
                        meta=MUST_FILL)  # fmt: skip
    await fields.create("cities", "population", "integer", meta={"width": "half"})
    await fields.create_m2o("cities", "country", "countries", meta={"width": "half"})
    await fields.create_o2m("countries", "cities", "cities", related_field="country",
                            sort_field="sort")  # fmt: skip
    await fields.create_o2o("countries", "capital_city", "cities", corresponding_field="capital_of",
                            meta={"note": "The seat of government"})  # fmt: skip


async def _build_kitchen(collections: CollectionsService, fields: FieldsService) -> None:
    await collections.create(
        "recipes", meta=_meta("recipes", display_template="{{title}}", icon="restaurant")
    )
    await fields.create("recipes", "title", "string", schema=REQUIRED, meta=MUST_FILL)
    await fields.create("recipes", "description", "text")
    await fields.create("recipes", "servings", "integer", meta={"width": "half"})
    await fields.create("recipes", "minutes", "integer", meta={"width": "half"})
    await collections.create(
        "ingredients", meta=_meta("ingredients", display_template="{{name}}", icon="egg")
    )
    await fields.create("ingredients", "name", "string", schema={**REQUIRED, "unique": True},
                        meta=MUST_FILL)  # fmt: skip
    await fields.create_m2m(
        "recipes", "ingredients", "ingredients", corresponding_field="recipes", sort_field="sort",
        context_fields=[{"field": "quantity", "type": "string", "meta": {"width": "half"}}],
        meta={"options": {"template": "{{ingredients_id.name}} — {{quantity}}"}},
    )  # fmt: skip
    await fields.update(
        "ingredients",
        "recipes",
        meta={"options": {"template": "{{recipes_id.title}} — {{quantity}}"}},
    )
    await collections.update(
        "recipes_ingredients",
        _meta("recipes_ingredients", display_template="{{quantity}} {{ingredients_id.name}}"),
    )


async def _build_articles(collections: CollectionsService, fields: FieldsService) -> None:
    """Articles show every standard interface: a group with half-width fields, a condition,
    validation rules with messages, JSON as tags and as code, a UUID, and archiving."""
    await collections.create(
        "articles",
        system_fields=["status", "date_created"],
        meta=_meta("articles", display_template="{{slug}}", icon="article",
                   archive_field="status", archive_value="archived", unarchive_value="draft"),
    )  # fmt: skip
    await fields.update("articles", "id", meta={"sort": 1})
    await fields.update("articles", "status", meta={"sort": 2})
    await fields.create(
        "articles", "slug", "string", schema={**REQUIRED, "unique": True},
        meta={"sort": 3, "required": True, "note": "Used in the article's address",
              "validation": {"slug": {"_regex": "^[a-z0-9-]+$"}},
              "validation_message": "Lowercase letters, digits and hyphens only."},
    )  # fmt: skip
    await fields.create(
        "articles", "details", "alias",
        meta={"sort": 4, "special": ["alias", "no-data", "group"], "interface": "group-detail",
              "options": {"start": "open"}},
    )  # fmt: skip
    in_details = {"group": "details", "width": "half"}
    await fields.create("articles", "featured", "boolean", schema={"default": False},
                        meta={**in_details, "sort": 5, "interface": "boolean"})  # fmt: skip
    await fields.create(
        "articles", "publish_date", "date",
        meta={**in_details, "sort": 6, "interface": "datetime",
              "conditions": [{"name": "Only when published",
                              "rule": {"status": {"_neq": "published"}}, "hidden": True}]},
    )  # fmt: skip
    await fields.create(
        "articles", "reading_minutes", "integer",
        meta={**in_details, "sort": 7, "validation": {"reading_minutes": {"_gte": 1}},
              "validation_message": "At least one minute."},
    )  # fmt: skip
    await fields.create("articles", "rating", "decimal", schema={"precision": 3, "scale": 1},
                        meta={**in_details, "sort": 8})  # fmt: skip
    await fields.create(
        "articles", "tags", "json", meta={"sort": 9, "special": ["cast-json"], "interface": "tags"}
    )
    await fields.create(
        "articles",
        "metadata",
        "json",
        meta={"sort": 10, "interface": "input-code", "options": {"language": "json"}},
    )
    await fields.create(
        "articles",
        "external_id",
        "uuid",
        meta={"sort": 11, "width": "half", "note": "The id of this article in the old CMS"},
    )
    await fields.create_translations(
        "articles",
        translated_fields=[
            {"field": "title", "type": "string", "meta": {"required": True}},
            {
                "field": "summary",
                "type": "text",
                "meta": {"note": "One or two sentences shown under the title"},
            },
        ],
        meta={"sort": 12, "options": {"defaultLanguage": "en-US"}},
    )
    await collections.update(
        "articles_translations",
        _meta("articles_translations", display_template="{{languages_code.name}}: {{title}}"),
    )
    await collections.update("languages", _meta("languages"))
    await fields.create_m2m(
        "articles", "related_articles", "articles", sort_field="sort",
        meta={"sort": 13, "options": {"filter": {"id": {"_neq": "{{id}}"}}},
              "note": "Other articles worth reading next (an article never lists itself)"},
    )  # fmt: skip
    await collections.update(
        "articles_articles",
        _meta("articles_articles", display_template="{{related_articles_id.slug}}"),
    )
    await fields.update("articles", "date_created", meta={"sort": 14})


async def _build_pages(collections: CollectionsService, fields: FieldsService) -> None:
    await collections.create(
        "headings", meta=_meta("headings", display_template="{{title}}", icon="title")
    )
    await fields.create("headings", "title", "string")
    await fields.create(
        "headings", "level", "integer", schema={"default": 1},
        meta={"validation": {"level": {"_between": [1, 6]}},
              "validation_message": "A heading level is 1 to 6."},
    )  # fmt: skip
    await collections.create(
        "text_bodies", meta=_meta("text_bodies", display_template="{{body}}", icon="notes")
    )
    await fields.create("text_bodies", "body", "text")
    await collections.create(
        "images", meta=_meta("images", display_template="{{title}}", icon="image")
    )
    await fields.create("images", "title", "string")
    await fields.create("images", "url", "string", schema={"length": 500})
    await fields.create("images", "alt", "string")
    await collections.create(
        "galleries", meta=_meta("galleries", display_template="{{title}}", icon="collections")
    )
    await fields.create("galleries", "title", "string")
    await fields.create_m2m("galleries", "images", "images", sort_field="sort")
    await collections.update(
        "galleries_images",
        _meta("galleries_images", display_template="{{images_id.title}}"),
    )
    await collections.create("pages", meta=_meta("pages", display_template="{{title}}", icon="web"))
    await fields.create("pages", "title", "string", schema=REQUIRED, meta=MUST_FILL)
    await fields.create("pages", "slug", "string", schema={"unique": True})
    await fields.create_m2a("pages", "sections", ["headings", "text_bodies", "images", "galleries"],
                            sort_field="sort")  # fmt: skip
    await collections.update(
        "pages_sections", _meta("pages_sections", display_template="{{collection}} {{item}}")
    )


async def _build_settings(collections: CollectionsService, fields: FieldsService) -> None:
    await collections.create(
        "settings",
        meta=_meta("settings", singleton=True, display_template="{{site_name}}", icon="settings"),
    )
    await fields.create("settings", "site_name", "string",
                        schema={"nullable": False, "default": "Studio"},
                        meta={"sort": 1, "required": True})  # fmt: skip
    await fields.create("settings", "tagline", "string", meta={"sort": 2, "width": "half"})
    await fields.create(
        "settings", "maintenance_mode", "boolean", schema={"default": False},
        meta={"sort": 3, "width": "half", "interface": "boolean",
              "note": "Visitors see a maintenance page instead of the site"},
    )  # fmt: skip
    await fields.create("settings", "opening_time", "time",
                        meta={"sort": 4, "width": "half", "interface": "datetime"})  # fmt: skip
    await fields.create("settings", "next_maintenance", "dateTime",
                        meta={"sort": 5, "width": "half", "interface": "datetime"})  # fmt: skip
    await fields.create(
        "settings", "contact_email", "string",
        meta={"sort": 6, "validation": {"contact_email": {"_regex": r"^[^@\s]+@[^@\s]+$"}},
              "validation_message": "An e-mail address like name@example.org."},
    )  # fmt: skip


async def build_content(db: Database, *, large: bool = False) -> None:
    countries = data.countries()
    country_keys = await ItemsService(db, "countries").create_many(
        [{"name": c["name"], "code": c["code"]} for c in countries]
    )
    cities = ItemsService(db, "cities")
    capitals = await cities.create_many(
        [
            {"name": c["capital"], "population": c["capital_population"], "country": key, "sort": 1}
            for c, key in zip(countries, country_keys, strict=True)
        ]
    )
    await ItemsService(db, "countries").update_batch(
        [
            {"id": key, "capital_city": city}
            for key, city in zip(country_keys, capitals, strict=True)
        ]
    )
    total = LARGE_CITIES - len(capitals) if large else TOWNS_PER_COUNTRY * len(countries)
    rows = []
    for index, (name, population) in enumerate(data.town_names(total, SEED)):
        place, country = divmod(index, len(country_keys))
        rows.append({"name": name, "population": population,
                     "country": country_keys[country], "sort": place + 2})  # fmt: skip
        if len(rows) == BATCH:
            await cities.create_many(rows)
            rows = []
    if rows:
        await cities.create_many(rows)

    ingredient_keys = dict(
        zip(
            data.INGREDIENTS,
            await ItemsService(db, "ingredients").create_many(
                [{"name": name} for name in data.INGREDIENTS]
            ),
            strict=True,
        )
    )
    await ItemsService(db, "recipes").create_many(
        [
            {
                "title": title,
                "servings": servings,
                "minutes": minutes,
                "description": description,
                "ingredients": [
                    {"ingredients_id": ingredient_keys[name], "quantity": quantity}
                    for name, quantity in parts
                ],
            }
            for title, servings, minutes, description, parts in data.RECIPES
        ]
    )

    articles = ItemsService(db, "articles")
    article_keys = {}
    for index, (slug, translations) in enumerate(data.ARTICLES):
        details = data.ARTICLE_DETAILS[slug]
        # fixed, so two demo builds (and the screens showing them) are identical
        created = PUBLISHED + timedelta(days=7 * index)
        published = None if details["status"] == "draft" else (created + timedelta(days=1)).date()
        article_keys[slug] = await articles.create_one(
            {
                "slug": slug,
                **details,
                "date_created": created,
                "publish_date": published,
                "translations": [
                    {"languages_code": code, "title": title, "summary": summary}
                    for code, (title, summary) in translations.items()
                ],
            }
        )
    await articles.update_batch(
        [
            {
                "id": article_keys[slug],
                "related_articles": [{"related_articles_id": article_keys[r]} for r in related],
            }
            for slug, related in data.RELATED_ARTICLES.items()
        ]
    )

    await ItemsService(db, "pages").create_many(
        [
            {
                "title": title,
                "slug": slug,
                "sections": [{"collection": c, "item": item} for c, item in sections],
            }
            for title, slug, sections in data.PAGES
        ]
    )

    await ItemsService(db, "settings").create_one(
        {**data.SETTINGS, "next_maintenance": NEXT_MAINTENANCE}
    )


async def build_demo(db: Database, *, large: bool = False) -> None:
    """The whole demo into an empty database."""
    await build_schema(db)
    await build_content(db, large=large)


async def is_demo(db: Database) -> bool:
    overview = await db.overview()
    return {"countries", "cities", "pages_sections", "articles_translations"} <= set(
        overview.collections
    )


async def open_demo(path: Path, *, large: bool = False) -> Database:
    """The demo database at `path`, built on first use and reused afterwards."""
    if not path.exists():  # noqa: ASYNC240 (one stat at start-up)
        partial = path.with_name(path.name + ".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        db = await Database.open(str(partial))
        try:
            await build_demo(db, large=large)
        finally:
            await db.close()
        os.replace(partial, path)
    return await Database.open(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio.engine.demo")
    parser.add_argument("path", help="the SQLite file to create (or a PostgreSQL URL)")
    parser.add_argument("--large", action="store_true", help=f"{LARGE_CITIES:,} cities")
    args = parser.parse_args(argv)

    async def run() -> None:
        started = time.perf_counter()
        db = await Database.open(args.path)
        try:
            if await is_demo(db):
                print("already a demo database", file=sys.stderr)
                return
            await build_demo(db, large=args.large)
        finally:
            await db.close()
        print(f"built in {time.perf_counter() - started:.1f} s")

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
