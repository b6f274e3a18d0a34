"""What the database itself says about its tables, read in a few batched queries.

SQLAlchemy's `get_multi_*` inspector calls read every table at once on PostgreSQL (a handful of
catalog queries instead of several per table), which keeps a 300-table overview well under a
second. SQLite's declared column types are read separately because its reflection keeps only the
type affinity (a `UUID` column would come back as NUMERIC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, inspect, text
from sqlalchemy import types as sa
from sqlalchemy.dialects import postgresql as pg

from studio.engine.schema import ForeignKey
from studio.engine.types import field_type_for_column, field_type_for_declared


@dataclass(frozen=True, slots=True)
class ColumnSchema:
    name: str
    field_type: str
    db_type: str
    nullable: bool
    default: str | None
    auto_increment: bool
    length: int | None = None
    precision: int | None = None
    scale: int | None = None


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
    if conn.dialect.name == "sqlite":
        return _introspect_sqlite(conn, exclude)
    return _introspect_with_inspector(conn, exclude)


def _introspect_with_inspector(conn: Connection, exclude: frozenset[str]) -> dict[str, TableSchema]:
    inspector = inspect(conn)
    columns = inspector.get_multi_columns()
    primary_keys = inspector.get_multi_pk_constraint()
    foreign_keys = inspector.get_multi_foreign_keys()
    uniques = inspector.get_multi_unique_constraints()
    indexes = inspector.get_multi_indexes()

    tables: dict[str, TableSchema] = {}
    for (schema, name), cols in sorted(columns.items(), key=lambda item: item[0][1]):
        if name in exclude:
            continue
        table = TableSchema(name)
        pk = primary_keys.get((schema, name)) or {}
        table.primary_key = tuple(pk.get("constrained_columns") or ())
        table.columns = [_inspected_column(conn, col) for col in cols]
        for fk in foreign_keys.get((schema, name), []):
            if len(fk["constrained_columns"]) != 1 or fk["referred_table"] in exclude:
                continue  # composite keys cannot be a field's relation
            options = fk.get("options") or {}
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
        for unique in uniques.get((schema, name), []):
            if len(unique["column_names"]) == 1:
                table.unique_columns.add(unique["column_names"][0])
        for index in indexes.get((schema, name), []):
            names = index["column_names"]
            if len(names) != 1 or names[0] is None:
                continue  # multi-column or expression index: no single column is unique
            table.indexed_columns.add(names[0])
            partial = (index.get("dialect_options") or {}).get("postgresql_where")
            if index.get("unique") and not partial:
                table.unique_columns.add(names[0])
        tables[name] = table
    return tables


def _inspected_column(conn: Connection, col: dict[str, Any]) -> ColumnSchema:
    column_type = col["type"]
    if isinstance(column_type, pg.DOMAIN):
        column_type = column_type.data_type  # a domain is its base type plus a check
    default = col.get("default")
    auto = bool(col.get("identity")) or bool(default and str(default).startswith("nextval("))
    length = None if isinstance(column_type, sa.Enum) else getattr(column_type, "length", None)
    precision = getattr(column_type, "precision", None)
    scale = getattr(column_type, "scale", None)
    return ColumnSchema(
        name=col["name"],
        field_type=field_type_for_column(column_type),
        db_type=_postgres_type_name(column_type, conn),
        nullable=bool(col.get("nullable", True)),
        default=None if default is None else str(default),
        auto_increment=auto,
        length=length if isinstance(length, int) else None,
        precision=precision if isinstance(precision, int) else None,
        scale=scale if isinstance(scale, int) else None,
    )


# Real tables only: views, virtual tables (whose module may not even be loaded) and their shadow
# tables are not collections. MATERIALIZED keeps the pragmas from ever seeing the others.
_SQLITE_TABLES = (
    "WITH m(name) AS MATERIALIZED (SELECT name FROM pragma_table_list"
    " WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%')"
    " SELECT m.name, {columns} FROM m JOIN {pragma} AS p"
)
_SIZE = re.compile(r"\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)")


def _introspect_sqlite(conn: Connection, exclude: frozenset[str]) -> dict[str, TableSchema]:
    """Four pragma joins for the whole file, where the inspector runs several per table.

    It also keeps what SQLite's reflection loses: the declared type text (a `UUID` column is
    NUMERIC by affinity) and ON DELETE actions written inline on a column.
    """

    def rows(pragma: str, columns: str) -> list[Any]:
        return list(conn.execute(text(_SQLITE_TABLES.format(pragma=pragma, columns=columns))))

    without_rowid = {
        name
        for (name,) in conn.execute(
            text("SELECT name FROM pragma_table_list WHERE schema = 'main' AND wr = 1")
        )
    }
    tables: dict[str, TableSchema] = {}
    pk_positions: dict[str, list[tuple[int, str]]] = {}
    raw_columns = rows(
        "pragma_table_xinfo(m.name)",
        'p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden',
    )
    for table_name, _cid, name, declared, notnull, default, pk, hidden in sorted(raw_columns):
        if table_name in exclude or hidden == 1:
            continue
        table = tables.setdefault(table_name, TableSchema(table_name))
        if pk:
            pk_positions.setdefault(table_name, []).append((pk, name))
        table.columns.append(_sqlite_column(name, declared or "", notnull, default))
    for table_name, keys in pk_positions.items():
        table = tables[table_name]
        table.primary_key = tuple(name for _, name in sorted(keys))
        if len(table.primary_key) == 1 and table_name not in without_rowid:
            (key,) = table.primary_key
            table.columns = [
                _rowid_key(c) if c.name == key and c.db_type.upper() == "INTEGER" else c
                for c in table.columns
            ]

    fk_rows = rows(
        "pragma_foreign_key_list(m.name)",
        'p.id, p."table", p."from", p."to", p.on_update, p.on_delete',
    )
    real_names = {name.lower(): name for name in tables}
    by_constraint: dict[tuple[str, int], list[Any]] = {}
    for row in fk_rows:
        by_constraint.setdefault((row[0], row[1]), []).append(row)
    for (table_name, _id), parts in sorted(by_constraint.items()):
        if len(parts) != 1 or table_name not in tables:
            continue  # composite keys cannot be a field's relation
        _, _, target, column, target_column, on_update, on_delete = parts[0]
        if target in exclude:
            continue
        target = real_names.get(target.lower(), target)  # SQLite keeps the spelling as written
        target_table = tables.get(target)
        if target_column is None:  # REFERENCES parent: the parent's primary key
            target_pk = target_table.primary_key if target_table else ()
            target_column = target_pk[0] if len(target_pk) == 1 else "rowid"
        elif target_table is not None:
            spelled = {c.name.lower(): c.name for c in target_table.columns}
            target_column = spelled.get(target_column.lower(), target_column)
        tables[table_name].foreign_keys.append(
            ForeignKey(None, table_name, column, target, target_column, on_delete, on_update)
        )

    index_columns: dict[tuple[str, str], list[str]] = {}
    unique_indexes: set[tuple[str, str]] = set()
    index_rows = rows(
        "pragma_index_list(m.name) AS il JOIN pragma_index_info(il.name)",
        'il.name, il."unique", il.partial, p.name',
    )
    for table_name, index_name, unique, partial, column in index_rows:
        index_columns.setdefault((table_name, index_name), []).append(column)
        if unique and not partial:  # a partial unique index allows repeats outside its WHERE
            unique_indexes.add((table_name, index_name))
    for (table_name, index_name), columns in index_columns.items():
        if table_name in tables and len(columns) == 1 and columns[0] is not None:
            tables[table_name].indexed_columns.add(columns[0])
            if (table_name, index_name) in unique_indexes:
                tables[table_name].unique_columns.add(columns[0])
    return dict(sorted(tables.items()))


def _sqlite_column(name: str, declared: str, notnull: int, default: str | None) -> ColumnSchema:
    field_type = field_type_for_declared(declared)
    sizes = _SIZE.search(declared)
    first = int(sizes.group(1)) if sizes else None
    second = int(sizes.group(2)) if sizes and sizes.group(2) else None
    numeric = field_type in {"decimal", "integer"} and first is not None
    return ColumnSchema(
        name=name,
        field_type=field_type,
        db_type=declared,
        nullable=not notnull,
        default=default,
        auto_increment=False,
        length=first if field_type in {"string", "hash"} else None,
        precision=first if numeric else None,
        scale=(second or 0) if numeric else None,
    )


def _rowid_key(column: ColumnSchema) -> ColumnSchema:
    """INTEGER PRIMARY KEY is SQLite's rowid: it numbers itself."""
    return replace(column, auto_increment=True)


