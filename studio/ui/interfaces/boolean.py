"""`boolean`: a switch; a nullable boolean can also be cleared back to "no value"."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Static, Switch

from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.values import visible


class BooleanInterface(Interface):
    interface_ids = ("boolean", "toggle")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "clear", "Clear value", show=False, id="boolean.clear"),
    ]

    DEFAULT_CSS = """
    BooleanInterface Horizontal { height: auto; }
    /* Switch:focus draws a tall border: the form would jump two lines on every focus. */
    BooleanInterface Switch, BooleanInterface Switch:focus { border: none; padding: 0 1; }
    BooleanInterface Switch:focus { background: $panel-lighten-1; }
    BooleanInterface .boolean-state { padding: 0 1; width: auto; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Switch(bool(self.value), animate=False)
            yield Static(self._caption(self.value), classes="boolean-state", markup=False)

    def _caption(self, value: Any) -> str:
        label = visible(str(self.options.get("label") or ""))
        if value is None:
            state = "no value" + (" (space sets it)" if not self.readonly else "")
        else:
            state = "Yes" if value else "No"
        return f"{label}: {state}" if label else state

    def show_value(self, value: Any) -> None:
        switch = self.query_one(Switch)
        with switch.prevent(Switch.Changed):
            switch.value = bool(value)
        self.query_one(".boolean-state", Static).update(self._caption(value))

    @on(Switch.Changed)
    def _toggled(self, event: Switch.Changed) -> None:
        event.stop()
        self.query_one(".boolean-state", Static).update(self._caption(event.value))
        self.report(event.value)

    def action_clear(self) -> None:
        if not self.nullable or self.readonly or self.value is None:
            return
        self.show_value(None)
        self.report(None)
