"""A schema change as data: the SQL statements and metadata row writes it consists of.

The same object is shown as the preview and then applied step by step, so what a person
confirms is exactly what runs: statements are rendered once, for the database's dialect, and
executed as rendered. Applying happens inside one transaction (see `schema_transaction`), so a
failure at any step leaves the schema and the system tables as they were.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, and_
from sqlalchemy.ext.asyncio import AsyncConnection

from studio.engine.errors import StudioError

if TYPE_CHECKING:
    from studio.engine.database import Database
    from studio.engine.system import SystemTables

SystemTable = Literal["collections", "fields", "relations"]
RowAction = Literal["insert", "update", "delete"]


@dataclass(frozen=True, slots=True)
class Statement:
    """One SQL statement, rendered for the dialect it will run on; `kind` is "ddl" or "data"."""

    sql: str
    kind: Literal["ddl", "data"] = "ddl"

    def describe(self) -> str:
        return self.sql


@dataclass(frozen=True, slots=True)
class RowWrite:
    """A row of `studio_collections`, `studio_fields` or `studio_relations` written or deleted.

    `key` picks the row (collection; collection+field; many_collection+many_field) and
    `values` are the columns written (all of them for an insert, the changed ones for an update).
    """

    table: SystemTable
    action: RowAction
    key: Mapping[str, Any]
    values: Mapping[str, Any] = field(default_factory=dict)

    def describe(self, prefix: str = "studio") -> str:
        where = ", ".join(f"{k}={v!r}" for k, v in self.key.items())
        if self.action == "delete":
            return f"delete {prefix}_{self.table} row ({where})"
        shown = {k: v for k, v in self.values.items() if k not in self.key or self.key[k] != v}
        columns = ", ".join(f"{k}={_short(v)}" for k, v in shown.items())
        return (
            f"{self.action} {prefix}_{self.table} row ({where}){': ' + columns if columns else ''}"
        )


@dataclass(frozen=True, slots=True)
class DataRows:
    """Rows inserted into a collection's own table (the languages a new languages
    collection is seeded with)."""

    table: str
    rows: tuple[Mapping[str, Any], ...]

    def describe(self) -> str:
        return f"insert {len(self.rows)} rows into {self.table}"


Step = Statement | RowWrite | DataRows

# Called after each applied step with (index, step); tests inject faults here.
STEP_LISTENERS: list[Callable[[int, Step], None]] = []


@dataclass
class SchemaChange:
    """What one operation will do. `problems` non-empty means it must not be applied (a type
    change that would lose values); `notes` are things a person should know before confirming
    (what a delete takes with it)."""

    summary: str
    dialect: str
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    prefix: str = "studio"
    # Tables whose rows or definition the steps change; on SQLite the foreign keys of these and
    # of the tables pointing at them are checked after applying (see `apply_sync`).
    touched: set[str] = field(default_factory=set)
    # The schema part in words, one line per table, column, index or rename ("new table
    # recipes_ingredients: id integer key, ..."), so a preview reads before its DDL.
    outline: list[str] = field(default_factory=list)

    @property
    def statements(self) -> list[str]:
        """The SQL, in order: DDL and data statements."""
        return [step.sql for step in self.steps if isinstance(step, Statement)]

    @property
    def row_writes(self) -> list[RowWrite]:
        return [step for step in self.steps if isinstance(step, RowWrite)]

    def rows(self, table: SystemTable, action: RowAction = "insert") -> list[RowWrite]:
        return [w for w in self.row_writes if w.table == table and w.action == action]

    def describe(self) -> list[str]:
        """One line (or SQL block) per step, for showing the preview."""
        lines: list[str] = []
        for step in self.steps:
            lines.append(
                step.describe(self.prefix) if isinstance(step, RowWrite) else step.describe()
            )
        return lines

    def render(self) -> str:
        """The whole preview as text: summary, notes, problems, then every step."""
        parts = [self.summary]
        parts += [f"note: {note}" for note in self.notes]
        parts += [f"cannot apply: {problem}" for problem in self.problems]
        parts += self.describe()
        return "\n".join(parts)

    def apply_sync(self, conn: Connection, system: SystemTables) -> None:
        """Run the steps. On SQLite (where the schema transaction runs with foreign keys off)
        the change is refused if it leaves more dangling keys in the tables it touched, or in
        tables pointing at them, than there were before; dangling keys elsewhere in the
        database, or already there, are not its business."""
        if self.problems:
            raise StudioError(self.problems[0])
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            checked = _referencing(conn, self.touched)
            before = _dangling(conn, checked)
        self._run_steps(conn, system)
        if sqlite:
            checked |= _referencing(conn, self.touched)
            _check_foreign_keys(conn, checked, before)

    def _run_steps(self, conn: Connection, system: SystemTables) -> None:
        for index, step in enumerate(self.steps):
            if isinstance(step, Statement):
                conn.exec_driver_sql(step.sql)
            elif isinstance(step, RowWrite):
                _write_row(conn, system, step)
            else:
                target = _user_table(conn, step.table)
                conn.execute(target.insert(), [dict(row) for row in step.rows])
            for listener in list(STEP_LISTENERS):
                listener(index, step)


def _short(value: Any) -> str:
    if isinstance(value, Mapping | list | tuple):
        text = json.dumps(value, default=str)
        return text if len(text) <= 80 else text[:77] + "..."
    return repr(value)


def _write_row(conn: Connection, system: SystemTables, write: RowWrite) -> None:
    table = getattr(system, write.table)
    where = and_(*(table.c[k] == v for k, v in write.key.items()))
    if write.action == "insert":
        conn.execute(table.insert().values(**{**write.key, **write.values}))
    elif write.action == "update":
        conn.execute(table.update().where(where).values(**write.values))
    else:
        conn.execute(table.delete().where(where))


def _user_table(conn: Connection, name: str) -> Any:
    from sqlalchemy import MetaData, Table

    return Table(name, MetaData(), autoload_with=conn)


@asynccontextmanager
async def schema_transaction(db: Database) -> AsyncIterator[AsyncConnection]:
    """The one transaction a schema change runs in.

    PostgreSQL: `db.transaction()`. SQLite: the same, but with foreign-key enforcement off for
    its duration — SQLite's own procedure for rebuilding a table (a DROP TABLE of a referenced
    table would otherwise run ON DELETE actions on every child row). The pragma can only change
    outside a transaction, so it is set on the raw connection before BEGIN. The applied change
    checks the foreign keys of the tables it touched itself (`SchemaChange.apply_sync`): a
    change that would leave a dangling key is rolled back.
    """
    if db.dialect != "sqlite":
        async with db.transaction() as conn:
            yield conn
        return
    async with db.engine.connect() as conn:
        await conn.run_sync(_sqlite_foreign_keys, False)
        try:
            await conn.execution_options(studio_write=True)
            async with conn.begin():
                yield conn
        finally:
            await conn.run_sync(_sqlite_foreign_keys, True)


def _sqlite_foreign_keys(conn: Connection, enabled: bool) -> None:
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}")
    finally:
        cursor.close()


def _referencing(conn: Connection, tables: set[str]) -> set[str]:
    """`tables` (those that exist) and the tables with a foreign key pointing at one of them."""
    if not tables:
        return set()
    wanted = {name.lower() for name in tables}
    found: set[str] = set()
    for name, target in conn.exec_driver_sql(
        'SELECT m.name, p."table" FROM sqlite_master AS m'
        " LEFT JOIN pragma_foreign_key_list(m.name) AS p WHERE m.type = 'table'"
    ):
        if name.lower() in wanted or (target is not None and target.lower() in wanted):
            found.add(name)
    return found


def _dangling(conn: Connection, tables: set[str]) -> dict[tuple[str, str], int]:
    """Rows whose foreign key points at nothing, counted by (table, parent table)."""
    existing = {
        name
        for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    counts: dict[tuple[str, str], int] = {}
    for table in sorted(tables & existing):
        for row in conn.exec_driver_sql("SELECT * FROM pragma_foreign_key_check(?)", (table,)):
            key = (row[0], row[2])
            counts[key] = counts.get(key, 0) + 1
    return counts


def _check_foreign_keys(
    conn: Connection, tables: set[str], before: dict[tuple[str, str], int]
) -> None:
    for (table, parent), count in _dangling(conn, tables).items():
        new = count - before.get((table, parent), 0)
        if new > 0:
            raise StudioError(
                f"The change would leave {new} row(s) of {table!r} pointing at missing "
                f"items of {parent!r}; nothing was changed."
            )
