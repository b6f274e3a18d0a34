"""Reading items with their relations: one query for the root, then one per relation level.

Related rows are fetched with `WHERE key IN (...)` over the whole level (chunked for the drivers'
parameter limits), never per parent row. Nested to-many lists are limited and sorted per parent
with ROW_NUMBER() over the parent key, still in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from studio.engine.filters import FilterCompiler, search_clause
from studio.engine.ordering import Ordering
from studio.engine.paths import Child, Node
from studio.engine.query import DeepOptions, Query
from studio.engine.schema import CollectionInfo
from studio.engine.tables import Tables, primary_key_field
from studio.engine.values import from_db

CHUNK = 5000
_ROW_NUMBER = "__row_number"


@dataclass(frozen=True)
class Page:
    """One page of items and the keyset cursors around it.

    `after` continues after the last item (None on the last page). `before` holds the first
    item's sort values (None on an empty page): reading with every sort term reversed and
    `after=page.before` gives the items before this page, nearest first, which is how a window
    over the list pages backwards.
    """

    items: list[dict[str, Any]]
    after: tuple[Any, ...] | None
    before: tuple[Any, ...] | None = None


class Reader:
    def __init__(self, conn: AsyncConnection, tables: Tables) -> None:
        self.conn = conn
        self.tables = tables
        self.filters = FilterCompiler(tables)

    def where(
        self,
        collection: CollectionInfo,
        source: Any,
        rule: Any,
        search: str | None,
    ) -> list[Any]:
        clauses = []
        if rule:
            clauses.append(self.filters.rule(collection, source, rule))
        if search:
            clauses.append(search_clause(self.filters, collection, source, search))
        return clauses

    async def read(self, node: Node, query: Query) -> Page:
        collection = node.collection
        source = self.tables(collection)
        ordering = Ordering(
            self.tables, collection, source, query.sort or _default_sort(collection)
        )
        labels = [f"__sort{i}" for i in range(len(ordering.terms))]
        columns = _needed_columns(node)
        # an OFFSET would make the database join every skipped row (27 ms -> 1.7 s at row
        # 999,950 of 1M on SQLite): offset pages read the M2O in a second statement
        joined = [] if query.offset else self._joined(node, source)
        from_clause = ordering.from_clause
        for _, _, alias, condition in joined:
            from_clause = from_clause.outerjoin(alias, condition)
        statement = (
            select(
                *[source.c[name] for name in columns],
                *[t.expression.label(name) for t, name in zip(ordering.terms, labels, strict=True)],
                *[
                    alias.c[name].label(f"{alias.name}_{name}")
                    for _, target, alias, _ in joined
                    for name in _needed_columns(target)
                ],
            )
            .select_from(from_clause)
            .where(*self.where(collection, source, query.filter, query.search))
            .order_by(*ordering.order_by())
        )
        if query.after is not None:
            statement = statement.where(ordering.after(query.after))
        if query.limit is not None:
            statement = statement.limit(query.limit)
        if query.offset:
            statement = statement.offset(query.offset)
        result = (await self.conn.execute(statement)).mappings().all()
        rows = [_typed(collection, row, columns) for row in result]
        after = before = None
        if result and query.limit is not None and len(result) == query.limit:
            after = tuple(result[-1][label] for label in labels)
        if result:
            before = tuple(result[0][label] for label in labels)
        for key, target, alias, _ in joined:
            _attach(key, target, alias.name, result, rows)
        await self.fill(node, rows, done={key for key, *_ in joined})
        return Page([_shape(node, row) for row in rows], after, before)

    def _joined(self, node: Node, source: Any) -> list[tuple[str, Node, Any, Any]]:
        """The M2O leaves read in the root query by a LEFT JOIN on the related key, instead of
        a second statement: a join on a primary key adds no rows. Only where the foreign key
        has the key's type (a join of mismatched types fails on PostgreSQL)."""
        found = []
        for key, child in node.children.items():
            target = child.nodes.get("")
            if child.kind != "m2o" or target is None or target.children:
                continue
            pk = primary_key_field(target.collection)
            if node.collection.fields[key].type != pk.type:
                continue
            alias = self.tables.aliased(target.collection, f"__m2o{len(found)}")
            found.append((key, target, alias, alias.c[pk.field] == source.c[key]))
        return found

    async def count(self, collection: CollectionInfo, rule: Any, search: str | None) -> int:
        source = self.tables(collection)
        statement = select(func.count()).select_from(source)
        statement = statement.where(*self.where(collection, source, rule, search))
        return int((await self.conn.execute(statement)).scalar_one())

    async def fill(
        self, node: Node, rows: list[dict[str, Any]], done: set[str] | None = None
    ) -> None:
        """Attach every relation of `node` (but those `done`) to `rows`, one query per relation
        and level."""
        if not rows:
            return
        for key, child in node.children.items():
            if done and key in done:
                continue
            if child.kind == "m2o":
                await self._fill_m2o(key, child, rows)
            elif child.kind == "a2o":
                await self._fill_a2o(key, child, rows)
            else:
                await self._fill_o2m(node.collection, key, child, rows)

    async def _fill_m2o(self, key: str, child: Child, rows: list[dict[str, Any]]) -> None:
        target = child.nodes[""]
        assert target is not None
        keys = {row[key] for row in rows if row.get(key) is not None}
        found = await self._by_key(target, keys)
        for row in rows:
            row[key] = found.get(row[key]) if row.get(key) is not None else None

    async def _fill_a2o(self, key: str, child: Child, rows: list[dict[str, Any]]) -> None:
        scope_field = child.relation.one_collection_field or "collection"
        for scope, target in child.nodes.items():
            assert target is not None
            pk = primary_key_field(target.collection)
            wanted: dict[str, Any] = {}
            for row in rows:
                if row.get(scope_field) == scope and row.get(key) is not None:
                    typed = _key_from_text(pk, row[key])
                    if typed is not None:
                        wanted[str(row[key])] = typed
            found = await self._by_key(target, set(wanted.values()))
            by_text = {text: found.get(typed) for text, typed in wanted.items()}
            for row in rows:
                if row.get(scope_field) == scope and row.get(key) is not None:
                    row[key] = by_text.get(str(row[key]))

    async def _by_key(self, node: Node, keys: set[Any]) -> dict[Any, dict[str, Any]]:
        if not keys:
            return {}
        collection = node.collection
        source = self.tables(collection)
        pk = primary_key_field(collection)
        columns = _needed_columns(node)
        rows: list[dict[str, Any]] = []
        for chunk in _chunks(sorted(keys, key=str), CHUNK):
            bound = [self.tables.bind(pk, value) for value in chunk]
            statement = select(*[source.c[name] for name in columns])
            statement = statement.where(source.c[pk.field].in_(bound))
            result = (await self.conn.execute(statement)).mappings().all()
            rows.extend(_typed(collection, row, columns) for row in result)
        await self.fill(node, rows)
        return {row[pk.field]: _shape(node, row) for row in rows}

    async def _fill_o2m(
        self, parent: CollectionInfo, key: str, child: Child, rows: list[dict[str, Any]]
    ) -> None:
        relation = child.relation
        many = self.tables.overview.collection(relation.many_collection)
        source = self.tables(many)
        fk = relation.many_field
        parent_pk = primary_key_field(parent)
        many_pk = primary_key_field(many)
        target = child.nodes.get("") or Node(many, [many_pk.field], outputs=[many_pk.field])
        keys_only = child.nodes.get("") is None
        deep: DeepOptions = child.deep
        sort = deep.sort or ((relation.sort_field,) if relation.sort_field else ())
        ordering = Ordering(self.tables, many, source, sort)
        columns = list(dict.fromkeys([*_needed_columns(target), fk]))
        children: list[dict[str, Any]] = []
        parent_keys = sorted(
            {row[parent_pk.field] for row in rows if row.get(parent_pk.field) is not None}, key=str
        )
        for chunk in _chunks(parent_keys, CHUNK):
            bound = [self.tables.bind(parent_pk, value) for value in chunk]
            conditions = [
                source.c[fk].in_(bound),
                *self.where(many, source, deep.filter, deep.search),
            ]
            selected = [source.c[name] for name in columns]
            if deep.limit is None and not deep.offset:
                statement = (
                    select(*selected)
                    .select_from(ordering.from_clause)
                    .where(*conditions)
                    .order_by(*ordering.order_by())
                )
            else:
                number = func.row_number().over(
                    partition_by=source.c[fk], order_by=ordering.order_by()
                )
                inner = (
                    select(*selected, number.label(_ROW_NUMBER))
                    .select_from(ordering.from_clause)
                    .where(*conditions)
                    .subquery()
                )
                position = inner.c[_ROW_NUMBER]
                statement = select(*[inner.c[name] for name in columns]).where(
                    position > deep.offset
                )
                if deep.limit is not None:
                    statement = statement.where(position <= deep.offset + deep.limit)
                statement = statement.order_by(position)
            result = (await self.conn.execute(statement)).mappings().all()
            children.extend(_typed(many, row, columns) for row in result)
        parents = [_parent_key(parent_pk, row[fk]) for row in children]
        await self.fill(target, children)  # may replace the FK itself with the parent's dict
        grouped: dict[Any, list[Any]] = {}
        for parent, row in zip(parents, children, strict=True):
            value = row[many_pk.field] if keys_only else _shape(target, row)
            grouped.setdefault(parent, []).append(value)
        for row in rows:
            row[key] = grouped.get(row.get(parent_pk.field), [])


