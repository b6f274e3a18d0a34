"""SQLAlchemy table clauses built from the schema overview, so queries are composed, never typed.

Names come only from the overview (a name that is not there is refused before any SQL exists);
SQLAlchemy quotes every identifier that needs it and binds every value.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import TableClause, column, table
from sqlalchemy.sql.elements import ColumnElement

from studio.engine.schema import CollectionInfo, FieldInfo, SchemaOverview
from studio.engine.values import to_db


class Tables:
    """Table clauses for one overview and dialect, made once per collection."""

    def __init__(self, overview: SchemaOverview, dialect: str) -> None:
        self.overview = overview
        self.dialect = dialect
        self._tables: dict[str, TableClause] = {}

    def __call__(self, collection: CollectionInfo | str) -> TableClause:
        info = self.overview.collection(collection) if isinstance(collection, str) else collection
        found = self._tables.get(info.collection)
        if found is None:
            columns = [column(f.field) for f in info.fields.values() if not f.is_alias]
            found = table(info.collection, *columns)
            self._tables[info.collection] = found
        return found

    def aliased(self, collection: CollectionInfo, name: str) -> Any:
        return self(collection).alias(name)

    def bind(self, field: FieldInfo, value: Any) -> Any:
        """A typed value as this dialect's driver takes it."""
        return to_db(field, value, self.dialect)


def primary_key_field(collection: CollectionInfo) -> FieldInfo:
    if collection.primary_key is None:
        from studio.engine.errors import InvalidQuery

        reason = collection.not_editable_reason or "it has no primary key"
        raise InvalidQuery(f"Items of {collection.collection!r} cannot be addressed: {reason}.")
    return collection.fields[collection.primary_key]


def column_of(source: Any, name: str) -> ColumnElement[Any]:
    return source.c[name]
