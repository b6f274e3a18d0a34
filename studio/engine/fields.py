"""FieldsService: standard fields — create, update, rename, change type, delete — each one
transaction with a preview. The relational templates live in `relational.py` and are reached
through the same service (`create_m2o`, `create_m2m`, ...)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from studio.engine import types as ft
from studio.engine.changes import SchemaChange, Statement
from studio.engine.collections import drop_collection_tables, field_row, spec_column
from studio.engine.columns import ColumnSpec, Declared, column_type, server_default
from studio.engine.errors import StudioError
from studio.engine.meta_rows import field_values
from studio.engine.names import check_key, constraint_name
from studio.engine.planning import Planner, fk_name
from studio.engine.relational import RelationalTemplates
from studio.engine.schema import CollectionInfo, FieldInfo, Relation

SCHEMA_KEYS: Final = frozenset(
    {"length", "precision", "scale", "default", "nullable", "unique", "indexed"}
)
# Specials a field type implies (Directus sets them so the type survives its column).
TYPE_SPECIALS: Final = {ft.CSV: ["cast-csv"], ft.HASH: ["hash"], ft.JSON: ["cast-json"]}
_NUMBERS: Final = (ft.INTEGER, ft.BIG_INTEGER, ft.FLOAT, ft.DECIMAL)
_STRINGS: Final = (ft.STRING, ft.TEXT)
# Type changes whose conversion means the same on both databases (SQLite converts with CAST
# while copying the table, PostgreSQL with ALTER COLUMN ... USING).
CONVERTIBLE: Final = {
    ft.STRING: (ft.TEXT, *_NUMBERS),
    ft.TEXT: (ft.STRING, *_NUMBERS),
    ft.INTEGER: (ft.BIG_INTEGER, ft.FLOAT, ft.DECIMAL, *_STRINGS),
    ft.BIG_INTEGER: (ft.INTEGER, ft.FLOAT, ft.DECIMAL, *_STRINGS),
    ft.FLOAT: (ft.INTEGER, ft.BIG_INTEGER, ft.DECIMAL, *_STRINGS),
    ft.DECIMAL: (ft.INTEGER, ft.BIG_INTEGER, ft.FLOAT, ft.DECIMAL, *_STRINGS),
}
# ASCII only: Python's int() and Decimal() accept any Unicode digit ("١٢" is 12) and strip
# Unicode spaces, but SQLite's CAST reads such a value as 0 and PostgreSQL's refuses it.
_WHOLE: Final = re.compile(r"^\s*[+-]?[0-9]+\s*$", re.ASCII)
_NUMBER: Final = re.compile(
    r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$", re.ASCII
)
_FLOAT_MAX: Final = Decimal("1.7976931348623157e308")
_INT_RANGE: Final = {ft.INTEGER: 2**31, ft.BIG_INTEGER: 2**63}


def column_spec(field_type: str, schema: Mapping[str, Any] | None) -> ColumnSpec:
    values = dict(schema or {})
    unknown = sorted(set(values) - SCHEMA_KEYS)
    if unknown:
        raise StudioError(f"Unknown schema option(s): {', '.join(unknown)}.", field=unknown[0])
    return ColumnSpec(
        field_type,
        length=values.get("length"),
        precision=values.get("precision"),
        scale=values.get("scale"),
        nullable=values.get("nullable", True),
        default=values.get("default"),
        unique=bool(values.get("unique", False)),
        indexed=bool(values.get("indexed", False)),
    )


def table_collection(planner: Planner, collection: str) -> CollectionInfo:
    info = planner.collection(collection)
    if info.is_folder:
        raise StudioError(f"{collection!r} is a folder; it has no fields.", field="collection")
    return info


def check_new_field(planner: Planner, collection: str, key: str, *, input_name: str) -> None:
    check_key(key, what="field", field=input_name)
    taken = {name.lower() for name in planner.field_names(collection)}
    if key.lower() in taken:
        raise StudioError(
            f"Collection {collection!r} already has a field {key!r}.", field=input_name
        )


def plan_standard_field(
    planner: Planner,
    collection: str,
    key: str,
    field_type: str,
    schema: Mapping[str, Any] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> None:
    table_collection(planner, collection)
    check_new_field(planner, collection, key, input_name="field")
    values = field_values(meta)
    if field_type == ft.ALIAS:
        if schema:
            raise StudioError("An alias field has no column, so no schema options.", field="type")
        values.setdefault("special", "alias,no-data")
        field_row(planner, collection, key, values)
        return
    spec = column_spec(field_type, schema)
    if not spec.nullable and spec.default is None and planner.has_rows(collection):
        raise StudioError(
            f"{collection!r} has items, so a required column needs a default value for them.",
            field="default",
        )
    if spec.unique and spec.default is not None and planner.has_rows(collection):
        quote = planner.conn.dialect.identifier_preparer.quote
        rows = planner.count(f"SELECT count(*) FROM {quote(collection)}")
        if rows > 1:
            planner.change.problems.append(
                f"{rows} item(s) of {collection!r} would all get the default of the unique "
                f"field {key!r}; add it without a default or not unique, fill it in, then "
                "make it unique."
            )
    if field_type in TYPE_SPECIALS and "special" not in values:
        values["special"] = ",".join(TYPE_SPECIALS[field_type])
    values.setdefault("interface", ft.default_interface(field_type))
    planner.add_column(
        collection,
        spec_column(key, spec, planner.dialect),
        unique=spec.unique,
        indexed=spec.indexed and not spec.unique,
    )
    field_row(planner, collection, key, values)


def plan_update_field(
    planner: Planner,
    collection: str,
    key: str,
    meta: Mapping[str, Any] | None = None,
    schema: Mapping[str, Any] | None = None,
) -> None:
    info = table_collection(planner, collection)
    field = info.field(key)
    if schema:
        _plan_schema_update(planner, info, field, dict(schema))
    if meta is not None:
        values = field_values(meta)
        if field.has_meta:
            planner.row("fields", "update", {"collection": collection, "field": key}, **values)
        else:
            field_row(planner, collection, key, values)


def _plan_schema_update(
    planner: Planner, info: CollectionInfo, field: FieldInfo, schema: dict[str, Any]
) -> None:
    allowed = {"nullable", "default", "unique", "indexed"}
    unknown = sorted(set(schema) - allowed)
    if unknown:
        raise StudioError(
            f"{', '.join(unknown)} cannot be changed here; change the type instead.",
            field=unknown[0],
        )
    if field.is_alias:
        raise StudioError(f"{field.field!r} has no column.", field="field")
    table, key = info.collection, field.field
    quote = planner.conn.dialect.identifier_preparer.quote
    alter: dict[str, Any] = {}
    if "nullable" in schema and bool(schema["nullable"]) != field.nullable:
        if not schema["nullable"]:
            missing = planner.count(
                f"SELECT count(*) FROM {quote(table)} WHERE {quote(key)} IS NULL"
            )
            if missing:
                raise StudioError(
                    f"{missing} item(s) of {table!r} have no {key!r}; fill them in before "
                    "making it required.",
                    field="nullable",
                )
        alter["nullable"] = bool(schema["nullable"])
    if "default" in schema:
        spec = ColumnSpec(field.type, default=schema["default"])
        alter["server_default"] = (
            server_default(spec, planner.dialect) if schema["default"] is not None else None
        )
    if alter:
        existing = _existing_type(field, planner.dialect)
        if planner.dialect == "sqlite":
            with planner.rebuild(table) as batch:
                batch.alter_column(key, existing_type=existing, **alter)
        else:
            planner.op.alter_column(table, key, existing_type=existing, **alter)
    for flag in ("unique", "indexed"):
        if flag not in schema:
            continue
        wanted = bool(schema[flag])
        current = field.is_unique if flag == "unique" else field.is_indexed
        if wanted == current:
            continue
        unique = flag == "unique"
        if wanted:
            if unique:
                dupes = planner.count(
                    f"SELECT count(*) FROM (SELECT {quote(key)} FROM {quote(table)} WHERE "
                    f"{quote(key)} IS NOT NULL GROUP BY {quote(key)} HAVING count(*) > 1) AS d"
                )
                if dupes:
                    raise StudioError(
                        f"{dupes} value(s) of {key!r} appear more than once; they must be "
                        "unique first.",
                        field="unique",
                    )
            planner.create_index(table, key, unique=unique)
        else:
            name = constraint_name(table, key, suffix="unique" if unique else "index")
            if not _index_exists(planner, table, name):
                raise StudioError(
                    f"The {flag} setting of {key!r} was not made by Studio; change it with SQL.",
                    field=flag,
                )
            planner.drop_index(name, table)


def _index_exists(planner: Planner, table: str, name: str) -> bool:
    from sqlalchemy import inspect

    return any(index["name"] == name for index in inspect(planner.conn).get_indexes(table))


def _existing_type(field: FieldInfo, dialect: str) -> Any:
    if dialect == "sqlite":
        return Declared(field.db_type or "")
    spec = ColumnSpec(
        field.type if field.type in ft.FIELD_TYPES else ft.STRING,
        length=field.max_length,
        precision=field.numeric_precision,
        scale=field.numeric_scale or None,
    )
    try:
        return column_type(spec, dialect)
    except StudioError:
        return Declared(field.db_type or "text")


def plan_rename_field(planner: Planner, collection: str, key: str, new_key: str) -> None:
    info = table_collection(planner, collection)
    field = info.field(key)
    if new_key == key:
        raise StudioError(f"The field is already called {key!r}.", field="field")
    check_new_field(planner, collection, new_key, input_name="field")
    if not field.is_alias:
        planner.rename_column(collection, key, new_key)
        _rename_constraints(planner, collection, key, new_key)
    if field.has_meta:
        planner.row("fields", "update", {"collection": collection, "field": key}, field=new_key)
    for other in info.fields.values():
        if other.group == key and other.has_meta:
            planner.row(
                "fields", "update", {"collection": collection, "field": other.field}, group=new_key
            )
    for relation in planner.overview.relations:
        if not relation.has_meta:
            continue
        changed: dict[str, Any] = {}
        rkey = {"many_collection": relation.many_collection, "many_field": relation.many_field}
        if relation.many_collection == collection:
            for attr in ("many_field", "junction_field", "sort_field", "one_collection_field"):
                if getattr(relation, attr) == key:
                    changed[attr] = new_key
        if relation.one_collection == collection and relation.one_field == key:
            changed["one_field"] = new_key
        if changed:
            planner.row("relations", "update", rkey, **changed)
    meta: dict[str, Any] = {}
    for setting in ("archive_field", "sort_field"):
        if getattr(info, setting) == key:
            meta[setting] = new_key
    if info.display_template:
        pattern = re.compile(r"(\{\{\s*)" + re.escape(key) + r"(?=\s*\}\}|\.)")
        template = pattern.sub(lambda m: m.group(1) + new_key, info.display_template)
        if template != info.display_template:
            meta["display_template"] = template
    if meta and info.has_meta:
        planner.row("collections", "update", {"collection": collection}, **meta)


def _rename_constraints(planner: Planner, table: str, key: str, new_key: str) -> None:
    """The indexes and foreign key Studio named after the column take its new name, so they
    are found again by name (unset unique) and the old name is free for a new field.

    SQLite cannot rename an index, so it is dropped and created again on the renamed column;
    a SQLite foreign key's name lives in the table's SQL and is rewritten by the next rebuild
    (which names keys after their column), and SQLite does not require it to be unique."""
    from sqlalchemy import inspect

    inspector = inspect(planner.conn)
    indexes = {index["name"]: index for index in inspector.get_indexes(table)}
    quote = planner.conn.dialect.identifier_preparer.quote
    for suffix in ("unique", "index"):
        old = constraint_name(table, key, suffix=suffix)
        new = constraint_name(table, new_key, suffix=suffix)
        index = indexes.get(old)
        if index is None or list(index["column_names"]) != [key] or new in indexes:
            continue
        if planner.dialect == "sqlite":
            planner.drop_index(old, table)
            planner.create_index(table, new_key, unique=suffix == "unique")
        else:
            planner.change.steps.append(
                Statement(f"ALTER INDEX {quote(old)} RENAME TO {quote(new)}")
            )
    if planner.dialect != "sqlite":
        old, new = fk_name(table, key), fk_name(table, new_key)
        names = {fk["name"] for fk in inspector.get_foreign_keys(table)}
        if old in names and new not in names:
            planner.change.steps.append(
                Statement(
                    f"ALTER TABLE {quote(table)} RENAME CONSTRAINT {quote(old)} TO {quote(new)}"
                )
            )


def plan_change_type(
    planner: Planner,
    collection: str,
    key: str,
    new_type: str,
    schema: Mapping[str, Any] | None = None,
) -> None:
    info = table_collection(planner, collection)
    field = info.field(key)
    if field.is_alias:
        raise StudioError(f"{key!r} has no column to change.", field="type")
    if field.is_primary_key or planner.overview.relation_by_many(collection, key) is not None:
        raise StudioError(
            f"{key!r} is a key that relations depend on; its type follows the key it points at.",
            field="type",
        )
    spec = column_spec(
        new_type, {k: v for k, v in (schema or {}).items() if k in ("length", "precision", "scale")}
    )
    same_shape = (
        new_type == field.type
        and (spec.length or 255) == (field.max_length or 255)
        and new_type != ft.DECIMAL
    )
    if same_shape:
        raise StudioError(f"{key!r} is already a {new_type} field.", field="type")
    if new_type not in CONVERTIBLE.get(field.type, ()) and new_type != field.type:
        raise StudioError(
            f"Studio cannot convert a {field.type} field to {new_type}; create a new field and "
            "copy the values.",
            field="type",
        )
    target = column_type(spec, planner.dialect)
    lost, examples = _count_unconvertible(planner, collection, key, spec)
    if lost:
        shown = ", ".join(repr(v) for v in examples)
        planner.change.problems.append(
            f"{lost} item(s) of {collection!r} have a {key!r} that is not a valid {new_type} "
            f"(for example {shown}); nothing would be converted."
        )
    existing = _existing_type(field, planner.dialect)
    if planner.dialect == "sqlite":
        with planner.rebuild(collection) as batch:
            batch.alter_column(
                key, type_=target, existing_type=existing, existing_nullable=field.nullable
            )
    else:
        quote = planner.conn.dialect.identifier_preparer.quote
        source = (
            f"trim({quote(key)})" if field.type in _STRINGS and new_type in _NUMBERS else quote(key)
        )
        compiled = target.compile(dialect=planner.conn.dialect)
        planner.op.alter_column(
            collection,
            key,
            type_=target,
            existing_type=existing,
            existing_nullable=field.nullable,
            postgresql_using=f"CAST({source} AS {compiled})",
        )
    new_interface = ft.default_interface(new_type)
    if field.has_meta and field.interface == ft.default_interface(field.type) != new_interface:
        planner.row(
            "fields",
            "update",
            {"collection": collection, "field": key},
            interface=ft.default_interface(new_type),
        )


def _count_unconvertible(
    planner: Planner, collection: str, key: str, spec: ColumnSpec
) -> tuple[int, list[Any]]:
    quote = planner.conn.dialect.identifier_preparer.quote
    result = planner.conn.exec_driver_sql(
        f"SELECT {quote(key)} FROM {quote(collection)} WHERE {quote(key)} IS NOT NULL"
    )
    lost = 0
    examples: list[Any] = []
    for (value,) in result:
        if not _converts(value, spec):
            lost += 1
            if len(examples) < 3:
                examples.append(value)
    return lost, examples


def _converts(value: Any, spec: ColumnSpec) -> bool:
    kind = spec.type
    if kind in _STRINGS:
        return kind == ft.TEXT or len(str(value)) <= (spec.length or 255)
    if kind in (ft.INTEGER, ft.BIG_INTEGER):
        if isinstance(value, str):
            if not _WHOLE.match(value):
                return False
            value = int(value)
        number = Decimal(str(value))
        if number != number.to_integral_value():
            return False
        return -_INT_RANGE[kind] <= int(number) < _INT_RANGE[kind]
    if isinstance(value, str) and not _NUMBER.match(value):
        return False
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return False
    if not number.is_finite():
        return False
    if kind == ft.DECIMAL:
        precision = spec.precision or 10
        scale = 5 if spec.scale is None else spec.scale
        if number != number.quantize(Decimal(1).scaleb(-scale)):
            return False
        return len(number.quantize(Decimal(1).scaleb(-scale)).as_tuple().digits) <= precision
    return abs(number) <= _FLOAT_MAX


def plan_delete_field(planner: Planner, collection: str, key: str) -> None:
    info = table_collection(planner, collection)
    field = info.field(key)
    overview = planner.overview
    if field.is_primary_key:
        raise StudioError(
            f"{key!r} is the primary key; delete the collection instead.", field="field"
        )
    relation = overview.relation_by_one(collection, key)
    if relation is not None and _owns_junction(planner, relation):
        junction = relation.many_collection
        planner.change.notes.append(f"junction collection {junction!r} is dropped")
        drop_collection_tables(planner, junction, gone={junction})
        return
    if relation is not None:
        # An O2M alias, or the corresponding side of an M2M: the foreign key (the junction)
        # on the other side stays, the relation row just loses its alias.
        planner.row(
            "relations",
            "update",
            {"many_collection": relation.many_collection, "many_field": relation.many_field},
            one_field=None,
        )
    many = overview.relation_by_many(collection, key)
    if many is not None:
        if many.junction_field is not None or many.one_collection is None:
            raise StudioError(
                f"{key!r} links the junction {collection!r}; delete the relational field that "
                "uses it instead.",
                field="field",
            )
        if many.one_field and many.one_collection:
            planner.change.notes.append(f"field {many.one_collection}.{many.one_field} is deleted")
            planner.row(
                "fields", "delete", {"collection": many.one_collection, "field": many.one_field}
            )
        if many.has_meta:
            planner.row("relations", "delete", {"many_collection": collection, "many_field": key})
    for other in overview.relations:
        if other.many_collection == collection and other.one_collection_field == key:
            raise StudioError(
                f"{key!r} holds the collection names of an M2A junction.", field="field"
            )
        if other.many_collection == collection and other.sort_field == key and other.has_meta:
            planner.row(
                "relations",
                "update",
                {"many_collection": collection, "many_field": other.many_field},
                sort_field=None,
            )
    if not field.is_alias:
        planner.drop_column(collection, key)
    for other in info.fields.values():
        if other.group == key and other.has_meta:
            planner.row(
                "fields", "update", {"collection": collection, "field": other.field}, group=None
            )
    if field.has_meta:
        planner.row("fields", "delete", {"collection": collection, "field": key})
    meta = {s: None for s in ("archive_field", "sort_field") if getattr(info, s) == key}
    if meta and info.has_meta:
        planner.row("collections", "update", {"collection": collection}, **meta)


def _owns_junction(planner: Planner, relation: Relation) -> bool:
    """Whether deleting the alias of `relation` drops its junction: true for the field an
    M2M/M2A/translations was created as (its relation row was written first), false for the
    corresponding field on the related side, which only goes itself."""
    if relation.junction_field is None:
        return False
    sibling = planner.overview.relation_by_many(relation.many_collection, relation.junction_field)
    if sibling is None or sibling.one_collection is None or sibling.id is None:
        return True
    return relation.id is not None and relation.id < sibling.id


def plan_reorder(planner: Planner, collection: str, keys: list[str]) -> None:
    """Give `keys` the form order they are listed in (`sort` 1..n). Fields with no metadata row
    get one, with the interface and M2O flag the overview already shows for them."""
    info = table_collection(planner, collection)
    if len(set(keys)) != len(keys):
        raise StudioError("Each field may be listed once.", field="keys")
    for position, key in enumerate(keys, start=1):
        field = info.field(key)
        if field.sort == position and field.has_meta:
            continue
        if field.has_meta:
            planner.row("fields", "update", {"collection": collection, "field": key}, sort=position)
            continue
        meta: dict[str, Any] = {"interface": field.interface, "sort": position}
        if planner.overview.relation_by_many(collection, key) is not None:
            meta.update(special=["m2o"], interface="select-dropdown-m2o")
        field_row(planner, collection, key, meta)
    planner.change.outline.append(f"form order of {collection}: {', '.join(keys)}")


class FieldsService(RelationalTemplates):
    """Fields of every kind. Each method is one transaction and returns the applied
    `SchemaChange`; each has a `preview_` twin that plans the same change without applying."""

    async def preview_create(
        self, collection: str, field: str, type: str, **options: Any
    ) -> SchemaChange:
        return await self._preview(
            f"Create field {collection}.{field}",
            plan_standard_field,
            collection,
            field,
            type,
            **options,
        )

    async def create(
        self,
        collection: str,
        field: str,
        type: str,
        *,
        schema: Mapping[str, Any] | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> SchemaChange:
        """A standard field: `schema` holds length, precision, scale, default, nullable,
        unique, indexed; `meta` the interface, display, note, width, validation, ..."""
        return await self._apply(
            f"Create field {collection}.{field}",
            plan_standard_field,
            collection,
            field,
            type,
            schema=schema,
            meta=meta,
        )

    async def preview_update(self, collection: str, field: str, **options: Any) -> SchemaChange:
        return await self._preview(
            f"Update field {collection}.{field}", plan_update_field, collection, field, **options
        )

    async def update(
        self,
        collection: str,
        field: str,
        *,
        meta: Mapping[str, Any] | None = None,
        schema: Mapping[str, Any] | None = None,
    ) -> SchemaChange:
        """Metadata, and the schema settings that keep the type: nullable, default, unique,
        indexed (refused with a count when existing values do not allow it)."""
        return await self._apply(
            f"Update field {collection}.{field}",
            plan_update_field,
            collection,
            field,
            meta=meta,
            schema=schema,
        )

    async def preview_rename(self, collection: str, field: str, new_key: str) -> SchemaChange:
        return await self._preview(
            f"Rename field {collection}.{field} to {new_key}",
            plan_rename_field,
            collection,
            field,
            new_key,
        )

    async def rename(self, collection: str, field: str, new_key: str) -> SchemaChange:
        """Rename the column and every metadata row, relation and template that names it."""
        return await self._apply(
            f"Rename field {collection}.{field} to {new_key}",
            plan_rename_field,
            collection,
            field,
            new_key,
        )

    async def preview_change_type(
        self, collection: str, field: str, type: str, schema: Mapping[str, Any] | None = None
    ) -> SchemaChange:
        """`problems` counts the values that would not convert; such a change cannot apply."""
        return await self._preview(
            f"Change {collection}.{field} to {type}",
            plan_change_type,
            collection,
            field,
            type,
            schema,
        )

    async def change_type(
        self, collection: str, field: str, type: str, schema: Mapping[str, Any] | None = None
    ) -> SchemaChange:
        return await self._apply(
            f"Change {collection}.{field} to {type}",
            plan_change_type,
            collection,
            field,
            type,
            schema,
        )

    async def preview_delete(self, collection: str, field: str) -> SchemaChange:
        return await self._preview(
            f"Delete field {collection}.{field}", plan_delete_field, collection, field
        )

    async def delete(self, collection: str, field: str) -> SchemaChange:
        """Drop the column (or alias) with its relation rows and the alias on the other side;
        the field an M2M/M2A/translations was created as takes its junction (and the
        corresponding field) along, the corresponding field of an M2M only itself."""
        return await self._apply(
            f"Delete field {collection}.{field}", plan_delete_field, collection, field
        )

    async def preview_reorder(self, collection: str, keys: list[str]) -> SchemaChange:
        return await self._preview(
            f"Reorder fields of {collection}", plan_reorder, collection, list(keys)
        )

    async def reorder(self, collection: str, keys: list[str]) -> SchemaChange:
        """Set the form order of `keys` (siblings: one group's fields, or the top level) in one
        transaction, so a failure leaves the old order whole."""
        return await self._apply(
            f"Reorder fields of {collection}", plan_reorder, collection, list(keys)
        )
