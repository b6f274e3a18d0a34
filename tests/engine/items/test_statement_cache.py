"""Paging reuses SQLAlchemy's compiled statements: the second page of the same query is a cache
hit, so a long scroll neither recompiles every page nor fills memory with compiled copies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.interfaces import CacheStats

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.engine.tables import tables_for

CACHE_HIT = CacheStats.CACHE_HIT


async def test_the_next_page_hits_the_compiled_statement_cache(guide: Database) -> None:
    service = ItemsService(guide, "cities")
    hits: list[Any] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        hits.append(context.cache_hit)

    first = await service.read_page(fields=["name", "country.name"], sort=["name"], limit=2)
    assert first.after is not None
    event.listen(guide.engine.sync_engine, "before_cursor_execute", record)
    try:
        await service.read_page(
            fields=["name", "country.name"], sort=["name"], limit=2, after=first.after
        )
        await service.read_page(
            fields=["name", "country.name"], sort=["name"], limit=2, after=first.after
        )
    finally:
        event.remove(guide.engine.sync_engine, "before_cursor_execute", record)
    compiled = [hit for hit in hits if hit != CacheStats.NO_CACHE_KEY]
    second = compiled[len(compiled) // 2 :]  # the second call's (the M2O may be joined)
    assert second and second == [CACHE_HIT] * len(second), hits


async def test_one_set_of_tables_per_overview(guide: Database) -> None:
    overview = await guide.overview()
    assert tables_for(overview, guide.dialect) is tables_for(overview, guide.dialect)
    guide.invalidate_overview()
    fresh = await guide.overview()
    assert tables_for(fresh, guide.dialect) is not tables_for(overview, guide.dialect)
