"""Keyset paging over a boolean sort, in both directions (PostgreSQL refuses `flag > true`
written as a plain Python comparison, so the cursor value is bound with the column's type)."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.items import ItemsService
from tests.conftest import RunSQL


async def test_paging_sorted_by_a_boolean(db: Database, run_sql: RunSQL) -> None:
    await run_sql(
        sqlite=("CREATE TABLE flags (id INTEGER PRIMARY KEY, on_sale BOOLEAN)",),
        postgresql=("CREATE TABLE flags (id SERIAL PRIMARY KEY, on_sale BOOLEAN)",),
    )
    flags = ItemsService(db, "flags")
    await flags.create_many([{"on_sale": n % 3 == 0 if n % 5 else None} for n in range(1, 31)])
    for sort in (["on_sale", "id"], ["-on_sale", "-id"]):
        everything = [i["id"] for i in await flags.read_many(fields=["id"], sort=sort, limit=-1)]
        paged: list[int] = []
        after = None
        while True:
            page = await flags.read_page(fields=["id"], sort=sort, limit=4, after=after)
            paged += [item["id"] for item in page.items]
            if page.after is None:
                break
            after = page.after
        assert paged == everything, sort
