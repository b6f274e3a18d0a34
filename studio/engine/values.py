"""Values crossing the engine's edge: user input coerced per field type, and database values typed.

Both databases must hand back the same Python values (SQLite keeps dates as text and booleans as
integers; PostgreSQL has real types), and both must be given values their driver accepts. Input
errors name the field and say, in words a person can act on, what is wrong.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import secrets
import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from studio.engine import types as ft
from studio.engine.errors import InvalidValue
from studio.engine.schema import FieldInfo

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
_TRUE = {"true", "1", "yes", "y", "on", "t"}
_FALSE = {"false", "0", "no", "n", "off", "f"}
_INTEGER_TEXT = re.compile(r"^[+-]?\d+$")
HASH_PREFIX = "$scrypt$"
SQLITE_DECIMAL_DIGITS = 15


def coerce(field: FieldInfo, value: Any, dialect: str | None = None) -> Any:
    """The Python value for `field` from what a person or a caller gave; None stays None.

    Raises InvalidValue naming the field. Lengths and precision are checked here because SQLite
    enforces neither, and a value silently cut or rounded is a lost edit. `dialect` matters for
    limits: every SQLite integer is 64-bit, and its decimal columns keep 15 significant digits.
    """
    if value is None:
        return None
    kind = field.type
    label = field.name
    try:
        handler = _COERCERS.get(kind)
        if kind == ft.INTEGER and dialect == "sqlite":
            result = _integer(field, value, INT64)
        else:
            result = handler(field, value) if handler else value
    except InvalidValue:
        raise
    except (ValueError, TypeError, InvalidOperation, OverflowError):
        raise InvalidValue(_expected(field, value), field=field.field) from None
    stored = ",".join(result) if kind == ft.CSV else result
    if isinstance(stored, str) and field.max_length and len(stored) > field.max_length:
        raise InvalidValue(
            f"{label} is {len(stored)} characters long; at most {field.max_length} fit.",
            field=field.field,
        )
    if kind == ft.DECIMAL and dialect == "sqlite":
        digits = len(result.as_tuple().digits)
        if digits > SQLITE_DECIMAL_DIGITS:
            raise InvalidValue(
                f"{label} has {digits} significant digits; SQLite keeps "
                f"{SQLITE_DECIMAL_DIGITS} in a decimal column, so {result} would change.",
                field=field.field,
            )
    return result


def _expected(field: FieldInfo, value: Any) -> str:
    shown = repr(value) if not isinstance(value, str) else f'"{value}"'
    what = {
        ft.INTEGER: "a whole number",
        ft.BIG_INTEGER: "a whole number",
        ft.FLOAT: "a number",
        ft.DECIMAL: "a number",
        ft.BOOLEAN: "true or false",
        ft.DATE: "a date such as 2024-02-29",
        ft.TIME: "a time such as 14:30 or 14:30:05",
        ft.DATETIME: "a date and time such as 2024-02-29 14:30",
        ft.TIMESTAMP: "a date and time such as 2024-02-29T14:30:00Z",
        ft.JSON: "a JSON value",
        ft.CSV: "a list of texts",
        ft.UUID: "a UUID such as 0b7f3c1e-5d1a-4c52-9a35-3f4f8f1e2a6b",
        ft.STRING: "text",
        ft.TEXT: "text",
        ft.HASH: "text",
    }.get(field.type, "a value")
    return f"{field.name} must be {what}; {shown} is not."


def _text(field: FieldInfo, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise TypeError
    return value if isinstance(value, str) else str(value)


def _integer(field: FieldInfo, value: Any, limits: tuple[int, int] | None = None) -> int:
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != value or value % 1 != 0:
            raise ValueError
        number = int(value)
    elif isinstance(value, str) and _INTEGER_TEXT.match(value.strip()):
        number = int(value.strip())
    else:
        raise ValueError
    low, high = limits or (INT64 if field.type == ft.BIG_INTEGER else INT32)
    if not low <= number <= high:
        raise InvalidValue(
            f"{field.name} must be between {low:,} and {high:,}; {number:,} is out of range.",
            field=field.field,
        )
    return number


def _float(field: FieldInfo, value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError
    number = float(value.strip() if isinstance(value, str) else value)
    if not math.isfinite(number):
        raise ValueError
    return number


def _decimal(field: FieldInfo, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, float):
        value = repr(value)
    number = Decimal(value.strip() if isinstance(value, str) else value)
    if not number.is_finite():
        raise ValueError
    scale = field.numeric_scale
    precision = field.numeric_precision
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if scale is not None and -exponent > scale:
        if number != number.quantize(Decimal(1).scaleb(-scale)):
            places = f"at most {_count(scale, 'decimal place')}" if scale else "no decimal places"
            raise InvalidValue(
                f"{field.name} takes {places}; {number} has more.", field=field.field
            )
        number = number.quantize(Decimal(1).scaleb(-scale))
    if precision is not None:
        whole_digits = max(len(str(abs(int(number)))) if int(number) else 0, 0)
        allowed = precision - (scale or 0)
        if whole_digits > allowed:
            raise InvalidValue(
                f"{field.name} takes at most {_count(allowed, 'digit')} before the decimal point; "
                f"{number} has {whole_digits}.",
                field=field.field,
            )
    return number


def _boolean(field: FieldInfo, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise ValueError


def _date(field: FieldInfo, value: Any) -> date:
    if isinstance(value, datetime):
        raise TypeError
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise TypeError


def _time(field: FieldInfo, value: Any) -> time:
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        return time.fromisoformat(value.strip())
    raise TypeError


def _parse_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time())
        return datetime.fromisoformat(text)
    raise TypeError


def _datetime(field: FieldInfo, value: Any) -> datetime:
    moment = _parse_datetime(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _timestamp(field: FieldInfo, value: Any) -> datetime:
    moment = _parse_datetime(value)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _json(field: FieldInfo, value: Any) -> Any:
    json.dumps(value, allow_nan=False)  # raises TypeError/ValueError for what JSON cannot hold
    return value


def _csv(field: FieldInfo, value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        items = [_text(field, item).strip() for item in value]
        if any("," in item for item in items):
            raise InvalidValue(f"{field.name}: an entry cannot contain a comma.", field=field.field)
        return [item for item in items if item]
    raise TypeError


def _uuid(field: FieldInfo, value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        return uuid.UUID(value.strip())
    raise TypeError


def _hash(field: FieldInfo, value: Any) -> str:
    text = _text(field, value)
    return text if text.startswith(HASH_PREFIX) else hash_secret(text)


_COERCERS = {
    ft.STRING: _text,
    ft.TEXT: _text,
    ft.INTEGER: _integer,
    ft.BIG_INTEGER: _integer,
    ft.FLOAT: _float,
    ft.DECIMAL: _decimal,
    ft.BOOLEAN: _boolean,
    ft.DATE: _date,
    ft.TIME: _time,
    ft.DATETIME: _datetime,
    ft.TIMESTAMP: _timestamp,
    ft.JSON: _json,
    ft.CSV: _csv,
    ft.UUID: _uuid,
    ft.HASH: _hash,
}


def hash_secret(secret: str) -> str:
    """A salted scrypt hash (standard library), so a `hash` field never stores the secret."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    encode = base64.b64encode
    return f"{HASH_PREFIX}n=16384,r=8,p=1${encode(salt).decode()}${encode(digest).decode()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        _, _, params, salt, digest = stored.split("$")
        settings = dict(part.split("=") for part in params.split(","))
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            secret.encode(),
            salt=base64.b64decode(salt),
            n=int(settings["n"]),
            r=int(settings["r"]),
            p=int(settings["p"]),
            dklen=len(expected),
        )
    except (ValueError, KeyError):
        return False
    return secrets.compare_digest(actual, expected)


