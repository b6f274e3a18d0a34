"""Regressions found in review of the items service; each was a failing probe first."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from sqlalchemy import event, insert, text

from studio.engine.errors import InvalidQuery, InvalidValue
from studio.engine.items import ItemsService


async def rows(db, sql):
    async with db.connect() as conn:
        return [tuple(r) for r in (await conn.execute(text(sql))).all()]


# 1. $NOW on a date field
async def test_now_on_date_field(db, run_sql):
    await run_sql("CREATE TABLE events (id INTEGER PRIMARY KEY, day DATE, at TIMESTAMP)")
    svc = ItemsService(db, "events")
    await svc.create_one({"id": 1, "day": "2000-01-01"})
    got = await svc.read_many(filter={"day": {"_lt": "$NOW"}})
    assert [r["id"] for r in got] == [1]


# 2. validation on a decimal with a string operand
async def test_decimal_validation_string_operand(db, run_sql):
    await run_sql("CREATE TABLE prices (id INTEGER PRIMARY KEY, price NUMERIC(10,2))")
    async with db.transaction() as conn:
        await conn.execute(
            insert(db.system.fields).values(
                collection="prices",
                field="price",
                validation={"price": {"_gte": "3"}},
                validation_message="too cheap",
            )
        )
    db.invalidate_overview()
    await ItemsService(db, "prices").create_one({"id": 1, "price": "10"})


# 3. create_many skips the M2A scope check that create_one does
async def test_create_many_m2a_scope(guide):
    svc = ItemsService(guide, "pages_sections")
    with pytest.raises(InvalidValue):
        await svc.create_one({"pages_id": 1, "collection": "bogus", "item": "1"})
    with pytest.raises(InvalidValue):
        await svc.create_many([{"pages_id": 1, "collection": "bogus", "item": "1"}])


# 4. M2A item pointing at a missing item is stored
async def test_m2a_missing_item(guide):
    with pytest.raises(InvalidValue):
        await ItemsService(guide, "pages").update_one(
            1, {"sections": {"create": [{"collection": "headings", "item": 999}]}}
        )


# 5. nested child's error names the child's field only (ambiguous with the parent's)
async def test_nested_error_field(guide):
    with pytest.raises(InvalidValue) as e:
        await ItemsService(guide, "countries").create_one(
            {"name": "Peru", "cities": [{"name": "Lima"}, {"name": "x" * 200}]}
        )
    assert e.value.field == "cities"


# 6. an unknown key in an O2M array raises ItemNotFound, not InvalidValue
async def test_o2m_unknown_key(guide):
    with pytest.raises(InvalidValue) as e:
        await ItemsService(guide, "countries").update_one(2, {"cities": [3, 999]})
    assert e.value.field == "cities"


# 7. caller's connection: a failed nested write leaves partial rows in the caller's transaction
async def test_callers_connection_partial(guide):
    async with guide.transaction() as conn:
        svc = ItemsService(guide, "countries", connection=conn)
        with contextlib.suppress(InvalidValue):
            await svc.create_one(
                {"name": "Peru", "cities": [{"name": "Lima"}, {"name": "Cusco"}, {"name": None}]}
            )
    assert await rows(guide, "SELECT count(*) FROM cities WHERE name IN ('Lima','Cusco')") == [(0,)]
    assert await rows(guide, "SELECT count(*) FROM countries WHERE name = 'Peru'") == [(0,)]


SORTS = [
    ["country.name", "-name"],
    ["-country.name", "name"],
    ["-country", "name"],
    ["country", "-name"],
    ["-country.name"],
    ["country.name"],
    ["-country", "-id"],
    ["country.capital_city", "-name"],
    ["-country.capital_city", "name"],
]


@pytest.mark.parametrize("sort", SORTS)
async def test_keyset_walk(guide, sort):
    svc = ItemsService(guide, "cities")
    # add more null/ties
    await svc.create_many(
        [
            {"name": "Zed"},
            {"name": "Alpha"},
            {"name": "Paris", "country": 4},
            {"name": "Lyon", "country": 2},
        ]
    )
    full = [r["id"] for r in await svc.read_many(fields=["id"], sort=sort, limit=-1)]
    for size in (1, 2, 3):
        seen, after = [], None
        for _ in range(50):
            page = await svc.read_page(fields=["id"], sort=sort, limit=size, after=after)
            seen += [r["id"] for r in page.items]
            if page.after is None:
                break
            after = page.after
        assert seen == full, (size, seen, full)


async def test_deep_limit_sorted(guide):
    got = await ItemsService(guide, "countries").read_many(
        fields=["id", "cities.name"],
        deep={"cities": {"_limit": 2, "_sort": ["-name"]}},
        sort=["id"],
    )
    assert got[1]["cities"] == [{"name": "Paris"}, {"name": "Nice"}]


async def test_big_decimal_roundtrip(db, run_sql):
    await run_sql("CREATE TABLE money (id INTEGER PRIMARY KEY, amount NUMERIC(20,2))")
    svc = ItemsService(db, "money")
    if db.dialect == "sqlite":  # SQLite keeps 15 digits: refused rather than rounded
        with pytest.raises(InvalidValue, match="SQLite keeps 15"):
            await svc.create_one({"id": 1, "amount": "123456789012345678.91"})
        return
    await svc.create_one({"id": 1, "amount": "123456789012345678.91"})
    got = (await svc.read_one(1))["amount"]
    assert got == Decimal("123456789012345678.91"), got


async def test_sqlite_integer_key_beyond_int32(db, run_sql):
    kind = "BIGINT" if db.dialect == "postgresql" else "INTEGER"  # every SQLite integer is 64-bit
    await run_sql(f"CREATE TABLE big (id {kind} PRIMARY KEY, name VARCHAR(10))")
    await run_sql("INSERT INTO big (id, name) VALUES (3000000000, 'x')")
    svc = ItemsService(db, "big")
    assert (await svc.read_one(3000000000))["name"] == "x"
    await svc.update_one(3000000000, {"name": "y"})


async def test_translations_delete_then_create_same_language(guide, run_sql):
    await run_sql(
        "UPDATE studio_relations SET one_deselect_action = 'delete' "
        "WHERE many_collection = 'articles_translations' AND many_field = 'articles_id'"
    )
    svc = ItemsService(guide, "articles")
    await svc.update_one(
        1,
        {"translations": {"delete": [2], "create": [{"languages_code": "de-DE", "title": "Neu"}]}},
    )
    assert await rows(
        guide,
        "SELECT languages_code, title FROM articles_translations "
        "WHERE articles_id = 1 ORDER BY languages_code",
    ) == [("de-DE", "Neu"), ("en-US", "Introduction")]


async def test_update_many_with_nested_m2o_object(guide):
    await ItemsService(guide, "cities").update_many([1, 2], {"country": {"name": "Neverland"}})
    assert len(await rows(guide, "SELECT id FROM countries WHERE name='Neverland'")) == 1


async def test_json_eq_filter(db, run_sql):
    await run_sql("CREATE TABLE docs (id INTEGER PRIMARY KEY, data JSON)")
    svc = ItemsService(db, "docs")
    await svc.create_one({"id": 1, "data": {"a": 1}})
    with pytest.raises(InvalidQuery, match="holds JSON values") as error:
        await svc.read_many(filter={"data": {"_eq": {"a": 1}}})
    assert error.value.field == "data"
    found = await svc.read_many(filter={"data": {"_contains": '"a"'}})
    assert [r["id"] for r in found] == [1]


async def test_date_created_vs_now(db, run_sql):
    await run_sql(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, created TIMESTAMP)",
        postgresql=(),
        sqlite=(),
    )
    async with db.transaction() as conn:
        await conn.execute(
            insert(db.system.fields).values(
                collection="notes", field="created", special="date-created"
            )
        )
    db.invalidate_overview()
    svc = ItemsService(db, "notes")
    await svc.create_one({"id": 1, "body": "x"})
    got = await svc.read_many(filter={"created": {"_lte": "$NOW"}})
    assert [r["id"] for r in got] == [1]


async def test_nbetween_null(guide):
    # ARCHITECTURE: negations also match NULL
    neq = await ItemsService(guide, "cities").read_many(
        filter={"country": {"_neq": 2}}, fields=["id"]
    )
    nb = await ItemsService(guide, "cities").read_many(
        filter={"country": {"_nbetween": [2, 2]}}, fields=["id"]
    )
    assert [r["id"] for r in nb] == [r["id"] for r in neq]


async def test_deep_through_m2o_ignored(guide):
    got = await ItemsService(guide, "cities").read_one(
        1, ["country.cities.name"], deep={"country": {"cities": {"_limit": 1}}}
    )
    assert len(got["country"]["cities"]) == 1, got


async def test_keyset_uuid_key(db, run_sql):
    await run_sql(
        sqlite=("CREATE TABLE tags (id UUID PRIMARY KEY, name VARCHAR(20) NOT NULL)",),
        postgresql=("CREATE TABLE tags (id UUID PRIMARY KEY, name VARCHAR(20) NOT NULL)",),
    )
    svc = ItemsService(db, "tags")
    await svc.create_many([{"name": n} for n in "abcab"])
    full = [r["id"] for r in await svc.read_many(sort=["name"], limit=-1)]
    seen, after = [], None
    while True:
        page = await svc.read_page(sort=["name"], limit=2, after=after)
        seen += [r["id"] for r in page.items]
        if page.after is None:
            break
        after = page.after
    assert seen == full


async def test_keyset_not_null_date(db, run_sql):
    await run_sql(
        "CREATE TABLE ev (id INTEGER PRIMARY KEY, day DATE NOT NULL, amount NUMERIC(8,2) NOT NULL)"
    )
    svc = ItemsService(db, "ev")
    await svc.create_many(
        [{"id": i, "day": f"2024-01-0{1 + i % 3}", "amount": f"{i % 2}.50"} for i in range(1, 8)]
    )
    for sort in (["day"], ["-day"], ["amount", "day"], ["-amount", "-day"]):
        full = [r["id"] for r in await svc.read_many(sort=sort, limit=-1)]
        seen, after = [], None
        while True:
            page = await svc.read_page(sort=sort, limit=2, after=after)
            seen += [r["id"] for r in page.items]
            if page.after is None:
                break
            after = page.after
        assert seen == full, sort


async def count_statements(db, coro):
    n = 0

    def on(*a, **k):
        nonlocal n
        n += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", on)
    try:
        await coro
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", on)
    return n


async def test_a2o_and_m2o_levels(guide):
    pages = ItemsService(guide, "pages")
    fields = [
        "title",
        "sections.item:headings.title",
        "sections.item:text_bodies.body",
        "sections.collection",
    ]
    await pages.read_many(fields=fields)
    small = await count_statements(guide, pages.read_many(fields=fields))
    await pages.create_many(
        [
            {
                "title": f"P{i}",
                "sections": [
                    {"collection": "headings", "item": {"title": f"h{i}"}},
                    {"collection": "text_bodies", "item": {"body": f"b{i}"}},
                ],
            }
            for i in range(30)
        ]
    )
    big = await count_statements(guide, pages.read_many(fields=fields))
    assert small == big, (small, big)
    countries = ItemsService(guide, "countries")
    f2 = ["name", "cities.name", "capital_city.country.name"]
    await countries.read_many(fields=f2)
    a = await count_statements(guide, countries.read_many(fields=f2))
    await countries.create_many(
        [{"name": f"C{i}", "cities": [{"name": f"c{i}"}]} for i in range(30)]
    )
    b = await count_statements(guide, countries.read_many(fields=f2))
    assert a == b, (a, b)


@pytest.mark.parametrize(
    "collection,fields",
    [
        ("countries", ["name", "cities.country.name"]),
        ("recipes", ["title", "ingredients.*.*"]),
        ("pages", ["*.*.*"]),
    ],
)
async def test_back_reference(guide, collection, fields):
    got = await ItemsService(guide, collection).read_many(fields=fields)
    assert got and all(isinstance(item, dict) for item in got)


async def test_csv_length(db, run_sql):
    await run_sql("CREATE TABLE posts (id INTEGER PRIMARY KEY, tags VARCHAR(10))")
    async with db.transaction() as conn:
        await conn.execute(
            insert(db.system.fields).values(collection="posts", field="tags", special="cast-csv")
        )
    db.invalidate_overview()
    with pytest.raises(InvalidValue) as e:
        await ItemsService(db, "posts").create_one({"id": 1, "tags": ["alpha", "beta", "gamma"]})
    assert e.value.field == "tags"


async def test_create_many_required_alias(guide, run_sql):
    await run_sql(
        "UPDATE studio_fields SET required = TRUE"
        " WHERE collection = 'countries' AND field = 'cities'"
    )
    svc = ItemsService(guide, "countries")
    with pytest.raises(InvalidValue):
        await svc.create_one({"name": "Oz"})
    with pytest.raises(InvalidValue):
        await svc.create_many([{"name": "Oz"}])
