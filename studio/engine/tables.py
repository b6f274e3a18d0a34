"""SQLAlchemy table clauses built from the schema overview, so queries are composed, never typed.

Names come only from the overview (a name that is not there is refused before any SQL exists);
SQLAlchemy quotes every identifier that needs it and binds every value.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, MetaData, Table
from sqlalchemy import types as sa
from sqlalchemy.sql.elements import ColumnElement

from studio.engine import types as ft
from studio.engine.schema import CollectionInfo, FieldInfo, SchemaOverview
from studio.engine.values import to_db


class Tables:
    """Table clauses for one overview and dialect, made once per collection."""

    def __init__(self, overview: SchemaOverview, dialect: str) -> None:
        self.overview = overview
        self.dialect = dialect
        self._tables: dict[str, Table] = {}
        self._aliases: dict[tuple[str, str], Any] = {}

    def __call__(self, collection: CollectionInfo | str) -> Table:
        info = self.overview.collection(collection) if isinstance(collection, str) else collection
        found = self._tables.get(info.collection)
        if found is None:
            found = Table(
                info.collection,
                MetaData(),
                *[self._column(f) for f in info.fields.values() if not f.is_alias],
            )
            self._tables[info.collection] = found
        return found

    def _column(self, field: FieldInfo) -> Column[Any]:
        kind: Any = _postgres_type(field) if self.dialect == "postgresql" else None
        if field.is_primary_key and field.has_auto_increment:
            # Marks the key SQLAlchemy may use to keep a multi-row INSERT's RETURNING in order.
            kind = sa.BigInteger() if field.type == ft.BIG_INTEGER else sa.Integer()
            return Column(field.field, kind, primary_key=True, autoincrement=True)
        return Column(
            field.field,
            kind or sa.NullType(),
            primary_key=field.is_primary_key,
            autoincrement=False,
        )

    def aliased(self, collection: CollectionInfo, name: str) -> Any:
        """The same alias object for the same name, like the tables (an alias is immutable,
        and making its column proxies on every read cost a tenth of a keyset page)."""
        found = self._aliases.get((collection.collection, name))
        if found is None:
            found = self._aliases[(collection.collection, name)] = self(collection).alias(name)
        return found

    def bind(self, field: FieldInfo, value: Any) -> Any:
        """A typed value as this dialect's driver takes it."""
        return to_db(field, value, self.dialect)


def tables_for(overview: SchemaOverview, dialect: str) -> Tables:
    """The one `Tables` of an overview. Reusing the same Table objects lets SQLAlchemy's
    compiled-statement cache hit: new Table objects per read made every page query a cache
    miss (recompiled each time, and ~50 KB each held in the cache's 500 entries)."""
    cache: dict[str, Tables] = overview.__dict__.setdefault("_tables_by_dialect", {})
    found = cache.get(dialect)
    if found is None:
        found = cache[dialect] = Tables(overview, dialect)
    return found


def primary_key_field(collection: CollectionInfo) -> FieldInfo:
    if collection.primary_key is None:
        from studio.engine.errors import InvalidQuery

        reason = collection.not_editable_reason or "it has no primary key"
        raise InvalidQuery(f"Items of {collection.collection!r} cannot be addressed: {reason}.")
    return collection.fields[collection.primary_key]


def column_of(source: Any, name: str) -> ColumnElement[Any]:
    return source.c[name]


def _postgres_type(field: FieldInfo) -> sa.TypeEngine[Any] | None:
    """The bind type asyncpg needs: SQLAlchemy casts every parameter (`$1::INTEGER`), so a big
    number needs BIGINT and a UUID compared to a uuid column needs UUID. SQLite columns stay
    untyped; values.to_db already gives its driver what it takes."""
    kind = field.type
    if kind == ft.UUID:
        is_native = (field.db_type or "").upper().startswith("UUID")
        return sa.Uuid(as_uuid=False) if is_native else None
    return _POSTGRES_TYPES.get(kind)


_POSTGRES_TYPES: dict[str, sa.TypeEngine[Any]] = {
    ft.INTEGER: sa.Integer(),
    ft.BIG_INTEGER: sa.BigInteger(),
    ft.FLOAT: sa.Float(),
    ft.DECIMAL: sa.Numeric(),
    ft.BOOLEAN: sa.Boolean(),
    ft.DATE: sa.Date(),
    ft.TIME: sa.Time(),
    ft.DATETIME: sa.DateTime(),
    ft.TIMESTAMP: sa.DateTime(timezone=True),
}
