"""Driver errors (unique, not null, foreign key, check, bad data) told in words, for both databases.

SQLite names the table and column in its message text; asyncpg carries the SQLSTATE, the column
and a detail line (`Key (name)=(Paris) already exists.`). Both become an `InvalidValue` with the
field it concerns, so the UI can put the message next to that field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import DBAPIError

from studio.engine.errors import InvalidValue
from studio.engine.schema import CollectionInfo

_SQLITE = re.compile(r"(UNIQUE|NOT NULL|CHECK) constraint failed: (?P<what>.+)$")
_PG_KEY = re.compile(r"Key \((?P<columns>[^)]*)\)=\((?P<values>.*)\) (?P<rest>.*)$")


def driver_details(error: DBAPIError) -> tuple[str | None, Any]:
    """The SQLSTATE (PostgreSQL) and the driver's own exception."""
    original = error.orig
    cause = getattr(original, "__cause__", None) or original
    state = getattr(cause, "sqlstate", None) or getattr(original, "sqlstate", None)
    return state, cause


def explain(
    error: DBAPIError,
    collection: CollectionInfo,
    values: Mapping[str, Any],
    action: str = "save",
) -> InvalidValue | None:
    """An InvalidValue for a constraint the database enforced, or None if it is something else."""
    state, cause = driver_details(error)
    text = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    if state is None:
        return _explain_sqlite(text, collection, values)
    return _explain_postgres(state, cause, text, collection, values)


def _label(collection: CollectionInfo, column: str) -> str:
    info = collection.fields.get(column)
    return info.name if info is not None else column


def _unique(collection: CollectionInfo, columns: list[str], values: Mapping[str, Any]):
    column = columns[0]
    shown = values.get(column)
    value = f" {shown!r}" if shown is not None else " this value"
    if len(columns) > 1:
        labels = ", ".join(_label(collection, c) for c in columns)
        return InvalidValue(
            f"{labels} must be unique together: another item already has these values.",
            field=column,
        )
    return InvalidValue(
        f"{_label(collection, column)} must be unique: another item already has{value}.",
        field=column,
    )


def _explain_sqlite(
    text: str, collection: CollectionInfo, values: Mapping[str, Any]
) -> InvalidValue | None:
    found = _SQLITE.search(text)
    if found:
        what = found.group("what")
        columns = [part.strip().split(".")[-1] for part in what.split(",")]
        kind = found.group(1)
        if kind == "UNIQUE":
            return _unique(collection, columns, values)
        if kind == "NOT NULL":
            return InvalidValue(f"{_label(collection, columns[0])} is required.", field=columns[0])
        column = columns[0] if columns[0] in collection.fields else None
        return InvalidValue(f"The item breaks the rule {what!r}.", field=column)
    if "FOREIGN KEY constraint failed" in text:
        return InvalidValue("A related item this refers to does not exist.")
    if "datatype mismatch" in text:
        return InvalidValue("A value does not have the type its column requires.")
    return None


def _explain_postgres(
    state: str, cause: Any, text: str, collection: CollectionInfo, values: Mapping[str, Any]
) -> InvalidValue | None:
    detail = getattr(cause, "detail", None) or ""
    column = getattr(cause, "column_name", None)
    key = _PG_KEY.search(detail)
    columns = [c.strip().strip('"') for c in key.group("columns").split(",")] if key else []
    if state == "23505":
        return _unique(collection, columns or [column or ""], values)
    if state == "23502" and column:
        return InvalidValue(f"{_label(collection, column)} is required.", field=column)
    if state == "23503":
        table = getattr(cause, "table_name", None)
        if key and "still referenced" in key.group("rest"):
            source = re.search(r'table "([^"]+)"', key.group("rest"))
            name = source.group(1) if source else "another collection"
            return InvalidValue(f"Items in {name!r} still point at this item.")
        if key and columns:
            missing = key.group("values")
            target = re.search(r'table "([^"]+)"', key.group("rest"))
            where = target.group(1) if target else (table or "the related collection")
            return InvalidValue(
                f"{_label(collection, columns[0])}: there is no item {missing!r} in {where!r}.",
                field=columns[0],
            )
        return InvalidValue("A related item this refers to does not exist.")
    if state == "23514":
        constraint = getattr(cause, "constraint_name", None) or "a check"
        return InvalidValue(f"The item breaks the rule {constraint!r}.", field=column)
    if state == "22001":
        return InvalidValue(f"A text is longer than its column allows ({text}).", field=column)
    if state in ("22003", "22P02", "22007", "22008"):
        return InvalidValue(f"A value does not fit its column ({text}).", field=column)
    return None
