"""The benchmark data: the demo model at scale, generated fast.

The schema comes from the demo's own builder (`build_schema`, through the collection and field
services), so the metadata, relations and indexes are exactly what a person's demo has. The rows
are written in bulk under the services (executemany through SQLAlchemy core on SQLite, COPY on
PostgreSQL): how fast rows are written is not what is measured, and a million `create_many` rows
take minutes. Keys are given explicitly, so every figure reads the same rows on both databases.

Country 1 holds exactly `big_country` cities and the last country exactly `small_country`, so
the O2M figure can show that the statement count does not grow with the children.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection

from benchmarks.overview_build import populate as populate_extra_tables
from studio.engine import Database
from studio.engine import demo_data as demo
from studio.engine.demo import build_schema
from studio.engine.tables import tables_for

BATCH = 20_000
SECTION_COLLECTIONS = ("headings", "text_bodies", "images", "galleries")
LANGUAGES = ("en-US", "de-DE", "fr-FR", "ar-SA", "es-ES", "it-IT", "pt-BR", "ru-RU")


@dataclass(frozen=True)
class Scale:
    """How much data: the issue's sizes (`FULL`) or a few thousand rows for CI (`QUICK`)."""

    cities: int
    countries: int
    big_country: int
    small_country: int
    recipes: int
    ingredients_per_recipe: int
    ingredients: int
    pages: int
    sections_per_page: int
    articles: int
    translations_per_article: int
    extra_tables: int

    @property
    def junction_rows(self) -> int:
        return self.recipes * self.ingredients_per_recipe

    def describe(self) -> str:
        return (
            f"{self.cities:,} cities over {self.countries} countries; {self.recipes:,} recipes with"
            f" {self.junction_rows:,} junction rows; {self.pages:,} pages with"
            f" {self.pages * self.sections_per_page:,} M2A sections; {self.articles:,} articles"
            f" with {self.articles * self.translations_per_article:,} translations;"
            f" {self.extra_tables} extra tables"
        )


FULL = Scale(
    cities=1_000_000, countries=200, big_country=5_000, small_country=50,
    recipes=10_000, ingredients_per_recipe=10, ingredients=2_000,
    pages=20_000, sections_per_page=10, articles=50_000, translations_per_article=3,
    extra_tables=300,
)  # fmt: skip
QUICK = Scale(
    cities=3_000, countries=20, big_country=500, small_country=50,
    recipes=1_200, ingredients_per_recipe=3, ingredients=100,
    pages=40, sections_per_page=5, articles=60, translations_per_article=3,
    extra_tables=12,
)  # fmt: skip


def _countries(scale: Scale) -> list[dict[str, Any]]:
    real = demo.countries()
    rows = []
    for index in range(scale.countries):
        if index < len(real):
            name, code = str(real[index]["name"]), str(real[index]["code"])
        else:
            name, code = f"Country {index + 1}", f"{chr(48 + index // 36)}{chr(65 + index % 26)}"
        rows.append({"id": index + 1, "name": name, "code": code, "capital_city": None})
    return rows


def _country_of(index: int, scale: Scale) -> int:
    """Country 1 gets the first `big_country` cities, the last one the next `small_country`,
    the others share the rest in turn."""
    if index < scale.big_country:
        return 1
    if index < scale.big_country + scale.small_country:
        return scale.countries
    return 2 + (index - scale.big_country - scale.small_country) % (scale.countries - 2)


def _first_city(country: int, scale: Scale) -> int:
    if country == 1:
        return 1
    if country == scale.countries:
        return scale.big_country + 1
    return scale.big_country + scale.small_country + country - 1


def _cities(scale: Scale) -> Iterator[dict[str, Any]]:
    seen: dict[int, int] = {}
    for index, (name, population) in enumerate(demo.town_names(scale.cities, 20240611)):
        country = _country_of(index, scale)
        seen[country] = seen.get(country, 0) + 1
        yield {"id": index + 1, "name": name, "population": population, "country": country,
               "sort": seen[country]}  # fmt: skip


def _recipes(scale: Scale) -> Iterator[dict[str, Any]]:
    for n in range(1, scale.recipes + 1):
        yield {"id": n, "title": f"Recipe {n:05d}", "description": f"Step by step, dish {n}.",
               "servings": 1 + n % 8, "minutes": 5 + n % 90}  # fmt: skip


def _junction(scale: Scale) -> Iterator[dict[str, Any]]:
    key = itertools.count(1)
    per = scale.ingredients_per_recipe
    for recipe in range(1, scale.recipes + 1):
        for place in range(per):
            ingredient = 1 + (recipe * 7 + place * 13) % scale.ingredients
            yield {"id": next(key), "recipes_id": recipe, "ingredients_id": ingredient,
                   "sort": place + 1, "quantity": f"{1 + (recipe + place) % 500} g"}  # fmt: skip


