"""`ItemsService`: every read and write of items goes through here; no UI code writes SQL.

Each write call is one transaction with everything nested in it, so a failure anywhere (a bad
value in the third nested item, a unique violation in a junction row) leaves every table as it
was. Reads return plain dicts with typed values and nested dicts/lists for relational paths.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from studio.engine.errors import ItemNotFound
from studio.engine.paths import build_tree
from studio.engine.query import Query
from studio.engine.reader import Page, Reader
from studio.engine.schema import CollectionInfo, SchemaOverview
from studio.engine.suggest import Suggester
from studio.engine.tables import Tables, primary_key_field, tables_for
from studio.engine.writer import Writer

if TYPE_CHECKING:
    from studio.engine.database import Database

# Below this many rows (by the planner's estimate) an exact count is cheap enough to always do.
EXACT_COUNT_BELOW = 200_000


@dataclass(frozen=True)
class Count:
    """A row count; `exact` is False for PostgreSQL's planner estimate on huge tables."""

    value: int
    exact: bool = True


class ItemsService:
    """Items of one collection. Pass `connection` to run inside a caller's transaction."""

    def __init__(
        self, db: Database, collection: str, *, connection: AsyncConnection | None = None
    ) -> None:
        self.db = db
        self.collection = collection
        self.connection = connection

    async def _schema(self) -> tuple[SchemaOverview, CollectionInfo, Tables]:
        overview = await self.db.overview()
        info = overview.collection(self.collection)
        return overview, info, tables_for(overview, self.db.dialect)

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[AsyncConnection]:
        if self.connection is not None:
            yield self.connection
            return
        async with self.db.connect() as conn:
            yield conn

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncConnection]:
        if self.connection is not None:
            # A savepoint, so a failed call is undone even if the caller goes on and commits.
            async with self.connection.begin_nested():
                yield self.connection
            return
        async with self.db.transaction() as conn:
            yield conn

    # reads ----------------------------------------------------------------------------------

    async def read_page(
        self, query: Query | Mapping[str, Any] | None = None, **options: Any
    ) -> Page:
        """A page of items and the keyset cursor for the next one (`Query(after=page.after)`)."""
        parsed = Query.parse(query, **options)
        overview, info, tables = await self._schema()
        node = build_tree(overview, info.collection, parsed.fields, parsed.deep)
        async with self._reading() as conn:
            return await Reader(conn, tables).read(node, parsed)

    async def read_many(
        self, query: Query | Mapping[str, Any] | None = None, **options: Any
    ) -> list[dict[str, Any]]:
        return (await self.read_page(query, **options)).items

    async def read_one(
        self,
        key: Any,
        fields: Sequence[str] | str = ("*",),
        deep: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        _, info, _ = await self._schema()
        pk = primary_key_field(info)
        items = await self.read_many(
            Query.parse({"fields": fields, "deep": deep or {}}),
            filter={pk.field: {"_eq": key}},
            limit=1,
        )
        if not items:
            raise ItemNotFound(self.collection, key)
        return items[0]

    async def read_by_keys(
        self, keys: Sequence[Any], fields: Sequence[str] | str = ("*",)
    ) -> list[dict[str, Any]]:
        """Items in the order of `keys` (missing ones left out), for a page of picked items."""
        if not keys:
            return []
        _, info, _ = await self._schema()
        pk = primary_key_field(info)
        wanted = list(fields) if not isinstance(fields, str) else [fields]
        items = await self.read_many(
            {"fields": [*wanted, pk.field], "filter": {pk.field: {"_in": list(keys)}}, "limit": -1}
        )
        by_key = {str(item[pk.field]): item for item in items}
        return [by_key[str(key)] for key in keys if str(key) in by_key]

    async def suggest(
        self,
        text: str,
        match: Sequence[str],
        *,
        fields: Sequence[str] = ("*",),
        filter: Mapping[str, Any] | None = None,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        """Typeahead: up to `limit` items whose `match` fields start with `text` in the likely
        cases (index range scans), then items containing it in a searchable field, closest
        first; `fields` are read for each as `read_many` would. See `suggest.py`."""
        _, info, tables = await self._schema()
        async with self._reading() as conn:
            suggester = Suggester(conn, tables, info)
            return await suggester.suggest(text, match, fields=fields, filter=filter, limit=limit)

    async def count(
        self,
        filter: Mapping[str, Any] | None = None,
        search: str | None = None,
        *,
        exact: bool = True,
    ) -> Count:
        """How many items match. With `exact=False` an unfiltered count on PostgreSQL uses the
        planner's estimate (`pg_class.reltuples`) when the table is huge, instead of a scan."""
        _, info, tables = await self._schema()
        async with self._reading() as conn:
            if not exact and not filter and not search and self.db.dialect == "postgresql":
                estimate = await _estimate(conn, info.collection)
                if estimate is not None and estimate >= EXACT_COUNT_BELOW:
                    return Count(estimate, exact=False)
            return Count(await Reader(conn, tables).count(info, filter, search))

    # writes ---------------------------------------------------------------------------------

    async def create_one(self, data: Mapping[str, Any]) -> Any:
        """Create an item (and everything nested in it); returns its key."""
        _, info, tables = await self._schema()
        async with self._writing() as conn:
            return await Writer(conn, tables).create(info, data)

    async def create_many(self, data: Sequence[Mapping[str, Any]]) -> list[Any]:
        _, info, tables = await self._schema()
        async with self._writing() as conn:
            return await Writer(conn, tables).create_many(info, data)

    async def update_one(self, key: Any, data: Mapping[str, Any]) -> Any:
        """Change only the fields given (and apply nested change-sets); returns the key."""
        _, info, tables = await self._schema()
        async with self._writing() as conn:
            return await Writer(conn, tables).update(info, key, data)

    async def update_many(self, keys: Sequence[Any], data: Mapping[str, Any]) -> list[Any]:
        """The same change on several items (batch edit of a field)."""
        _, info, tables = await self._schema()
        async with self._writing() as conn:
            return await Writer(conn, tables).update_many(info, keys, data)

    async def update_batch(self, items: Sequence[Mapping[str, Any]]) -> list[Any]:
        """A different change per item; each item carries its primary key."""
        _, info, tables = await self._schema()
        pk = primary_key_field(info)
        async with self._writing() as conn:
            writer = Writer(conn, tables)
            return [await writer.update(info, item.get(pk.field), item) for item in items]

    async def delete_one(self, key: Any) -> None:
        await self.delete_many([key])

    async def delete_many(self, keys: Sequence[Any]) -> None:
        _, info, tables = await self._schema()
        async with self._writing() as conn:
            await Writer(conn, tables).delete(info, keys)


async def _estimate(conn: AsyncConnection, table: str) -> int | None:
    quoted = '"' + table.replace('"', '""') + '"'
    statement = text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:name)")
    value = (await conn.execute(statement, {"name": quoted})).scalar()
    if value is None or value < 0:  # never analysed
        return None
    return int(value)
