"""Values come back typed the same way on both databases; bad input names the field."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert, text

from studio.engine import Database
from studio.engine.errors import InvalidValue
from studio.engine.items import ItemsService
from studio.engine.values import verify_secret

COLUMNS = (
    "label VARCHAR(10) NOT NULL, body TEXT, amount INTEGER, big BIGINT, ratio {float},"
    " price NUMERIC(8,2), flag BOOLEAN, day DATE, at_time TIME, moment {datetime},"
    " stamp {timestamp}, data JSON, tags TEXT, token UUID, secret VARCHAR(255),"
    " code VARCHAR(3), rank INTEGER UNIQUE"
)
FIELDS = [
    {"collection": "things", "field": "tags", "special": "cast-csv"},
    {"collection": "things", "field": "secret", "special": "hash"},
    {"collection": "things", "field": "body", "required": True},
    {
        "collection": "things",
        "field": "code",
        "validation": {"_and": [{"code": {"_regex": "^[A-Z]{3}$"}}]},
        "validation_message": "Use three capital letters, like EUR.",
    },
]


@pytest.fixture
async def things(db: Database) -> ItemsService:
    if db.dialect == "postgresql":
        kinds = {"float": "DOUBLE PRECISION", "datetime": "TIMESTAMP", "timestamp": "TIMESTAMPTZ"}
        key = "id SERIAL PRIMARY KEY"
    else:
        kinds = {"float": "REAL", "datetime": "DATETIME", "timestamp": "TIMESTAMP"}
        key = "id INTEGER PRIMARY KEY"
    async with db.transaction() as conn:
        await conn.execute(text(f"CREATE TABLE things ({key}, {COLUMNS.format(**kinds)})"))
        for row in FIELDS:
            await conn.execute(insert(db.system.fields).values(**row))
    db.invalidate_overview()
    return ItemsService(db, "things")


GOOD: dict[str, Any] = {
    "label": "lamp",
    "body": "A lamp.",
    "amount": "42",
    "big": 9_000_000_000,
    "ratio": "0.25",
    "price": "12.5",
    "flag": "true",
    "day": "2024-02-29",
    "at_time": "14:30",
    "moment": "2024-02-29 14:30:05",
    "stamp": "2024-02-29T14:30:05+02:00",
    "data": {"size": [1, 2], "lit": True},
    "tags": "red, green",
    "token": "0B7F3C1E-5D1A-4C52-9A35-3F4F8F1E2A6B",
    "secret": "hunter2",
    "code": "EUR",
    "rank": 1,
}


async def test_values_come_back_typed(things: ItemsService) -> None:
    key = await things.create_one(GOOD)
    item = await things.read_one(key)
    secret = item.pop("secret")
    assert item == {
        "id": key,
        "label": "lamp",
        "body": "A lamp.",
        "amount": 42,
        "big": 9_000_000_000,
        "ratio": 0.25,
        "price": Decimal("12.50"),
        "flag": True,
        "day": date(2024, 2, 29),
        "at_time": time(14, 30),
        "moment": datetime(2024, 2, 29, 14, 30, 5),
        "stamp": datetime(2024, 2, 29, 12, 30, 5, tzinfo=UTC),
        "data": {"size": [1, 2], "lit": True},
        "tags": ["red", "green"],
        "token": uuid.UUID("0b7f3c1e-5d1a-4c52-9a35-3f4f8f1e2a6b"),
        "code": "EUR",
        "rank": 1,
    }
    assert secret != "hunter2" and verify_secret("hunter2", secret)
    assert not verify_secret("hunter3", secret)


async def test_python_values_are_accepted_as_they_are(things: ItemsService) -> None:
    moment = datetime(2023, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5)))
    key = await things.create_one(
        {
            "label": "x",
            "body": "y",
            "flag": False,
            "price": Decimal("-3.10"),
            "stamp": moment,
            "day": date(2023, 1, 2),
            "token": uuid.UUID(int=7),
            "tags": ["a", "b"],
            "data": [1, "two", None],
        }
    )
    item = await things.read_one(key, ["flag", "price", "stamp", "day", "token", "tags", "data"])
    assert item == {
        "flag": False,
        "price": Decimal("-3.10"),
        "stamp": datetime(2023, 1, 2, 8, 4, 5, tzinfo=UTC),
        "day": date(2023, 1, 2),
        "token": uuid.UUID(int=7),
        "tags": ["a", "b"],
        "data": [1, "two", None],
    }


async def test_filters_compare_typed_values(things: ItemsService) -> None:
    await things.create_one(GOOD)
    await things.create_one({**GOOD, "day": "2024-03-01", "rank": 2, "flag": False})
    found = await things.read_many(
        {"fields": ["rank"], "filter": {"day": {"_gt": "2024-02-29"}, "flag": {"_eq": "false"}}}
    )
    assert found == [{"rank": 2}]
    by_uuid = await things.read_many(
        {"fields": ["rank"], "search": "0b7f3c1e-5d1a-4c52-9a35-3f4f8f1e2a6b", "sort": ["rank"]}
    )
    assert by_uuid == [{"rank": 1}, {"rank": 2}]


BAD: list[tuple[str, Any, str]] = [
    ("label", "a lamp too long", "Label is 15 characters long; at most 10 fit."),
    ("label", None, "Label is required."),
    ("body", "   ", "Body is required."),
    ("amount", "forty-two", 'Amount must be a whole number; "forty-two" is not.'),
    ("amount", 4.5, "Amount must be a whole number; 4.5 is not."),
    ("amount", True, "Amount must be a whole number; True is not."),
    ("amount", 2**63, "Amount must be between"),
    ("big", 2**63, "Big must be between"),
    ("ratio", "quarter", 'Ratio must be a number; "quarter" is not.'),
    ("ratio", "nan", "Ratio must be a number"),
    ("price", "12.345", "Price takes at most 2 decimal places; 12.345 has more."),
    ("price", "1234567.5", "Price takes at most 6 digits before the decimal point"),
    ("price", "abc", "Price must be a number"),
    ("flag", "perhaps", 'Flag must be true or false; "perhaps" is not.'),
    ("day", "2024-02-30", 'Day must be a date such as 2024-02-29; "2024-02-30" is not.'),
    ("day", "tomorrow", "Day must be a date"),
    ("at_time", "25:00", "At Time must be a time"),
    ("moment", "2024-13-01 10:00", "Moment must be a date and time"),
    ("stamp", "yesterday", "Stamp must be a date and time"),
    ("data", {1, 2}, "Data must be a JSON value"),
    ("tags", ["a,b"], "Tags: an entry cannot contain a comma."),
    ("token", "not-a-uuid", "Token must be a UUID"),
    ("code", "eur", "Use three capital letters, like EUR."),
    ("nope", 1, "Collection 'things' has no field named 'nope'."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD, ids=[f"{b[0]}={b[1]!r}" for b in BAD])
async def test_bad_input_names_the_field(
    things: ItemsService, field: str, value: Any, message: str
) -> None:
    with pytest.raises(InvalidValue) as error:
        await things.create_one({**GOOD, field: value})
    assert error.value.field == field
    assert error.value.message.startswith(message)
    assert (await things.count()).value == 0


async def test_unique_violation_is_told_per_field(things: ItemsService) -> None:
    await things.create_one(GOOD)
    with pytest.raises(InvalidValue) as error:
        await things.create_one({**GOOD, "label": "other"})
    assert error.value.field == "rank"
    assert error.value.message == "Rank must be unique: another item already has 1."
    assert (await things.count()).value == 1


async def test_missing_required_column_on_create(things: ItemsService) -> None:
    with pytest.raises(InvalidValue, match="Label is required") as error:
        await things.create_one({"body": "x"})
    assert error.value.field == "label"


async def test_update_checks_only_what_it_changes(things: ItemsService) -> None:
    key = await things.create_one(GOOD)
    await things.update_one(key, {"amount": "7"})
    assert (await things.read_one(key, ["amount", "label"])) == {"amount": 7, "label": "lamp"}
    with pytest.raises(InvalidValue, match="Body is required"):
        await things.update_one(key, {"body": ""})
    with pytest.raises(InvalidValue, match="cannot change"):
        await things.update_one(key, {"id": key + 1})


async def test_check_constraint_and_awkward_names(db: Database, run_sql) -> None:
    """Reserved words and spaces in names are quoted; a CHECK failure is told, not a traceback."""
    key = "SERIAL" if db.dialect == "postgresql" else "INTEGER"
    await run_sql(
        f'CREATE TABLE "order" (id {key} PRIMARY KEY, "select" VARCHAR(20),'
        ' "Unit Price" INTEGER CONSTRAINT price_not_negative CHECK ("Unit Price" >= 0))'
    )
    orders = ItemsService(db, "order")
    first = await orders.create_one({"select": "it", "Unit Price": 3})
    await orders.update_one(first, {"select": "that"})
    found = await orders.read_many(
        {"filter": {"select": {"_eq": "that"}}, "sort": ["-Unit Price"], "search": "tha"}
    )
    assert found == [{"id": first, "select": "that", "Unit Price": 3}]
    with pytest.raises(InvalidValue, match="breaks the rule") as error:
        await orders.create_one({"select": "bad", "Unit Price": -1})
    assert error.value.message.startswith("The item breaks the rule")
    assert (await orders.count()).value == 1


async def test_a_validation_rule_does_not_refuse_clearing_a_nullable_field(
    things: ItemsService,
) -> None:
    """As in Directus's app: an empty value is the required check's business, not the rule's."""
    key = await things.create_one(GOOD)
    await things.update_one(key, {"code": None})
    assert (await things.read_one(key, ["code"]))["code"] is None
    with pytest.raises(InvalidValue, match="Use three capital letters"):
        await things.update_one(key, {"code": "eu"})
