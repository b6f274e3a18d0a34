"""The form's data, apart from its widgets: the values it opened with, the values now, which
fields are edited, the messages per field, and the one payload a save sends.

Kept free of Textual so the rules (what counts as an edit, what a save sends, what is refused
before the engine is asked) are plain functions of the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from studio.engine import types as ft
from studio.engine.errors import StudioError
from studio.engine.rules import matches
from studio.engine.schema import CollectionInfo, FieldInfo, thaw
from studio.engine.values import coerce, is_empty
from studio.ui.form.conditions import FieldState, field_state
from studio.ui.form.layout import is_group

GENERATING_SPECIALS = frozenset(
    {"uuid", "date-created", "date-updated", "user-created", "user-updated", "role-created",
     "role-updated"}
)  # fmt: skip


def generated(field: FieldInfo) -> bool:
    """The database or the engine makes this field's value: keys, UUIDs, timestamps."""
    return (
        field.has_auto_increment
        or bool(GENERATING_SPECIALS & set(field.special))
        or (field.is_primary_key and field.type == ft.UUID)
    )


def fills_itself(field: FieldInfo) -> bool:
    """The database or the engine gives this field a value when the form leaves it out."""
    return generated(field) or field.default_value is not None


def locked(field: FieldInfo, *, creating: bool) -> bool:
    """Read-only whatever the metadata says: keys of saved items, generated values."""
    if field.is_primary_key:
        return not creating or field.has_auto_increment
    return bool(GENERATING_SPECIALS & set(field.special)) and "uuid" not in field.special


