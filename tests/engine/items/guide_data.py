"""Rows for the relationship guide's model, inserted with plain SQL so read tests do not depend
on the writer they are checking alongside."""

from __future__ import annotations

from sqlalchemy import text

from studio.engine import Database
from tests.engine.guide_model import create_guide_model

ROWS: dict[str, list[dict[str, object]]] = {
    "languages": [
        {"code": "en-US", "name": "English", "direction": "ltr"},
        {"code": "de-DE", "name": "Deutsch", "direction": "ltr"},
        {"code": "ar-SA", "name": "العربية", "direction": "rtl"},
    ],
    "countries": [
        {"id": 1, "name": "Chile"},
        {"id": 2, "name": "France"},
        {"id": 3, "name": "Japan"},
        {"id": 4, "name": "Atlantis"},
    ],
    "cities": [
        {"id": 1, "name": "Santiago", "country": 1},
        {"id": 2, "name": "Valparaíso", "country": 1},
        {"id": 3, "name": "Paris", "country": 2},
        {"id": 4, "name": "Lyon", "country": 2},
        {"id": 5, "name": "Nice", "country": 2},
        {"id": 6, "name": "Tokyo", "country": 3},
        {"id": 7, "name": "Nowhere_100%", "country": None},
    ],
    "recipes": [{"id": 1, "title": "Pancakes"}, {"id": 2, "title": "Omelette"}],
    "ingredients": [
        {"id": 1, "name": "Egg"},
        {"id": 2, "name": "Flour"},
        {"id": 3, "name": "Milk"},
        {"id": 4, "name": "Salt"},
    ],
    "recipes_ingredients": [
        {"id": 1, "recipes_id": 1, "ingredients_id": 1, "quantity": "2"},
        {"id": 2, "recipes_id": 1, "ingredients_id": 2, "quantity": "200 g"},
        {"id": 3, "recipes_id": 1, "ingredients_id": 3, "quantity": "300 ml"},
        {"id": 4, "recipes_id": 2, "ingredients_id": 1, "quantity": "3"},
        {"id": 5, "recipes_id": 2, "ingredients_id": 4, "quantity": "a pinch"},
    ],
    "articles": [
        {"id": 1, "slug": "intro"},
        {"id": 2, "slug": "deep-dive"},
        {"id": 3, "slug": "faq"},
    ],
    "articles_related": [
        {"id": 1, "articles_id": 1, "related_articles_id": 2, "sort": 2},
        {"id": 2, "articles_id": 1, "related_articles_id": 3, "sort": 1},
        {"id": 3, "articles_id": 2, "related_articles_id": 1, "sort": 1},
    ],
    "articles_translations": [
        {"id": 1, "articles_id": 1, "languages_code": "en-US", "title": "Introduction"},
        {"id": 2, "articles_id": 1, "languages_code": "de-DE", "title": "Einführung"},
        {"id": 3, "articles_id": 2, "languages_code": "en-US", "title": "Deep dive"},
    ],
    "pages": [{"id": 1, "title": "Home"}, {"id": 2, "title": "About"}],
    "headings": [{"id": 1, "title": "Welcome"}, {"id": 2, "title": "Contact"}],
    "text_bodies": [{"id": 1, "body": "Hello world"}, {"id": 2, "body": "Write to us"}],
    "pages_sections": [
        {"id": 1, "pages_id": 1, "item": "1", "collection": "headings", "sort": 1},
        {"id": 2, "pages_id": 1, "item": "1", "collection": "text_bodies", "sort": 2},
        {"id": 3, "pages_id": 2, "item": "2", "collection": "headings", "sort": 2},
        {"id": 4, "pages_id": 2, "item": "2", "collection": "text_bodies", "sort": 1},
    ],
}
CAPITALS = {1: 1, 2: 3, 3: 6}


async def create_guide_data(db: Database) -> None:
    await create_guide_model(db)
    async with db.transaction() as conn:
        for table, rows in ROWS.items():
            columns = list(rows[0])
            names = ", ".join(columns)
            values = ", ".join(f":{c}" for c in columns)
            await conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({values})"), rows)
        for country, city in CAPITALS.items():
            await conn.execute(
                text("UPDATE countries SET capital_city = :city WHERE id = :country"),
                {"city": city, "country": country},
            )
        if db.dialect == "postgresql":
            for table, rows in ROWS.items():
                if "id" in rows[0]:
                    await conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                            f" (SELECT max(id) FROM {table}))"
                        )
                    )
