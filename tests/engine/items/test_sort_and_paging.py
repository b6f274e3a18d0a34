"""Sorting (also through M2O), offset and keyset paging, and counts."""

from __future__ import annotations

import pytest

from studio.engine import Database
from studio.engine.errors import InvalidQuery
from studio.engine.items import ItemsService


async def names(db: Database, **query) -> list[str]:
    return [c["name"] for c in await ItemsService(db, "cities").read_many(fields=["name"], **query)]


async def test_sorts(guide: Database) -> None:
    assert await names(guide, sort=["name"]) == [
        "Lyon", "Nice", "Nowhere_100%", "Paris", "Santiago", "Tokyo", "Valparaíso",
    ]  # fmt: skip
    assert (await names(guide, sort=["-id"]))[:2] == ["Nowhere_100%", "Tokyo"]
    # through an M2O path, then by name descending; a city with no country sorts last
    assert await names(guide, sort=["country.name", "-name"]) == [
        "Valparaíso", "Santiago", "Paris", "Nice", "Lyon", "Tokyo", "Nowhere_100%",
    ]  # fmt: skip
    # descending puts NULLs first, on both databases
    assert (await names(guide, sort=["-country.name", "name"]))[:2] == ["Nowhere_100%", "Tokyo"]


async def test_sort_errors(guide: Database) -> None:
    with pytest.raises(InvalidQuery, match="many-to-one fields only"):
        await ItemsService(guide, "countries").read_many({"sort": ["cities.name"]})
    with pytest.raises(InvalidQuery, match="no field 'nope'"):
        await ItemsService(guide, "cities").read_many({"sort": ["-nope"]})


async def test_offset_paging(guide: Database) -> None:
    assert await names(guide, sort=["id"], limit=2, offset=2) == ["Paris", "Lyon"]
    assert await names(guide, sort=["id"], limit=2, offset=6) == ["Nowhere_100%"]


@pytest.mark.parametrize(
    "sort", [["name"], ["-name"], ["country"], ["-country", "name"], ["country.name", "-id"]]
)
async def test_keyset_walk_matches_the_full_order(guide: Database, sort: list[str]) -> None:
    service = ItemsService(guide, "cities")
    everything = await names(guide, sort=sort, limit=-1)
    walked: list[str] = []
    after = None
    while True:
        page = await service.read_page(fields=["name"], sort=sort, limit=2, after=after)
        walked.extend(item["name"] for item in page.items)
        if page.after is None:
            break
        after = page.after
    assert walked == everything


async def test_keyset_cursor_must_fit_the_sort(guide: Database) -> None:
    with pytest.raises(InvalidQuery, match="needs 2"):
        await ItemsService(guide, "cities").read_many({"sort": ["name"], "after": [1]})
    with pytest.raises(InvalidQuery, match="not both"):
        await ItemsService(guide, "cities").read_many({"after": [1], "offset": 2})


async def test_counts(guide: Database) -> None:
    service = ItemsService(guide, "cities")
    assert (await service.count()).value == 7
    assert (await service.count({"country": {"name": {"_eq": "France"}}})).value == 3
    small = await service.count(exact=False)
    assert (small.value, small.exact) == (7, True)  # a small table is always counted exactly


async def test_estimated_count_of_a_huge_table(guide: Database, run_sql, monkeypatch) -> None:
    """PostgreSQL answers from the planner's statistics; SQLite has none, so it counts."""
    rows = "(SELECT 'h' || g FROM generate_series(1, 5000) g)"
    await run_sql(
        postgresql=(f"INSERT INTO headings (title) {rows[1:-1]}", "ANALYZE headings"),
        sqlite=(
            "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 5000)"
            " INSERT INTO headings (title) SELECT 'h' || n FROM g",
        ),
    )
    monkeypatch.setattr("studio.engine.items.EXACT_COUNT_BELOW", 1000)
    estimate = await ItemsService(guide, "headings").count(exact=False)
    if guide.dialect == "postgresql":
        assert estimate.exact is False
        assert 4000 <= estimate.value <= 6000
    else:
        assert (estimate.value, estimate.exact) == (5002, True)
    exact = await ItemsService(guide, "headings").count()
    assert (exact.value, exact.exact) == (5002, True)
