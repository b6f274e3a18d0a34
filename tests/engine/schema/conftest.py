"""Helpers for schema-service tests: a full picture of the database to compare before/after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, inspect, select, text

from studio.engine import Database
from studio.engine.introspect import introspect


async def snapshot(db: Database) -> dict[str, Any]:
    """Every table's introspected shape, SQLite's stored DDL, and every system-table row."""
    async with db.connect() as conn:
        return await conn.run_sync(_snapshot, db)


def _snapshot(conn: Connection, db: Database) -> dict[str, Any]:
    tables = introspect(conn, db.system.table_names)
    shape = {
        name: (
            [(c.name, c.db_type, c.nullable, c.default) for c in t.columns],
            t.primary_key,
            sorted((fk.column, fk.foreign_table, fk.on_delete) for fk in t.foreign_keys),
            sorted(t.unique_columns),
            sorted(t.indexed_columns),
        )
        for name, t in tables.items()
    }
    rows = {}
    for table in (db.system.collections, db.system.fields, db.system.relations):
        found = conn.execute(select(table).order_by(*table.primary_key.columns))
        rows[table.name] = [dict(r._mapping) for r in found]
    ddl: list[Any] = []
    if conn.dialect.name == "sqlite":
        ddl = list(conn.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name")))
    return {
        "tables": shape,
        "rows": rows,
        "ddl": ddl,
        "names": sorted(inspect(conn).get_table_names()),
    }


async def system_rows(db: Database, table: str) -> list[dict[str, Any]]:
    system = getattr(db.system, table)
    async with db.connect() as conn:
        result = await conn.execute(select(system))
        return [dict(r._mapping) for r in result]
