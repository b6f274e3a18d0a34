"""Field types as columns: the SQLAlchemy type and default each field type gets on each dialect.

The declared types are chosen so that the overview reads them back as the same field type on
both databases (SQLite keeps the declared text verbatim, so `UUID` and `TIMESTAMP` are written
literally there rather than SQLAlchemy's portable `CHAR(32)` / `DATETIME`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import types as sa
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.expression import text

from studio.engine import types as ft
from studio.engine.errors import StudioError

DEFAULT_STRING_LENGTH = 255
DEFAULT_PRECISION = 10
DEFAULT_SCALE = 5

# What `default_value` strings mean "the time of the insert" for the date types.
NOW = "$NOW"


class Declared(sa.UserDefinedType[Any]):
    """A column type rendered exactly as written: keeps SQLite's declared text through a table
    rebuild (reflection would reduce `UUID` to its NUMERIC affinity)."""

    cache_ok = True

    def __init__(self, declared: str) -> None:
        self.declared = declared

    def get_col_spec(self, **_: Any) -> str:
        return self.declared


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """The schema half of a field: what `CREATE`/`ALTER TABLE` needs."""

    type: str
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    nullable: bool = True
    default: Any = None
    unique: bool = False
    indexed: bool = False


def column_type(spec: ColumnSpec, dialect: str, *, field: str = "type") -> sa.TypeEngine[Any]:
    """The SQLAlchemy type for a field type on `dialect` ('sqlite' or 'postgresql')."""
    kind = spec.type
    sqlite = dialect == "sqlite"
    if kind in (ft.STRING, ft.HASH):
        length = spec.length or DEFAULT_STRING_LENGTH
        if length < 1:
            raise StudioError("A string's length must be at least 1.", field="length")
        return sa.String(length)
    if kind in (ft.TEXT, ft.CSV):
        return sa.Text()
    if kind == ft.INTEGER:
        return sa.Integer()
    if kind == ft.BIG_INTEGER:
        return sa.BigInteger()
    if kind == ft.FLOAT:
        return sa.Float()
    if kind == ft.DECIMAL:
        precision = spec.precision or DEFAULT_PRECISION
        scale = DEFAULT_SCALE if spec.scale is None else spec.scale
        if not 0 < precision <= 1000 or not 0 <= scale <= precision:
            raise StudioError(
                "A decimal needs a precision from 1 to 1000 and a scale from 0 to the precision.",
                field="precision",
            )
        if scale == 0:
            # numeric(p, 0) reads back as integer; whole-number decimals are integers.
            raise StudioError(
                "A decimal with scale 0 holds whole numbers: use an integer or big integer.",
                field="scale",
            )
        return sa.Numeric(precision, scale)
    if kind == ft.BOOLEAN:
        return sa.Boolean()
    if kind == ft.DATE:
        return sa.Date()
    if kind == ft.TIME:
        return sa.Time()
    if kind == ft.DATETIME:
        return sa.DateTime(timezone=False)
    if kind == ft.TIMESTAMP:
        return Declared("TIMESTAMP") if sqlite else sa.TIMESTAMP(timezone=True)
    if kind == ft.JSON:
        return Declared("JSON") if sqlite else sa.JSON()
    if kind == ft.UUID:
        return Declared("UUID") if sqlite else sa.Uuid()
    if kind == ft.ALIAS:
        raise StudioError("An alias field has no column.", field=field)
    known = ", ".join(t for t in ft.FIELD_TYPES if t not in (ft.ALIAS, ft.UNKNOWN))
    raise StudioError(
        f"{kind!r} is not a field type Studio can create; use one of {known}.", field=field
    )


def server_default(spec: ColumnSpec, dialect: str) -> TextClause | None:
    """The column default as SQL text: literals quoted for their type, `$NOW` as the clock."""
    value = spec.default
    if value is None:
        return None
    kind = spec.type
    if value == NOW:
        if kind not in (ft.DATE, ft.TIME, ft.DATETIME, ft.TIMESTAMP):
            raise StudioError("Only date and time fields can default to now.", field="default")
        return text(
            {
                ft.DATE: "CURRENT_DATE",
                ft.TIME: "CURRENT_TIME",
            }.get(kind, "CURRENT_TIMESTAMP")
        )
    try:
        literal = _literal(kind, value, dialect)
    except (TypeError, ValueError, ArithmeticError):
        raise StudioError(
            f"{value!r} is not a valid default for a {kind} field.", field="default"
        ) from None
    return text(literal)


def _literal(kind: str, value: Any, dialect: str) -> str:
    if kind == ft.BOOLEAN:
        if isinstance(value, str):
            if value.lower() not in {"true", "false", "1", "0"}:
                raise ValueError(value)
            value = value.lower() in {"true", "1"}
        if dialect == "sqlite":
            return "1" if value else "0"
        return "true" if value else "false"
    if kind in (ft.INTEGER, ft.BIG_INTEGER):
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        return str(int(value))
    if kind == ft.FLOAT:
        if isinstance(value, bool):
            raise ValueError(value)
        return repr(float(value))
    if kind == ft.DECIMAL:
        if isinstance(value, bool):
            raise ValueError(value)
        return str(Decimal(str(value)))
    if kind == ft.JSON:
        return _quote(value if isinstance(value, str) else json.dumps(value))
    if kind == ft.CSV and isinstance(value, list | tuple):
        return _quote(",".join(str(v) for v in value))
    return _quote(str(value))


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
