"""Nested reads cost one statement per relation level, however many parents there are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from studio.engine import Database
from studio.engine.items import ItemsService

FIELDS = [
    "title",
    "ingredients.quantity",
    "ingredients.ingredients_id.name",
]


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def test_statements_do_not_grow_with_parents(guide: Database) -> None:
    service = ItemsService(guide, "recipes")
    await service.create_many(
        [
            {
                "title": f"Recipe {n}",
                "ingredients": [
                    {"ingredients_id": 1 + n % 4, "quantity": str(n)},
                    {"ingredients_id": {"name": f"Spice {n}"}, "quantity": "1"},
                ],
            }
            for n in range(100)
        ]
    )
    await guide.overview()
    async with guide.connect() as conn:
        reader = ItemsService(guide, "recipes", connection=conn)
        await reader.read_many(fields=FIELDS, limit=1)  # warm the connection
        with counting(guide) as few:
            small = await reader.read_many(fields=FIELDS, limit=2, sort=["id"])
        with counting(guide) as many:
            large = await reader.read_many(fields=FIELDS, limit=102, sort=["id"])
    assert len(small) == 2 and len(large) == 102
    assert sum(len(r["ingredients"]) for r in large) == 205
    assert len(few) == len(many) == 3  # recipes, junction rows, ingredients
