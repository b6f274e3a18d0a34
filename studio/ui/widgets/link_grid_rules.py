"""What the link grid and the bulk dialog need to know about a context field without any
widget: how wide its cell is, and what a save would refuse about a value (the same rules as
`FormState.check`: required, NOT NULL, the validation rule), so a bad value is named where it
is typed instead of after a save."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from studio.engine import types as ft
from studio.engine.errors import StudioError
from studio.engine.rules import matches
from studio.engine.schema import FieldInfo, thaw
from studio.engine.values import is_empty
from studio.ui.form.conditions import field_state
from studio.ui.form.layout import width_of
from studio.ui.interfaces.select_dropdown import choices_of

MIN_CELL = 6
GAP = 1  # blank cells before each context cell
TYPE_WIDTHS = {
    ft.INTEGER: 8,
    ft.BIG_INTEGER: 12,
    ft.FLOAT: 10,
    ft.DECIMAL: 10,
    ft.BOOLEAN: 12,
    ft.DATE: 12,
    ft.TIME: 10,
    ft.DATETIME: 21,
    ft.TIMESTAMP: 21,
    ft.UUID: 20,
}


def cell_width(field: FieldInfo) -> int:
    """A cell as wide as the values it usually holds: numbers and dates by their type, text by
    its length limit and the field's width (half or full)."""
    choices = _choice_texts(field)
    if choices:
        return max(MIN_CELL, min(max(map(len, choices)) + 4, 28))  # the text and the ▼
    if field.type in TYPE_WIDTHS:
        return TYPE_WIDTHS[field.type]
    wide = width_of(field) != "half"
    if field.type == ft.STRING and field.max_length and field.max_length <= 16:
        return max(field.max_length + 2, MIN_CELL)
    if field.type == ft.STRING:
        return 28 if wide else 18
    return 28 if wide else 20


def _choice_texts(field: FieldInfo) -> list[str]:
    """The texts a dropdown field offers (empty for a field without fixed choices)."""
    return [text for text, _ in choices_of(field.options or {})]


def fit_widths(fields: Sequence[FieldInfo], room: int, title_room: int) -> list[int]:
    """Each context cell's width when the grid is `room` cells wide and the title column keeps
    at least `title_room`: cells shrink in proportion (never below a few cells) when they do not
    all fit; the title column takes what is left."""
    wanted = [cell_width(field) for field in fields]
    spare = room - title_room - GAP * len(wanted)
    total = sum(wanted)
    if total <= spare or not wanted:
        return wanted
    scale = max(spare, 0) / total
    return [max(MIN_CELL, int(width * scale)) for width in wanted]


def cell_locked(field: FieldInfo, values: Mapping[str, Any]) -> bool:
    """Whether the field is read-only for a link with these values (the field's own setting,
    or a condition on the link's values that says so)."""
    return field_state(field, values).readonly


def cell_problem(field: FieldInfo, value: Any, values: Mapping[str, Any]) -> str | None:
    """The message a save would refuse `value` with (None: it would not), `values` being the
    link's other context values (conditions and rules may name them)."""
    row = {**values, field.field: value}
    state = field_state(field, row)
    if state.hidden or state.readonly:
        return None
    if state.required and is_empty(value):
        return f"{field.name} is required."
    if value is None and not field.nullable and not field.is_alias:
        return f"{field.name} is required."
    if value is not None and field.validation and not _passes(field, row):
        return field.validation_message or f"{field.name} does not pass its validation rule."
    return None


def _passes(field: FieldInfo, values: Mapping[str, Any]) -> bool:
    try:
        return matches(thaw(field.validation), dict(values))
    except StudioError:
        return True  # a rule the engine cannot read either; the engine will say so
