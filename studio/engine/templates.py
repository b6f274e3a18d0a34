"""Display templates (`{{name}} ({{country.name}})`): the fields a template needs, and an item
rendered through it as plain text.

A screen asks `template_fields()` for the paths to read (so a page of rows and their related
titles come in one read), then renders each row with `render_template()`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")


def template_fields(template: str | None) -> list[str]:
    """The field paths a template uses, in order, without repeats."""
    if not template:
        return []
    return list(dict.fromkeys(m.group(1) for m in _PLACEHOLDER.finditer(template)))


def render_template(template: str | None, item: Mapping[str, Any] | None, empty: str = "") -> str:
    """The item as text; a missing value renders as `empty`, a list joins with commas."""
    if not template or item is None:
        return empty

    def replace(match: re.Match[str]) -> str:
        values = _resolve(item, match.group(1).split("."))
        shown = [format_value(v) for v in values if v is not None and v != ""]
        return ", ".join(shown) if shown else empty

    return _PLACEHOLDER.sub(replace, template)


def _resolve(value: Any, parts: Sequence[str]) -> list[Any]:
    if not parts:
        return value if isinstance(value, list) else [value]
    if isinstance(value, list):
        return [found for element in value for found in _resolve(element, parts)]
    if not isinstance(value, Mapping):
        return []
    head = parts[0]
    key = head.split(":", 1)[0]
    return _resolve(value.get(key), parts[1:])


def format_value(value: Any) -> str:
    """One value as a person reads it (the same text on both databases)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        text = value.isoformat(sep=" ", timespec="seconds")
        return text.replace("+00:00", " UTC")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    return str(value)
