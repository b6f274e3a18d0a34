"""The shape of the data model's dialogs over a collection (create one, its settings): labelled
rows in a scrolling box with a message line under each, Cancel and a confirm button, and one
schema change run as preview → confirm → apply whose outcome comes back as a message, a refusal
shown beside the input the engine names."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from studio.engine.changes import SchemaChange
from studio.engine.errors import StudioError
from studio.ui.schema_apply import confirm_and_apply

if TYPE_CHECKING:
    from studio.ui.app import StudioApp

ResultT = TypeVar("ResultT")


class SchemaFormScreen(ModalScreen[ResultT], Generic[ResultT]):
    DEFAULT_CSS = """
    SchemaFormScreen { align: center middle; }
    SchemaFormScreen > Vertical {
        max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    SchemaFormScreen VerticalScroll { height: auto; max-height: 1fr; }
    SchemaFormScreen .form-row { height: auto; }
    SchemaFormScreen .form-label { width: 20; padding-right: 1; }
    SchemaFormScreen .form-row Input, SchemaFormScreen .form-row Select { width: 1fr; }
    SchemaFormScreen .form-message { color: $error; height: auto; padding-left: 20;
                                     display: none; }
    SchemaFormScreen Checkbox { margin-left: 20; }
    SchemaFormScreen .form-buttons { height: auto; align-horizontal: right; }
    SchemaFormScreen .form-buttons Button { margin-left: 1; min-width: 10; }
    """
    CONFIRM_LABEL: ClassVar[str] = "Preview (ctrl+s)"

    class Refused(Message):
        def __init__(self, message: str, field: str | None) -> None:
            super().__init__()
            self.message = message
            self.field = field

    class Applied(Message):
        def __init__(self, result: object) -> None:
            super().__init__()
            self.result = result

    @property
    def studio(self) -> StudioApp:
        return self.app  # type: ignore[return-value]

    def buttons(self, buttons_id: str, confirm_id: str) -> ComposeResult:
        with Horizontal(id=buttons_id, classes="form-buttons"):
            yield Button("Cancel (esc)", id="cancel", compact=True)
            yield Button(self.CONFIRM_LABEL, id=confirm_id, variant="primary", compact=True)

    def show_message(self, widget_id: str, text: str) -> None:
        message = self.query_one(f"#{widget_id}", Static)
        message.update(Content(text))
        message.display = bool(text)

    def confirm(self) -> None:
        """Check the form and start the change (Enter in an input, the confirm button)."""

    def action_cancel(self) -> None:
        self.dismiss(None)  # type: ignore[arg-type]

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        else:
            self.confirm()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.confirm()

    async def run_change(
        self,
        preview: Awaitable[SchemaChange],
        apply: Callable[[], Awaitable[SchemaChange]],
        label: str,
        result: object,
    ) -> None:
        """Preview, confirm and apply (from a worker): `Applied(result)` or `Refused` posted."""
        try:
            done = await confirm_and_apply(self.studio, preview, apply, confirm_label=label)
        except StudioError as error:
            self.post_message(self.Refused(error.message, error.field))
            return
        if done:
            self.post_message(self.Applied(result))

    @on(Applied)
    def _applied(self, message: Applied) -> None:
        self.dismiss(message.result)  # type: ignore[arg-type]
