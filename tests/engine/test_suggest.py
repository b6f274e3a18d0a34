"""Typeahead (`ItemsService.suggest`) and the `$FOLLOW` filter it uses for O2O pickers, on both
databases: case variants, wildcards taken literally, the filter, the limit, the fallback to a
search, and index range scans (checked in SQLite's plan)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from studio.engine import Database
from studio.engine.errors import InvalidQuery
from studio.engine.items import ItemsService
from studio.engine.suggest import case_variants
from tests.conftest import RunSQL
from tests.engine.items.guide_data import create_guide_data

# Added to the guide's cities (Santiago, Valparaíso, Paris, Lyon, Nice, Tokyo, Nowhere_100%).
MORE = [
    "paris-plage",
    "PARIS NORD",
    "Parisville",
    "pARIS odd",
    "Saint-Paris",
    "100% Town",
    "100 Town",
    "a_b",
    "axb",
    "New York",
    "new york mills",
]


@pytest.fixture
async def places(db: Database, run_sql: RunSQL) -> Database:
    await create_guide_data(db)
    await ItemsService(db, "cities").create_many([{"name": name} for name in MORE])
    await run_sql("CREATE INDEX cities_name ON cities (name)")
    return db


async def names(db: Database, text: str, *, collection: str = "cities", **options: Any) -> list:
    options.setdefault("limit", 20)
    found = await ItemsService(db, collection).suggest(
        text, ["name"], fields=["id", "name"], **options
    )
    return [item["name"] for item in found]


def test_case_variants() -> None:
    assert case_variants("new y") == ["new y", "New y", "New Y", "NEW Y"]
    assert case_variants("PAR") == ["PAR", "par", "Par"]
    assert case_variants("") == []


async def test_prefix_in_the_likely_cases(places: Database) -> None:
    expected = ["Paris", "PARIS NORD", "paris-plage", "Parisville"]
    for typed in ("paris", "Paris", "PARIS"):
        found = await names(places, typed)
        assert sorted(found[:4]) == sorted(expected), typed
        assert "pARIS odd" not in found[:4]  # an odd case is not a prefix variant...
    assert "pARIS odd" in await names(places, "pARIS")  # ...unless typed that way
    # Closest first, in any case; then what contains it (the fallback search).
    assert await names(places, "pari") == [
        "Paris", "PARIS NORD", "paris-plage", "Parisville", "pARIS odd", "Saint-Paris",
    ]  # fmt: skip
    assert await names(places, "new york") == ["New York", "new york mills"]


async def test_wildcards_are_literal(places: Database) -> None:
    assert await names(places, "100%") == ["100% Town", "Nowhere_100%"]  # then "contains"
    assert await names(places, "a_") == ["a_b"]
    assert await names(places, "Nowhere_1") == ["Nowhere_100%"]
    # The same where the field has no index (one case-insensitive LIKE, escaped).
    countries = ItemsService(places, "countries")
    await countries.create_many([{"name": "Ab_c"}, {"name": "Abxc"}, {"name": "ab%d"}])
    assert await names(places, "ab_", collection="countries") == ["Ab_c"]
    assert await names(places, "AB%", collection="countries") == ["ab%d"]
    assert await names(places, "ab", collection="countries") == ["ab%d", "Ab_c", "Abxc"]


async def test_filter_limit_and_fallback(places: Database) -> None:
    in_france = {"country": {"_eq": 2}}
    assert await names(places, "", filter=in_france) == ["Lyon", "Nice", "Paris"]
    assert await names(places, "p", filter=in_france) == ["Paris"]
    assert await names(places, "paris", limit=2) == ["Paris", "PARIS NORD"]
    # The prefix found the limit: no search for the text elsewhere.
    assert "Saint-Paris" not in await names(places, "paris", limit=4)
    assert "Saint-Paris" in await names(places, "paris", limit=6)
    assert await names(places, "aint-pa") == ["Saint-Paris"]  # only the search finds it
    assert await names(places, "zzz") == []
    assert len(await names(places, "", limit=3)) == 3


async def test_relations_are_read_once_per_level(places: Database) -> None:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    await places.overview()
    service = ItemsService(places, "cities")
    await service.suggest("x", ["name"], fields=["name"])  # PostgreSQL: collations read once
    event.listen(places.engine.sync_engine, "before_cursor_execute", count)
    try:
        found = await service.suggest("pari", ["name"], fields=["name", "country.name"])
    finally:
        event.remove(places.engine.sync_engine, "before_cursor_execute", count)
    assert found[0] == {"name": "Paris", "country": {"name": "France"}}
    assert len(statements) == 3  # the prefix arms, the search, the countries


async def test_prefix_is_an_index_range(places: Database) -> None:
    """Every case variant is answered from the name index: SQLite's plan names the range;
    PostgreSQL's planner, with sequential scans priced out (the table is tiny), uses it too."""
    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if "__match" in statement:
            seen.append((statement, parameters))

    await places.overview()
    event.listen(places.engine.sync_engine, "before_cursor_execute", keep)
    try:
        await names(places, "par", limit=3)
    finally:
        event.remove(places.engine.sync_engine, "before_cursor_execute", keep)
    assert seen
    plans: list[str] = []
    async with places.transaction() as conn:  # SET LOCAL needs a transaction (reads autocommit)
        if places.dialect == "postgresql":
            await conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            for statement, parameters in seen:
                rows = await conn.exec_driver_sql("EXPLAIN " + statement, parameters)
                plans.extend(str(row[0]) for row in rows)
            scans = [p for p in plans if "on cities" in p]
            assert len(scans) == 3, plans  # as typed, Capitalised, UPPER
            assert all("Index" in p and "cities_name" in p for p in scans), plans
            return
        for statement, parameters in seen:
            rows = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            plans.extend(str(row[-1]) for row in rows)
    searches = [plan for plan in plans if plan.startswith(("SEARCH cities", "SCAN cities"))]
    assert len(searches) == 3  # as typed, Capitalised, UPPER
    for plan in searches:  # (a covering index when only the key and name are read)
        assert plan.startswith("SEARCH cities USING ") and plan.endswith(
            "INDEX cities_name (name>? AND name<?)"
        ), plan


