"""The filter builder: rules of field (also through an M2O, `country.name`), operator (the ones
valid for the field's type) and value, all of which must hold. A typed value is checked against
the field's type before it becomes a rule, so a mistake is shown here, not as a failed read."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Select, Static

from studio.engine.errors import InvalidValue
from studio.engine.schema import SchemaOverview
from studio.ui.filter_rules import (
    OPERATORS,
    FilterField,
    FilterRule,
    check_value,
    filterable_fields,
    operators_for,
)

_HINTS = {
    "one": "Value",
    "text": "Text to look for",
    "list": "Values, separated by commas",
    "pair": "Low, high",
    "none": "(no value needed)",
}


class FilterBuilderScreen(ModalScreen[list[FilterRule] | None]):
    DEFAULT_CSS = """
    FilterBuilderScreen { align: center middle; }
    FilterBuilderScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    FilterBuilderScreen #filter-rules { height: auto; max-height: 6; margin-bottom: 1; }
    FilterBuilderScreen .filter-line { height: auto; }
    FilterBuilderScreen Select { width: 1fr; }
    FilterBuilderScreen #filter-value { width: 1fr; }
    FilterBuilderScreen #filter-error { color: $error; height: auto; }
    FilterBuilderScreen .filter-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    FilterBuilderScreen Button { margin-left: 1; min-width: 0; width: auto; }
    FilterBuilderScreen .filter-label { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter.apply"),
        Binding("delete", "remove", "Remove rule", id="filter.remove"),
    ]

    def __init__(self, overview: SchemaOverview, collection: str, rules: list[FilterRule]) -> None:
        super().__init__()
        self.overview = overview
        self.collection = collection
        self.rules = list(rules)
        self.fields: dict[str, FilterField] = {
            f.path: f for f in filterable_fields(overview, collection)
        }

    def compose(self) -> ComposeResult:
        name = self.overview.collection(self.collection).name
        with Vertical() as box:
            box.border_title = f"Filter {name}"
            yield Static("Items must match every rule:", classes="filter-label", markup=False)
            yield OptionList(id="filter-rules", markup=False, compact=True)
            yield Static("Add a rule:", classes="filter-label", markup=False)
            with Horizontal(classes="filter-line"):
                yield Select(
                    [(Text(f.label), f.path) for f in self.fields.values()],
                    prompt="Field",
                    id="filter-field",
                    compact=True,
                )
                yield Select([], prompt="Operator", id="filter-operator", compact=True)
            yield Input(placeholder="Value", id="filter-value", compact=True)
            yield Static("", id="filter-error", markup=False)
            with Horizontal(classes="filter-buttons"):
                yield Button("Add (enter)", id="filter-add", compact=True)
                yield Button("Remove (del)", id="filter-remove", compact=True)
                yield Button("Clear", id="filter-clear", compact=True)
                yield Button("Cancel (esc)", id="filter-cancel", compact=True)
                yield Button("Apply (ctrl+s)", id="filter-apply", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._show_rules()
        self.query_one("#filter-field", Select).focus()

    def _show_rules(self) -> None:
        rules = self.query_one("#filter-rules", OptionList)
        rules.clear_options()
        if self.rules:
            rules.add_options([Text(rule.describe()) for rule in self.rules])
            rules.highlighted = len(self.rules) - 1
        else:
            rules.add_option(Text("(no rules: every item is shown)"))

    @on(Select.Changed, "#filter-field")
    def _field_chosen(self, event: Select.Changed) -> None:
        chosen = self.fields.get(event.value) if isinstance(event.value, str) else None
        operator = self.query_one("#filter-operator", Select)
        if chosen is None:
            operator.set_options([])
            return
        options = operators_for(chosen.field)
        operator.set_options([(Text(op.label), op.key) for op in options])
        operator.value = options[0].key
        self._error("")

    @on(Select.Changed, "#filter-operator")
    def _operator_chosen(self, event: Select.Changed) -> None:
        value = self.query_one("#filter-value", Input)
        op = OPERATORS.get(event.value) if isinstance(event.value, str) else None
        takes = op.takes if op else "one"
        value.placeholder = _HINTS[takes]
        value.disabled = takes == "none"

    def _error(self, message: str) -> None:
        self.query_one("#filter-error", Static).update(message)

    def add_rule(self) -> bool:
        """Turn the field, operator and value into a rule; False (and a message) if unfit."""
        path = self.query_one("#filter-field", Select).value
        operator = self.query_one("#filter-operator", Select).value
        value = self.query_one("#filter-value", Input)
        if not isinstance(path, str) or path not in self.fields:
            self._error("Pick a field first.")
            return False
        if not isinstance(operator, str) or operator not in OPERATORS:
            self._error("Pick an operator.")
            return False
        chosen = self.fields[path]
        try:
            checked = check_value(
                chosen.field, operator, value.value.strip(), self.overview.dialect
            )
        except InvalidValue as error:
            self._error(error.message)
            value.focus()
            return False
        takes = OPERATORS[operator].takes
        self.rules.append(
            FilterRule(path, operator, None if takes == "none" else checked, chosen.label)
        )
        value.value = ""
        self.query_one("#filter-field", Select).clear()
        self._error("")
        self._show_rules()
        return True

    @on(Input.Submitted, "#filter-value")
    def _submitted(self) -> None:
        if self.add_rule():
            self.query_one("#filter-field", Select).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        actions = {
            "filter-add": self.add_rule,
            "filter-remove": self.action_remove,
            "filter-clear": self._clear,
            "filter-cancel": self.action_cancel,
            "filter-apply": self.action_apply,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def _clear(self) -> None:
        self.rules = []
        self._show_rules()

    def action_remove(self) -> None:
        index = self.query_one("#filter-rules", OptionList).highlighted
        if self.rules and index is not None and 0 <= index < len(self.rules):
            del self.rules[index]
            self._show_rules()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_apply(self) -> None:
        """Apply the rules; a half-filled new rule is added first (or its problem shown)."""
        typed = self.query_one("#filter-value", Input).value.strip()
        operator = self.query_one("#filter-operator", Select).value
        waiting = typed or (
            isinstance(operator, str)
            and operator in OPERATORS
            and OPERATORS[operator].takes == "none"
            and self.query_one("#filter-field", Select).value in self.fields
        )
        if waiting and not self.add_rule():
            return
        self.dismiss(self.rules)
