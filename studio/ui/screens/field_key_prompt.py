"""Ask for a field key (renaming a field, or the key of its duplicate): made safe as it is
typed and checked against the collection's other fields at once, the message under the input.
Dismissed with the key, or None on Escape."""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from studio.engine.names import sanitize_key
from studio.ui.screens.collection_create import key_problem
from studio.ui.widgets.key_input import KeyInput


class FieldKeyPromptScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    FieldKeyPromptScreen { align: center middle; }
    FieldKeyPromptScreen > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: round $accent; background: $panel; padding: 0 1;
    }
    FieldKeyPromptScreen Input { margin-top: 1; }
    FieldKeyPromptScreen #key-message { color: $error; height: auto; }
    FieldKeyPromptScreen .prompt-hint { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="field-key.cancel"),
    ]

    def __init__(self, title: str, initial: str, taken: Collection[str]) -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.taken = {key.lower() for key in taken}

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self.title_text)
            yield KeyInput(self.initial, id="key-input", compact=True)
            yield Static("", id="key-message", markup=False)
            yield Static("enter: preview · esc: cancel", classes="prompt-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        key = event.value
        # A rename opens on the field's own key: no "exists" before anything is typed.
        problem = "" if key == self.initial else key_problem(key, self.taken, what="field")
        self.query_one("#key-message", Static).update(Content(problem))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        key = sanitize_key(event.value)
        problem = key_problem(key, self.taken, what="field") if key else "Give the field a key."
        if problem:
            self.query_one("#key-message", Static).update(Content(problem))
            return
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        self.query_one("#key-message", Static).update(Content(message))