def to_db(field: FieldInfo, value: Any, dialect: str) -> Any:
    """A coerced value as the driver wants it bound.

    SQLite gets ISO text for dates (the sqlite3 adapters are deprecated), text for decimals and
    UUIDs; PostgreSQL gets native objects, except JSON and UUIDs which asyncpg takes as text
    (SQLAlchemy's asyncpg dialect installs a text codec for json/jsonb).
    """
    if value is None:
        return None
    kind = field.type
    if kind == ft.JSON:
        return json.dumps(value, ensure_ascii=False)
    if kind == ft.CSV:
        return ",".join(value)
    if kind == ft.UUID:
        return str(value)
    if dialect == "postgresql":
        return value
    if kind == ft.DECIMAL:
        return str(value)
    if kind == ft.BOOLEAN:
        return 1 if value else 0
    if kind in (ft.DATE, ft.TIME):
        return value.isoformat()
    if kind in (ft.DATETIME, ft.TIMESTAMP):
        return value.isoformat(sep=" ")
    return value


def from_db(field: FieldInfo, raw: Any) -> Any:
    """A value read from either database, typed by the field (the same on both)."""
    if raw is None:
        return None
    reader = _READERS.get(field.type)
    if reader is None:
        return raw
    try:
        return reader(field, raw)
    except (ValueError, TypeError, InvalidOperation):
        return raw  # data written by someone else in a shape we cannot read: shown as it is


def _read_bool(field: FieldInfo, raw: Any) -> bool:
    if isinstance(raw, str):
        return raw.strip().lower() in _TRUE
    return bool(raw)


def _read_decimal(field: FieldInfo, raw: Any) -> Decimal:
    number = (
        raw
        if isinstance(raw, Decimal)
        else Decimal(repr(raw) if isinstance(raw, float) else str(raw))
    )
    if field.numeric_scale is not None:
        number = number.quantize(Decimal(1).scaleb(-field.numeric_scale))
    return number


def _read_date(field: FieldInfo, raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    return date.fromisoformat(str(raw)[:10])


def _read_time(field: FieldInfo, raw: Any) -> time:
    if isinstance(raw, time):
        return raw.replace(tzinfo=None)
    return time.fromisoformat(str(raw))


def _read_datetime(field: FieldInfo, raw: Any) -> datetime:
    return _datetime(field, raw if isinstance(raw, datetime) else str(raw))


def _read_timestamp(field: FieldInfo, raw: Any) -> datetime:
    return _timestamp(field, raw if isinstance(raw, datetime) else str(raw))


def _read_json(field: FieldInfo, raw: Any) -> Any:
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


def _read_csv(field: FieldInfo, raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(item) for item in raw]
    return [part for part in str(raw).split(",") if part]


def _read_uuid(field: FieldInfo, raw: Any) -> uuid.UUID:
    return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))


_READERS = {
    ft.INTEGER: lambda f, raw: int(raw),
    ft.BIG_INTEGER: lambda f, raw: int(raw),
    ft.FLOAT: lambda f, raw: float(raw),
    ft.DECIMAL: _read_decimal,
    ft.BOOLEAN: _read_bool,
    ft.DATE: _read_date,
    ft.TIME: _read_time,
    ft.DATETIME: _read_datetime,
    ft.TIMESTAMP: _read_timestamp,
    ft.JSON: _read_json,
    ft.CSV: _read_csv,
    ft.UUID: _read_uuid,
}


def is_empty(value: Any) -> bool:
    """What `required` refuses: nothing, or only whitespace, or an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple | dict) and not value


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
