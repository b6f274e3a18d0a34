"""Turning an operation into a `SchemaChange`: DDL rendered by Alembic for the live dialect.

A `Planner` runs on a connection (the preview's read connection, or the applying transaction's
own), reads a fresh overview, and records each DDL operation as the SQL Alembic renders for it in
offline mode — the text that is shown and then executed. Where SQLite cannot ALTER in place
(adding a foreign key, changing a column, dropping a keyed column) it uses Alembic's batch mode,
which rebuilds the table ("move and copy"); the table to copy is described from SQLite's own
pragmas rather than reflection, so declared types (`UUID`, `TIMESTAMP`) and ON DELETE actions
survive the rebuild.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import (
    Column,
    Connection,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.sql.elements import ClauseElement

from studio.engine.changes import (
    DataRows,
    RowWrite,
    SchemaChange,
    Statement,
    SystemTable,
    schema_transaction,
)
from studio.engine.columns import Declared
from studio.engine.errors import StudioError
from studio.engine.names import constraint_name
from studio.engine.overview import build_overview_sync
from studio.engine.schema import CollectionInfo, SchemaOverview
from studio.engine.system import SystemTables

if TYPE_CHECKING:
    from studio.engine.database import Database


@dataclass(frozen=True, slots=True)
class KeyType:
    """The type of a primary key, which a foreign key pointing at it must share."""

    type: str
    length: int | None = None


@dataclass(frozen=True, slots=True)
class ForeignKeySpec:
    column: str
    ref_table: str
    ref_column: str
    on_delete: str = "SET NULL"


class _Recorder:
    """Alembic's offline output buffer: one `write` per statement, each recorded as a step."""

    def __init__(self, change: SchemaChange) -> None:
        self.change = change
        self.enabled = True

    def write(self, text_: str) -> None:
        sql = text_.strip()
        while sql.endswith(";"):
            sql = sql[:-1].rstrip()
        if sql and self.enabled:
            self.change.steps.append(Statement(sql))

    def flush(self) -> None:
        pass


@dataclass
class _PlannedTable:
    primary_key: str
    key_type: KeyType
    columns: set[str] = field(default_factory=set)


