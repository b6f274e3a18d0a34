"""`datetime`: dates, times, date-times and timestamps typed as text with the format beside
the box, checked as typed; an empty box is null. "now" and "today" fill in the current moment."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from studio.engine import types as ft
from studio.ui.interfaces.input import InputInterface
from studio.ui.interfaces.values import display_text, type_hint


def parse_moment(field_type: str, text: str) -> str:
    """The text with "now"/"today" replaced by the current moment (UTC), else unchanged."""
    word = text.strip().lower()
    if word not in ("now", "today"):
        return text
    moment = datetime.now(UTC).replace(microsecond=0)
    if field_type == ft.TIME:
        return moment.time().isoformat() if word == "now" else text
    if field_type == ft.DATE or word == "today":
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")[:19]


class DatetimeInterface(InputInterface):
    """The input interface with the format beside the box and "now"/"today" understood."""

    interface_ids = ("datetime",)

    DEFAULT_CSS = """
    DatetimeInterface Horizontal { height: auto; }
    DatetimeInterface Input { width: 1fr; max-width: 32; }
    DatetimeInterface .datetime-hint { color: $text-muted; padding: 0 1; width: auto; }
    """

    def compose(self) -> ComposeResult:
        self._shown = display_text(self.field, self.value)
        hint = type_hint(self.field) or "YYYY-MM-DD HH:MM[:SS]"
        with Horizontal():
            yield Input(self._shown, placeholder=hint, compact=True, select_on_focus=False)
            yield Static(hint, classes="datetime-hint", markup=False)

    def report_text(self, text: str) -> None:
        super().report_text(parse_moment(self.field.type, text))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter on "now"/"today" writes the moment into the box, so it can be adjusted."""
        event.stop()
        filled = parse_moment(self.field.type, event.value)
        if filled != event.value:
            event.input.value = filled