def _ingredients(scale: Scale) -> Iterator[dict[str, Any]]:
    for n in range(1, scale.ingredients + 1):
        name = demo.INGREDIENTS[n - 1] if n <= len(demo.INGREDIENTS) else f"ingredient {n:05d}"
        yield {"id": n, "name": name}


def _section_targets(scale: Scale) -> int:
    return max(1, scale.pages * scale.sections_per_page // 20)


def _sections(scale: Scale) -> Iterator[dict[str, Any]]:
    key = itertools.count(1)
    targets = _section_targets(scale)
    for page in range(1, scale.pages + 1):
        for place in range(scale.sections_per_page):
            n = next(key)
            yield {"id": n, "pages_id": page, "sort": place + 1,
                   "collection": SECTION_COLLECTIONS[n % 4],
                   "item": str(1 + n % targets)}  # fmt: skip


def _articles(scale: Scale) -> Iterator[dict[str, Any]]:
    statuses = ("published", "draft", "archived")
    for n in range(1, scale.articles + 1):
        yield {"id": n, "status": statuses[n % 3], "slug": f"article-{n:06d}",
               "featured": n % 10 == 0, "reading_minutes": 1 + n % 20}  # fmt: skip


def _translations(scale: Scale) -> Iterator[dict[str, Any]]:
    key = itertools.count(1)
    for article in range(1, scale.articles + 1):
        for place in range(scale.translations_per_article):
            code = LANGUAGES[(article + place) % len(LANGUAGES)]
            yield {"id": next(key), "articles_id": article, "languages_code": code,
                   "title": f"Article {article} ({code})",
                   "summary": None if article % 7 == 0 else f"Summary of {article}"}  # fmt: skip


def _simple(prefix: str, count: int, **extra: Any) -> Iterator[dict[str, Any]]:
    for n in range(1, count + 1):
        yield {"id": n, **{k: (f"{prefix} {n}" if v is None else v) for k, v in extra.items()}}


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


async def _write(conn: AsyncConnection, db: Database, table: str, rows: Iterable[Any]) -> int:
    overview = await db.overview()
    target = tables_for(overview, db.dialect)(table)
    written = 0
    for batch in _batches(rows):
        if db.dialect == "postgresql":
            raw = await conn.get_raw_connection()
            columns = list(batch[0])
            records = [tuple(row[c] for c in columns) for row in batch]
            await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
                table, records=records, columns=columns
            )
        else:
            await conn.execute(insert(target), batch)
        written += len(batch)
    return written


async def generate(db: Database, scale: Scale, *, log: Any = print) -> None:
    """The demo schema and `scale`'s rows into an empty database, then statistics."""
    started = time.perf_counter()
    await build_schema(db)
    await populate_extra_tables(db, scale.extra_tables)
    db.invalidate_overview()
    log(f"  schema ({scale.extra_tables} extra tables) in {time.perf_counter() - started:.1f} s")
    targets = _section_targets(scale)
    plan: list[tuple[str, Iterable[Any]]] = [
        ("countries", _countries(scale)),
        ("cities", _cities(scale)),
        ("ingredients", _ingredients(scale)),
        ("recipes", _recipes(scale)),
        ("recipes_ingredients", _junction(scale)),
        ("headings", _simple("Heading", targets, title=None, level=2)),
        ("text_bodies", _simple("Body", targets, body=None)),
        ("images", _simple("Image", targets, title=None, url="https://example.org/i.png")),
        ("galleries", _simple("Gallery", targets, title=None)),
        ("pages", ({"id": n, "title": f"Page {n}", "slug": f"page-{n}"}
                   for n in range(1, scale.pages + 1))),
        ("pages_sections", _sections(scale)),
        ("articles", _articles(scale)),
        ("articles_translations", _translations(scale)),
    ]  # fmt: skip
    async with db.transaction() as conn:
        for table, rows in plan:
            step = time.perf_counter()
            written = await _write(conn, db, table, rows)
            log(f"  {table}: {written:,} rows in {time.perf_counter() - step:.1f} s")
        capitals = [
            {"country": n, "city": _first_city(n, scale)} for n in range(1, scale.countries + 1)
        ]
        await conn.execute(
            text("UPDATE countries SET capital_city = :city WHERE id = :country"), capitals
        )
        if db.dialect == "postgresql":
            for table, _ in plan:
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )
    async with db.transaction() as conn:
        await conn.execute(text("ANALYZE"))
    db.invalidate_overview()
    log(f"  data generated in {time.perf_counter() - started:.1f} s")
