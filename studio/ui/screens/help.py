"""Help for the focused widget: its keys and those of every container around it, by binding id
(the ids the `[keymap]` table of the settings file remaps)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static


def help_text(focused: Widget | None, screen_bindings: dict) -> Text:
    text = Text()
    if focused is not None:
        text.append(f"Focused: {type(focused).__name__}\n", style="bold")
        doc = (type(focused).__doc__ or "").strip().splitlines()
        if doc:
            text.append(doc[0] + "\n")
        text.append("\n")
    rows: list[tuple[str, str, str]] = []
    for key, active in screen_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        rows.append((key, binding.description, binding.id or ""))
    width = max((len(k) for k, _, _ in rows), default=4) + 2
    for key, description, binding_id in sorted(rows, key=lambda r: r[1].lower()):
        text.append(key.ljust(width), style="bold")
        text.append(description)
        if binding_id:
            text.append(f"  [{binding_id}]", style="dim")
        text.append("\n")
    text.append('\nRemap a key in the settings file: [keymap] "binding.id" = "keys".', "dim")
    return text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 70; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, focused: Widget | None, bindings: dict) -> None:
        super().__init__()
        self.focused_widget = focused
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            yield Static(
                help_text(self.focused_widget, self.bindings),
                markup=False,
            )
