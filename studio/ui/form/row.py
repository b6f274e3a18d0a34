"""One field on the form: its label (with the required and edited markers), the interface,
the note, and the message for it (a typing problem, a refused save)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus
from textual.widgets import Static

from studio.engine.schema import FieldInfo
from studio.ui.form.layout import width_of
from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.values import visible


class FieldRow(Vertical):
    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow.-hidden { display: none; }
    FieldRow > Horizontal { height: 1; }
    FieldRow .field-label { width: auto; text-style: bold; }
    FieldRow .field-required { width: auto; color: $error; padding-left: 1; display: none; }
    FieldRow.-required .field-required { display: block; }
    FieldRow .field-edited { width: auto; color: $warning; padding-left: 2; display: none; }
    FieldRow.-edited .field-edited { display: block; }
    FieldRow .field-readonly { width: auto; color: $text-muted; padding-left: 2; display: none; }
    FieldRow.-readonly .field-readonly { display: block; }
    FieldRow .field-note { color: $text-muted; }
    FieldRow .field-error { color: $error; display: none; }
    FieldRow.-error .field-error { display: block; }
    FieldRow.-error .field-label { color: $error; }
    FieldRow:focus-within .field-label { color: $accent; }
    FieldRow Input.-textual-compact, FieldRow TextArea.-textual-compact,
    FieldRow SelectCurrent { background: $panel; }
    FieldRow Input.-textual-compact:focus, FieldRow TextArea.-textual-compact:focus,
    FieldRow Select:focus > SelectCurrent { background: $panel-lighten-1; }
    """

    def __init__(self, field: FieldInfo, interface: Interface) -> None:
        super().__init__(classes=f"-{width_of(field)}")
        self.field = field
        self.interface = interface

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(visible(self.field.name), classes="field-label", markup=False)
            yield Static("*", classes="field-required", markup=False)
            yield Static("● edited", classes="field-edited", markup=False)
            yield Static("read-only", classes="field-readonly", markup=False)
        yield self.interface
        if self.field.note:
            note = visible(self.field.note, multiline=True)
            yield Static(note, classes="field-note", markup=False)
        yield Static("", classes="field-error", markup=False)

    def show_state(
        self, *, hidden: bool, readonly: bool, required: bool, edited: bool, message: str | None
    ) -> None:
        self.set_class(hidden, "-hidden")
        self.set_class(readonly, "-readonly")
        self.set_class(required, "-required")
        self.set_class(edited, "-edited")
        self.set_class(bool(message), "-error")
        if self.interface.readonly != readonly:
            self.interface.set_readonly(readonly)
        shown = self._error_line()
        if shown is not None and visible(message or "") != str(shown.content):
            shown.update(visible(message or ""))

    def _error_line(self) -> Static | None:
        """The message line; None while the row's parts are not (or no longer) there, as when a
        form is taken off the screen while it mounts."""
        found = self.query_children(".field-error").results(Static)
        return next(iter(found), None) if self.is_mounted else None

    @property
    def message(self) -> str:
        """The message shown under the field ("" for none)."""
        shown = self._error_line()
        return str(shown.content) if shown is not None else ""

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.call_after_refresh(self.scroll_visible, animate=False)