class Planner:
    """Everything an operation needs while it is being planned, and the change it builds."""

    def __init__(self, conn: Connection, system: SystemTables, summary: str) -> None:
        self.conn = conn
        self.system = system
        self.dialect = conn.dialect.name
        self.overview: SchemaOverview = build_overview_sync(conn, system)
        self.change = SchemaChange(summary, self.dialect, prefix=system.prefix)
        self._recorder = _Recorder(self.change)
        context = MigrationContext.configure(
            dialect=conn.dialect,
            opts={"as_sql": True, "output_buffer": self._recorder, "literal_binds": True},
        )
        self.op = Operations(context)
        self.planned: dict[str, _PlannedTable] = {}
        self.dropped: set[str] = set()
        self._rebuilt: set[str] = set()
        inspector = inspect(conn)
        self._db_tables = set(inspector.get_table_names()) | set(inspector.get_view_names())

    # --- names -------------------------------------------------------------------------------

    def table_taken(self, name: str) -> bool:
        """A table, view, folder or system table of that name exists or is planned."""
        lowered = name.lower()
        names = self._db_tables | set(self.overview.collections) | set(self.planned)
        return any(existing.lower() == lowered for existing in names)

    def taken_tables(self) -> set[str]:
        return {n for n in self._db_tables | set(self.overview.collections) | set(self.planned)}

    def exists(self, collection: str) -> bool:
        return collection in self.planned or (
            collection in self.overview.collections
            and not self.overview.collections[collection].is_folder
        )

    def collection(self, key: str) -> CollectionInfo:
        return self.overview.collection(key)

    def field_names(self, collection: str) -> set[str]:
        names = set(self.planned[collection].columns) if collection in self.planned else set()
        if collection in self.overview.collections:
            names |= set(self.overview.collections[collection].fields)
        return names

    def primary_key(self, collection: str) -> tuple[str, KeyType]:
        """The key field of a collection and the type a foreign key to it must have."""
        if collection in self.planned:
            planned = self.planned[collection]
            return planned.primary_key, planned.key_type
        info = self.collection(collection)
        if info.primary_key is None:
            raise StudioError(
                f"Collection {collection!r} cannot be related to: "
                f"{info.not_editable_reason or 'it has no single primary key'}.",
                field="related_collection",
            )
        pk = info.fields[info.primary_key]
        length = pk.max_length if pk.type in ("string", "hash") else None
        return pk.field, KeyType(pk.type, length)

    def plan_table(self, name: str, primary_key: str, key_type: KeyType, columns: set[str]) -> None:
        self.planned[name] = _PlannedTable(primary_key, key_type, set(columns))

    # --- metadata rows -----------------------------------------------------------------------

    def row(self, table: SystemTable, action: str, key: dict[str, Any], **values: Any) -> None:
        self.change.steps.append(RowWrite(table, action, key, values))  # type: ignore[arg-type]

    def seed(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.change.steps.append(DataRows(table, tuple(rows)))
        self.change.touched.add(table)

    def data(self, statement: ClauseElement) -> None:
        """A data statement (an UPDATE/DELETE that goes with the schema change)."""
        sql = str(
            statement.compile(dialect=self.conn.dialect, compile_kwargs={"literal_binds": True})
        )
        self.change.steps.append(Statement(sql, kind="data"))
        target = getattr(statement, "table", None)
        if target is not None and getattr(target, "name", None):
            self.change.touched.add(target.name)

    # --- DDL ---------------------------------------------------------------------------------

    def create_table(self, name: str, *columns: Any) -> None:
        self.op.create_table(name, *columns)
        self.change.touched.add(name)
        parts = [self._column_words(c) for c in columns if isinstance(c, Column)]
        parts += [
            f"{', '.join(c.column_keys)} → {c.elements[0].target_fullname}"
            f" on delete {c.ondelete or 'NO ACTION'}"
            for c in columns
            if isinstance(c, ForeignKeyConstraint)
        ]
        self.change.outline.append(f"new table {name}: {'; '.join(parts)}")

    def _column_words(self, column: Column[Any]) -> str:
        words = [column.name, str(column.type.compile(dialect=self.conn.dialect)).lower()]
        if column.primary_key:
            words.append("primary key")
        elif not column.nullable:
            words.append("not null")
        if column.unique:
            words.append("unique")
        return " ".join(words)

    def drop_table(self, name: str) -> None:
        self.change.outline.append(f"drop table {name}")
        self.op.drop_table(name)
        self.dropped.add(name)
        self.change.touched.add(name)

    def add_column(
        self,
        table: str,
        column: Column[Any],
        *,
        foreign_key: ForeignKeySpec | None = None,
        unique: bool = False,
        indexed: bool = False,
    ) -> None:
        """ALTER TABLE ADD COLUMN, with its foreign key and index."""
        self.add_columns(table, [(column, foreign_key)])
        if unique or indexed:
            self.create_index(table, column.name, unique=unique)

    def add_columns(
        self, table: str, columns: list[tuple[Column[Any], ForeignKeySpec | None]]
    ) -> None:
        """Several columns added to one table. SQLite adds a plain column in place, but a
        foreign key, a default that is not a constant or NOT NULL without a default need the
        table rebuilt — once for all of them, since the rebuild copies the table as it is now."""
        self.change.touched.add(table)
        for col, fk in columns:
            words = f"new column {table}.{self._column_words(col)}"
            if fk is not None:
                words += f" → {fk.ref_table}.{fk.ref_column} on delete {fk.on_delete}"
            self.change.outline.append(words)
        needs_rebuild = self.dialect == "sqlite" and any(
            fk is not None or _non_constant_default(col) or _not_null_without_default(col)
            for col, fk in columns
        )
        if needs_rebuild:
            with self.rebuild(table) as batch:
                for col, fk in columns:
                    batch.add_column(col)
                    if fk is not None:
                        batch.create_foreign_key(
                            fk_name(table, fk.column),
                            fk.ref_table,
                            [fk.column],
                            [fk.ref_column],
                            ondelete=fk.on_delete,
                        )
            return
        for col, fk in columns:
            self.op.add_column(table, col)
            if fk is not None:
                self.op.create_foreign_key(
                    fk_name(table, fk.column),
                    table,
                    fk.ref_table,
                    [fk.column],
                    [fk.ref_column],
                    ondelete=fk.on_delete,
                )

    def create_index(self, table: str, column: str, *, unique: bool) -> None:
        name = constraint_name(table, column, suffix="unique" if unique else "index")
        self.change.outline.append(
            f"new {'unique ' if unique else ''}index {name} on {table}.{column}"
        )
        self.op.create_index(name, table, [column], unique=unique)

    def drop_index(self, name: str, table: str) -> None:
        self.change.outline.append(f"drop index {name} on {table}")
        self.op.drop_index(name, table_name=table)

    def drop_column(self, table: str, column: str) -> None:
        """ALTER TABLE DROP COLUMN; SQLite refuses that for a keyed or indexed column, so
        there the table is rebuilt without it."""
        self.change.touched.add(table)
        self.change.outline.append(f"drop column {table}.{column}")
        if self.dialect == "sqlite" and self._sqlite_column_is_keyed(table, column):
            with self.rebuild(table, without={column}) as batch:
                batch.drop_column(column)
        else:
            if self.dialect == "sqlite":
                self._sqlite_dependent_views(table, {column})  # refuses if a view uses it
            self.op.drop_column(table, column)

    def rename_column(self, table: str, old: str, new: str) -> None:
        quote = self.conn.dialect.identifier_preparer.quote
        self.change.outline.append(f"rename column {table}.{old} to {new}")
        self.change.steps.append(
            Statement(f"ALTER TABLE {quote(table)} RENAME COLUMN {quote(old)} TO {quote(new)}")
        )

    @contextmanager
    def rebuild(self, table: str, *, without: set[str] = frozenset()) -> Iterator[Any]:  # type: ignore[assignment]
        """SQLite's move-and-copy through Alembic's batch mode, indexes recreated after."""
        if table in self._rebuilt:
            # The copy is described from the database as it is before the change; a second
            # rebuild in the same change would undo the first. Callers group their work.
            raise RuntimeError(f"{table!r} would be rebuilt twice in one change")
        self._rebuilt.add(table)
        self.change.touched.add(table)
        snapshot, indexes = self._sqlite_snapshot(table)
        views = self._sqlite_dependent_views(table, without)
        quote = self.conn.dialect.identifier_preparer.quote
        for name, _sql in reversed(views):
            self.change.steps.append(Statement(f"DROP VIEW {quote(name)}"))
        with self.op.batch_alter_table(table, copy_from=snapshot, recreate="always") as batch:
            yield batch
        for index_sql, columns in indexes:
            if not (columns & without):
                self.change.steps.append(Statement(index_sql))
        for _name, view_sql in views:
            self.change.steps.append(Statement(view_sql))
        if views:
            shown = ", ".join(repr(name) for name, _ in views)
            self.change.notes.append(
                f"view(s) {shown} are dropped and created again around the rebuild of {table!r}"
            )

    def _sqlite_dependent_views(self, table: str, without: set[str]) -> list[tuple[str, str]]:
        """The views that read `table`, directly or through another view, in creation order.

        SQLite's `ALTER TABLE ... RENAME` at the end of a rebuild re-reads every view and
        fails on one naming the table while it is gone, so they are dropped before the
        rebuild and created again from their stored SQL after it."""
        rows = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid"
        ).all()
        needed = {table.lower()}
        found: dict[str, str] = {}
        changed = True
        while changed:
            changed = False
            for name, sql in rows:
                if name not in found and sql_words(sql or "") & needed:
                    found[name] = sql
                    needed.add(name.lower())
                    changed = True
        dropped = {column.lower() for column in without}
        for name, sql in found.items():
            if sql_words(sql) & dropped:
                raise StudioError(
                    f"View {name!r} reads {table!r} and may use the column being removed; "
                    "change or drop the view first."
                )
        return [(name, sql) for name, sql in rows if name in found]

    def _sqlite_column_is_keyed(self, table: str, column: str) -> bool:
        conn = self.conn
        pk = conn.exec_driver_sql(
            "SELECT pk FROM pragma_table_info(?) WHERE name = ?", (table, column)
        ).scalar()
        in_fk = conn.exec_driver_sql(
            'SELECT 1 FROM pragma_foreign_key_list(?) WHERE "from" = ?', (table, column)
        ).first()
        in_index = conn.exec_driver_sql(
            "SELECT 1 FROM pragma_index_list(?) AS il JOIN pragma_index_info(il.name) AS ii"
            " WHERE ii.name = ?",
            (table, column),
        ).first()
        return bool(pk) or in_fk is not None or in_index is not None

    def _sqlite_snapshot(self, table: str) -> tuple[Table, list[tuple[str, set[str]]]]:
        """The table as SQLite describes it, for batch mode's copy; plus its own indexes' SQL."""
        conn = self.conn
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar()
        if sql is None:
            raise StudioError(f"There is no table named {table!r}.")
        tokens = sql_tokens(sql)
        has_check = any(
            first == ("word", "check") and second == ("other", "(")
            for first, second in pairwise(tokens)
        )
        generated = conn.exec_driver_sql(
            "SELECT 1 FROM pragma_table_xinfo(?) WHERE hidden IN (2, 3)", (table,)
        ).first()
        if has_check or generated is not None:
            raise StudioError(
                f"Table {table!r} has CHECK constraints or generated columns that a SQLite "
                "table rebuild would not carry over; change it with SQL instead."
            )
        lowered = table.lower()
        triggers = [
            name
            for name, on_table, trigger_sql in conn.exec_driver_sql(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
            if on_table.lower() == lowered or lowered in sql_words(trigger_sql or "")
        ]
        if triggers:
            raise StudioError(
                f"Table {table!r} is used by trigger(s) {', '.join(map(repr, triggers))}, which "
                "a SQLite table rebuild would not carry over; change it with SQL instead."
            )
        autoincrement = any(kind == "word" and word == "autoincrement" for kind, word in tokens)
        metadata = MetaData()
        columns = conn.exec_driver_sql(
            'SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid',
            (table,),
        ).all()
        args: list[Any] = []
        pk_columns = sorted((pk, name) for name, _t, _n, _d, pk in columns if pk)
        for name, declared, notnull, default, pk in columns:
            column_type: Any = Declared(declared or "")
            if autoincrement and pk and len(pk_columns) == 1:
                # SQLAlchemy writes AUTOINCREMENT only on a column of Integer affinity; SQLite
                # allows it only on INTEGER PRIMARY KEY, so the declared type is INTEGER.
                column_type = Integer()
            args.append(
                Column(
                    name,
                    column_type,
                    nullable=not notnull,
                    server_default=text(default) if default is not None else None,
                    autoincrement=False,
                )
            )
        if pk_columns:
            args.append(PrimaryKeyConstraint(*(name for _, name in pk_columns)))
        fks: dict[int, list[Any]] = {}
        for row in conn.exec_driver_sql(
            'SELECT id, seq, "table", "from", "to", on_update, on_delete'
            " FROM pragma_foreign_key_list(?) ORDER BY id, seq",
            (table,),
        ):
            fks.setdefault(row[0], []).append(row)
        for parts in fks.values():
            target = parts[0][2]
            refs = [p[4] for p in parts]
            if any(r is None for r in refs):
                target_pk = conn.exec_driver_sql(
                    "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", (target,)
                ).scalars()
                refs = list(target_pk)
            on_update, on_delete = parts[0][5], parts[0][6]
            args.append(
                ForeignKeyConstraint(
                    [p[3] for p in parts],
                    [f"{target}.{r}" for r in refs],
                    name=fk_name(table, parts[0][3]) if len(parts) == 1 else None,
                    ondelete=None if on_delete == "NO ACTION" else on_delete,
                    onupdate=None if on_update == "NO ACTION" else on_update,
                )
            )
        indexes: list[tuple[str, set[str]]] = []
        for name, origin in conn.exec_driver_sql(
            "SELECT name, origin FROM pragma_index_list(?)", (table,)
        ).all():
            index_columns = set(
                conn.exec_driver_sql("SELECT name FROM pragma_index_info(?)", (name,)).scalars()
            )
            if origin == "u":
                args.append(UniqueConstraint(*sorted(index_columns)))
            elif origin == "c":
                index_sql = conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
                ).scalar()
                if index_sql:
                    indexes.append((index_sql, index_columns))
        snapshot = Table(table, metadata, *args, sqlite_autoincrement=autoincrement)
        return snapshot, indexes

    # --- reading data ------------------------------------------------------------------------

    def count(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return int(self.conn.exec_driver_sql(sql, params).scalar() or 0)

    def has_rows(self, table: str) -> bool:
        if table in self.planned:
            return False
        quote = self.conn.dialect.identifier_preparer.quote
        return (
            self.conn.exec_driver_sql(f"SELECT 1 FROM {quote(table)} LIMIT 1").first() is not None
        )


_SQL_TOKEN = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|--[^\n]*|/\*.*?(?:\*/|$)"""
    r"|[A-Za-z_][A-Za-z0-9_$]*|\S",
    re.DOTALL,
)


def sql_tokens(sql: str) -> list[tuple[str, str]]:
    """SQLite SQL as (kind, text) tokens: "word" (lowercased keyword or bare name), "name" (a
    quoted name, unquoted and lowercased) or "other" (punctuation); string literals and
    comments are left out, so `checked` or `'CHECK ('` is never read as a CHECK constraint."""
    tokens: list[tuple[str, str]] = []
    for match in _SQL_TOKEN.finditer(sql):
        token = match.group()
        first = token[0]
        if first == "'" or token.startswith(("--", "/*")):
            continue
        if first in '"`[':
            inner = token[1:-1]
            if first != "[":
                inner = inner.replace(first * 2, first)
            tokens.append(("name", inner.lower()))
        elif first.isalpha() or first == "_":
            tokens.append(("word", token.lower()))
        else:
            tokens.append(("other", token))
    return tokens


def sql_words(sql: str) -> set[str]:
    """The keywords and names (quoted or not) a statement mentions, lowercased."""
    return {text_ for kind, text_ in sql_tokens(sql) if kind != "other"}


def fk_name(table: str, column: str) -> str:
    """Knex's (and so Directus's) foreign key name: `<table>_<column>_foreign`."""
    return constraint_name(table, column, suffix="foreign")


def _non_constant_default(column: Column[Any]) -> bool:
    default = column.server_default
    if default is None:
        return False
    sql = str(getattr(default, "arg", "")).upper()
    return sql.startswith("CURRENT_")


def _not_null_without_default(column: Column[Any]) -> bool:
    return not column.nullable and column.server_default is None


class SchemaService:
    """The shape every schema operation shares: plan on a read connection for the preview,
    or plan and apply inside one schema transaction; then invalidate the overview."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _preview(
        self, summary: str, plan: Callable[..., None], *args: Any, **kwargs: Any
    ) -> SchemaChange:
        async with self.db.connect() as conn:
            return await conn.run_sync(self._plan_sync, summary, plan, args, kwargs, False)

    async def _apply(
        self, summary: str, plan: Callable[..., None], *args: Any, **kwargs: Any
    ) -> SchemaChange:
        try:
            async with schema_transaction(self.db) as conn:
                return await conn.run_sync(self._plan_sync, summary, plan, args, kwargs, True)
        finally:
            self.db.invalidate_overview()

    def _plan_sync(
        self,
        conn: Connection,
        summary: str,
        plan: Callable[..., None],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        apply: bool,
    ) -> SchemaChange:
        planner = Planner(conn, self.db.system, summary)
        plan(planner, *args, **kwargs)
        if apply:
            planner.change.apply_sync(conn, self.db.system)
        return planner.change