def _default_sort(collection: CollectionInfo) -> tuple[str, ...]:
    if collection.sort_field and collection.sort_field in collection.fields:
        return (collection.sort_field,)
    return ()


def _needed_columns(node: Node) -> list[str]:
    """The node's own columns plus what following its relations needs (keys, FKs, scopes)."""
    collection = node.collection
    needed = [primary_key_field(collection).field, *node.columns]
    for key, child in node.children.items():
        if child.kind in ("m2o", "a2o"):
            needed.append(key)
        if child.kind == "a2o":
            needed.append(child.relation.one_collection_field or "collection")
    return list(dict.fromkeys(needed))


def _typed(collection: CollectionInfo, row: Any, columns: Iterable[str]) -> dict[str, Any]:
    fields = collection.fields
    return {name: from_db(fields[name], row[name]) for name in columns}


def _attach(key: str, target: Node, prefix: str, result: Any, rows: list[dict[str, Any]]) -> None:
    """An M2O read by a join: the related item's dict, or None (no key, or a dangling one)."""
    collection = target.collection
    pk = primary_key_field(collection).field
    columns = _needed_columns(target)
    labels = [f"{prefix}_{name}" for name in columns]
    for raw, row in zip(result, rows, strict=True):
        if row.get(key) is None or raw[f"{prefix}_{pk}"] is None:
            row[key] = None
            continue
        values = {name: raw[label] for name, label in zip(columns, labels, strict=True)}
        row[key] = _shape(target, _typed(collection, values, columns))


def _shape(node: Node, row: dict[str, Any]) -> dict[str, Any]:
    return {key: row.get(key) for key in node.outputs}


def _key_from_text(pk: Any, text: Any) -> Any:
    from studio.engine.errors import InvalidValue
    from studio.engine.values import coerce

    try:
        return coerce(pk, text)
    except InvalidValue:
        return None


def _parent_key(parent_pk: Any, value: Any) -> Any:
    """An FK value typed like the parent's key (an FK column may be typed differently)."""
    if value is None:
        return None
    typed = _key_from_text(parent_pk, value)
    return value if typed is None else typed


def _chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
