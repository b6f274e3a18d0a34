"""Typeahead: the items whose title starts with what was typed, fast on a million rows.

Why not `read_many(filter={"name": {"_istarts_with": text}})`: a case-insensitive prefix cannot
use a plain index. SQLite's LIKE ignores ASCII case, so its planner only uses an index declared
NOCASE; PostgreSQL's ILIKE never uses a btree, and its LIKE only under the C collation or with
`text_pattern_ops`. So a typed prefix becomes a few index range scans instead, one per case
variant the editor most likely means (as typed, lower, Capitalised, Title Case, UPPER), each
`field >= p AND field < p || c` ordered by the field with a LIMIT, plus the exact check
`substr(field, 1, len(p)) = p`, where `c` sorts after any letter in the column's collation.
Under a binary collation (SQLite, PostgreSQL "C") U+10FFFF is that character and the range is
exactly the strings starting with `p`. A linguistic collation weighs characters its own way:
"the next code point" as the upper bound would lose matches (ICU sorts "Pa{" before "Paz" and
"Pê" before "Pérou"), and glibc's locales (en_US, the official PostgreSQL image's default)
ignore U+10FFFF altogether, so "Pa" || U+10FFFF sorts before "Paris". On PostgreSQL the upper
bound is therefore GREATEST(p || U+10FFFF, p || U+FFFF, p || U+FFFD) under the column's
collation (read once from the catalog): U+FFFF is CLDR's highest weight (ICU), U+FFFD glibc's,
and the planner folds the constant so the index still answers
(tests/engine/test_suggest.py checks "en-x-icu" and glibc's en_US). Neighbours the range lets in
(accented or other-case forms) fail the exact check. All variants go in one UNION ALL statement
and are merged in Python.

Only when the prefix finds fewer than `limit` items does a second statement look for the text
anywhere in the searchable fields (Directus's search: a scan, but it stops at the LIMIT), leaving
out what was found. Template fields without an index get one case-insensitive LIKE each (a scan
that also stops at the LIMIT, so it has no ORDER BY); the merge sorts everything anyway.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Select, Text, and_, func, literal, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import quoted_name

from studio.engine import types as ft
from studio.engine.filters import FilterCompiler, search_clause
from studio.engine.paths import build_tree
from studio.engine.reader import Reader, _needed_columns, _shape, _typed
from studio.engine.schema import CollectionInfo, FieldInfo
from studio.engine.tables import Tables, primary_key_field

MATCH = "__match"
PREFIX_TYPES = frozenset({ft.STRING, ft.TEXT})
_HIGHEST = "\U0010ffff"  # above every character in a binary collation
# Candidates for the highest character on PostgreSQL, one of which wins in each collation kind.
_CEILINGS = ("\U0010ffff", "\uffff", "\ufffd")
_COLLATIONS = text(
    "SELECT a.attname, quote_ident(n.nspname) || '.' || quote_ident(c.collname) "
    "FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation "
    "JOIN pg_namespace n ON n.oid = c.collnamespace "
    "WHERE a.attrelid = to_regclass(:table) AND a.attnum > 0 AND NOT a.attisdropped"
)


def case_variants(text: str) -> list[str]:
    """What an editor typing `text` most likely means, in that order, without repeats."""
    variants = [text, text.lower(), text[:1].upper() + text[1:].lower(), text.title(), text.upper()]
    return list(dict.fromkeys(v for v in variants if v))


def prefix_fields(collection: CollectionInfo, names: Sequence[str]) -> list[FieldInfo]:
    """The fields among `names` a prefix can be matched on: top-level text columns."""
    found = []
    for name in dict.fromkeys(names):
        info = collection.fields.get(name)
        if info is not None and not info.is_alias and info.type in PREFIX_TYPES:
            found.append(info)
    return found


class Suggester:
    """One typeahead read on a connection: at most two statements for the matches, then one
    per relation level for the fields asked (the reader's usual way)."""

    def __init__(self, conn: AsyncConnection, tables: Tables, collection: CollectionInfo) -> None:
        self.conn = conn
        self.tables = tables
        self.collection = collection
        self.source = tables(collection)
        self.filters = FilterCompiler(tables)
        self.pk = primary_key_field(collection)
        self.collations: dict[str, str] = {}

    async def suggest(
        self,
        text: str,
        match: Sequence[str],
        *,
        fields: Sequence[str],
        filter: Mapping[str, Any] | None = None,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        node = build_tree(self.tables.overview, self.collection.collection, fields)
        columns = _needed_columns(node)
        text = text.lstrip()
        where = [self.filters.rule(self.collection, self.source, filter)] if filter else []
        targets = prefix_fields(self.collection, match)
        if not text:
            rows = await self._first(columns, where, targets, limit)
        else:
            if self.tables.dialect == "postgresql":
                self.collations = await self._collations()
            rows = await self._prefixed(columns, where, targets, text, limit)
            if len(rows) < limit:
                rows += await self._containing(columns, where, text, rows, limit - len(rows))
        typed = [_typed(self.collection, row, columns) for row in rows]
        await Reader(self.conn, self.tables).fill(node, typed)
        return [_shape(node, row) for row in typed]

    def _select(self, columns: list[str], match: Any) -> Select[Any]:
        return select(*[self.source.c[name] for name in columns], match.label(MATCH))

    async def _first(
        self, columns: list[str], where: list[Any], targets: list[FieldInfo], limit: int
    ) -> list[Any]:
        """Nothing typed yet: the first items in the order of the first template field."""
        order = self.source.c[targets[0].field] if targets else self.source.c[self.pk.field]
        statement = self._select(columns, order).where(*where).order_by(order).limit(limit)
        return list((await self.conn.execute(statement)).mappings().all())

    async def _prefixed(
        self,
        columns: list[str],
        where: list[Any],
        targets: list[FieldInfo],
        text: str,
        limit: int,
    ) -> list[Any]:
        arms = []
        for info in targets:
            column = self.source.c[info.field]
            if info.is_indexed or info.is_primary_key:
                for variant in case_variants(text):
                    condition = self._range(column, variant)
                    arm = self._select(columns, column).where(condition, *where)
                    arms.append(arm.order_by(column).limit(limit))
            else:
                condition = self.filters.affix(info, column, text, start=True, insensitive=True)
                arms.append(self._select(columns, column).where(condition, *where).limit(limit))
        if not arms:
            return []
        if len(arms) == 1:
            statement: Any = arms[0]
        else:  # SQLite takes no ORDER BY/LIMIT on a compound's arm, so each is a subquery
            statement = union_all(*[select(arm.subquery(f"arm{i}")) for i, arm in enumerate(arms)])
        rows = (await self.conn.execute(statement)).mappings().all()
        return self._best(rows, limit)

    def _range(self, column: Any, prefix: str) -> Any:
        """`column` starts with `prefix`, stated so an index on it answers (see the module)."""
        exact = func.substr(column, 1, len(prefix)) == literal(prefix)
        collation = self.collations.get(column.name)
        if collation is None:
            ceiling: Any = literal(prefix + _HIGHEST)
        else:  # the highest candidate as the column's collation sorts them (a folded constant)
            name = quoted_name(collation, quote=False)  # quoted by the server
            bounds = [literal(prefix + c, Text).collate(name) for c in _CEILINGS]
            ceiling = func.greatest(*bounds)
        return and_(column >= literal(prefix), column < ceiling, exact)

    async def _collations(self) -> dict[str, str]:
        """PostgreSQL: each column's collation, schema-qualified and quoted, read once per
        overview (a schema change makes a new one)."""
        cache: dict[str, dict[str, str]] = self.tables.__dict__.setdefault("_collations", {})
        name = self.collection.collection
        found = cache.get(name)
        if found is None:
            table = '"' + name.replace('"', '""') + '"'
            rows = await self.conn.execute(_COLLATIONS, {"table": table})
            found = cache[name] = {str(column): str(collation) for column, collation in rows}
        return found

    def _best(self, rows: Sequence[Any], limit: int) -> list[Any]:
        """One row per item, the closest matches first (any case), at most `limit`."""
        pk = self.pk.field
        seen: dict[Any, Any] = {}
        for row in sorted(rows, key=_sort_key(pk)):
            seen.setdefault(row[pk], row)
        return list(seen.values())[:limit]

    async def _containing(
        self, columns: list[str], where: list[Any], text: str, found: list[Any], limit: int
    ) -> list[Any]:
        """The text anywhere in a searchable field, for what the prefix did not find."""
        pk = self.pk
        condition = search_clause(self.filters, self.collection, self.source, text)
        key_column = self.source.c[pk.field]
        statement = self._select(columns, key_column).where(condition, *where)
        if found:
            keys = [self.tables.bind(pk, row[pk.field]) for row in found]
            statement = statement.where(key_column.not_in(keys))
        rows = (await self.conn.execute(statement.limit(limit))).mappings().all()
        return sorted(rows, key=_title_key(self._first_text_field(columns), pk.field))

    def _first_text_field(self, columns: list[str]) -> str | None:
        return next(
            (name for name in columns if self.collection.fields[name].type in PREFIX_TYPES), None
        )


def _sort_key(pk: str) -> Any:
    def key(row: Any) -> tuple[str, str, str]:
        value = str(row[MATCH])
        return (value.casefold(), value, str(row[pk]))

    return key


def _title_key(field: str | None, pk: str) -> Any:
    def key(row: Any) -> tuple[str, str]:
        value = "" if field is None or row[field] is None else str(row[field])
        return (value.casefold(), str(row[pk]))

    return key
