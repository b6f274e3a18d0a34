"""A schema made with plain SQL and no metadata: what the overview makes of it."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from studio.engine import Database, UnknownCollection, UnknownField
from studio.engine.relations import RelationKind
from studio.engine.types import format_title

EVERY_TYPE_COMMON = """
    a_string VARCHAR(120) NOT NULL DEFAULT 'draft',
    a_text TEXT,
    an_integer INTEGER DEFAULT 0,
    a_big_integer BIGINT,
    a_float REAL,
    a_double DOUBLE PRECISION,
    a_decimal NUMERIC(10, 2),
    a_whole_numeric NUMERIC(12, 0),
    a_date DATE,
    a_time TIME,
    a_csv TEXT,
    a_hash VARCHAR(255),
"""
SQLITE_EVERY_TYPE = f"""CREATE TABLE every_type (
    id INTEGER PRIMARY KEY, {EVERY_TYPE_COMMON}
    a_boolean BOOLEAN NOT NULL DEFAULT 0,
    a_date_time DATETIME,
    a_timestamp TIMESTAMP,
    a_json JSON,
    a_uuid UUID,
    an_unknown BLOB)"""
POSTGRES_EVERY_TYPE = f"""CREATE TABLE every_type (
    id SERIAL PRIMARY KEY, {EVERY_TYPE_COMMON}
    a_boolean BOOLEAN NOT NULL DEFAULT false,
    a_date_time TIMESTAMP WITHOUT TIME ZONE,
    a_timestamp TIMESTAMP WITH TIME ZONE,
    a_json JSONB,
    a_uuid UUID,
    an_unknown BYTEA)"""

EXPECTED_TYPES = {
    "id": ("integer", "input"),
    "a_string": ("string", "input"),
    "a_text": ("text", "input-multiline"),
    "an_integer": ("integer", "input"),
    "a_big_integer": ("bigInteger", "input"),
    "a_float": ("float", "input"),
    "a_double": ("float", "input"),
    "a_decimal": ("decimal", "input"),
    "a_whole_numeric": ("integer", "input"),
    "a_date": ("date", "datetime"),
    "a_time": ("time", "datetime"),
    "a_csv": ("csv", "tags"),  # from the cast-csv flag: no database has a CSV type
    "a_hash": ("hash", "input-hash"),  # from the hash flag
    "a_boolean": ("boolean", "boolean"),
    "a_date_time": ("dateTime", "datetime"),
    "a_timestamp": ("timestamp", "datetime"),
    "a_json": ("json", "input-code"),
    "a_uuid": ("uuid", "input"),
    "an_unknown": ("unknown", "input"),
    "divider": ("alias", None),  # a metadata-only presentation field
}


async def test_every_type_of_the_superset_is_recognised(db: Database, run_sql) -> None:
    await run_sql(sqlite=(SQLITE_EVERY_TYPE,), postgresql=(POSTGRES_EVERY_TYPE,))
    async with db.transaction() as conn:
        await conn.execute(
            insert(db.system.fields),
            [
                {"collection": "every_type", "field": "a_csv", "special": "cast-csv"},
                {"collection": "every_type", "field": "a_hash", "special": "hash"},
                {"collection": "every_type", "field": "divider", "special": "alias,no-data",
                 "interface": None},
            ],
        )  # fmt: skip
    db.invalidate_overview()
    collection = (await db.overview()).collection("every_type")

    found = {key: (f.type, f.interface) for key, f in collection.fields.items()}
    assert found == EXPECTED_TYPES
    assert collection.editable and collection.primary_key == "id"
    assert not collection.has_meta

    pk = collection.field("id")
    assert pk.is_primary_key and pk.has_auto_increment and pk.is_unique and not pk.nullable
    text_field = collection.field("a_string")
    assert (text_field.max_length, text_field.nullable, text_field.default_value) == (
        120, False, "draft"
    )  # fmt: skip
    assert text_field.name == "A String" and not text_field.has_meta
    decimal = collection.field("a_decimal")
    assert (decimal.numeric_precision, decimal.numeric_scale) == (10, 2)
    assert collection.field("a_boolean").default_value is False
    assert collection.field("an_integer").default_value == 0
    assert collection.field("a_csv").special == ("cast-csv",)
    assert collection.field("divider").is_alias
    assert not collection.field("a_text").is_alias


async def test_foreign_keys_are_m2o_relations_without_metadata(db: Database, run_sql) -> None:
    await run_sql(
        "CREATE TABLE countries (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
        "CREATE TABLE cities (id INTEGER PRIMARY KEY, name VARCHAR(100),"
        " country INTEGER REFERENCES countries(id) ON DELETE SET NULL)",
        "CREATE TABLE mayors (id INTEGER PRIMARY KEY, name VARCHAR(100),"
        " city INTEGER UNIQUE REFERENCES cities(id) ON DELETE CASCADE)",
    )
    overview = await db.overview()

    country = overview.relation_info("cities", "country")
    assert country.kind is RelationKind.M2O
    assert (country.related_collection, country.related_primary_key) == ("countries", "id")
    assert country.relation is not None and not country.relation.has_meta
    assert country.relation.schema is not None
    assert country.relation.schema.on_delete == "SET NULL"
    assert overview.field("cities", "country").foreign_key == country.relation.schema

    city = overview.relation_info("mayors", "city")
    assert city.kind is RelationKind.O2O
    assert city.relation is not None and city.relation.schema is not None
    assert city.relation.schema.on_delete == "CASCADE"

    assert overview.relation_info("cities", "name").kind is RelationKind.NONE
    # Without a relation row there is no reverse alias: countries gains no "cities" field.
    assert set(overview.collection("countries").fields) == {"id", "name"}


async def test_tables_that_cannot_be_edited_are_listed_with_the_reason(
    db: Database, run_sql
) -> None:
    await run_sql(
        "CREATE TABLE audit_log (happened_at VARCHAR(40), message TEXT)",
        "CREATE TABLE enrolments (student INTEGER NOT NULL, course INTEGER NOT NULL,"
        " grade VARCHAR(2), PRIMARY KEY (student, course))",
    )
    overview = await db.overview()
    keyless = overview.collection("audit_log")
    composite = overview.collection("enrolments")
    assert not keyless.editable and keyless.not_editable_reason == "it has no primary key"
    assert keyless.primary_key is None and set(keyless.fields) == {"happened_at", "message"}
    assert not composite.editable
    assert composite.not_editable_reason == "it has a composite primary key (student, course)"
    assert [c.collection for c in overview.editable_collections()] == []


async def test_system_tables_are_not_collections(db: Database, run_sql) -> None:
    await run_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    overview = await db.overview()
    assert list(overview.collections) == ["notes"]
    with pytest.raises(UnknownCollection, match="no collection named 'studio_fields'"):
        overview.collection("studio_fields")
    with pytest.raises(UnknownField, match="'notes' has no field named 'title'") as caught:
        overview.field("notes", "title")
    assert caught.value.field == "title"


async def test_the_overview_is_cached_until_invalidated(db: Database, run_sql) -> None:
    await run_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    first = await db.overview()
    assert await db.overview() is first
    await run_sql("CREATE TABLE tags (id INTEGER PRIMARY KEY)")  # run_sql invalidates
    second = await db.overview()
    assert second is not first and set(second.collections) == {"notes", "tags"}
    with pytest.raises(TypeError):
        second.collections["x"] = second.collections["notes"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("key", "label"),
    [("date_created", "Date Created"), ("title", "Title"), ("user_id", "User ID"),
     ("countryCode", "Country Code"), ("seo-url", "SEO URL")],
)  # fmt: skip
def test_labels_come_from_keys(key: str, label: str) -> None:
    assert format_title(key) == label
