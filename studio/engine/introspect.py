"""What the database itself says about its tables, read in a few batched queries.

SQLAlchemy's `get_multi_*` inspector calls read every table at once on PostgreSQL (a handful of
catalog queries instead of several per table), which keeps a 300-table overview well under a
second. SQLite's declared column types are read separately because its reflection keeps only the
type affinity (a `UUID` column would come back as NUMERIC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, inspect, text
from sqlalchemy import types as sa

from studio.engine.schema import ForeignKey


@dataclass(frozen=True, slots=True)
class ColumnSchema:
    name: str
    type: sa.TypeEngine[Any]
    declared_type: str | None
    db_type: str
    nullable: bool
    default: str | None
    auto_increment: bool


@dataclass(slots=True)
class TableSchema:
    name: str
    columns: list[ColumnSchema] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    unique_columns: set[str] = field(default_factory=set)
    indexed_columns: set[str] = field(default_factory=set)


def introspect(conn: Connection, exclude: frozenset[str]) -> dict[str, TableSchema]:
    """Every table of the default schema except `exclude` (the system tables)."""
    inspector = inspect(conn)
    columns = inspector.get_multi_columns()
    primary_keys = inspector.get_multi_pk_constraint()
    foreign_keys = inspector.get_multi_foreign_keys()
    uniques = inspector.get_multi_unique_constraints()
    indexes = inspector.get_multi_indexes()
    sqlite = conn.dialect.name == "sqlite"
    declared = _sqlite_declared_types(conn) if sqlite else {}
    fk_actions = _sqlite_fk_actions(conn) if sqlite else {}

    tables: dict[str, TableSchema] = {}
    for (_schema, name), cols in sorted(columns.items(), key=lambda item: item[0][1]):
        if name in exclude or name.startswith("sqlite_"):
            continue
        table = TableSchema(name)
        pk = primary_keys.get((_schema, name)) or {}
        table.primary_key = tuple(pk.get("constrained_columns") or ())
        for col in cols:
            table.columns.append(_column(conn, name, col, table.primary_key, declared))
        for fk in foreign_keys.get((_schema, name), []):
            if len(fk["constrained_columns"]) != 1 or fk["referred_table"] in exclude:
                continue  # composite keys cannot be a field's relation
            options = dict(fk.get("options") or {})
            for key, value in fk_actions.get((name, fk["constrained_columns"][0]), {}).items():
                options.setdefault(key, value)
            table.foreign_keys.append(
                ForeignKey(
                    constraint_name=fk.get("name"),
                    table=name,
                    column=fk["constrained_columns"][0],
                    foreign_table=fk["referred_table"],
                    foreign_column=fk["referred_columns"][0],
                    on_delete=(options.get("ondelete") or "NO ACTION").upper(),
                    on_update=(options.get("onupdate") or "NO ACTION").upper(),
                )
            )
        for unique in uniques.get((_schema, name), []):
            if len(unique["column_names"]) == 1:
                table.unique_columns.add(unique["column_names"][0])
        for index in indexes.get((_schema, name), []):
            names = [c for c in index["column_names"] if c is not None]
            if len(names) == 1:
                table.indexed_columns.add(names[0])
                if index.get("unique"):
                    table.unique_columns.add(names[0])
        tables[name] = table
    return tables


def _column(
    conn: Connection,
    table: str,
    col: dict[str, Any],
    primary_key: tuple[str, ...],
    declared: dict[tuple[str, str], str],
) -> ColumnSchema:
    column_type = col["type"]
    declared_type = declared.get((table, col["name"])) if declared else None
    default = col.get("default")
    if conn.dialect.name == "sqlite":
        # INTEGER PRIMARY KEY is SQLite's rowid: it numbers itself.
        auto = primary_key == (col["name"],) and (declared_type or "").strip().upper() == "INTEGER"
        db_type = declared_type or ""
    else:
        auto = bool(col.get("identity")) or bool(default and str(default).startswith("nextval("))
        db_type = _postgres_type_name(column_type, conn)
    return ColumnSchema(
        name=col["name"],
        type=column_type,
        declared_type=declared_type if conn.dialect.name == "sqlite" else None,
        db_type=db_type,
        nullable=bool(col.get("nullable", True)),
        default=None if default is None else str(default),
        auto_increment=auto,
    )


def _postgres_type_name(column_type: sa.TypeEngine[Any], conn: Connection) -> str:
    try:
        return column_type.compile(dialect=conn.dialect).lower()
    except Exception:  # a type SQLAlchemy reflects but cannot render
        return str(type(column_type).__name__).lower()


def _sqlite_declared_types(conn: Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute(
        text(
            "SELECT m.name, p.name, p.type FROM sqlite_master AS m "
            "JOIN pragma_table_xinfo(m.name) AS p WHERE m.type = 'table'"
        )
    )
    return {(table, column): declared for table, column, declared in rows}


def _sqlite_fk_actions(conn: Connection) -> dict[tuple[str, str], dict[str, str]]:
    """ON DELETE/UPDATE per FK column; SQLAlchemy misses them on inline REFERENCES clauses."""
    rows = conn.execute(
        text(
            'SELECT m.name, p."from", p.on_delete, p.on_update FROM sqlite_master AS m '
            "JOIN pragma_foreign_key_list(m.name) AS p WHERE m.type = 'table'"
        )
    )
    return {(t, c): {"ondelete": d, "onupdate": u} for t, c, d, u in rows}


_CAST = re.compile(r"^\((.*)\)$|^(.*?)::[\w\s\"\[\]]+$", re.S)


def parse_default(raw: str | None) -> Any:
    """A column default as a value where it is a literal (`'draft'::character varying` →
    "draft", `0` → 0, `true` → True); an expression (`now()`) stays as its text."""
    if raw is None:
        return None
    value = raw.strip()
    while True:
        match = _CAST.match(value)
        if not match:
            break
        value = (match.group(1) or match.group(2) or "").strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    lowered = value.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    if lowered == "null":
        return None
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        return value
