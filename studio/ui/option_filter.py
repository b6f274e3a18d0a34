"""A relational field's `filter` option with Directus's `{{field}}` placeholders, filled from the
form the field sits on: `{"id": {"_neq": "{{id}}"}}` keeps an article out of its own related
articles. A rule whose placeholder has no value yet (a new item has no id) is left out rather
than compared with nothing. No Textual."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from studio.engine.templates import render_template

_WHOLE = re.compile(r"^\s*{{\s*([^{}]+?)\s*}}\s*$")
_DROP = object()


def fill_placeholders(rule: Any, values: Mapping[str, Any]) -> dict[str, Any] | None:
    """`rule` with each placeholder replaced by the form's value (None: nothing left)."""
    if not isinstance(rule, Mapping) or not rule:
        return None
    filled = _fill(rule, values)
    return filled if isinstance(filled, dict) and filled else None


def _fill(rule: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(rule, str):
        whole = _WHOLE.match(rule)
        if whole is not None:
            value = values.get(whole.group(1))
            return _DROP if value is None else value
        if "{{" in rule:
            text = render_template(rule, values)
            return text if text else _DROP
        return rule
    if isinstance(rule, Mapping):
        out: dict[str, Any] = {}
        for key, value in rule.items():
            filled = _fill(value, values)
            if filled is _DROP or (isinstance(filled, dict) and not filled and value):
                continue
            out[key] = filled
        return out if out or not rule else _DROP
    if isinstance(rule, list):
        items = [_fill(item, values) for item in rule]
        return [item for item in items if item is not _DROP]
    return rule
