"""The Schema tab: the column's type, its length or precision and scale, default value, and
whether it may be empty, must be unique, or is indexed. A default is checked against the type
as typed, so a refusal reads the same as the item form's."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Select, Static

from studio.engine import types as ft
from studio.engine.columns import NOW
from studio.engine.schema import FieldInfo
from studio.ui.interfaces.values import parse_text
from studio.ui.wizard.draft import FieldDraft
from studio.ui.wizard.existing import current_field, current_schema, locked_reason
from studio.ui.wizard.panes.parts import FormPane, choice, flag, line, pane_foot, text_input

_DATES = (ft.DATE, ft.TIME, ft.DATETIME, ft.TIMESTAMP)
_SHAPE = ("length", "precision", "scale")


def shape_inputs(field_type: str | None) -> tuple[str, ...]:
    """The size settings a type has: a string's length, a decimal's precision and scale."""
    if field_type == ft.STRING:
        return ("length",)
    if field_type == ft.DECIMAL:
        return ("precision", "scale")
    return ()


def check_default(field_type: str, text: str, length: int | None, dialect: str) -> tuple[Any, str]:
    """(the default to store, "") or (None, what is wrong with it); "" means no default."""
    if not text:
        return None, ""
    if text.upper() in (NOW, "NOW") and field_type in _DATES:
        return NOW, ""
    probe = FieldInfo("", "default", field_type, "The default", db_type=field_type,
                      max_length=length)  # fmt: skip
    value, error = parse_text(probe, text, dialect)
    if error:
        hint = " (or $NOW for the current time)" if field_type in _DATES else ""
        return None, f"Not a {field_type}: {error}{hint}"
    if field_type in (ft.INTEGER, ft.BIG_INTEGER, ft.FLOAT, ft.BOOLEAN, ft.JSON):
        return value, ""
    return text, ""


def _whole(text: str, low: int, high: int, label: str) -> tuple[int | None, str]:
    if not text:
        return None, ""
    if not text.isdigit() or not low <= int(text) <= high:
        return None, f"{label} is a whole number from {low} to {high}."
    return int(text), ""


class SchemaPane(FormPane):
    TITLE: ClassVar[str] = "Schema"
    INPUTS: ClassVar[frozenset[str]] = frozenset(
        {"type", "length", "precision", "scale", "default", "nullable", "unique", "indexed"}
    )

    @classmethod
    def applies(cls, draft: FieldDraft) -> bool:
        return not draft.kind.is_relational

    def _values(self) -> dict[str, Any]:
        field = current_field(self.draft, self.overview)
        values: dict[str, Any] = current_schema(field) if field is not None else {}
        values.update(self.draft.schema)
        return values

    def compose(self) -> ComposeResult:
        values = self._values()
        types = list(self.draft.kind.types) or [self.draft.type or ft.STRING]
        if self.draft.type and self.draft.type not in types:
            types.append(self.draft.type)
        yield Static("How the value is stored in the database.", classes="pane-lead")
        yield line("Type", choice([(t, t) for t in types], self.draft.type), "type")
        yield line("Length", text_input(values.get("length"), "255"), "length")
        yield line("Precision", text_input(values.get("precision"), "10 digits"), "precision")
        yield line("Scale", text_input(values.get("scale"), "5 after the point"), "scale")
        default = values.get("default")
        yield line("Default value", text_input(default, "none"), "default")
        yield line("Nullable", flag("may be left empty", values.get("nullable", True)), "nullable")
        yield line("Unique", flag("no two items share it", values.get("unique", False)), "unique")
        yield line("Indexed", flag("faster to filter and sort", values.get("indexed", False)),
                   "indexed")  # fmt: skip
        yield pane_foot()

    def on_mount(self) -> None:
        self._show_shape(self.draft.type)
        for name in ("type", *_SHAPE):
            reason = locked_reason(self.draft, name)
            if reason is not None:
                self.lock_input(name, reason if name == "type" else "")

    @on(Select.Changed, "#in-type")
    def _type_chosen(self, event: Select.Changed) -> None:
        self._show_shape(event.value if isinstance(event.value, str) else None)

    def _show_shape(self, field_type: str | None) -> None:
        shown = shape_inputs(field_type)
        for name in _SHAPE:
            self.show_row(name, name in shown)

    def store(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        field_type = self.read("type") or self.draft.type or ft.STRING
        schema: dict[str, Any] = {}
        shown = shape_inputs(field_type)
        length, problem = _whole(self.read("length"), 1, 65535, "The length")
        if "length" in shown and problem:
            problems["length"] = problem
        precision, problem = _whole(self.read("precision"), 1, 1000, "The precision")
        if "precision" in shown and problem:
            problems["precision"] = problem
        scale, problem = _whole(self.read("scale"), 0, 1000, "The scale")
        if "scale" in shown and problem:
            problems["scale"] = problem
        if "scale" in shown and scale is not None and scale > (precision or 10):
            problems["scale"] = "The scale cannot be more than the precision."
        for name, value in (("length", length), ("precision", precision), ("scale", scale)):
            if name in shown and value is not None:
                schema[name] = value
        default, problem = check_default(
            field_type, self.read("default"), length, self.overview.dialect
        )
        if problem:
            problems["default"] = problem
        schema["default"] = default
        for name in ("nullable", "unique", "indexed"):
            schema[name] = self.read(name)
        if problems:
            return self.report(problems)
        field = current_field(self.draft, self.overview)
        if field is not None:
            schema = _changes(field, schema)
        else:
            self.draft.type = field_type
            schema = {k: v for k, v in schema.items() if v != _CREATE_DEFAULTS.get(k)}
        self.draft.schema = schema
        return self.report({})


_CREATE_DEFAULTS: dict[str, Any] = {"default": None, "nullable": True, "unique": False,
                                    "indexed": False}  # fmt: skip


def _changes(field: FieldInfo, schema: dict[str, Any]) -> dict[str, Any]:
    """What an edit changes: only the settings that keep the type, only where they differ."""
    current = current_schema(field)
    changed: dict[str, Any] = {}
    for name in ("default", "nullable", "unique", "indexed"):
        before, after = current[name], schema.get(name)
        if name == "default":
            if ("" if before is None else str(before)) != ("" if after is None else str(after)):
                changed[name] = after
        elif bool(before) != bool(after):
            changed[name] = bool(after)
    return changed
