"""Field conditions (Directus's format), evaluated against the form's current values.

A condition is `{name, rule, hidden?, readonly?, required?, options?,
clear_hidden_value_on_save?}`. As in Directus, a rule counts only with exactly one top-level
key (wrap several checks in `_and`), the last matching condition wins, and its flags override
the field's own while its `options` merge into the field's options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from studio.engine.errors import StudioError
from studio.engine.rules import matches
from studio.engine.schema import FieldInfo, thaw


@dataclass(frozen=True)
class FieldState:
    """What a field looks like right now: the field's metadata with a condition applied."""

    hidden: bool = False
    readonly: bool = False
    required: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    clear_hidden_value_on_save: bool = False
    condition: str | None = None


def matching_condition(field: FieldInfo, values: Mapping[str, Any]) -> Mapping[str, Any] | None:
    found = None
    for condition in field.conditions or ():
        if not isinstance(condition, Mapping):
            continue
        rule = condition.get("rule")
        if not isinstance(rule, Mapping) or len(rule) != 1:
            continue
        try:
            if matches(thaw(rule), values):
                found = condition
        except StudioError:
            continue  # a rule that cannot be evaluated never matches
    return found


def field_state(
    field: FieldInfo, values: Mapping[str, Any], *, readonly: bool = False
) -> FieldState:
    """The field's state for `values`; `readonly` forces read-only (a locked collection, a
    primary key) whatever a condition says."""
    options = thaw(field.options) if field.options else {}
    state = {"hidden": field.hidden, "readonly": field.readonly, "required": field.required}
    condition = matching_condition(field, values)
    clear = False
    if condition is not None:
        for flag in state:
            if flag in condition and condition[flag] is not None:
                state[flag] = bool(condition[flag])
        if isinstance(condition.get("options"), Mapping):
            options = merge(options, thaw(condition["options"]))
        clear = bool(condition.get("clear_hidden_value_on_save"))
    return FieldState(
        hidden=state["hidden"],
        readonly=state["readonly"] or readonly,
        required=state["required"],
        options=options,
        clear_hidden_value_on_save=clear,
        condition=str(condition.get("name") or "") if condition is not None else None,
    )


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result
