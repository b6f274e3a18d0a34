"""The field-type superset (Directus's), and how database column types map onto it.

Types are plain strings, as they are in the system tables and in Directus's API, so that a type
read from metadata and one inferred from a column compare without conversion.
"""

from __future__ import annotations

import re
from typing import Final

from sqlalchemy import types as sa
from sqlalchemy.dialects import postgresql as pg

STRING: Final = "string"
TEXT: Final = "text"
INTEGER: Final = "integer"
BIG_INTEGER: Final = "bigInteger"
FLOAT: Final = "float"
DECIMAL: Final = "decimal"
BOOLEAN: Final = "boolean"
DATE: Final = "date"
TIME: Final = "time"
DATETIME: Final = "dateTime"
TIMESTAMP: Final = "timestamp"
JSON: Final = "json"
CSV: Final = "csv"
UUID: Final = "uuid"
HASH: Final = "hash"
ALIAS: Final = "alias"
UNKNOWN: Final = "unknown"

FIELD_TYPES: Final = (
    STRING, TEXT, INTEGER, BIG_INTEGER, FLOAT, DECIMAL, BOOLEAN, DATE, TIME, DATETIME,
    TIMESTAMP, JSON, CSV, UUID, HASH, ALIAS, UNKNOWN,
)  # fmt: skip
NUMERIC_TYPES: Final = frozenset({INTEGER, BIG_INTEGER, FLOAT, DECIMAL})
SEARCHABLE_TYPES: Final = frozenset({STRING, TEXT, INTEGER, BIG_INTEGER, FLOAT, DECIMAL, UUID})

# `special` flags that decide the type whatever the column says (Directus's get-local-type).
SPECIAL_TYPES: Final = {
    "cast-json": JSON,
    "cast-csv": CSV,
    "hash": HASH,
    "uuid": UUID,
    "cast-boolean": BOOLEAN,
    "cast-timestamp": TIMESTAMP,
    "cast-datetime": DATETIME,
}
# A metadata row with one of these flags is a field even though no column exists.
ALIAS_SPECIALS: Final = frozenset(
    {"alias", "no-data", "group", "o2m", "m2m", "m2a", "translations", "files"}
)

DEFAULT_INTERFACES: Final = {
    STRING: "input",
    TEXT: "input-multiline",
    INTEGER: "input",
    BIG_INTEGER: "input",
    FLOAT: "input",
    DECIMAL: "input",
    BOOLEAN: "boolean",
    DATE: "datetime",
    TIME: "datetime",
    DATETIME: "datetime",
    TIMESTAMP: "datetime",
    JSON: "input-code",
    CSV: "tags",
    UUID: "input",
    HASH: "input-hash",
    ALIAS: None,
    UNKNOWN: "input",
}

# SQLite keeps a column's declared type verbatim; these names carry more than its affinity does.
_SQLITE_DECLARED: Final = (
    (re.compile(r"^(UUID|UNIQUEIDENTIFIER)\b"), UUID),
    (re.compile(r"^TIMESTAMP"), TIMESTAMP),
    (re.compile(r"^(JSONB?)\b"), JSON),
    (re.compile(r"^(BOOL|BOOLEAN)\b"), BOOLEAN),
    (re.compile(r"^(BIGINT|INT8|UNSIGNED BIG INT)\b"), BIG_INTEGER),
    (re.compile(r"^DATETIME2?\b"), DATETIME),
    (re.compile(r"^(DATE)\b"), DATE),
    (re.compile(r"^(TIME|TIMETZ)\b"), TIME),
    (re.compile(r"^INTERVAL\b"), STRING),
    (re.compile(r"^(NUMERIC|DECIMAL)\s*\(\s*\d+\s*(,\s*0+\s*)?\)"), INTEGER),
    (re.compile(r"^(NUMERIC|DECIMAL)\b"), DECIMAL),
    (re.compile(r"^(REAL|FLOAT|DOUBLE)"), FLOAT),
    (re.compile(r"^(INT|INTEGER|SMALLINT|TINYINT|MEDIUMINT|INT2|INT4)\b"), INTEGER),
    (re.compile(r"^(TEXT|CLOB|LONGTEXT|MEDIUMTEXT)\b"), TEXT),
    (re.compile(r"CHAR|CLOB"), STRING),
)


def field_type_for_declared(declared: str) -> str:
    """The field type of a SQLite column from its declared type text, which SQLite keeps
    verbatim (its reflection keeps only the affinity: a `UUID` column would read as NUMERIC)."""
    name = declared.strip().upper()
    for pattern, field_type in _SQLITE_DECLARED:
        if pattern.search(name):
            return field_type
    return UNKNOWN


def field_type_for_column(column_type: sa.TypeEngine[object]) -> str:
    """The field type of a column reflected by SQLAlchemy (PostgreSQL)."""
    if isinstance(column_type, sa.Boolean):
        return BOOLEAN
    if isinstance(column_type, sa.BigInteger):
        return BIG_INTEGER
    if isinstance(column_type, sa.Integer):
        return INTEGER
    if isinstance(column_type, sa.Float | pg.MONEY):
        return FLOAT
    if isinstance(column_type, sa.Numeric):
        # numeric(p, 0) holds whole numbers; bare numeric is arbitrary precision, so decimal.
        whole = column_type.precision is not None and not column_type.scale
        return INTEGER if whole else DECIMAL
    if isinstance(column_type, pg.JSON | pg.JSONB | sa.JSON):
        return JSON
    if isinstance(column_type, sa.Uuid):
        return UUID
    if isinstance(column_type, sa.DateTime):
        return TIMESTAMP if column_type.timezone else DATETIME
    if isinstance(column_type, sa.Date):
        return DATE
    if isinstance(column_type, sa.Time):
        return TIME
    if isinstance(column_type, pg.CITEXT):
        return TEXT
    if isinstance(column_type, sa.String):
        return TEXT if isinstance(column_type, sa.Text) else STRING
    if isinstance(column_type, pg.INTERVAL):
        return STRING
    return UNKNOWN


def field_type_with_special(inferred: str, special: tuple[str, ...]) -> str:
    for flag in special:
        if flag in SPECIAL_TYPES:
            return SPECIAL_TYPES[flag]
    return inferred


def default_interface(field_type: str) -> str | None:
    return DEFAULT_INTERFACES.get(field_type, "input")


_ACRONYMS: Final = {"id", "url", "uuid", "api", "ip", "ui", "sku", "seo", "html", "json", "csv"}


def format_title(key: str) -> str:
    """A label from a key, the way Directus's formatTitle does: `date_created` → "Date Created"."""
    words = [w for w in re.split(r"[_\-\s]+|(?<=[a-z0-9])(?=[A-Z])", key) if w]
    return " ".join(w.upper() if w.lower() in _ACRONYMS else w[:1].upper() + w[1:] for w in words)
