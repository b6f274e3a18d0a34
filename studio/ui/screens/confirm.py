"""Small modal questions shared by every screen: confirm a destructive action, and what to do
with unsaved edits when leaving."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

LeaveChoice = Literal["save", "discard", "stay"]

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 64; max-width: 100%; height: auto; max-height: 90%;
    border: round $warning; background: $panel; padding: 0 1;
}}
{name} .question-body {{ margin: 1 0; height: auto; max-height: 12; }}
{name} Horizontal {{ height: auto; align-horizontal: right; }}
{name} Button {{ margin-left: 1; min-width: 10; }}
"""


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no for an action that cannot be undone; the body names exactly what goes."""

    DEFAULT_CSS = _CSS.format(name="ConfirmScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, title: str, body: str, confirm_label: str = "Delete") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self.title_text)  # a title may hold an item's text
            yield Static(self.body, classes="question-body", markup=False)
            with Horizontal():
                yield Button("Cancel (n)", id="cancel", compact=True)
                yield Button(
                    f"{self.confirm_label} (y)", id="confirm", variant="error", compact=True
                )

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")


class UnsavedChangesScreen(ModalScreen[LeaveChoice]):
    """Leaving a form with edits: save them, discard them, or stay (the default)."""

    DEFAULT_CSS = _CSS.format(name="UnsavedChangesScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('stay')", "Stay", id="unsaved.stay"),
        Binding("s", "choose('save')", "Save", id="unsaved.save"),
        Binding("d", "choose('discard')", "Discard", id="unsaved.discard"),
    ]

    def __init__(
        self, what: str, edited: list[str], save_label: str = "Save", detail: str = ""
    ) -> None:
        super().__init__()
        self.what = what
        self.edited = edited
        self.save_label = save_label
        self.detail = detail

    def compose(self) -> ComposeResult:
        fields = ", ".join(self.edited) if self.edited else "some fields"
        with Vertical() as box:
            box.border_title = "Unsaved changes"
            yield Static(
                f"{self.what} has unsaved edits ({fields}).{self.detail}",
                classes="question-body",
                markup=False,
            )
            with Horizontal():
                yield Button("Stay (esc)", id="stay", compact=True)
                yield Button("Discard (d)", id="discard", variant="error", compact=True)
                yield Button(f"{self.save_label} (s)", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def action_choose(self, choice: LeaveChoice) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)  # type: ignore[arg-type]
