"""Choose and order the browser's columns: the shown ones first, in their order, then the rest.
Space toggles a column, shift+up/down moves it. Returns the chosen keys in order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from studio.ui.columns import Column


class ColumnPickerScreen(ModalScreen[list[str] | None]):
    DEFAULT_CSS = """
    ColumnPickerScreen { align: center middle; }
    ColumnPickerScreen > Vertical {
        width: 56; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    ColumnPickerScreen SelectionList { height: auto; max-height: 14; }
    ColumnPickerScreen .picker-help { color: $text-muted; }
    ColumnPickerScreen #picker-error { color: $error; height: auto; }
    ColumnPickerScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ColumnPickerScreen Button { margin-left: 1; min-width: 0; width: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="columns.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="columns.apply"),
        Binding("shift+up", "move(-1)", "Move up", id="columns.up"),
        Binding("shift+down", "move(1)", "Move down", id="columns.down"),
        Binding("ctrl+r", "defaults", "Defaults", id="columns.defaults"),
    ]

    def __init__(
        self,
        title: str,
        available: Sequence[Column],
        shown: Sequence[str],
        defaults: Sequence[str],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.available = {c.key: c for c in available}
        self.shown = [key for key in shown if key in self.available]
        self.defaults = [key for key in defaults if key in self.available]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Static(
                "space shows/hides · shift+↑/↓ moves",
                classes="picker-help",
                markup=False,
            )
            yield SelectionList[str](id="picker-list", compact=True)
            yield Static("", id="picker-error", markup=False)
            with Horizontal():
                yield Button("Defaults (ctrl+r)", id="picker-defaults", compact=True)
                yield Button("Cancel (esc)", id="picker-cancel", compact=True)
                yield Button("Apply (ctrl+s)", id="picker-apply", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._fill(self.shown, set(self.shown), 0)
        self.query_one(SelectionList).focus()

    def _fill(self, order: Sequence[str], chosen: set[str], highlighted: int) -> None:
        keys = list(order) + [key for key in self.available if key not in order]
        picker = self.query_one(SelectionList)
        picker.clear_options()
        picker.add_options([Selection(self._prompt(key), key, key in chosen) for key in keys])
        picker.highlighted = max(0, min(highlighted, len(keys) - 1))

    def _prompt(self, key: str) -> Text:
        column = self.available[key]
        kinds = {"m2o": "  (related item)", "count": "  (number of items)"}
        return Text(column.label + kinds.get(column.kind, ""))

    def _state(self) -> tuple[list[str], set[str]]:
        picker = self.query_one(SelectionList)
        keys = [picker.get_option_at_index(i).value for i in range(picker.option_count)]
        return keys, set(picker.selected)

    @property
    def chosen(self) -> list[str]:
        keys, chosen = self._state()
        return [key for key in keys if key in chosen]

    def action_move(self, step: int) -> None:
        picker = self.query_one(SelectionList)
        index = picker.highlighted
        if index is None:
            return
        keys, chosen = self._state()
        target = index + step
        if not 0 <= target < len(keys):
            return
        keys[index], keys[target] = keys[target], keys[index]
        self._fill(keys, chosen, target)

    def action_defaults(self) -> None:
        self._fill(self.defaults, set(self.defaults), 0)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_apply(self) -> None:
        chosen = self.chosen
        if not chosen:
            self.query_one("#picker-error", Static).update("Show at least one column.")
            return
        self.dismiss(chosen)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        actions = {
            "picker-defaults": self.action_defaults,
            "picker-cancel": self.action_cancel,
            "picker-apply": self.action_apply,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()
