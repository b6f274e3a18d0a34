"""Confirm a schema change after reading its preview. A change with problems cannot be
confirmed; one that drops data (deleting a collection) asks for the collection's key typed out,
as Directus and GitHub do, so a reflexive Enter cannot destroy a table."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from studio.engine.changes import SchemaChange
from studio.ui.widgets.schema_change_view import SchemaChangeView


class SchemaConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    SchemaConfirmScreen { align: center middle; }
    SchemaConfirmScreen > Vertical {
        width: 100; max-width: 100%; height: 90%;
        border: round $warning; background: $panel; padding: 0 1;
    }
    SchemaConfirmScreen #confirm-typed { margin-top: 1; }
    SchemaConfirmScreen #confirm-message { color: $error; height: auto; }
    SchemaConfirmScreen Horizontal { height: auto; align-horizontal: right; }
    SchemaConfirmScreen Button { margin-left: 1; min-width: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="schema-confirm.cancel"),
        Binding("ctrl+s", "confirm", "Apply", id="schema-confirm.apply"),
    ]

    def __init__(
        self, change: SchemaChange, *, confirm_label: str = "Apply", type_to_confirm: str = ""
    ) -> None:
        super().__init__()
        self.change = change
        self.confirm_label = confirm_label
        self.type_to_confirm = type_to_confirm

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self.change.summary)
            yield SchemaChangeView(self.change)
            if self.type_to_confirm:
                yield Static(
                    Content(f"Type {self.type_to_confirm} to confirm."), id="confirm-typed"
                )
                yield Input(placeholder=self.type_to_confirm, id="confirm-input", compact=True)
            yield Static("", id="confirm-message")
            with Horizontal():
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button(
                    f"{self.confirm_label} (ctrl+s)",
                    id="confirm",
                    variant="error" if self.type_to_confirm else "primary",
                    compact=True,
                    disabled=bool(self.change.problems),
                )

    def on_mount(self) -> None:
        if self.type_to_confirm:
            self.query_one("#confirm-input", Input).focus()
        else:
            self.query_one("#confirm" if not self.change.problems else "#cancel", Button).focus()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_confirm(self) -> None:
        message = self.query_one("#confirm-message", Static)
        if self.change.problems:
            message.update("This change cannot be applied (see above).")
            return
        if self.type_to_confirm:
            typed = self.query_one("#confirm-input", Input).value.strip()
            if typed != self.type_to_confirm:
                message.update(Content(f"Type {self.type_to_confirm} exactly to confirm."))
                return
        self.dismiss(True)

    @on(Input.Submitted, "#confirm-input")
    def _submitted(self) -> None:
        self.action_confirm()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.action_confirm()
        else:
            self.dismiss(False)