class FormState:
    def __init__(
        self,
        info: CollectionInfo,
        fields: Iterable[FieldInfo],
        initial: Mapping[str, Any],
        *,
        creating: bool,
        editable: bool = True,
        prefilled: Mapping[str, Any] | None = None,
    ) -> None:
        self.info = info
        self.fields = {f.field: f for f in fields}
        self.creating = creating
        self.editable = editable
        self.initial = {name: initial.get(name) for name in self.fields}
        self.values = dict(self.initial)
        for name, value in (prefilled or {}).items():
            if name in self.fields:
                self.values[name] = value
        self.input_errors: dict[str, str] = {}
        self.errors: dict[str, str] = {}

    # edits ----------------------------------------------------------------------------------

    def set(self, name: str, value: Any, input_error: str | None = None) -> None:
        """An interface's report: a value, or text that is not one yet (`input_error`)."""
        if input_error is None:
            self.values[name] = value
            self.input_errors.pop(name, None)
        else:
            self.input_errors[name] = input_error
        self.errors.pop(name, None)

    def is_edited(self, name: str) -> bool:
        return name in self.input_errors or not _same(self.values.get(name), self.initial.get(name))

    def edited(self) -> list[str]:
        return [name for name in self.fields if self.is_edited(name)]

    @property
    def dirty(self) -> bool:
        return bool(self.edited())

    def reset(self, initial: Mapping[str, Any] | None = None) -> None:
        """Back to the opening values (a revert), or to new ones (after a save)."""
        if initial is not None:
            self.initial = {name: initial.get(name) for name in self.fields}
        self.values = dict(self.initial)
        self.input_errors.clear()
        self.errors.clear()

    # conditions -----------------------------------------------------------------------------

    def state(self, name: str) -> FieldState:
        """The field's state now; a field inside a hidden group is hidden with it (and cleared
        on save when the group's condition says so), as Directus does."""
        field = self.fields[name]
        forced = not self.editable or locked(field, creating=self.creating)
        own = field_state(field, self.values, readonly=forced)
        hidden, clears = self._groups_hiding(field)
        if not hidden:
            return own
        clears = clears or (own.hidden and own.clear_hidden_value_on_save)
        return replace(own, hidden=True, clear_hidden_value_on_save=clears)

    def _groups_hiding(self, field: FieldInfo) -> tuple[bool, bool]:
        """(whether a group around `field` is hidden, whether a hidden one says to clear)."""
        hidden = clears = False
        seen: set[str] = set()
        parent = self.info.fields.get(field.group or "")
        while parent is not None and is_group(parent) and parent.field not in seen:
            seen.add(parent.field)
            state = field_state(parent, self.values)
            hidden = hidden or state.hidden
            clears = clears or (state.hidden and state.clear_hidden_value_on_save)
            parent = self.info.fields.get(parent.group or "")
        return hidden, clears

    def must_fill(self, name: str) -> bool:
        """A column that takes no null and fills in nothing by itself: the editor must."""
        field = self.fields[name]
        return not field.nullable and not field.is_alias and not fills_itself(field)

    def message(self, name: str) -> str | None:
        """What to show under the field: a typing problem first, then a save's refusal."""
        return self.input_errors.get(name) or self.errors.get(name)

    # saving ---------------------------------------------------------------------------------

    def payload(self) -> dict[str, Any]:
        """The one write a save sends: the edited fields (engine format), plus the default
        (null when there is none) of each field a condition hides and says to clear."""
        data = {name: self.values[name] for name in self.edited() if not self.state(name).readonly}
        for name, field in self.fields.items():
            state = self.state(name)
            if not (state.hidden and state.clear_hidden_value_on_save) or field.is_alias:
                continue
            if locked(field, creating=self.creating) or not self.editable:
                continue
            cleared = cleared_value(field)
            if name in data or not _same(self.values.get(name), cleared):
                data[name] = cleared
        return data

    def check(self) -> dict[str, str]:
        """What the engine would refuse, found before asking it, so every problem shows at once:
        typing problems, required fields, NOT NULL columns, validation rules."""
        problems: dict[str, str] = {}  # in form order: the first is the one to go to
        payload = self.payload()
        for name, field in self.fields.items():
            if name in self.input_errors:
                problems[name] = self.input_errors[name]
                continue
            if field.is_alias:
                continue
            state = self.state(name)
            value = self.values.get(name)
            sent = name in payload
            if state.hidden or state.readonly:
                continue
            if state.required and is_empty(value) and not generated(field):
                problems[name] = f"{field.name} is required."
            elif value is None and not field.nullable and not field.is_alias:
                if sent or (self.creating and not fills_itself(field)):
                    problems[name] = f"{field.name} is required."
            elif sent and value is not None and field.validation and not self._passes(field):
                problems[name] = (
                    field.validation_message or f"{field.name} does not pass its validation rule."
                )
        return problems

    def _passes(self, field: FieldInfo) -> bool:
        try:
            return matches(thaw(field.validation), self.values)
        except StudioError:
            return True  # a rule the engine cannot read either; the engine will say so


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) != isinstance(b, bool):
        return False  # True is not 1 here
    try:
        return bool(a == b)
    except TypeError:
        return False


def default_values(info: CollectionInfo, dialect: str | None = None) -> dict[str, Any]:
    """A new item's starting values: each column's default where it is a plain value (a
    database expression such as now() stays empty; the database fills it)."""
    values: dict[str, Any] = {}
    for name, field in info.fields.items():
        if field.is_alias or field.default_value is None:
            continue
        try:
            values[name] = coerce(field, field.default_value, dialect)
        except StudioError:
            continue
    return values


def cleared_value(field: FieldInfo) -> Any:
    """What Directus writes for a field a condition hides and clears: its default, or null."""
    if field.default_value is None:
        return None
    try:
        return coerce(field, field.default_value)
    except StudioError:
        return None


def duplicate_values(info: CollectionInfo, values: Mapping[str, Any]) -> dict[str, Any]:
    """What a copy starts with: every value on the form except the key, unique fields (the
    copy could not be saved with them), generated values and relational lists (their items
    belong to the original)."""
    copied: dict[str, Any] = {}
    for name, value in values.items():
        field = info.fields.get(name)
        if field is None or field.is_alias or field.is_primary_key or field.is_unique:
            continue
        if generated(field) or value is None:
            continue
        copied[name] = value
    return copied
