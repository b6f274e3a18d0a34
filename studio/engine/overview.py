"""Building the schema overview: the database's tables merged with the system tables' rows.

Metadata is optional (as in Directus): a table or column with no row gets sensible defaults, and a
database foreign key is an M2O even with no relation row. Tables that cannot be edited (no primary
key, composite key) are kept with the reason, so nothing silently disappears.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncConnection

from studio.engine import types as ft
from studio.engine.introspect import ColumnSchema, TableSchema, introspect, parse_default
from studio.engine.schema import (
    CollectionInfo,
    FieldInfo,
    ForeignKey,
    Relation,
    SchemaOverview,
    freeze,
)
from studio.engine.system import SystemTables

_COLLECTION_META = (
    "icon", "note", "display_template", "hidden", "singleton", "translations", "archive_field",
    "archive_app_filter", "archive_value", "unarchive_value", "sort_field", "accountability",
    "color", "item_duplication_fields", "sort", "group", "collapse", "preview_url", "versioning",
)  # fmt: skip
_FIELD_META = (
    "interface", "options", "display", "display_options", "readonly", "hidden", "required",
    "width", "group", "sort", "note", "conditions", "validation", "validation_message",
    "searchable", "translations",
)  # fmt: skip


async def build_overview(conn: AsyncConnection, system: SystemTables) -> SchemaOverview:
    return await conn.run_sync(build_overview_sync, system)


def build_overview_sync(conn: Connection, system: SystemTables) -> SchemaOverview:
    tables = introspect(conn, system.table_names)
    collection_rows = {r["collection"]: r for r in _rows(conn, system.collections)}
    field_rows: dict[str, dict[str, dict[str, Any]]] = {}
    for row in _rows(conn, system.fields, system.fields.c.id):
        field_rows.setdefault(row["collection"], {})[row["field"]] = row
    relation_rows = _rows(conn, system.relations, system.relations.c.id)

    excluded = system.table_names
    relations = _merge_relations(tables, relation_rows, excluded)
    junctions = {r.many_collection for r in relations if r.junction_field is not None}

    collections: dict[str, CollectionInfo] = {}
    for name, table in tables.items():
        collections[name] = _collection(
            table, collection_rows.get(name), field_rows.get(name, {}), name in junctions
        )
    for name, row in collection_rows.items():
        if name not in tables and name not in excluded:
            collections[name] = _folder(row)
    ordered = dict(sorted(collections.items(), key=lambda kv: _collection_order(kv[1])))
    return SchemaOverview(
        dialect=conn.dialect.name,
        collections=MappingProxyType(ordered),
        relations=tuple(relations),
    )


def _rows(conn: Connection, table: Any, order: Any = None) -> list[dict[str, Any]]:
    query = select(table)
    if order is not None:
        query = query.order_by(order)
    return [dict(row._mapping) for row in conn.execute(query)]


def _collection_order(collection: CollectionInfo) -> tuple[Any, ...]:
    return (collection.sort is None, collection.sort or 0, collection.collection)


def _merge_relations(
    tables: dict[str, TableSchema], rows: Iterable[dict[str, Any]], excluded: frozenset[str]
) -> list[Relation]:
    """Relation rows stitched to the live foreign keys, plus an M2O for every FK with no row."""
    foreign_keys = {
        (fk.table, fk.column): fk for table in tables.values() for fk in table.foreign_keys
    }
    relations: list[Relation] = []
    described: set[tuple[str, str]] = set()
    for row in rows:
        key = (row["many_collection"], row["many_field"])
        if key[0] in excluded or key in described:
            continue
        described.add(key)
        relations.append(
            Relation(
                many_collection=row["many_collection"],
                many_field=row["many_field"],
                one_collection=row["one_collection"],
                one_field=row["one_field"],
                one_collection_field=row["one_collection_field"],
                one_allowed_collections=_csv(row["one_allowed_collections"]),
                junction_field=row["junction_field"],
                sort_field=row["sort_field"],
                one_deselect_action=row["one_deselect_action"] or "nullify",
                schema=foreign_keys.get(key),
                has_meta=True,
                id=row["id"],
            )
        )
    for key, fk in foreign_keys.items():
        if key not in described:
            relations.append(Relation(fk.table, fk.column, fk.foreign_table, schema=fk))
    return relations


def _csv(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _collection(
    table: TableSchema,
    meta: dict[str, Any] | None,
    field_meta: dict[str, dict[str, Any]],
    is_junction: bool,
) -> CollectionInfo:
    fks = {fk.column: fk for fk in table.foreign_keys}
    fields: list[tuple[tuple[Any, ...], FieldInfo]] = []
    for position, column in enumerate(table.columns):
        info = _column_field(table, column, field_meta.get(column.name), fks.get(column.name))
        fields.append(((info.sort is None, info.sort or 0, position), info))
    column_names = {c.name for c in table.columns}
    for position, (key, row) in enumerate(field_meta.items(), start=len(table.columns)):
        special = _csv(row["special"])
        if key not in column_names and ft.ALIAS_SPECIALS & set(special):
            info = _alias_field(table.name, key, row, special)
            fields.append(((info.sort is None, info.sort or 0, position), info))
    fields.sort(key=lambda pair: pair[0])

    editable, reason = True, None
    if not table.primary_key:
        editable, reason = False, "it has no primary key"
    elif len(table.primary_key) > 1:
        editable = False
        reason = f"it has a composite primary key ({', '.join(table.primary_key)})"
    return CollectionInfo(
        collection=table.name,
        name=ft.format_title(table.name),
        fields=MappingProxyType({info.field: info for _, info in fields}),
        primary_key=table.primary_key[0] if len(table.primary_key) == 1 else None,
        editable=editable,
        not_editable_reason=reason,
        is_junction=is_junction,
        **_collection_meta(meta),
    )


def _folder(meta: dict[str, Any]) -> CollectionInfo:
    return CollectionInfo(
        collection=meta["collection"],
        name=ft.format_title(meta["collection"]),
        fields=MappingProxyType({}),
        primary_key=None,
        editable=False,
        not_editable_reason="it is a folder that groups other collections",
        is_folder=True,
        **_collection_meta(meta),
    )


def _collection_meta(meta: dict[str, Any] | None) -> dict[str, Any]:
    if meta is None:
        return {}
    values = {key: freeze(meta[key]) for key in _COLLECTION_META}
    values["hidden"] = bool(values["hidden"])
    values["singleton"] = bool(values["singleton"])
    values["versioning"] = bool(values["versioning"])
    values["archive_app_filter"] = bool(values["archive_app_filter"])
    values["collapse"] = values["collapse"] or "open"
    return {"has_meta": True, **values}


def _column_field(
    table: TableSchema, column: ColumnSchema, meta: dict[str, Any] | None, fk: ForeignKey | None
) -> FieldInfo:
    special = _csv(meta["special"]) if meta else ()
    field_type = ft.field_type_with_special(column.field_type, special)
    is_pk = column.name in table.primary_key
    return FieldInfo(
        collection=table.name,
        field=column.name,
        type=field_type,
        name=ft.format_title(column.name),
        db_type=column.db_type,
        nullable=column.nullable and not is_pk,
        default_value=None
        if column.auto_increment
        else _typed_default(field_type, parse_default(column.default)),
        max_length=column.length,
        numeric_precision=column.precision,
        numeric_scale=column.scale,
        is_primary_key=is_pk,
        is_unique=column.name in table.unique_columns or table.primary_key == (column.name,),
        is_indexed=column.name in table.indexed_columns,
        has_auto_increment=column.auto_increment,
        foreign_key=fk,
        special=special,
        **_field_meta(field_type, meta),
    )


def _alias_field(
    collection: str, key: str, meta: dict[str, Any], special: tuple[str, ...]
) -> FieldInfo:
    return FieldInfo(
        collection=collection,
        field=key,
        type=ft.ALIAS,
        name=ft.format_title(key),
        special=special,
        **_field_meta(ft.ALIAS, meta),
    )


def _field_meta(field_type: str, meta: dict[str, Any] | None) -> dict[str, Any]:
    if meta is None:
        return {"interface": ft.default_interface(field_type)}
    values = {key: freeze(meta[key]) for key in _FIELD_META}
    for flag in ("readonly", "hidden", "required", "searchable"):
        values[flag] = bool(values[flag]) if values[flag] is not None else flag == "searchable"
    values["width"] = values["width"] or "full"
    if values["interface"] is None:
        values["interface"] = ft.default_interface(field_type)
    return {"has_meta": True, "meta_id": meta["id"], **values}


def _typed_default(field_type: str, value: Any) -> Any:
    """A literal default in the field's own type (SQLite says 0 for false, PostgreSQL quotes a
    negative number); expressions such as `now()` are left as text."""
    if value is None or (isinstance(value, bool) and field_type == ft.BOOLEAN):
        return value
    try:
        if field_type == ft.BOOLEAN and str(value).lower() in {"0", "1", "true", "false"}:
            return str(value).lower() in {"1", "true"}
        if field_type in {ft.INTEGER, ft.BIG_INTEGER} and not isinstance(value, bool):
            return int(value) if str(value).lstrip("+-").isdigit() else value
        if field_type == ft.FLOAT and not isinstance(value, bool):
            return float(value)
        if field_type == ft.DECIMAL and not isinstance(value, bool):
            return Decimal(str(value))
    except (ValueError, ArithmeticError):
        return value
    if field_type in {ft.STRING, ft.TEXT, ft.HASH, ft.CSV} and isinstance(value, int | float):
        return str(value)
    return value
