"""A collection's search box: it says what to search once typing pauses, or at once on Enter
or Escape, so a screen runs one query per pause rather than one per key. Enter and Escape also
say the user is done typing (the screen sends the cursor back to its items)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to the items", id="search.leave", show=False),
    ]

    class Searched(Message):
        """The text to search for settled (`changed`), or the user left the box (`leave`)."""

        def __init__(self, box: SearchBox, text: str, changed: bool, leave: bool) -> None:
            super().__init__()
            self.box = box
            self.text = text
            self.changed = changed
            self.leave = leave

        @property
        def control(self) -> SearchBox:
            return self.box

    def __init__(self, value: str = "", *, delay: float, id: str | None = None) -> None:
        super().__init__(value, placeholder="/ to search", id=id, compact=True)
        self.delay = delay
        self.settled = value.strip()
        self._timer: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._stop()
        self._timer = self.set_timer(self.delay, self.settle)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.settle(leave=True)

    def action_leave(self) -> None:
        self.settle(leave=True)

    def settle(self, *, leave: bool = False) -> None:
        self._stop()
        text = self.value.strip()
        changed = text != self.settled
        self.settled = text
        if changed or leave:
            self.post_message(self.Searched(self, text, changed, leave))

    def clear(self) -> None:
        """Empty, with nothing to report (the screen resets its own search)."""
        self._stop()
        with self.prevent(Input.Changed):
            self.value = ""
        self.settled = ""

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
