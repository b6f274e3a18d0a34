"""Text ⇄ value for the interfaces that edit a value as typed text (input, datetime).

Parsing goes through the engine's own `coerce`, so a value the form accepts is one the engine
accepts, and a refusal reads the same whether it comes while typing or from a save.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from studio.engine import types as ft
from studio.engine.errors import InvalidValue
from studio.engine.schema import FieldInfo
from studio.engine.values import coerce

TEXT_TYPES = frozenset({ft.STRING, ft.TEXT, ft.HASH, ft.UNKNOWN, ft.ALIAS})

# Control characters shown as their Unicode pictures (ESC as ␛): an ESC in a value written to the
# terminal could drive it. Editing such a value saves what is shown.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_PICTURES |= {code: "\ufffd" for code in range(0x80, 0xA0)}
_SINGLE_LINE = {k: v for k, v in _PICTURES.items() if k != ord("\t")}
_MULTILINE = {k: v for k, v in _SINGLE_LINE.items() if k not in (ord("\n"), ord("\r"))}


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` with control characters replaced by visible marks (line breaks kept when
    `multiline`), safe to hand to any widget."""
    return text.translate(_MULTILINE if multiline else _SINGLE_LINE)


def display_text(field: FieldInfo, value: Any, *, multiline: bool = False) -> str:
    """A value as the text an editor sees (and can type back unchanged, control characters
    aside: those show as visible marks)."""
    return visible(_text_of(value), multiline=multiline)


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        shown = value
        if shown.tzinfo is not None:
            shown = shown.astimezone(UTC).replace(tzinfo=None)
        return shown.isoformat(sep=" ", timespec="seconds" if not shown.microsecond else "auto")
    if isinstance(value, time):
        return value.isoformat(timespec="seconds" if not value.microsecond else "auto")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def empty_value(field: FieldInfo) -> Any:
    """What clearing a field means: null where the column allows it, otherwise ""."""
    if field.type in (ft.STRING, ft.TEXT) and not field.nullable:
        return ""
    return None


def parse_text(
    field: FieldInfo,
    text: str,
    dialect: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> tuple[Any, str | None]:
    """(value, None) for text that is a value of the field's type, else (None, message)."""
    options = options or {}
    if field.type in TEXT_TYPES:
        if options.get("trim"):
            text = text.strip()
        if text == "":
            return empty_value(field), None
        return _checked(field, text, dialect)
    stripped = text.strip()
    if stripped == "":
        return None, None
    value, error = _checked(field, stripped, dialect)
    if error is None and field.type in ft.NUMERIC_TYPES:
        error = _range(field, value, options)
    return value, error


def _checked(field: FieldInfo, value: Any, dialect: str | None) -> tuple[Any, str | None]:
    try:
        return coerce(field, value, dialect), None
    except InvalidValue as error:
        return None, error.message


def _range(field: FieldInfo, value: Any, options: Mapping[str, Any]) -> str | None:
    low, high = options.get("min"), options.get("max")
    try:
        if low is not None and value < Decimal(str(low)):
            return f"{field.name} must be at least {low}."
        if high is not None and value > Decimal(str(high)):
            return f"{field.name} must be at most {high}."
    except (ArithmeticError, ValueError, TypeError):
        return None
    return None


def type_hint(field: FieldInfo) -> str:
    """A short reminder of what the field takes, shown where there is nothing typed."""
    return {
        ft.INTEGER: "a whole number",
        ft.BIG_INTEGER: "a whole number",
        ft.FLOAT: "a number such as 4.5",
        ft.DECIMAL: "a number such as 4.50",
        ft.UUID: "a UUID",
        ft.DATE: "YYYY-MM-DD",
        ft.TIME: "HH:MM[:SS]",
        ft.DATETIME: "YYYY-MM-DD HH:MM[:SS]",
        ft.TIMESTAMP: "YYYY-MM-DD HH:MM[:SS] (UTC)",
    }.get(field.type, "")
