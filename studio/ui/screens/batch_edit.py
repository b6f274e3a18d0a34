"""Batch edit: one field set to one value on the selected items, in one transaction
(`ItemsService.update_many`). An error (a value of the wrong type, a unique clash, a required
field emptied) is shown under the value and nothing is written; the modal stays open so the
value can be fixed. Dismisses with the number of items changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from studio.engine import types as ft
from studio.engine.errors import StudioError
from studio.engine.items import ItemsService
from studio.engine.schema import CollectionInfo, FieldInfo

_EMPTY = "\x00empty"  # the "no value" choice of a Select (None is Select's own blank)


def editable_fields(info: CollectionInfo) -> list[FieldInfo]:
    """Fields a batch edit may set: plain values (and M2O keys) a person is allowed to edit."""
    return [
        f
        for f in info.fields.values()
        if not f.is_alias and not f.is_primary_key and not f.readonly and not f.hidden
    ]


def choices(field: FieldInfo) -> list[tuple[str, Any]] | None:
    """(label, value) pairs when the field offers a fixed set of values."""
    if field.type == ft.BOOLEAN:
        return [("Yes", True), ("No", False)]
    raw = (field.options or {}).get("choices")
    if not raw:
        return None
    found = []
    for choice in raw:
        if isinstance(choice, dict) or hasattr(choice, "get"):
            value = choice.get("value")
            found.append((str(choice.get("text", value)), value))
        else:
            found.append((str(choice), choice))
    return found


class BatchEditScreen(ModalScreen[int | None]):
    DEFAULT_CSS = """
    BatchEditScreen { align: center middle; }
    BatchEditScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    BatchEditScreen .batch-label { color: $text-muted; margin-top: 1; }
    BatchEditScreen #batch-error { color: $error; height: auto; }
    BatchEditScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    BatchEditScreen Button { margin-left: 1; min-width: 0; width: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="batch.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="batch.apply"),
    ]

    def __init__(
        self, service: ItemsService, info: CollectionInfo, keys: Sequence[Any], what: str
    ) -> None:
        super().__init__()
        self.service = service
        self.info = info
        self.keys = list(keys)
        self.what = what
        self.fields = {f.field: f for f in editable_fields(info)}

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Edit {len(self.keys)} item{'s' if len(self.keys) != 1 else ''}"
            yield Static(self.what, markup=False)
            yield Static("Field", classes="batch-label", markup=False)
            yield Select(
                [(Text(f.name), f.field) for f in self.fields.values()],
                prompt="Pick the field to set",
                id="batch-field",
                compact=True,
            )
            yield Static("New value", classes="batch-label", markup=False)
            yield Input(placeholder="(empty: no value)", id="batch-value", compact=True)
            yield Select([], prompt="(no value)", id="batch-choice", compact=True)
            yield Static("", id="batch-error", markup=False)
            with Horizontal():
                yield Button("Cancel (esc)", id="batch-cancel", compact=True)
                yield Button("Apply (ctrl+s)", id="batch-apply", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#batch-choice", Select).display = False
        self.query_one("#batch-field", Select).focus()

    @property
    def field(self) -> FieldInfo | None:
        value = self.query_one("#batch-field", Select).value
        return self.fields.get(value) if isinstance(value, str) else None

    @on(Select.Changed, "#batch-field")
    def _field_chosen(self) -> None:
        field = self.field
        options = choices(field) if field is not None else None
        choice = self.query_one("#batch-choice", Select)
        value = self.query_one("#batch-value", Input)
        choice.display = options is not None
        value.display = options is None
        if options is not None:
            choice.set_options([(Text(label), _EMPTY if v is None else v) for label, v in options])
        self._error("")

    def _error(self, message: str) -> None:
        self.query_one("#batch-error", Static).update(message)

    def value(self) -> Any:
        choice = self.query_one("#batch-choice", Select)
        if choice.display:
            picked = choice.value
            return None if picked is Select.NULL or picked == _EMPTY else picked
        typed = self.query_one("#batch-value", Input).value
        return typed if typed != "" else None

    @on(Input.Submitted, "#batch-value")
    def _submitted(self) -> None:
        self.action_apply()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "batch-cancel":
            self.action_cancel()
        elif event.button.id == "batch-apply":
            self.action_apply()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_apply(self) -> None:
        field = self.field
        if field is None:
            self._error("Pick the field to set.")
            return
        self._write(field.field, self.value())

    @work(exclusive=True, group="batch-edit", exit_on_error=False)
    async def _write(self, field: str, value: Any) -> None:
        try:
            await self.service.update_many(self.keys, {field: value})
        except StudioError as error:
            self._error(error.message)
            return
        self.dismiss(len(self.keys))
