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

from studio.engine import demo_data as data
from studio.engine.collections import CollectionsService
from studio.engine.database import Database
from studio.engine.fields import FieldsService
from studio.engine.items import ItemsService

PUBLISHED = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

TOWNS_PER_COUNTRY = 15  # ≈3,000 cities with the capitals
LARGE_CITIES = 1_000_000
SEED = 20240611
BATCH = 5_000


async def build_schema(db: Database) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    required = {"nullable": False, "default": ""}

    await collections.create("countries", meta={"display_template": "{{name}}", "icon": "flag"})
    await fields.create("countries", "name", "string", schema=required)
    await fields.create("countries", "code", "string", schema={"length": 2, "unique": True},
                        meta={"width": "half", "note": "ISO 3166-1 alpha-2"})  # fmt: skip
    await collections.create(
        "cities", meta={"display_template": "{{name}} ({{country.name}})", "icon": "location_city"}
    )
    await fields.create("cities", "name", "string", schema={**required, "indexed": True})
    await fields.create("cities", "population", "integer", meta={"width": "half"})
    await fields.create_m2o("cities", "country", "countries", corresponding_field="cities",
                            meta={"width": "half"})  # fmt: skip
    await fields.create_o2o("countries", "capital_city", "cities",
                            meta={"note": "The seat of government"})  # fmt: skip

    await collections.create(
        "recipes", meta={"display_template": "{{title}}", "icon": "restaurant"}
    )
    await fields.create("recipes", "title", "string", schema=required)
    await fields.create("recipes", "description", "text")
    await fields.create("recipes", "servings", "integer", meta={"width": "half"})
    await fields.create("recipes", "minutes", "integer", meta={"width": "half"})
    await collections.create("ingredients", meta={"display_template": "{{name}}", "icon": "egg"})
    await fields.create("ingredients", "name", "string", schema={**required, "unique": True})
    await fields.create_m2m(
        "recipes", "ingredients", "ingredients", corresponding_field="recipes", sort_field="sort",
        context_fields=[{"field": "quantity", "type": "string", "meta": {"width": "half"}}],
    )  # fmt: skip
    await collections.update(
        "recipes_ingredients", {"display_template": "{{quantity}} {{ingredients_id.name}}"}
    )

    await collections.create("articles", system_fields=["status", "date_created"],
                             meta={"display_template": "{{slug}}", "icon": "article"})  # fmt: skip
    await fields.create("articles", "slug", "string", schema={**required, "unique": True})
    await fields.create_m2m("articles", "related_articles", "articles", sort_field="sort")
    await collections.update(
        "articles_articles", {"display_template": "{{related_articles_id.slug}}"}
    )
    await fields.create_translations(
        "articles",
        translated_fields=[
            {"field": "title", "type": "string"},
            {"field": "summary", "type": "text"},
        ],
        meta={"options": {"defaultLanguage": "en-US"}},
    )
    await collections.update(
        "articles_translations", {"display_template": "{{languages_code.name}}: {{title}}"}
    )

    await collections.create("headings", meta={"display_template": "{{title}}", "icon": "title"})
    await fields.create("headings", "title", "string")
    await fields.create("headings", "level", "integer", schema={"default": 1})
    await collections.create("text_bodies", meta={"display_template": "{{body}}", "icon": "notes"})
    await fields.create("text_bodies", "body", "text")
    await collections.create("images", meta={"display_template": "{{title}}", "icon": "image"})
    await fields.create("images", "title", "string")
    await fields.create("images", "url", "string", schema={"length": 500})
    await fields.create("images", "alt", "string")
    await collections.create("pages", meta={"display_template": "{{title}}", "icon": "web"})
    await fields.create("pages", "title", "string", schema=required)
    await fields.create("pages", "slug", "string", schema={"unique": True})
    await fields.create_m2a("pages", "sections", ["headings", "text_bodies", "images"],
                            sort_field="sort")  # fmt: skip
    await collections.update("pages_sections", {"display_template": "{{collection}} {{item}}"})


async def build_content(db: Database, *, large: bool = False) -> None:
    countries = data.countries()
    country_keys = await ItemsService(db, "countries").create_many(
        [{"name": c["name"], "code": c["code"]} for c in countries]
    )
    cities = ItemsService(db, "cities")
    capitals = await cities.create_many(
        [
            {"name": c["capital"], "population": c["capital_population"], "country": key}
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
        rows.append({"name": name, "population": population,
                     "country": country_keys[index % len(country_keys)]})  # fmt: skip
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
        article_keys[slug] = await articles.create_one(
            {
                "slug": slug,
                "status": "published",
                # fixed, so two demo builds (and the screens showing them) are identical
                "date_created": PUBLISHED + timedelta(days=7 * index),
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
