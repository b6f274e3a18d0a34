"""Filter rules evaluated in Python, over one item's values.

A field's `validation` and `conditions` are Directus filter rules (`{"title": {"_regex": "^A"}}`)
checked against the item being edited, not against the table; this evaluates them the way the
query compiler would, so one rule means the same thing in both places.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from studio.engine.errors import InvalidQuery


def matches(rule: Mapping[str, Any] | None, item: Mapping[str, Any]) -> bool:
    """Whether `item` satisfies `rule`; an empty rule matches everything."""
    if not rule:
        return True
    for key, condition in rule.items():
        if key == "_and":
            if not all(matches(part, item) for part in condition):
                return False
        elif key == "_or":
            if not any(matches(part, item) for part in condition):
                return False
        elif not _field_matches(item.get(key), condition):
            return False
    return True


def _field_matches(value: Any, condition: Any) -> bool:
    if not isinstance(condition, Mapping):
        raise InvalidQuery(
            f"A rule's condition must be an object such as {{'_eq': 1}}: {condition!r}"
        )
    for operator, operand in condition.items():
        if not operator.startswith("_"):
            nested = value if isinstance(value, Mapping) else {}
            if not _field_matches(nested.get(operator), operand):
                return False
            continue
        test = _OPERATORS.get(operator)
        if test is None:
            raise InvalidQuery(f"Unknown filter operator {operator!r}.")
        if not test(value, operand):
            return False
    return True


def _compare(value: Any, operand: Any, op: Callable[[Any, Any], bool]) -> bool:
    if value is None or operand is None:
        return False
    try:
        return op(value, _like(value, operand))
    except TypeError:
        return op(str(value), str(operand))


def _like(value: Any, operand: Any) -> Any:
    """The operand in the value's type where that is obvious ("3" against 3)."""
    if isinstance(value, bool) or isinstance(operand, bool):
        return operand
    if isinstance(operand, str):
        try:
            if isinstance(value, int | float | Decimal):
                return type(value)(operand)
            if isinstance(value, datetime):
                return datetime.fromisoformat(operand)
            if isinstance(value, date):
                return date.fromisoformat(operand)
        except (ValueError, ArithmeticError):
            return operand
    if isinstance(value, Decimal) and isinstance(operand, int | float):
        return Decimal(str(operand))
    return operand


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "")
    return bool(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple | dict) and not value)


def _between(value: Any, operand: Any) -> bool:
    low, high = operand
    return _compare(value, low, lambda a, b: a >= b) and _compare(value, high, lambda a, b: a <= b)


def _in(value: Any, operand: Any) -> bool:
    options = operand if isinstance(operand, list | tuple) else str(operand).split(",")
    return any(value == _like(value, option) for option in options)


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "_eq": lambda v, o: v is None if o is None else v == _like(v, o),
    "_neq": lambda v, o: v is not None if o is None else v != _like(v, o),
    "_lt": lambda v, o: _compare(v, o, lambda a, b: a < b),
    "_lte": lambda v, o: _compare(v, o, lambda a, b: a <= b),
    "_gt": lambda v, o: _compare(v, o, lambda a, b: a > b),
    "_gte": lambda v, o: _compare(v, o, lambda a, b: a >= b),
    "_in": _in,
    "_nin": lambda v, o: not _in(v, o),
    "_null": lambda v, o: (v is None) == _flag(o),
    "_nnull": lambda v, o: (v is not None) == _flag(o),
    "_empty": lambda v, o: _empty(v) == _flag(o),
    "_nempty": lambda v, o: (not _empty(v)) == _flag(o),
    "_contains": lambda v, o: str(o) in _text(v),
    "_ncontains": lambda v, o: str(o) not in _text(v),
    "_icontains": lambda v, o: str(o).lower() in _text(v).lower(),
    "_nicontains": lambda v, o: str(o).lower() not in _text(v).lower(),
    "_starts_with": lambda v, o: _text(v).startswith(str(o)),
    "_nstarts_with": lambda v, o: not _text(v).startswith(str(o)),
    "_istarts_with": lambda v, o: _text(v).lower().startswith(str(o).lower()),
    "_ends_with": lambda v, o: _text(v).endswith(str(o)),
    "_nends_with": lambda v, o: not _text(v).endswith(str(o)),
    "_iends_with": lambda v, o: _text(v).lower().endswith(str(o).lower()),
    "_nistarts_with": lambda v, o: not _text(v).lower().startswith(str(o).lower()),
    "_niends_with": lambda v, o: not _text(v).lower().endswith(str(o).lower()),
    "_between": _between,
    "_nbetween": lambda v, o: v is not None and not _between(v, o),
    "_regex": lambda v, o: v is not None and re.search(str(o), _text(v)) is not None,
    "_submitted": lambda v, o: True,
}
