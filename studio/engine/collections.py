"""CollectionsService: create, update, delete and adopt collections, each one transaction.

A new collection gets the primary key and the optional system fields of Directus's "create
collection" dialog, with the same special flags and interfaces, so the item service fills them
in (dates, sort) and the UI shows them the way a Directus user expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from sqlalchemy import Column, column, delete, table

from studio.engine import types as ft
from studio.engine.changes import SchemaChange
from studio.engine.columns import ColumnSpec, column_type, server_default
from studio.engine.errors import StudioError
from studio.engine.meta_rows import collection_values, special_csv
from studio.engine.names import check_key
from studio.engine.planning import KeyType, Planner, SchemaService, fk_name
from studio.engine.schema import Relation

PRIMARY_KEY_KINDS: Final = ("integer", "bigInteger", "uuid", "string")
SYSTEM_FIELDS: Final = (
    "status",
    "sort",
    "date_created",
    "user_created",
    "date_updated",
    "user_updated",
)

# What a folder (a metadata row with no table) can carry: the rest describes items.
FOLDER_META_KEYS: Final = frozenset(
    {"icon", "note", "hidden", "translations", "color", "sort", "group", "collapse"}
)

_STATUS_CHOICES: Final = [
    {"text": "Published", "value": "published", "color": "#2ECDA7"},
    {"text": "Draft", "value": "draft", "color": "#D3DAE4"},
    {"text": "Archived", "value": "archived", "color": "#A2B5CD"},
]


def system_field(key: str) -> tuple[ColumnSpec, dict[str, Any]]:
    """The column and metadata of one of the optional system fields."""
    if key == "status":
        return ColumnSpec(ft.STRING, nullable=False, default="draft"), {
            "interface": "select-dropdown",
            "options": {"choices": _STATUS_CHOICES},
            "display": "labels",
            "display_options": {"showAsDot": True, "choices": _STATUS_CHOICES},
            "width": "full",
        }
    if key == "sort":
        return ColumnSpec(ft.INTEGER), {"interface": "input", "hidden": True}
    if key in ("date_created", "date_updated"):
        flag = key.replace("_", "-")
        return ColumnSpec(ft.TIMESTAMP), {
            "special": [flag],
            "interface": "datetime",
            "display": "datetime",
            "display_options": {"relative": True},
            "readonly": True,
            "hidden": True,
            "width": "half",
        }
    if key in ("user_created", "user_updated"):
        # No users collection exists yet: the key is kept as a UUID with its flag, shown
        # read-only, until accounts land (Directus relates it to directus_users).
        return ColumnSpec(ft.UUID), {
            "special": [key.replace("_", "-")],
            "interface": "input",
            "display": "user",
            "readonly": True,
            "hidden": True,
            "width": "half",
        }
    raise StudioError(
        f"{key!r} is not a system field; choose from {', '.join(SYSTEM_FIELDS)}.",
        field="system_fields",
    )


def primary_key_column(
    name: str, kind: str, dialect: str
) -> tuple[Column[Any], KeyType, dict[str, Any]]:
    """The key column of a new collection, the type FKs to it take, and its field metadata."""
    if kind not in PRIMARY_KEY_KINDS:
        raise StudioError(
            f"The primary key is one of {', '.join(PRIMARY_KEY_KINDS)}; not {kind!r}.",
            field="primary_key",
        )
    if kind == "string":
        spec = ColumnSpec(ft.STRING)
        col = Column(name, column_type(spec, dialect), primary_key=True, autoincrement=False)
        return col, KeyType(ft.STRING, 255), {"interface": "input"}
    if kind == "uuid":
        col = Column(
            name, column_type(ColumnSpec(ft.UUID), dialect), primary_key=True, autoincrement=False
        )
        meta = {"special": ["uuid"], "interface": "input", "readonly": True, "hidden": True}
        return col, KeyType(ft.UUID), meta
    # SQLite numbers only an INTEGER PRIMARY KEY (its integers are 64-bit anyway), so a big
    # integer key is declared INTEGER there and reads back as integer.
    if kind == "bigInteger" and dialect != "sqlite":
        col_type: Any = column_type(ColumnSpec(ft.BIG_INTEGER), dialect)
        key_type = KeyType(ft.BIG_INTEGER)
    else:
        col_type = column_type(ColumnSpec(ft.INTEGER), dialect)
        key_type = KeyType(ft.INTEGER)
    col = Column(name, col_type, primary_key=True, autoincrement=True)
    return col, key_type, {"interface": "input", "readonly": True, "hidden": True}


def spec_column(key: str, spec: ColumnSpec, dialect: str) -> Column[Any]:
    return Column(
        key,
        column_type(spec, dialect),
        nullable=spec.nullable,
        server_default=server_default(spec, dialect),
    )


def field_row(planner: Planner, collection: str, key: str, meta: Mapping[str, Any]) -> None:
    values = dict(meta)
    if "special" in values:
        values["special"] = special_csv(values["special"])
    planner.row("fields", "insert", {"collection": collection, "field": key}, **values)


def plan_new_collection(
    planner: Planner,
    collection: str,
    *,
    primary_key: str = "integer",
    primary_key_field: str = "id",
    system_fields: Sequence[str] = (),
    meta: Mapping[str, Any] | None = None,
    extra_columns: Iterable[tuple[Column[Any], dict[str, Any] | None]] = (),
    constraints: Iterable[Any] = (),
    key_field: str = "collection",
) -> None:
    """CREATE TABLE plus its metadata rows; shared by templates that create collections."""
    check_key(collection, what="collection", field=key_field, prefix=planner.system.prefix)
    if planner.table_taken(collection):
        raise StudioError(f"A collection or table named {collection!r} exists.", field=key_field)
    check_key(primary_key_field, what="field", field="primary_key_field")
    values = collection_values(meta)
    check_group(planner, collection, values.get("group"))
    pk_column, key_type, pk_meta = primary_key_column(
        primary_key_field, primary_key, planner.dialect
    )
    columns: list[Column[Any]] = [pk_column]
    metas: list[tuple[str, dict[str, Any]]] = [(primary_key_field, pk_meta)]
    for key in dict.fromkeys(system_fields):
        spec, field_meta = system_field(key)
        columns.append(spec_column(key, spec, planner.dialect))
        metas.append((key, field_meta))
    if "status" in system_fields:
        values.setdefault("archive_field", "status")
        values.setdefault("archive_value", "archived")
        values.setdefault("unarchive_value", "draft")
    if "sort" in system_fields:
        values.setdefault("sort_field", "sort")
    for extra, extra_meta in extra_columns:
        columns.append(extra)
        if extra_meta is not None:
            metas.append((extra.name, extra_meta))
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise StudioError(f"Collection {collection!r} would have two fields of one name.")
    for setting in ("archive_field", "sort_field"):
        if values.get(setting) and values[setting] not in names:
            raise StudioError(
                f"{setting.replace('_', ' ').capitalize()} {values[setting]!r} is not a field of "
                f"{collection!r}.",
                field=setting,
            )
    planner.create_table(collection, *columns, *constraints)
    planner.plan_table(collection, primary_key_field, key_type, set(names))
    planner.row("collections", "insert", {"collection": collection}, **values)
    for key, field_meta in metas:
        field_row(planner, collection, key, field_meta)


class CollectionsService(SchemaService):
    """Collections as a person sees them in the data model; every method is one transaction
    and has a `preview_` twin that returns the same `SchemaChange` without applying it."""

    async def preview_create(self, collection: str, **options: Any) -> SchemaChange:
        return await self._preview(
            f"Create collection {collection}", _plan_create, collection, **options
        )

    async def create(
        self,
        collection: str,
        *,
        primary_key: str = "integer",
        primary_key_field: str = "id",
        system_fields: Sequence[str] = (),
        meta: Mapping[str, Any] | None = None,
    ) -> SchemaChange:
        """Create a table with its key (integer, bigInteger, uuid or string) and the chosen
        system fields (status, sort, date_created, user_created, date_updated, user_updated)."""
        return await self._apply(
            f"Create collection {collection}",
            _plan_create,
            collection,
            primary_key=primary_key,
            primary_key_field=primary_key_field,
            system_fields=system_fields,
            meta=meta,
        )

    async def preview_create_folder(
        self, folder: str, *, meta: Mapping[str, Any] | None = None
    ) -> SchemaChange:
        return await self._preview(
            f"Create folder {folder}", _plan_create_folder, folder, meta=meta
        )

    async def create_folder(
        self, folder: str, *, meta: Mapping[str, Any] | None = None
    ) -> SchemaChange:
        """A navigation folder: a metadata row with no table, which other collections name
        as their `group` (Directus's collection created with `schema: null`)."""
        return await self._apply(f"Create folder {folder}", _plan_create_folder, folder, meta=meta)

    async def preview_update(self, collection: str, meta: Mapping[str, Any]) -> SchemaChange:
        return await self._preview(
            f"Update collection {collection}", _plan_update, collection, meta
        )

    async def update(self, collection: str, meta: Mapping[str, Any]) -> SchemaChange:
        """Change a collection's metadata (note, icon, display template, archive, sort, ...)."""
        return await self._apply(f"Update collection {collection}", _plan_update, collection, meta)

    async def preview_delete(self, collection: str) -> SchemaChange:
        return await self._preview(f"Delete collection {collection}", _plan_delete, collection)

    async def delete(self, collection: str) -> SchemaChange:
        """Drop the table with its metadata, the relations that need it, alias fields on the
        other side and the junctions that exist only to link it (all listed in the preview)."""
        return await self._apply(f"Delete collection {collection}", _plan_delete, collection)

    async def preview_adopt(self, table_name: str) -> SchemaChange:
        return await self._preview(f"Adopt table {table_name}", _plan_adopt, table_name)

    async def adopt(self, table_name: str) -> SchemaChange:
        """Write default metadata rows for a table created outside Studio."""
        return await self._apply(f"Adopt table {table_name}", _plan_adopt, table_name)


def _plan_create(planner: Planner, collection: str, **options: Any) -> None:
    plan_new_collection(planner, collection, **options)


def _plan_update(planner: Planner, collection: str, meta: Mapping[str, Any]) -> None:
    info = planner.collection(collection)
    values = collection_values(meta)
    for setting in ("archive_field", "sort_field"):
        if values.get(setting) and values[setting] not in info.fields:
            raise StudioError(
                f"{values[setting]!r} is not a field of {collection!r}.", field=setting
            )
    check_group(planner, collection, values.get("group"))
    if info.has_meta:
        planner.row("collections", "update", {"collection": collection}, **values)
    else:
        planner.row("collections", "insert", {"collection": collection}, **values)


def check_group(planner: Planner, collection: str, group: str | None) -> None:
    if group is not None and (group == collection or group not in planner.overview.collections):
        raise StudioError(f"There is no other collection or folder named {group!r}.", field="group")


def _plan_create_folder(
    planner: Planner, folder: str, meta: Mapping[str, Any] | None = None
) -> None:
    check_key(folder, what="collection", field="collection", prefix=planner.system.prefix)
    if planner.table_taken(folder):
        raise StudioError(f"A collection or table named {folder!r} exists.", field="collection")
    values = collection_values(meta)
    for_items = sorted(key for key in values if key not in FOLDER_META_KEYS)
    if for_items:
        raise StudioError(
            f"A folder holds no items, so it has no {', '.join(for_items)}.", field=for_items[0]
        )
    check_group(planner, folder, values.get("group"))
    planner.row("collections", "insert", {"collection": folder}, **values)


def _plan_adopt(planner: Planner, table_name: str) -> None:
    if planner.system.is_system_table(table_name):
        raise StudioError(f"{table_name!r} is one of Studio's own tables.", field="collection")
    info = planner.collection(table_name)
    if info.is_folder:
        raise StudioError(f"{table_name!r} is a folder, not a table.", field="collection")
    if info.has_meta or any(f.has_meta for f in info.fields.values()):
        raise StudioError(f"{table_name!r} already has metadata.", field="collection")
    planner.row("collections", "insert", {"collection": table_name})
    for key, field in info.fields.items():
        meta: dict[str, Any] = {"interface": field.interface}
        relation = planner.overview.relation_by_many(table_name, key)
        if relation is not None:
            meta.update(special=["m2o"], interface="select-dropdown-m2o")
        if field.is_primary_key:
            meta.update(hidden=field.has_auto_increment, readonly=field.has_auto_increment)
        field_row(planner, table_name, key, meta)
        if relation is not None and not relation.has_meta:
            planner.row(
                "relations",
                "insert",
                {"many_collection": table_name, "many_field": key},
                one_collection=relation.one_collection,
            )


def _plan_delete(planner: Planner, collection: str) -> None:
    overview = planner.overview
    info = planner.collection(collection)
    if info.is_folder:
        for child in overview.collections.values():
            if child.group == collection:
                planner.row("collections", "update", {"collection": child.collection}, group=None)
        planner.row("collections", "delete", {"collection": collection})
        return
    junctions: dict[str, str] = {}
    for relation in overview.relations:
        junction = relation.many_collection
        if junction == collection or junction in junctions or relation.junction_field is None:
            continue
        if relation.one_collection == collection:
            junctions[junction] = (
                f"junction collection {junction!r} is dropped with its links to {collection!r}"
            )
        elif (
            relation.one_collection is None
            and relation.one_allowed_collections
            and set(relation.one_allowed_collections) <= {collection}
        ):
            # An M2A left with no collection to link to is no M2A: it goes like a deleted field.
            junctions[junction] = (
                f"junction collection {junction!r} is dropped: {collection!r} was the last "
                "collection its M2A links to"
            )
    for junction, note in junctions.items():
        planner.change.notes.append(note)
        drop_collection_tables(planner, junction, gone={collection, *junctions})
    drop_collection_tables(planner, collection, gone={collection, *junctions})


def drop_collection_tables(planner: Planner, collection: str, gone: set[str]) -> None:
    """Drop one collection and untie everything that points at it. `gone` are collections
    dropped in the same change (their relations need no repair)."""
    overview = planner.overview
    info = overview.collection(collection)
    untie: dict[str, list[Relation]] = {}
    for relation in overview.relations:
        if relation.many_collection == collection:
            _forget_alias(planner, relation, gone)
        elif relation.one_collection == collection and relation.many_collection not in gone:
            untie.setdefault(relation.many_collection, []).append(relation)
        elif (
            relation.one_collection is None
            and collection in relation.one_allowed_collections
            and relation.many_collection not in gone
        ):
            _drop_allowed(planner, relation, collection)
    for table_name, relations in untie.items():
        _untie_foreign_keys(planner, table_name, relations)
    for child in overview.collections.values():
        if child.group == collection and child.collection not in gone:
            planner.row("collections", "update", {"collection": child.collection}, group=None)
    planner.drop_table(collection)
    planner.row("relations", "delete", {"many_collection": collection})
    planner.row("fields", "delete", {"collection": collection})
    if info.has_meta:
        planner.row("collections", "delete", {"collection": collection})


def _forget_alias(planner: Planner, relation: Relation, gone: set[str]) -> None:
    """The alias on the other side of a relation whose FK column is going away."""
    one = relation.one_collection
    if relation.one_field and one and one not in gone:
        planner.change.notes.append(f"field {one}.{relation.one_field} is deleted")
        planner.row("fields", "delete", {"collection": one, "field": relation.one_field})


def _untie_foreign_keys(planner: Planner, table_name: str, relations: list[Relation]) -> None:
    """M2Os of one table that point at a dropped collection: their values are kept, but the
    foreign keys, the relation rows and the relational interfaces go. On SQLite the table is
    rebuilt once for all of them (a second rebuild would copy the table as it was before)."""
    keyed = [r for r in relations if r.schema is not None]
    if keyed and planner.dialect == "sqlite":
        with planner.rebuild(table_name) as batch:
            for relation in keyed:
                batch.drop_constraint(fk_name(table_name, relation.many_field), type_="foreignkey")
    else:
        for relation in keyed:
            assert relation.schema is not None
            planner.op.drop_constraint(
                relation.schema.constraint_name, table_name, type_="foreignkey"
            )
    info = planner.overview.collection(table_name)
    for relation in relations:
        key = relation.many_field
        planner.change.notes.append(
            f"field {table_name}.{key} keeps its values but no longer relates to "
            f"{relation.one_collection!r}"
        )
        if relation.has_meta:
            planner.row("relations", "delete", {"many_collection": table_name, "many_field": key})
        field = info.fields.get(key)
        if field is not None and field.has_meta:
            planner.row(
                "fields",
                "update",
                {"collection": table_name, "field": key},
                special=None,
                interface=ft.default_interface(field.type),
                display=None,
                display_options=None,
            )


def _drop_allowed(planner: Planner, relation: Relation, collection: str) -> None:
    remaining = [c for c in relation.one_allowed_collections if c != collection]
    planner.change.notes.append(
        f"{relation.many_collection} no longer links to {collection!r}; its links are deleted"
    )
    junction = table(
        relation.many_collection, column(relation.one_collection_field or "collection")
    )
    planner.data(
        delete(junction).where(
            junction.c[relation.one_collection_field or "collection"] == collection
        )
    )
    planner.row(
        "relations",
        "update",
        {"many_collection": relation.many_collection, "many_field": relation.many_field},
        one_allowed_collections=",".join(remaining),
    )