def _postgres_type_name(column_type: sa.TypeEngine[Any], conn: Connection) -> str:
    try:
        return column_type.compile(dialect=conn.dialect).lower()
    except Exception:  # a type SQLAlchemy reflects but cannot render
        return str(type(column_type).__name__).lower()


_QUOTED = re.compile(r"'((?:[^']|'')*)'", re.S)
_TYPE_CAST = re.compile(r"^(.*?)::[\w\s\"\[\]]+$", re.S)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def parse_default(raw: str | None) -> Any:
    """A column default as a value where it is a literal (`'draft'::character varying` →
    "draft", `'-1'::integer` → "-1", `0` → 0); an expression (`now()`) stays as its text.

    The overview then converts literals to the field's type.
    """
    if raw is None:
        return None
    value = raw.strip()
    while True:
        inner = _strip_parentheses(value)
        cast = _TYPE_CAST.match(inner)
        if cast and _is_literal(cast.group(1).strip()):
            inner = cast.group(1).strip()
        if inner == value:
            break
        value = inner
    quoted = _QUOTED.fullmatch(value)
    if quoted:
        return quoted.group(1).replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]  # SQLite reads a double-quoted default as a string
    lowered = value.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    if lowered == "null":
        return None
    if _NUMBER.match(value):
        return float(value) if any(c in value for c in ".eE") else int(value)
    return value


def _is_literal(value: str) -> bool:
    return bool(_QUOTED.fullmatch(value) or _NUMBER.match(value)) or value.lower() in {
        "true", "false", "null"
    }  # fmt: skip


def _strip_parentheses(value: str) -> str:
    """`(0)` → `0`, but `(1) + (2)` stays: the outer pair must enclose everything."""
    if not (value.startswith("(") and value.endswith(")")):
        return value
    depth = 0
    for position, char in enumerate(value):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and position < len(value) - 1:
            return value
    return value[1:-1].strip()