async def test_follow_a_relation_without_an_alias(places: Database) -> None:
    """The guide's capital_city has no reverse alias on cities: $FOLLOW names it."""
    cities = ItemsService(places, "cities")
    follow = "$FOLLOW(countries, capital_city)"
    capitals = await cities.read_many(fields=["name"], filter={follow: {"_some": {}}}, limit=-1)
    assert sorted(c["name"] for c in capitals) == ["Paris", "Santiago", "Tokyo"]
    # Cities free to become France's capital: no other country's capital (Paris stays).
    free = {follow: {"_none": {"id": {"_neq": 2}}}}
    found = await names(places, "", filter=free, limit=100)
    assert "Paris" in found and "Santiago" not in found and "Tokyo" not in found
    assert await cities.count({"$FOLLOW( countries ,capital_city )": {"name": {"_eq": "Japan"}}})
    for bad in ("$FOLLOW(countries, name)", "$FOLLOW(cities, country)", "$FOLLOW(countries)"):
        with pytest.raises(InvalidQuery, match="names no relation"):
            await cities.read_many(filter={bad: {"_some": {}}})


async def words_table(db: Database, run_sql: RunSQL, collation: str | None) -> None:
    column = f'VARCHAR(50) COLLATE "{collation}"' if collation else "VARCHAR(50)"
    serial = "SERIAL" if db.dialect == "postgresql" else "INTEGER"
    await run_sql(
        f"CREATE TABLE words (id {serial} PRIMARY KEY, name {column})",
        "CREATE INDEX words_name ON words (name)",
    )


async def test_a_linguistic_collation_loses_no_prefix(db: Database, run_sql: RunSQL) -> None:
    """Under ICU the index order is not code point order; the range still holds every match.
    (SQLite compares code points: the same words, the same answers.)"""
    collation = None
    if db.dialect == "postgresql":
        async with db.connect() as conn:
            found = await conn.exec_driver_sql(
                "SELECT 1 FROM pg_collation WHERE collname = 'en-x-icu'"
            )
            assert found.first() is not None, "PostgreSQL was built without ICU"
        collation = "en-x-icu"
    await words_table(db, run_sql, collation)
    words = ["Paz", "Pazzz", "Pazz-x", "Pa{", "Pérou", "Pe", "Pez", "Zzz", "Éclair", "Par-is"]
    await ItemsService(db, "words").create_many([{"name": w} for w in words])
    for typed, expected in [
        ("Paz", ["Paz", "Pazz-x", "Pazzz"]),
        ("Pé", ["Pérou"]),
        ("Z", ["Zzz"]),
        ("É", ["Éclair"]),
        ("Par-", ["Par-is"]),
    ]:
        limit = len(expected)  # (all found by the prefix: no search for the rest)
        found = await ItemsService(db, "words").suggest(
            typed, ["name"], fields=["name"], limit=limit
        )
        assert sorted(w["name"] for w in found) == sorted(expected), typed


async def libc_linguistic_collation(db: Database, run_sql: RunSQL) -> str | None:
    """en_US from the system's locales; without it, any linguistic libc collation the server
    knows; without any, the database's own (a server with no linguistic libc locale cannot
    have the glibc problem, and the same answers must come out all the same)."""
    for locale in ("en_US.utf8", "en_US.UTF-8"):
        try:
            await run_sql(f"CREATE COLLATION en_libc (provider = libc, locale = '{locale}')")
        except Exception:  # the server's system has no such locale
            continue
        return "en_libc"
    async with db.connect() as conn:
        found = await conn.exec_driver_sql(
            "SELECT collname FROM pg_collation WHERE collprovider = 'c' AND collencoding IN "
            "(-1, 6) AND collname NOT IN ('C', 'POSIX', 'ucs_basic') AND collname NOT LIKE "
            "'C.%' ORDER BY collname LIMIT 1"
        )
        row = found.first()
    return str(row[0]) if row is not None else None


async def test_a_libc_linguistic_collation_loses_no_prefix(db: Database, run_sql: RunSQL) -> None:
    """glibc's en_US (the official PostgreSQL image's default) ignores U+10FFFF, so "Pa" ||
    U+10FFFF sorted before "Paris" there and the prefix found nothing: every match came from
    the slower search instead, "LaPaz" before "Paz". The ceiling is the highest of a few
    candidates under the column's own collation (here one in the test's schema)."""
    collation = None
    if db.dialect == "postgresql":
        collation = await libc_linguistic_collation(db, run_sql)
    await words_table(db, run_sql, collation)
    words = ["Paz", "Pazzz", "Pazz-x", "Pa{", "LaPaz", "Pérou", "Pe", "Zzz", "Par-is", "pazifik"]
    await ItemsService(db, "words").create_many([{"name": w} for w in words])
    found = await names(db, "Paz", collection="words")
    assert sorted(found[:4]) == ["Paz", "Pazz-x", "Pazzz", "pazifik"]  # prefixes first
    assert found[4:] == ["LaPaz"]
    assert await names(db, "Par-", collection="words") == ["Par-is"]
    assert await names(db, "Pé", collection="words") == ["Pérou"]
