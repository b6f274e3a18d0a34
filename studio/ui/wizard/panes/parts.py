"""What the advanced panes share: a labelled line per input with its message under it, reading
the inputs back, and locking an input (with the reason) when an existing field is edited."""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static

from studio.ui.wizard.pane import DraftPane

PANE_CSS = """
.pane-row { height: auto; }
.pane-line { height: auto; }
.pane-label { width: 20; padding-right: 1; color: $text-muted; }
.pane-line > Input, .pane-line > Select { width: 1fr; }
.pane-line > Checkbox { width: 1fr; }
.pane-line > RuleEditor, .pane-line > OptionList { width: 1fr; }
.pane-error { color: $error; height: auto; padding-left: 20; display: none; }
.pane-note { color: $text-muted; height: auto; padding-left: 20; }
.pane-note.-empty { display: none; }
.pane-lead { color: $text-muted; height: auto; margin-bottom: 1; }
"""


def line(label: str, widget: Widget, name: str, note: str = "") -> Vertical:
    """One input: its label and widget on a line, a note and the message (if any) below."""
    widget.id = widget.id or f"in-{name}"
    classes = "pane-note" if note else "pane-note -empty"
    return Vertical(
        Horizontal(Static(label, classes="pane-label", markup=False), widget, classes="pane-line"),
        Static(note, id=f"note-{name}", classes=classes, markup=False),
        Static("", id=f"error-{name}", classes="pane-error", markup=False),
        id=f"row-{name}",
        classes="pane-row",
    )


def labelled(label: str, widget: Widget) -> Horizontal:
    """A widget taller than a line (a rule editor, a list) under the same label column."""
    return Horizontal(Static(label, classes="pane-label", markup=False), widget,
                      classes="pane-line")  # fmt: skip


def text_input(value: Any, placeholder: str = "") -> Input:
    return Input("" if value is None else str(value), placeholder=placeholder, compact=True)


def choice(
    options: list[tuple[str, str]], value: str | None, *, blank: bool = False
) -> Select[str]:
    chosen = value if value in {v for _, v in options} else Select.NULL
    if chosen is Select.NULL and not blank and options:
        chosen = options[0][1]
    return Select(options, value=chosen, allow_blank=blank, compact=True)


def flag(label: str, value: bool) -> Checkbox:
    return Checkbox(label, bool(value), compact=True)


class FormPane(DraftPane):
    """A pane of labelled inputs made with `line`; messages go under the input they concern,
    or at the pane's foot for an input it does not show."""

    DEFAULT_CSS = PANE_CSS

    def read(self, name: str) -> Any:
        widget = self.query_one(f"#in-{name}")
        if isinstance(widget, Input):
            return widget.value.strip()
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        raise TypeError(name)

    def has_input(self, name: str) -> bool:
        return bool(self.query(f"#in-{name}"))

    def show_error(self, input_name: str, message: str) -> None:
        found = self.query(f"#error-{input_name}")
        target = found.first(Static) if found else self.query_one("#error-pane", Static)
        target.update(message)
        target.display = bool(message)

    def clear_errors(self) -> None:
        for message in self.query(".pane-error").results(Static):
            message.update("")
            message.display = False

    def note(self, name: str, text: str) -> None:
        note = self.query_one(f"#note-{name}", Static)
        note.update(text)
        note.set_class(not text, "-empty")

    def lock_input(self, name: str, reason: str) -> None:
        """An input that can no longer change: shown, disabled, with the reason under it."""
        self.query_one(f"#in-{name}").disabled = True
        self.note(name, reason)

    def show_row(self, name: str, shown: bool) -> None:
        self.query_one(f"#row-{name}").display = shown

    def report(self, problems: dict[str, str]) -> dict[str, str]:
        self.clear_errors()
        for name, message in problems.items():
            self.show_error(name, message)
        return problems


def pane_foot() -> Static:
    return Static("", id="error-pane", classes="pane-error", markup=False)
