"""Writing items with everything nested in them, inside the caller's one transaction.

The payload format is Directus's: an M2O value is a key, null, or an object (updated when it
carries its key, created when it does not); a to-many value is an array (the complete new set)
or a change-set `{"create": [...], "update": [...], "delete": [keys]}`. M2M, M2A and
translations are to-many over their junction, so one recursion handles every kind: a junction
row nests its related item through the junction field. A junction change-set may also name
`delete_items`: links removed as `delete` removes them, whose linked items are deleted too (a
Studio addition: Directus needs a second request for that). Any error aborts the whole call, and
the caller's transaction rolls everything back.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from studio.engine import types as ft
from studio.engine.errors import InvalidValue, ItemNotFound, UnknownField
from studio.engine.integrity import explain
from studio.engine.paths import relation_kind
from studio.engine.rules import matches
from studio.engine.schema import CollectionInfo, FieldInfo, Relation
from studio.engine.tables import Tables, primary_key_field
from studio.engine.values import coerce, from_db, is_empty

CHANGE_KEYS = frozenset({"create", "update", "delete", "delete_items"})
_FLAT_BATCH = 1000


class _Link(NamedTuple):
    """One to-many field of one parent item: where its children live and how they attach."""

    many: CollectionInfo
    pk: FieldInfo
    fk: str
    parent_key: Any
    info: FieldInfo
    relation: Relation


class Writer:
    """One write call's work: holds the connection, the overview and the call's timestamp."""

    def __init__(self, conn: AsyncConnection, tables: Tables) -> None:
        self.conn = conn
        self.tables = tables
        self.overview = tables.overview
        self.now = datetime.now(UTC)

    # entry points ---------------------------------------------------------------------------

    async def create(self, collection: CollectionInfo, payload: Any) -> Any:
        payload = _object(collection, payload)
        columns, to_many = await self._split(collection, payload, creating=True)
        row = self._prepare(collection, columns, creating=True)
        await self._fill_sort(collection, [row])
        key = await self._insert(collection, row)
        for info, relation, value in to_many:
            await self._to_many(collection, key, info, relation, value, creating=True)
        return key

    async def create_many(self, collection: CollectionInfo, payloads: Sequence[Any]) -> list[Any]:
        """Flat rows go in batches of one multi-row INSERT; rows with relations one by one."""
        objects = [_object(collection, payload) for payload in payloads]
        if not all(self._is_flat(collection, item) for item in objects):
            return [await self.create(collection, item) for item in objects]
        rows = []
        for item in objects:
            columns, _ = await self._split(collection, item, creating=True)
            rows.append(self._prepare(collection, columns, creating=True))
        await self._fill_sort(collection, rows)
        keys: list[Any] = []
        for start in range(0, len(rows), _FLAT_BATCH):
            keys.extend(await self._insert_batch(collection, rows[start : start + _FLAT_BATCH]))
        return keys

    async def update(self, collection: CollectionInfo, key: Any, payload: Any) -> Any:
        payload = _object(collection, payload)
        pk = primary_key_field(collection)
        key = self._key(pk, key)
        if pk.field in payload and self._key(pk, payload[pk.field]) != key:
            raise InvalidValue(f"{pk.name} of an existing item cannot change.", field=pk.field)
        payload = {k: v for k, v in payload.items() if k != pk.field}
        await self._require_existing(collection, [key])
        columns, to_many = await self._split(collection, payload, creating=False)
        row = self._prepare(collection, columns, creating=False)
        if row:
            source = self.tables(collection)
            statement = (
                update(source)
                .where(source.c[pk.field] == self.tables.bind(pk, key))
                .values(**self._bound(collection, row))
            )
            await self._execute(statement, collection, row)
        for info, relation, value in to_many:
            await self._to_many(collection, key, info, relation, value, creating=False)
        return key

    async def update_many(
        self, collection: CollectionInfo, keys: Sequence[Any], payload: Any
    ) -> list[Any]:
        """The same change on each item; a new related item in it is created once, for all."""
        payload = _object(collection, payload)
        lists = {k: v for k, v in payload.items() if k in self._to_many_fields(collection)}
        plain = {k: v for k, v in payload.items() if k not in lists}
        columns, _ = await self._split(collection, plain, creating=False)
        return [await self.update(collection, key, {**columns, **lists}) for key in keys]

    def _to_many_fields(self, collection: CollectionInfo) -> set[str]:
        return {
            info.field
            for info in collection.fields.values()
            if relation_kind(self.overview, info)[0] == "o2m"
        }

    async def delete(self, collection: CollectionInfo, keys: Sequence[Any]) -> None:
        pk = primary_key_field(collection)
        typed = list(dict.fromkeys(self._key(pk, key) for key in keys))
        if not typed:
            return
        await self._require_existing(collection, typed)
        await self._refuse_protected(collection, typed)
        source = self.tables(collection)
        bound = [self.tables.bind(pk, key) for key in typed]
        await self._execute(delete(source).where(source.c[pk.field].in_(bound)), collection, {})

    def _key(self, pk: FieldInfo, value: Any) -> Any:
        return _key(pk, value, self.tables.dialect)

    # payload analysis -----------------------------------------------------------------------

    def _is_flat(self, collection: CollectionInfo, payload: Mapping[str, Any]) -> bool:
        for key, value in payload.items():
            info = _field(collection, key)
            kind, _ = relation_kind(self.overview, info)
            if kind == "o2m" or (kind is not None and isinstance(value, Mapping)):
                return False
        return True

    async def _split(
        self, collection: CollectionInfo, payload: Mapping[str, Any], creating: bool
    ) -> tuple[dict[str, Any], list[tuple[FieldInfo, Relation, Any]]]:
        """Columns to write on this row (nested M2O/A2O items written first) and to-many work."""
        columns: dict[str, Any] = {}
        to_many: list[tuple[FieldInfo, Relation, Any]] = []
        for key, value in payload.items():
            info = _field(collection, key)
            kind, relation = relation_kind(self.overview, info)
            if kind == "o2m":
                assert relation is not None
                to_many.append((info, relation, value))
            elif info.is_alias:
                raise InvalidValue(f"{info.name} holds no data of its own.", field=key)
            elif kind == "m2o" and isinstance(value, Mapping):
                assert relation is not None
                related = self.overview.collection(relation.one_collection or "")
                columns[key] = await self._upsert(related, value, info)
            elif kind == "a2o" and isinstance(value, Mapping):
                assert relation is not None
                scope = self._scope(collection, relation, payload, info)
                related = self.overview.collection(scope)
                columns[key] = str(await self._upsert(related, value, info))
            elif kind == "a2o" and value is not None:
                assert relation is not None
                scope = self._scope(collection, relation, payload, info)
                related = self.overview.collection(scope)
                columns[key] = str(
                    await self._upsert(related, {primary_key_field(related).field: value}, info)
                )
            else:
                columns[key] = value
        if creating:
            for info in collection.fields.values():
                if info.required and info.is_alias and is_empty(payload.get(info.field)):
                    raise InvalidValue(f"{info.name} needs at least one item.", field=info.field)
        return columns, to_many

    def _scope(
        self,
        collection: CollectionInfo,
        relation: Relation,
        payload: Mapping[str, Any],
        info: FieldInfo,
    ) -> str:
        scope_field = relation.one_collection_field or "collection"
        scope = payload.get(scope_field)
        allowed = relation.one_allowed_collections
        if scope not in allowed:
            raise InvalidValue(
                f"{_label(collection, scope_field)} must be one of {', '.join(allowed)}; "
                f"{scope!r} is not.",
                field=scope_field,
            )
        return str(scope)

    async def _upsert(
        self, related: CollectionInfo, value: Mapping[str, Any], via: FieldInfo
    ) -> Any:
        pk = primary_key_field(related)
        key = value.get(pk.field)
        try:
            if key is None:
                return await self.create(related, value)
            if set(value) - {pk.field}:
                try:
                    return await self.update(related, key, value)
                except ItemNotFound:
                    if pk.has_auto_increment:
                        raise  # a number the database hands out: the item is gone
                    return await self.create(related, value)  # a key the user chose
            typed = self._key(pk, key)
            await self._require_existing(related, [typed])
            return typed
        except ItemNotFound:
            raise InvalidValue(
                f"{via.name}: there is no item {key!r} in {related.collection!r}.", field=via.field
            ) from None
        except InvalidValue as error:
            raise _within(via, error) from None

    # values ---------------------------------------------------------------------------------

    def _prepare(
        self, collection: CollectionInfo, columns: Mapping[str, Any], creating: bool
    ) -> dict[str, Any]:
        """Coerced values plus the special fields filled in; raises before anything is written."""
        dialect = self.tables.dialect
        row = {
            key: coerce(_field(collection, key), value, dialect) for key, value in columns.items()
        }
        for info in collection.fields.values():
            if info.is_alias:
                continue
            special = set(info.special)
            if creating and info.field not in row:
                if "uuid" in special or (
                    info.is_primary_key
                    and info.type == ft.UUID
                    and info.default_value is None
                    and not info.has_auto_increment
                ):
                    row[info.field] = uuid.uuid4()
                elif "date-created" in special or ("date-updated" in special and not info.nullable):
                    row[info.field] = self._now(info)
            if not creating and "date-updated" in special and info.field not in columns:
                row[info.field] = self._now(info)
        self._check(collection, row, creating)
        return row

    def _now(self, info: FieldInfo) -> Any:
        if info.type == ft.TIMESTAMP:
            return self.now
        if info.type == ft.DATE:
            return self.now.date()
        if info.type in (ft.STRING, ft.TEXT):
            return self.now.isoformat()
        return self.now.replace(tzinfo=None)  # dateTime holds UTC wall-clock time, as input does

    def _check(self, collection: CollectionInfo, row: Mapping[str, Any], creating: bool) -> None:
        for info in collection.fields.values():
            if info.is_alias:
                continue
            present = info.field in row
            value = row.get(info.field)
            fills_itself = info.has_auto_increment or info.default_value is not None
            missing = creating and not present and not fills_itself
            if (
                missing
                and collection.sort_field != info.field
                and (not info.nullable or info.required)
            ):
                raise InvalidValue(f"{info.name} is required.", field=info.field)
            if (
                present
                and value is None
                and not info.nullable
                and not (creating and info.has_auto_increment)
            ):
                raise InvalidValue(f"{info.name} is required.", field=info.field)
            if present and info.required and is_empty(value):
                raise InvalidValue(f"{info.name} is required.", field=info.field)
            if (
                present
                and value is not None
                and info.validation
                and not matches(info.validation, row)
            ):
                message = (
                    info.validation_message or f"{info.name} does not pass its validation rule."
                )
                raise InvalidValue(message, field=info.field)

    async def _fill_sort(self, collection: CollectionInfo, rows: list[dict[str, Any]]) -> None:
        """New items go last in a manually sorted collection."""
        sort_field = collection.sort_field
        if not sort_field or sort_field not in collection.fields:
            return
        missing = [row for row in rows if row.get(sort_field) is None]
        if not missing:
            return
        source = self.tables(collection)
        highest = (await self.conn.execute(select(func.max(source.c[sort_field])))).scalar()
        start = int(highest or 0)
        for offset, row in enumerate(missing, start=1):
            row[sort_field] = start + offset

    def _bound(self, collection: CollectionInfo, row: Mapping[str, Any]) -> dict[str, Any]:
        return {key: self.tables.bind(collection.fields[key], value) for key, value in row.items()}

    # statements -----------------------------------------------------------------------------

    async def _insert(self, collection: CollectionInfo, row: dict[str, Any]) -> Any:
        pk = primary_key_field(collection)
        source = self.tables(collection)
        statement = (
            insert(source).values(**self._bound(collection, row)).returning(source.c[pk.field])
        )
        if not row:
            statement = insert(source).returning(source.c[pk.field])
        result = await self._execute(statement, collection, row)
        return from_db(pk, result.scalar_one())

    async def _insert_batch(
        self, collection: CollectionInfo, rows: list[dict[str, Any]]
    ) -> list[Any]:
        """One multi-row INSERT. Auto-increment keys are handed out in VALUES order on both
        databases, so the returned keys, sorted, line up with the rows; other keys are known
        before the insert (given, or generated UUIDs)."""
        pk = primary_key_field(collection)
        source = self.tables(collection)
        shapes = {tuple(sorted(row)) for row in rows}
        known = all(row.get(pk.field) is not None for row in rows)
        if len(shapes) > 1 or not rows[0] or not (known or pk.has_auto_increment):
            return [await self._insert(collection, row) for row in rows]
        bound = [self._bound(collection, row) for row in rows]
        per_statement = max(1, min(_FLAT_BATCH, 30_000 // max(1, len(rows[0]))))
        keys: list[Any] = []
        for start in range(0, len(bound), per_statement):
            chunk = bound[start : start + per_statement]
            statement = insert(source).values(chunk)
            if not known:
                statement = statement.returning(source.c[pk.field])
            try:
                result = await self.conn.execute(statement)
            except DBAPIError as error:
                await self._blame(collection, rows[start : start + per_statement], error)
                raise
            if not known:
                keys.extend(sorted(from_db(pk, value) for value in result.scalars().all()))
        return keys if not known else [row[pk.field] for row in rows]

    async def _blame(
        self, collection: CollectionInfo, rows: list[dict[str, Any]], error: DBAPIError
    ) -> None:
        problem = explain(error, collection, rows[0] if len(rows) == 1 else {})
        if problem is not None and self.conn.dialect.name == "sqlite":
            for row in rows:
                nested = await self.conn.begin_nested()
                try:
                    await self._insert(collection, row)
                except InvalidValue:
                    await nested.rollback()
                    raise
                await nested.rollback()
        if problem is not None:
            raise problem from None

    async def _execute(
        self, statement: Any, collection: CollectionInfo, values: Mapping[str, Any]
    ) -> Any:
        try:
            return await self.conn.execute(statement)
        except DBAPIError as error:
            problem = explain(error, collection, values)
            if problem is None:
                raise
            if problem.field is None and "related item" in problem.message:
                problem = await self._missing_reference(collection, values) or problem
            raise problem from None

    async def _missing_reference(
        self, collection: CollectionInfo, values: Mapping[str, Any]
    ) -> InvalidValue | None:
        """SQLite does not say which foreign key failed: find it (the transaction still works)."""
        if self.conn.dialect.name != "sqlite":
            return None
        for key, value in values.items():
            info = collection.fields.get(key)
            if info is None or info.foreign_key is None or value is None:
                continue
            fk = info.foreign_key
            target = self.overview.collections.get(fk.foreign_table)
            if target is None:
                continue
            source = self.tables(target)
            bound = self.tables.bind(target.fields[fk.foreign_column], value)
            statement = (
                select(func.count()).select_from(source).where(source.c[fk.foreign_column] == bound)
            )
            if not (await self.conn.execute(statement)).scalar():
                return InvalidValue(
                    f"{info.name}: there is no item {value!r} in {fk.foreign_table!r}.", field=key
                )
        return None

    async def _require_existing(self, collection: CollectionInfo, keys: Sequence[Any]) -> None:
        pk = primary_key_field(collection)
        source = self.tables(collection)
        bound = [self.tables.bind(pk, key) for key in keys]
        statement = select(source.c[pk.field]).where(source.c[pk.field].in_(bound))
        found = {from_db(pk, value) for value in (await self.conn.execute(statement)).scalars()}
        for key in keys:
            if key not in found:
                raise ItemNotFound(collection.collection, key)

    async def _refuse_protected(self, collection: CollectionInfo, keys: list[Any]) -> None:
        """Name what still points at an item a RESTRICT / NO ACTION key protects."""
        pk = primary_key_field(collection)
        for relation in self.overview.relations:
            schema = relation.schema
            if relation.one_collection != collection.collection or schema is None:
                continue
            if schema.on_delete.upper() not in ("RESTRICT", "NO ACTION"):
                continue
            many = self.overview.collections.get(relation.many_collection)
            if many is None:
                continue
            source = self.tables(many)
            column = source.c[relation.many_field]
            bound = [self.tables.bind(pk, key) for key in keys]
            statement = select(func.count()).select_from(source).where(column.in_(bound))
            if relation.many_collection == collection.collection:
                statement = statement.where(source.c[pk.field].not_in(bound))
            count = int((await self.conn.execute(statement)).scalar() or 0)
            if count:
                noun = "item" if count == 1 else "items"
                what = "it" if len(keys) == 1 else "them"
                raise InvalidValue(
                    f"Cannot delete: {count} {noun} in {many.name!r} still point at {what} "
                    f"through {_label(many, relation.many_field)!r}. Remove or change those first."
                )

    # to-many --------------------------------------------------------------------------------

    async def _to_many(
        self,
        parent: CollectionInfo,
        parent_key: Any,
        info: FieldInfo,
        relation: Relation,
        value: Any,
        creating: bool,
    ) -> None:
        many = self.overview.collection(relation.many_collection)
        fk = relation.many_field
        pk = primary_key_field(many)
        existing = {} if creating else await self._children(many, fk, parent, parent_key, relation)
        link = _Link(many, pk, fk, parent_key, info, relation)
        if value is None:
            value = []
        if isinstance(value, Mapping):
            unknown = set(value) - CHANGE_KEYS
            if unknown:
                raise InvalidValue(
                    f"{info.name}: a change-set has only create, update, delete and "
                    f"delete_items, not {sorted(unknown)[0]!r}.",
                    field=info.field,
                )
            await self._apply_changes(link, value, existing)
            return
        if not isinstance(value, list | tuple):
            raise InvalidValue(
                f"{info.name} takes a list of items or a change-set.", field=info.field
            )
        await self._replace_set(link, list(value), existing)

    async def _children(
        self,
        many: CollectionInfo,
        fk: str,
        parent: CollectionInfo,
        parent_key: Any,
        relation: Relation,
    ) -> dict[Any, dict[str, Any]]:
        """The current children: key → (sort value, language) for ordering and translations."""
        pk = primary_key_field(many)
        source = self.tables(many)
        columns = [pk.field]
        if relation.sort_field:
            columns.append(relation.sort_field)
        if relation.junction_field and relation.junction_field in many.fields:
            columns.append(relation.junction_field)
        bound = self.tables.bind(many.fields[fk], self._key(many.fields[fk], parent_key))
        statement = select(*[source.c[c] for c in dict.fromkeys(columns)]).where(
            source.c[fk] == bound
        )
        result = (await self.conn.execute(statement)).mappings().all()
        return {
            from_db(pk, row[pk.field]): {c: from_db(many.fields[c], row[c]) for c in columns}
            for row in result
        }

    def _translation_key(
        self,
        relation: Relation,
        info: FieldInfo,
        item: Mapping[str, Any],
        existing: dict[Any, dict[str, Any]],
    ) -> Any:
        """Translations are keyed by language: a row for a language that exists updates it."""
        language_field = relation.junction_field
        if "translations" not in info.special or not language_field:
            return None
        language = item.get(language_field)
        if isinstance(language, Mapping):
            language = next(iter(language.values()), None) if len(language) == 1 else None
        for key, row in existing.items():
            if language is not None and str(row.get(language_field)) == str(language):
                return key
        return None

    async def _apply_changes(
        self, link: _Link, changes: Mapping[str, Any], existing: dict[Any, dict[str, Any]]
    ) -> None:
        many, pk, fk, parent_key, info, relation = link
        for name in CHANGE_KEYS:
            if name in changes and not isinstance(changes[name], list | tuple):
                raise InvalidValue(f"{info.name}: '{name}' takes a list.", field=info.field)
        purged = [self._key(pk, key) for key in changes.get("delete_items", ())]
        removed = [self._key(pk, key) for key in changes.get("delete", ())]
        removed = list(dict.fromkeys([*removed, *purged]))
        stray = [key for key in removed if key not in existing]
        if stray:
            raise InvalidValue(
                f"{info.name}: item {stray[0]!r} is not linked to this item.", field=info.field
            )
        linked = await self._linked_items(link, purged)
        await self._deselect(link, removed)
        for collection, keys in linked.items():
            try:
                await self.delete(self.overview.collection(collection), keys)
            except InvalidValue as error:
                raise InvalidValue(f"{info.name}: {error.message}", field=info.field) from None
        for key in removed:
            existing.pop(key, None)
        for index, item in enumerate(changes.get("update", ())):
            item = _object(many, item, info)
            if item.get(pk.field) is None:
                raise InvalidValue(
                    f"{info.name}: an update needs the {pk.name} of the item to change.",
                    field=info.field,
                )
            await self._nested(
                info,
                index,
                self.update(many, item[pk.field], {**item, fk: parent_key}),
                "update",
            )
        sort_field = relation.sort_field
        position = max(
            [int(row.get(sort_field) or 0) for row in existing.values()] if sort_field else [0],
            default=0,
        )
        for index, item in enumerate(changes.get("create", ())):
            item = dict(_object(many, item, info))
            match = self._translation_key(relation, info, item, existing)
            if match is not None:
                call = self.update(many, match, {**item, fk: parent_key})
                await self._nested(info, index, call, "create")
                continue
            if sort_field and item.get(sort_field) is None:
                position += 1
                item[sort_field] = position
            call = self.create(many, {**item, fk: parent_key})
            created = await self._nested(info, index, call, "create")
            if "translations" in info.special and relation.junction_field:
                existing[created] = {relation.junction_field: item.get(relation.junction_field)}

    async def _replace_set(
        self, link: _Link, items: list[Any], existing: dict[Any, dict[str, Any]]
    ) -> None:
        """The array is the whole new set, in order: what is missing is deselected."""
        many, pk, fk, parent_key, info, relation = link
        sort_field = relation.sort_field
        kept: list[Any] = []
        work: list[tuple[str, Any, dict[str, Any]]] = []
        for position, item in enumerate(items, start=1):
            extra: dict[str, Any] = {fk: parent_key}
            if sort_field:
                extra[sort_field] = position
            if not isinstance(item, Mapping):
                key = self._key(pk, item)
                kept.append(key)
                work.append(("link", key, extra))
                continue
            item = dict(item)
            key = item.get(pk.field)
            if key is None:
                key = self._translation_key(relation, info, item, existing)
            if key is None:
                work.append(("create", None, {**item, **extra}))
            else:
                key = self._key(pk, key)
                kept.append(key)
                work.append(("update", key, {**item, **extra}))
        removed = [key for key in existing if key not in kept]
        await self._deselect(link, removed)
        for index, (action, key, payload) in enumerate(work):
            if action == "create":
                await self._nested(info, index, self.create(many, payload))
            else:
                changes = {k: v for k, v in payload.items() if k != pk.field}
                await self._nested(info, index, self.update(many, key, changes))

    async def _nested(
        self, info: FieldInfo, index: int, call: Awaitable[Any], change: str | None = None
    ) -> Any:
        """Run a nested write; its errors name this field and the item's place in the list
        (`change`: which list of a change-set that place is in)."""
        try:
            return await call
        except ItemNotFound as error:
            missing = InvalidValue(
                f"{info.name}: there is no item {error.key!r} in {error.collection!r}.",
                field=info.field,
            )
            missing.change = change
            raise missing from None
        except InvalidValue as error:
            raise _within(info, error, index, change) from None

    async def _linked_items(self, link: _Link, keys: list[Any]) -> dict[str, list[Any]]:
        """The items the junction rows `keys` link to, by collection (for `delete_items`); an
        item already gone is left out, one read per collection."""
        many, pk, _, _, info, relation = link
        if not keys:
            return {}
        towards = relation.junction_field
        other = self.overview.relation_by_many(many.collection, towards) if towards else None
        if towards is None or other is None:
            raise InvalidValue(
                f"{info.name}: only a junction field (many-to-many or many-to-any) deletes the "
                "items it links.",
                field=info.field,
            )
        scope_field = other.one_collection_field if other.one_collection is None else None
        source = self.tables(many)
        columns = [source.c[pk.field], source.c[towards]]
        if scope_field:
            columns.append(source.c[scope_field])
        bound = [self.tables.bind(pk, key) for key in keys]
        result = await self.conn.execute(select(*columns).where(source.c[pk.field].in_(bound)))
        wanted: dict[str, list[Any]] = {}
        for row in result.mappings().all():
            target = row[scope_field] if scope_field else other.one_collection
            if row[towards] is None or target is None:
                continue
            if scope_field and target not in other.one_allowed_collections:
                raise InvalidValue(
                    f"{info.name}: cannot delete an item of {target!r}, a collection this field "
                    "does not allow.",
                    field=info.field,
                )
            wanted.setdefault(str(target), []).append(row[towards])
        found: dict[str, list[Any]] = {}
        for name, values in wanted.items():
            related = self.overview.collection(name)
            related_pk = primary_key_field(related)
            typed = list(dict.fromkeys(self._key(related_pk, value) for value in values))
            table = self.tables(related)
            present = select(table.c[related_pk.field]).where(
                table.c[related_pk.field].in_([self.tables.bind(related_pk, k) for k in typed])
            )
            rows = (await self.conn.execute(present)).scalars().all()
            if rows:
                found[name] = [from_db(related_pk, value) for value in rows]
        return found

    async def _deselect(self, link: _Link, keys: list[Any]) -> None:
        """Removing a child follows the relation: delete it, or set its FK to null."""
        many, pk, fk, _, info, relation = link
        if not keys:
            return
        source = self.tables(many)
        bound = [self.tables.bind(pk, key) for key in keys]
        if relation.one_deselect_action == "delete":
            await self._refuse_protected(many, keys)
            statement = delete(source).where(source.c[pk.field].in_(bound))
            await self._execute(statement, many, {})
            return
        fk_info = many.fields[fk]
        if not fk_info.nullable:
            raise InvalidValue(
                f"{info.name}: cannot unlink an item, because {many.name}'s {fk_info.name} "
                "cannot be empty. Delete the item instead, or change the field's "
                "deselect action to delete.",
                field=info.field,
            )
        statement = update(source).where(source.c[pk.field].in_(bound)).values({fk: None})
        await self._execute(statement, many, {fk: None})


def _object(
    collection: CollectionInfo, payload: Any, via: FieldInfo | None = None
) -> dict[str, Any]:
    if not isinstance(payload, Mapping):
        where = f"{via.name}: " if via is not None else ""
        raise InvalidValue(
            f"{where}an item of {collection.name!r} must be an object of field values, "
            f"not {payload!r}.",
            field=via.field if via is not None else None,
        )
    for key in payload:
        _field(collection, key)
    return dict(payload)


def _field(collection: CollectionInfo, key: str) -> FieldInfo:
    try:
        return collection.field(key)
    except UnknownField as error:
        raise InvalidValue(error.message, field=key) from None


def _label(collection: CollectionInfo, key: str) -> str:
    info = collection.fields.get(key)
    return info.name if info is not None else key


def _key(pk: FieldInfo, value: Any, dialect: str | None = None) -> Any:
    """A key given by a caller ("42" or 42) in the primary key's type."""
    if isinstance(value, Mapping):
        raise InvalidValue(f"Expected a {pk.name}, got an object.", field=pk.field)
    typed = coerce(pk, value, dialect)
    if typed is None:
        raise InvalidValue(f"{pk.name} is missing.", field=pk.field)
    return typed


def _within(
    info: FieldInfo, error: InvalidValue, index: int | None = None, change: str | None = None
) -> InvalidValue:
    """An error from a nested item, told at the field that holds it (`path` keeps the rest)."""
    where = info.name if index is None else f"{info.name}, item {index + 1}"
    nested = InvalidValue(f"{where}: {error.message}", field=info.field)
    inner = error.path or ((error.field,) if error.field else ())
    nested.path = (info.field, *(() if index is None else (index,)), *inner)
    nested.change = change
    return nested
